/*
 * Conformance: countdown latches (tos_countdownlatch.h).
 *
 * Tasks more urgent than the case's task (KTEST_MAIN_PRIO) run as soon as they are made ready;
 * less urgent ones run only when the case's task blocks (tos_task_delay). Every case resets the
 * static state it uses before creating any task.
 */
#include "ktest.h"

#define CDL_NTASK   4u

static k_countdownlatch_t cdl;
static k_task_t cdl_task[CDL_NTASK];
KTEST_STACK(cdl_stack0);
KTEST_STACK(cdl_stack1);
KTEST_STACK(cdl_stack2);
KTEST_STACK(cdl_stack3);
static k_stack_t *const cdl_stacks[CDL_NTASK] = { cdl_stack0, cdl_stack1, cdl_stack2, cdl_stack3 };

static volatile int cdl_result[CDL_NTASK];
static volatile k_tick_t cdl_ret_tick[CDL_NTASK];
static volatile int cdl_order[CDL_NTASK];
static volatile unsigned cdl_norder;
static k_tick_t cdl_timeout[CDL_NTASK];

static void cdl_reset_state(void)
{
    for (unsigned i = 0; i < CDL_NTASK; i++) {
        cdl_result[i] = -1;
        cdl_ret_tick[i] = 0;
        cdl_timeout[i] = TOS_TIME_FOREVER;
        cdl_order[i] = -1;
    }
    cdl_norder = 0;
}

static void cdl_waiter_entry(void *arg)
{
    unsigned idx = (unsigned)(uintptr_t)arg;
    k_err_t err = cdl_timeout[idx] == TOS_TIME_FOREVER
                      ? tos_countdownlatch_pend(&cdl)
                      : tos_countdownlatch_pend_timed(&cdl, cdl_timeout[idx]);

    cdl_result[idx] = (int)err;
    cdl_ret_tick[idx] = tos_systick_get();
    cdl_order[cdl_norder++] = (int)idx;
}

static void cdl_waiter_create(unsigned idx, k_prio_t prio, k_tick_t timeout)
{
    static const char *const names[CDL_NTASK] = { "l0", "l1", "l2", "l3" };
    cdl_timeout[idx] = timeout;
    ktest_task_create(&cdl_task[idx], names[idx], cdl_waiter_entry, (void *)(uintptr_t)idx, prio,
                      cdl_stacks[idx]);
}

static k_tick_t cdl_tick_align(void)
{
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    return tos_systick_get();
}

/* ---------------------------------------------------------------------------------------- */
/* basic calls                                                                               */

