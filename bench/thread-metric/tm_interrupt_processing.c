/*
 * Thread-Metric 4, interrupt processing: one thread raises the software interrupt; the handler
 * counts and puts a semaphore token; back in the thread, the token must be there to take,
 * and the thread counts. One operation: one counter step, so one interrupt round trip scores
 * two, as in the published suite.
 *
 * Validity: the handler and the thread count once per round, so they stay within one; a
 * missing token (the handler did not run, or ran late) fails the run at once.
 */
#include "tm_test.h"

static volatile unsigned long tm_irq_thread_counter;
static volatile unsigned long tm_irq_handler_counter;

static void tm_irq_handler(void)
{
    tm_interrupt_enter();
    tm_irq_handler_counter++;
    TM_CHECK(tm_semaphore_put(0) == TM_SUCCESS);
    tm_interrupt_leave();
}

static void tm_irq_thread(void)
{
    /* the semaphore starts with a token: take it, so every later get matches one handler put */
    TM_CHECK(tm_semaphore_get(0) == TM_SUCCESS);
    for (;;) {
        tm_cause_interrupt();
        TM_CHECK(tm_semaphore_get(0) == TM_SUCCESS);
        tm_irq_thread_counter++;
    }
}

static void tm_irq_start(void)
{
    TM_CHECK(tm_semaphore_create(0) == TM_SUCCESS);
    tm_interrupt_connect(tm_irq_handler);
    TM_CHECK(tm_thread_create(0, 10, tm_irq_thread) == TM_SUCCESS);
    TM_CHECK(tm_thread_resume(0) == TM_SUCCESS);
}

static unsigned long tm_irq_total(void)
{
    return tm_irq_thread_counter + tm_irq_handler_counter;
}

static void tm_irq_check(void)
{
    static const volatile unsigned long *const c[2] = {
        &tm_irq_thread_counter, &tm_irq_handler_counter,
    };
    tm_check_balanced("interrupt", c, 2);
}

const tm_test_t tm_interrupt_processing = {
    "interrupt", "Interrupt Processing",
    "half a round: software interrupt -> handler puts a semaphore -> thread gets it",
    tm_irq_start, tm_irq_total, tm_irq_check,
};
