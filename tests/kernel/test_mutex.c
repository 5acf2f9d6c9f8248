/*
 * Conformance: recursive mutexes with transitive priority inheritance (tos_mutex.h).
 *
 * The case's task runs at KTEST_MAIN_PRIO (10). Helper tasks are "holders" (take some mutexes,
 * then release them one step per post of their `go` semaphore) and "waiters" (optionally take
 * a mutex first, then wait for another). Holders and waiters less urgent than the case's task
 * only run while it sleeps, so the case steps them with tos_task_delay and then inspects
 * task->prio (the effective priority) and task->prio_base.
 */
#include "ktest.h"

#define MT_N        5u
#define MT_NMUTEX   3u
#define MT_SEQ_MAX  8u
#define MT_NONE     (-1)

static k_mutex_t mx[MT_NMUTEX];
static k_sem_t mt_go[MT_N];
static k_task_t mt_task[MT_N];
KTEST_STACK(mt_stack0);
KTEST_STACK(mt_stack1);
KTEST_STACK(mt_stack2);
KTEST_STACK(mt_stack3);
KTEST_STACK(mt_stack4);
static k_stack_t *const mt_stacks[MT_N] = { mt_stack0, mt_stack1, mt_stack2, mt_stack3, mt_stack4 };
static const char *const mt_names[MT_N] = { "t0", "t1", "t2", "t3", "t4" };

/* holder script: lock counts per mutex, then one release per `go` post */
static unsigned mt_hold_cnt[MT_N][MT_NMUTEX];
static int mt_rel_seq[MT_N][MT_SEQ_MAX];
static volatile int mt_rel_err[MT_N][MT_SEQ_MAX];
static volatile int mt_rel_prio[MT_N][MT_SEQ_MAX];
static volatile unsigned mt_rel_done[MT_N];
static int mt_then_wait[MT_N];          /* holder: mutex to wait for after taking its own */

/* waiter script */
static int mt_pre[MT_N];                /* mutex taken before waiting, or MT_NONE */
static k_tick_t mt_pre_delay[MT_N];     /* ticks slept between taking `pre` and waiting */
static int mt_wait_on[MT_N];
static k_tick_t mt_wait_to[MT_N];
static volatile int mt_res[MT_N];       /* -1 = not returned yet */
static volatile k_tick_t mt_res_tick[MT_N];
static volatile int mt_res_owned[MT_N]; /* was the owner of the mutex when the wait returned */
static volatile int mt_res_prio[MT_N];  /* effective priority when the wait returned */
static volatile int mt_order[MT_N * 2u];
static volatile unsigned mt_norder;

static void mt_reset(void)
{
    for (unsigned i = 0; i < MT_N; i++) {
        for (unsigned m = 0; m < MT_NMUTEX; m++) {
            mt_hold_cnt[i][m] = 0;
        }
        for (unsigned k = 0; k < MT_SEQ_MAX; k++) {
            mt_rel_seq[i][k] = MT_NONE;
            mt_rel_err[i][k] = -1;
            mt_rel_prio[i][k] = -1;
        }
        mt_rel_done[i] = 0;
        mt_then_wait[i] = MT_NONE;
        mt_pre[i] = MT_NONE;
        mt_pre_delay[i] = 0;
        mt_wait_on[i] = MT_NONE;
        mt_wait_to[i] = TOS_TIME_FOREVER;
        mt_res[i] = -1;
        mt_res_tick[i] = 0;
        mt_res_owned[i] = -1;
        mt_res_prio[i] = -1;
        KT_ASSERT_EQ(tos_sem_create(&mt_go[i], 0), K_ERR_NONE);
    }
    for (unsigned i = 0; i < MT_N * 2u; i++) {
        mt_order[i] = -1;
    }
    mt_norder = 0;
    for (unsigned m = 0; m < MT_NMUTEX; m++) {
        KT_ASSERT_EQ(tos_mutex_create(&mx[m]), K_ERR_NONE);
    }
}

static k_task_t *mt_self(void)
{
    return tos_task_curr_task_get();
}

static void mt_holder_entry(void *arg)
{
    unsigned idx = (unsigned)(uintptr_t)arg;

    for (unsigned m = 0; m < MT_NMUTEX; m++) {
        for (unsigned c = 0; c < mt_hold_cnt[idx][m]; c++) {
            KT_ASSERT_EQ(tos_mutex_pend(&mx[m]), c == 0 ? K_ERR_NONE : K_ERR_MUTEX_NESTING);
        }
    }
    if (mt_then_wait[idx] != MT_NONE) {
        k_err_t err = tos_mutex_pend(&mx[mt_then_wait[idx]]);
        mt_res[idx] = (int)err;
        mt_order[mt_norder++] = (int)idx;
        if (err == K_ERR_NONE) {
            KT_ASSERT_EQ(tos_mutex_post(&mx[mt_then_wait[idx]]), K_ERR_NONE);
        }
    }
    for (unsigned k = 0; k < MT_SEQ_MAX && mt_rel_seq[idx][k] != MT_NONE; k++) {
        KT_ASSERT_EQ(tos_sem_pend(&mt_go[idx], TOS_TIME_FOREVER), K_ERR_NONE);
        mt_rel_err[idx][k] = (int)tos_mutex_post(&mx[mt_rel_seq[idx][k]]);
        mt_rel_prio[idx][k] = mt_self()->prio;
        mt_rel_done[idx] = k + 1u;
    }
    /* a holder with nothing scripted to release keeps its mutexes until destroyed */
    if (mt_rel_seq[idx][0] == MT_NONE) {
        KT_ASSERT_EQ(tos_sem_pend(&mt_go[idx], TOS_TIME_FOREVER), K_ERR_NONE);
    }
}

static void mt_holder_create(unsigned idx, k_prio_t prio)
{
    ktest_task_create(&mt_task[idx], mt_names[idx], mt_holder_entry, (void *)(uintptr_t)idx, prio,
                      mt_stacks[idx]);
}

static void mt_waiter_entry(void *arg)
{
    unsigned idx = (unsigned)(uintptr_t)arg;
    k_mutex_t *m = &mx[mt_wait_on[idx]];
    k_err_t err;

    if (mt_pre[idx] != MT_NONE) {
        KT_ASSERT_EQ(tos_mutex_pend(&mx[mt_pre[idx]]), K_ERR_NONE);
        if (mt_pre_delay[idx] > 0u) {
            KT_ASSERT_EQ(tos_task_delay(mt_pre_delay[idx]), K_ERR_NONE);
        }
    }
    err = tos_mutex_pend_timed(m, mt_wait_to[idx]);
    mt_res_tick[idx] = tos_systick_get();
    mt_res_owned[idx] = m->owner == mt_self() && m->pend_nesting == 1u;
    mt_res_prio[idx] = mt_self()->prio;
    mt_res[idx] = (int)err;
    mt_order[mt_norder++] = (int)idx;
    if (err == K_ERR_NONE) {
        KT_ASSERT_EQ(tos_mutex_post(m), K_ERR_NONE);
    }
    if (mt_pre[idx] != MT_NONE) {
        KT_ASSERT_EQ(tos_mutex_post(&mx[mt_pre[idx]]), K_ERR_NONE);
    }
}

static void mt_waiter_create(unsigned idx, k_prio_t prio, int pre, int wait_on, k_tick_t timeout)
{
    mt_pre[idx] = pre;
    mt_wait_on[idx] = wait_on;
    mt_wait_to[idx] = timeout;
    ktest_task_create(&mt_task[idx], mt_names[idx], mt_waiter_entry, (void *)(uintptr_t)idx, prio,
                      mt_stacks[idx]);
}

/* Let every less urgent task run until it blocks (nobody here spins). */
static void mt_settle(void)
{
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
}

static k_tick_t mt_tick_align(void)
{
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    return tos_systick_get();
}

static void mt_step(unsigned idx)
{
    KT_ASSERT_EQ(tos_sem_post(&mt_go[idx]), K_ERR_NONE);
    mt_settle();
}

#define MT_PRIO(i)      (mt_task[i].prio)
#define MT_BASE(i)      (mt_task[i].prio_base)

/* ---------------------------------------------------------------------------------------- */
/* basics                                                                                    */

