/*
 * Clocks and sleeps: clock_gettime, clock_settime, clock_getres, nanosleep, clock_nanosleep.
 */
#include "px_test.h"

#define NS_PER_TICK     (1000000000L / TOS_CFG_CPU_TICK_PER_SECOND)

#define EXPECT_FAIL(call, err) \
    do { errno = 0; KT_ASSERT_EQ((long)(call), -1L); KT_ASSERT_EQ(errno, (err)); } while (0)

static int64_t ts_ticks(const struct timespec *ts)
{
    KT_ASSERT_EQ(ts->tv_nsec % NS_PER_TICK, 0);
    return (int64_t)ts->tv_sec * TOS_CFG_CPU_TICK_PER_SECOND + ts->tv_nsec / NS_PER_TICK;
}

KTEST(clock, monotonic_counts_ticks)
{
    struct timespec a, b;

    px_sleep(1234u);
    KT_ASSERT_EQ(clock_gettime(CLOCK_MONOTONIC, &a), 0);
    KT_ASSERT_EQ(ts_ticks(&a), (int64_t)px_now());
    KT_ASSERT_EQ(a.tv_sec, 1);
    KT_ASSERT_EQ(a.tv_nsec, 234000000L);
    px_sleep(5u);
    KT_ASSERT_EQ(clock_gettime(CLOCK_MONOTONIC, &b), 0);
    KT_ASSERT_EQ(ts_ticks(&b) - ts_ticks(&a), 5);
    /* tos_systick_set moves what tos_systick_get reports, not the clock */
    tos_systick_set(999999u);
    KT_ASSERT_EQ(clock_gettime(CLOCK_MONOTONIC, &a), 0);
    KT_ASSERT_EQ(ts_ticks(&a), ts_ticks(&b));
}

KTEST(clock, realtime_starts_at_epoch_and_is_settable)
{
    struct timespec ts, set;

    px_sleep(10u);
    KT_ASSERT_EQ(clock_gettime(CLOCK_REALTIME, &ts), 0);
    KT_ASSERT_EQ(ts_ticks(&ts), 10);
    set.tv_sec = 1700000000;
    set.tv_nsec = 123456789L;                   /* truncated to the tick: .123 */
    KT_ASSERT_EQ(clock_settime(CLOCK_REALTIME, &set), 0);
    KT_ASSERT_EQ(clock_gettime(CLOCK_REALTIME, &ts), 0);
    KT_ASSERT_EQ(ts.tv_sec, 1700000000);
    KT_ASSERT_EQ(ts.tv_nsec, 123000000L);
    px_sleep(900u);
    KT_ASSERT_EQ(clock_gettime(CLOCK_REALTIME, &ts), 0);
    KT_ASSERT_EQ(ts.tv_sec, 1700000001);
    KT_ASSERT_EQ(ts.tv_nsec, 23000000L);
    /* and back (still after the Epoch) */
    set.tv_sec = 5;
    set.tv_nsec = 0;
    KT_ASSERT_EQ(clock_settime(CLOCK_REALTIME, &set), 0);
    KT_ASSERT_EQ(clock_gettime(CLOCK_REALTIME, &ts), 0);
    KT_ASSERT_EQ(ts.tv_sec, 5);
    KT_ASSERT_EQ(ts.tv_nsec, 0);
    /* the monotonic clock did not move */
    KT_ASSERT_EQ(clock_gettime(CLOCK_MONOTONIC, &ts), 0);
    KT_ASSERT_EQ(ts_ticks(&ts), 910);
}

KTEST(clock, errors)
{
    struct timespec ts = { 1, 0 };

    EXPECT_FAIL(clock_gettime(CLOCK_MONOTONIC, K_NULL), EINVAL);
    EXPECT_FAIL(clock_gettime((clockid_t)42, &ts), EINVAL);
    EXPECT_FAIL(clock_settime(CLOCK_MONOTONIC, &ts), EINVAL);
    EXPECT_FAIL(clock_settime((clockid_t)42, &ts), EINVAL);
    EXPECT_FAIL(clock_settime(CLOCK_REALTIME, K_NULL), EINVAL);
    ts.tv_nsec = 1000000000L;
    EXPECT_FAIL(clock_settime(CLOCK_REALTIME, &ts), EINVAL);
    ts.tv_nsec = -1;
    EXPECT_FAIL(clock_settime(CLOCK_REALTIME, &ts), EINVAL);
    ts.tv_sec = -1;
    ts.tv_nsec = 0;
    EXPECT_FAIL(clock_settime(CLOCK_REALTIME, &ts), EINVAL);
    EXPECT_FAIL(clock_getres((clockid_t)42, &ts), EINVAL);
}

