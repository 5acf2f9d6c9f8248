/*
 * Conformance: counting semaphores (tos_sem.h), with the Sprig extension tos_sem_pend_try.
 *
 * Tasks more urgent than the case's task (KTEST_MAIN_PRIO) run as soon as they are made ready;
 * less urgent ones run only when the case's task blocks (tos_task_delay). Every case resets the
 * static state it uses before creating any task.
 */
#include "ktest.h"

#define SEM_NTASK   4u

static k_sem_t sem;
static k_sem_t *sem_target;             /* what the waiters pend on (&sem unless a case says) */
static k_task_t sem_task[SEM_NTASK];
KTEST_STACK(sem_stack0);
KTEST_STACK(sem_stack1);
KTEST_STACK(sem_stack2);
KTEST_STACK(sem_stack3);
static k_stack_t *const sem_stacks[SEM_NTASK] = { sem_stack0, sem_stack1, sem_stack2, sem_stack3 };

/* What the waiters did: per-task result (-1 = not returned yet), return order, tick of return. */
static volatile int sem_result[SEM_NTASK];
static volatile k_tick_t sem_ret_tick[SEM_NTASK];
static volatile int sem_order[SEM_NTASK * 2u];
static volatile unsigned sem_norder;
static k_tick_t sem_timeout[SEM_NTASK];

static void sem_reset_state(void)
{
    for (unsigned i = 0; i < SEM_NTASK; i++) {
        sem_result[i] = -1;
        sem_ret_tick[i] = 0;
        sem_timeout[i] = TOS_TIME_FOREVER;
    }
    for (unsigned i = 0; i < SEM_NTASK * 2u; i++) {
        sem_order[i] = -1;
    }
    sem_norder = 0;
    sem_target = &sem;
}

static void sem_waiter_entry(void *arg)
{
    unsigned idx = (unsigned)(uintptr_t)arg;
    k_err_t err = tos_sem_pend(sem_target, sem_timeout[idx]);

    sem_result[idx] = (int)err;
    sem_ret_tick[idx] = tos_systick_get();
    sem_order[sem_norder++] = (int)idx;
}

static void sem_waiter_create(unsigned idx, k_prio_t prio, k_tick_t timeout)
{
    static const char *const names[SEM_NTASK] = { "w0", "w1", "w2", "w3" };
    sem_timeout[idx] = timeout;
    ktest_task_create(&sem_task[idx], names[idx], sem_waiter_entry, (void *)(uintptr_t)idx, prio,
                      sem_stacks[idx]);
}

/* Start right after a tick, so "N ticks later" is exact. */
static k_tick_t sem_tick_align(void)
{
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    return tos_systick_get();
}

/* ---- heap exhaustion (for the out-of-memory codes) ---- */

#define SEM_HOG_MAX 512u
static void *sem_hog[SEM_HOG_MAX];
static unsigned sem_nhog;

static void sem_heap_exhaust(void)
{
    sem_nhog = 0;
    for (size_t sz = TOS_CFG_MMHEAP_POOL_SIZE_MAX; sz > 0u; sz /= 2u) {
        void *p;
        while ((p = tos_mmheap_alloc(sz)) != K_NULL) {
            KT_ASSERT_LT(sem_nhog, SEM_HOG_MAX);
            sem_hog[sem_nhog++] = p;
        }
    }
    KT_ASSERT_GT(sem_nhog, 0u);
    KT_ASSERT_PTR_EQ(tos_mmheap_alloc(1u), K_NULL);
}

static void sem_heap_release(void)
{
    while (sem_nhog > 0u) {
        tos_mmheap_free(sem_hog[--sem_nhog]);
    }
}

/* ---------------------------------------------------------------------------------------- */
/* create / destroy                                                                          */

KTEST(sem, create_sets_count_and_default_max)
{
    KT_ASSERT_EQ(tos_sem_create(&sem, 3), K_ERR_NONE);
    KT_ASSERT_EQ(sem.count, 3);
    KT_ASSERT_EQ(sem.count_max, 0xFFFFu);
    for (int i = 0; i < 3; i++) {
        KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_NOWAIT), K_ERR_NONE);
    }
    KT_ASSERT_EQ(sem.count, 0);
    KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(tos_sem_destroy(&sem), K_ERR_NONE);
}

