/*
 * Timers: timer_create, timer_settime, timer_gettime, timer_getoverrun, timer_delete, with
 * SIGEV_NONE and SIGEV_THREAD notification.
 */
#include "px_test.h"

#define NS_PER_TICK     (1000000000L / TOS_CFG_CPU_TICK_PER_SECOND)

#define EXPECT_FAIL(call, err) \
    do { errno = 0; KT_ASSERT_EQ((long)(call), -1L); KT_ASSERT_EQ(errno, (err)); } while (0)

static struct itimerspec its(k_tick_t value, k_tick_t interval)
{
    struct itimerspec v;
    v.it_value.tv_sec = (time_t)(value / TOS_CFG_CPU_TICK_PER_SECOND);
    v.it_value.tv_nsec = (long)(value % TOS_CFG_CPU_TICK_PER_SECOND) * NS_PER_TICK;
    v.it_interval.tv_sec = (time_t)(interval / TOS_CFG_CPU_TICK_PER_SECOND);
    v.it_interval.tv_nsec = (long)(interval % TOS_CFG_CPU_TICK_PER_SECOND) * NS_PER_TICK;
    return v;
}

static int64_t ts_ticks(const struct timespec *ts)
{
    return (int64_t)ts->tv_sec * TOS_CFG_CPU_TICK_PER_SECOND + ts->tv_nsec / NS_PER_TICK;
}

#define MAX_CALLS 16

static volatile int calls;
static volatile k_tick_t call_tick[MAX_CALLS];
static volatile int call_value[MAX_CALLS];
static volatile int call_overrun[MAX_CALLS];
static volatile int call_prio;
static k_task_t *volatile call_task;
static timer_t cb_timer;

static void notify(union sigval v)
{
    if (calls < MAX_CALLS) {
        call_tick[calls] = px_now();
        call_value[calls] = v.sival_int;
        call_overrun[calls] = timer_getoverrun(cb_timer);
    }
    call_task = k_curr_task;
    call_prio = px_prio_of(pthread_self());
    calls++;
}

static timer_t thread_timer_attr(clockid_t clock, int value, pthread_attr_t *attr)
{
    struct sigevent ev;
    timer_t t;

    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_THREAD;
    ev.sigev_notify_function = notify;
    ev.sigev_value.sival_int = value;
    ev.sigev_notify_attributes = attr;
    KT_ASSERT_EQ(timer_create(clock, &ev, &t), 0);
    cb_timer = t;
    calls = 0;
    return t;
}

/* A SIGEV_THREAD timer whose thread runs above the case's task: a notification has run by the
   time the case wakes up on the same tick. */
static timer_t thread_timer(clockid_t clock, int value)
{
    pthread_attr_t a;
    struct sched_param sp = { .sched_priority = PX_ABOVE };

    KT_ASSERT_EQ(pthread_attr_init(&a), 0);
    KT_ASSERT_EQ(pthread_attr_setinheritsched(&a, PTHREAD_EXPLICIT_SCHED), 0);
    KT_ASSERT_EQ(pthread_attr_setschedparam(&a, &sp), 0);
    return thread_timer_attr(clock, value, &a);
}

static timer_t none_timer(clockid_t clock)
{
    struct sigevent ev;
    timer_t t;

    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_NONE;
    KT_ASSERT_EQ(timer_create(clock, &ev, &t), 0);
    return t;
}

KTEST(timer, sigev_none_one_shot)
{
    struct itimerspec v = its(25u, 0u), cur;
    timer_t t = none_timer(CLOCK_MONOTONIC);

    KT_ASSERT_EQ(timer_gettime(t, &cur), 0);
    KT_ASSERT_EQ(ts_ticks(&cur.it_value), 0);               /* disarmed */
    KT_ASSERT_EQ(timer_settime(t, 0, &v, K_NULL), 0);
    px_sleep(10u);
    KT_ASSERT_EQ(timer_gettime(t, &cur), 0);
    KT_ASSERT_EQ(ts_ticks(&cur.it_value), 15);
    KT_ASSERT_EQ(ts_ticks(&cur.it_interval), 0);
    px_sleep(15u);
    KT_ASSERT_EQ(timer_gettime(t, &cur), 0);
    KT_ASSERT_EQ(ts_ticks(&cur.it_value), 0);               /* expired */
    KT_ASSERT_EQ(timer_getoverrun(t), 0);
    KT_ASSERT_EQ(timer_delete(t), 0);
}

