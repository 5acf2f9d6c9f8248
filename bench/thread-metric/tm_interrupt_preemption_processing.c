/*
 * Thread-Metric 5, interrupt preemption processing: a thread raises the software interrupt and
 * the handler resumes a more urgent thread, which preempts the raiser on the way out of the
 * interrupt, counts and suspends itself. One operation: one counter step of the three (raiser,
 * handler, preempting thread), so a round scores three, as in the published suite.
 *
 * Validity: each of the three counts once per round, so they stay within one of each other.
 */
#include "tm_test.h"

static volatile unsigned long tm_irqp_raiser_counter;
static volatile unsigned long tm_irqp_handler_counter;
static volatile unsigned long tm_irqp_preempter_counter;

static void tm_irqp_handler(void)
{
    tm_interrupt_enter();
    tm_irqp_handler_counter++;
    TM_CHECK(tm_thread_resume(1) == TM_SUCCESS);
    tm_interrupt_leave();       /* thread 1 runs from here, before the raiser goes on */
}

static void tm_irqp_raiser(void)
{
    for (;;) {
        tm_cause_interrupt();
        tm_irqp_raiser_counter++;
    }
}

static void tm_irqp_preempter(void)
{
    for (;;) {
        tm_irqp_preempter_counter++;
        TM_CHECK(tm_thread_suspend(1) == TM_SUCCESS);
    }
}

static void tm_irqp_start(void)
{
    tm_interrupt_connect(tm_irqp_handler);
    TM_CHECK(tm_thread_create(0, 10, tm_irqp_raiser) == TM_SUCCESS);
    TM_CHECK(tm_thread_create(1, 5, tm_irqp_preempter) == TM_SUCCESS);
    TM_CHECK(tm_thread_resume(0) == TM_SUCCESS);    /* thread 1 waits for the handler */
}

static unsigned long tm_irqp_total(void)
{
    return tm_irqp_raiser_counter + tm_irqp_handler_counter + tm_irqp_preempter_counter;
}

static void tm_irqp_check(void)
{
    static const volatile unsigned long *const c[3] = {
        &tm_irqp_raiser_counter, &tm_irqp_handler_counter, &tm_irqp_preempter_counter,
    };
    tm_check_balanced("interrupt_preemption", c, 3);
}

const tm_test_t tm_interrupt_preemption_processing = {
    "interrupt_preemption", "Interrupt Preemption Processing",
    "a third of a round: software interrupt -> handler resumes a more urgent thread -> it "
    "runs and suspends itself",
    tm_irqp_start, tm_irqp_total, tm_irqp_check,
};
