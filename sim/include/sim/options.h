/*
 * Sprig simulator: command-line options common to every simulator binary.
 *
 *   --realtime           virtual time follows the host clock (speed 1)
 *   --speed=X            realtime mode at X times real time (X > 0, e.g. 0.5, 10)
 *   --stop-at=T          end the run when virtual time reaches T
 *   --seed=N             seed for every random choice of the simulator (decimal or 0x hex)
 *   --busy-budget=T      host CPU time a busy CPU may run before virtual time is pushed to the
 *                        next event (virtual mode; default 1ms, at least 50us)
 *   --stats              print run statistics (time per power state, interrupts) at exit
 *   --trace=FILE         write a Chrome/Perfetto trace of the run to FILE
 *   --uart0=BACKEND      the console UART's host end: stdio (default), pty, tcp:PORT,
 *                        file:OUT, file:in=IN[,out=OUT], loopback, none (sim/ioloop.h)
 *   --flash=FILE         keep the board's flash in FILE (created erased; must have its size)
 *   --gpio-log=FILE      log GPIO pin changes to FILE instead of stderr ("none": off)
 *   --script=FILE        timed stimulus and expectations (sim/script.h)
 *   --help, --version
 *
 * Durations are a decimal number with an optional unit: ns, us, ms, s (default), m, h.
 */
#ifndef SIM_OPTIONS_H
#define SIM_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/clock.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Builds that run under an emulator (qemu-user) raise the default: emulated code is slower. */
#ifdef SPRIG_SIM_DEFAULT_BUSY_BUDGET_US
#define SIM_DEFAULT_BUSY_BUDGET  SIM_US(SPRIG_SIM_DEFAULT_BUSY_BUDGET_US)
#else
#define SIM_DEFAULT_BUSY_BUDGET  SIM_MS(1)
#endif
#define SIM_MIN_BUSY_BUDGET      SIM_US(50)

typedef struct {
    sim_clock_mode_t mode;
    double           speed;
    sim_time_t       stop_at;        /* SIM_TIME_NEVER when not given */
    uint64_t         seed;
    sim_time_t       busy_budget;    /* host nanoseconds of CPU time */
    bool             stats;          /* print statistics at exit */
    const char      *trace_path;     /* --trace=FILE (points into argv), NULL when not given */
    /* devices (checked here, opened by the board): strings point into argv, NULL when not
       given */
    const char      *uart0;          /* --uart0=BACKEND (syntax checked) */
    const char      *flash_path;     /* --flash=FILE */
    const char      *gpio_log;       /* --gpio-log=FILE|none */
    const char      *script_path;    /* --script=FILE (sim/script.h; read by the board) */
} sim_options_t;

typedef enum {
    SIM_OPTIONS_RUN = 0,       /* parsed; go on */
    SIM_OPTIONS_EXIT_OK,       /* --help or --version was printed; exit 0 */
    SIM_OPTIONS_ERROR,         /* a one-line reason and the usage went to `err`; exit 2 */
} sim_options_result_t;

void sim_options_defaults(sim_options_t *o);

/* Parse argv[1..argc-1]. `out` receives help/version text, `err` the error and usage. */
sim_options_result_t sim_options_parse(sim_options_t *o, int argc, char **argv,
                                       FILE *out, FILE *err);

void sim_options_usage(FILE *f, const char *prog);

/* "1.5s", "20ms", "3" (seconds), "2h". Returns 0 on success, -1 on malformed or overflowing
   input. */
int sim_parse_duration(const char *s, sim_time_t *out);

/* The options the running machine was started with. */
const sim_options_t *sim_options(void);
void sim_options_set_current(const sim_options_t *o);

#ifdef __cplusplus
}
#endif

#endif /* SIM_OPTIONS_H */