KTEST(timer, sigev_thread_periodic_exact_ticks)
{
    struct itimerspec v = its(10u, 5u);
    timer_t t = thread_timer_attr(CLOCK_MONOTONIC, 42, K_NULL);   /* inherits */
    k_tick_t t0 = px_now();

    KT_ASSERT_EQ(timer_settime(t, 0, &v, K_NULL), 0);
    px_sleep(31u);
    KT_ASSERT_EQ(calls, 5);                 /* at 10, 15, 20, 25, 30 */
    for (int i = 0; i < 5; i++) {
        KT_ASSERT_EQ(call_tick[i], t0 + 10u + 5u * (k_tick_t)i);
        KT_ASSERT_EQ(call_value[i], 42);
        KT_ASSERT_EQ(call_overrun[i], 0);
    }
    /* in the timer's own thread, a pthread at the creator's priority */
    KT_ASSERT(call_task != k_curr_task);
    KT_ASSERT_EQ(pthread_detach((pthread_t)call_task), EINVAL);     /* a detached pthread */
    KT_ASSERT_EQ(call_prio, PX_MAIN_PRIO);
    {
        struct itimerspec cur;
        KT_ASSERT_EQ(timer_gettime(t, &cur), 0);
        KT_ASSERT_EQ(ts_ticks(&cur.it_value), 4);           /* next at 35 */
        KT_ASSERT_EQ(ts_ticks(&cur.it_interval), 5);
    }
    KT_ASSERT_EQ(timer_delete(t), 0);
    px_sleep(20u);
    KT_ASSERT_EQ(calls, 5);                 /* deleted: no more */
}

KTEST(timer, notification_thread_attributes)
{
    pthread_attr_t a;
    struct sched_param sp = { .sched_priority = PX_ABOVE + 7 };
    struct itimerspec v = its(3u, 0u);
    timer_t t;

    KT_ASSERT_EQ(pthread_attr_init(&a), 0);
    KT_ASSERT_EQ(pthread_attr_setinheritsched(&a, PTHREAD_EXPLICIT_SCHED), 0);
    KT_ASSERT_EQ(pthread_attr_setschedparam(&a, &sp), 0);
    t = thread_timer_attr(CLOCK_REALTIME, 1, &a);
    KT_ASSERT_EQ(timer_settime(t, 0, &v, K_NULL), 0);
    px_sleep(3u);
    KT_ASSERT_EQ(calls, 1);
    KT_ASSERT_EQ(call_prio, PX_ABOVE + 7);
    px_sleep(10u);
    KT_ASSERT_EQ(calls, 1);                 /* one-shot */
    KT_ASSERT_EQ(timer_delete(t), 0);
}

KTEST(timer, rounding_and_reprogramming)
{
    struct itimerspec v = its(0u, 0u), old;
    timer_t t = thread_timer(CLOCK_MONOTONIC, 0);
    k_tick_t t0 = px_now();

    v.it_value.tv_nsec = 1;                 /* 1 ns: one tick */
    KT_ASSERT_EQ(timer_settime(t, 0, &v, K_NULL), 0);
    px_sleep(1u);
    KT_ASSERT_EQ(calls, 1);
    KT_ASSERT_EQ(call_tick[0], t0 + 1u);
    /* re-arm while armed: the new setting replaces the old; the old is returned */
    v = its(50u, 0u);
    KT_ASSERT_EQ(timer_settime(t, 0, &v, K_NULL), 0);
    px_sleep(10u);
    v = its(5u, 7u);
    KT_ASSERT_EQ(timer_settime(t, 0, &v, &old), 0);
    KT_ASSERT_EQ(ts_ticks(&old.it_value), 40);
    KT_ASSERT_EQ(ts_ticks(&old.it_interval), 0);
    px_sleep(12u);
    KT_ASSERT_EQ(calls, 3);                 /* at +5 and +12 */
    KT_ASSERT_EQ(call_tick[1], t0 + 16u);
    KT_ASSERT_EQ(call_tick[2], t0 + 23u);
    /* disarm */
    v = its(0u, 9u);
    KT_ASSERT_EQ(timer_settime(t, 0, &v, &old), 0);
    KT_ASSERT_EQ(ts_ticks(&old.it_value), 7);           /* it just fired at +23 */
    KT_ASSERT_EQ(ts_ticks(&old.it_interval), 7);
    px_sleep(50u);
    KT_ASSERT_EQ(calls, 3);
    KT_ASSERT_EQ(timer_gettime(t, &old), 0);
    KT_ASSERT_EQ(ts_ticks(&old.it_value), 0);
    KT_ASSERT_EQ(timer_delete(t), 0);
}

