/*
 * Thread-Metric on the host ports (the POSIX simulator; the Win32 port under Wine): runs the
 * selected tests, each on a fresh kernel through the kernel test harness, and prints every
 * period's score and one RESULT line per test (bench/run reads those).
 *
 *   thread_metric [TEST...] [--period=T] [--periods=N] [--smoke] [simulator options]
 *
 * TEST: basic, cooperative, preemptive, interrupt, interrupt_preemption, message,
 * synchronization, memory (default: all). Exit status 0 when every test ran and stayed valid,
 * 1 when one failed, 2 for bad options.
 *
 * Time. A score is operations per reporting period, and the period is what the kernel
 * measures: tos_task_delay in the reporter. A full run therefore uses the simulator's realtime
 * mode (forced unless --speed is given): virtual time is the host's monotonic clock, the tick
 * comes from a host timer, so a 1 s period is 1 s of wall time on this machine and the score
 * is real throughput, with the cost of the tick interrupt included as on hardware. (In the
 * default virtual mode a busy CPU only sees time move after --busy-budget of host CPU time,
 * so a period would measure the budget, not the kernel.)
 *
 * --smoke keeps virtual mode, with two periods of 10 virtual milliseconds (about as much host
 * CPU time at the default busy budget): every test runs briefly and its validity checks must
 * pass; the numbers mean nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/options.h"

#include "tm_test.h"

#define TM_DEFAULT_PERIOD_MS    1000u
#define TM_DEFAULT_PERIODS      3u
#define TM_SMOKE_PERIOD_MS      10u
#define TM_SMOKE_PERIODS        2u

static const tm_test_t *tm_current;
static tm_params_t tm_params;
static tm_result_t tm_result;

static void tm_case(void)
{
    tm_run(tm_current, &tm_params, &tm_result);
}

static void usage(FILE *f, const char *prog)
{
    fprintf(f, "usage: %s [TEST...] [--period=T] [--periods=N] [--smoke] [simulator options]\n"
               "tests:", prog);
    for (unsigned i = 0; i < tm_test_count; i++) {
        fprintf(f, " %s", tm_tests[i]->name);
    }
    fprintf(f, "\n");
}

int main(int argc, char **argv)
{
    const tm_test_t *selected[16];
    unsigned nselected = 0;
    char **sim_argv = calloc((size_t)argc + 2u, sizeof *sim_argv);
    int sim_argc = 0;
    int smoke = 0;
    sim_time_t period = 0;
    unsigned long periods = 0;
    sim_options_t opts;

    if (!sim_argv) {
        return 1;
    }
    sim_argv[sim_argc++] = argv[0];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--smoke") == 0) {
            smoke = 1;
        } else if (strncmp(a, "--period=", 9) == 0) {
            if (sim_parse_duration(a + 9, &period) != 0 || period < 1000000u) {
                fprintf(stderr, "%s: invalid --period '%s' (at least 1ms)\n", argv[0], a + 9);
                return 2;
            }
        } else if (strncmp(a, "--periods=", 10) == 0) {
            char *end;
            periods = strtoul(a + 10, &end, 10);
            if (*end != '\0' || periods == 0u || periods > 1000u) {
                fprintf(stderr, "%s: invalid --periods '%s'\n", argv[0], a + 10);
                return 2;
            }
        } else if (a[0] != '-') {
            const tm_test_t *t = tm_test_find(a);
            if (!t || nselected == sizeof selected / sizeof selected[0]) {
                fprintf(stderr, "%s: unknown test '%s'\n", argv[0], a);
                usage(stderr, argv[0]);
                return 2;
            }
            selected[nselected++] = t;
        } else {
            sim_argv[sim_argc++] = argv[i];     /* the simulator's */
        }
    }
    switch (sim_options_parse(&opts, sim_argc, sim_argv, stdout, stderr)) {
    case SIM_OPTIONS_EXIT_OK:
        usage(stdout, argv[0]);
        return 0;
    case SIM_OPTIONS_ERROR:
        usage(stderr, argv[0]);
        return 2;
    case SIM_OPTIONS_RUN:
        break;
    }
    if (!smoke && opts.mode != SIM_CLOCK_REALTIME) {
        opts.mode = SIM_CLOCK_REALTIME;
        opts.speed = 1.0;
    }
    sim_options_set_current(&opts);

    if (nselected == 0u) {
        for (unsigned i = 0; i < tm_test_count; i++) {
            selected[nselected++] = tm_tests[i];
        }
    }
    if (period == 0u) {
        period = (sim_time_t)(smoke ? TM_SMOKE_PERIOD_MS : TM_DEFAULT_PERIOD_MS) * 1000000u;
    }
    tm_params.period_ticks =
        (uint32_t)(period / (1000000000u / TOS_CFG_CPU_TICK_PER_SECOND));
    tm_params.periods = periods ? (unsigned)periods : smoke ? TM_SMOKE_PERIODS : TM_DEFAULT_PERIODS;

    printf("thread-metric: %u test(s), %u period(s) of %lu ticks (%u ticks/s), %s time\n",
           nselected, tm_params.periods, (unsigned long)tm_params.period_ticks,
           (unsigned)TOS_CFG_CPU_TICK_PER_SECOND,
           opts.mode == SIM_CLOCK_REALTIME ? "realtime (host clock)" : "virtual");

    unsigned passed = 0, failed = 0, skipped = 0;
    for (unsigned i = 0; i < nselected; i++) {
        ktest_case_t c = { "thread_metric", selected[i]->name, tm_case, 0 };
        char msg[2048];

        tm_current = selected[i];
        printf("[ RUN      ] %s (%s): one op = %s\n", tm_current->name, tm_current->title,
               tm_current->operation);
        fflush(stdout);
        switch (ktest_run(&c, msg, sizeof msg)) {
        case KTEST_PASS: {
            uint64_t x100 = tm_ns_per_op_x100(tm_result.best_ops, tm_result.best_ticks);
            printf("RESULT thread-metric %s ops=%lu ticks=%lu ns_per_op=%lu.%02lu min_ops=%lu "
                   "periods=%u\n",
                   tm_current->name, tm_result.best_ops, (unsigned long)tm_result.best_ticks,
                   (unsigned long)(x100 / 100u), (unsigned long)(x100 % 100u),
                   tm_result.min_ops, tm_result.periods);
            printf("[       OK ] %s\n", tm_current->name);
            passed++;
            break;
        }
        case KTEST_SKIPPED:
            printf("%s[  SKIPPED ] %s\n", msg, tm_current->name);
            skipped++;
            break;
        default:
            printf("%s[  FAILED  ] %s\n", msg, tm_current->name);
            failed++;
            break;
        }
        fflush(stdout);
    }
    printf("thread-metric: %u passed, %u failed, %u skipped\n", passed, failed, skipped);
    free(sim_argv);
    return failed ? 1 : 0;
}
