/*
 * Sprig POSIX layer: clocks, sleeps and timers (<time.h>). See docs/posix.md.
 * These calls return -1 and set errno on failure, except clock_nanosleep, which returns the
 * error number.
 *
 * Clocks count kernel ticks: their resolution (clock_getres) is one tick. CLOCK_MONOTONIC is
 * the kernel's tick count since tos_knl_init (tos_systick_set does not move it). CLOCK_REALTIME
 * is CLOCK_MONOTONIC plus an offset that clock_settime sets (it starts at 0, the Epoch).
 * Intervals and deadlines are rounded up to whole ticks, so sleeps and timeouts never end
 * before the requested time as these clocks measure it. Setting CLOCK_REALTIME moves the
 * expiry of absolute CLOCK_REALTIME waits (clock_nanosleep with TIMER_ABSTIME, the timed
 * pthread/sem/mq calls) and of armed TIMER_ABSTIME timers; relative ones are not affected.
 */
#ifndef SPRIG_POSIX_TIME_H
#define SPRIG_POSIX_TIME_H

#include <sprig/posix/types.h>

__CDECLS_BEGIN

/** @return 0; -1 with EINVAL (unknown clock, tp NULL). ISR: yes. */
int sprig_clock_gettime(sprig_clockid_t clock_id, struct timespec *tp);
/** Set CLOCK_REALTIME (truncated to a tick).
    @return 0; -1 with EINVAL (another clock, tp NULL, tv_sec < 0, tv_nsec out of
            [0, 1e9)). ISR: yes. */
int sprig_clock_settime(sprig_clockid_t clock_id, const struct timespec *tp);
/** One tick. @return 0 (res may be NULL); -1 with EINVAL (unknown clock). ISR: yes. */
int sprig_clock_getres(sprig_clockid_t clock_id, struct timespec *res);

/**
 * Sleep for *rqtp (rounded up to whole ticks; 0 yields). There are no signals: the sleep is
 * never interrupted and rmtp is not written.
 * @return 0; -1 with EINVAL (rqtp NULL, tv_sec < 0, tv_nsec out of range), EPERM (ISR, before
 *         tos_knl_start), EDEADLK (scheduler locked). ISR: no.
 */
int sprig_nanosleep(const struct timespec *rqtp, struct timespec *rmtp);
/**
 * Sleep on `clock_id` for the interval *rqtp, or (flags TIMER_ABSTIME) until the clock reads
 * *rqtp (at once if it already has).
 * @return 0; EINVAL (unknown clock, bad rqtp or flags); EPERM; EDEADLK. ISR: no.
 */
int sprig_clock_nanosleep(sprig_clockid_t clock_id, int flags, const struct timespec *rqtp,
                          struct timespec *rmtp);

/**
 * Create a disarmed timer on CLOCK_REALTIME or CLOCK_MONOTONIC. Notification (there are no
 * signals): SIGEV_NONE (observe it with timer_gettime), or SIGEV_THREAD: each expiry runs
 * sigev_notify_function(sigev_value) in the timer's own notification thread, a detached
 * thread created now with sigev_notify_attributes (NULL: default attributes, which inherit the
 * caller's priority). Expiries while the function still runs for an earlier one are counted
 * as overruns (timer_getoverrun), not queued.
 * @return 0; -1 with EINVAL (unknown clock; evp NULL or SIGEV_SIGNAL: signals are not part of
 *         the layer; SIGEV_THREAD without a function; timerid NULL), EAGAIN (no memory, or the
 *         notification thread could not be created), EPERM (ISR). ISR: no.
 */
int sprig_timer_create(sprig_clockid_t clock_id, struct sprig_sigevent *evp,
                       sprig_timer_t *timerid);
/** Disarm and free a timer (its notification thread ends after a running call returns).
    @return 0; -1 with EINVAL (not a timer), EPERM (ISR). ISR: no. */
int sprig_timer_delete(sprig_timer_t timerid);
/**
 * Arm (it_value non-zero: relative, or absolute with TIMER_ABSTIME; an absolute time that has
 * passed expires at once) or disarm (it_value zero) the timer; it_interval non-zero makes it
 * periodic. Values are rounded up to whole ticks; periodic expiries do not drift.
 * @param ovalue receives the previous setting if not NULL
 * @return 0; -1 with EINVAL (not a timer, value NULL, a field out of range, bad flags).
 *         ISR: yes.
 */
int sprig_timer_settime(sprig_timer_t timerid, int flags, const struct sprig_itimerspec *value,
                        struct sprig_itimerspec *ovalue);
/** Time to the next expiry (0: disarmed) and the interval.
    @return 0; -1 with EINVAL. ISR: yes. */
int sprig_timer_gettime(sprig_timer_t timerid, struct sprig_itimerspec *value);
/** Expiries lost (counted, not notified) before the last SIGEV_THREAD notification started;
    0 for SIGEV_NONE. @return the count (at most DELAYTIMER_MAX); -1 with EINVAL. ISR: yes. */
int sprig_timer_getoverrun(sprig_timer_t timerid);

__CDECLS_END

#ifndef SPRIG_POSIX_NO_NAMES
#define clock_gettime                   sprig_clock_gettime
#define clock_settime                   sprig_clock_settime
#define clock_getres                    sprig_clock_getres
#define nanosleep                       sprig_nanosleep
#define clock_nanosleep                 sprig_clock_nanosleep
#define timer_create                    sprig_timer_create
#define timer_delete                    sprig_timer_delete
#define timer_settime                   sprig_timer_settime
#define timer_gettime                   sprig_timer_gettime
#define timer_getoverrun                sprig_timer_getoverrun
#endif

#endif /* SPRIG_POSIX_TIME_H */
