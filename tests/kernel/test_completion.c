/*
 * Conformance: completions (tos_completion.h).
 *
 * Tasks more urgent than the case's task (KTEST_MAIN_PRIO) run as soon as they are made ready;
 * less urgent ones run only when the case's task blocks (tos_task_delay). Every case resets the
 * static state it uses before creating any task.
 */
#include "ktest.h"

#define CP_NTASK    4u

static k_completion_t cp;
static k_task_t cp_task[CP_NTASK];
KTEST_STACK(cp_stack0);
KTEST_STACK(cp_stack1);
KTEST_STACK(cp_stack2);
KTEST_STACK(cp_stack3);
static k_stack_t *const cp_stacks[CP_NTASK] = { cp_stack0, cp_stack1, cp_stack2, cp_stack3 };

/* What the waiters did: result (-1 = not returned yet), return order, tick of return. */
static volatile int cp_result[CP_NTASK];
static volatile k_tick_t cp_ret_tick[CP_NTASK];
static volatile int cp_order[CP_NTASK];
static volatile unsigned cp_norder;
static k_tick_t cp_timeout[CP_NTASK];

static void cp_reset_state(void)
{
    for (unsigned i = 0; i < CP_NTASK; i++) {
        cp_result[i] = -1;
        cp_ret_tick[i] = 0;
        cp_timeout[i] = TOS_TIME_FOREVER;
        cp_order[i] = -1;
    }
    cp_norder = 0;
}

static void cp_waiter_entry(void *arg)
{
    unsigned idx = (unsigned)(uintptr_t)arg;
    k_err_t err = cp_timeout[idx] == TOS_TIME_FOREVER ? tos_completion_pend(&cp)
                                                      : tos_completion_pend_timed(&cp, cp_timeout[idx]);

    cp_result[idx] = (int)err;
    cp_ret_tick[idx] = tos_systick_get();
    cp_order[cp_norder++] = (int)idx;
}

static void cp_waiter_create(unsigned idx, k_prio_t prio, k_tick_t timeout)
{
    static const char *const names[CP_NTASK] = { "c0", "c1", "c2", "c3" };
    cp_timeout[idx] = timeout;
    ktest_task_create(&cp_task[idx], names[idx], cp_waiter_entry, (void *)(uintptr_t)idx, prio,
                      cp_stacks[idx]);
}

/* Start right after a tick, so "N ticks later" is exact. */
static k_tick_t cp_tick_align(void)
{
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    return tos_systick_get();
}

/* ---------------------------------------------------------------------------------------- */
/* basic calls                                                                               */

