/*
 * A traced run stopped by SIGINT or SIGTERM (trace_stop.h): the first one halts the machine,
 * main() closes the trace and the signal is raised again. A second one acts at once
 * (SA_RESETHAND), in case the CPU never gets to the halt.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>

#include "cpu.h"
#include "trace_stop.h"

static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
    stop_signal = sig;
    cpu_request_halt(128 + sig);
}

void trace_stop_install(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sa.sa_flags = SA_RESETHAND | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGURG);     /* the CPU's kick: taken after the handler returns */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

void trace_stop_finish(void)
{
    if (stop_signal) {
        /* end the way the signal would have ended us */
        signal(stop_signal, SIG_DFL);
        raise(stop_signal);
    }
}
