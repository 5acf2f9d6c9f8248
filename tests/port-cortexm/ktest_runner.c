/*
 * Kernel conformance suite on a Cortex-M target (QEMU): a C runner.
 *
 * Every case runs from a fresh system: the runner runs one case (ktest_run: tos_knl_init, the
 * case's task, tos_knl_start, which returns when the case ends), records the verdict in
 * .noinit RAM, and resets the SoC (AIRCR.SYSRESETREQ). After the reset the start-up code
 * initialises .data/.bss again, the NVIC, SysTick and every exception state are as at power-on,
 * and the runner continues with the next case. A case that crashes (fault, stack overflow,
 * kernel panic) is reported by the port, recorded as failed, and the run goes on.
 *
 * Output: one line per case, "N passed, N failed, N skipped" at the end, and the exit status
 * through semihosting: PORT_CM_EXIT_PASS when nothing failed, PORT_CM_EXIT_FAIL otherwise.
 *
 * The semihosting command line may name the cases to run: words, each a prefix of
 * "suite.name" (e.g. "sem." or "task.delay_"); no words runs everything.
 */
#include <stdio.h>
#include <string.h>

#include "ktest.h"
#include "ktest_cm.h"

#include "board.h"
#include "port_cm.h"

#define RUNNER_MAGIC        0x53505231u     /* "SPR1" */
#define FAILED_LIST_MAX     64u

/* Survives the reset between cases (the linker script keeps .noinit out of every segment). */
static struct {
    uint32_t magic;
    uint32_t next;              /* index of the next case */
    uint32_t running;           /* 1 + index of the case in progress: still set after a reset
                                   means that case crashed */
    uint32_t crash_code;        /* PORT_CM_EXIT_* of the crash */
    uint32_t passed, failed, skipped, selected;
    uint32_t nfailed;
    uint16_t failed_idx[FAILED_LIST_MAX];
    char     filter[160];
    uint32_t magic_end;
} st __attribute__((section(".noinit")));

static char msg[4096];

static void print_indented(const char *text)
{
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        printf("    %.*s\n", (int)n, p);
        p += n + (nl ? 1u : 0u);
    }
}

static void record_failure(uint32_t idx)
{
    st.failed++;
    if (st.nfailed < FAILED_LIST_MAX) {
        st.failed_idx[st.nfailed++] = (uint16_t)idx;
    }
}

/* A crash ends in port_cm_fatal after the port's report: keep the verdict and carry on. */
void port_cm_fatal(int code)
{
    st.crash_code = (uint32_t)code;
    port_cm_system_reset();
}

static int selected(const ktest_case_t *c)
{
    const char *p = st.filter;
    char full[96];

    if (*p == '\0') {
        return 1;
    }
    snprintf(full, sizeof full, "%s.%s", c->suite, c->name);
    while (*p) {
        size_t n;
        while (*p == ' ') {
            p++;
        }
        n = strcspn(p, " ");
        if (n > 0u && strncmp(full, p, n) == 0) {
            return 1;
        }
        p += n;
    }
    return 0;
}

static void cold_start(void)
{
    char cmd[sizeof st.filter + 64];
    const char *args = "";

    memset(&st, 0, sizeof st);
    if (board_cmdline(cmd, sizeof cmd) >= 0) {
        args = strchr(cmd, ' ');        /* skip the program name */
        args = args ? args + 1 : "";
    }
    snprintf(st.filter, sizeof st.filter, "%s", args);
    st.magic = RUNNER_MAGIC;
    st.magic_end = ~RUNNER_MAGIC;
    printf("sprig ktest on %s (%s): %u cases%s%s\n", SPRIG_BOARD_NAME, SPRIG_BOARD_CPU,
           ktest_case_count, st.filter[0] ? ", selected by: " : "", st.filter);
}

int main(void)
{
    if (st.magic != RUNNER_MAGIC || st.magic_end != ~RUNNER_MAGIC || st.next > ktest_case_count) {
        cold_start();
    }
    if (st.running != 0u) {
        const ktest_case_t *c = &ktest_cases[st.running - 1u];
        printf("[  CRASHED ] %s.%s (exit code 0x%02x: see the report above)\n", c->suite,
               c->name, (unsigned)st.crash_code);
        record_failure(st.running - 1u);
        st.running = 0u;
        st.next++;
    }

    while (st.next < ktest_case_count) {
        const ktest_case_t *c = &ktest_cases[st.next];
        ktest_result_t r;

        if (!selected(c)) {
            st.next++;
            continue;
        }
        st.selected++;
        printf("[ RUN      ] %s.%s\n", c->suite, c->name);
        fflush(stdout);
        st.running = st.next + 1u;
        r = ktest_run(c, msg, sizeof msg);
        st.running = 0u;
        switch (r) {
        case KTEST_PASS:
            st.passed++;
            print_indented(msg);
            printf("[       OK ] %s.%s (%lu ticks)\n", c->suite, c->name,
                   (unsigned long)port_cm_ticks());
            break;
        case KTEST_SKIPPED:
            st.skipped++;
            print_indented(msg);
            printf("[  SKIPPED ] %s.%s\n", c->suite, c->name);
            break;
        case KTEST_TIMEOUT:
            record_failure(st.next);
            print_indented(msg);
            if (ktest_cm_timeout_kind() == KTEST_CM_TIMEOUT_BUSY) {
                printf("    (the CPU never went idle for %u s of virtual time)\n",
                       (unsigned)KTEST_CM_BUSY_LIMIT_S);
            }
            printf("[  TIMEOUT ] %s.%s\n", c->suite, c->name);
            break;
        case KTEST_FAILED:
        default:
            record_failure(st.next);
            print_indented(msg);
            printf("[  FAILED  ] %s.%s\n", c->suite, c->name);
            break;
        }
        fflush(stdout);
        st.next++;
        /* the next case starts from a power-on state */
        port_cm_system_reset();
    }

    printf("\n%u passed, %u failed, %u skipped (%u of %u cases run)\n", (unsigned)st.passed,
           (unsigned)st.failed, (unsigned)st.skipped, (unsigned)st.selected, ktest_case_count);
    for (uint32_t i = 0; i < st.nfailed; i++) {
        const ktest_case_t *c = &ktest_cases[st.failed_idx[i]];
        printf("FAILED: %s.%s\n", c->suite, c->name);
    }
    fflush(stdout);
    st.magic = 0u;
    board_exit(st.failed == 0u && st.selected > 0u ? PORT_CM_EXIT_PASS : PORT_CM_EXIT_FAIL);
}
