/*
 * Thread-Metric: what a test is, and the reporter that runs it.
 *
 * A test starts its threads (tm_test_t.start), which then count operations in volatile
 * counters. The reporter, more urgent than every test thread, sleeps one reporting period at
 * a time; at each wake-up it checks that the counters are consistent (the test's own validity
 * rule) and scores the period: the operations counted during it. A failed check or a failed
 * porting-layer call ends the run as failed (through the kernel test harness, tests/kernel).
 */
#ifndef TM_TEST_H
#define TM_TEST_H

#include "ktest.h"

#include "tm_api.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A porting-layer call or a test's own check failed: ends the run as failed. */
#define TM_CHECK(cond)      KT_ASSERT(cond)

typedef struct {
    const char *name;           /* command-line name: "cooperative" */
    const char *title;          /* "Cooperative Scheduling" */
    const char *operation;      /* what one operation (one point of the score) is */
    void (*start)(void);
    unsigned long (*total)(void);   /* the score so far (wraps) */
    void (*check)(void);        /* asserts the counters' consistency; the reporter calls it */
} tm_test_t;

extern const tm_test_t tm_basic_processing;
extern const tm_test_t tm_cooperative_scheduling;
extern const tm_test_t tm_preemptive_scheduling;
extern const tm_test_t tm_interrupt_processing;
extern const tm_test_t tm_interrupt_preemption_processing;
extern const tm_test_t tm_message_processing;
extern const tm_test_t tm_synchronization_processing;
extern const tm_test_t tm_memory_allocation;

/* All eight, in the published order (tm_tests.c). */
extern const tm_test_t *const tm_tests[];
extern const unsigned tm_test_count;
const tm_test_t *tm_test_find(const char *name);

/* Counters that must stay within one of each other (cooperative, preemptive, interrupt): a
   thread may have been stopped between two of them. */
void tm_check_balanced(const char *what, const volatile unsigned long *const counters[],
                       unsigned n);

typedef struct {
    uint32_t period_ticks;      /* one reporting period */
    unsigned periods;
} tm_params_t;

typedef struct {
    unsigned long best_ops;     /* the highest score of one period */
    uint32_t best_ticks;        /* how long that period really lasted */
    unsigned long min_ops;      /* the lowest */
    unsigned periods;
} tm_result_t;

/* Run `test` in the calling task (a fresh kernel's first task) for `params->periods` periods,
   printing each period's score; fills `result`. Fails the run (TM_CHECK) when the test is
   invalid or made no progress at all. */
void tm_run(const tm_test_t *test, const tm_params_t *params, tm_result_t *result);

/* Nanoseconds per operation, times 100, for `ops` operations in `ticks` ticks (0 if none). */
uint64_t tm_ns_per_op_x100(unsigned long ops, uint32_t ticks);

#ifdef __cplusplus
}
#endif

#endif /* TM_TEST_H */