KTEST(timer, absolute_times)
{
    struct itimerspec v;
    timer_t t = thread_timer(CLOCK_MONOTONIC, 0);
    k_tick_t t0 = px_now();

    v.it_interval.tv_sec = 0;
    v.it_interval.tv_nsec = 0;
    v.it_value = px_after(CLOCK_MONOTONIC, 30u);
    KT_ASSERT_EQ(timer_settime(t, TIMER_ABSTIME, &v, K_NULL), 0);
    px_sleep(30u);
    KT_ASSERT_EQ(calls, 1);
    KT_ASSERT_EQ(call_tick[0], t0 + 30u);
    /* a time that has passed expires at once (the thread runs when we block) */
    v.it_value.tv_sec = 0;
    v.it_value.tv_nsec = 0;
    v.it_value.tv_nsec = 1;
    KT_ASSERT_EQ(timer_settime(t, TIMER_ABSTIME, &v, K_NULL), 0);
    px_sleep(1u);
    KT_ASSERT_EQ(calls, 2);
    KT_ASSERT_EQ(call_tick[1], t0 + 30u);
    /* ...and a periodic one goes on from there */
    v.it_interval = its(0u, 4u).it_interval;
    KT_ASSERT_EQ(timer_settime(t, TIMER_ABSTIME, &v, K_NULL), 0);
    px_sleep(8u);
    KT_ASSERT_EQ(calls, 5);
    KT_ASSERT_EQ(call_tick[3], t0 + 35u);
    KT_ASSERT_EQ(call_tick[4], t0 + 39u);
    KT_ASSERT_EQ(timer_delete(t), 0);
}

KTEST(timer, realtime_absolute_follows_clock_settime)
{
    struct itimerspec v;
    struct timespec now;
    timer_t t = thread_timer(CLOCK_REALTIME, 0);
    timer_t mono = none_timer(CLOCK_MONOTONIC);
    k_tick_t t0 = px_now();

    v.it_interval.tv_sec = 0;
    v.it_interval.tv_nsec = 0;
    v.it_value = px_after(CLOCK_REALTIME, 100u);
    KT_ASSERT_EQ(timer_settime(t, TIMER_ABSTIME, &v, K_NULL), 0);
    v.it_value = px_after(CLOCK_MONOTONIC, 100u);
    KT_ASSERT_EQ(timer_settime(mono, TIMER_ABSTIME, &v, K_NULL), 0);
    px_sleep(10u);
    KT_ASSERT_EQ(clock_gettime(CLOCK_REALTIME, &now), 0);
    now.tv_nsec += 60 * NS_PER_TICK;                    /* 60 ticks ahead: 30 left */
    KT_ASSERT_EQ(clock_settime(CLOCK_REALTIME, &now), 0);
    {
        struct itimerspec cur;
        KT_ASSERT_EQ(timer_gettime(t, &cur), 0);
        KT_ASSERT_EQ(ts_ticks(&cur.it_value), 30);
        KT_ASSERT_EQ(timer_gettime(mono, &cur), 0);
        KT_ASSERT_EQ(ts_ticks(&cur.it_value), 90);        /* another clock: unaffected */
    }
    px_sleep(30u);
    KT_ASSERT_EQ(calls, 1);
    KT_ASSERT_EQ(call_tick[0], t0 + 40u);
    KT_ASSERT_EQ(timer_delete(t), 0);
    KT_ASSERT_EQ(timer_delete(mono), 0);
}

