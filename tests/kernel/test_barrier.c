/*
 * Conformance: barriers (tos_barrier.h).
 *
 * Tasks more urgent than the case's task (KTEST_MAIN_PRIO) run as soon as they are made ready;
 * less urgent ones run only when the case's task blocks (tos_task_delay). Every case resets the
 * static state it uses before creating any task.
 */
#include "ktest.h"

#define BAR_NTASK   4u

static k_barrier_t bar;
static k_task_t bar_task[BAR_NTASK];
KTEST_STACK(bar_stack0);
KTEST_STACK(bar_stack1);
KTEST_STACK(bar_stack2);
KTEST_STACK(bar_stack3);
static k_stack_t *const bar_stacks[BAR_NTASK] = { bar_stack0, bar_stack1, bar_stack2, bar_stack3 };

static volatile int bar_result[BAR_NTASK];
static volatile k_tick_t bar_ret_tick[BAR_NTASK];
static volatile int bar_order[BAR_NTASK];
static volatile unsigned bar_norder;

static void bar_reset_state(void)
{
    for (unsigned i = 0; i < BAR_NTASK; i++) {
        bar_result[i] = -1;
        bar_ret_tick[i] = 0;
        bar_order[i] = -1;
    }
    bar_norder = 0;
}

static void bar_entry(void *arg)
{
    unsigned idx = (unsigned)(uintptr_t)arg;
    k_err_t err = tos_barrier_pend(&bar);

    bar_result[idx] = (int)err;
    bar_ret_tick[idx] = tos_systick_get();
    bar_order[bar_norder++] = (int)idx;
}

static void bar_task_create(unsigned idx, k_prio_t prio)
{
    static const char *const names[BAR_NTASK] = { "b0", "b1", "b2", "b3" };
    ktest_task_create(&bar_task[idx], names[idx], bar_entry, (void *)(uintptr_t)idx, prio,
                      bar_stacks[idx]);
}

/* Start right after a tick, so "no time passed" is exact. */
static k_tick_t bar_tick_align(void)
{
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    return tos_systick_get();
}

/* ---------------------------------------------------------------------------------------- */
/* create / reset / destroy                                                                  */

KTEST(barrier, create_checks_count)
{
    k_barrier_t fresh;

    memset(&fresh, 0, sizeof fresh);
    KT_ASSERT_EQ(tos_barrier_create(&fresh, 0), K_ERR_BARRIER_COUNT_INVALID);
    /* not created */
    KT_ASSERT_EQ(tos_barrier_pend(&fresh), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_barrier_create(K_NULL, 0), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_barrier_create(K_NULL, 1), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_barrier_create(&fresh, 0xFFFFu), K_ERR_NONE);
    KT_ASSERT_EQ(fresh.count, 0xFFFFu);
    KT_ASSERT_EQ(tos_barrier_create(&bar, 3), K_ERR_NONE);
    KT_ASSERT_EQ(bar.count, 3);
    KT_ASSERT_EQ(tos_barrier_destroy(&bar), K_ERR_NONE);
}

KTEST(barrier, single_task_barrier_passes_once_then_overflows)
{
    k_tick_t t0 = bar_tick_align();

    KT_ASSERT_EQ(tos_barrier_create(&bar, 1), K_ERR_NONE);
    KT_ASSERT_EQ(tos_barrier_pend(&bar), K_ERR_NONE);
    KT_ASSERT_EQ(tos_systick_get(), t0);
    KT_ASSERT_EQ(bar.count, 0);
    /* used up: more arrivals than the count are refused (and do not block) */
    KT_ASSERT_EQ(tos_barrier_pend(&bar), K_ERR_BARRIER_OVERFLOW);
    KT_ASSERT_EQ(tos_barrier_pend(&bar), K_ERR_BARRIER_OVERFLOW);
    KT_ASSERT_EQ(bar.count, 0);
    KT_ASSERT_EQ(tos_systick_get(), t0);
    /* reset arms it again */
    KT_ASSERT_EQ(tos_barrier_reset(&bar, 1), K_ERR_NONE);
    KT_ASSERT_EQ(tos_barrier_pend(&bar), K_ERR_NONE);
    KT_ASSERT_EQ(tos_barrier_pend(&bar), K_ERR_BARRIER_OVERFLOW);
}

