/*
 * Sprig POSIX layer: every header at once (see docs/posix.md).
 */
#ifndef SPRIG_POSIX_POSIX_H
#define SPRIG_POSIX_POSIX_H

#include <sprig/posix/types.h>
#include <sprig/posix/sched.h>
#include <sprig/posix/time.h>
#include <sprig/posix/pthread.h>
#include <sprig/posix/semaphore.h>
#include <sprig/posix/mqueue.h>

#endif /* SPRIG_POSIX_POSIX_H */
