/*
 * Sprig POSIX layer: threads, mutexes, condition variables, read-write locks, barriers,
 * spinlocks, once and thread-specific data (<pthread.h>). See docs/posix.md.
 *
 * Conventions of every call below:
 * - They return 0 or an error number and leave errno alone (as POSIX specifies for pthreads).
 * - "ISR: no" calls return EPERM from an interrupt handler without doing anything; so do
 *   calls that would block before tos_knl_start(). "ISR: yes" calls may be made from one.
 * - A call that would block while the caller has the scheduler locked (tos_knl_sched_lock, or
 *   holding a spinlock, which locks it) returns EDEADLK instead: nothing could run to wake it.
 * - Absolute timeouts are struct timespec on CLOCK_REALTIME (condition variables: the clock of
 *   their attribute). Time has the resolution of one kernel tick; a deadline is rounded up to
 *   the next tick, so a wait never ends before its deadline as the layer's clocks measure it.
 *   A deadline that has passed is not an error: the call tries once without waiting.
 * - EINVAL is also returned for an object that was never initialised or was destroyed (the
 *   layer checks a magic number; uninitialised memory is not guaranteed to be caught).
 */
#ifndef SPRIG_POSIX_PTHREAD_H
#define SPRIG_POSIX_PTHREAD_H

#include <sprig/posix/types.h>
/* as POSIX asks, <pthread.h> makes <sched.h> and <time.h> visible */
#include <sprig/posix/sched.h>
#include <sprig/posix/time.h>

__CDECLS_BEGIN

/* ================================ threads ================================ */

/**
 * Create a thread running start(arg) as a Sprig task. Its priority and policy are the
 * caller's (PTHREAD_INHERIT_SCHED, the default) or the attribute's (PTHREAD_EXPLICIT_SCHED);
 * its stack is the attribute's (pthread_attr_setstack) or comes from the kernel heap
 * (pthread_attr_setstacksize, default SPRIG_POSIX_THREAD_STACK_DEFAULT). A more urgent thread
 * runs before this returns; *thread is written before it runs.
 * @param attr NULL for the defaults (joinable, inherit scheduling)
 * @return 0; EINVAL (thread or start NULL, attr not initialised); EAGAIN (no memory for the
 *         thread or its stack, or the kernel refused the task). ISR: no.
 */
int sprig_pthread_create(sprig_pthread_t *thread, const sprig_pthread_attr_t *attr,
                         void *(*start_routine)(void *), void *arg);

/**
 * Wait for a joinable thread to end and collect its value (pthread_exit's argument or what
 * its start routine returned). The thread's memory is released; its ID is then invalid.
 * @param retval may be NULL
 * @return 0; ESRCH (no such thread: never existed, or already joined or reclaimed); EINVAL
 *         (not joinable: detached, not made by pthread_create, or another thread is already
 *         joining it); EDEADLK (the caller itself, or the scheduler is locked). ISR: no.
 */
int sprig_pthread_join(sprig_pthread_t thread, void **retval);

/**
 * Make a thread detached: its memory is released when it ends (at once if it has ended).
 * @return 0; ESRCH; EINVAL (already detached, or not made by pthread_create). ISR: no.
 */
int sprig_pthread_detach(sprig_pthread_t thread);

/**
 * End the calling thread with `value_ptr` for its joiner, after running the destructors of its
 * thread-specific data. Also ends a task not made by pthread_create (tos_task_destroy, or
 * tos_task_destroy_dyn for a _dyn task). Kernel mutexes it holds (PTHREAD_PRIO_INHERIT) are
 * released by the kernel; other mutexes it holds stay locked. Must not be called from an ISR,
 * before tos_knl_start or with the scheduler locked: it stops the system with a panic then.
 */
__NO_RETURN__ void sprig_pthread_exit(void *value_ptr);

/** @return the calling thread (from an ISR: the interrupted task; NULL before
    tos_knl_start). ISR: yes. */
sprig_pthread_t sprig_pthread_self(void);

