/*
 * Thread-Metric 2, cooperative scheduling: five threads of one priority hand the CPU to each
 * other in turn. One operation: a thread counts once and relinquishes (tos_task_yield), so
 * the score is the number of voluntary switches between equal-priority threads.
 *
 * Validity: with the CPU passed strictly in turn, no counter can be more than one ahead of
 * another; time slicing would break that, so it must be off.
 */
#include "tos_k.h"      /* the kernel configuration, for the time-slicing rule below */

#include "tm_test.h"

#if TOS_CFG_ROUND_ROBIN_EN > 0u
#error "the cooperative test needs time slicing off (TOS_CFG_ROUND_ROBIN_EN 0)"
#endif

#define TM_COOP_THREADS     5

static volatile unsigned long tm_coop_counters[TM_COOP_THREADS];

#define TM_COOP_THREAD(n) \
    static void tm_coop_thread_##n(void) \
    { \
        for (;;) { \
            tm_coop_counters[n]++; \
            tm_thread_relinquish(); \
        } \
    }
TM_COOP_THREAD(0)
TM_COOP_THREAD(1)
TM_COOP_THREAD(2)
TM_COOP_THREAD(3)
TM_COOP_THREAD(4)

static void tm_coop_start(void)
{
    static void (*const entries[TM_COOP_THREADS])(void) = {
        tm_coop_thread_0, tm_coop_thread_1, tm_coop_thread_2, tm_coop_thread_3, tm_coop_thread_4,
    };

    for (int i = 0; i < TM_COOP_THREADS; i++) {
        TM_CHECK(tm_thread_create(i, 3, entries[i]) == TM_SUCCESS);
    }
    for (int i = 0; i < TM_COOP_THREADS; i++) {
        TM_CHECK(tm_thread_resume(i) == TM_SUCCESS);
    }
}

static unsigned long tm_coop_total(void)
{
    unsigned long sum = 0;
    for (int i = 0; i < TM_COOP_THREADS; i++) {
        sum += tm_coop_counters[i];
    }
    return sum;
}

static void tm_coop_check(void)
{
    static const volatile unsigned long *const c[TM_COOP_THREADS] = {
        &tm_coop_counters[0], &tm_coop_counters[1], &tm_coop_counters[2], &tm_coop_counters[3],
        &tm_coop_counters[4],
    };
    tm_check_balanced("cooperative", c, TM_COOP_THREADS);
}

const tm_test_t tm_cooperative_scheduling = {
    "cooperative", "Cooperative Scheduling",
    "one relinquish to the next of 5 equal-priority threads",
    tm_coop_start, tm_coop_total, tm_coop_check,
};
