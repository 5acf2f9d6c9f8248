/*
 * Conformance: read-write locks (tos_rwlock.h).
 *
 * Tasks more urgent than the case's task (KTEST_MAIN_PRIO) run as soon as they are made ready;
 * less urgent ones run only when the case's task blocks (tos_task_delay). Every case resets the
 * static state it uses before creating any task.
 *
 * Worker tasks take the lock (read or write, optionally with a timeout), record how that went,
 * and then either release it at once or hold it until the case posts their `go` semaphore.
 */
#include "ktest.h"

#define RW_NTASK    6u

typedef enum {
    RW_OP_READ,         /* rpend / rpend_timed, then rpost */
    RW_OP_WRITE,        /* wpend / wpend_timed, then wpost */
    RW_OP_RPOST,        /* only rpost (read holds may be released by any task) */
} rw_op_t;

static k_rwlock_t rw;
static k_task_t rw_task[RW_NTASK];
KTEST_STACK(rw_stack0);
KTEST_STACK(rw_stack1);
KTEST_STACK(rw_stack2);
KTEST_STACK(rw_stack3);
KTEST_STACK(rw_stack4);
KTEST_STACK(rw_stack5);
static k_stack_t *const rw_stacks[RW_NTASK] = {
    rw_stack0, rw_stack1, rw_stack2, rw_stack3, rw_stack4, rw_stack5,
};

static rw_op_t rw_op[RW_NTASK];
static k_tick_t rw_tmo[RW_NTASK];
static int rw_hold[RW_NTASK];
static k_sem_t rw_go[RW_NTASK];

static volatile int rw_result[RW_NTASK];        /* -1: not returned yet */
static volatile k_tick_t rw_ret_tick[RW_NTASK];
static volatile unsigned rw_seen_readers[RW_NTASK];    /* n_readers right after acquiring */
static volatile int rw_order[RW_NTASK];
static volatile unsigned rw_norder;
static volatile int rw_rel_result[RW_NTASK];    /* result of the release, -1: none yet */

static void rw_reset_state(void)
{
    for (unsigned i = 0; i < RW_NTASK; i++) {
        rw_op[i] = RW_OP_READ;
        rw_tmo[i] = TOS_TIME_FOREVER;
        rw_hold[i] = 0;
        rw_result[i] = -1;
        rw_ret_tick[i] = 0;
        rw_seen_readers[i] = 0xFFFFFFFFu;
        rw_order[i] = -1;
        rw_rel_result[i] = -1;
        KT_ASSERT_EQ(tos_sem_create(&rw_go[i], 0), K_ERR_NONE);
    }
    rw_norder = 0;
}

static void rw_worker_entry(void *arg)
{
    unsigned idx = (unsigned)(uintptr_t)arg;
    int forever = rw_tmo[idx] == TOS_TIME_FOREVER;
    k_err_t err;

    switch (rw_op[idx]) {
    case RW_OP_READ:
        err = forever ? tos_rwlock_rpend(&rw) : tos_rwlock_rpend_timed(&rw, rw_tmo[idx]);
        break;
    case RW_OP_WRITE:
        err = forever ? tos_rwlock_wpend(&rw) : tos_rwlock_wpend_timed(&rw, rw_tmo[idx]);
        break;
    default:
        err = tos_rwlock_rpost(&rw);
        break;
    }
    rw_result[idx] = (int)err;
    rw_ret_tick[idx] = tos_systick_get();
    rw_seen_readers[idx] = rw.n_readers;
    rw_order[rw_norder++] = (int)idx;
    if (err != K_ERR_NONE || rw_op[idx] == RW_OP_RPOST) {
        return;
    }
    if (rw_hold[idx]) {
        KT_ASSERT_EQ(tos_sem_pend(&rw_go[idx], TOS_TIME_FOREVER), K_ERR_NONE);
    }
    rw_rel_result[idx] = (int)(rw_op[idx] == RW_OP_WRITE ? tos_rwlock_wpost(&rw)
                                                          : tos_rwlock_rpost(&rw));
}

static void rw_worker(unsigned idx, k_prio_t prio, rw_op_t op, k_tick_t timeout, int hold)
{
    static const char *const names[RW_NTASK] = { "rw0", "rw1", "rw2", "rw3", "rw4", "rw5" };
    rw_op[idx] = op;
    rw_tmo[idx] = timeout;
    rw_hold[idx] = hold;
    ktest_task_create(&rw_task[idx], names[idx], rw_worker_entry, (void *)(uintptr_t)idx, prio,
                      rw_stacks[idx]);
}

/* Let a holding worker release (it runs at once if more urgent than us). */
static void rw_let_go(unsigned idx)
{
    KT_ASSERT_EQ(tos_sem_post(&rw_go[idx]), K_ERR_NONE);
}

static k_tick_t rw_tick_align(void)
{
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    return tos_systick_get();
}

static unsigned rw_waiting(pend_obj_t *obj)
{
    unsigned n = 0;
    k_list_t *curr;

    TOS_LIST_FOR_EACH(curr, &obj->list) {
        n++;
    }
    return n;
}

/* The exact state of the lock, and who waits. */
static void rw_expect(k_task_t *writer, unsigned readers, unsigned rwait, unsigned wwait)
{
    KT_ASSERT_PTR_EQ(rw.writer, writer);
    KT_ASSERT_EQ(rw.n_readers, readers);
    KT_ASSERT_EQ(rw_waiting(&rw.rpend_obj), rwait);
    KT_ASSERT_EQ(rw_waiting(&rw.wpend_obj), wwait);
}