KTEST(clock, resolution_is_a_tick)
{
    struct timespec res = { 9, 9 };

    KT_ASSERT_EQ(clock_getres(CLOCK_REALTIME, &res), 0);
    KT_ASSERT_EQ(res.tv_sec, 0);
    KT_ASSERT_EQ(res.tv_nsec, NS_PER_TICK);
    KT_ASSERT_EQ(clock_getres(CLOCK_MONOTONIC, &res), 0);
    KT_ASSERT_EQ(res.tv_nsec, NS_PER_TICK);
    KT_ASSERT_EQ(clock_getres(CLOCK_MONOTONIC, K_NULL), 0);
}

static volatile int isr_rc[4];

static void clocks_in_isr(void *arg)
{
    struct timespec ts;
    (void)arg;
    isr_rc[0] = clock_gettime(CLOCK_MONOTONIC, &ts);
    isr_rc[1] = (int)ts_ticks(&ts);
    ts.tv_sec = 100;
    isr_rc[2] = clock_settime(CLOCK_REALTIME, &ts);
}

KTEST(clock, gettime_and_settime_in_isr)
{
    struct timespec ts;

    px_sleep(3u);
    px_in_isr(clocks_in_isr, K_NULL);
    KT_ASSERT_EQ(isr_rc[0], 0);
    KT_ASSERT_EQ(isr_rc[1], 3);
    KT_ASSERT_EQ(isr_rc[2], 0);
    KT_ASSERT_EQ(clock_gettime(CLOCK_REALTIME, &ts), 0);
    KT_ASSERT_EQ(ts.tv_sec, 100);
}

/* ---- sleeps ---- */

static k_tick_t slept(long sec, long nsec)
{
    struct timespec ts = { (time_t)sec, nsec };
    k_tick_t t0 = px_now();
    KT_ASSERT_EQ(nanosleep(&ts, K_NULL), 0);
    return px_now() - t0;
}

KTEST(clock, nanosleep_rounds_up_to_ticks)
{
    KT_ASSERT_EQ(slept(0, 10000000L), 10u);         /* 10 ms */
    KT_ASSERT_EQ(slept(0, 1L), 1u);                 /* 1 ns: a whole tick */
    KT_ASSERT_EQ(slept(0, 1500000L), 2u);           /* 1.5 ms */
    KT_ASSERT_EQ(slept(0, 0L), 0u);                 /* yields only */
    KT_ASSERT_EQ(slept(2, 1000000L), 2001u);
    KT_ASSERT_EQ(slept(3600, 0L), 3600000u);        /* an hour of virtual time */
}

KTEST(clock, nanosleep_errors)
{
    struct timespec ts = { 0, 1000000000L }, rem = { 7, 7 };

    EXPECT_FAIL(nanosleep(&ts, &rem), EINVAL);
    ts.tv_nsec = -1;
    EXPECT_FAIL(nanosleep(&ts, &rem), EINVAL);
    ts.tv_sec = -1;
    ts.tv_nsec = 0;
    EXPECT_FAIL(nanosleep(&ts, &rem), EINVAL);
    EXPECT_FAIL(nanosleep(K_NULL, &rem), EINVAL);
    /* never interrupted: rmtp is not written */
    ts.tv_sec = 0;
    ts.tv_nsec = 1000000L;
    KT_ASSERT_EQ(nanosleep(&ts, &rem), 0);
    KT_ASSERT_EQ(rem.tv_sec, 7);
    KT_ASSERT_EQ(rem.tv_nsec, 7);
}

static void sleep_in_isr(void *arg)
{
    struct timespec ts = { 0, 1000000L };
    (void)arg;
    errno = 0;
    isr_rc[0] = nanosleep(&ts, K_NULL);
    isr_rc[1] = errno;
    isr_rc[2] = clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, K_NULL);
}

KTEST(clock, sleep_in_isr_eperm)
{
    px_in_isr(sleep_in_isr, K_NULL);
    KT_ASSERT_EQ(isr_rc[0], -1);
    KT_ASSERT_EQ(isr_rc[1], EPERM);
    KT_ASSERT_EQ(isr_rc[2], EPERM);
}