static volatile int slow_calls;

static void slow_notify(union sigval v)
{
    (void)v;
    if (slow_calls < MAX_CALLS) {
        call_tick[slow_calls] = px_now();
        call_overrun[slow_calls] = timer_getoverrun(cb_timer);
    }
    slow_calls++;
    if (slow_calls == 1) {
        px_sleep(35u);                      /* misses expiries meanwhile */
    }
}

KTEST(timer, overruns_counted)
{
    struct sigevent ev;
    struct itimerspec v = its(10u, 10u);
    timer_t t;
    k_tick_t t0 = px_now();

    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_THREAD;
    ev.sigev_notify_function = slow_notify;
    KT_ASSERT_EQ(timer_create(CLOCK_MONOTONIC, &ev, &t), 0);
    cb_timer = t;
    slow_calls = 0;
    KT_ASSERT_EQ(timer_settime(t, 0, &v, K_NULL), 0);
    px_sleep(61u);
    /* 10: first call, sleeps to 45; 20: pending; 30, 40: overruns; 45: second call
       (2 overruns); 50, 60: on time */
    KT_ASSERT_EQ(slow_calls, 4);
    KT_ASSERT_EQ(call_tick[0], t0 + 10u);
    KT_ASSERT_EQ(call_overrun[0], 0);
    KT_ASSERT_EQ(call_tick[1], t0 + 45u);
    KT_ASSERT_EQ(call_overrun[1], 2);
    KT_ASSERT_EQ(call_tick[2], t0 + 50u);
    KT_ASSERT_EQ(call_overrun[2], 0);
    KT_ASSERT_EQ(call_tick[3], t0 + 60u);
    KT_ASSERT_EQ(timer_delete(t), 0);
}

static void *nothing(void *arg)
{
    return arg;
}

static void delete_self(union sigval v)
{
    calls++;
    KT_ASSERT_EQ(timer_delete(*(timer_t *)v.sival_ptr), 0);
}

KTEST(timer, delete_from_own_notification)
{
    struct sigevent ev;
    struct itimerspec v = its(2u, 2u);
    static timer_t t;
    uint32_t base = ktest_heap_used();

    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_THREAD;
    ev.sigev_notify_function = delete_self;
    ev.sigev_value.sival_ptr = &t;
    calls = 0;
    KT_ASSERT_EQ(timer_create(CLOCK_MONOTONIC, &ev, &t), 0);
    KT_ASSERT_EQ(timer_settime(t, 0, &v, K_NULL), 0);
    px_sleep(20u);
    KT_ASSERT_EQ(calls, 1);
    EXPECT_FAIL(timer_gettime(t, &v), EINVAL);
    EXPECT_FAIL(timer_delete(t), EINVAL);
    /* its thread ended and freed it; the next thread call reclaims the thread */
    {
        pthread_t x = px_spawn(PX_ABOVE, nothing, K_NULL);
        KT_ASSERT_EQ(pthread_join(x, K_NULL), 0);
    }
    KT_ASSERT_EQ(ktest_heap_used(), base);
}

KTEST(timer, create_errors)
{
    struct sigevent ev;
    timer_t t;
    pthread_attr_t bad_attr;

    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_NONE;
    EXPECT_FAIL(timer_create((clockid_t)42, &ev, &t), EINVAL);
    EXPECT_FAIL(timer_create(CLOCK_MONOTONIC, K_NULL, &t), EINVAL);    /* signals: none */
    EXPECT_FAIL(timer_create(CLOCK_MONOTONIC, &ev, K_NULL), EINVAL);
    ev.sigev_notify = SIGEV_SIGNAL;
    EXPECT_FAIL(timer_create(CLOCK_MONOTONIC, &ev, &t), EINVAL);
    ev.sigev_notify = 99;
    EXPECT_FAIL(timer_create(CLOCK_MONOTONIC, &ev, &t), EINVAL);
    ev.sigev_notify = SIGEV_THREAD;
    ev.sigev_notify_function = K_NULL;
    EXPECT_FAIL(timer_create(CLOCK_MONOTONIC, &ev, &t), EINVAL);
    ev.sigev_notify_function = notify;
    memset(&bad_attr, 0x5A, sizeof bad_attr);
    ev.sigev_notify_attributes = &bad_attr;
    EXPECT_FAIL(timer_create(CLOCK_MONOTONIC, &ev, &t), EINVAL);
    ev.sigev_notify_attributes = K_NULL;
    ktest_heap_exhaust();
    EXPECT_FAIL(timer_create(CLOCK_MONOTONIC, &ev, &t), EAGAIN);
    ktest_heap_restore();
    KT_ASSERT_EQ(timer_create(CLOCK_MONOTONIC, &ev, &t), 0);
}

