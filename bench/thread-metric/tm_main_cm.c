/*
 * Thread-Metric on the Cortex-M boards under QEMU: runs the selected tests, one per boot, and
 * prints every period's score and one RESULT line per test (bench/run reads those).
 *
 * Semihosting command line (qemu_run.py --arg WORD): test names (default: all), period=MS,
 * periods=N, smoke (periods of 5 ms), icount=SHIFT (the -icount shift QEMU runs with).
 *
 * Time is QEMU's virtual clock. Under -icount shift=S every guest instruction advances it by
 * 2^S ns and nothing else does while the CPU is busy (these tests never let it idle), so the
 * virtual nanoseconds of a period, shifted right by S, are the instructions the period
 * executed, and the RESULT line gives instructions per operation when icount= is given. The
 * 1 kHz tick (SysTick at the board's 25 MHz) is part of the count, as on hardware.
 *
 * A test ends through the harness's port_cm_halt, after which the CPU may only be reset; the
 * runner therefore keeps its progress and the results in .noinit RAM (which neither the
 * start-up code nor a reset touches), resets after each test, and prints the summary and
 * exits (semihosting) after the last: PORT_CM_EXIT_PASS when every test stayed valid,
 * PORT_CM_EXIT_FAIL otherwise. A crash ends the run with the port's fault exit code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "port_cm.h"

#include "tm_test.h"

#define TM_CM_MAGIC         0x544d3031u     /* "TM01" */
#define TM_CM_TESTS_MAX     8u

typedef struct {
    uint32_t verdict;           /* ktest_result_t + 1; 0: not run yet */
    uint32_t best_ops, best_ticks, min_ops, periods;
} tm_cm_record_t;

static struct {
    uint32_t magic;
    uint32_t next;              /* index into selected[] of the test to run now */
    uint32_t nselected;
    uint8_t  selected[TM_CM_TESTS_MAX];
    uint32_t period_ticks, periods;
    int32_t  icount_shift;      /* -1: not given */
    tm_cm_record_t records[TM_CM_TESTS_MAX];
    uint32_t magic_end;
} st __attribute__((section(".noinit")));

static tm_result_t tm_result;
static char msg[2048];

static void tm_case(void)
{
    tm_params_t p = { st.period_ticks, (unsigned)st.periods };
    tm_run(tm_tests[st.selected[st.next]], &p, &tm_result);
}

static int tm_index(const char *name, size_t len)
{
    for (unsigned i = 0; i < tm_test_count; i++) {
        if (strlen(tm_tests[i]->name) == len && strncmp(tm_tests[i]->name, name, len) == 0) {
            return (int)i;
        }
    }
    return -1;
}

static void cold_start(void)
{
    char cmd[256];
    const char *p = "";
    int smoke = 0;
    uint32_t period_ms = 0u, periods = 0u;

    memset(&st, 0, sizeof st);
    st.icount_shift = -1;
    if (board_cmdline(cmd, sizeof cmd) >= 0) {
        p = strchr(cmd, ' ');           /* skip the program name */
        p = p ? p + 1 : "";
    }
    while (*p) {
        size_t n;
        int idx;
        while (*p == ' ') {
            p++;
        }
        n = strcspn(p, " ");
        if (n == 0u) {
            break;
        }
        if (n == 5u && strncmp(p, "smoke", 5) == 0) {
            smoke = 1;
        } else if (strncmp(p, "period=", 7) == 0) {
            period_ms = (uint32_t)strtoul(p + 7, NULL, 10);
        } else if (strncmp(p, "periods=", 8) == 0) {
            periods = (uint32_t)strtoul(p + 8, NULL, 10);
        } else if (strncmp(p, "icount=", 7) == 0) {
            st.icount_shift = (int32_t)strtol(p + 7, NULL, 10);
        } else if ((idx = tm_index(p, n)) >= 0 && st.nselected < TM_CM_TESTS_MAX) {
            st.selected[st.nselected++] = (uint8_t)idx;
        } else {
            printf("thread-metric: unknown argument '%.*s'\n", (int)n, p);
            board_exit(PORT_CM_EXIT_FAIL);
        }
        p += n;
    }
    if (st.nselected == 0u) {
        for (unsigned i = 0; i < tm_test_count && i < TM_CM_TESTS_MAX; i++) {
            st.selected[st.nselected++] = (uint8_t)i;
        }
    }
    /* default: 100 ms, a hundred million instructions at -icount shift=0 */
    if (period_ms == 0u) {
        period_ms = smoke ? 5u : 100u;
    }
    st.period_ticks = period_ms * TOS_CFG_CPU_TICK_PER_SECOND / 1000u;
    st.periods = periods ? periods : smoke ? 2u : 3u;
    st.magic = TM_CM_MAGIC;
    st.magic_end = ~TM_CM_MAGIC;
    printf("thread-metric on %s (%s): %u test(s), %u period(s) of %u ticks, virtual time%s\n",
           SPRIG_BOARD_NAME, SPRIG_BOARD_CPU, (unsigned)st.nselected, (unsigned)st.periods,
           (unsigned)st.period_ticks, st.icount_shift >= 0 ? ", -icount" : "");
}