KTEST(clock, clock_nanosleep_relative_and_absolute)
{
    struct timespec ts;
    k_tick_t t0 = px_now();

    ts.tv_sec = 0;
    ts.tv_nsec = 7000000L;
    KT_ASSERT_EQ(clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, K_NULL), 0);
    KT_ASSERT_EQ(px_now() - t0, 7u);
    KT_ASSERT_EQ(clock_nanosleep(CLOCK_REALTIME, 0, &ts, K_NULL), 0);
    KT_ASSERT_EQ(px_now() - t0, 14u);
    ts = px_after(CLOCK_MONOTONIC, 20u);
    KT_ASSERT_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, K_NULL), 0);
    KT_ASSERT_EQ(px_now() - t0, 34u);
    /* in the past: at once */
    KT_ASSERT_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, K_NULL), 0);
    ts.tv_sec = 0;
    ts.tv_nsec = 0;
    KT_ASSERT_EQ(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &ts, K_NULL), 0);
    KT_ASSERT_EQ(px_now() - t0, 34u);
    ts = px_after(CLOCK_REALTIME, 6u);
    ts.tv_nsec += 1;                            /* rounds up to the next tick */
    KT_ASSERT_EQ(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &ts, K_NULL), 0);
    KT_ASSERT_EQ(px_now() - t0, 41u);
}

KTEST(clock, clock_nanosleep_errors_are_returned)
{
    struct timespec ts = { 0, 1000000L };

    errno = 0;
    KT_ASSERT_EQ(clock_nanosleep((clockid_t)42, 0, &ts, K_NULL), EINVAL);
    KT_ASSERT_EQ(clock_nanosleep(CLOCK_MONOTONIC, 0x10, &ts, K_NULL), EINVAL);
    KT_ASSERT_EQ(clock_nanosleep(CLOCK_MONOTONIC, 0, K_NULL, K_NULL), EINVAL);
    ts.tv_nsec = 1000000000L;
    KT_ASSERT_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, K_NULL), EINVAL);
    ts.tv_sec = -1;
    ts.tv_nsec = 0;
    KT_ASSERT_EQ(clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, K_NULL), EINVAL);
    KT_ASSERT_EQ(errno, 0);                     /* returned, not set */
}

KTEST(clock, sleep_with_scheduler_locked_edeadlk)
{
    struct timespec ts = { 0, 1000000L };

    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    KT_ASSERT_EQ(clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, K_NULL), EDEADLK);
    EXPECT_FAIL(nanosleep(&ts, K_NULL), EDEADLK);
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
}

/* ---- CLOCK_REALTIME changes and absolute sleeps ---- */

static volatile k_tick_t woke;

static void *sleep_until_realtime(void *arg)
{
    struct timespec *ts = arg;
    KT_ASSERT_EQ(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, ts, K_NULL), 0);
    woke = px_now();
    return K_NULL;
}

static void *sleep_relative_100(void *arg)
{
    struct timespec ts = { 0, 100000000L };
    (void)arg;
    KT_ASSERT_EQ(clock_nanosleep(CLOCK_REALTIME, 0, &ts, K_NULL), 0);
    woke = px_now();
    return K_NULL;
}

static void set_realtime_ticks(int64_t ticks)
{
    struct timespec ts;
    ts.tv_sec = (time_t)(ticks / TOS_CFG_CPU_TICK_PER_SECOND);
    ts.tv_nsec = (long)(ticks % TOS_CFG_CPU_TICK_PER_SECOND) * NS_PER_TICK;
    KT_ASSERT_EQ(clock_settime(CLOCK_REALTIME, &ts), 0);
}

KTEST(clock, absolute_realtime_sleep_follows_clock_settime)
{
    static struct timespec until;
    pthread_t t;
    k_tick_t t0 = px_now();

    /* realtime == monotonic == 0 here; the thread sleeps until realtime 100 */
    KT_ASSERT_EQ(t0, 0u);
    until.tv_sec = 0;
    until.tv_nsec = 100 * NS_PER_TICK;
    woke = 0u;
    t = px_spawn(PX_ABOVE, sleep_until_realtime, &until);
    px_sleep(10u);
    set_realtime_ticks(60);                     /* forward by 50: 40 left */
    KT_ASSERT_EQ(woke, 0u);
    px_sleep(20u);
    set_realtime_ticks(50);                     /* back by 30: 50 left */
    px_sleep(49u);
    KT_ASSERT_EQ(woke, 0u);
    px_sleep(1u);
    KT_ASSERT_EQ(woke, t0 + 80u);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
    /* setting it past the deadline wakes the sleeper at once */
    until.tv_sec = 1000;
    woke = 0u;
    t = px_spawn(PX_ABOVE, sleep_until_realtime, &until);
    set_realtime_ticks(2000000);
    KT_ASSERT_EQ(woke, t0 + 80u);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
}

KTEST(clock, relative_sleep_ignores_clock_settime)
{
    pthread_t t;
    k_tick_t t0 = px_now();

    woke = 0u;
    t = px_spawn(PX_ABOVE, sleep_relative_100, K_NULL);
    px_sleep(10u);
    set_realtime_ticks(5000000);
    px_sleep(10u);
    set_realtime_ticks(0);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
    KT_ASSERT_EQ(woke, t0 + 100u);
}
