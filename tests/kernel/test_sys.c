/*
 * Conformance: kernel start-up, scheduler locking, interrupt bracketing; the Sprig extensions
 * tos_knl_is_inirq, tos_knl_is_sched_locked and tos_knl_next_expires_get.
 */
#include "ktest.h"

KTEST_PRESTART(sys, not_running_before_start)
{
    KT_ASSERT_EQ(tos_knl_is_running(), 0);
    KT_ASSERT_PTR_EQ(tos_task_curr_task_get(), K_NULL);
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_KNL_NOT_RUNNING);
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_KNL_NOT_RUNNING);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_KNL_NOT_RUNNING);
}

KTEST_PRESTART(sys, blocking_before_start_is_refused)
{
    k_sem_t sem;
    k_mutex_t mutex;

    KT_ASSERT_EQ(tos_sem_create(&sem, 1), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_FOREVER), K_ERR_NONE);   /* count available */
    KT_ASSERT_EQ(tos_sem_pend(&sem, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_EQ(tos_sem_pend(&sem, 10), K_ERR_KNL_NOT_RUNNING);
    KT_ASSERT_EQ(tos_mutex_create(&mutex), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mutex_pend(&mutex), K_ERR_KNL_NOT_RUNNING);
}

KTEST(sys, start_twice_is_refused)
{
    KT_ASSERT(tos_knl_is_running());
    KT_ASSERT_EQ(tos_knl_start(), K_ERR_KNL_RUNNING);
}

KTEST(sys, sched_lock_nesting_limits)
{
    for (unsigned i = 0; i < K_NESTING_LIMIT_SCHED_LOCK; i++) {
        KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    }
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_LOCK_NESTING_OVERFLOW);
    for (unsigned i = 0; i < K_NESTING_LIMIT_SCHED_LOCK; i++) {
        KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
    }
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_SCHED_NOT_LOCKED);
}

static volatile int high_ran;
static k_task_t high_task;
KTEST_STACK(high_stack);

static void high_entry(void *arg)
{
    (void)arg;
    high_ran = 1;
}

KTEST(sys, sched_lock_defers_preemption_until_unlock)
{
    high_ran = 0;
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    ktest_task_create(&high_task, "high", high_entry, K_NULL, KTEST_MAIN_PRIO - 1, high_stack);
    KT_ASSERT_EQ(high_ran, 0);
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
    KT_ASSERT_EQ(high_ran, 1);
}

KTEST(sys, blocking_with_sched_locked_is_refused)
{
    k_sem_t sem;

    KT_ASSERT_EQ(tos_sem_create(&sem, 0), K_ERR_NONE);
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_delay(5), K_ERR_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_sem_pend(&sem, 5), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_task_destroy(K_NULL), K_ERR_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_task_suspend(K_NULL), K_ERR_SCHED_LOCKED);
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
}

static volatile k_err_t isr_lock_err, isr_unlock_err;
static volatile int isr_saw_irq;

static void lock_isr(void)
{
    tos_knl_irq_enter();
    isr_saw_irq = knl_is_inirq();
    isr_lock_err = tos_knl_sched_lock();
    isr_unlock_err = tos_knl_sched_unlock();
    tos_knl_irq_leave();
}

KTEST(sys, sched_lock_from_isr_is_refused)
{
    ktest_irq_connect(0, lock_isr, 0x40);
    ktest_irq_raise(0);
    KT_ASSERT_EQ(isr_saw_irq, 1);
    KT_ASSERT_EQ(isr_lock_err, K_ERR_IN_IRQ);
    KT_ASSERT_EQ(isr_unlock_err, K_ERR_IN_IRQ);
    KT_ASSERT_EQ(knl_is_inirq(), 0);
}

static k_sem_t wake_sem;
static volatile int woken_order[4];
static volatile int woken_count;

static void waiter_entry(void *arg)
{
    if (tos_sem_pend(&wake_sem, TOS_TIME_FOREVER) == K_ERR_NONE) {
        woken_order[woken_count++] = (int)(intptr_t)arg;
    }
}

static void post_isr(void)
{
    tos_knl_irq_enter();
    tos_sem_post(&wake_sem);
    tos_knl_irq_leave();
}

KTEST(sys, isr_post_preempts_at_irq_leave)
{
    woken_count = 0;
    KT_ASSERT_EQ(tos_sem_create(&wake_sem, 0), K_ERR_NONE);
    ktest_task_create(&high_task, "high", waiter_entry, (void *)1, KTEST_MAIN_PRIO - 1, high_stack);
    KT_ASSERT_EQ(woken_count, 0);
    ktest_irq_connect(1, post_isr, 0x40);
    ktest_irq_raise(1);
    /* the higher-priority waiter ran before the raise returned to us */
    KT_ASSERT_EQ(woken_count, 1);
    KT_ASSERT_EQ(woken_order[0], 1);
}

