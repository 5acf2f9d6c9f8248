/*
 * What the host ports' own tests need from the host OS, so that one test source serves the
 * POSIX and the Win32 port: a plain host thread that is not the CPU (it never takes the CPU's
 * interrupts, and calls nothing of the C library while the CPU runs), and a yield of the host
 * CPU. Implemented by tests/port-posix/host_thread_posix.c (pthreads) and
 * tests/port-win32/host_thread_win32.c (CreateThread).
 */
#ifndef SPRIG_TEST_HOST_THREAD_H
#define SPRIG_TEST_HOST_THREAD_H

#include <stdbool.h>

/* Start fn(arg) on the test's host thread (one at a time); false if the host refuses. */
bool host_thread_start(void (*fn)(void *), void *arg);
/* Wait for it to end. */
void host_thread_join(void);
/* Let another host thread run (the CPU thread, to take an interrupt). */
void host_thread_yield(void);

/* The null device, for fopen. */
#ifdef _WIN32
#define HOST_NULL_DEVICE    "NUL"
#else
#define HOST_NULL_DEVICE    "/dev/null"
#endif

#endif
