/*
 * How the user stops a traced run, per host (each port's trace_stop.c): POSIX catches SIGINT
 * and SIGTERM, Windows installs a console control handler (Ctrl-C, Ctrl-Break, closing the
 * console). Either way the first stop asks the CPU to halt (cpu_request_halt), so main()
 * finishes the trace file, and trace_stop_finish then ends the process as the stop would have;
 * a second stop acts at once, in case the CPU never gets to the halt.
 */
#ifndef PORT_HOST_TRACE_STOP_H
#define PORT_HOST_TRACE_STOP_H

/* While a trace file is open: catch the user's stop. */
void trace_stop_install(void);
/* The trace file is complete: if the user stopped the run, end the process as that stop would
   have ended it (does not return then). */
void trace_stop_finish(void);

#endif /* PORT_HOST_TRACE_STOP_H */
