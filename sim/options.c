/*
 * Command-line parsing for simulator binaries. See sim/include/sim/options.h.
 */
#include "sim/options.h"
#include "sim/ioloop.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifndef SPRIG_VERSION
#define SPRIG_VERSION "0.0.0"
#endif

static sim_options_t current;
static bool current_set;

void sim_options_defaults(sim_options_t *o)
{
    memset(o, 0, sizeof *o);            /* every option not set below: off (NULL, false) */
    o->mode = SIM_CLOCK_VIRTUAL;
    o->speed = 1.0;
    o->stop_at = SIM_TIME_NEVER;
    o->seed = 1;
    o->busy_budget = SIM_DEFAULT_BUSY_BUDGET;
    o->stats = false;
    o->trace_path = NULL;
    o->uart0 = NULL;
    o->flash_path = NULL;
    o->gpio_log = NULL;
    o->script_path = NULL;
}

const sim_options_t *sim_options(void)
{
    if (!current_set) {
        sim_options_defaults(&current);
        current_set = true;
    }
    return &current;
}

void sim_options_set_current(const sim_options_t *o)
{
    current = *o;
    current_set = true;
}

void sim_options_usage(FILE *f, const char *prog)
{
    fprintf(f,
            "usage: %s [options]\n"
            "  --realtime          virtual time follows the host clock\n"
            "  --speed=X           realtime mode at X times real time (X > 0)\n"
            "  --stop-at=T         stop when virtual time reaches T (e.g. 10s, 1.5h, 250ms)\n"
            "  --seed=N            seed for every random choice of the simulator\n"
            "  --busy-budget=T     host CPU time a busy CPU runs before virtual time moves on\n"
            "                      to the next event (virtual mode; default 1ms, min 50us)\n"
            "  --stats             print statistics at exit (time per power state, ...)\n"
            "  --trace=FILE        write a trace of the run (tasks, interrupts, kernel objects,\n"
            "                      power) to FILE, for ui.perfetto.dev or chrome://tracing\n"
            "  --uart0=BACKEND     host end of the console UART: stdio (default), pty,\n"
            "                      tcp:PORT, file:OUT, file:in=IN[,out=OUT], loopback, none\n"
            "  --flash=FILE        keep the board's flash in FILE (created erased if missing)\n"
            "  --gpio-log=FILE     log GPIO pin changes to FILE (default stderr; none: off)\n"
            "  --script=FILE       timed UART input, button presses and expectations\n"
            "                      (docs/simulator.md, Scripts)\n"
            "  --help              show this help\n"
            "  --version           show the version\n"
            "Durations: a number with an optional unit ns, us, ms, s (default), m, h.\n",
            prog);
}

int sim_parse_duration(const char *s, sim_time_t *out)
{
    if (!s || !*s || *s == '-' || *s == '+') {
        return -1;
    }
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    if (end == s || errno == ERANGE || !isfinite(v) || v < 0) {
        return -1;
    }
    double scale;
    if (*end == '\0' || strcmp(end, "s") == 0) {
        scale = 1e9;
    } else if (strcmp(end, "ns") == 0) {
        scale = 1.0;
    } else if (strcmp(end, "us") == 0) {
        scale = 1e3;
    } else if (strcmp(end, "ms") == 0) {
        scale = 1e6;
    } else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0) {
        scale = 60e9;
    } else if (strcmp(end, "h") == 0) {
        scale = 3600e9;
    } else {
        return -1;
    }
    double ns = v * scale;
    if (ns >= 1.8e19) {
        return -1;
    }
    *out = (sim_time_t)llround(ns);
    return 0;
}

static int parse_u64(const char *s, uint64_t *out)
{
    if (!s || !*s || *s == '-' || *s == '+') {
        return -1;
    }
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 0);
    if (*end != '\0' || errno == ERANGE) {
        return -1;
    }
    *out = (uint64_t)v;
    return 0;
}