/** @return non-zero if t1 and t2 are the same thread. ISR: yes. */
int sprig_pthread_equal(sprig_pthread_t t1, sprig_pthread_t t2);

/**
 * Run init_routine once for `once_control` (PTHREAD_ONCE_INIT): the first caller runs it,
 * concurrent callers wait until it has returned.
 * @return 0; EINVAL (NULL argument); EDEADLK (init_routine itself called pthread_once on the
 *         same control, or the scheduler is locked while another thread runs it). ISR: no.
 */
int sprig_pthread_once(sprig_pthread_once_t *once_control, void (*init_routine)(void));

/**
 * Scheduling policy and priority of a thread. The priority is the thread's current one,
 * including what it inherits from PTHREAD_PRIO_INHERIT mutexes and PTHREAD_PRIO_PROTECT
 * ceilings. SCHED_FIFO threads are never time-sliced (their kernel slice is the largest);
 * SCHED_RR and SCHED_OTHER threads share the CPU with equal-priority ones by the kernel's
 * round robin. A task not made by pthread_create reports SCHED_FIFO or SCHED_RR from its slice.
 * @return 0; ESRCH; EINVAL (policy or param NULL). ISR: yes.
 */
int sprig_pthread_getschedparam(sprig_pthread_t thread, int *policy,
                                struct sprig_sched_param *param);

/**
 * Set the policy (SCHED_FIFO, SCHED_RR, SCHED_OTHER) and priority
 * (sched_get_priority_min .. max) of any thread or task; the kernel base priority becomes that
 * priority (inheritance and ceilings still apply on top).
 * @return 0; ESRCH; EINVAL (bad policy or priority, param NULL); ENOMEM (a task not made by
 *         pthread_create needed a record of its policy and the heap is full). ISR: no.
 */
int sprig_pthread_setschedparam(sprig_pthread_t thread, int policy,
                                const struct sprig_sched_param *param);

/** Set only the priority. @return as pthread_setschedparam. ISR: no. */
int sprig_pthread_setschedprio(sprig_pthread_t thread, int prio);

/* ---- thread attributes (ISR: yes; EINVAL for NULL or an uninitialised attribute) ---- */

/** Defaults: joinable, PTHREAD_INHERIT_SCHED, SCHED_RR at the middle priority, system scope,
    a heap stack of SPRIG_POSIX_THREAD_STACK_DEFAULT bytes. @return 0; EINVAL. */
int sprig_pthread_attr_init(sprig_pthread_attr_t *attr);
/** @return 0; EINVAL. */
int sprig_pthread_attr_destroy(sprig_pthread_attr_t *attr);
/** PTHREAD_CREATE_JOINABLE or _DETACHED. @return 0; EINVAL (other values). */
int sprig_pthread_attr_setdetachstate(sprig_pthread_attr_t *attr, int detachstate);
int sprig_pthread_attr_getdetachstate(const sprig_pthread_attr_t *attr, int *detachstate);
/** Stack size from the heap: at least PTHREAD_STACK_MIN. Clears a pthread_attr_setstack
    address. @return 0; EINVAL. */
int sprig_pthread_attr_setstacksize(sprig_pthread_attr_t *attr, size_t stacksize);
int sprig_pthread_attr_getstacksize(const sprig_pthread_attr_t *attr, size_t *stacksize);
/** The caller's stack memory (lowest address, size >= PTHREAD_STACK_MIN); it becomes the
    task's stk_base. On host ports the task runs on a stack the port maps (see
    docs/architecture.md) and this memory is only recorded. @return 0; EINVAL. */
int sprig_pthread_attr_setstack(sprig_pthread_attr_t *attr, void *stackaddr, size_t stacksize);
int sprig_pthread_attr_getstack(const sprig_pthread_attr_t *attr, void **stackaddr,
                                size_t *stacksize);
/** Priority used with PTHREAD_EXPLICIT_SCHED. @return 0; EINVAL (out of range). */
int sprig_pthread_attr_setschedparam(sprig_pthread_attr_t *attr,
                                     const struct sprig_sched_param *param);