KTEST(sem, create_max_clamps_init_to_max)
{
    KT_ASSERT_EQ(tos_sem_create_max(&sem, 10, 4), K_ERR_NONE);
    KT_ASSERT_EQ(sem.count, 4);
    KT_ASSERT_EQ(sem.count_max, 4);
    for (int i = 0; i < 4; i++) {
        KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_NOWAIT), K_ERR_NONE);
    }
    KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);

    /* init == max is kept as is */
    KT_ASSERT_EQ(tos_sem_create_max(&sem, 7, 7), K_ERR_NONE);
    KT_ASSERT_EQ(sem.count, 7);
    /* tos_sem_create clamps to 0xFFFF too (the type cannot exceed it) */
    KT_ASSERT_EQ(tos_sem_create(&sem, 0xFFFFu), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_SEM_OVERFLOW);
}

KTEST(sem, post_at_max_overflows)
{
    KT_ASSERT_EQ(tos_sem_create_max(&sem, 2, 2), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_SEM_OVERFLOW);
    KT_ASSERT_EQ(tos_sem_post_all(&sem), K_ERR_SEM_OVERFLOW);
    KT_ASSERT_EQ(sem.count, 2);
    KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_NOWAIT), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(sem.count, 2);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_SEM_OVERFLOW);
    KT_ASSERT_EQ(sem.count, 2);
}

/* Our header: overflow only when "nobody waiting" (TencentOS checked the count first, so a
   max-0 semaphore could never wake anybody). */
