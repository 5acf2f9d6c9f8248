/*
 * Thread-Metric reporter: runs one test for a number of reporting periods, checks it after
 * each one and scores it (see tm_test.h).
 *
 * The period is measured in kernel ticks, the time every RTOS under test agrees on. The
 * reporter wakes on a tick, so each period lasts a whole number of ticks; printing happens
 * between periods and is not counted in either (the counters cannot move while the reporter,
 * the most urgent thread, runs).
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "tm_test.h"

void tm_check_balanced(const char *what, const volatile unsigned long *const counters[],
                       unsigned n)
{
    unsigned long lo = *counters[0], hi = *counters[0];

    for (unsigned i = 1; i < n; i++) {
        unsigned long c = *counters[i];
        lo = c < lo ? c : lo;
        hi = c > hi ? c : hi;
    }
    if (hi - lo > 1u) {
        char list[160];
        size_t len = 0;
        for (unsigned i = 0; i < n && len < sizeof list; i++) {
            int k = snprintf(list + len, sizeof list - len, "%s%lu", i ? " " : "", *counters[i]);
            len += k > 0 ? (size_t)k : 0u;
        }
        KT_FAIL("%s: counters more than 1 apart (%s): the test is invalid", what, list);
    }
}

uint64_t tm_ns_per_op_x100(unsigned long ops, uint32_t ticks)
{
    if (ops == 0u) {
        return 0u;
    }
    uint64_t ns = (uint64_t)ticks * (1000000000u / tm_ticks_per_second());
    return (ns * 100u + ops / 2u) / ops;
}

void tm_run(const tm_test_t *test, const tm_params_t *params, tm_result_t *result)
{
    memset(result, 0, sizeof *result);
    result->min_ops = ULONG_MAX;
    TM_CHECK(tm_reporter_init() == TM_SUCCESS);
    test->start();

    for (unsigned i = 1; i <= params->periods; i++) {
        unsigned long before = test->total();
        uint32_t t0 = tm_ticks();

        tm_thread_sleep_ticks(params->period_ticks);

        uint32_t ticks = tm_ticks() - t0;
        unsigned long ops = test->total() - before;     /* counters wrap: modular difference */
        test->check();
        if (ops == 0u) {
            KT_FAIL("%s: no operation completed in period %u", test->name, i);
        }
        uint64_t x100 = tm_ns_per_op_x100(ops, ticks);
        printf("tm: %s: period %u: %lu ops in %lu ticks: %lu.%02lu ns/op\n", test->name, i, ops,
               (unsigned long)ticks, (unsigned long)(x100 / 100u), (unsigned long)(x100 % 100u));
        if (ops > result->best_ops) {
            result->best_ops = ops;
            result->best_ticks = ticks;
        }
        if (ops < result->min_ops) {
            result->min_ops = ops;
        }
        result->periods = i;
    }
}