int sprig_pthread_attr_getschedparam(const sprig_pthread_attr_t *attr,
                                     struct sprig_sched_param *param);
/** SCHED_FIFO, SCHED_RR or SCHED_OTHER (used with PTHREAD_EXPLICIT_SCHED). @return 0; EINVAL. */
int sprig_pthread_attr_setschedpolicy(sprig_pthread_attr_t *attr, int policy);
int sprig_pthread_attr_getschedpolicy(const sprig_pthread_attr_t *attr, int *policy);
/** PTHREAD_INHERIT_SCHED or PTHREAD_EXPLICIT_SCHED. @return 0; EINVAL. */
int sprig_pthread_attr_setinheritsched(sprig_pthread_attr_t *attr, int inheritsched);
int sprig_pthread_attr_getinheritsched(const sprig_pthread_attr_t *attr, int *inheritsched);
/** PTHREAD_SCOPE_SYSTEM or PTHREAD_SCOPE_PROCESS: one system, one process, so both schedule
    threads the same way (all tasks compete). @return 0; EINVAL. */
int sprig_pthread_attr_setscope(sprig_pthread_attr_t *attr, int scope);
int sprig_pthread_attr_getscope(const sprig_pthread_attr_t *attr, int *scope);

/* ================================ thread-specific data ================================ */

/**
 * Allocate a key; every thread's value for it is NULL. At thread exit (pthread_exit or return
 * from the start routine), for each key with a non-NULL value and a destructor, the value is
 * set to NULL and the destructor called with the old value, repeated up to
 * PTHREAD_DESTRUCTOR_ITERATIONS rounds while destructors set values again.
 * @return 0; EINVAL (key NULL); EAGAIN (PTHREAD_KEYS_MAX keys in use). ISR: no.
 */
int sprig_pthread_key_create(sprig_pthread_key_t *key, void (*destructor)(void *));
/** Free a key; values are forgotten, no destructor runs. @return 0; EINVAL (not a key).
    ISR: no. */
int sprig_pthread_key_delete(sprig_pthread_key_t key);
/** @return the calling thread's value; NULL for none, an invalid key, or from an ISR. */
void *sprig_pthread_getspecific(sprig_pthread_key_t key);
/** @return 0; EINVAL (not a key); ENOMEM (the thread's value table could not be allocated).
    ISR: no. */
int sprig_pthread_setspecific(sprig_pthread_key_t key, const void *value);

/* ================================ mutexes ================================ */

/* ---- mutex attributes (ISR: yes; EINVAL for NULL, uninitialised, or a bad value) ---- */
/** Defaults: PTHREAD_MUTEX_DEFAULT (errorcheck), PTHREAD_PRIO_NONE, ceiling
    sched_get_priority_max, process-private. */
int sprig_pthread_mutexattr_init(sprig_pthread_mutexattr_t *attr);
int sprig_pthread_mutexattr_destroy(sprig_pthread_mutexattr_t *attr);
/** PTHREAD_MUTEX_NORMAL, _ERRORCHECK, _RECURSIVE, _DEFAULT (= _ERRORCHECK). */
int sprig_pthread_mutexattr_settype(sprig_pthread_mutexattr_t *attr, int type);
int sprig_pthread_mutexattr_gettype(const sprig_pthread_mutexattr_t *attr, int *type);
/** PTHREAD_PRIO_NONE, PTHREAD_PRIO_INHERIT (a kernel mutex: transitive inheritance) or
    PTHREAD_PRIO_PROTECT (the owner runs at least at the ceiling). */
int sprig_pthread_mutexattr_setprotocol(sprig_pthread_mutexattr_t *attr, int protocol);
int sprig_pthread_mutexattr_getprotocol(const sprig_pthread_mutexattr_t *attr, int *protocol);
/** Ceiling for PTHREAD_PRIO_PROTECT: sched_get_priority_min .. max. */
int sprig_pthread_mutexattr_setprioceiling(sprig_pthread_mutexattr_t *attr, int prioceiling);
int sprig_pthread_mutexattr_getprioceiling(const sprig_pthread_mutexattr_t *attr,
                                           int *prioceiling);