static void nested_inner_isr(void)
{
    tos_knl_irq_enter();
    woken_order[woken_count++] = 2;
    tos_knl_irq_leave();
}

static void nested_outer_isr(void)
{
    tos_knl_irq_enter();
    woken_order[woken_count++] = 1;
    ktest_irq_raise(3);             /* more urgent: runs right here, nested */
    woken_order[woken_count++] = 3;
    tos_knl_irq_leave();
}

static void nested_lower_isr(void)
{
    tos_knl_irq_enter();
    woken_order[woken_count++] = 5;
    tos_knl_irq_leave();
}

static void nested_outer2_isr(void)
{
    tos_knl_irq_enter();
    woken_order[woken_count++] = 4;
    ktest_irq_raise(1);             /* less urgent: waits until this one returns */
    tos_knl_irq_leave();
}

KTEST(sys, interrupts_nest_by_priority)
{
    woken_count = 0;
    ktest_irq_connect(2, nested_outer_isr, 0x80);
    ktest_irq_connect(3, nested_inner_isr, 0x20);
    ktest_irq_raise(2);
    KT_ASSERT_EQ(woken_count, 3);
    KT_ASSERT_EQ(woken_order[0], 1);
    KT_ASSERT_EQ(woken_order[1], 2);
    KT_ASSERT_EQ(woken_order[2], 3);

    woken_count = 0;
    ktest_irq_connect(0, nested_outer2_isr, 0x20);
    ktest_irq_connect(1, nested_lower_isr, 0x80);
    ktest_irq_raise(0);
    KT_ASSERT_EQ(woken_count, 2);
    KT_ASSERT_EQ(woken_order[0], 4);
    KT_ASSERT_EQ(woken_order[1], 5);
}

KTEST(sys, masked_interrupt_runs_at_unmask)
{
    TOS_CPU_CPSR_ALLOC();

    woken_count = 0;
    ktest_irq_connect(1, nested_lower_isr, 0x40);
    TOS_CPU_INT_DISABLE();
    ktest_irq_raise(1);
    KT_ASSERT_EQ(woken_count, 0);
    TOS_CPU_INT_ENABLE();
    KT_ASSERT_EQ(woken_count, 1);
    KT_ASSERT_EQ(woken_order[0], 5);
}

/* ======================================================================================== */
/* Sprig extensions: tos_knl_is_inirq, tos_knl_is_sched_locked, tos_knl_next_expires_get    */

KTEST_PRESTART(sys, state_queries_before_start)
{
    KT_ASSERT_EQ(tos_knl_is_inirq(), 0);
    KT_ASSERT_EQ(tos_knl_is_sched_locked(), 0);
    KT_ASSERT_EQ(tos_knl_next_expires_get(), TOS_TIME_FOREVER);
}

static volatile int isr_inirq = -1, isr_unbracketed_inirq = -1, isr_sched_locked = -1;

static void inirq_isr(void)
{
    tos_knl_irq_enter();
    isr_inirq = tos_knl_is_inirq();
    isr_sched_locked = tos_knl_is_sched_locked();
    tos_knl_irq_leave();
}

/* a handler that does not declare itself to the kernel is still an ISR */
static void unbracketed_isr(void)
{
    isr_unbracketed_inirq = tos_knl_is_inirq();
}

KTEST(sys, is_inirq_is_true_in_isrs_only)
{
    TOS_CPU_CPSR_ALLOC();
    int in_cs;

    isr_inirq = isr_unbracketed_inirq = -1;
    KT_ASSERT_EQ(tos_knl_is_inirq(), 0);
    TOS_CPU_INT_DISABLE();
    in_cs = tos_knl_is_inirq();                     /* a critical section is not an ISR */
    TOS_CPU_INT_ENABLE();
    KT_ASSERT_EQ(in_cs, 0);
    ktest_irq_connect(0, inirq_isr, 0x40);
    ktest_irq_raise(0);
    KT_ASSERT_NE(isr_inirq, 0);
    KT_ASSERT_NE(isr_inirq, -1);
    ktest_irq_connect(1, unbracketed_isr, 0x40);
    ktest_irq_raise(1);
    KT_ASSERT_NE(isr_unbracketed_inirq, 0);
    KT_ASSERT_NE(isr_unbracketed_inirq, -1);
    KT_ASSERT_EQ(tos_knl_is_inirq(), 0);
}

