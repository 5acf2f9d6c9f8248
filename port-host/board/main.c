/*
 * main() of every simulator binary, on every host port: parse the simulator options, reset the
 * machine, start the kernel with the app's application_entry() in a task, and run until the
 * machine halts. One board for both hosts, so an app prints the same bytes on both for the same
 * options; what the host's board adds (stdio set-up, the virtual devices) is board_host.h's.
 *
 * Exit status: 0 when the run reached --stop-at (or the app halted it with code 0), 2 for bad
 * options, 1 when the kernel could not start or the --trace file could not be written; 1 also
 * when a device's host end (--uart0, --flash, --gpio-log) cannot be opened (2 on the Win32
 * board, which has no devices yet and refuses those options); board_exit(code) gives `code`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tos_k.h"

#include "board/board_host.h"
#include "cpu.h"
#include "sim_board/irq_map.h"

#include "sim/clock.h"
#include "sim/irqc.h"
#include "sim/options.h"
#include "sim/power.h"

static k_task_t  app_task;
static k_stack_t app_stack[SPRIG_CFG_APP_TASK_STK_SIZE];
static sim_event_t stop_event;

static void print_stats(void)
{
    sim_time_t total = sim_clock_now();

    fprintf(stderr, "sprig: statistics at %llu.%09llu s of virtual time\n",
            (unsigned long long)(total / 1000000000u), (unsigned long long)(total % 1000000000u));
    for (int s = 0; s < SIM_POWER_STATES; s++) {
        sim_time_t t = sim_power_time((sim_power_state_t)s);
        fprintf(stderr, "  %-8s %16.6f s  %6.2f %%\n", sim_power_state_name((sim_power_state_t)s),
                (double)t / 1e9, total ? 100.0 * (double)t / (double)total : 0.0);
    }
    fprintf(stderr, "  interrupts taken %llu, of them tick %llu\n",
            (unsigned long long)sim_irq_taken(), (unsigned long long)sim_irq_count(SIM_IRQ_SYSTICK));
    fprintf(stderr, "  events fired %llu\n", (unsigned long long)sim_clock_events_fired());
}

static void stop_at_reached(void *arg)
{
    (void)arg;
    cpu_halt(0);
}

int main(int argc, char **argv)
{
    sim_options_t opts;
    k_err_t err;
    int code;

    board_host_start(argc, argv);
    switch (sim_options_parse(&opts, argc, argv, stdout, stderr)) {
    case SIM_OPTIONS_EXIT_OK:
        return 0;
    case SIM_OPTIONS_ERROR:
        return 2;
    case SIM_OPTIONS_RUN:
        break;
    }
    sim_options_set_current(&opts);
    code = board_devices_open(&opts, argv[0]);
    if (code != 0) {
        return code;    /* a device's host end cannot be opened (said on stderr) */
    }
    cpu_reset();
    board_devices_reset();
    if (opts.trace_path) {
        const char *prog = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
        if (port_trace_open(opts.trace_path, prog) != 0) {
            fprintf(stderr, "%s: cannot write trace file '%s': %s\n", prog, opts.trace_path,
                    strerror(errno));
            return 1;
        }
    }
    if (opts.stop_at != SIM_TIME_NEVER) {
        sim_event_init(&stop_event, "stop-at", stop_at_reached, NULL);
        sim_event_schedule(&stop_event, opts.stop_at);
    }

    err = tos_knl_init();
    if (err != K_ERR_NONE) {
        fprintf(stderr, "sprig: tos_knl_init failed with error %d\n", (int)err);
        return 1;
    }
    err = tos_task_create(&app_task, "app", application_entry, NULL,
                          (k_prio_t)SPRIG_CFG_APP_TASK_PRIO, app_stack,
                          sizeof app_stack, 0u);
    if (err != K_ERR_NONE) {
        fprintf(stderr, "sprig: cannot create the application task: error %d\n", (int)err);
        return 1;
    }
    tos_knl_start();
    code = cpu_halt_code();
    fflush(stdout);
    board_devices_close();      /* console back to stdout; host I/O flushed and stopped */
    if (opts.stats) {
        print_stats();
    }
    if (port_trace_close() != 0 && code == 0) {
        code = 1;       /* the trace is incomplete (said on stderr) */
    }
    return code;
}