/** PTHREAD_PROCESS_PRIVATE or _SHARED: all tasks share one address space, so both work
    alike. */
int sprig_pthread_mutexattr_setpshared(sprig_pthread_mutexattr_t *attr, int pshared);
int sprig_pthread_mutexattr_getpshared(const sprig_pthread_mutexattr_t *attr, int *pshared);

/**
 * Initialise a mutex (attr NULL: the defaults). PTHREAD_MUTEX_INITIALIZER gives a default mutex
 * without a call.
 * @return 0; EINVAL (mutex NULL, attr not initialised). ISR: no.
 */
int sprig_pthread_mutex_init(sprig_pthread_mutex_t *mutex, const sprig_pthread_mutexattr_t *attr);
/** @return 0; EBUSY (locked, or threads wait for it); EINVAL. ISR: no. */
int sprig_pthread_mutex_destroy(sprig_pthread_mutex_t *mutex);

/**
 * Lock, waiting as long as it takes. Relocking by the owner: RECURSIVE counts (up to
 * SPRIG_PTHREAD_MUTEX_RECURSION_MAX), ERRORCHECK and DEFAULT return EDEADLK, NORMAL deadlocks
 * as POSIX specifies (the thread waits forever). Waiters are served most urgent first, FIFO
 * among equals. PTHREAD_PRIO_INHERIT: while threads wait, the owner runs at least at the most
 * urgent waiter's priority, transitively along chains of owners. PTHREAD_PRIO_PROTECT: the
 * owner runs at least at the ceiling while it holds the mutex.
 * @return 0; EINVAL (not a mutex; PRIO_PROTECT and the caller's priority is above the
 *         ceiling); EDEADLK (errorcheck relock; the scheduler is locked); EAGAIN (recursion
 *         limit; PRIO_PROTECT in a task not made by pthread_create that has no record of its
 *         ceilings yet and the heap is full). ISR: no.
 */
int sprig_pthread_mutex_lock(sprig_pthread_mutex_t *mutex);
/** Lock if that needs no waiting (a recursive owner relocks).
    @return 0; EBUSY (held, also by the caller unless recursive); EINVAL; EAGAIN. ISR: no. */
int sprig_pthread_mutex_trylock(sprig_pthread_mutex_t *mutex);
/** pthread_mutex_lock with an absolute CLOCK_REALTIME deadline. A NORMAL relock waits until
    the deadline.
    @return as pthread_mutex_lock, plus ETIMEDOUT; EINVAL (abstime NULL or its tv_nsec out of
            [0, 1e9), checked only when the call would wait). ISR: no. */
int sprig_pthread_mutex_timedlock(sprig_pthread_mutex_t *mutex, const struct timespec *abstime);
/** Unlock one level; the last hands the mutex to the most urgent waiter.
    @return 0; EPERM (the caller does not own it: unlocked, or another thread's, whatever the
            type); EINVAL. ISR: no (EPERM). */
int sprig_pthread_mutex_unlock(sprig_pthread_mutex_t *mutex);
/** @return 0 and the ceiling; EINVAL. ISR: yes. */
int sprig_pthread_mutex_getprioceiling(const sprig_pthread_mutex_t *mutex, int *prioceiling);
/** Change the ceiling: locks the mutex (unless the caller owns it), changes it, unlocks.
    @return 0; EINVAL (bad ceiling or mutex); as pthread_mutex_lock. ISR: no. */
int sprig_pthread_mutex_setprioceiling(sprig_pthread_mutex_t *mutex, int prioceiling,
                                       int *old_ceiling);

/* ================================ condition variables ================================ */