KTEST(sys, is_sched_locked_follows_lock_and_unlock)
{
    KT_ASSERT_EQ(tos_knl_is_sched_locked(), 0);
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    KT_ASSERT_NE(tos_knl_is_sched_locked(), 0);
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
    KT_ASSERT_NE(tos_knl_is_sched_locked(), 0);    /* still one level */
    /* an ISR sees the lock of the task it interrupted */
    isr_sched_locked = -1;
    ktest_irq_connect(0, inirq_isr, 0x40);
    ktest_irq_raise(0);
    KT_ASSERT_NE(isr_sched_locked, 0);
    KT_ASSERT_NE(isr_sched_locked, -1);
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
    KT_ASSERT_EQ(tos_knl_is_sched_locked(), 0);
    ktest_irq_raise(0);
    KT_ASSERT_EQ(isr_sched_locked, 0);
}

static k_task_t sleeper_task[2];
KTEST_STACK(sleeper_stack0);
KTEST_STACK(sleeper_stack1);
static volatile k_tick_t sleeper_start[2];
static volatile int sleepers_woken;

static void sleeper_entry(void *arg)
{
    unsigned i = (unsigned)(uintptr_t)arg;
    sleeper_start[i] = tos_systick_monotonic_get();
    (void)tos_task_delay(i == 0u ? 100u : 30u);
    sleepers_woken++;
}

static volatile int expires_timer_fired;

static void expires_timer_cb(void *arg)
{
    (void)arg;
    expires_timer_fired++;
}

static volatile k_tick_t isr_next_expires;

static void next_expires_isr(void)
{
    tos_knl_irq_enter();
    isr_next_expires = tos_knl_next_expires_get();
    tos_knl_irq_leave();
}

KTEST(sys, next_expires_get_reports_the_earliest_deadline)
{
    TOS_CPU_CPSR_ALLOC();
    k_timer_t tmr;
    k_tick_t in_cs, now;

    sleepers_woken = 0;
    expires_timer_fired = 0;
    KT_ASSERT_EQ(tos_knl_next_expires_get(), TOS_TIME_FOREVER);     /* nothing pending */

    ktest_task_create(&sleeper_task[0], "sleep100", sleeper_entry, (void *)0,
                      KTEST_MAIN_PRIO - 1, sleeper_stack0);
    now = tos_systick_monotonic_get();
    KT_ASSERT_EQ(tos_knl_next_expires_get(), sleeper_start[0] + 100u - now);
    KT_ASSERT_EQ(tos_task_delay(10u), K_ERR_NONE);
    now = tos_systick_monotonic_get();
    KT_ASSERT_EQ(tos_knl_next_expires_get(), sleeper_start[0] + 100u - now);  /* counts down */

    /* an earlier deadline comes first */
    ktest_task_create(&sleeper_task[1], "sleep30", sleeper_entry, (void *)1,
                      KTEST_MAIN_PRIO - 1, sleeper_stack1);
    KT_ASSERT_EQ(tos_knl_next_expires_get(), 30u);

    /* so does a timer's (the timer task's wake-up, or an ISR-mode timer) */
    KT_ASSERT_EQ(tos_timer_create(&tmr, 20u, 0u, expires_timer_cb, K_NULL, TOS_OPT_TIMER_ONESHOT),
                 K_ERR_NONE);
    KT_ASSERT_EQ(tos_timer_start(&tmr), K_ERR_NONE);
    KT_ASSERT_EQ(tos_knl_next_expires_get(), 20u);

    /* the same inside a critical section and from an ISR */
    TOS_CPU_INT_DISABLE();
    in_cs = tos_knl_next_expires_get();
    TOS_CPU_INT_ENABLE();
    KT_ASSERT_EQ(in_cs, 20u);
    isr_next_expires = 0u;
    ktest_irq_connect(0, next_expires_isr, 0x40);
    ktest_irq_raise(0);
    KT_ASSERT_EQ(isr_next_expires, 20u);

    KT_ASSERT_EQ(tos_task_delay(20u), K_ERR_NONE);
    KT_ASSERT_EQ(expires_timer_fired, 1);
    KT_ASSERT_EQ(tos_knl_next_expires_get(), 10u);  /* the 30-tick sleeper */
    KT_ASSERT_EQ(tos_task_delay(10u), K_ERR_NONE);
    KT_ASSERT_EQ(sleepers_woken, 1);
    now = tos_systick_monotonic_get();
    KT_ASSERT_EQ(tos_knl_next_expires_get(), sleeper_start[0] + 100u - now);
    KT_ASSERT_EQ(tos_task_delay(100u), K_ERR_NONE);
    KT_ASSERT_EQ(sleepers_woken, 2);
    KT_ASSERT_EQ(tos_knl_next_expires_get(), TOS_TIME_FOREVER);     /* nothing left */
    KT_ASSERT_EQ(tos_timer_destroy(&tmr), K_ERR_NONE);
}