KTEST(barrier, reset_with_zero_is_refused)
{
    KT_ASSERT_EQ(tos_barrier_create(&bar, 2), K_ERR_NONE);
    KT_ASSERT_EQ(tos_barrier_reset(&bar, 0), K_ERR_BARRIER_COUNT_INVALID);
    KT_ASSERT_EQ(bar.count, 2);
    KT_ASSERT_EQ(tos_barrier_reset(&bar, 1), K_ERR_NONE);
    KT_ASSERT_EQ(bar.count, 1);
    KT_ASSERT_EQ(tos_barrier_pend(&bar), K_ERR_NONE);
    KT_ASSERT_EQ(tos_barrier_reset(&bar, 0), K_ERR_BARRIER_COUNT_INVALID);
    KT_ASSERT_EQ(tos_barrier_pend(&bar), K_ERR_BARRIER_OVERFLOW);     /* still used up */
}

KTEST(barrier, null_pointers)
{
    KT_ASSERT_EQ(tos_barrier_create(K_NULL, 2), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_barrier_destroy(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_barrier_pend(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_barrier_reset(K_NULL, 2), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_barrier_reset(K_NULL, 0), K_ERR_OBJ_PTR_NULL);
}

KTEST(barrier, destroyed_uninitialised_or_wrong_type_is_invalid)
{
    k_barrier_t junk;
    k_sem_t sem;

    KT_ASSERT_EQ(tos_barrier_create(&bar, 1), K_ERR_NONE);
    KT_ASSERT_EQ(tos_barrier_destroy(&bar), K_ERR_NONE);
    KT_ASSERT_EQ(tos_barrier_destroy(&bar), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_barrier_pend(&bar), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_barrier_reset(&bar, 1), K_ERR_OBJ_INVALID);

    memset(&junk, 0, sizeof junk);
    junk.count = 1;
    KT_ASSERT_EQ(tos_barrier_pend(&junk), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_barrier_reset(&junk, 2), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_barrier_destroy(&junk), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(junk.count, 1);

    KT_ASSERT_EQ(tos_sem_create(&sem, 0), K_ERR_NONE);
    KT_ASSERT_EQ(tos_barrier_pend((k_barrier_t *)(void *)&sem), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_barrier_destroy((k_barrier_t *)(void *)&sem), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);

    KT_ASSERT_EQ(tos_barrier_create(&bar, 1), K_ERR_NONE);
    KT_ASSERT_EQ(tos_barrier_pend(&bar), K_ERR_NONE);
}

/* ---------------------------------------------------------------------------------------- */
/* the rendezvous                                                                            */

KTEST(barrier, last_arrival_releases_more_urgent_waiters_in_order)
{
    bar_reset_state();
    KT_ASSERT_EQ(tos_barrier_create(&bar, 4), K_ERR_NONE);
    /* more urgent than us: each blocks as soon as it is created; 8, 7a, 7b */
    bar_task_create(0, KTEST_MAIN_PRIO - 2);
    KT_ASSERT_EQ(bar.count, 3);
    bar_task_create(1, KTEST_MAIN_PRIO - 3);
    bar_task_create(2, KTEST_MAIN_PRIO - 3);
    KT_ASSERT_EQ(bar.count, 1);
    KT_ASSERT_EQ(bar_norder, 0u);
    for (unsigned i = 0; i < 3u; i++) {
        KT_ASSERT(task_state_is_pending(&bar_task[i]));
    }
    /* we are the fourth: no waiting, and they all ran before we got the CPU back */
    KT_ASSERT_EQ(tos_barrier_pend(&bar), K_ERR_NONE);
    KT_ASSERT_EQ(bar_norder, 3u);
    KT_ASSERT_EQ(bar_order[0], 1);
    KT_ASSERT_EQ(bar_order[1], 2);
    KT_ASSERT_EQ(bar_order[2], 0);
    for (unsigned i = 0; i < 3u; i++) {
        KT_ASSERT_EQ(bar_result[i], K_ERR_NONE);
    }
    /* a fifth arrival is one too many */
    KT_ASSERT_EQ(tos_barrier_pend(&bar), K_ERR_BARRIER_OVERFLOW);
}

KTEST(barrier, last_arrival_readies_less_urgent_waiters)
{
    bar_reset_state();
    KT_ASSERT_EQ(tos_barrier_create(&bar, 4), K_ERR_NONE);
    /* less urgent: 13, 11a, 12 */
    bar_task_create(0, KTEST_MAIN_PRIO + 3);
    bar_task_create(1, KTEST_MAIN_PRIO + 1);
    bar_task_create(2, KTEST_MAIN_PRIO + 2);
    KT_ASSERT_EQ(bar.count, 4);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT_EQ(bar.count, 1);
    KT_ASSERT_EQ(tos_barrier_pend(&bar), K_ERR_NONE);
    for (unsigned i = 0; i < 3u; i++) {
        KT_ASSERT(task_state_is_ready(&bar_task[i]));
    }
    KT_ASSERT_EQ(bar_norder, 0u);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT_EQ(bar_norder, 3u);
    KT_ASSERT_EQ(bar_order[0], 1);
    KT_ASSERT_EQ(bar_order[1], 2);
    KT_ASSERT_EQ(bar_order[2], 0);
}

KTEST(barrier, a_waiting_task_is_released_by_a_later_task)
{
    k_tick_t t0;

    bar_reset_state();
    KT_ASSERT_EQ(tos_barrier_create(&bar, 2), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    t0 = tos_systick_get();
    /* a less urgent partner arriving later: we wait until it comes */
    bar_task_create(0, KTEST_MAIN_PRIO + 1);
    KT_ASSERT_EQ(tos_barrier_pend(&bar), K_ERR_NONE);
    /* released by the partner's arrival, we preempted it before its pend returned */
    KT_ASSERT_EQ(bar_result[0], -1);
    KT_ASSERT(task_state_is_ready(&bar_task[0]));
    KT_ASSERT_EQ(tos_systick_get(), t0);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT_EQ(bar_result[0], K_ERR_NONE);
}

KTEST(barrier, reset_rearms_for_another_round)
{
    bar_reset_state();
    KT_ASSERT_EQ(tos_barrier_create(&bar, 2), K_ERR_NONE);
    bar_task_create(0, KTEST_MAIN_PRIO - 1);
    KT_ASSERT_EQ(tos_barrier_pend(&bar), K_ERR_NONE);
    KT_ASSERT_EQ(bar_result[0], K_ERR_NONE);
    KT_ASSERT_EQ(tos_barrier_pend(&bar), K_ERR_BARRIER_OVERFLOW);

    KT_ASSERT_EQ(tos_barrier_reset(&bar, 3), K_ERR_NONE);
    bar_task_create(1, KTEST_MAIN_PRIO - 1);
    bar_task_create(2, KTEST_MAIN_PRIO - 2);
    KT_ASSERT_EQ(bar_norder, 1u);
    KT_ASSERT_EQ(tos_barrier_pend(&bar), K_ERR_NONE);
    KT_ASSERT_EQ(bar_norder, 3u);
    KT_ASSERT_EQ(bar_order[1], 2);
    KT_ASSERT_EQ(bar_order[2], 1);
}

KTEST(barrier, reset_with_waiters_keeps_them_for_the_next_arrivals)
{
    bar_reset_state();
    KT_ASSERT_EQ(tos_barrier_create(&bar, 3), K_ERR_NONE);
    bar_task_create(0, KTEST_MAIN_PRIO - 1);
    KT_ASSERT_EQ(bar.count, 2);
    KT_ASSERT_EQ(tos_barrier_reset(&bar, 2), K_ERR_NONE);
    /* two more arrivals are needed: one more waiter, then us */
    bar_task_create(1, KTEST_MAIN_PRIO - 1);
    KT_ASSERT_EQ(bar_norder, 0u);
    KT_ASSERT(task_state_is_pending(&bar_task[0]));
    KT_ASSERT(task_state_is_pending(&bar_task[1]));
    KT_ASSERT_EQ(tos_barrier_pend(&bar), K_ERR_NONE);
    KT_ASSERT_EQ(bar_norder, 2u);
    KT_ASSERT_EQ(bar_order[0], 0);
    KT_ASSERT_EQ(bar_order[1], 1);
}

/* ---------------------------------------------------------------------------------------- */
/* refused arrivals                                                                          */

KTEST(barrier, pend_sched_locked_is_not_an_arrival)
{
    KT_ASSERT_EQ(tos_barrier_create(&bar, 2), K_ERR_NONE);
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    KT_ASSERT_EQ(tos_barrier_pend(&bar), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_barrier_pend(&bar), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(bar.count, 2);
    KT_ASSERT(pend_is_nopending(&bar.pend_obj));
    /* the last arrival does not block, so it works with the scheduler locked */
    KT_ASSERT_EQ(tos_barrier_reset(&bar, 1), K_ERR_NONE);
    KT_ASSERT_EQ(tos_barrier_pend(&bar), K_ERR_NONE);
    KT_ASSERT_EQ(tos_barrier_pend(&bar), K_ERR_BARRIER_OVERFLOW);
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
}

KTEST_PRESTART(barrier, blocking_before_start_is_refused)
{
    KT_ASSERT_EQ(tos_barrier_create(&bar, 2), K_ERR_NONE);
    KT_ASSERT_EQ(tos_barrier_pend(&bar), K_ERR_KNL_NOT_RUNNING);
    KT_ASSERT_EQ(bar.count, 2);                       /* not an arrival */
    KT_ASSERT_EQ(tos_barrier_reset(&bar, 1), K_ERR_NONE);
    KT_ASSERT_EQ(tos_barrier_pend(&bar), K_ERR_NONE);
    KT_ASSERT_EQ(tos_barrier_pend(&bar), K_ERR_BARRIER_OVERFLOW);
    KT_ASSERT_EQ(tos_barrier_destroy(&bar), K_ERR_NONE);
}

KTEST(barrier, destroy_wakes_every_waiter)
{
    bar_reset_state();
    KT_ASSERT_EQ(tos_barrier_create(&bar, 5), K_ERR_NONE);
    bar_task_create(0, KTEST_MAIN_PRIO - 2);
    bar_task_create(1, KTEST_MAIN_PRIO - 1);
    bar_task_create(2, KTEST_MAIN_PRIO + 1);
    bar_task_create(3, KTEST_MAIN_PRIO + 2);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT_EQ(bar.count, 1);
    KT_ASSERT_EQ(tos_barrier_destroy(&bar), K_ERR_NONE);
    KT_ASSERT_EQ(bar_norder, 2u);
    KT_ASSERT_EQ(bar_order[0], 0);
    KT_ASSERT_EQ(bar_order[1], 1);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT_EQ(bar_norder, 4u);
    KT_ASSERT_EQ(bar_order[2], 2);
    KT_ASSERT_EQ(bar_order[3], 3);
    for (unsigned i = 0; i < BAR_NTASK; i++) {
        KT_ASSERT_EQ(bar_result[i], K_ERR_PEND_DESTROY);
    }
    KT_ASSERT_EQ(tos_barrier_pend(&bar), K_ERR_OBJ_INVALID);
}

/* ---------------------------------------------------------------------------------------- */
/* ISR use                                                                                   */

static volatile k_err_t bar_isr_err[8];
static k_barrier_t bar_isr_local;

static void bar_isr_calls(void)
{
    tos_knl_irq_enter();
    bar_isr_err[0] = tos_barrier_pend(&bar);                      /* would be the last: refused */
    bar_isr_err[1] = tos_barrier_create(&bar_isr_local, 0);
    bar_isr_err[2] = tos_barrier_create(&bar_isr_local, 2);      /* the rest is ISR-safe */
    bar_isr_err[3] = tos_barrier_reset(&bar_isr_local, 3);
    bar_isr_err[4] = tos_barrier_reset(&bar_isr_local, 0);
    bar_isr_err[5] = tos_barrier_destroy(&bar_isr_local);
    bar_isr_err[6] = tos_barrier_destroy(&bar);                   /* wakes our waiter */
    tos_knl_irq_leave();
}

KTEST(barrier, pend_in_isr_is_refused_the_rest_works)
{
    bar_reset_state();
    for (unsigned i = 0; i < TOS_COUNT_OF(bar_isr_err); i++) {
        bar_isr_err[i] = (k_err_t)-1;
    }
    KT_ASSERT_EQ(tos_barrier_create(&bar, 2), K_ERR_NONE);
    bar_task_create(0, KTEST_MAIN_PRIO - 1);
    KT_ASSERT_EQ(bar.count, 1);
    ktest_irq_connect(0, bar_isr_calls, 0x40);
    ktest_irq_raise(0);
    KT_ASSERT_EQ(bar_isr_err[0], K_ERR_IN_IRQ);
    KT_ASSERT_EQ(bar_isr_err[1], K_ERR_BARRIER_COUNT_INVALID);
    KT_ASSERT_EQ(bar_isr_err[2], K_ERR_NONE);
    KT_ASSERT_EQ(bar_isr_err[3], K_ERR_NONE);
    KT_ASSERT_EQ(bar_isr_err[4], K_ERR_BARRIER_COUNT_INVALID);
    KT_ASSERT_EQ(bar_isr_err[5], K_ERR_NONE);
    KT_ASSERT_EQ(bar_isr_err[6], K_ERR_NONE);
    /* the refused pend did not release the waiter; the destroy did */
    KT_ASSERT_EQ(bar_result[0], K_ERR_PEND_DESTROY);
    KT_ASSERT_EQ(tos_barrier_reset(&bar_isr_local, 1), K_ERR_OBJ_INVALID);
}