/* ---- attributes (ISR: yes; EINVAL for NULL, uninitialised, or a bad value) ---- */
/** Defaults: CLOCK_REALTIME, process-private. */
int sprig_pthread_condattr_init(sprig_pthread_condattr_t *attr);
int sprig_pthread_condattr_destroy(sprig_pthread_condattr_t *attr);
/** The clock of pthread_cond_timedwait deadlines: CLOCK_REALTIME or CLOCK_MONOTONIC. */
int sprig_pthread_condattr_setclock(sprig_pthread_condattr_t *attr, sprig_clockid_t clock_id);
int sprig_pthread_condattr_getclock(const sprig_pthread_condattr_t *attr,
                                    sprig_clockid_t *clock_id);
int sprig_pthread_condattr_setpshared(sprig_pthread_condattr_t *attr, int pshared);
int sprig_pthread_condattr_getpshared(const sprig_pthread_condattr_t *attr, int *pshared);

/** Initialise (attr NULL: the defaults); PTHREAD_COND_INITIALIZER needs no call.
    @return 0; EINVAL. ISR: no. */
int sprig_pthread_cond_init(sprig_pthread_cond_t *cond, const sprig_pthread_condattr_t *attr);
/** @return 0; EBUSY (threads wait on it); EINVAL. ISR: no. */
int sprig_pthread_cond_destroy(sprig_pthread_cond_t *cond);
/**
 * Unlock `mutex` (which the caller must own), wait for a signal or broadcast, and lock it again
 * before returning. Unlocking and starting to wait are atomic with respect to signals. A
 * recursive mutex is released entirely and relocked to the same depth. Spurious wake-ups do
 * not happen, but callers should re-check their predicate as POSIX asks.
 * @return 0; EPERM (the caller does not own mutex); EINVAL (not a condition variable or mutex;
 *         waiters of this condition variable already use another mutex); EDEADLK (scheduler
 *         locked). ISR: no.
 */
int sprig_pthread_cond_wait(sprig_pthread_cond_t *cond, sprig_pthread_mutex_t *mutex);
/** As pthread_cond_wait with an absolute deadline on the condition variable's clock. On
    ETIMEDOUT the mutex is locked again too. A signal that selected this waiter is never lost:
    the call then returns 0 even if the deadline passed meanwhile.
    @return as pthread_cond_wait, plus ETIMEDOUT; EINVAL (abstime NULL, tv_nsec out of range). */
int sprig_pthread_cond_timedwait(sprig_pthread_cond_t *cond, sprig_pthread_mutex_t *mutex,
                                 const struct timespec *abstime);
/** Wake the most urgent waiter (FIFO among equals). @return 0; EINVAL. ISR: yes. */
int sprig_pthread_cond_signal(sprig_pthread_cond_t *cond);
/** Wake every waiter. @return 0; EINVAL. ISR: yes. */
int sprig_pthread_cond_broadcast(sprig_pthread_cond_t *cond);

/* ================================ read-write locks ================================ */
/*
 * The kernel's rwlock (tos_rwlock.h): writers are preferred (a reader waits while a writer
 * holds the lock or waits for it, as POSIX allows for SCHED_FIFO/SCHED_RR threads), no
 * priority inheritance. A thread that holds a read lock and asks for it again while a writer
 * waits, or asks for the write lock, waits for itself (POSIX: may deadlock); use the timed or
 * try calls there.
 */
int sprig_pthread_rwlockattr_init(sprig_pthread_rwlockattr_t *attr);
int sprig_pthread_rwlockattr_destroy(sprig_pthread_rwlockattr_t *attr);
int sprig_pthread_rwlockattr_setpshared(sprig_pthread_rwlockattr_t *attr, int pshared);
int sprig_pthread_rwlockattr_getpshared(const sprig_pthread_rwlockattr_t *attr, int *pshared);

/** @return 0; EINVAL. ISR: no. */
int sprig_pthread_rwlock_init(sprig_pthread_rwlock_t *rwlock,
                              const sprig_pthread_rwlockattr_t *attr);