static void print_result(const tm_test_t *t, const tm_cm_record_t *r)
{
    uint64_t x100 = tm_ns_per_op_x100(r->best_ops, r->best_ticks);

    printf("RESULT thread-metric %s ops=%lu ticks=%lu ns_per_op=%lu.%02lu min_ops=%lu "
           "periods=%lu", t->name, (unsigned long)r->best_ops, (unsigned long)r->best_ticks,
           (unsigned long)(x100 / 100u), (unsigned long)(x100 % 100u),
           (unsigned long)r->min_ops, (unsigned long)r->periods);
    if (st.icount_shift >= 0) {
        uint64_t i100 = x100 >> st.icount_shift;
        printf(" insns_per_op=%lu.%02lu", (unsigned long)(i100 / 100u),
               (unsigned long)(i100 % 100u));
    }
    printf("\n");
}

int main(void)
{
    if (st.magic != TM_CM_MAGIC || st.magic_end != ~TM_CM_MAGIC || st.next > st.nselected) {
        cold_start();
    }
    if (st.next < st.nselected) {
        const tm_test_t *t = tm_tests[st.selected[st.next]];
        tm_cm_record_t *r = &st.records[st.next];
        ktest_case_t c = { "thread_metric", t->name, tm_case, 0 };
        ktest_result_t v;

        printf("[ RUN      ] %s (%s): one op = %s\n", t->name, t->title, t->operation);
        fflush(stdout);
        v = ktest_run(&c, msg, sizeof msg);
        r->verdict = (uint32_t)v + 1u;
        r->best_ops = (uint32_t)tm_result.best_ops;
        r->best_ticks = tm_result.best_ticks;
        r->min_ops = (uint32_t)tm_result.min_ops;
        r->periods = tm_result.periods;
        if (v == KTEST_PASS) {
            print_result(t, r);
            printf("[       OK ] %s\n", t->name);
        } else {
            printf("%s[  %s ] %s\n", msg, v == KTEST_SKIPPED ? "SKIPPED" : "FAILED ", t->name);
        }
        fflush(stdout);
        st.next++;
        port_cm_system_reset();     /* the next test starts from a power-on state */
    }

    unsigned passed = 0, failed = 0, skipped = 0;
    for (uint32_t i = 0; i < st.nselected; i++) {
        ktest_result_t v = (ktest_result_t)(st.records[i].verdict - 1u);
        passed += v == KTEST_PASS;
        skipped += v == KTEST_SKIPPED;
        failed += v != KTEST_PASS && v != KTEST_SKIPPED;
    }
    printf("thread-metric: %u passed, %u failed, %u skipped\n", passed, failed, skipped);
    fflush(stdout);
    st.magic = 0u;
    board_exit(failed == 0u && passed > 0u ? PORT_CM_EXIT_PASS : PORT_CM_EXIT_FAIL);
}
