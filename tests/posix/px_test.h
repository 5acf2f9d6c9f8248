/*
 * Helpers of the POSIX layer suite (cases are KTEST cases, see tests/kernel/ktest.h).
 *
 * The cases include <pthread.h>, <semaphore.h>, <mqueue.h>, <sched.h> and <time.h> by their
 * standard names: the build puts components/posix/names ahead of the system headers for them,
 * so these are the layer's (the harness itself is compiled without, and keeps the C library's).
 *
 * The case body runs in the harness's task at kernel priority KTEST_MAIN_PRIO (10), which is
 * not made by pthread_create; its POSIX priority is PX_MAIN_PRIO (53 with 64 kernel levels).
 * Threads at PX_ABOVE preempt it, threads at PX_BELOW run while it blocks.
 */
#ifndef PX_TEST_H
#define PX_TEST_H

#include <mqueue.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <time.h>

#include <errno.h>
#include <fcntl.h>

#include "ktest.h"

#define PX_MAIN_PRIO        SPRIG_POSIX_PRIO_FROM_K(KTEST_MAIN_PRIO)
#define PX_ABOVE            (PX_MAIN_PRIO + 1)
#define PX_BELOW            (PX_MAIN_PRIO - 1)

/* Kernel ticks now (the monotonic count the layer's clocks are made of). */
k_tick_t px_now(void);

/* Sleep the case's task (or any task) for `ticks`. */
void px_sleep(k_tick_t ticks);

/* The time `ticks` from now on `clock`, as a timespec (for absolute deadlines). */
struct timespec px_after(clockid_t clock, k_tick_t ticks);

/* Create a joinable SCHED_FIFO thread at POSIX priority `prio` (explicit scheduling); asserts
   success. */
pthread_t px_spawn(int prio, void *(*fn)(void *), void *arg);

/* POSIX priority of a thread (pthread_getschedparam; asserts success). */
int px_prio_of(pthread_t t);

/* Run fn(arg) in an interrupt handler (bracketed with tos_knl_irq_enter/leave); returns once it
   has run. */
void px_in_isr(void (*fn)(void *), void *arg);



/* An address that is no object of the layer (its contents are garbage magic numbers). */
extern uint32_t px_bogus[64];

#endif /* PX_TEST_H */