KTEST(completion, create_post_pend_reset)
{
    k_tick_t t0;

    KT_ASSERT_EQ(tos_completion_create(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(cp.done, 0);
    KT_ASSERT_EQ(tos_completion_is_done(&cp), K_FALSE);
    KT_ASSERT_EQ(tos_completion_pend_timed(&cp, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);

    KT_ASSERT_EQ(tos_completion_post(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(cp.done, 1);
    KT_ASSERT_EQ(tos_completion_is_done(&cp), K_TRUE);
    /* a done completion lets every wait through without consuming it */
    t0 = cp_tick_align();
    KT_ASSERT_EQ(tos_completion_pend_timed(&cp, TOS_TIME_NOWAIT), K_ERR_NONE);
    KT_ASSERT_EQ(tos_completion_pend_timed(&cp, 10), K_ERR_NONE);
    KT_ASSERT_EQ(tos_completion_pend(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(tos_systick_get(), t0);
    KT_ASSERT_EQ(tos_completion_is_done(&cp), K_TRUE);
    KT_ASSERT_EQ(cp.done, 1);

    KT_ASSERT_EQ(tos_completion_post_all(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(cp.done, 2);

    KT_ASSERT_EQ(tos_completion_reset(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(cp.done, 0);
    KT_ASSERT_EQ(tos_completion_is_done(&cp), K_FALSE);
    KT_ASSERT_EQ(tos_completion_pend_timed(&cp, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    /* resetting a completion that is not done is harmless */
    KT_ASSERT_EQ(tos_completion_reset(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(tos_completion_is_done(&cp), K_FALSE);

    KT_ASSERT_EQ(tos_completion_post_all(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(tos_completion_is_done(&cp), K_TRUE);
    KT_ASSERT_EQ(tos_completion_destroy(&cp), K_ERR_NONE);
}

KTEST(completion, null_pointers)
{
    KT_ASSERT_EQ(tos_completion_create(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_completion_destroy(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_completion_pend_timed(K_NULL, TOS_TIME_NOWAIT), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_completion_pend_timed(K_NULL, 10), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_completion_pend(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_completion_post(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_completion_post_all(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_completion_reset(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_completion_is_done(K_NULL), K_FALSE);
}

KTEST(completion, destroyed_uninitialised_or_wrong_type_is_invalid)
{
    k_completion_t junk;
    k_sem_t sem;

    KT_ASSERT_EQ(tos_completion_create(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(tos_completion_post(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(tos_completion_is_done(&cp), K_TRUE);
    KT_ASSERT_EQ(tos_completion_destroy(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(tos_completion_destroy(&cp), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_completion_pend_timed(&cp, TOS_TIME_NOWAIT), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_completion_pend_timed(&cp, 5), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_completion_pend(&cp), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_completion_post(&cp), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_completion_post_all(&cp), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_completion_reset(&cp), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_completion_is_done(&cp), K_FALSE);     /* was done before the destroy */

    memset(&junk, 0, sizeof junk);
    KT_ASSERT_EQ(tos_completion_post(&junk), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_completion_pend(&junk), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_completion_destroy(&junk), K_ERR_OBJ_INVALID);
    junk.done = 1u;
    KT_ASSERT_EQ(tos_completion_is_done(&junk), K_FALSE);

    /* another kind of kernel object is not a completion */
    KT_ASSERT_EQ(tos_sem_create(&sem, 1), K_ERR_NONE);
    KT_ASSERT_EQ(tos_completion_post((k_completion_t *)(void *)&sem), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_completion_pend((k_completion_t *)(void *)&sem), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_completion_destroy((k_completion_t *)(void *)&sem), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_NOWAIT), K_ERR_NONE);   /* untouched */

    /* re-creating a destroyed completion makes it usable again, not done */
    KT_ASSERT_EQ(tos_completion_create(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(tos_completion_is_done(&cp), K_FALSE);
    KT_ASSERT_EQ(tos_completion_post(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(tos_completion_pend(&cp), K_ERR_NONE);
}

KTEST(completion, post_overflow_changes_nothing)
{
    KT_ASSERT_EQ(tos_completion_create(&cp), K_ERR_NONE);
    for (unsigned i = 0; i < 0xFFFFu; i++) {
        KT_ASSERT_EQ(i & 1u ? tos_completion_post_all(&cp) : tos_completion_post(&cp), K_ERR_NONE);
    }
    KT_ASSERT_EQ(cp.done, 0xFFFFu);
    KT_ASSERT_EQ(tos_completion_post(&cp), K_ERR_COMPLETION_OVERFLOW);
    KT_ASSERT_EQ(tos_completion_post_all(&cp), K_ERR_COMPLETION_OVERFLOW);
    KT_ASSERT_EQ(cp.done, 0xFFFFu);
    KT_ASSERT_EQ(tos_completion_is_done(&cp), K_TRUE);
    KT_ASSERT_EQ(tos_completion_pend_timed(&cp, TOS_TIME_NOWAIT), K_ERR_NONE);
    /* reset makes room again */
    KT_ASSERT_EQ(tos_completion_reset(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(tos_completion_post(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(cp.done, 1u);
}

/* ---------------------------------------------------------------------------------------- */
/* pend error codes                                                                          */

KTEST(completion, pend_sched_locked)
{
    k_tick_t t0;

    KT_ASSERT_EQ(tos_completion_create(&cp), K_ERR_NONE);
    t0 = cp_tick_align();
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    KT_ASSERT_EQ(tos_completion_pend_timed(&cp, 10), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_completion_pend(&cp), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_completion_pend_timed(&cp, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(tos_systick_get(), t0);
    /* a done completion passes with the scheduler locked: no need to block */
    KT_ASSERT_EQ(tos_completion_post(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(tos_completion_pend(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
    KT_ASSERT(pend_is_nopending(&cp.pend_obj));
}

KTEST(completion, pend_timeout_after_exactly_n_ticks)
{
    static const k_tick_t waits[] = { 1, 2, 37, 1000 };
    k_tick_t t0;

    KT_ASSERT_EQ(tos_completion_create(&cp), K_ERR_NONE);
    for (unsigned i = 0; i < TOS_COUNT_OF(waits); i++) {
        t0 = cp_tick_align();
        KT_ASSERT_EQ(tos_completion_pend_timed(&cp, waits[i]), K_ERR_PEND_TIMEOUT);
        KT_ASSERT_EQ(tos_systick_get() - t0, waits[i]);
        KT_ASSERT(pend_is_nopending(&cp.pend_obj));
    }
    KT_ASSERT_EQ(tos_completion_is_done(&cp), K_FALSE);
}

KTEST(completion, timed_out_waiter_is_not_woken_later)
{
    k_tick_t t0;

    cp_reset_state();
    KT_ASSERT_EQ(tos_completion_create(&cp), K_ERR_NONE);
    t0 = cp_tick_align();
    cp_waiter_create(0, KTEST_MAIN_PRIO - 2, 20);       /* more urgent, but times out */
    cp_waiter_create(1, KTEST_MAIN_PRIO - 1, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(tos_task_delay(25), K_ERR_NONE);
    KT_ASSERT_EQ(cp_result[0], K_ERR_PEND_TIMEOUT);
    KT_ASSERT_EQ(cp_ret_tick[0], t0 + 20);
    KT_ASSERT_EQ(cp_result[1], -1);
    KT_ASSERT_EQ(tos_completion_post(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(cp_result[1], K_ERR_NONE);
    KT_ASSERT_EQ(cp_norder, 2u);
}

KTEST_PRESTART(completion, blocking_before_start_is_refused)
{
    KT_ASSERT_EQ(tos_completion_create(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(tos_completion_pend_timed(&cp, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(tos_completion_pend_timed(&cp, 10), K_ERR_KNL_NOT_RUNNING);
    KT_ASSERT_EQ(tos_completion_pend(&cp), K_ERR_KNL_NOT_RUNNING);
    /* the rest works before the start */
    KT_ASSERT_EQ(tos_completion_post(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(tos_completion_is_done(&cp), K_TRUE);
    KT_ASSERT_EQ(tos_completion_pend(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(tos_completion_post_all(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(cp.done, 2u);
    KT_ASSERT_EQ(tos_completion_reset(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(tos_completion_is_done(&cp), K_FALSE);
    KT_ASSERT_EQ(tos_completion_destroy(&cp), K_ERR_NONE);
}

KTEST(completion, destroy_wakes_every_waiter)
{
    k_tick_t t0;

    cp_reset_state();
    KT_ASSERT_EQ(tos_completion_create(&cp), K_ERR_NONE);
    t0 = cp_tick_align();
    cp_waiter_create(0, KTEST_MAIN_PRIO - 2, TOS_TIME_FOREVER);
    cp_waiter_create(1, KTEST_MAIN_PRIO - 1, 50);
    cp_waiter_create(2, KTEST_MAIN_PRIO + 1, TOS_TIME_FOREVER);
    cp_waiter_create(3, KTEST_MAIN_PRIO + 2, 30);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    for (unsigned i = 0; i < CP_NTASK; i++) {
        KT_ASSERT(task_state_is_pending(&cp_task[i]));
    }
    KT_ASSERT_EQ(tos_completion_destroy(&cp), K_ERR_NONE);
    /* the more urgent ones ran before destroy returned, most urgent first */
    KT_ASSERT_EQ(cp_norder, 2u);
    KT_ASSERT_EQ(cp_order[0], 0);
    KT_ASSERT_EQ(cp_order[1], 1);
    KT_ASSERT(task_state_is_ready(&cp_task[2]));
    KT_ASSERT(task_state_is_ready(&cp_task[3]));
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT_EQ(cp_norder, 4u);
    KT_ASSERT_EQ(cp_order[2], 2);
    KT_ASSERT_EQ(cp_order[3], 3);
    for (unsigned i = 0; i < CP_NTASK; i++) {
        KT_ASSERT_EQ(cp_result[i], K_ERR_PEND_DESTROY);
        KT_ASSERT_LT(cp_ret_tick[i], t0 + 30);
    }
    KT_ASSERT_EQ(tos_completion_post(&cp), K_ERR_OBJ_INVALID);
}

/* ---------------------------------------------------------------------------------------- */
/* ISR use                                                                                   */

static volatile k_err_t cp_isr_err[8];
static volatile int cp_isr_done_seen;
static volatile int cp_isr_waiter_ran_in_isr;
static k_completion_t cp_isr_local;

static void cp_isr_calls(void)
{
    tos_knl_irq_enter();
    cp_isr_err[0] = tos_completion_pend_timed(&cp, TOS_TIME_NOWAIT);
    cp_isr_err[1] = tos_completion_pend_timed(&cp, 10);
    cp_isr_err[2] = tos_completion_pend(&cp);
    cp_isr_err[3] = tos_completion_create(&cp_isr_local);      /* the rest is ISR-safe */
    cp_isr_err[4] = tos_completion_post_all(&cp_isr_local);
    cp_isr_done_seen = tos_completion_is_done(&cp_isr_local);
    cp_isr_err[5] = tos_completion_reset(&cp_isr_local);
    cp_isr_err[6] = tos_completion_destroy(&cp_isr_local);
    tos_knl_irq_leave();
}

KTEST(completion, pend_in_isr_is_refused_the_rest_works)
{
    for (unsigned i = 0; i < TOS_COUNT_OF(cp_isr_err); i++) {
        cp_isr_err[i] = (k_err_t)-1;
    }
    cp_isr_done_seen = -1;
    KT_ASSERT_EQ(tos_completion_create(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(tos_completion_post(&cp), K_ERR_NONE);     /* refused although done */
    ktest_irq_connect(0, cp_isr_calls, 0x40);
    ktest_irq_raise(0);
    KT_ASSERT_EQ(cp_isr_err[0], K_ERR_IN_IRQ);
    KT_ASSERT_EQ(cp_isr_err[1], K_ERR_IN_IRQ);
    KT_ASSERT_EQ(cp_isr_err[2], K_ERR_IN_IRQ);
    KT_ASSERT_EQ(cp_isr_err[3], K_ERR_NONE);
    KT_ASSERT_EQ(cp_isr_err[4], K_ERR_NONE);
    KT_ASSERT_EQ(cp_isr_done_seen, K_TRUE);
    KT_ASSERT_EQ(cp_isr_err[5], K_ERR_NONE);
    KT_ASSERT_EQ(cp_isr_err[6], K_ERR_NONE);
    KT_ASSERT_EQ(tos_completion_post(&cp_isr_local), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(cp.done, 1u);
}

static volatile int cp_isr_post_all;

static void cp_isr_post(void)
{
    unsigned before = cp_norder;

    tos_knl_irq_enter();
    if (cp_isr_post_all) {
        KT_ASSERT_EQ(tos_completion_post_all(&cp), K_ERR_NONE);
    } else {
        KT_ASSERT_EQ(tos_completion_post(&cp), K_ERR_NONE);
    }
    /* an ISR is never preempted by the task it woke */
    cp_isr_waiter_ran_in_isr = cp_norder != before;
    tos_knl_irq_leave();
}

KTEST(completion, isr_post_wakes_task_at_irq_leave)
{
    cp_reset_state();
    cp_isr_waiter_ran_in_isr = -1;
    cp_isr_post_all = 0;
    KT_ASSERT_EQ(tos_completion_create(&cp), K_ERR_NONE);
    cp_waiter_create(0, KTEST_MAIN_PRIO - 1, TOS_TIME_FOREVER);
    cp_waiter_create(1, KTEST_MAIN_PRIO - 2, TOS_TIME_FOREVER);
    KT_ASSERT(task_state_is_pending(&cp_task[0]));
    KT_ASSERT(task_state_is_pending(&cp_task[1]));
    ktest_irq_connect(1, cp_isr_post, 0x40);
    ktest_irq_raise(1);
    KT_ASSERT_EQ(cp_isr_waiter_ran_in_isr, 0);
    /* one post, one waiter: the most urgent ran between irq leave and our return */
    KT_ASSERT_EQ(cp_norder, 1u);
    KT_ASSERT_EQ(cp_order[0], 1);
    KT_ASSERT_EQ(cp_result[1], K_ERR_NONE);
    KT_ASSERT(task_state_is_pending(&cp_task[0]));

    cp_isr_waiter_ran_in_isr = -1;
    cp_isr_post_all = 1;
    ktest_irq_raise(1);
    KT_ASSERT_EQ(cp_isr_waiter_ran_in_isr, 0);
    KT_ASSERT_EQ(cp_norder, 2u);
    KT_ASSERT_EQ(cp_result[0], K_ERR_NONE);
    KT_ASSERT_EQ(cp.done, 2u);
}

/* ---------------------------------------------------------------------------------------- */
/* wake order and done semantics                                                            */

/* Waiters less urgent than us, created in the order 13, 11a, 12, 11b, all blocked. */
static void cp_make_four_waiters(void)
{
    cp_waiter_create(0, KTEST_MAIN_PRIO + 3, TOS_TIME_FOREVER);
    cp_waiter_create(1, KTEST_MAIN_PRIO + 1, TOS_TIME_FOREVER);
    cp_waiter_create(2, KTEST_MAIN_PRIO + 2, TOS_TIME_FOREVER);
    cp_waiter_create(3, KTEST_MAIN_PRIO + 1, 10000);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    for (unsigned i = 0; i < CP_NTASK; i++) {
        KT_ASSERT(task_state_is_pending(&cp_task[i]));
    }
}

KTEST(completion, post_wakes_one_waiter_most_urgent_then_fifo)
{
    static const unsigned expect[CP_NTASK] = { 1, 3, 2, 0 };

    cp_reset_state();
    KT_ASSERT_EQ(tos_completion_create(&cp), K_ERR_NONE);
    cp_make_four_waiters();
    for (unsigned n = 0; n < CP_NTASK; n++) {
        KT_ASSERT_EQ(tos_completion_post(&cp), K_ERR_NONE);
        KT_ASSERT_EQ(cp.done, n + 1u);
        KT_ASSERT_EQ(tos_completion_is_done(&cp), K_TRUE);
        /* exactly the expected waiter was made ready: the others still wait although done */
        for (unsigned i = 0; i < CP_NTASK; i++) {
            int woken_before = 0;
            for (unsigned k = 0; k < n; k++) {
                woken_before |= expect[k] == i;
            }
            if (woken_before) {
                continue;
            }
            if (i == expect[n]) {
                KT_ASSERT(task_state_is_ready(&cp_task[i]));
            } else {
                KT_ASSERT(task_state_is_pending(&cp_task[i]));
            }
        }
        KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
        KT_ASSERT_EQ(cp_norder, n + 1u);
        KT_ASSERT_EQ(cp_order[n], expect[n]);
        KT_ASSERT_EQ(cp_result[expect[n]], K_ERR_NONE);
    }
}

KTEST(completion, post_all_wakes_every_waiter_in_order)
{
    cp_reset_state();
    KT_ASSERT_EQ(tos_completion_create(&cp), K_ERR_NONE);
    /* more urgent than us: each blocks as soon as it is created; 7, 6a, 8, 6b */
    cp_waiter_create(0, KTEST_MAIN_PRIO - 3, TOS_TIME_FOREVER);
    cp_waiter_create(1, KTEST_MAIN_PRIO - 4, TOS_TIME_FOREVER);
    cp_waiter_create(2, KTEST_MAIN_PRIO - 2, 500);
    cp_waiter_create(3, KTEST_MAIN_PRIO - 4, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(cp_norder, 0u);
    KT_ASSERT_EQ(tos_completion_post_all(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(cp_norder, 4u);
    KT_ASSERT_EQ(cp_order[0], 1);
    KT_ASSERT_EQ(cp_order[1], 3);
    KT_ASSERT_EQ(cp_order[2], 0);
    KT_ASSERT_EQ(cp_order[3], 2);
    for (unsigned i = 0; i < CP_NTASK; i++) {
        KT_ASSERT_EQ(cp_result[i], K_ERR_NONE);
    }
    /* and it stays done */
    KT_ASSERT_EQ(cp.done, 1u);
    KT_ASSERT_EQ(tos_completion_pend_timed(&cp, 5), K_ERR_NONE);
}

KTEST(completion, post_all_to_less_urgent_waiters_readies_them_all)
{
    cp_reset_state();
    KT_ASSERT_EQ(tos_completion_create(&cp), K_ERR_NONE);
    cp_make_four_waiters();
    KT_ASSERT_EQ(tos_completion_post_all(&cp), K_ERR_NONE);
    for (unsigned i = 0; i < CP_NTASK; i++) {
        KT_ASSERT(task_state_is_ready(&cp_task[i]));
    }
    KT_ASSERT_EQ(cp_norder, 0u);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT_EQ(cp_norder, 4u);
    KT_ASSERT_EQ(cp_order[0], 1);
    KT_ASSERT_EQ(cp_order[1], 3);
    KT_ASSERT_EQ(cp_order[2], 2);
    KT_ASSERT_EQ(cp_order[3], 0);
}

KTEST(completion, done_lets_later_waiters_through_until_reset)
{
    k_tick_t t0;

    cp_reset_state();
    KT_ASSERT_EQ(tos_completion_create(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(tos_completion_post(&cp), K_ERR_NONE);     /* nobody waiting: just marks done */
    t0 = cp_tick_align();
    cp_waiter_create(0, KTEST_MAIN_PRIO - 1, TOS_TIME_FOREVER);
    cp_waiter_create(1, KTEST_MAIN_PRIO - 2, 100);
    KT_ASSERT_EQ(cp_result[0], K_ERR_NONE);
    KT_ASSERT_EQ(cp_result[1], K_ERR_NONE);
    KT_ASSERT_EQ(cp_ret_tick[0], t0);
    KT_ASSERT_EQ(cp_ret_tick[1], t0);

    KT_ASSERT_EQ(tos_completion_reset(&cp), K_ERR_NONE);
    cp_waiter_create(2, KTEST_MAIN_PRIO - 1, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(cp_result[2], -1);
    KT_ASSERT(task_state_is_pending(&cp_task[2]));
}

KTEST(completion, reset_does_not_release_or_disturb_waiters)
{
    cp_reset_state();
    KT_ASSERT_EQ(tos_completion_create(&cp), K_ERR_NONE);
    cp_waiter_create(0, KTEST_MAIN_PRIO - 1, TOS_TIME_FOREVER);
    KT_ASSERT(task_state_is_pending(&cp_task[0]));
    KT_ASSERT_EQ(tos_completion_reset(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_delay(5), K_ERR_NONE);
    KT_ASSERT(task_state_is_pending(&cp_task[0]));
    KT_ASSERT_EQ(cp_result[0], -1);
    KT_ASSERT_EQ(tos_completion_post(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(cp_result[0], K_ERR_NONE);
}

KTEST(completion, timed_wait_returns_when_posted)
{
    k_tick_t t0;

    cp_reset_state();
    KT_ASSERT_EQ(tos_completion_create(&cp), K_ERR_NONE);
    t0 = cp_tick_align();
    cp_waiter_create(0, KTEST_MAIN_PRIO - 1, 100);
    KT_ASSERT_EQ(tos_task_delay(40), K_ERR_NONE);
    KT_ASSERT_EQ(cp_result[0], -1);
    KT_ASSERT_EQ(tos_completion_post(&cp), K_ERR_NONE);
    KT_ASSERT_EQ(cp_result[0], K_ERR_NONE);
    KT_ASSERT_EQ(cp_ret_tick[0], t0 + 40);
}