KTEST(countdownlatch, counts_down_then_stays_open)
{
    k_tick_t t0;

    KT_ASSERT_EQ(tos_countdownlatch_create(&cdl, 3), K_ERR_NONE);
    KT_ASSERT_EQ(cdl.count, 3);
    KT_ASSERT_EQ(tos_countdownlatch_pend_timed(&cdl, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(tos_countdownlatch_post(&cdl), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_post(&cdl), K_ERR_NONE);
    KT_ASSERT_EQ(cdl.count, 1);
    KT_ASSERT_EQ(tos_countdownlatch_pend_timed(&cdl, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(tos_countdownlatch_post(&cdl), K_ERR_NONE);
    KT_ASSERT_EQ(cdl.count, 0);
    /* open: every wait passes, without time passing */
    t0 = cdl_tick_align();
    KT_ASSERT_EQ(tos_countdownlatch_pend_timed(&cdl, TOS_TIME_NOWAIT), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_pend_timed(&cdl, 10), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_pend(&cdl), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_pend(&cdl), K_ERR_NONE);
    KT_ASSERT_EQ(tos_systick_get(), t0);
    /* posting past 0 is refused and changes nothing */
    KT_ASSERT_EQ(tos_countdownlatch_post(&cdl), K_ERR_COUNTDOWNLATCH_OVERFLOW);
    KT_ASSERT_EQ(cdl.count, 0);
    KT_ASSERT_EQ(tos_countdownlatch_pend_timed(&cdl, TOS_TIME_NOWAIT), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_destroy(&cdl), K_ERR_NONE);
}

KTEST(countdownlatch, created_with_zero_is_open)
{
    KT_ASSERT_EQ(tos_countdownlatch_create(&cdl, 0), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_pend(&cdl), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_post(&cdl), K_ERR_COUNTDOWNLATCH_OVERFLOW);
    /* the largest count works too */
    KT_ASSERT_EQ(tos_countdownlatch_create(&cdl, 0xFFFFu), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_post(&cdl), K_ERR_NONE);
    KT_ASSERT_EQ(cdl.count, 0xFFFEu);
}

KTEST(countdownlatch, reset_rearms_and_reset_to_zero_opens)
{
    KT_ASSERT_EQ(tos_countdownlatch_create(&cdl, 1), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_post(&cdl), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_pend_timed(&cdl, TOS_TIME_NOWAIT), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_reset(&cdl, 2), K_ERR_NONE);
    KT_ASSERT_EQ(cdl.count, 2);
    KT_ASSERT_EQ(tos_countdownlatch_pend_timed(&cdl, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(tos_countdownlatch_post(&cdl), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_reset(&cdl, 5), K_ERR_NONE);     /* a raise mid-way */
    KT_ASSERT_EQ(cdl.count, 5);
    KT_ASSERT_EQ(tos_countdownlatch_reset(&cdl, 0), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_pend_timed(&cdl, TOS_TIME_NOWAIT), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_post(&cdl), K_ERR_COUNTDOWNLATCH_OVERFLOW);
}

KTEST(countdownlatch, null_pointers)
{
    KT_ASSERT_EQ(tos_countdownlatch_create(K_NULL, 1), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_countdownlatch_destroy(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_countdownlatch_pend_timed(K_NULL, TOS_TIME_NOWAIT), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_countdownlatch_pend_timed(K_NULL, 10), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_countdownlatch_pend(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_countdownlatch_post(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_countdownlatch_reset(K_NULL, 1), K_ERR_OBJ_PTR_NULL);
}

KTEST(countdownlatch, destroyed_uninitialised_or_wrong_type_is_invalid)
{
    k_countdownlatch_t junk;
    k_sem_t sem;

    KT_ASSERT_EQ(tos_countdownlatch_create(&cdl, 2), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_destroy(&cdl), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_destroy(&cdl), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_countdownlatch_pend_timed(&cdl, TOS_TIME_NOWAIT), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_countdownlatch_pend_timed(&cdl, 5), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_countdownlatch_pend(&cdl), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_countdownlatch_post(&cdl), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_countdownlatch_reset(&cdl, 1), K_ERR_OBJ_INVALID);

    memset(&junk, 0, sizeof junk);
    KT_ASSERT_EQ(tos_countdownlatch_pend(&junk), K_ERR_OBJ_INVALID);   /* count 0 would pass */
    KT_ASSERT_EQ(tos_countdownlatch_post(&junk), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_countdownlatch_reset(&junk, 3), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(junk.count, 0);

    KT_ASSERT_EQ(tos_sem_create(&sem, 0), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_post((k_countdownlatch_t *)(void *)&sem), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_countdownlatch_destroy((k_countdownlatch_t *)(void *)&sem),
                 K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);

    KT_ASSERT_EQ(tos_countdownlatch_create(&cdl, 1), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_post(&cdl), K_ERR_NONE);
}

/* ---------------------------------------------------------------------------------------- */
/* pend error codes                                                                          */

KTEST(countdownlatch, pend_sched_locked)
{
    k_tick_t t0;

    KT_ASSERT_EQ(tos_countdownlatch_create(&cdl, 1), K_ERR_NONE);
    t0 = cdl_tick_align();
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_pend_timed(&cdl, 10), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_countdownlatch_pend(&cdl), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_countdownlatch_pend_timed(&cdl, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(tos_systick_get(), t0);
    KT_ASSERT_EQ(cdl.count, 1);
    KT_ASSERT_EQ(tos_countdownlatch_post(&cdl), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_pend(&cdl), K_ERR_NONE);          /* open: no blocking */
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
}

KTEST(countdownlatch, pend_timeout_after_exactly_n_ticks)
{
    static const k_tick_t waits[] = { 1, 2, 37, 1000 };
    k_tick_t t0;

    KT_ASSERT_EQ(tos_countdownlatch_create(&cdl, 2), K_ERR_NONE);
    for (unsigned i = 0; i < TOS_COUNT_OF(waits); i++) {
        t0 = cdl_tick_align();
        KT_ASSERT_EQ(tos_countdownlatch_pend_timed(&cdl, waits[i]), K_ERR_PEND_TIMEOUT);
        KT_ASSERT_EQ(tos_systick_get() - t0, waits[i]);
        KT_ASSERT(pend_is_nopending(&cdl.pend_obj));
    }
    KT_ASSERT_EQ(cdl.count, 2);                       /* waiting does not count */
}

KTEST_PRESTART(countdownlatch, blocking_before_start_is_refused)
{
    KT_ASSERT_EQ(tos_countdownlatch_create(&cdl, 1), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_pend_timed(&cdl, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(tos_countdownlatch_pend_timed(&cdl, 10), K_ERR_KNL_NOT_RUNNING);
    KT_ASSERT_EQ(tos_countdownlatch_pend(&cdl), K_ERR_KNL_NOT_RUNNING);
    KT_ASSERT_EQ(cdl.count, 1);
    KT_ASSERT_EQ(tos_countdownlatch_post(&cdl), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_pend(&cdl), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_reset(&cdl, 4), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_destroy(&cdl), K_ERR_NONE);
}

KTEST(countdownlatch, timed_out_waiter_is_not_woken_later)
{
    k_tick_t t0;

    cdl_reset_state();
    KT_ASSERT_EQ(tos_countdownlatch_create(&cdl, 1), K_ERR_NONE);
    t0 = cdl_tick_align();
    cdl_waiter_create(0, KTEST_MAIN_PRIO - 2, 20);
    cdl_waiter_create(1, KTEST_MAIN_PRIO - 1, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(tos_task_delay(25), K_ERR_NONE);
    KT_ASSERT_EQ(cdl_result[0], K_ERR_PEND_TIMEOUT);
    KT_ASSERT_EQ(cdl_ret_tick[0], t0 + 20);
    KT_ASSERT_EQ(cdl_result[1], -1);
    KT_ASSERT_EQ(tos_countdownlatch_post(&cdl), K_ERR_NONE);
    KT_ASSERT_EQ(cdl_result[1], K_ERR_NONE);
    KT_ASSERT_EQ(cdl_norder, 2u);
}

KTEST(countdownlatch, destroy_wakes_every_waiter)
{
    k_tick_t t0;

    cdl_reset_state();
    KT_ASSERT_EQ(tos_countdownlatch_create(&cdl, 3), K_ERR_NONE);
    t0 = cdl_tick_align();
    cdl_waiter_create(0, KTEST_MAIN_PRIO - 2, TOS_TIME_FOREVER);
    cdl_waiter_create(1, KTEST_MAIN_PRIO - 1, 50);
    cdl_waiter_create(2, KTEST_MAIN_PRIO + 1, TOS_TIME_FOREVER);
    cdl_waiter_create(3, KTEST_MAIN_PRIO + 2, 30);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    for (unsigned i = 0; i < CDL_NTASK; i++) {
        KT_ASSERT(task_state_is_pending(&cdl_task[i]));
    }
    KT_ASSERT_EQ(tos_countdownlatch_destroy(&cdl), K_ERR_NONE);
    KT_ASSERT_EQ(cdl_norder, 2u);
    KT_ASSERT_EQ(cdl_order[0], 0);
    KT_ASSERT_EQ(cdl_order[1], 1);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT_EQ(cdl_norder, 4u);
    KT_ASSERT_EQ(cdl_order[2], 2);
    KT_ASSERT_EQ(cdl_order[3], 3);
    for (unsigned i = 0; i < CDL_NTASK; i++) {
        KT_ASSERT_EQ(cdl_result[i], K_ERR_PEND_DESTROY);
        KT_ASSERT_LT(cdl_ret_tick[i], t0 + 30);
    }
    KT_ASSERT_EQ(tos_countdownlatch_post(&cdl), K_ERR_OBJ_INVALID);
}

/* ---------------------------------------------------------------------------------------- */
/* wake-up                                                                                   */

KTEST(countdownlatch, last_post_wakes_every_waiter_in_order)
{
    cdl_reset_state();
    KT_ASSERT_EQ(tos_countdownlatch_create(&cdl, 3), K_ERR_NONE);
    /* less urgent than us, created 13, 11a, 12, 11b */
    cdl_waiter_create(0, KTEST_MAIN_PRIO + 3, TOS_TIME_FOREVER);
    cdl_waiter_create(1, KTEST_MAIN_PRIO + 1, TOS_TIME_FOREVER);
    cdl_waiter_create(2, KTEST_MAIN_PRIO + 2, TOS_TIME_FOREVER);
    cdl_waiter_create(3, KTEST_MAIN_PRIO + 1, 10000);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    for (unsigned n = 0; n < 2u; n++) {
        KT_ASSERT_EQ(tos_countdownlatch_post(&cdl), K_ERR_NONE);
        KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
        for (unsigned i = 0; i < CDL_NTASK; i++) {
            KT_ASSERT(task_state_is_pending(&cdl_task[i]));
        }
    }
    KT_ASSERT_EQ(tos_countdownlatch_post(&cdl), K_ERR_NONE);
    /* all made ready at once (TencentOS Tiny woke only one) */
    for (unsigned i = 0; i < CDL_NTASK; i++) {
        KT_ASSERT(task_state_is_ready(&cdl_task[i]));
    }
    KT_ASSERT_EQ(cdl_norder, 0u);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT_EQ(cdl_norder, 4u);
    KT_ASSERT_EQ(cdl_order[0], 1);
    KT_ASSERT_EQ(cdl_order[1], 3);
    KT_ASSERT_EQ(cdl_order[2], 2);
    KT_ASSERT_EQ(cdl_order[3], 0);
    for (unsigned i = 0; i < CDL_NTASK; i++) {
        KT_ASSERT_EQ(cdl_result[i], K_ERR_NONE);
    }
}

KTEST(countdownlatch, more_urgent_waiters_run_before_last_post_returns)
{
    cdl_reset_state();
    KT_ASSERT_EQ(tos_countdownlatch_create(&cdl, 2), K_ERR_NONE);
    cdl_waiter_create(0, KTEST_MAIN_PRIO - 3, TOS_TIME_FOREVER);
    cdl_waiter_create(1, KTEST_MAIN_PRIO - 4, 500);
    cdl_waiter_create(2, KTEST_MAIN_PRIO - 3, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(tos_countdownlatch_post(&cdl), K_ERR_NONE);
    KT_ASSERT_EQ(cdl_norder, 0u);
    KT_ASSERT_EQ(tos_countdownlatch_post(&cdl), K_ERR_NONE);
    KT_ASSERT_EQ(cdl_norder, 3u);
    KT_ASSERT_EQ(cdl_order[0], 1);
    KT_ASSERT_EQ(cdl_order[1], 0);
    KT_ASSERT_EQ(cdl_order[2], 2);
}

KTEST(countdownlatch, reset_with_waiters)
{
    cdl_reset_state();
    KT_ASSERT_EQ(tos_countdownlatch_create(&cdl, 1), K_ERR_NONE);
    cdl_waiter_create(0, KTEST_MAIN_PRIO - 1, TOS_TIME_FOREVER);
    cdl_waiter_create(1, KTEST_MAIN_PRIO - 2, TOS_TIME_FOREVER);
    /* a new count: they keep waiting, now for two posts */
    KT_ASSERT_EQ(tos_countdownlatch_reset(&cdl, 2), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_post(&cdl), K_ERR_NONE);
    KT_ASSERT_EQ(cdl_norder, 0u);
    KT_ASSERT(task_state_is_pending(&cdl_task[0]));
    KT_ASSERT(task_state_is_pending(&cdl_task[1]));
    /* a reset to 0 opens the latch: nobody stays blocked on an open latch */
    KT_ASSERT_EQ(tos_countdownlatch_reset(&cdl, 0), K_ERR_NONE);
    KT_ASSERT_EQ(cdl_norder, 2u);
    KT_ASSERT_EQ(cdl_order[0], 1);
    KT_ASSERT_EQ(cdl_order[1], 0);
    KT_ASSERT_EQ(cdl_result[0], K_ERR_NONE);
    KT_ASSERT_EQ(cdl_result[1], K_ERR_NONE);
}

KTEST(countdownlatch, timed_wait_returns_when_opened)
{
    k_tick_t t0;

    cdl_reset_state();
    KT_ASSERT_EQ(tos_countdownlatch_create(&cdl, 2), K_ERR_NONE);
    t0 = cdl_tick_align();
    cdl_waiter_create(0, KTEST_MAIN_PRIO - 1, 100);
    KT_ASSERT_EQ(tos_task_delay(30), K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_post(&cdl), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_delay(10), K_ERR_NONE);
    KT_ASSERT_EQ(cdl_result[0], -1);
    KT_ASSERT_EQ(tos_countdownlatch_post(&cdl), K_ERR_NONE);
    KT_ASSERT_EQ(cdl_result[0], K_ERR_NONE);
    KT_ASSERT_EQ(cdl_ret_tick[0], t0 + 40);
}

/* ---------------------------------------------------------------------------------------- */
/* ISR use                                                                                   */

static volatile k_err_t cdl_isr_err[8];
static volatile int cdl_isr_waiter_ran_in_isr;
static k_countdownlatch_t cdl_isr_local;

static void cdl_isr_calls(void)
{
    tos_knl_irq_enter();
    cdl_isr_err[0] = tos_countdownlatch_pend_timed(&cdl, TOS_TIME_NOWAIT);
    cdl_isr_err[1] = tos_countdownlatch_pend_timed(&cdl, 10);
    cdl_isr_err[2] = tos_countdownlatch_pend(&cdl);
    cdl_isr_err[3] = tos_countdownlatch_create(&cdl_isr_local, 1);   /* the rest is ISR-safe */
    cdl_isr_err[4] = tos_countdownlatch_post(&cdl_isr_local);
    cdl_isr_err[5] = tos_countdownlatch_post(&cdl_isr_local);
    cdl_isr_err[6] = tos_countdownlatch_reset(&cdl_isr_local, 7);
    cdl_isr_err[7] = tos_countdownlatch_destroy(&cdl_isr_local);
    tos_knl_irq_leave();
}

KTEST(countdownlatch, pend_in_isr_is_refused_the_rest_works)
{
    for (unsigned i = 0; i < TOS_COUNT_OF(cdl_isr_err); i++) {
        cdl_isr_err[i] = (k_err_t)-1;
    }
    KT_ASSERT_EQ(tos_countdownlatch_create(&cdl, 0), K_ERR_NONE);    /* refused although open */
    ktest_irq_connect(0, cdl_isr_calls, 0x40);
    ktest_irq_raise(0);
    KT_ASSERT_EQ(cdl_isr_err[0], K_ERR_IN_IRQ);
    KT_ASSERT_EQ(cdl_isr_err[1], K_ERR_IN_IRQ);
    KT_ASSERT_EQ(cdl_isr_err[2], K_ERR_IN_IRQ);
    KT_ASSERT_EQ(cdl_isr_err[3], K_ERR_NONE);
    KT_ASSERT_EQ(cdl_isr_err[4], K_ERR_NONE);
    KT_ASSERT_EQ(cdl_isr_err[5], K_ERR_COUNTDOWNLATCH_OVERFLOW);
    KT_ASSERT_EQ(cdl_isr_err[6], K_ERR_NONE);
    KT_ASSERT_EQ(cdl_isr_err[7], K_ERR_NONE);
    KT_ASSERT_EQ(tos_countdownlatch_post(&cdl_isr_local), K_ERR_OBJ_INVALID);
}

static void cdl_isr_post(void)
{
    tos_knl_irq_enter();
    KT_ASSERT_EQ(tos_countdownlatch_post(&cdl), K_ERR_NONE);
    cdl_isr_waiter_ran_in_isr = cdl_norder != 0u;
    tos_knl_irq_leave();
}

KTEST(countdownlatch, isr_post_opens_latch_waiters_run_at_irq_leave)
{
    cdl_reset_state();
    cdl_isr_waiter_ran_in_isr = -1;
    KT_ASSERT_EQ(tos_countdownlatch_create(&cdl, 2), K_ERR_NONE);
    cdl_waiter_create(0, KTEST_MAIN_PRIO - 1, TOS_TIME_FOREVER);
    cdl_waiter_create(1, KTEST_MAIN_PRIO - 2, TOS_TIME_FOREVER);
    ktest_irq_connect(1, cdl_isr_post, 0x40);
    ktest_irq_raise(1);
    KT_ASSERT_EQ(cdl_isr_waiter_ran_in_isr, 0);
    KT_ASSERT_EQ(cdl_norder, 0u);                     /* one post to go */
    ktest_irq_raise(1);
    KT_ASSERT_EQ(cdl_isr_waiter_ran_in_isr, 0);
    KT_ASSERT_EQ(cdl_norder, 2u);
    KT_ASSERT_EQ(cdl_order[0], 1);
    KT_ASSERT_EQ(cdl_order[1], 0);
    KT_ASSERT_EQ(cdl.count, 0);
}