KTEST(mutex, lock_unlock)
{
    k_mutex_t m;

    KT_ASSERT_EQ(tos_mutex_create(&m), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(m.owner, K_NULL);
    KT_ASSERT_EQ(m.pend_nesting, 0);
    KT_ASSERT_EQ(tos_mutex_pend(&m), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(m.owner, mt_self());
    KT_ASSERT_EQ(m.pend_nesting, 1);
    KT_ASSERT_EQ(tos_mutex_post(&m), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(m.owner, K_NULL);
    KT_ASSERT_EQ(m.pend_nesting, 0);
    /* a free mutex is taken even with NOWAIT or the scheduler locked */
    KT_ASSERT_EQ(tos_mutex_pend_timed(&m, TOS_TIME_NOWAIT), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_post(&m), K_ERR_NONE);
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_pend_timed(&m, 10), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_post(&m), K_ERR_NONE);
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_destroy(&m), K_ERR_NONE);
}

KTEST(mutex, recursion_returns_nesting)
{
    k_mutex_t m;

    mt_reset();
    KT_ASSERT_EQ(tos_mutex_create(&m), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_pend(&m), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_pend(&m), K_ERR_MUTEX_NESTING);
    KT_ASSERT_EQ(tos_mutex_pend_timed(&m, TOS_TIME_NOWAIT), K_ERR_MUTEX_NESTING);
    KT_ASSERT_EQ(tos_mutex_pend_timed(&m, 5), K_ERR_MUTEX_NESTING);
    KT_ASSERT_EQ(m.pend_nesting, 4);
    for (int i = 0; i < 3; i++) {
        KT_ASSERT_EQ(tos_mutex_post(&m), K_ERR_MUTEX_NESTING);
        KT_ASSERT_PTR_EQ(m.owner, mt_self());
    }
    KT_ASSERT_EQ(m.pend_nesting, 1);
    KT_ASSERT_EQ(tos_mutex_post(&m), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(m.owner, K_NULL);
    KT_ASSERT_EQ(tos_mutex_post(&m), K_ERR_MUTEX_NOT_OWNER);
}

KTEST(mutex, inner_unlocks_do_not_hand_over)
{
    mt_reset();
    KT_ASSERT_EQ(tos_mutex_pend(&mx[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_pend(&mx[0]), K_ERR_MUTEX_NESTING);
    mt_waiter_create(0, KTEST_MAIN_PRIO - 1, MT_NONE, 0, TOS_TIME_FOREVER);
    KT_ASSERT(task_state_is_pending(&mt_task[0]));
    KT_ASSERT_EQ(tos_mutex_post(&mx[0]), K_ERR_MUTEX_NESTING);
    KT_ASSERT_EQ(mt_res[0], -1);
    KT_ASSERT_PTR_EQ(mx[0].owner, mt_self());
    KT_ASSERT_EQ(tos_mutex_post(&mx[0]), K_ERR_NONE);
    KT_ASSERT_EQ(mt_res[0], K_ERR_NONE);
    KT_ASSERT_EQ(mt_res_owned[0], 1);
}

KTEST(mutex, nesting_overflow_after_255_levels)
{
    k_mutex_t m;

    KT_ASSERT_EQ(tos_mutex_create(&m), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_pend(&m), K_ERR_NONE);
    for (int i = 1; i < 255; i++) {
        KT_ASSERT_EQ(tos_mutex_pend(&m), K_ERR_MUTEX_NESTING);
    }
    KT_ASSERT_EQ(m.pend_nesting, 255);
    KT_ASSERT_EQ(tos_mutex_pend(&m), K_ERR_MUTEX_NESTING_OVERFLOW);
    KT_ASSERT_EQ(tos_mutex_pend_timed(&m, TOS_TIME_NOWAIT), K_ERR_MUTEX_NESTING_OVERFLOW);
    KT_ASSERT_EQ(m.pend_nesting, 255);
    for (int i = 1; i < 255; i++) {
        KT_ASSERT_EQ(tos_mutex_post(&m), K_ERR_MUTEX_NESTING);
    }
    KT_ASSERT_EQ(tos_mutex_post(&m), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_post(&m), K_ERR_MUTEX_NOT_OWNER);
}

KTEST(mutex, post_by_non_owner)
{
    mt_reset();
    KT_ASSERT_EQ(tos_mutex_post(&mx[0]), K_ERR_MUTEX_NOT_OWNER);     /* free */
    mt_hold_cnt[0][0] = 2;
    mt_rel_seq[0][0] = 0;
    mt_rel_seq[0][1] = 0;
    mt_holder_create(0, KTEST_MAIN_PRIO - 1);
    KT_ASSERT_PTR_EQ(mx[0].owner, &mt_task[0]);
    KT_ASSERT_EQ(tos_mutex_post(&mx[0]), K_ERR_MUTEX_NOT_OWNER);     /* somebody else's */
    KT_ASSERT_PTR_EQ(mx[0].owner, &mt_task[0]);
    KT_ASSERT_EQ(mx[0].pend_nesting, 2);
    mt_step(0);
    KT_ASSERT_EQ(mt_rel_err[0][0], K_ERR_MUTEX_NESTING);
    mt_step(0);
    KT_ASSERT_EQ(mt_rel_err[0][1], K_ERR_NONE);
    KT_ASSERT_PTR_EQ(mx[0].owner, K_NULL);
    KT_ASSERT_EQ(tos_mutex_post(&mx[0]), K_ERR_MUTEX_NOT_OWNER);
}

KTEST(mutex, null_invalid_and_alloc_type)
{
    k_mutex_t m, junk;
    k_mutex_t *dyn = K_NULL;

    KT_ASSERT_EQ(tos_mutex_create(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mutex_create_dyn(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mutex_destroy(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mutex_destroy_dyn(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mutex_pend(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mutex_pend_timed(K_NULL, TOS_TIME_NOWAIT), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mutex_post(K_NULL), K_ERR_OBJ_PTR_NULL);

    KT_ASSERT_EQ(tos_mutex_create(&m), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_destroy(&m), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_destroy(&m), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_mutex_destroy_dyn(&m), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_mutex_pend(&m), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_mutex_pend_timed(&m, 5), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_mutex_post(&m), K_ERR_OBJ_INVALID);
    memset(&junk, 0, sizeof junk);
    KT_ASSERT_EQ(tos_mutex_pend(&junk), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_mutex_post(&junk), K_ERR_OBJ_INVALID);

    KT_ASSERT_EQ(tos_mutex_create(&m), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_destroy_dyn(&m), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    KT_ASSERT_EQ(tos_mutex_pend(&m), K_ERR_NONE);                   /* still alive */
    KT_ASSERT_EQ(tos_mutex_post(&m), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_create_dyn(&dyn), K_ERR_NONE);
    KT_ASSERT(dyn != K_NULL);
    KT_ASSERT_EQ(tos_mutex_destroy(dyn), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    KT_ASSERT_EQ(tos_mutex_pend(dyn), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_post(dyn), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_destroy_dyn(dyn), K_ERR_NONE);
}

#define MT_HOG_MAX 512u
static void *mt_hog[MT_HOG_MAX];
static unsigned mt_nhog;

KTEST(mutex, dyn_create_destroy_and_out_of_memory)
{
    k_mmheap_info_t before, after;
    k_mutex_t *dyn = K_NULL;
    k_mutex_t sentinel;

    KT_ASSERT_EQ(tos_mmheap_check(&before), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_create_dyn(&dyn), K_ERR_NONE);
    KT_ASSERT(dyn != K_NULL);
    KT_ASSERT_PTR_EQ(dyn->owner, K_NULL);
    KT_ASSERT_EQ(tos_mutex_pend(dyn), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(dyn->owner, mt_self());
    /* destroying an owned mutex takes it away from its owner */
    KT_ASSERT_EQ(tos_mutex_destroy_dyn(dyn), K_ERR_NONE);
    KT_ASSERT(tos_list_empty(&mt_self()->mutex_own_list));
    KT_ASSERT_EQ(tos_mmheap_check(&after), K_ERR_NONE);
    KT_ASSERT_EQ(after.used, before.used);

    mt_nhog = 0;
    for (size_t sz = TOS_CFG_MMHEAP_POOL_SIZE_MAX; sz > 0u; sz /= 2u) {
        void *p;
        while ((p = tos_mmheap_alloc(sz)) != K_NULL) {
            KT_ASSERT_LT(mt_nhog, MT_HOG_MAX);
            mt_hog[mt_nhog++] = p;
        }
    }
    KT_ASSERT_PTR_EQ(tos_mmheap_alloc(1u), K_NULL);
    dyn = &sentinel;
    KT_ASSERT_EQ(tos_mutex_create_dyn(&dyn), K_ERR_MUTEX_OUT_OF_MEMORY);
    KT_ASSERT_PTR_EQ(dyn, &sentinel);
    while (mt_nhog > 0u) {
        tos_mmheap_free(mt_hog[--mt_nhog]);
    }
    KT_ASSERT_EQ(tos_mutex_create_dyn(&dyn), K_ERR_NONE);
    KT_ASSERT(dyn != &sentinel);
    KT_ASSERT_EQ(tos_mutex_destroy_dyn(dyn), K_ERR_NONE);
}

/* ---------------------------------------------------------------------------------------- */
/* pend error codes                                                                          */

/* A less urgent holder owns mx[0] (and is parked on its `go`). */
static void mt_low_holder_owns_mx0(void)
{
    mt_hold_cnt[0][0] = 1;
    mt_rel_seq[0][0] = 0;
    mt_holder_create(0, KTEST_MAIN_PRIO + 5);
    mt_settle();
    KT_ASSERT_PTR_EQ(mx[0].owner, &mt_task[0]);
}

KTEST(mutex, pend_nowait)
{
    k_tick_t t0;

    mt_reset();
    mt_low_holder_owns_mx0();
    t0 = tos_systick_get();
    KT_ASSERT_EQ(tos_mutex_pend_timed(&mx[0], TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(tos_systick_get(), t0);
    KT_ASSERT_EQ(MT_PRIO(0), KTEST_MAIN_PRIO + 5);                    /* no boost left */
    KT_ASSERT_PTR_EQ(mx[0].owner, &mt_task[0]);
    KT_ASSERT_PTR_EQ(mt_self()->pending_mutex, K_NULL);
}

KTEST(mutex, pend_timeout_after_exactly_n_ticks)
{
    k_tick_t t0;

    mt_reset();
    mt_low_holder_owns_mx0();
    t0 = mt_tick_align();
    KT_ASSERT_EQ(tos_mutex_pend_timed(&mx[0], 25), K_ERR_PEND_TIMEOUT);
    KT_ASSERT_EQ(tos_systick_get() - t0, 25);
    KT_ASSERT_PTR_EQ(mx[0].owner, &mt_task[0]);
    KT_ASSERT_EQ(mx[0].pend_nesting, 1);
    KT_ASSERT(pend_is_nopending(&mx[0].pend_obj));
    KT_ASSERT_EQ(MT_PRIO(0), KTEST_MAIN_PRIO + 5);
    /* and when released, nobody is handed the mutex */
    mt_step(0);
    KT_ASSERT_EQ(mt_rel_err[0][0], K_ERR_NONE);
    KT_ASSERT_PTR_EQ(mx[0].owner, K_NULL);
}

KTEST(mutex, pend_sched_locked)
{
    k_tick_t t0;

    mt_reset();
    mt_low_holder_owns_mx0();
    t0 = tos_systick_get();
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_pend_timed(&mx[0], 10), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_mutex_pend(&mx[0]), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_mutex_pend_timed(&mx[0], TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(MT_PRIO(0), KTEST_MAIN_PRIO + 5);
    /* a free one is still taken */
    KT_ASSERT_EQ(tos_mutex_pend(&mx[1]), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_post(&mx[1]), K_ERR_NONE);
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
    KT_ASSERT_EQ(tos_systick_get(), t0);
    KT_ASSERT_PTR_EQ(mt_self()->pending_mutex, K_NULL);
}

static volatile k_err_t mt_isr_err[8];
static k_mutex_t mt_isr_mutex;
static k_mutex_t *mt_isr_dyn;

static void mt_isr_calls(void)
{
    tos_knl_irq_enter();
    mt_isr_err[0] = tos_mutex_create(&mt_isr_mutex);
    mt_isr_err[1] = tos_mutex_pend(&mx[1]);                  /* free: would be taken */
    mt_isr_err[2] = tos_mutex_pend_timed(&mx[0], TOS_TIME_NOWAIT);
    mt_isr_err[3] = tos_mutex_post(&mx[0]);                  /* the interrupted task owns it */
    mt_isr_err[4] = tos_mutex_destroy(&mx[0]);
    mt_isr_err[5] = tos_mutex_create_dyn(&mt_isr_dyn);
    mt_isr_err[6] = tos_mutex_destroy_dyn(mt_isr_dyn);
    tos_knl_irq_leave();
}

KTEST(mutex, calls_in_isr_are_refused)
{
    k_mutex_t *dyn = K_NULL;

    mt_reset();
    for (unsigned i = 0; i < TOS_COUNT_OF(mt_isr_err); i++) {
        mt_isr_err[i] = (k_err_t)-1;
    }
    memset(&mt_isr_mutex, 0, sizeof mt_isr_mutex);
    KT_ASSERT_EQ(tos_mutex_create_dyn(&dyn), K_ERR_NONE);
    mt_isr_dyn = dyn;
    KT_ASSERT_EQ(tos_mutex_pend(&mx[0]), K_ERR_NONE);
    ktest_irq_connect(0, mt_isr_calls, 0x40);
    ktest_irq_raise(0);
    for (unsigned i = 0; i < 7; i++) {
        KT_ASSERT_EQ(mt_isr_err[i], K_ERR_IN_IRQ);
    }
    KT_ASSERT_PTR_EQ(mt_isr_dyn, dyn);
    KT_ASSERT(!knl_object_verify(&mt_isr_mutex.knl_obj, KNL_OBJ_TYPE_MUTEX));
    KT_ASSERT_PTR_EQ(mx[1].owner, K_NULL);
    KT_ASSERT_PTR_EQ(mx[0].owner, mt_self());
    KT_ASSERT_EQ(mx[0].pend_nesting, 1);
    KT_ASSERT_EQ(tos_mutex_post(&mx[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_destroy(&mx[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_destroy_dyn(dyn), K_ERR_NONE);
}

KTEST(mutex, destroy_wakes_waiters_and_unboosts_owner)
{
    mt_reset();
    KT_ASSERT_EQ(tos_mutex_pend(&mx[0]), K_ERR_NONE);
    mt_waiter_create(0, KTEST_MAIN_PRIO - 2, MT_NONE, 0, TOS_TIME_FOREVER);
    mt_waiter_create(1, KTEST_MAIN_PRIO + 2, MT_NONE, 0, 100);
    mt_settle();
    KT_ASSERT(task_state_is_pending(&mt_task[0]));
    KT_ASSERT(task_state_is_pending(&mt_task[1]));
    KT_ASSERT_EQ(mt_self()->prio, KTEST_MAIN_PRIO - 2);            /* inherited */
    KT_ASSERT_EQ(tos_mutex_destroy(&mx[0]), K_ERR_NONE);
    KT_ASSERT_EQ(mt_self()->prio, KTEST_MAIN_PRIO);
    KT_ASSERT(tos_list_empty(&mt_self()->mutex_own_list));
    KT_ASSERT_EQ(mt_res[0], K_ERR_PEND_DESTROY);                    /* ran already */
    KT_ASSERT_EQ(mt_res_owned[0], 0);
    KT_ASSERT_EQ(mt_res[1], -1);
    mt_settle();
    KT_ASSERT_EQ(mt_res[1], K_ERR_PEND_DESTROY);
    KT_ASSERT_EQ(tos_mutex_post(&mx[0]), K_ERR_OBJ_INVALID);
    /* recreated: a fresh, free mutex */
    KT_ASSERT_EQ(tos_mutex_create(&mx[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_pend_timed(&mx[0], TOS_TIME_NOWAIT), K_ERR_NONE);
}

KTEST(mutex, destroy_by_non_owner_unboosts_owner)
{
    mt_reset();
    mt_hold_cnt[0][0] = 3;
    mt_holder_create(0, KTEST_MAIN_PRIO + 10);          /* keeps it until destroyed */
    mt_settle();
    mt_waiter_create(1, KTEST_MAIN_PRIO + 2, MT_NONE, 0, TOS_TIME_FOREVER);
    mt_settle();
    KT_ASSERT_PTR_EQ(mx[0].owner, &mt_task[0]);
    KT_ASSERT_EQ(MT_PRIO(0), KTEST_MAIN_PRIO + 2);
    KT_ASSERT_EQ(tos_mutex_destroy(&mx[0]), K_ERR_NONE);
    KT_ASSERT_EQ(MT_PRIO(0), KTEST_MAIN_PRIO + 10);
    KT_ASSERT(tos_list_empty(&mt_task[0].mutex_own_list));
    mt_settle();
    KT_ASSERT_EQ(mt_res[1], K_ERR_PEND_DESTROY);
}

KTEST(mutex, owner_destroyed_waiters_get_owner_die)
{
    mt_reset();
    /* the owner holds mx[0] twice and mx[1] once, and waits for mx[2] held by us */
    KT_ASSERT_EQ(tos_mutex_pend(&mx[2]), K_ERR_NONE);
    mt_hold_cnt[0][0] = 2;
    mt_hold_cnt[0][1] = 1;
    mt_then_wait[0] = 2;
    mt_holder_create(0, KTEST_MAIN_PRIO + 10);
    mt_settle();
    KT_ASSERT_PTR_EQ(mx[0].owner, &mt_task[0]);
    KT_ASSERT_PTR_EQ(mx[1].owner, &mt_task[0]);
    KT_ASSERT(task_state_is_pending(&mt_task[0]));
    KT_ASSERT_EQ(mt_self()->prio, KTEST_MAIN_PRIO);
    mt_waiter_create(1, KTEST_MAIN_PRIO - 2, MT_NONE, 0, TOS_TIME_FOREVER);
    /* transitively, we (owner of mx[2]) now run at the waiter's priority */
    KT_ASSERT_EQ(mt_self()->prio, KTEST_MAIN_PRIO - 2);
    mt_waiter_create(2, KTEST_MAIN_PRIO - 1, MT_NONE, 0, 500);
    mt_waiter_create(3, KTEST_MAIN_PRIO + 1, MT_NONE, 1, TOS_TIME_FOREVER);
    mt_settle();
    KT_ASSERT(task_state_is_pending(&mt_task[2]));
    KT_ASSERT(task_state_is_pending(&mt_task[3]));
    KT_ASSERT_EQ(MT_PRIO(0), KTEST_MAIN_PRIO - 2);
    KT_ASSERT_EQ(mt_self()->prio, KTEST_MAIN_PRIO - 2);

    KT_ASSERT_EQ(tos_task_destroy(&mt_task[0]), K_ERR_NONE);
    /* we lost the inherited priority, the urgent waiters ran before destroy returned, and
       own nothing */
    KT_ASSERT_EQ(mt_self()->prio, KTEST_MAIN_PRIO);
    KT_ASSERT_EQ(mt_res[1], K_ERR_PEND_OWNER_DIE);
    KT_ASSERT_EQ(mt_res[2], K_ERR_PEND_OWNER_DIE);
    KT_ASSERT_EQ(mt_res_owned[1], 0);
    KT_ASSERT_EQ(mt_res_owned[2], 0);
    KT_ASSERT_EQ(mt_order[0], 1);
    KT_ASSERT_EQ(mt_order[1], 2);
    KT_ASSERT_EQ(mt_res[3], -1);
    mt_settle();
    KT_ASSERT_EQ(mt_res[3], K_ERR_PEND_OWNER_DIE);
    KT_ASSERT_EQ(mt_res_owned[3], 0);
    /* both mutexes are free again */
    for (unsigned m = 0; m < 2; m++) {
        KT_ASSERT_PTR_EQ(mx[m].owner, K_NULL);
        KT_ASSERT_EQ(mx[m].pend_nesting, 0);
        KT_ASSERT(pend_is_nopending(&mx[m].pend_obj));
        KT_ASSERT_EQ(tos_mutex_pend_timed(&mx[m], TOS_TIME_NOWAIT), K_ERR_NONE);
        KT_ASSERT_EQ(mx[m].pend_nesting, 1);
    }
    /* the dead task no longer waits for mx[2] */
    KT_ASSERT(pend_is_nopending(&mx[2].pend_obj));
    KT_ASSERT_EQ(mt_self()->prio, KTEST_MAIN_PRIO);
    KT_ASSERT_EQ(tos_mutex_post(&mx[2]), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(mx[2].owner, K_NULL);
}

KTEST(mutex, hand_over_to_most_urgent_waiter)
{
    mt_reset();
    KT_ASSERT_EQ(tos_mutex_pend(&mx[0]), K_ERR_NONE);
    /* less urgent waiters, created 12, 11a, 11b */
    mt_waiter_create(0, KTEST_MAIN_PRIO + 2, MT_NONE, 0, TOS_TIME_FOREVER);
    mt_waiter_create(1, KTEST_MAIN_PRIO + 1, MT_NONE, 0, TOS_TIME_FOREVER);
    mt_waiter_create(2, KTEST_MAIN_PRIO + 1, MT_NONE, 0, 1000);
    mt_settle();
    KT_ASSERT_EQ(tos_mutex_post(&mx[0]), K_ERR_NONE);
    /* handed over before the new owner runs: we cannot take it back */
    KT_ASSERT_PTR_EQ(mx[0].owner, &mt_task[1]);
    KT_ASSERT_EQ(mx[0].pend_nesting, 1);
    KT_ASSERT(task_state_is_ready(&mt_task[1]));
    KT_ASSERT_EQ(mt_res[1], -1);
    KT_ASSERT_EQ(tos_mutex_pend_timed(&mx[0], TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(tos_mutex_post(&mx[0]), K_ERR_MUTEX_NOT_OWNER);
    mt_settle();
    /* each released it to the next: 11a, 11b (FIFO), then 12 */
    KT_ASSERT_EQ(mt_norder, 3u);
    KT_ASSERT_EQ(mt_order[0], 1);
    KT_ASSERT_EQ(mt_order[1], 2);
    KT_ASSERT_EQ(mt_order[2], 0);
    for (unsigned i = 0; i < 3; i++) {
        KT_ASSERT_EQ(mt_res[i], K_ERR_NONE);
        KT_ASSERT_EQ(mt_res_owned[i], 1);
    }
    KT_ASSERT_PTR_EQ(mx[0].owner, K_NULL);
}

KTEST(mutex, hand_over_to_more_urgent_waiter_preempts)
{
    mt_reset();
    KT_ASSERT_EQ(tos_mutex_pend(&mx[0]), K_ERR_NONE);
    mt_waiter_create(0, KTEST_MAIN_PRIO - 3, MT_NONE, 0, TOS_TIME_FOREVER);
    mt_waiter_create(1, KTEST_MAIN_PRIO - 5, MT_NONE, 0, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(mt_self()->prio, KTEST_MAIN_PRIO - 5);
    KT_ASSERT_EQ(tos_mutex_post(&mx[0]), K_ERR_NONE);
    KT_ASSERT_EQ(mt_norder, 2u);
    KT_ASSERT_EQ(mt_order[0], 1);
    KT_ASSERT_EQ(mt_order[1], 0);
    KT_ASSERT_EQ(mt_res_owned[0], 1);
    KT_ASSERT_EQ(mt_res_owned[1], 1);
    /* task 1 owned it with task 0 waiting: it ran at its own priority (no waiter above it) */
    KT_ASSERT_EQ(mt_res_prio[1], KTEST_MAIN_PRIO - 5);
    KT_ASSERT_EQ(mt_self()->prio, KTEST_MAIN_PRIO);
    KT_ASSERT_EQ(tos_mutex_pend_timed(&mx[0], TOS_TIME_NOWAIT), K_ERR_NONE);
}

/* ---------------------------------------------------------------------------------------- */
/* priority inheritance                                                                      */

/* (a) simple: a low owner runs at the waiter's priority until it releases */
KTEST(mutex, pi_simple_boost_and_restore)
{
    const k_prio_t low = 20, high = KTEST_MAIN_PRIO - 5;

    mt_reset();
    mt_hold_cnt[0][0] = 1;
    mt_rel_seq[0][0] = 0;
    mt_holder_create(0, low);
    mt_settle();
    KT_ASSERT_EQ(MT_PRIO(0), low);
    /* a less urgent waiter does not lower anything, an equal one changes nothing */
    mt_waiter_create(2, low + 2, MT_NONE, 0, TOS_TIME_FOREVER);
    mt_settle();
    KT_ASSERT_EQ(MT_PRIO(0), low);
    mt_waiter_create(1, high, MT_NONE, 0, TOS_TIME_FOREVER);      /* blocks at once */
    KT_ASSERT(task_state_is_pending(&mt_task[1]));
    KT_ASSERT_EQ(MT_PRIO(0), high);
    KT_ASSERT_EQ(MT_BASE(0), low);
    /* the boosted owner now outranks us: it runs as soon as it is woken */
    KT_ASSERT_EQ(tos_sem_post(&mt_go[0]), K_ERR_NONE);
    KT_ASSERT_EQ(mt_res[1], K_ERR_NONE);            /* H got it and ran before we did */
    KT_ASSERT_EQ(mt_res_owned[1], 1);
    KT_ASSERT_EQ(mt_res_prio[1], high);
    KT_ASSERT_EQ(MT_PRIO(0), low);                  /* L lost the boost */
    KT_ASSERT_EQ(MT_BASE(0), low);
    KT_ASSERT_EQ(mt_rel_err[0][0], -1);             /* ... and is below us now */
    mt_settle();
    KT_ASSERT_EQ(mt_rel_err[0][0], K_ERR_NONE);
    KT_ASSERT_EQ(mt_rel_prio[0][0], low);
    KT_ASSERT_EQ(mt_res[2], K_ERR_NONE);
}

KTEST(mutex, pi_running_owner_boosted)
{
    mt_reset();
    KT_ASSERT_EQ(tos_mutex_pend(&mx[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_pend(&mx[0]), K_ERR_MUTEX_NESTING);
    mt_waiter_create(0, 3, MT_NONE, 0, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(mt_self()->prio, 3);
    KT_ASSERT_EQ(mt_self()->prio_base, KTEST_MAIN_PRIO);
    KT_ASSERT_EQ(tos_mutex_post(&mx[0]), K_ERR_MUTEX_NESTING);
    KT_ASSERT_EQ(mt_self()->prio, 3);                       /* still owned: still boosted */
    KT_ASSERT_EQ(tos_mutex_post(&mx[0]), K_ERR_NONE);
    KT_ASSERT_EQ(mt_res[0], K_ERR_NONE);
    KT_ASSERT_EQ(mt_self()->prio, KTEST_MAIN_PRIO);
}

/* (b) transitive: L holds M0; Md holds M1 and waits for M0; H waits for M1 with a timeout */
KTEST(mutex, pi_transitive_chain_and_timeout)
{
    const unsigned L = 0, Md = 1, H = 2;
    const k_prio_t pl = 20, pm = 15, ph = 5;
    k_tick_t t0;

    mt_reset();
    mt_hold_cnt[L][0] = 1;
    mt_rel_seq[L][0] = 0;
    mt_holder_create(L, pl);
    mt_settle();
    t0 = tos_systick_get();
    mt_waiter_create(Md, pm, 1, 0, 200);
    mt_settle();                                            /* Md: owns M1, waits M0 (t0..t0+200) */
    KT_ASSERT_PTR_EQ(mx[1].owner, &mt_task[Md]);
    KT_ASSERT_EQ(MT_PRIO(Md), pm);
    KT_ASSERT_EQ(MT_PRIO(L), pm);
    mt_waiter_create(H, ph, MT_NONE, 1, 50);                /* blocks at once, t0+1..t0+51 */
    KT_ASSERT(task_state_is_pending(&mt_task[H]));
    KT_ASSERT_EQ(MT_PRIO(Md), ph);
    KT_ASSERT_EQ(MT_PRIO(L), ph);
    KT_ASSERT_EQ(MT_BASE(Md), pm);
    KT_ASSERT_EQ(MT_BASE(L), pl);

    /* H gives up: both boosts fall back to Md's own priority */
    KT_ASSERT_EQ(tos_task_delay(t0 + 51 - tos_systick_get()), K_ERR_NONE);
    KT_ASSERT_EQ(mt_res[H], K_ERR_PEND_TIMEOUT);
    KT_ASSERT_EQ(mt_res_tick[H], t0 + 51);
    KT_ASSERT_EQ(MT_PRIO(Md), pm);
    KT_ASSERT_EQ(MT_PRIO(L), pm);
    KT_ASSERT_EQ(mt_res[Md], -1);

    /* Md gives up at t0 + 200: L is back to its base */
    KT_ASSERT_EQ(tos_task_delay(t0 + 199 - tos_systick_get()), K_ERR_NONE);
    KT_ASSERT_EQ(MT_PRIO(L), pm);
    KT_ASSERT_EQ(tos_task_delay(2), K_ERR_NONE);
    KT_ASSERT_EQ(mt_res[Md], K_ERR_PEND_TIMEOUT);
    KT_ASSERT_EQ(mt_res_tick[Md], t0 + 200);
    KT_ASSERT_EQ(MT_PRIO(L), pl);
    KT_ASSERT_PTR_EQ(mx[0].owner, &mt_task[L]);
    mt_step(L);
    KT_ASSERT_EQ(mt_rel_err[L][0], K_ERR_NONE);
    KT_ASSERT_PTR_EQ(mx[0].owner, K_NULL);
}

/* (b) the same chain unwound by releases: each owner drops as it lets go */
KTEST(mutex, pi_transitive_chain_release)
{
    const unsigned L = 0, Md = 1, H = 2;
    const k_prio_t pl = 20, pm = 15, ph = 5;

    mt_reset();
    mt_hold_cnt[L][0] = 1;
    mt_rel_seq[L][0] = 0;
    mt_holder_create(L, pl);
    mt_settle();
    mt_waiter_create(Md, pm, 1, 0, TOS_TIME_FOREVER);
    mt_settle();
    mt_waiter_create(H, ph, MT_NONE, 1, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(MT_PRIO(L), ph);
    KT_ASSERT_EQ(MT_PRIO(Md), ph);

    /* L (at ph) preempts us, hands M0 to Md, which still inherits H and runs; Md releases M0,
       then M1 to H, which runs; only then do we get the CPU back */
    KT_ASSERT_EQ(tos_sem_post(&mt_go[L]), K_ERR_NONE);
    KT_ASSERT_EQ(mt_res[Md], K_ERR_NONE);
    KT_ASSERT_EQ(mt_res_owned[Md], 1);
    KT_ASSERT_EQ(mt_res_prio[Md], ph);       /* owns M1 with H waiting */
    KT_ASSERT_EQ(mt_res[H], K_ERR_NONE);
    KT_ASSERT_EQ(mt_res_owned[H], 1);
    KT_ASSERT_EQ(mt_order[0], (int)Md);
    KT_ASSERT_EQ(mt_order[1], (int)H);
    KT_ASSERT_EQ(MT_PRIO(L), pl);
    KT_ASSERT_EQ(MT_PRIO(Md), pm);
    KT_ASSERT_EQ(mt_rel_err[L][0], -1);             /* L is below us again */
    mt_settle();
    KT_ASSERT_EQ(mt_rel_err[L][0], K_ERR_NONE);
    KT_ASSERT_EQ(mt_rel_prio[L][0], pl);
}

/* (b) a chain built top-down: the top waiter arrives while the middle owner is still running;
   when the middle one blocks, the bottom owner inherits the top's priority at once */
KTEST(mutex, pi_transitive_chain_built_top_down)
{
    const unsigned L = 0, Md = 1, H = 2, X = 3, T = 4;

    mt_reset();
    mt_hold_cnt[L][0] = 1;
    mt_rel_seq[L][0] = 0;
    mt_holder_create(L, 25);
    mt_hold_cnt[Md][1] = 1;                         /* an unrelated owner of M1, parked */
    mt_rel_seq[Md][0] = 1;
    mt_holder_create(Md, 20);
    mt_settle();
    mt_waiter_create(H, 6, MT_NONE, 1, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(MT_PRIO(Md), 6);
    KT_ASSERT_EQ(MT_PRIO(L), 25);

    /* X takes M2, sleeps 10 ticks, then waits for M0 */
    mt_pre_delay[X] = 10;
    mt_waiter_create(X, 18, 2, 0, TOS_TIME_FOREVER);
    mt_settle();
    KT_ASSERT_PTR_EQ(mx[2].owner, &mt_task[X]);
    KT_ASSERT(task_state_is_sleeping(&mt_task[X]) && !task_state_is_pending(&mt_task[X]));
    mt_waiter_create(T, 7, MT_NONE, 2, 40);         /* blocks at once, for 40 ticks */
    KT_ASSERT_EQ(MT_PRIO(X), 7);
    KT_ASSERT_EQ(MT_PRIO(L), 25);                   /* X is not waiting for anything yet */
    KT_ASSERT_EQ(tos_task_delay(10), K_ERR_NONE);    /* X (at 7) woke before us and blocked */
    KT_ASSERT(task_state_is_pending(&mt_task[X]));
    KT_ASSERT_EQ(MT_PRIO(L), 7);
    KT_ASSERT_EQ(MT_PRIO(Md), 6);                   /* the other chain is untouched */
    KT_ASSERT_EQ(tos_task_delay(40), K_ERR_NONE);
    KT_ASSERT_EQ(mt_res[T], K_ERR_PEND_TIMEOUT);
    KT_ASSERT_EQ(MT_PRIO(X), 18);
    KT_ASSERT_EQ(MT_PRIO(L), 18);
    KT_ASSERT_EQ(MT_PRIO(Md), 6);
}

/* (c) a task holding 3 mutexes with waiters of 3 priorities, released in every order */
KTEST(mutex, pi_release_in_every_order)
{
    static const int perms[6][3] = {
        { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 },
    };
    static const k_prio_t wprio[MT_NMUTEX] = { 12, 14, 16 };
    const k_prio_t obase = 25;
    const unsigned O = 0;

    for (unsigned p = 0; p < 6; p++) {
        int held[MT_NMUTEX] = { 1, 1, 1 };
        unsigned k = 0;

        mt_reset();
        /* mx[0] is held twice: its inner unlock must not change anything */
        mt_hold_cnt[O][0] = 2;
        mt_hold_cnt[O][1] = 1;
        mt_hold_cnt[O][2] = 1;
        for (unsigned s = 0; s < 3; s++) {
            if (perms[p][s] == 0) {
                mt_rel_seq[O][k++] = 0;
            }
            mt_rel_seq[O][k++] = perms[p][s];
        }
        mt_holder_create(O, obase);
        mt_settle();
        for (unsigned m = 0; m < MT_NMUTEX; m++) {
            mt_waiter_create(1u + m, wprio[m], MT_NONE, (int)m, TOS_TIME_FOREVER);
        }
        mt_settle();
        KT_ASSERT_EQ(MT_PRIO(O), wprio[0]);

        for (unsigned s = 0, step = 0; s < 3; s++) {
            int m = perms[p][s];
            if (m == 0) {
                k_prio_t before = MT_PRIO(O);
                mt_step(O);
                KT_ASSERT_EQ(mt_rel_err[O][step], K_ERR_MUTEX_NESTING);
                KT_ASSERT_EQ(mt_rel_prio[O][step], before);
                KT_ASSERT_EQ(MT_PRIO(O), before);
                KT_ASSERT_PTR_EQ(mx[0].owner, &mt_task[O]);
                KT_ASSERT_EQ(mt_res[1], -1);
                step++;
            }
            mt_step(O);
            held[m] = 0;
            k_prio_t expect = obase;
            for (unsigned q = 0; q < MT_NMUTEX; q++) {
                if (held[q] && wprio[q] < expect) {
                    expect = wprio[q];
                }
            }
            if (MT_PRIO(O) != expect || mt_rel_prio[O][step] != expect) {
                KT_FAIL("order %d%d%d, after releasing M%d: owner at %d (right after the "
                        "release: %d), expected %d", perms[p][0], perms[p][1], perms[p][2], m,
                        MT_PRIO(O), mt_rel_prio[O][step], expect);
            }
            KT_ASSERT_EQ(mt_rel_err[O][step], K_ERR_NONE);
            KT_ASSERT_EQ(mt_res[1 + m], K_ERR_NONE);
            KT_ASSERT_EQ(mt_res_owned[1 + m], 1);
            step++;
        }
        KT_ASSERT_EQ(MT_PRIO(O), obase);
        KT_ASSERT(tos_list_empty(&mt_task[O].mutex_own_list));
        mt_settle();                                    /* O returns */
    }
}

/* (d) a waiter timing out lowers the owner at once (before the waiter even runs again) */
KTEST(mutex, pi_waiter_timeout_lowers_owner_at_once)
{
    const unsigned O = 0;
    k_tick_t t0;

    mt_reset();
    mt_hold_cnt[O][0] = 1;
    mt_rel_seq[O][0] = 0;
    mt_holder_create(O, 25);
    mt_settle();
    t0 = mt_tick_align();
    mt_waiter_create(1, 12, MT_NONE, 0, 30);                /* blocks at t0, times out t0+30 */
    mt_waiter_create(2, 14, MT_NONE, 0, TOS_TIME_FOREVER);
    mt_settle();
    KT_ASSERT_EQ(MT_PRIO(O), 12);
    KT_ASSERT_EQ(tos_task_delay(t0 + 29 - tos_systick_get()), K_ERR_NONE);
    KT_ASSERT_EQ(MT_PRIO(O), 12);
    KT_ASSERT(task_state_is_pending(&mt_task[1]));
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);             /* t0 + 30 */
    KT_ASSERT(!task_state_is_pending(&mt_task[1]));
    KT_ASSERT_EQ(mt_res[1], -1);                            /* woken, not run yet */
    KT_ASSERT_EQ(MT_PRIO(O), 14);
    mt_settle();
    KT_ASSERT_EQ(mt_res[1], K_ERR_PEND_TIMEOUT);
    KT_ASSERT_EQ(mt_res_tick[1], t0 + 30);
    KT_ASSERT_EQ(mt_res_owned[1], 0);
    KT_ASSERT_EQ(MT_PRIO(O), 14);
    /* the remaining waiter gets it */
    mt_step(O);
    KT_ASSERT_EQ(mt_res[2], K_ERR_NONE);
    KT_ASSERT_EQ(MT_PRIO(O), 25);
}

/* (e) tos_task_prio_change on a boosted owner changes its base only */
KTEST(mutex, pi_prio_change_on_boosted_owner)
{
    const unsigned O = 0, W = 1;

    mt_reset();
    mt_hold_cnt[O][0] = 1;
    mt_rel_seq[O][0] = 0;
    mt_holder_create(O, 25);
    mt_settle();
    mt_waiter_create(W, 12, MT_NONE, 0, TOS_TIME_FOREVER);
    mt_settle();
    KT_ASSERT_EQ(MT_PRIO(O), 12);

    KT_ASSERT_EQ(tos_task_prio_change(&mt_task[O], 20), K_ERR_NONE);
    KT_ASSERT_EQ(MT_BASE(O), 20);
    KT_ASSERT_EQ(MT_PRIO(O), 12);
    KT_ASSERT_EQ(tos_task_prio_change(&mt_task[O], 8), K_ERR_NONE);   /* above the waiter */
    KT_ASSERT_EQ(MT_BASE(O), 8);
    KT_ASSERT_EQ(MT_PRIO(O), 8);
    KT_ASSERT_EQ(tos_task_prio_change(&mt_task[O], 18), K_ERR_NONE);
    KT_ASSERT_EQ(MT_BASE(O), 18);
    KT_ASSERT_EQ(MT_PRIO(O), 12);

    /* the waiter's own priority change moves the owner along */
    KT_ASSERT_EQ(tos_task_prio_change(&mt_task[W], 6), K_ERR_NONE);
    KT_ASSERT_EQ(MT_PRIO(W), 6);
    KT_ASSERT_EQ(MT_PRIO(O), 6);
    KT_ASSERT_EQ(tos_task_prio_change(&mt_task[W], 16), K_ERR_NONE);
    KT_ASSERT_EQ(MT_PRIO(O), 16);
    KT_ASSERT_EQ(tos_task_prio_change(&mt_task[W], 22), K_ERR_NONE);
    KT_ASSERT_EQ(MT_PRIO(O), 18);

    mt_step(O);
    KT_ASSERT_EQ(mt_rel_err[O][0], K_ERR_NONE);
    KT_ASSERT_EQ(mt_rel_prio[O][0], 18);
    KT_ASSERT_EQ(MT_PRIO(O), 18);
    KT_ASSERT_EQ(MT_BASE(O), 18);
    KT_ASSERT_EQ(mt_res[W], K_ERR_NONE);
}

/* (f) destroying a waiter that boosted an owner drops the boost */
KTEST(mutex, pi_destroyed_waiter_drops_boost)
{
    const unsigned O = 0;

    mt_reset();
    mt_hold_cnt[O][0] = 1;
    mt_rel_seq[O][0] = 0;
    mt_holder_create(O, 25);
    mt_settle();
    mt_waiter_create(1, 12, MT_NONE, 0, TOS_TIME_FOREVER);
    mt_waiter_create(2, 14, MT_NONE, 0, 1000);
    mt_settle();
    KT_ASSERT_EQ(MT_PRIO(O), 12);
    KT_ASSERT_EQ(tos_task_destroy(&mt_task[1]), K_ERR_NONE);
    KT_ASSERT_EQ(MT_PRIO(O), 14);
    KT_ASSERT_EQ(tos_task_destroy(&mt_task[2]), K_ERR_NONE);
    KT_ASSERT_EQ(MT_PRIO(O), 25);
    KT_ASSERT(pend_is_nopending(&mx[0].pend_obj));
    KT_ASSERT_PTR_EQ(mx[0].owner, &mt_task[O]);
    mt_step(O);
    KT_ASSERT_EQ(mt_rel_err[O][0], K_ERR_NONE);
    KT_ASSERT_PTR_EQ(mx[0].owner, K_NULL);
}

/* (f) destroying the middle of a chain: its waiters get OWNER_DIE, the bottom drops */
KTEST(mutex, pi_destroyed_chain_middle_drops_boost)
{
    const unsigned L = 0, Md = 1, H = 2;

    mt_reset();
    mt_hold_cnt[L][0] = 1;
    mt_rel_seq[L][0] = 0;
    mt_holder_create(L, 20);
    mt_settle();
    mt_waiter_create(Md, 15, 1, 0, TOS_TIME_FOREVER);
    mt_settle();
    mt_waiter_create(H, 5, MT_NONE, 1, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(MT_PRIO(L), 5);
    KT_ASSERT_EQ(tos_task_destroy(&mt_task[Md]), K_ERR_NONE);
    KT_ASSERT_EQ(mt_res[H], K_ERR_PEND_OWNER_DIE);
    KT_ASSERT_EQ(MT_PRIO(L), 20);
    KT_ASSERT(pend_is_nopending(&mx[0].pend_obj));
    KT_ASSERT_PTR_EQ(mx[1].owner, K_NULL);
}

/* (g) classic inversion: a spinning medium task cannot starve the boosted low owner */
static volatile k_tick_t inv_t0, inv_h_got, inv_l_release, inv_m_start;
static volatile int inv_l_prio_at_release, inv_m_done;
static k_sem_t inv_done;

static void inv_low_entry(void *arg)
{
    (void)arg;
    KT_ASSERT_EQ(tos_mutex_pend(&mx[0]), K_ERR_NONE);
    ktest_spin_until(inv_t0 + 30);              /* 30 ticks of work in the critical section */
    inv_l_prio_at_release = mt_self()->prio;
    inv_l_release = tos_systick_get();
    KT_ASSERT_EQ(tos_mutex_post(&mx[0]), K_ERR_NONE);
}

static void inv_medium_entry(void *arg)
{
    (void)arg;
    inv_m_start = tos_systick_get();
    ktest_spin_until(inv_t0 + 1000);
    inv_m_done = 1;
}

static void inv_high_entry(void *arg)
{
    (void)arg;
    KT_ASSERT_EQ(tos_task_delay(5), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_pend(&mx[0]), K_ERR_NONE);
    inv_h_got = tos_systick_get();
    KT_ASSERT_EQ(tos_mutex_post(&mx[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_post(&inv_done), K_ERR_NONE);
}

KTEST(mutex, pi_medium_spinner_cannot_starve_boosted_owner)
{
    mt_reset();
    inv_h_got = inv_l_release = inv_m_start = 0;
    inv_l_prio_at_release = -1;
    inv_m_done = 0;
    KT_ASSERT_EQ(tos_sem_create(&inv_done, 0), K_ERR_NONE);
    inv_t0 = mt_tick_align();
    /* low takes the mutex and starts its 30 ticks of work; we preempt it a tick later */
    ktest_task_create(&mt_task[0], "low", inv_low_entry, K_NULL, 20, mt_stacks[0]);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(mx[0].owner, &mt_task[0]);
    KT_ASSERT_EQ(inv_l_release, 0);
    /* medium will spin for ~1000 ticks; high sleeps 5 ticks, then wants the mutex */
    ktest_task_create(&mt_task[1], "medium", inv_medium_entry, K_NULL, 15, mt_stacks[1]);
    ktest_task_create(&mt_task[2], "high", inv_high_entry, K_NULL, 5, mt_stacks[2]);
    KT_ASSERT_EQ(tos_sem_pend(&inv_done, 5000), K_ERR_NONE);
    /* medium really was running (starving low) when high arrived */
    KT_ASSERT_GT(inv_m_start, 0);
    KT_ASSERT_LE(inv_m_start, inv_t0 + 6);
    KT_ASSERT_EQ(inv_m_done, 0);
    /* low finished its work at high's priority, long before medium was done */
    KT_ASSERT_EQ(inv_l_prio_at_release, 5);
    KT_ASSERT_GE(inv_l_release, inv_t0 + 30);
    KT_ASSERT_LE(inv_l_release, inv_t0 + 31);
    KT_ASSERT_EQ(inv_h_got, inv_l_release);
    KT_ASSERT_EQ(mt_task[0].prio, 20);
}

/* a waiter's priority change re-sorts it: the hand-over follows the new order */
KTEST(mutex, waiter_prio_change_reorders_hand_over)
{
    mt_reset();
    KT_ASSERT_EQ(tos_mutex_pend(&mx[0]), K_ERR_NONE);
    mt_waiter_create(0, 12, MT_NONE, 0, TOS_TIME_FOREVER);
    mt_waiter_create(1, 14, MT_NONE, 0, TOS_TIME_FOREVER);
    mt_waiter_create(2, 13, MT_NONE, 0, TOS_TIME_FOREVER);
    mt_settle();
    KT_ASSERT_EQ(tos_task_prio_change(&mt_task[1], 11), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_prio_change(&mt_task[0], 13), K_ERR_NONE);   /* behind task 2 now */
    KT_ASSERT_EQ(mt_self()->prio, KTEST_MAIN_PRIO);
    KT_ASSERT_EQ(tos_mutex_post(&mx[0]), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(mx[0].owner, &mt_task[1]);
    mt_settle();
    KT_ASSERT_EQ(mt_norder, 3u);
    KT_ASSERT_EQ(mt_order[0], 1);
    KT_ASSERT_EQ(mt_order[1], 2);
    KT_ASSERT_EQ(mt_order[2], 0);
}

/* (e) a priority change in the middle of a chain is pushed down to the bottom owner */
KTEST(mutex, pi_prio_change_in_middle_of_chain)
{
    const unsigned L = 0, Md = 1, H = 2;

    mt_reset();
    mt_hold_cnt[L][0] = 1;
    mt_rel_seq[L][0] = 0;
    mt_holder_create(L, 25);
    mt_settle();
    mt_waiter_create(Md, 20, 1, 0, TOS_TIME_FOREVER);
    mt_settle();
    KT_ASSERT_EQ(MT_PRIO(L), 20);
    KT_ASSERT_EQ(tos_task_prio_change(&mt_task[Md], 16), K_ERR_NONE);
    KT_ASSERT_EQ(MT_PRIO(Md), 16);
    KT_ASSERT_EQ(MT_PRIO(L), 16);
    mt_waiter_create(H, 12, MT_NONE, 1, TOS_TIME_FOREVER);
    mt_settle();
    KT_ASSERT_EQ(MT_PRIO(Md), 12);
    KT_ASSERT_EQ(MT_PRIO(L), 12);
    /* Md's base goes above H, then below: the chain follows the effective priority */
    KT_ASSERT_EQ(tos_task_prio_change(&mt_task[Md], 11), K_ERR_NONE);
    KT_ASSERT_EQ(MT_PRIO(Md), 11);
    KT_ASSERT_EQ(MT_PRIO(L), 11);
    KT_ASSERT_EQ(tos_task_prio_change(&mt_task[Md], 22), K_ERR_NONE);
    KT_ASSERT_EQ(MT_BASE(Md), 22);
    KT_ASSERT_EQ(MT_PRIO(Md), 12);
    KT_ASSERT_EQ(MT_PRIO(L), 12);
    /* and the top waiter's change too */
    KT_ASSERT_EQ(tos_task_prio_change(&mt_task[H], 18), K_ERR_NONE);
    KT_ASSERT_EQ(MT_PRIO(Md), 18);
    KT_ASSERT_EQ(MT_PRIO(L), 18);
    KT_ASSERT_EQ(tos_task_destroy(&mt_task[H]), K_ERR_NONE);
    KT_ASSERT_EQ(MT_PRIO(Md), 22);
    KT_ASSERT_EQ(MT_PRIO(L), 22);
}

/* A deadlock cycle: A (task 0, 20) takes M0, sleeps 5, waits for M1; B (task 1, 15) takes M1,
   sleeps 10, waits for M0 with `b_timeout`. Returns t0; the cycle is closed at t0 + 11, when
   this returns. */
static k_tick_t mt_cycle_close(k_tick_t b_timeout)
{
    k_tick_t t0;

    mt_reset();
    t0 = mt_tick_align();
    mt_pre_delay[0] = 5;
    mt_waiter_create(0, 20, 0, 1, TOS_TIME_FOREVER);
    mt_pre_delay[1] = 10;
    mt_waiter_create(1, 15, 1, 0, b_timeout);
    KT_ASSERT_EQ(tos_task_delay(11), K_ERR_NONE);
    return t0;
}

/* a deadlock cycle must not hang the inheritance walk, and unwinds when a timeout breaks it */
KTEST(mutex, pi_deadlock_cycle_terminates_and_unwinds)
{
    const unsigned A = 0, B = 1, C = 2;
    k_tick_t t0 = mt_cycle_close(50);

    KT_ASSERT(task_state_is_pending(&mt_task[A]));
    KT_ASSERT(task_state_is_pending(&mt_task[B]));
    KT_ASSERT_EQ(MT_PRIO(A), 15);
    KT_ASSERT_EQ(MT_PRIO(B), 15);
    /* an urgent waiter joins the cycle */
    mt_waiter_create(C, 5, MT_NONE, 0, 20);
    KT_ASSERT_EQ(MT_PRIO(A), 5);
    KT_ASSERT_EQ(MT_PRIO(B), 5);
    /* C gives up at t0 + 31 */
    KT_ASSERT_EQ(tos_task_delay(t0 + 32 - tos_systick_get()), K_ERR_NONE);
    KT_ASSERT_EQ(mt_res[C], K_ERR_PEND_TIMEOUT);
    /* A and B still inherit from each other (at least B's 15). Whether they must fall back to
       exactly 15 here is not pinned down: the walk stops in the cycle, so today they keep C's 5
       until the cycle is broken (reported as a contract question). */
    KT_ASSERT_LE(MT_PRIO(A), 15);
    KT_ASSERT_LE(MT_PRIO(B), 15);
    /* B gives up at t0 + 10 + 50: the cycle is broken */
    KT_ASSERT_EQ(tos_task_delay(t0 + 61 - tos_systick_get()), K_ERR_NONE);
    KT_ASSERT_EQ(mt_res[C], K_ERR_PEND_TIMEOUT);
    KT_ASSERT_EQ(mt_res[B], K_ERR_PEND_TIMEOUT);
    /* B released M1 on its way out: A got it, then finished */
    KT_ASSERT_EQ(mt_res[A], K_ERR_NONE);
    KT_ASSERT_EQ(MT_PRIO(A), 20);
    KT_ASSERT_EQ(MT_PRIO(B), 15);
    KT_ASSERT_PTR_EQ(mx[0].owner, K_NULL);
    KT_ASSERT_PTR_EQ(mx[1].owner, K_NULL);
}

/* The ready queue is sound: each priority's list is a proper ring of ready tasks of that
   priority, no task is in it twice, and a priority's mask bit is set exactly when its list is
   not empty. */
static void mt_assert_readyqueue_sound(void)
{
    TOS_CPU_CPSR_ALLOC();
    k_task_t *seen[2u * MT_N + 4u];
    unsigned nseen = 0u, p, i;
    int bad = 0;

    TOS_CPU_INT_DISABLE();
    for (p = 0u; p < TOS_CFG_TASK_PRIO_MAX && !bad; p++) {
        k_list_t *head = &k_rdyq.task_list_head[p], *n;
        int marked = (k_rdyq.prio_mask[p / 32u] >> (p % 32u)) & 1u;
        unsigned len = 0u;

        for (n = head->next; n != head && !bad; n = n->next) {
            k_task_t *t = TOS_LIST_ENTRY(n, k_task_t, pend_list);
            bad = n->next->prev != n || t->prio != p || !task_state_is_ready(t) ||
                  ++len > 2u * MT_N + 2u || nseen == sizeof seen / sizeof seen[0];
            for (i = 0u; i < nseen && !bad; i++) {
                bad = seen[i] == t;
            }
            if (!bad) {
                seen[nseen++] = t;
            }
        }
        bad = bad || head->next->prev != head || marked != (len > 0u);
    }
    TOS_CPU_INT_ENABLE();
    if (bad) {
        KT_FAIL("the ready queue is broken at priority %u", p - 1u);
    }
}

/* A deadlock cycle A <-> B (B waiting without a timeout) left holding C's priority after C gave
   up; B then leaves its wait from outside (`how`). Taking B off M0's wait list lowers A, and
   the walk comes back round the cycle to B before B is back on the ready queue: B must not be
   treated as ready (and queued twice) while its own wake-up is still in progress. */
static void mt_cycle_broken_from_outside(int how)
{
    const unsigned A = 0, B = 1, C = 2;
    k_tick_t t0 = mt_cycle_close(TOS_TIME_FOREVER);

    mt_waiter_create(C, 5, MT_NONE, 0, 20);                 /* gives up at t0 + 31 */
    KT_ASSERT_EQ(tos_task_delay(t0 + 32 - tos_systick_get()), K_ERR_NONE);
    KT_ASSERT_EQ(mt_res[C], K_ERR_PEND_TIMEOUT);
    KT_ASSERT(task_state_is_pending(&mt_task[A]));
    KT_ASSERT(task_state_is_pending(&mt_task[B]));
    if (how == 0) {
        KT_ASSERT_EQ(tos_task_wait_abort(&mt_task[B]), K_ERR_NONE);
        mt_assert_readyqueue_sound();       /* (B, less urgent than this task, has not run) */
        mt_settle();
        /* B's wait ended as a timeout; it let go of M1 on its way out, A took it and finished */
        KT_ASSERT_EQ(mt_res[B], K_ERR_PEND_TIMEOUT);
        KT_ASSERT_EQ(mt_res[A], K_ERR_NONE);
        KT_ASSERT_EQ(MT_PRIO(B), 15);
    } else {
        KT_ASSERT_EQ(tos_task_destroy(&mt_task[B]), K_ERR_NONE);
        mt_assert_readyqueue_sound();
        mt_settle();
        /* B died holding M1: A gets it with OWNER_DIE */
        KT_ASSERT_EQ(mt_res[A], K_ERR_PEND_OWNER_DIE);
    }
    KT_ASSERT_EQ(MT_PRIO(A), 20);
    KT_ASSERT_PTR_EQ(mx[0].owner, K_NULL);
    mt_assert_readyqueue_sound();
    KT_ASSERT_EQ(tos_task_delay(3), K_ERR_NONE);
    KT_ASSERT_EQ(mt_norder, how == 0 ? 3u : 2u);
}

KTEST(mutex, pi_cycle_member_woken_by_wait_abort)
{
    mt_cycle_broken_from_outside(0);
}

KTEST(mutex, pi_cycle_member_destroyed)
{
    mt_cycle_broken_from_outside(1);
}

/* the mutex is handed over before the new owner runs; if that owner is destroyed before it
   ever runs, it still counts as the owner: the others get OWNER_DIE and the mutex is free */
KTEST(mutex, new_owner_destroyed_before_running)
{
    mt_reset();
    KT_ASSERT_EQ(tos_mutex_pend(&mx[0]), K_ERR_NONE);
    mt_waiter_create(0, 12, MT_NONE, 0, TOS_TIME_FOREVER);
    mt_waiter_create(1, 13, MT_NONE, 0, TOS_TIME_FOREVER);
    mt_settle();
    KT_ASSERT_EQ(tos_mutex_post(&mx[0]), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(mx[0].owner, &mt_task[0]);
    KT_ASSERT_EQ(MT_PRIO(0), 12);
    KT_ASSERT_EQ(tos_task_destroy(&mt_task[0]), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(mx[0].owner, K_NULL);
    KT_ASSERT_EQ(mx[0].pend_nesting, 0);
    KT_ASSERT(pend_is_nopending(&mx[0].pend_obj));
    mt_settle();
    KT_ASSERT_EQ(mt_res[0], -1);
    KT_ASSERT_EQ(mt_res[1], K_ERR_PEND_OWNER_DIE);
    KT_ASSERT_EQ(tos_mutex_pend_timed(&mx[0], TOS_TIME_NOWAIT), K_ERR_NONE);
}