/* Through the API only: the lock is free and nobody waits (the caller can take either side). */
static void rw_expect_free(void)
{
    KT_ASSERT_EQ(tos_rwlock_post(&rw), K_ERR_RWLOCK_NOT_TAKEN);
    KT_ASSERT_EQ(tos_rwlock_wpend_try(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_wpost(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_rpend_try(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_rpost(&rw), K_ERR_NONE);
    rw_expect(K_NULL, 0, 0, 0);
}

/* ---------------------------------------------------------------------------------------- */
/* one task                                                                                  */

KTEST(rwlock, single_task_every_call)
{
    k_tick_t t0;

    KT_ASSERT_EQ(tos_rwlock_create(&rw), K_ERR_NONE);
    rw_expect(K_NULL, 0, 0, 0);
    KT_ASSERT_EQ(tos_rwlock_post(&rw), K_ERR_RWLOCK_NOT_TAKEN);
    KT_ASSERT_EQ(tos_rwlock_rpost(&rw), K_ERR_RWLOCK_NOT_READING);
    KT_ASSERT_EQ(tos_rwlock_wpost(&rw), K_ERR_RWLOCK_NOT_WRITTING);

    /* read holds are counted */
    KT_ASSERT_EQ(tos_rwlock_rpend(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_rpend_timed(&rw, 10), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_rpend_timed(&rw, TOS_TIME_NOWAIT), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_rpend_try(&rw), K_ERR_NONE);
    rw_expect(K_NULL, 4, 0, 0);
    KT_ASSERT_EQ(tos_rwlock_wpend_try(&rw), K_ERR_RWLOCK_IS_READING);
    KT_ASSERT_EQ(tos_rwlock_wpend_timed(&rw, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(tos_rwlock_wpost(&rw), K_ERR_RWLOCK_NOT_WRITTING);
    rw_expect(K_NULL, 4, 0, 0);
    KT_ASSERT_EQ(tos_rwlock_rpost(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_post(&rw), K_ERR_NONE);               /* releases a read hold */
    KT_ASSERT_EQ(tos_rwlock_rpost(&rw), K_ERR_NONE);
    rw_expect(K_NULL, 1, 0, 0);
    KT_ASSERT_EQ(tos_rwlock_rpost(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_rpost(&rw), K_ERR_RWLOCK_NOT_READING);
    rw_expect(K_NULL, 0, 0, 0);

    /* the write lock: asking again, or for a read, would wait for ourselves: refused at once */
    KT_ASSERT_EQ(tos_rwlock_wpend(&rw), K_ERR_NONE);
    rw_expect(k_curr_task, 0, 0, 0);
    t0 = rw_tick_align();
    KT_ASSERT_EQ(tos_rwlock_wpend(&rw), K_ERR_RWLOCK_IS_WRITTING);
    KT_ASSERT_EQ(tos_rwlock_wpend_timed(&rw, 10), K_ERR_RWLOCK_IS_WRITTING);
    KT_ASSERT_EQ(tos_rwlock_wpend_try(&rw), K_ERR_RWLOCK_IS_WRITTING);
    KT_ASSERT_EQ(tos_rwlock_rpend(&rw), K_ERR_RWLOCK_IS_WRITTING);
    KT_ASSERT_EQ(tos_rwlock_rpend_timed(&rw, 10), K_ERR_RWLOCK_IS_WRITTING);
    KT_ASSERT_EQ(tos_rwlock_rpend_try(&rw), K_ERR_RWLOCK_IS_WRITTING);
    KT_ASSERT_EQ(tos_systick_get(), t0);
    KT_ASSERT_EQ(tos_rwlock_rpost(&rw), K_ERR_RWLOCK_NOT_READING);
    rw_expect(k_curr_task, 0, 0, 0);
    KT_ASSERT_EQ(tos_rwlock_wpost(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_wpost(&rw), K_ERR_RWLOCK_NOT_WRITTING);
    rw_expect(K_NULL, 0, 0, 0);

    KT_ASSERT_EQ(tos_rwlock_wpend_timed(&rw, 10), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_post(&rw), K_ERR_NONE);               /* releases the write lock */
    KT_ASSERT_EQ(tos_rwlock_wpend_try(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_wpost(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_wpend_timed(&rw, TOS_TIME_NOWAIT), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_post(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_post(&rw), K_ERR_RWLOCK_NOT_TAKEN);
    rw_expect_free();
    KT_ASSERT_EQ(tos_rwlock_destroy(&rw), K_ERR_NONE);
}

KTEST(rwlock, null_pointers)
{
    KT_ASSERT_EQ(tos_rwlock_create(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_rwlock_destroy(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_rwlock_rpend_timed(K_NULL, 10), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_rwlock_rpend(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_rwlock_rpend_try(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_rwlock_wpend_timed(K_NULL, 10), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_rwlock_wpend(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_rwlock_wpend_try(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_rwlock_rpost(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_rwlock_wpost(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_rwlock_post(K_NULL), K_ERR_OBJ_PTR_NULL);
}

KTEST(rwlock, destroyed_uninitialised_or_wrong_type_is_invalid)
{
    k_rwlock_t junk;
    k_sem_t sem;

    KT_ASSERT_EQ(tos_rwlock_create(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_rpend(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_destroy(&rw), K_ERR_NONE);       /* with a read hold: allowed */
    KT_ASSERT_EQ(tos_rwlock_destroy(&rw), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_rwlock_rpend_timed(&rw, 10), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_rwlock_rpend(&rw), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_rwlock_rpend_try(&rw), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_rwlock_wpend_timed(&rw, 10), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_rwlock_wpend(&rw), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_rwlock_wpend_try(&rw), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_rwlock_rpost(&rw), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_rwlock_wpost(&rw), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_rwlock_post(&rw), K_ERR_OBJ_INVALID);

    memset(&junk, 0, sizeof junk);
    KT_ASSERT_EQ(tos_rwlock_rpend_try(&junk), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_rwlock_wpend(&junk), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_rwlock_destroy(&junk), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(junk.n_readers, 0);
    KT_ASSERT_PTR_EQ(junk.writer, K_NULL);

    KT_ASSERT_EQ(tos_sem_create(&sem, 0), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_rpend((k_rwlock_t *)(void *)&sem), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_rwlock_destroy((k_rwlock_t *)(void *)&sem), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);

    KT_ASSERT_EQ(tos_rwlock_create(&rw), K_ERR_NONE);        /* fresh and free again */
    rw_expect_free();
}

KTEST_PRESTART(rwlock, before_start_reads_work_writes_are_refused)
{
    KT_ASSERT_EQ(tos_rwlock_create(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_wpend(&rw), K_ERR_KNL_NOT_RUNNING);
    KT_ASSERT_EQ(tos_rwlock_wpend_timed(&rw, 10), K_ERR_KNL_NOT_RUNNING);
    KT_ASSERT_EQ(tos_rwlock_wpend_try(&rw), K_ERR_KNL_NOT_RUNNING);
    KT_ASSERT_EQ(tos_rwlock_wpost(&rw), K_ERR_RWLOCK_NOT_WRITTING);
    KT_ASSERT_PTR_EQ(rw.writer, K_NULL);
    KT_ASSERT_EQ(tos_rwlock_rpend(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_rpend_timed(&rw, 10), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_rpend_try(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(rw.n_readers, 3);
    KT_ASSERT_EQ(tos_rwlock_wpend(&rw), K_ERR_KNL_NOT_RUNNING);
    KT_ASSERT_EQ(tos_rwlock_rpost(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_post(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_rpost(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_post(&rw), K_ERR_RWLOCK_NOT_TAKEN);
    KT_ASSERT_EQ(tos_rwlock_destroy(&rw), K_ERR_NONE);
}

/* ---------------------------------------------------------------------------------------- */
/* sharing and exclusion                                                                     */

KTEST(rwlock, readers_share)
{
    rw_reset_state();
    KT_ASSERT_EQ(tos_rwlock_create(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_rpend(&rw), K_ERR_NONE);
    rw_worker(0, KTEST_MAIN_PRIO - 1, RW_OP_READ, TOS_TIME_FOREVER, 1);
    rw_worker(1, KTEST_MAIN_PRIO - 2, RW_OP_READ, 50, 1);
    KT_ASSERT_EQ(rw_result[0], K_ERR_NONE);
    KT_ASSERT_EQ(rw_result[1], K_ERR_NONE);
    KT_ASSERT_EQ(rw_seen_readers[1], 3u);
    rw_expect(K_NULL, 3, 0, 0);
    KT_ASSERT_EQ(tos_rwlock_rpend_try(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_wpend_try(&rw), K_ERR_RWLOCK_IS_READING);
    rw_let_go(0);
    rw_let_go(1);
    KT_ASSERT_EQ(rw_rel_result[0], K_ERR_NONE);
    KT_ASSERT_EQ(rw_rel_result[1], K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_rpost(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_rpost(&rw), K_ERR_NONE);
    rw_expect_free();
}

KTEST(rwlock, writer_excludes_readers_and_writers)
{
    rw_reset_state();
    KT_ASSERT_EQ(tos_rwlock_create(&rw), K_ERR_NONE);
    rw_worker(0, KTEST_MAIN_PRIO - 1, RW_OP_WRITE, TOS_TIME_FOREVER, 1);
    KT_ASSERT_EQ(rw_result[0], K_ERR_NONE);
    rw_expect(&rw_task[0], 0, 0, 0);
    KT_ASSERT_EQ(tos_rwlock_rpend_try(&rw), K_ERR_RWLOCK_IS_WRITTING);
    KT_ASSERT_EQ(tos_rwlock_wpend_try(&rw), K_ERR_RWLOCK_IS_WRITTING);
    KT_ASSERT_EQ(tos_rwlock_rpend_timed(&rw, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(tos_rwlock_wpend_timed(&rw, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    /* a reader and a writer wait */
    rw_worker(1, KTEST_MAIN_PRIO - 2, RW_OP_READ, TOS_TIME_FOREVER, 1);
    rw_worker(2, KTEST_MAIN_PRIO - 3, RW_OP_WRITE, TOS_TIME_FOREVER, 1);
    KT_ASSERT_EQ(rw_result[1], -1);
    KT_ASSERT_EQ(rw_result[2], -1);
    rw_expect(&rw_task[0], 0, 1, 1);
    /* the writer goes next, then the reader */
    rw_let_go(0);
    KT_ASSERT_EQ(rw_rel_result[0], K_ERR_NONE);
    KT_ASSERT_EQ(rw_result[2], K_ERR_NONE);
    KT_ASSERT_EQ(rw_result[1], -1);
    rw_expect(&rw_task[2], 0, 1, 0);
    rw_let_go(2);
    KT_ASSERT_EQ(rw_result[1], K_ERR_NONE);
    KT_ASSERT_EQ(rw_seen_readers[1], 1u);
    rw_expect(K_NULL, 1, 0, 0);
    rw_let_go(1);
    rw_expect_free();
}

KTEST(rwlock, writer_waits_for_the_last_reader_and_gets_the_lock_directly)
{
    rw_reset_state();
    KT_ASSERT_EQ(tos_rwlock_create(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_rpend(&rw), K_ERR_NONE);
    rw_worker(0, KTEST_MAIN_PRIO - 1, RW_OP_READ, TOS_TIME_FOREVER, 1);
    rw_worker(1, KTEST_MAIN_PRIO - 2, RW_OP_WRITE, TOS_TIME_FOREVER, 1);
    rw_expect(K_NULL, 2, 0, 1);
    KT_ASSERT_EQ(tos_rwlock_rpost(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(rw_result[1], -1);
    rw_expect(K_NULL, 1, 0, 1);
    rw_let_go(0);                           /* the last reader leaves: the writer runs */
    KT_ASSERT_EQ(rw_result[1], K_ERR_NONE);
    KT_ASSERT_EQ(rw_seen_readers[1], 0u);
    rw_expect(&rw_task[1], 0, 0, 0);
    rw_let_go(1);
    KT_ASSERT_EQ(rw_rel_result[1], K_ERR_NONE);
    rw_expect_free();
}

KTEST(rwlock, lock_is_handed_over_before_the_waiter_runs)
{
    rw_reset_state();
    KT_ASSERT_EQ(tos_rwlock_create(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_rpend(&rw), K_ERR_NONE);
    rw_worker(0, KTEST_MAIN_PRIO + 1, RW_OP_WRITE, TOS_TIME_FOREVER, 1);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    rw_expect(K_NULL, 1, 0, 1);
    KT_ASSERT_EQ(tos_rwlock_rpost(&rw), K_ERR_NONE);
    /* the less urgent writer has not run, but it owns the lock: nobody can take it first */
    KT_ASSERT(task_state_is_ready(&rw_task[0]));
    KT_ASSERT_EQ(rw_result[0], -1);
    rw_expect(&rw_task[0], 0, 0, 0);
    KT_ASSERT_EQ(tos_rwlock_rpend_try(&rw), K_ERR_RWLOCK_IS_WRITTING);
    KT_ASSERT_EQ(tos_rwlock_wpend_try(&rw), K_ERR_RWLOCK_IS_WRITTING);
    KT_ASSERT_EQ(tos_rwlock_wpost(&rw), K_ERR_RWLOCK_NOT_WRITTING);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT_EQ(rw_result[0], K_ERR_NONE);
    rw_let_go(0);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT_EQ(rw_rel_result[0], K_ERR_NONE);
    rw_expect_free();
}

/* ---------------------------------------------------------------------------------------- */
/* writer preference and wake order                                                          */

KTEST(rwlock, waiting_writer_blocks_new_readers)
{
    rw_reset_state();
    KT_ASSERT_EQ(tos_rwlock_create(&rw), K_ERR_NONE);
    rw_worker(0, KTEST_MAIN_PRIO - 1, RW_OP_READ, TOS_TIME_FOREVER, 1);
    rw_worker(1, KTEST_MAIN_PRIO - 1, RW_OP_WRITE, TOS_TIME_FOREVER, 1);
    rw_expect(K_NULL, 1, 0, 1);
    /* only readers hold it, yet new readers must wait behind the writer */
    KT_ASSERT_EQ(tos_rwlock_rpend_try(&rw), K_ERR_RWLOCK_IS_WRITTING);
    KT_ASSERT_EQ(tos_rwlock_rpend_timed(&rw, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    rw_worker(2, KTEST_MAIN_PRIO - 2, RW_OP_READ, TOS_TIME_FOREVER, 1);
    KT_ASSERT_EQ(rw_result[2], -1);
    rw_expect(K_NULL, 1, 1, 1);
    rw_let_go(0);
    KT_ASSERT_EQ(rw_result[1], K_ERR_NONE);
    KT_ASSERT_EQ(rw_result[2], -1);
    rw_expect(&rw_task[1], 0, 1, 0);
    rw_let_go(1);
    KT_ASSERT_EQ(rw_result[2], K_ERR_NONE);
    rw_expect(K_NULL, 1, 0, 0);
    rw_let_go(2);
    rw_expect_free();
}

KTEST(rwlock, released_lock_goes_to_a_writer_before_earlier_more_urgent_readers)
{
    rw_reset_state();
    KT_ASSERT_EQ(tos_rwlock_create(&rw), K_ERR_NONE);
    rw_worker(0, KTEST_MAIN_PRIO - 1, RW_OP_WRITE, TOS_TIME_FOREVER, 1);
    rw_worker(1, KTEST_MAIN_PRIO - 5, RW_OP_READ, TOS_TIME_FOREVER, 1);     /* first, urgent */
    rw_worker(2, KTEST_MAIN_PRIO - 2, RW_OP_WRITE, TOS_TIME_FOREVER, 1);
    rw_expect(&rw_task[0], 0, 1, 1);
    /* no priority inheritance: the holder keeps its priority */
    KT_ASSERT_EQ(rw_task[0].prio, KTEST_MAIN_PRIO - 1);
    rw_let_go(0);
    KT_ASSERT_EQ(rw_result[2], K_ERR_NONE);
    KT_ASSERT_EQ(rw_result[1], -1);
    rw_expect(&rw_task[2], 0, 1, 0);
    rw_let_go(2);
    KT_ASSERT_EQ(rw_result[1], K_ERR_NONE);
    rw_expect(K_NULL, 1, 0, 0);
    rw_let_go(1);
    KT_ASSERT_EQ(rw_norder, 3u);
    KT_ASSERT_EQ(rw_order[0], 0);
    KT_ASSERT_EQ(rw_order[1], 2);
    KT_ASSERT_EQ(rw_order[2], 1);
    rw_expect_free();
}

KTEST(rwlock, writers_take_turns_most_urgent_then_fifo)
{
    rw_reset_state();
    KT_ASSERT_EQ(tos_rwlock_create(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_wpend(&rw), K_ERR_NONE);
    /* less urgent writers, 13, 11a, 12, 11b, each releasing at once */
    rw_worker(0, KTEST_MAIN_PRIO + 3, RW_OP_WRITE, TOS_TIME_FOREVER, 0);
    rw_worker(1, KTEST_MAIN_PRIO + 1, RW_OP_WRITE, TOS_TIME_FOREVER, 0);
    rw_worker(2, KTEST_MAIN_PRIO + 2, RW_OP_WRITE, 10000, 0);
    rw_worker(3, KTEST_MAIN_PRIO + 1, RW_OP_WRITE, TOS_TIME_FOREVER, 0);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    rw_expect(k_curr_task, 0, 0, 4);
    KT_ASSERT_EQ(tos_rwlock_wpost(&rw), K_ERR_NONE);
    rw_expect(&rw_task[1], 0, 0, 3);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT_EQ(rw_norder, 4u);
    KT_ASSERT_EQ(rw_order[0], 1);
    KT_ASSERT_EQ(rw_order[1], 3);
    KT_ASSERT_EQ(rw_order[2], 2);
    KT_ASSERT_EQ(rw_order[3], 0);
    for (unsigned i = 0; i < 4u; i++) {
        KT_ASSERT_EQ(rw_result[i], K_ERR_NONE);
        KT_ASSERT_EQ(rw_rel_result[i], K_ERR_NONE);
    }
    rw_expect_free();
}

KTEST(rwlock, waiting_readers_are_admitted_together)
{
    rw_reset_state();
    KT_ASSERT_EQ(tos_rwlock_create(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_wpend(&rw), K_ERR_NONE);
    rw_worker(0, KTEST_MAIN_PRIO + 3, RW_OP_READ, TOS_TIME_FOREVER, 1);
    rw_worker(1, KTEST_MAIN_PRIO + 1, RW_OP_READ, TOS_TIME_FOREVER, 1);
    rw_worker(2, KTEST_MAIN_PRIO + 2, RW_OP_READ, 10000, 1);
    rw_worker(3, KTEST_MAIN_PRIO + 1, RW_OP_READ, TOS_TIME_FOREVER, 1);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    rw_expect(k_curr_task, 0, 4, 0);
    KT_ASSERT_EQ(tos_rwlock_wpost(&rw), K_ERR_NONE);
    /* all four hold it before any of them runs */
    rw_expect(K_NULL, 4, 0, 0);
    for (unsigned i = 0; i < 4u; i++) {
        KT_ASSERT(task_state_is_ready(&rw_task[i]));
    }
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT_EQ(rw_norder, 4u);
    KT_ASSERT_EQ(rw_order[0], 1);
    KT_ASSERT_EQ(rw_order[1], 3);
    KT_ASSERT_EQ(rw_order[2], 2);
    KT_ASSERT_EQ(rw_order[3], 0);
    for (unsigned i = 0; i < 4u; i++) {
        KT_ASSERT_EQ(rw_result[i], K_ERR_NONE);
        KT_ASSERT_EQ(rw_seen_readers[i], 4u);
        rw_let_go(i);
    }
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    rw_expect_free();
}

/* ---------------------------------------------------------------------------------------- */
/* timeouts                                                                                  */

KTEST(rwlock, timeouts_after_exactly_n_ticks_leave_the_lock_unchanged)
{
    static const k_tick_t waits[] = { 1, 2, 37, 1000 };
    k_tick_t t0;

    rw_reset_state();
    KT_ASSERT_EQ(tos_rwlock_create(&rw), K_ERR_NONE);
    /* another task writes */
    rw_worker(0, KTEST_MAIN_PRIO - 1, RW_OP_WRITE, TOS_TIME_FOREVER, 1);
    for (unsigned i = 0; i < TOS_COUNT_OF(waits); i++) {
        t0 = rw_tick_align();
        KT_ASSERT_EQ(tos_rwlock_rpend_timed(&rw, waits[i]), K_ERR_PEND_TIMEOUT);
        KT_ASSERT_EQ(tos_systick_get() - t0, waits[i]);
        rw_expect(&rw_task[0], 0, 0, 0);
        t0 = rw_tick_align();
        KT_ASSERT_EQ(tos_rwlock_wpend_timed(&rw, waits[i]), K_ERR_PEND_TIMEOUT);
        KT_ASSERT_EQ(tos_systick_get() - t0, waits[i]);
        rw_expect(&rw_task[0], 0, 0, 0);
    }
    /* we hold nothing */
    KT_ASSERT_EQ(tos_rwlock_rpost(&rw), K_ERR_RWLOCK_NOT_READING);
    KT_ASSERT_EQ(tos_rwlock_wpost(&rw), K_ERR_RWLOCK_NOT_WRITTING);
    KT_ASSERT_EQ(tos_rwlock_post(&rw), K_ERR_RWLOCK_NOT_WRITTING);
    rw_let_go(0);
    KT_ASSERT_EQ(rw_rel_result[0], K_ERR_NONE);
    rw_expect_free();

    /* another task reads: a timed-out writer leaves, and readers get in again */
    rw_worker(1, KTEST_MAIN_PRIO - 1, RW_OP_READ, TOS_TIME_FOREVER, 1);
    t0 = rw_tick_align();
    KT_ASSERT_EQ(tos_rwlock_wpend_timed(&rw, 25), K_ERR_PEND_TIMEOUT);
    KT_ASSERT_EQ(tos_systick_get() - t0, 25u);
    rw_expect(K_NULL, 1, 0, 0);
    KT_ASSERT_EQ(tos_rwlock_rpend_try(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_rpost(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_wpost(&rw), K_ERR_RWLOCK_NOT_WRITTING);
    rw_let_go(1);
    rw_expect_free();
}

KTEST(rwlock, timed_out_writer_lets_the_readers_it_held_up_in)
{
    k_tick_t t0;

    rw_reset_state();
    KT_ASSERT_EQ(tos_rwlock_create(&rw), K_ERR_NONE);
    t0 = rw_tick_align();
    rw_worker(0, KTEST_MAIN_PRIO - 1, RW_OP_READ, TOS_TIME_FOREVER, 1);
    rw_worker(1, KTEST_MAIN_PRIO - 2, RW_OP_WRITE, 20, 1);
    rw_worker(2, KTEST_MAIN_PRIO - 3, RW_OP_READ, TOS_TIME_FOREVER, 1);
    rw_expect(K_NULL, 1, 1, 1);
    KT_ASSERT_EQ(tos_task_delay(30), K_ERR_NONE);
    KT_ASSERT_EQ(rw_result[1], K_ERR_PEND_TIMEOUT);
    KT_ASSERT_EQ(rw_ret_tick[1], t0 + 20);
    /* the reader got in when the writer gave up, without any release */
    KT_ASSERT_EQ(rw_result[2], K_ERR_NONE);
    KT_ASSERT_EQ(rw_ret_tick[2], t0 + 20);
    rw_expect(K_NULL, 2, 0, 0);
    rw_let_go(0);
    rw_let_go(2);
    rw_expect_free();
}

KTEST(rwlock, timed_waits_succeed_when_released_in_time)
{
    k_tick_t t0;

    rw_reset_state();
    KT_ASSERT_EQ(tos_rwlock_create(&rw), K_ERR_NONE);
    t0 = rw_tick_align();
    rw_worker(0, KTEST_MAIN_PRIO - 1, RW_OP_WRITE, TOS_TIME_FOREVER, 1);
    rw_worker(1, KTEST_MAIN_PRIO - 2, RW_OP_WRITE, 100, 1);
    rw_worker(2, KTEST_MAIN_PRIO - 3, RW_OP_READ, 100, 1);
    KT_ASSERT_EQ(tos_task_delay(40), K_ERR_NONE);
    rw_let_go(0);
    KT_ASSERT_EQ(rw_result[1], K_ERR_NONE);
    KT_ASSERT_EQ(rw_ret_tick[1], t0 + 40);
    KT_ASSERT_EQ(tos_task_delay(10), K_ERR_NONE);
    rw_let_go(1);
    KT_ASSERT_EQ(rw_result[2], K_ERR_NONE);
    KT_ASSERT_EQ(rw_ret_tick[2], t0 + 50);
    rw_let_go(2);
    rw_expect_free();
}

/* ---------------------------------------------------------------------------------------- */
/* destroy                                                                                   */

KTEST(rwlock, destroy_wakes_waiting_readers_and_writers)
{
    k_tick_t t0;

    rw_reset_state();
    KT_ASSERT_EQ(tos_rwlock_create(&rw), K_ERR_NONE);
    t0 = rw_tick_align();
    rw_worker(0, KTEST_MAIN_PRIO - 1, RW_OP_WRITE, TOS_TIME_FOREVER, 1);
    rw_worker(1, KTEST_MAIN_PRIO - 2, RW_OP_READ, TOS_TIME_FOREVER, 1);
    rw_worker(2, KTEST_MAIN_PRIO + 1, RW_OP_READ, 30, 1);
    rw_worker(3, KTEST_MAIN_PRIO - 3, RW_OP_WRITE, 50, 1);
    rw_worker(4, KTEST_MAIN_PRIO + 2, RW_OP_WRITE, TOS_TIME_FOREVER, 1);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    rw_expect(&rw_task[0], 0, 2, 2);
    KT_ASSERT_EQ(tos_rwlock_destroy(&rw), K_ERR_NONE);
    /* the more urgent waiters ran before destroy returned, most urgent first */
    KT_ASSERT_EQ(rw_result[3], K_ERR_PEND_DESTROY);
    KT_ASSERT_EQ(rw_result[1], K_ERR_PEND_DESTROY);
    KT_ASSERT_EQ(rw_order[1], 3);
    KT_ASSERT_EQ(rw_order[2], 1);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT_EQ(rw_result[2], K_ERR_PEND_DESTROY);
    KT_ASSERT_EQ(rw_result[4], K_ERR_PEND_DESTROY);
    for (unsigned i = 1; i < 5u; i++) {
        KT_ASSERT_LT(rw_ret_tick[i], t0 + 30);
        KT_ASSERT_EQ(rw_rel_result[i], -1);         /* none of them got the lock */
    }
    /* the former holder's release finds no lock */
    rw_let_go(0);
    KT_ASSERT_EQ(rw_rel_result[0], K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_task_delay(60), K_ERR_NONE);
    KT_ASSERT_EQ(rw_norder, 5u);
    KT_ASSERT_EQ(tos_rwlock_create(&rw), K_ERR_NONE);
    rw_expect_free();
}

/* ---------------------------------------------------------------------------------------- */
/* error paths leave no lock held                                                            */

KTEST(rwlock, too_many_read_holds_is_refused)
{
    KT_ASSERT_EQ(tos_rwlock_create(&rw), K_ERR_NONE);
    for (unsigned i = 0; i < K_RWLOCK_READERS_MAX; i++) {
        KT_ASSERT_EQ(i & 1u ? tos_rwlock_rpend_try(&rw) : tos_rwlock_rpend(&rw), K_ERR_NONE);
    }
    rw_expect(K_NULL, K_RWLOCK_READERS_MAX, 0, 0);
    KT_ASSERT_EQ(tos_rwlock_rpend_try(&rw), K_ERR_RWLOCK_READERS_TO_MANY);
    KT_ASSERT_EQ(tos_rwlock_rpend(&rw), K_ERR_RWLOCK_READERS_TO_MANY);
    KT_ASSERT_EQ(tos_rwlock_rpend_timed(&rw, 10), K_ERR_RWLOCK_READERS_TO_MANY);
    rw_expect(K_NULL, K_RWLOCK_READERS_MAX, 0, 0);
    KT_ASSERT_EQ(tos_rwlock_rpost(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_rpend_try(&rw), K_ERR_NONE);
    for (unsigned i = 0; i < K_RWLOCK_READERS_MAX; i++) {
        KT_ASSERT_EQ(i & 1u ? tos_rwlock_rpost(&rw) : tos_rwlock_post(&rw), K_ERR_NONE);
    }
    rw_expect_free();
}

KTEST(rwlock, sched_locked_waits_are_refused_without_side_effects)
{
    rw_reset_state();
    KT_ASSERT_EQ(tos_rwlock_create(&rw), K_ERR_NONE);
    rw_worker(0, KTEST_MAIN_PRIO - 1, RW_OP_WRITE, TOS_TIME_FOREVER, 1);
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_rpend(&rw), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_rwlock_rpend_timed(&rw, 10), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_rwlock_wpend(&rw), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_rwlock_wpend_timed(&rw, 10), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_rwlock_rpend_try(&rw), K_ERR_RWLOCK_IS_WRITTING);
    rw_expect(&rw_task[0], 0, 0, 0);
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
    rw_let_go(0);
    rw_expect_free();
    /* a free lock is taken with the scheduler locked: no waiting needed */
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_wpend(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_wpost(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_rpend(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_rpost(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
}

KTEST(rwlock, releasing_what_the_caller_does_not_hold_is_refused)
{
    rw_reset_state();
    KT_ASSERT_EQ(tos_rwlock_create(&rw), K_ERR_NONE);
    /* another task's write lock cannot be released by us */
    rw_worker(0, KTEST_MAIN_PRIO - 1, RW_OP_WRITE, TOS_TIME_FOREVER, 1);
    KT_ASSERT_EQ(tos_rwlock_wpost(&rw), K_ERR_RWLOCK_NOT_WRITTING);
    KT_ASSERT_EQ(tos_rwlock_post(&rw), K_ERR_RWLOCK_NOT_WRITTING);
    KT_ASSERT_EQ(tos_rwlock_rpost(&rw), K_ERR_RWLOCK_NOT_READING);
    rw_expect(&rw_task[0], 0, 0, 0);
    rw_let_go(0);
    KT_ASSERT_EQ(rw_rel_result[0], K_ERR_NONE);
    rw_expect_free();

    /* read holds are only counted: another task may release ours */
    KT_ASSERT_EQ(tos_rwlock_rpend(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_wpost(&rw), K_ERR_RWLOCK_NOT_WRITTING);
    rw_expect(K_NULL, 1, 0, 0);
    rw_worker(1, KTEST_MAIN_PRIO - 1, RW_OP_RPOST, TOS_TIME_FOREVER, 0);
    KT_ASSERT_EQ(rw_result[1], K_ERR_NONE);
    rw_worker(2, KTEST_MAIN_PRIO - 1, RW_OP_RPOST, TOS_TIME_FOREVER, 0);
    KT_ASSERT_EQ(rw_result[2], K_ERR_RWLOCK_NOT_READING);
    rw_expect_free();
}

KTEST(rwlock, a_destroyed_waiting_writer_leaves_no_trace)
{
    rw_reset_state();
    KT_ASSERT_EQ(tos_rwlock_create(&rw), K_ERR_NONE);
    rw_worker(0, KTEST_MAIN_PRIO - 1, RW_OP_READ, TOS_TIME_FOREVER, 1);
    rw_worker(1, KTEST_MAIN_PRIO - 1, RW_OP_WRITE, TOS_TIME_FOREVER, 1);
    rw_expect(K_NULL, 1, 0, 1);
    KT_ASSERT_EQ(tos_rwlock_rpend_try(&rw), K_ERR_RWLOCK_IS_WRITTING);
    KT_ASSERT_EQ(tos_task_destroy(&rw_task[1]), K_ERR_NONE);
    rw_expect(K_NULL, 1, 0, 0);
    /* readers are no longer held up */
    KT_ASSERT_EQ(tos_rwlock_rpend_try(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_rpost(&rw), K_ERR_NONE);
    rw_let_go(0);
    rw_expect_free();
}

/* K_RWLOCK_WAITING_WRITERS_MAX writers wait; one more is refused. The writers do little, so
   their stacks are smaller than KTEST_STK_SIZE (targets run on them; RAM is finite). */
#define RW_MANY             K_RWLOCK_WAITING_WRITERS_MAX
#define RW_MANY_STK_SIZE    1024u

static k_task_t rw_many_task[RW_MANY];
static k_stack_t rw_many_stack[RW_MANY][RW_MANY_STK_SIZE] __attribute__((aligned(8)));
static volatile unsigned rw_many_done;
static volatile unsigned rw_many_bad;

static void rw_many_entry(void *arg)
{
    (void)arg;
    if (tos_rwlock_wpend(&rw) != K_ERR_NONE || rw.writer != k_curr_task) {
        rw_many_bad++;
        return;
    }
    rw_many_done++;
    if (tos_rwlock_wpost(&rw) != K_ERR_NONE) {
        rw_many_bad++;
    }
}

KTEST(rwlock, too_many_waiting_writers_is_refused)
{
    k_tick_t t0;

    rw_many_done = 0;
    rw_many_bad = 0;
    KT_ASSERT_EQ(tos_rwlock_create(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_rpend(&rw), K_ERR_NONE);
    for (unsigned i = 0; i < RW_MANY; i++) {
        KT_ASSERT_EQ(tos_task_create(&rw_many_task[i], "many", rw_many_entry, K_NULL,
                                     KTEST_MAIN_PRIO - 1, rw_many_stack[i], RW_MANY_STK_SIZE, 0u),
                     K_ERR_NONE);
    }
    rw_expect(K_NULL, 1, 0, RW_MANY);
    t0 = rw_tick_align();
    KT_ASSERT_EQ(tos_rwlock_wpend(&rw), K_ERR_RWLOCK_WAITING_WRITERS_TO_MANY);
    KT_ASSERT_EQ(tos_rwlock_wpend_timed(&rw, 10), K_ERR_RWLOCK_WAITING_WRITERS_TO_MANY);
    KT_ASSERT_EQ(tos_rwlock_wpend_timed(&rw, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(tos_rwlock_wpend_try(&rw), K_ERR_RWLOCK_IS_READING);
    KT_ASSERT_LT(tos_systick_get() - t0, 10u);      /* the timed call did not wait */
    rw_expect(K_NULL, 1, 0, RW_MANY);
    /* our read hold goes: every writer takes its turn before we run again */
    KT_ASSERT_EQ(tos_rwlock_rpost(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(rw_many_done, RW_MANY);
    KT_ASSERT_EQ(rw_many_bad, 0u);
    rw_expect_free();
}

/* ---------------------------------------------------------------------------------------- */
/* ISR                                                                                       */

static volatile k_err_t rw_isr_err[11];
static k_rwlock_t rw_isr_local;

static void rw_isr_calls(void)
{
    tos_knl_irq_enter();
    rw_isr_err[0] = tos_rwlock_create(&rw_isr_local);
    rw_isr_err[1] = tos_rwlock_destroy(&rw);
    rw_isr_err[2] = tos_rwlock_rpend_timed(&rw, 10);
    rw_isr_err[3] = tos_rwlock_rpend(&rw);
    rw_isr_err[4] = tos_rwlock_rpend_try(&rw);
    rw_isr_err[5] = tos_rwlock_wpend_timed(&rw, TOS_TIME_NOWAIT);
    rw_isr_err[6] = tos_rwlock_wpend(&rw);
    rw_isr_err[7] = tos_rwlock_wpend_try(&rw);
    rw_isr_err[8] = tos_rwlock_rpost(&rw);
    rw_isr_err[9] = tos_rwlock_wpost(&rw);
    rw_isr_err[10] = tos_rwlock_post(&rw);
    tos_knl_irq_leave();
}

KTEST(rwlock, every_call_is_refused_in_an_isr)
{
    for (unsigned i = 0; i < TOS_COUNT_OF(rw_isr_err); i++) {
        rw_isr_err[i] = (k_err_t)-1;
    }
    memset(&rw_isr_local, 0, sizeof rw_isr_local);
    KT_ASSERT_EQ(tos_rwlock_create(&rw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_rwlock_rpend(&rw), K_ERR_NONE);
    ktest_irq_connect(0, rw_isr_calls, 0x40);
    ktest_irq_raise(0);
    for (unsigned i = 0; i < TOS_COUNT_OF(rw_isr_err); i++) {
        KT_ASSERT_EQ(rw_isr_err[i], K_ERR_IN_IRQ);
    }
    KT_ASSERT_EQ(tos_rwlock_rpost(&rw_isr_local), K_ERR_OBJ_INVALID);   /* not created */
    rw_expect(K_NULL, 1, 0, 0);                                          /* untouched */
    KT_ASSERT_EQ(tos_rwlock_rpost(&rw), K_ERR_NONE);
    rw_expect_free();
}