KTEST(sem, post_at_max_with_waiter_wakes_it)
{
    sem_reset_state();
    KT_ASSERT_EQ(tos_sem_create_max(&sem, 0, 0), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_SEM_OVERFLOW);
    sem_waiter_create(0, KTEST_MAIN_PRIO - 1, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(sem_result[0], -1);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(sem_result[0], K_ERR_NONE);
    KT_ASSERT_EQ(sem.count, 0);
}

KTEST(sem, null_pointers)
{
    KT_ASSERT_EQ(tos_sem_create(K_NULL, 0), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_sem_create_max(K_NULL, 0, 1), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_sem_create_dyn(K_NULL, 0), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_sem_create_max_dyn(K_NULL, 0, 1), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_sem_destroy(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_sem_destroy_dyn(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_sem_pend(K_NULL, TOS_TIME_NOWAIT), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_sem_pend(K_NULL, 10), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_sem_post(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_sem_post_all(K_NULL), K_ERR_OBJ_PTR_NULL);
}

KTEST(sem, destroyed_or_uninitialised_is_invalid)
{
    k_sem_t junk;

    KT_ASSERT_EQ(tos_sem_create(&sem, 1), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_destroy(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_destroy(&sem), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_sem_destroy_dyn(&sem), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_NOWAIT), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_sem_pend(&sem, 5), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_sem_post_all(&sem), K_ERR_OBJ_INVALID);

    memset(&junk, 0, sizeof junk);
    KT_ASSERT_EQ(tos_sem_post(&junk), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_sem_pend(&junk, TOS_TIME_NOWAIT), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_sem_destroy(&junk), K_ERR_OBJ_INVALID);

    /* re-creating a destroyed semaphore makes it usable again */
    KT_ASSERT_EQ(tos_sem_create(&sem, 1), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_NOWAIT), K_ERR_NONE);
}

KTEST(sem, static_dynamic_mismatch)
{
    k_sem_t *dyn = K_NULL;

    KT_ASSERT_EQ(tos_sem_create(&sem, 0), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_destroy_dyn(&sem), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    /* still alive */
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_destroy(&sem), K_ERR_NONE);

    KT_ASSERT_EQ(tos_sem_create_dyn(&dyn, 0), K_ERR_NONE);
    KT_ASSERT(dyn != K_NULL);
    KT_ASSERT_EQ(tos_sem_destroy(dyn), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    KT_ASSERT_EQ(tos_sem_post(dyn), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_destroy_dyn(dyn), K_ERR_NONE);
}

KTEST(sem, dyn_create_destroy)
{
    k_mmheap_info_t before, during, after;
    k_sem_t *a = K_NULL, *b = K_NULL;

    KT_ASSERT_EQ(tos_mmheap_check(&before), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_create_dyn(&a, 2), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_create_max_dyn(&b, 9, 3), K_ERR_NONE);
    KT_ASSERT(a != K_NULL && b != K_NULL && a != b);
    KT_ASSERT_EQ(tos_mmheap_check(&during), K_ERR_NONE);
    KT_ASSERT_GE(during.used, before.used + 2u * sizeof(k_sem_t));

    KT_ASSERT_EQ(a->count, 2);
    KT_ASSERT_EQ(a->count_max, 0xFFFFu);
    KT_ASSERT_EQ(b->count, 3);               /* clamped */
    KT_ASSERT_EQ(b->count_max, 3);
    KT_ASSERT_EQ(tos_sem_pend(a, TOS_TIME_NOWAIT), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_post(b), K_ERR_SEM_OVERFLOW);

    KT_ASSERT_EQ(tos_sem_destroy_dyn(a), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_destroy_dyn(b), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mmheap_check(&after), K_ERR_NONE);
    KT_ASSERT_EQ(after.used, before.used);
}

KTEST(sem, dyn_out_of_memory)
{
    k_sem_t *dyn = (k_sem_t *)&sem;         /* a sentinel: must not be overwritten */

    sem_heap_exhaust();
    KT_ASSERT_EQ(tos_sem_create_dyn(&dyn, 0), K_ERR_SEM_OUT_OF_MEMORY);
    KT_ASSERT_EQ(tos_sem_create_max_dyn(&dyn, 1, 1), K_ERR_SEM_OUT_OF_MEMORY);
    KT_ASSERT_PTR_EQ(dyn, &sem);
    sem_heap_release();

    KT_ASSERT_EQ(tos_sem_create_dyn(&dyn, 0), K_ERR_NONE);
    KT_ASSERT(dyn != K_NULL && dyn != &sem);
    KT_ASSERT_EQ(tos_sem_destroy_dyn(dyn), K_ERR_NONE);
}

/* ---------------------------------------------------------------------------------------- */
/* pend error codes                                                                          */

KTEST(sem, pend_nowait)
{
    KT_ASSERT_EQ(tos_sem_create(&sem, 0), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(sem.count, 0);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_NOWAIT), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
}

KTEST(sem, pend_sched_locked)
{
    k_tick_t t0;

    KT_ASSERT_EQ(tos_sem_create(&sem, 1), K_ERR_NONE);
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    t0 = tos_systick_get();
    /* a count is still taken with the scheduler locked */
    KT_ASSERT_EQ(tos_sem_pend(&sem, 10), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_pend(&sem, 10), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_FOREVER), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(tos_systick_get(), t0);     /* did not block */
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
    KT_ASSERT_EQ(sem.count, 0);
}

KTEST(sem, pend_timeout_after_exactly_n_ticks)
{
    static const k_tick_t waits[] = { 1, 2, 37, 1000 };
    k_tick_t t0;

    KT_ASSERT_EQ(tos_sem_create(&sem, 0), K_ERR_NONE);
    for (unsigned i = 0; i < TOS_COUNT_OF(waits); i++) {
        t0 = sem_tick_align();
        KT_ASSERT_EQ(tos_sem_pend(&sem, waits[i]), K_ERR_PEND_TIMEOUT);
        KT_ASSERT_EQ(tos_systick_get() - t0, waits[i]);
    }
    /* the timed-out waiter left the wait list: a post now only counts */
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(sem.count, 1);
}

KTEST(sem, timed_out_waiter_is_not_woken_later)
{
    k_tick_t t0;

    sem_reset_state();
    KT_ASSERT_EQ(tos_sem_create(&sem, 0), K_ERR_NONE);
    t0 = sem_tick_align();
    sem_waiter_create(0, KTEST_MAIN_PRIO - 1, 20);
    sem_waiter_create(1, KTEST_MAIN_PRIO - 2, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(tos_task_delay(25), K_ERR_NONE);
    KT_ASSERT_EQ(sem_result[0], K_ERR_PEND_TIMEOUT);
    KT_ASSERT_EQ(sem_ret_tick[0], t0 + 20);
    KT_ASSERT_EQ(sem_result[1], -1);
    /* only the remaining waiter takes the post, the count stays 0 */
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(sem_result[1], K_ERR_NONE);
    KT_ASSERT_EQ(sem.count, 0);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(sem.count, 1);
}

KTEST(sem, destroy_wakes_every_waiter)
{
    k_tick_t t0;

    sem_reset_state();
    KT_ASSERT_EQ(tos_sem_create(&sem, 0), K_ERR_NONE);
    t0 = sem_tick_align();
    /* two waiters more urgent than us (they block at once), one of them with a timeout */
    sem_waiter_create(0, KTEST_MAIN_PRIO - 2, TOS_TIME_FOREVER);
    sem_waiter_create(1, KTEST_MAIN_PRIO - 1, 50);
    /* two less urgent ones: block when we sleep */
    sem_waiter_create(2, KTEST_MAIN_PRIO + 1, TOS_TIME_FOREVER);
    sem_waiter_create(3, KTEST_MAIN_PRIO + 2, 30);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    for (unsigned i = 0; i < SEM_NTASK; i++) {
        KT_ASSERT_EQ(sem_result[i], -1);
        KT_ASSERT(task_state_is_pending(&sem_task[i]));
    }

    KT_ASSERT_EQ(tos_sem_destroy(&sem), K_ERR_NONE);
    /* the urgent ones ran before destroy returned, most urgent first */
    KT_ASSERT_EQ(sem_norder, 2u);
    KT_ASSERT_EQ(sem_order[0], 0);
    KT_ASSERT_EQ(sem_order[1], 1);
    KT_ASSERT_EQ(sem_result[0], K_ERR_PEND_DESTROY);
    KT_ASSERT_EQ(sem_result[1], K_ERR_PEND_DESTROY);
    /* the others are ready, no longer waiting or sleeping */
    KT_ASSERT(task_state_is_ready(&sem_task[2]));
    KT_ASSERT(task_state_is_ready(&sem_task[3]));
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT_EQ(sem_norder, 4u);
    KT_ASSERT_EQ(sem_order[2], 2);
    KT_ASSERT_EQ(sem_order[3], 3);
    KT_ASSERT_EQ(sem_result[2], K_ERR_PEND_DESTROY);
    KT_ASSERT_EQ(sem_result[3], K_ERR_PEND_DESTROY);
    /* nobody returned at its timeout (t0 + 30, t0 + 50) */
    for (unsigned i = 0; i < SEM_NTASK; i++) {
        KT_ASSERT_LT(sem_ret_tick[i], t0 + 30);
    }
    KT_ASSERT_EQ(tos_task_delay(60), K_ERR_NONE);
    KT_ASSERT_EQ(sem_norder, 4u);
}

KTEST(sem, destroy_dyn_wakes_every_waiter)
{
    k_sem_t *dyn = K_NULL;
    k_mmheap_info_t before, after;

    sem_reset_state();
    KT_ASSERT_EQ(tos_mmheap_check(&before), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_create_dyn(&dyn, 0), K_ERR_NONE);
    KT_ASSERT(dyn != K_NULL);
    sem_target = dyn;
    sem_waiter_create(0, KTEST_MAIN_PRIO - 1, TOS_TIME_FOREVER);
    sem_waiter_create(1, KTEST_MAIN_PRIO + 1, 100);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT(task_state_is_pending(&sem_task[0]));
    KT_ASSERT(task_state_is_pending(&sem_task[1]));
    KT_ASSERT_EQ(tos_sem_destroy_dyn(dyn), K_ERR_NONE);
    KT_ASSERT_EQ(sem_result[0], K_ERR_PEND_DESTROY);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT_EQ(sem_result[1], K_ERR_PEND_DESTROY);
    KT_ASSERT_EQ(tos_mmheap_check(&after), K_ERR_NONE);
    KT_ASSERT_EQ(after.used, before.used);
}

/* ---- pend/post from an ISR ---- */

static volatile k_err_t sem_isr_err[8];
static volatile int sem_isr_waiter_ran_in_isr;
static volatile unsigned sem_isr_watch;         /* the waiter the ISR's post is for */
static k_sem_t *sem_isr_dyn;

static void sem_isr_calls(void)
{
    tos_knl_irq_enter();
    sem_isr_err[0] = tos_sem_pend(&sem, TOS_TIME_NOWAIT);
    sem_isr_err[1] = tos_sem_pend(&sem, TOS_TIME_FOREVER);
    sem_isr_err[2] = tos_sem_pend(&sem, 10);
    sem_isr_err[3] = tos_sem_create_dyn(&sem_isr_dyn, 0);
    sem_isr_err[4] = tos_sem_create_max_dyn(&sem_isr_dyn, 0, 1);
    sem_isr_err[5] = tos_sem_destroy_dyn(sem_isr_dyn);
    sem_isr_err[6] = tos_sem_post(&sem);            /* ISR-safe */
    tos_knl_irq_leave();
}

KTEST(sem, pend_in_isr_is_refused)
{
    k_sem_t *dyn = K_NULL;

    for (unsigned i = 0; i < TOS_COUNT_OF(sem_isr_err); i++) {
        sem_isr_err[i] = (k_err_t)-1;
    }
    KT_ASSERT_EQ(tos_sem_create(&sem, 2), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_create_dyn(&dyn, 0), K_ERR_NONE);
    sem_isr_dyn = dyn;
    ktest_irq_connect(0, sem_isr_calls, 0x40);
    ktest_irq_raise(0);
    /* refused although a count was available */
    KT_ASSERT_EQ(sem_isr_err[0], K_ERR_IN_IRQ);
    KT_ASSERT_EQ(sem_isr_err[1], K_ERR_IN_IRQ);
    KT_ASSERT_EQ(sem_isr_err[2], K_ERR_IN_IRQ);
    KT_ASSERT_EQ(sem_isr_err[3], K_ERR_IN_IRQ);
    KT_ASSERT_EQ(sem_isr_err[4], K_ERR_IN_IRQ);
    KT_ASSERT_EQ(sem_isr_err[5], K_ERR_IN_IRQ);
    KT_ASSERT_PTR_EQ(sem_isr_dyn, dyn);
    KT_ASSERT_EQ(sem_isr_err[6], K_ERR_NONE);
    KT_ASSERT_EQ(sem.count, 3);                     /* untouched by the pends, +1 by the post */
    KT_ASSERT_EQ(tos_sem_destroy_dyn(dyn), K_ERR_NONE);   /* the ISR did not destroy it */
}

static volatile k_err_t sem_isr_create_err, sem_isr_destroy_err, sem_isr_post_err;
static k_sem_t sem_isr_local;

static void sem_isr_create_destroy(void)
{
    tos_knl_irq_enter();
    sem_isr_create_err = tos_sem_create_max(&sem_isr_local, 1, 5);
    sem_isr_post_err = tos_sem_post_all(&sem_isr_local);
    sem_isr_destroy_err = tos_sem_destroy(&sem);
    tos_knl_irq_leave();
}

KTEST(sem, create_destroy_from_isr)
{
    sem_reset_state();
    sem_isr_create_err = sem_isr_destroy_err = sem_isr_post_err = (k_err_t)-1;
    KT_ASSERT_EQ(tos_sem_create(&sem, 0), K_ERR_NONE);
    sem_waiter_create(0, KTEST_MAIN_PRIO - 1, TOS_TIME_FOREVER);
    ktest_irq_connect(2, sem_isr_create_destroy, 0x40);
    ktest_irq_raise(2);
    KT_ASSERT_EQ(sem_isr_create_err, K_ERR_NONE);
    KT_ASSERT_EQ(sem_isr_post_err, K_ERR_NONE);
    KT_ASSERT_EQ(sem_isr_local.count, 2);
    KT_ASSERT_EQ(sem_isr_destroy_err, K_ERR_NONE);
    KT_ASSERT_EQ(sem_result[0], K_ERR_PEND_DESTROY);
}

static void sem_isr_post(void)
{
    tos_knl_irq_enter();
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    /* the woken task is more urgent, but an ISR is never preempted by a task */
    sem_isr_waiter_ran_in_isr = sem_result[sem_isr_watch] != -1;
    tos_knl_irq_leave();
}

KTEST(sem, isr_post_wakes_task_which_preempts_at_irq_leave)
{
    sem_reset_state();
    sem_isr_waiter_ran_in_isr = -1;
    sem_isr_watch = 0;
    KT_ASSERT_EQ(tos_sem_create(&sem, 0), K_ERR_NONE);
    sem_waiter_create(0, KTEST_MAIN_PRIO - 1, TOS_TIME_FOREVER);
    KT_ASSERT(task_state_is_pending(&sem_task[0]));
    ktest_irq_connect(1, sem_isr_post, 0x40);
    ktest_irq_raise(1);
    KT_ASSERT_EQ(sem_isr_waiter_ran_in_isr, 0);
    /* ran between irq leave and our return from the raise */
    KT_ASSERT_EQ(sem_result[0], K_ERR_NONE);
    KT_ASSERT_EQ(sem.count, 0);

    /* a less urgent waiter is only made ready: we keep the CPU */
    sem_waiter_create(1, KTEST_MAIN_PRIO + 1, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT(task_state_is_pending(&sem_task[1]));
    sem_isr_waiter_ran_in_isr = -1;
    sem_isr_watch = 1;
    ktest_irq_raise(1);
    KT_ASSERT_EQ(sem_isr_waiter_ran_in_isr, 0);
    KT_ASSERT_EQ(sem_result[1], -1);
    KT_ASSERT(task_state_is_ready(&sem_task[1]));
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT_EQ(sem_result[1], K_ERR_NONE);
    KT_ASSERT_EQ(sem.count, 0);
}

/* ---------------------------------------------------------------------------------------- */
/* wake order and count semantics                                                            */

/* Waiters less urgent than us, created in the order 13, 11a, 12, 11b, all blocked. */
static void sem_make_four_waiters(void)
{
    sem_waiter_create(0, KTEST_MAIN_PRIO + 3, TOS_TIME_FOREVER);
    sem_waiter_create(1, KTEST_MAIN_PRIO + 1, TOS_TIME_FOREVER);
    sem_waiter_create(2, KTEST_MAIN_PRIO + 2, TOS_TIME_FOREVER);
    sem_waiter_create(3, KTEST_MAIN_PRIO + 1, 10000);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    for (unsigned i = 0; i < SEM_NTASK; i++) {
        KT_ASSERT(task_state_is_pending(&sem_task[i]));
    }
}

KTEST(sem, post_wakes_most_urgent_then_fifo)
{
    static const unsigned expect[SEM_NTASK] = { 1, 3, 2, 0 };

    sem_reset_state();
    KT_ASSERT_EQ(tos_sem_create(&sem, 0), K_ERR_NONE);
    sem_make_four_waiters();
    for (unsigned n = 0; n < SEM_NTASK; n++) {
        KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
        /* exactly the expected waiter was made ready; it has not run yet */
        for (unsigned i = 0; i < SEM_NTASK; i++) {
            int woken_before = 0;
            for (unsigned k = 0; k < n; k++) {
                woken_before |= expect[k] == i;
            }
            if (woken_before) {
                continue;
            }
            if (i == expect[n]) {
                KT_ASSERT(task_state_is_ready(&sem_task[i]));
            } else {
                KT_ASSERT(task_state_is_pending(&sem_task[i]));
            }
        }
        KT_ASSERT_EQ(sem.count, 0);
        KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
        KT_ASSERT_EQ(sem_norder, n + 1u);
        KT_ASSERT_EQ(sem_order[n], expect[n]);
        KT_ASSERT_EQ(sem_result[expect[n]], K_ERR_NONE);
    }
    KT_ASSERT_EQ(sem.count, 0);
}

KTEST(sem, post_all_wakes_every_waiter_in_order)
{
    sem_reset_state();
    KT_ASSERT_EQ(tos_sem_create(&sem, 0), K_ERR_NONE);
    /* more urgent than us: each blocks as soon as it is created; 7, 6a, 8, 6b */
    sem_waiter_create(0, KTEST_MAIN_PRIO - 3, TOS_TIME_FOREVER);
    sem_waiter_create(1, KTEST_MAIN_PRIO - 4, TOS_TIME_FOREVER);
    sem_waiter_create(2, KTEST_MAIN_PRIO - 2, 500);
    sem_waiter_create(3, KTEST_MAIN_PRIO - 4, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(sem_norder, 0u);
    KT_ASSERT_EQ(tos_sem_post_all(&sem), K_ERR_NONE);
    /* all ran before post_all returned, by priority, FIFO within a priority */
    KT_ASSERT_EQ(sem_norder, 4u);
    KT_ASSERT_EQ(sem_order[0], 1);
    KT_ASSERT_EQ(sem_order[1], 3);
    KT_ASSERT_EQ(sem_order[2], 0);
    KT_ASSERT_EQ(sem_order[3], 2);
    for (unsigned i = 0; i < SEM_NTASK; i++) {
        KT_ASSERT_EQ(sem_result[i], K_ERR_NONE);
    }
    KT_ASSERT_EQ(sem.count, 0);             /* the count is not touched when tasks were woken */

    /* a second post_all with nobody waiting counts once */
    KT_ASSERT_EQ(tos_sem_post_all(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(sem.count, 1);
}

KTEST(sem, post_all_less_urgent_waiters_all_ready)
{
    sem_reset_state();
    KT_ASSERT_EQ(tos_sem_create(&sem, 0), K_ERR_NONE);
    sem_make_four_waiters();
    KT_ASSERT_EQ(tos_sem_post_all(&sem), K_ERR_NONE);
    for (unsigned i = 0; i < SEM_NTASK; i++) {
        KT_ASSERT(task_state_is_ready(&sem_task[i]));
    }
    KT_ASSERT_EQ(sem_norder, 0u);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT_EQ(sem_norder, 4u);
    KT_ASSERT_EQ(sem_order[0], 1);
    KT_ASSERT_EQ(sem_order[1], 3);
    KT_ASSERT_EQ(sem_order[2], 2);
    KT_ASSERT_EQ(sem_order[3], 0);
    KT_ASSERT_EQ(sem.count, 0);
}

KTEST(sem, post_without_waiter_counts)
{
    KT_ASSERT_EQ(tos_sem_create(&sem, 0), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(sem.count, 1);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(sem.count, 2);
    KT_ASSERT_EQ(tos_sem_post_all(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(sem.count, 3);
    KT_ASSERT_EQ(tos_sem_post_all(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(sem.count, 4);
    for (int i = 0; i < 4; i++) {
        KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_NOWAIT), K_ERR_NONE);
    }
    KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
}

KTEST(sem, post_to_waiter_keeps_count_zero)
{
    sem_reset_state();
    KT_ASSERT_EQ(tos_sem_create(&sem, 0), K_ERR_NONE);
    sem_waiter_create(0, KTEST_MAIN_PRIO + 1, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(sem.count, 0);             /* handed to the waiter, not counted */
    KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);   /* cannot steal it */
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT_EQ(sem_result[0], K_ERR_NONE);
}

KTEST(sem, pend_blocks_until_post)
{
    k_tick_t t0;

    sem_reset_state();
    KT_ASSERT_EQ(tos_sem_create(&sem, 0), K_ERR_NONE);
    t0 = sem_tick_align();
    sem_waiter_create(0, KTEST_MAIN_PRIO - 1, 100);
    KT_ASSERT_EQ(tos_task_delay(40), K_ERR_NONE);
    KT_ASSERT_EQ(sem_result[0], -1);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(sem_result[0], K_ERR_NONE);
    KT_ASSERT_EQ(sem_ret_tick[0], t0 + 40);
}

/* tos_task.h: a suspended task's wait goes on; when it completes the task stays off the CPU
   until resumed. The count handed to a suspended waiter is not given to anybody else. */
KTEST(sem, suspended_waiter_still_takes_the_post)
{
    k_tick_t t0;

    sem_reset_state();
    KT_ASSERT_EQ(tos_sem_create(&sem, 0), K_ERR_NONE);
    t0 = sem_tick_align();
    sem_waiter_create(0, KTEST_MAIN_PRIO - 2, TOS_TIME_FOREVER);
    sem_waiter_create(1, KTEST_MAIN_PRIO - 1, 20);
    KT_ASSERT_EQ(tos_task_suspend(&sem_task[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_suspend(&sem_task[1]), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(sem.count, 0);
    KT_ASSERT_EQ(sem_result[0], -1);                /* woken, but suspended */
    KT_ASSERT(!task_state_is_pending(&sem_task[0]));
    KT_ASSERT(task_state_is_pending(&sem_task[1]));
    KT_ASSERT_EQ(tos_task_delay(30), K_ERR_NONE);   /* task 1 times out while suspended */
    KT_ASSERT(!task_state_is_pending(&sem_task[1]));
    KT_ASSERT_EQ(sem_result[1], -1);
    KT_ASSERT_EQ(tos_task_resume(&sem_task[1]), K_ERR_NONE);
    KT_ASSERT_EQ(sem_result[1], K_ERR_PEND_TIMEOUT);
    KT_ASSERT_EQ(tos_task_resume(&sem_task[0]), K_ERR_NONE);
    KT_ASSERT_EQ(sem_result[0], K_ERR_NONE);
    KT_ASSERT_EQ(sem_ret_tick[0], t0 + 30);
    KT_ASSERT_EQ(sem.count, 0);
}

/* ---------------------------------------------------------------------------------------- */
/* tos_sem_pend_try (Sprig extension)                                                         */

KTEST_PRESTART(sem, pend_try_before_start)
{
    KT_ASSERT_EQ(tos_sem_create(&sem, 1), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_pend_try(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_pend_try(&sem), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(sem.count, 0);
}

KTEST(sem, pend_try_takes_a_count_without_waiting)
{
    KT_ASSERT_EQ(tos_sem_pend_try(K_NULL), K_ERR_OBJ_PTR_NULL);
    memset(&sem, 0, sizeof sem);
    KT_ASSERT_EQ(tos_sem_pend_try(&sem), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_sem_create(&sem, 2), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_pend_try(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(sem.count, 1);
    KT_ASSERT_EQ(tos_sem_pend_try(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(sem.count, 0);
    KT_ASSERT_EQ(tos_sem_pend_try(&sem), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(sem.count, 0);
    /* with the scheduler locked too: it never blocks */
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_pend_try(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_pend_try(&sem), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_destroy(&sem), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_pend_try(&sem), K_ERR_OBJ_INVALID);
}

KTEST(sem, pend_try_leaves_a_waiter_waiting)
{
    sem_reset_state();
    KT_ASSERT_EQ(tos_sem_create(&sem, 0), K_ERR_NONE);
    sem_waiter_create(0, KTEST_MAIN_PRIO - 1, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(tos_sem_pend_try(&sem), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(sem_result[0], -1);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);   /* goes to the waiter, not the count */
    KT_ASSERT_EQ(sem_result[0], K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_pend_try(&sem), K_ERR_PEND_NOWAIT);
}

static volatile k_err_t sem_try_isr_err[3];

static void sem_try_isr(void)
{
    tos_knl_irq_enter();
    sem_try_isr_err[0] = tos_sem_pend_try(&sem);
    sem_try_isr_err[1] = tos_sem_pend_try(&sem);
    sem_try_isr_err[2] = tos_sem_pend_try(&sem);
    tos_knl_irq_leave();
}

KTEST(sem, pend_try_works_from_an_isr_and_in_a_critical_section)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t in_cs[2];

    for (unsigned i = 0; i < TOS_COUNT_OF(sem_try_isr_err); i++) {
        sem_try_isr_err[i] = (k_err_t)-1;
    }
    KT_ASSERT_EQ(tos_sem_create(&sem, 2), K_ERR_NONE);
    ktest_irq_connect(0, sem_try_isr, 0x40);
    ktest_irq_raise(0);
    KT_ASSERT_EQ(sem_try_isr_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(sem_try_isr_err[1], K_ERR_NONE);
    KT_ASSERT_EQ(sem_try_isr_err[2], K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(sem.count, 0);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);
    TOS_CPU_INT_DISABLE();
    in_cs[0] = tos_sem_pend_try(&sem);
    in_cs[1] = tos_sem_pend_try(&sem);
    TOS_CPU_INT_ENABLE();
    KT_ASSERT_EQ(in_cs[0], K_ERR_NONE);
    KT_ASSERT_EQ(in_cs[1], K_ERR_PEND_NOWAIT);
}