/** @return 0; EBUSY (held or waited for); EINVAL. ISR: no. */
int sprig_pthread_rwlock_destroy(sprig_pthread_rwlock_t *rwlock);
/** @return 0; EDEADLK (the caller holds the write lock; scheduler locked); EAGAIN (65535 read
    holds); EINVAL. ISR: no. */
int sprig_pthread_rwlock_rdlock(sprig_pthread_rwlock_t *rwlock);
/** @return 0; EBUSY (a writer holds it or waits); EAGAIN; EINVAL. ISR: no. */
int sprig_pthread_rwlock_tryrdlock(sprig_pthread_rwlock_t *rwlock);
/** @return as rdlock, plus ETIMEDOUT; EINVAL (bad abstime when it would wait). ISR: no. */
int sprig_pthread_rwlock_timedrdlock(sprig_pthread_rwlock_t *rwlock,
                                     const struct timespec *abstime);
/** @return 0; EDEADLK (the caller holds the write lock; scheduler locked); EAGAIN (255
    writers wait already); EINVAL. ISR: no. */
int sprig_pthread_rwlock_wrlock(sprig_pthread_rwlock_t *rwlock);
/** @return 0; EBUSY (held by anybody); EINVAL. ISR: no. */
int sprig_pthread_rwlock_trywrlock(sprig_pthread_rwlock_t *rwlock);
/** @return as wrlock, plus ETIMEDOUT; EINVAL (bad abstime when it would wait). ISR: no. */
int sprig_pthread_rwlock_timedwrlock(sprig_pthread_rwlock_t *rwlock,
                                     const struct timespec *abstime);
/** Release the caller's write lock, or one read hold.
    @return 0; EPERM (not held, or write-held by another thread); EINVAL. ISR: no. */
int sprig_pthread_rwlock_unlock(sprig_pthread_rwlock_t *rwlock);

/* ================================ barriers ================================ */

int sprig_pthread_barrierattr_init(sprig_pthread_barrierattr_t *attr);
int sprig_pthread_barrierattr_destroy(sprig_pthread_barrierattr_t *attr);
int sprig_pthread_barrierattr_setpshared(sprig_pthread_barrierattr_t *attr, int pshared);
int sprig_pthread_barrierattr_getpshared(const sprig_pthread_barrierattr_t *attr, int *pshared);

/** A barrier for `count` threads (count > 0). @return 0; EINVAL. ISR: no. */
int sprig_pthread_barrier_init(sprig_pthread_barrier_t *barrier,
                               const sprig_pthread_barrierattr_t *attr, unsigned count);
/** @return 0; EBUSY (threads wait at it); EINVAL. ISR: no. */
int sprig_pthread_barrier_destroy(sprig_pthread_barrier_t *barrier);
/**
 * Wait until `count` threads have called this. The last to arrive gets
 * PTHREAD_BARRIER_SERIAL_THREAD and does not wait; the others get 0 (woken most urgent
 * first). The barrier is then ready for the next round.
 * @return PTHREAD_BARRIER_SERIAL_THREAD; 0; EINVAL; EDEADLK (the scheduler is locked and the
 *         caller would wait; it does not count as arrived). ISR: no.
 */
int sprig_pthread_barrier_wait(sprig_pthread_barrier_t *barrier);

/* ================================ spinlocks ================================ */
/*
 * One CPU: a spinlock never spins. In a task, taking it locks the scheduler
 * (tos_knl_sched_lock) until it is released, so no other task can run, let alone contend for
 * it; interrupts still run. Blocking calls of the holder fail with EDEADLK. In an ISR it is
 * taken without locking the scheduler (the ISR runs to its end anyway); an ISR that finds it
 * held cannot wait for a task that cannot run: pthread_spin_lock returns EDEADLK there. A
 * task that finds it held (only possible if an ISR kept it, or it was taken before
 * tos_knl_start) sleeps a tick at a time until it is free instead of spinning.
 * Data shared with ISRs still needs interrupts masked (TOS_CPU_INT_DISABLE).
 */
