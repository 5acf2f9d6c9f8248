/*
 * Sprig POSIX layer: unnamed semaphores (<semaphore.h>), on the kernel's counting semaphore.
 * See docs/posix.md. These calls return -1 and set errno on failure.
 *
 * Waiters are served most urgent first, FIFO among equals. There is one address space, so a
 * semaphore with pshared != 0 is simply shared by every task, like any other.
 */
#ifndef SPRIG_POSIX_SEMAPHORE_H
#define SPRIG_POSIX_SEMAPHORE_H

#include <sprig/posix/types.h>
#include <sprig/posix/time.h>

__CDECLS_BEGIN

/**
 * Initialise `sem` with `value` (0 .. SEM_VALUE_MAX). `pshared` is accepted whatever its value.
 * @return 0; -1 with EINVAL (sem NULL, value > SEM_VALUE_MAX). ISR: yes.
 */
int sprig_sem_init(sprig_sem_t *sem, int pshared, unsigned value);
/** @return 0; -1 with EINVAL (not a semaphore), EBUSY (threads wait on it). ISR: yes. */
int sprig_sem_destroy(sprig_sem_t *sem);
/**
 * Take one count, waiting as long as it takes.
 * @return 0; -1 with EINVAL; EPERM (from an ISR, or before tos_knl_start when it would wait);
 *         EDEADLK (the scheduler is locked and it would wait). ISR: no (use sem_trywait).
 */
int sprig_sem_wait(sprig_sem_t *sem);
/** Take one count if there is one. @return 0; -1 with EAGAIN (count 0), EINVAL. ISR: yes. */
int sprig_sem_trywait(sprig_sem_t *sem);
/**
 * sem_wait with an absolute CLOCK_REALTIME deadline (rounded up to a tick). A count that is
 * available is taken even if the deadline has passed.
 * @return 0; -1 with ETIMEDOUT; EINVAL (not a semaphore; abstime NULL or tv_nsec out of range
 *         when it would wait); EPERM; EDEADLK. ISR: no.
 */
int sprig_sem_timedwait(sprig_sem_t *sem, const struct timespec *abstime);
/**
 * Give one count: wakes the most urgent waiter, or increments the count.
 * @return 0; -1 with EINVAL, EOVERFLOW (the count is SEM_VALUE_MAX). ISR: yes.
 */
int sprig_sem_post(sprig_sem_t *sem);
/** *sval = the count (0 while threads wait). @return 0; -1 with EINVAL. ISR: yes. */
int sprig_sem_getvalue(sprig_sem_t *sem, int *sval);

__CDECLS_END

#ifndef SPRIG_POSIX_NO_NAMES
#define sem_init                        sprig_sem_init
#define sem_destroy                     sprig_sem_destroy
#define sem_wait                        sprig_sem_wait
#define sem_trywait                     sprig_sem_trywait
#define sem_timedwait                   sprig_sem_timedwait
#define sem_post                        sprig_sem_post
#define sem_getvalue                    sprig_sem_getvalue
#endif

#endif /* SPRIG_POSIX_SEMAPHORE_H */
