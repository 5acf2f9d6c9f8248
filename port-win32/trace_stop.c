/*
 * A traced run stopped from the console (trace_stop.h): the first Ctrl-C, Ctrl-Break or
 * console close halts the machine, main() closes the trace and the process then ends with
 * STATUS_CONTROL_C_EXIT, as an unhandled Ctrl-C would have ended it. A second event acts at
 * once (the default handler), in case the CPU never gets to the halt.
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include <stdio.h>

#include "cpu.h"
#include "trace_stop.h"

static volatile LONG stop_event;        /* the console event that stopped the run, + 1 */

/* Runs on a thread the system creates for the event. */
static BOOL WINAPI on_console_event(DWORD event)
{
    if (InterlockedCompareExchange(&stop_event, (LONG)event + 1, 0) != 0) {
        return FALSE;                   /* the default handler: end now */
    }
    cpu_request_halt(128 + 2);          /* like SIGINT on the POSIX port */
    return TRUE;
}

void trace_stop_install(void)
{
    SetConsoleCtrlHandler(on_console_event, TRUE);
}

void trace_stop_finish(void)
{
    if (stop_event) {
        fflush(NULL);
        ExitProcess(STATUS_CONTROL_C_EXIT);     /* how an unhandled Ctrl-C ends a process */
    }
}