/** @return 0; EINVAL (lock NULL, pshared not PRIVATE/SHARED). ISR: yes. */
int sprig_pthread_spin_init(sprig_pthread_spinlock_t *lock, int pshared);
/** @return 0; EBUSY (held); EINVAL. ISR: yes. */
int sprig_pthread_spin_destroy(sprig_pthread_spinlock_t *lock);
/** @return 0; EDEADLK (the caller holds it; in an ISR: held by anybody); EAGAIN (the scheduler
    lock nesting limit); EINVAL. ISR: yes. */
int sprig_pthread_spin_lock(sprig_pthread_spinlock_t *lock);
/** @return 0; EBUSY (held, also by the caller); EAGAIN; EINVAL. ISR: yes. */
int sprig_pthread_spin_trylock(sprig_pthread_spinlock_t *lock);
/** @return 0; EPERM (the caller, or the ISR context, does not hold it); EINVAL. ISR: yes. */
int sprig_pthread_spin_unlock(sprig_pthread_spinlock_t *lock);

__CDECLS_END

#ifndef SPRIG_POSIX_NO_NAMES
/* a C library may define some of these names as macros (mingw-w64's winpthreads makes the
   priority-ceiling calls ENOTSUP): the layer's names take their place */
#undef pthread_mutex_getprioceiling
#undef pthread_mutex_setprioceiling
#define pthread_create                  sprig_pthread_create
#define pthread_join                    sprig_pthread_join
#define pthread_detach                  sprig_pthread_detach
#define pthread_exit                    sprig_pthread_exit
#define pthread_self                    sprig_pthread_self
#define pthread_equal                   sprig_pthread_equal
#define pthread_once                    sprig_pthread_once
#define pthread_getschedparam           sprig_pthread_getschedparam
#define pthread_setschedparam           sprig_pthread_setschedparam
#define pthread_setschedprio            sprig_pthread_setschedprio
#define pthread_attr_init               sprig_pthread_attr_init
#define pthread_attr_destroy            sprig_pthread_attr_destroy
#define pthread_attr_setdetachstate     sprig_pthread_attr_setdetachstate
#define pthread_attr_getdetachstate     sprig_pthread_attr_getdetachstate
#define pthread_attr_setstacksize       sprig_pthread_attr_setstacksize
#define pthread_attr_getstacksize       sprig_pthread_attr_getstacksize
#define pthread_attr_setstack           sprig_pthread_attr_setstack
#define pthread_attr_getstack           sprig_pthread_attr_getstack
#define pthread_attr_setschedparam      sprig_pthread_attr_setschedparam
#define pthread_attr_getschedparam      sprig_pthread_attr_getschedparam
#define pthread_attr_setschedpolicy     sprig_pthread_attr_setschedpolicy
#define pthread_attr_getschedpolicy     sprig_pthread_attr_getschedpolicy
#define pthread_attr_setinheritsched    sprig_pthread_attr_setinheritsched
#define pthread_attr_getinheritsched    sprig_pthread_attr_getinheritsched
#define pthread_attr_setscope           sprig_pthread_attr_setscope
#define pthread_attr_getscope           sprig_pthread_attr_getscope
#define pthread_key_create              sprig_pthread_key_create
#define pthread_key_delete              sprig_pthread_key_delete
#define pthread_getspecific             sprig_pthread_getspecific
#define pthread_setspecific             sprig_pthread_setspecific
#define pthread_mutexattr_init          sprig_pthread_mutexattr_init
#define pthread_mutexattr_destroy       sprig_pthread_mutexattr_destroy
#define pthread_mutexattr_settype       sprig_pthread_mutexattr_settype
#define pthread_mutexattr_gettype       sprig_pthread_mutexattr_gettype
#define pthread_mutexattr_setprotocol   sprig_pthread_mutexattr_setprotocol
#define pthread_mutexattr_getprotocol   sprig_pthread_mutexattr_getprotocol
#define pthread_mutexattr_setprioceiling sprig_pthread_mutexattr_setprioceiling
#define pthread_mutexattr_getprioceiling sprig_pthread_mutexattr_getprioceiling
#define pthread_mutexattr_setpshared    sprig_pthread_mutexattr_setpshared
#define pthread_mutexattr_getpshared    sprig_pthread_mutexattr_getpshared
#define pthread_mutex_init              sprig_pthread_mutex_init
#define pthread_mutex_destroy           sprig_pthread_mutex_destroy
#define pthread_mutex_lock              sprig_pthread_mutex_lock
#define pthread_mutex_trylock           sprig_pthread_mutex_trylock
#define pthread_mutex_timedlock         sprig_pthread_mutex_timedlock
#define pthread_mutex_unlock            sprig_pthread_mutex_unlock
#define pthread_mutex_getprioceiling    sprig_pthread_mutex_getprioceiling
#define pthread_mutex_setprioceiling    sprig_pthread_mutex_setprioceiling
#define pthread_condattr_init           sprig_pthread_condattr_init
#define pthread_condattr_destroy        sprig_pthread_condattr_destroy
#define pthread_condattr_setclock       sprig_pthread_condattr_setclock
#define pthread_condattr_getclock       sprig_pthread_condattr_getclock
#define pthread_condattr_setpshared     sprig_pthread_condattr_setpshared
#define pthread_condattr_getpshared     sprig_pthread_condattr_getpshared
#define pthread_cond_init               sprig_pthread_cond_init
#define pthread_cond_destroy            sprig_pthread_cond_destroy
#define pthread_cond_wait               sprig_pthread_cond_wait
#define pthread_cond_timedwait          sprig_pthread_cond_timedwait
#define pthread_cond_signal             sprig_pthread_cond_signal
#define pthread_cond_broadcast          sprig_pthread_cond_broadcast
#define pthread_rwlockattr_init         sprig_pthread_rwlockattr_init
#define pthread_rwlockattr_destroy      sprig_pthread_rwlockattr_destroy
#define pthread_rwlockattr_setpshared   sprig_pthread_rwlockattr_setpshared
#define pthread_rwlockattr_getpshared   sprig_pthread_rwlockattr_getpshared
#define pthread_rwlock_init             sprig_pthread_rwlock_init
#define pthread_rwlock_destroy          sprig_pthread_rwlock_destroy
#define pthread_rwlock_rdlock           sprig_pthread_rwlock_rdlock
#define pthread_rwlock_tryrdlock        sprig_pthread_rwlock_tryrdlock
#define pthread_rwlock_timedrdlock      sprig_pthread_rwlock_timedrdlock
#define pthread_rwlock_wrlock           sprig_pthread_rwlock_wrlock
#define pthread_rwlock_trywrlock        sprig_pthread_rwlock_trywrlock
#define pthread_rwlock_timedwrlock      sprig_pthread_rwlock_timedwrlock
#define pthread_rwlock_unlock           sprig_pthread_rwlock_unlock
#define pthread_barrierattr_init        sprig_pthread_barrierattr_init
#define pthread_barrierattr_destroy     sprig_pthread_barrierattr_destroy
#define pthread_barrierattr_setpshared  sprig_pthread_barrierattr_setpshared
#define pthread_barrierattr_getpshared  sprig_pthread_barrierattr_getpshared
#define pthread_barrier_init            sprig_pthread_barrier_init
#define pthread_barrier_destroy         sprig_pthread_barrier_destroy
#define pthread_barrier_wait            sprig_pthread_barrier_wait
#define pthread_spin_init               sprig_pthread_spin_init
#define pthread_spin_destroy            sprig_pthread_spin_destroy
#define pthread_spin_lock               sprig_pthread_spin_lock
#define pthread_spin_trylock            sprig_pthread_spin_trylock
#define pthread_spin_unlock             sprig_pthread_spin_unlock
#endif

#endif /* SPRIG_POSIX_PTHREAD_H */