/* "--name=value" -> value, when arg starts with "--name=". */
static const char *value_of(const char *arg, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(arg, name, n) == 0 && arg[n] == '=') {
        return arg + n + 1;
    }
    return NULL;
}

static sim_options_result_t fail(FILE *err, const char *prog, const char *fmt, const char *what)
{
    fprintf(err, "%s: ", prog);
    fprintf(err, fmt, what);
    fputc('\n', err);
    sim_options_usage(err, prog);
    return SIM_OPTIONS_ERROR;
}

sim_options_result_t sim_options_parse(sim_options_t *o, int argc, char **argv,
                                       FILE *out, FILE *err)
{
    const char *prog = argc > 0 && argv[0] ? argv[0] : "sprig-sim";
    const char *slash = strrchr(prog, '/');
    if (slash) {
        prog = slash + 1;
    }
    sim_options_defaults(o);

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            sim_options_usage(out, prog);
            return SIM_OPTIONS_EXIT_OK;
        } else if (strcmp(a, "--version") == 0) {
            fprintf(out, "%s (Sprig simulator) %s\n", prog, SPRIG_VERSION);
            return SIM_OPTIONS_EXIT_OK;
        } else if (strcmp(a, "--stats") == 0) {
            o->stats = true;
        } else if (strcmp(a, "--realtime") == 0) {
            o->mode = SIM_CLOCK_REALTIME;
        } else if ((v = value_of(a, "--speed")) != NULL) {
            char *end;
            errno = 0;
            double s = strtod(v, &end);
            if (end == v || *end != '\0' || errno == ERANGE || !isfinite(s) || s <= 0) {
                return fail(err, prog, "invalid --speed value '%s' (want a number > 0)", v);
            }
            o->mode = SIM_CLOCK_REALTIME;
            o->speed = s;
        } else if ((v = value_of(a, "--stop-at")) != NULL) {
            if (sim_parse_duration(v, &o->stop_at) != 0) {
                return fail(err, prog, "invalid --stop-at value '%s' (want a duration like 10s)", v);
            }
        } else if ((v = value_of(a, "--seed")) != NULL) {
            if (parse_u64(v, &o->seed) != 0) {
                return fail(err, prog, "invalid --seed value '%s' (want an unsigned integer)", v);
            }
        } else if ((v = value_of(a, "--busy-budget")) != NULL) {
            if (sim_parse_duration(v, &o->busy_budget) != 0 ||
                o->busy_budget < SIM_MIN_BUSY_BUDGET) {
                return fail(err, prog,
                            "invalid --busy-budget value '%s' (want a duration of at least 50us)", v);
            }
        } else if ((v = value_of(a, "--trace")) != NULL) {
            if (*v == '\0') {
                return fail(err, prog, "invalid --trace value '%s' (want a file name)", v);
            }
            o->trace_path = v;
        } else if ((v = value_of(a, "--uart0")) != NULL) {
            sim_io_spec_t spec;
            char why[160];
            if (sim_io_spec_parse(v, &spec, why, sizeof why) != 0) {
                fprintf(err, "%s: invalid --uart0 value '%s' (%s)\n", prog, v, why);
                sim_options_usage(err, prog);
                return SIM_OPTIONS_ERROR;
            }
            o->uart0 = v;
        } else if ((v = value_of(a, "--flash")) != NULL) {
            if (*v == '\0') {
                return fail(err, prog, "invalid --flash value '%s' (want a file name)", v);
            }
            o->flash_path = v;
        } else if ((v = value_of(a, "--script")) != NULL) {
            if (*v == '\0') {
                return fail(err, prog, "invalid --script value '%s' (want a file name)", v);
            }
            o->script_path = v;
        } else if ((v = value_of(a, "--gpio-log")) != NULL) {
            if (*v == '\0') {
                return fail(err, prog, "invalid --gpio-log value '%s' (want a file or none)", v);
            }
            o->gpio_log = v;
        } else {
            return fail(err, prog, "unknown option '%s'", a);
        }
    }
    return SIM_OPTIONS_RUN;
}
