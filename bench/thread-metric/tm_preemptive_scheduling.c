/*
 * Thread-Metric 3, preemptive scheduling: five threads of five priorities. The least urgent
 * resumes the next one up, which preempts it at once and resumes the next, up to the most
 * urgent; each counts and suspends itself, which hands the CPU back down the chain. One
 * operation: one thread's turn (count, then resume or suspend), so a full round is five.
 *
 * Validity: every thread runs exactly once per round, so the counters stay within one.
 */
#include "tm_test.h"

#define TM_PREEMPT_THREADS  5

static volatile unsigned long tm_preempt_counters[TM_PREEMPT_THREADS];

static void tm_preempt_thread_0(void)
{
    for (;;) {
        tm_preempt_counters[0]++;
        TM_CHECK(tm_thread_resume(1) == TM_SUCCESS);
    }
}

#define TM_PREEMPT_MIDDLE(n) \
    static void tm_preempt_thread_##n(void) \
    { \
        for (;;) { \
            tm_preempt_counters[n]++; \
            TM_CHECK(tm_thread_resume((n) + 1) == TM_SUCCESS); \
            TM_CHECK(tm_thread_suspend(n) == TM_SUCCESS); \
        } \
    }
TM_PREEMPT_MIDDLE(1)
TM_PREEMPT_MIDDLE(2)
TM_PREEMPT_MIDDLE(3)

static void tm_preempt_thread_4(void)
{
    for (;;) {
        tm_preempt_counters[4]++;
        TM_CHECK(tm_thread_suspend(4) == TM_SUCCESS);
    }
}

static void tm_preempt_start(void)
{
    static void (*const entries[TM_PREEMPT_THREADS])(void) = {
        tm_preempt_thread_0, tm_preempt_thread_1, tm_preempt_thread_2, tm_preempt_thread_3,
        tm_preempt_thread_4,
    };

    /* thread 0 least urgent (priority 10) ... thread 4 most urgent (priority 6) */
    for (int i = 0; i < TM_PREEMPT_THREADS; i++) {
        TM_CHECK(tm_thread_create(i, 10 - i, entries[i]) == TM_SUCCESS);
    }
    TM_CHECK(tm_thread_resume(0) == TM_SUCCESS);
}

static unsigned long tm_preempt_total(void)
{
    unsigned long sum = 0;
    for (int i = 0; i < TM_PREEMPT_THREADS; i++) {
        sum += tm_preempt_counters[i];
    }
    return sum;
}

static void tm_preempt_check(void)
{
    static const volatile unsigned long *const c[TM_PREEMPT_THREADS] = {
        &tm_preempt_counters[0], &tm_preempt_counters[1], &tm_preempt_counters[2],
        &tm_preempt_counters[3], &tm_preempt_counters[4],
    };
    tm_check_balanced("preemptive", c, TM_PREEMPT_THREADS);
}

const tm_test_t tm_preemptive_scheduling = {
    "preemptive", "Preemptive Scheduling",
    "one thread's turn in a resume/suspend chain of 5 priorities",
    tm_preempt_start, tm_preempt_total, tm_preempt_check,
};