KTEST(timer, settime_gettime_errors)
{
    struct itimerspec v = its(5u, 0u);
    timer_t t = none_timer(CLOCK_MONOTONIC);
    timer_t bogus = (timer_t)(void *)px_bogus;

    EXPECT_FAIL(timer_settime(t, 0, K_NULL, K_NULL), EINVAL);
    EXPECT_FAIL(timer_settime(t, 0x40, &v, K_NULL), EINVAL);
    v.it_value.tv_nsec = 1000000000L;
    EXPECT_FAIL(timer_settime(t, 0, &v, K_NULL), EINVAL);
    v = its(5u, 0u);
    v.it_interval.tv_nsec = -1;
    EXPECT_FAIL(timer_settime(t, 0, &v, K_NULL), EINVAL);
    v = its(5u, 0u);
    v.it_value.tv_sec = -1;
    EXPECT_FAIL(timer_settime(t, 0, &v, K_NULL), EINVAL);      /* relative: negative */
    EXPECT_FAIL(timer_settime(bogus, 0, &v, K_NULL), EINVAL);
    EXPECT_FAIL(timer_gettime(bogus, &v), EINVAL);
    EXPECT_FAIL(timer_gettime(t, K_NULL), EINVAL);
    EXPECT_FAIL(timer_getoverrun(bogus), EINVAL);
    EXPECT_FAIL(timer_delete(bogus), EINVAL);
    KT_ASSERT_EQ(timer_delete(t), 0);
    EXPECT_FAIL(timer_delete(t), EINVAL);
}

static timer_t isr_timer;
static volatile int isr_rc[5], isr_errno[5];

static void timers_in_isr(void *arg)
{
    struct itimerspec v = its(4u, 0u), cur;
    struct sigevent ev;
    timer_t t;
    (void)arg;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_NONE;
    errno = 0;
    isr_rc[0] = timer_create(CLOCK_MONOTONIC, &ev, &t);
    isr_errno[0] = errno;
    errno = 0;
    isr_rc[1] = timer_delete(isr_timer);
    isr_errno[1] = errno;
    isr_rc[2] = timer_settime(isr_timer, 0, &v, K_NULL);
    isr_rc[3] = timer_gettime(isr_timer, &cur);
    isr_rc[4] = timer_getoverrun(isr_timer);
}

KTEST(timer, in_isr)
{
    k_tick_t t0 = px_now();

    isr_timer = thread_timer(CLOCK_MONOTONIC, 3);
    px_in_isr(timers_in_isr, K_NULL);
    KT_ASSERT_EQ(isr_rc[0], -1);
    KT_ASSERT_EQ(isr_errno[0], EPERM);
    KT_ASSERT_EQ(isr_rc[1], -1);
    KT_ASSERT_EQ(isr_errno[1], EPERM);
    KT_ASSERT_EQ(isr_rc[2], 0);             /* armed from the ISR */
    KT_ASSERT_EQ(isr_rc[3], 0);
    KT_ASSERT_EQ(isr_rc[4], 0);
    px_sleep(4u);
    KT_ASSERT_EQ(calls, 1);
    KT_ASSERT_EQ(call_tick[0], t0 + 4u);
    KT_ASSERT_EQ(call_value[0], 3);
    KT_ASSERT_EQ(timer_delete(isr_timer), 0);
}
