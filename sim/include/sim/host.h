/*
 * Sprig simulator: the thin host-OS layer.
 *
 * The simulator core (clock, interrupt controller, systick, options, trace) is portable C11;
 * the little it needs from the host operating system is here, implemented once per host family:
 * sim/host_posix.c (Linux, macOS, other POSIX hosts) and sim/host_win32.c (Windows, also under
 * Wine). The CPU ports (port-posix, port-win32) use it too, so both measure time the same way.
 *
 * Every function is safe to call from any thread. None allocates or takes a lock, so the
 * Windows port may call them from its interrupt-injection thread.
 */
#ifndef SIM_HOST_H
#define SIM_HOST_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Host monotonic time in nanoseconds (arbitrary origin, never goes backwards). POSIX:
   CLOCK_MONOTONIC; Windows: QueryPerformanceCounter. */
uint64_t sim_host_monotonic_ns(void);

/* Name of the host OS family, for diagnostics: "posix" or "win32". */
const char *sim_host_name(void);

/*
 * CPU time of one thread, readable from any other thread (a simulator's watchdog measures how
 * long the simulated CPU has been busy). sim_host_thread_clock_init() is called on the thread
 * to be measured; it returns 0, or -1 when this host cannot measure it (the caller then falls
 * back to monotonic time). The sources:
 *   POSIX:            the thread's CPU-time clock (pthread_getcpuclockid)
 *   Windows:          QueryThreadCycleTime, scaled by a calibration against the
 *                     performance counter
 *   Wine on Linux:    Wine implements neither of the Windows sources finely (thread times
 *                     tick in 10 ms; QueryThreadCycleTime fails), so the Linux thread CPU
 *                     clock is read directly with clock_gettime system calls
 */
typedef struct {
    int      kind;          /* which source; 0: none */
    int64_t  id;            /* clock id (POSIX, Linux) */
    void    *handle;        /* thread handle (Windows) */
    double   scale;         /* ns per unit (Windows cycles) */
} sim_host_thread_clock_t;

int sim_host_thread_clock_init(sim_host_thread_clock_t *c);
/* Nanoseconds of CPU time the thread has used (arbitrary origin); 0 if unsupported. */
uint64_t sim_host_thread_clock_ns(const sim_host_thread_clock_t *c);

#ifdef __cplusplus
}
#endif

#endif /* SIM_HOST_H */
