/*
 * Sprig POSIX layer: scheduling (<sched.h>). See docs/posix.md and sprig/posix/pthread.h.
 * These calls return -1 and set errno on failure.
 */
#ifndef SPRIG_POSIX_SCHED_H
#define SPRIG_POSIX_SCHED_H

#include <sprig/posix/types.h>

__CDECLS_BEGIN

/**
 * Give the CPU to the next ready thread of the same priority (the caller goes behind them).
 * @return 0; -1 with errno EPERM from an ISR. ISR: no.
 */
int sprig_sched_yield(void);

/**
 * Priority range of `policy` (SCHED_FIFO, SCHED_RR, SCHED_OTHER): SPRIG_POSIX_PRIO_MIN (1) ..
 * SPRIG_POSIX_PRIO_MAX (TOS_CFG_TASK_PRIO_MAX - 1) for all three; larger is more urgent.
 * @return the priority; -1 with errno EINVAL for another policy. ISR: yes.
 */
int sprig_sched_get_priority_max(int policy);
int sprig_sched_get_priority_min(int policy);

__CDECLS_END

#ifndef SPRIG_POSIX_NO_NAMES
#define sched_yield                     sprig_sched_yield
#define sched_get_priority_max          sprig_sched_get_priority_max
#define sched_get_priority_min          sprig_sched_get_priority_min
#endif

#endif /* SPRIG_POSIX_SCHED_H */
