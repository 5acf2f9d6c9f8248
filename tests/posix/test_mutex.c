/*
 * Mutexes: pthread_mutex_init/destroy/lock/trylock/timedlock/unlock/getprioceiling/
 * setprioceiling and the mutex attributes; types, protocols (priority inheritance, ceilings),
 * timeouts, ISR context.
 */
#include "px_test.h"

static pthread_mutex_t m1, m2;
static volatile int rc_hold;
static volatile int step;

static void mutex_with(pthread_mutex_t *m, int type, int protocol)
{
    pthread_mutexattr_t a;

    KT_ASSERT_EQ(pthread_mutexattr_init(&a), 0);
    KT_ASSERT_EQ(pthread_mutexattr_settype(&a, type), 0);
    KT_ASSERT_EQ(pthread_mutexattr_setprotocol(&a, protocol), 0);
    KT_ASSERT_EQ(pthread_mutex_init(m, &a), 0);
    KT_ASSERT_EQ(pthread_mutexattr_destroy(&a), 0);
}

/* holds the mutex given as argument for 20 ticks */
static void *hold_20(void *arg)
{
    KT_ASSERT_EQ(pthread_mutex_lock((pthread_mutex_t *)arg), 0);
    step = 1;
    px_sleep(20u);
    KT_ASSERT_EQ(pthread_mutex_unlock((pthread_mutex_t *)arg), 0);
    step = 2;
    return K_NULL;
}

static void *unlock_other(void *arg)
{
    return (void *)(intptr_t)pthread_mutex_unlock((pthread_mutex_t *)arg);
}

static void *trylock_other(void *arg)
{
    return (void *)(intptr_t)pthread_mutex_trylock((pthread_mutex_t *)arg);
}

static int in_thread(void *(*fn)(void *), void *arg)
{
    void *r;
    pthread_t t = px_spawn(PX_ABOVE, fn, arg);
    KT_ASSERT_EQ(pthread_join(t, &r), 0);
    return (int)(intptr_t)r;
}

/* ---- attributes ---- */

KTEST(mutex, attr_defaults_and_values)
{
    pthread_mutexattr_t a;
    pthread_mutexattr_t *bogus = (pthread_mutexattr_t *)(void *)px_bogus;
    int v;

    KT_ASSERT_EQ(pthread_mutexattr_init(K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_mutexattr_init(&a), 0);
    KT_ASSERT_EQ(pthread_mutexattr_gettype(&a, &v), 0);
    KT_ASSERT_EQ(v, PTHREAD_MUTEX_DEFAULT);
    KT_ASSERT_EQ(PTHREAD_MUTEX_DEFAULT, PTHREAD_MUTEX_ERRORCHECK);
    KT_ASSERT_EQ(pthread_mutexattr_getprotocol(&a, &v), 0);
    KT_ASSERT_EQ(v, PTHREAD_PRIO_NONE);
    KT_ASSERT_EQ(pthread_mutexattr_getprioceiling(&a, &v), 0);
    KT_ASSERT_EQ(v, sched_get_priority_max(SCHED_FIFO));
    KT_ASSERT_EQ(pthread_mutexattr_getpshared(&a, &v), 0);
    KT_ASSERT_EQ(v, PTHREAD_PROCESS_PRIVATE);

    KT_ASSERT_EQ(pthread_mutexattr_settype(&a, 9), EINVAL);
    KT_ASSERT_EQ(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE), 0);
    KT_ASSERT_EQ(pthread_mutexattr_gettype(&a, &v), 0);
    KT_ASSERT_EQ(v, PTHREAD_MUTEX_RECURSIVE);
    KT_ASSERT_EQ(pthread_mutexattr_setprotocol(&a, 9), EINVAL);
    KT_ASSERT_EQ(pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_PROTECT), 0);
    KT_ASSERT_EQ(pthread_mutexattr_getprotocol(&a, &v), 0);
    KT_ASSERT_EQ(v, PTHREAD_PRIO_PROTECT);
    KT_ASSERT_EQ(pthread_mutexattr_setprioceiling(&a, 0), EINVAL);
    KT_ASSERT_EQ(pthread_mutexattr_setprioceiling(&a, SPRIG_POSIX_PRIO_MAX + 1), EINVAL);
    KT_ASSERT_EQ(pthread_mutexattr_setprioceiling(&a, 7), 0);
    KT_ASSERT_EQ(pthread_mutexattr_getprioceiling(&a, &v), 0);
    KT_ASSERT_EQ(v, 7);
    KT_ASSERT_EQ(pthread_mutexattr_setpshared(&a, 9), EINVAL);
    KT_ASSERT_EQ(pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED), 0);
    KT_ASSERT_EQ(pthread_mutexattr_getpshared(&a, &v), 0);
    KT_ASSERT_EQ(v, PTHREAD_PROCESS_SHARED);

    KT_ASSERT_EQ(pthread_mutexattr_gettype(&a, K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_mutexattr_getprotocol(&a, K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_mutexattr_getprioceiling(&a, K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_mutexattr_getpshared(&a, K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_mutexattr_settype(bogus, PTHREAD_MUTEX_NORMAL), EINVAL);
    KT_ASSERT_EQ(pthread_mutexattr_gettype(bogus, &v), EINVAL);
    KT_ASSERT_EQ(pthread_mutexattr_setprotocol(bogus, PTHREAD_PRIO_NONE), EINVAL);
    KT_ASSERT_EQ(pthread_mutexattr_getprotocol(bogus, &v), EINVAL);
    KT_ASSERT_EQ(pthread_mutexattr_setprioceiling(bogus, 5), EINVAL);
    KT_ASSERT_EQ(pthread_mutexattr_getprioceiling(bogus, &v), EINVAL);
    KT_ASSERT_EQ(pthread_mutexattr_setpshared(bogus, PTHREAD_PROCESS_PRIVATE), EINVAL);
    KT_ASSERT_EQ(pthread_mutexattr_getpshared(bogus, &v), EINVAL);
    KT_ASSERT_EQ(pthread_mutexattr_destroy(bogus), EINVAL);
    KT_ASSERT_EQ(pthread_mutexattr_destroy(&a), 0);
    KT_ASSERT_EQ(pthread_mutexattr_destroy(&a), EINVAL);
    KT_ASSERT_EQ(pthread_mutex_init(&m1, &a), EINVAL);          /* destroyed attribute */
    KT_ASSERT_EQ(pthread_mutex_init(K_NULL, K_NULL), EINVAL);
}

/* ---- basic use ---- */

KTEST(mutex, default_and_static_initializer)
{
    pthread_mutex_t st = PTHREAD_MUTEX_INITIALIZER;     /* (automatic storage works too) */

    KT_ASSERT_EQ(pthread_mutex_unlock(&st), EPERM);         /* never locked */
    KT_ASSERT_EQ(pthread_mutex_lock(&st), 0);
    KT_ASSERT_EQ(pthread_mutex_lock(&st), EDEADLK);         /* default = errorcheck */
    KT_ASSERT_EQ(in_thread(trylock_other, &st), EBUSY);
    KT_ASSERT_EQ(pthread_mutex_unlock(&st), 0);
    KT_ASSERT_EQ(pthread_mutex_unlock(&st), EPERM);
    KT_ASSERT_EQ(pthread_mutex_destroy(&st), 0);

    KT_ASSERT_EQ(pthread_mutex_init(&m1, K_NULL), 0);
    KT_ASSERT_EQ(pthread_mutex_lock(&m1), 0);
    KT_ASSERT_EQ(pthread_mutex_lock(&m1), EDEADLK);
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), 0);
    KT_ASSERT_EQ(pthread_mutex_destroy(&m1), 0);
}

KTEST(mutex, errorcheck_relock_and_foreign_unlock)
{
    mutex_with(&m1, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_PRIO_NONE);
    KT_ASSERT_EQ(pthread_mutex_lock(&m1), 0);
    KT_ASSERT_EQ(pthread_mutex_lock(&m1), EDEADLK);
    KT_ASSERT_EQ(pthread_mutex_trylock(&m1), EBUSY);
    KT_ASSERT_EQ(in_thread(unlock_other, &m1), EPERM);
    KT_ASSERT_EQ(in_thread(trylock_other, &m1), EBUSY);
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), 0);
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), EPERM);
    KT_ASSERT_EQ(in_thread(unlock_other, &m1), EPERM);
}

KTEST(mutex, recursive_counts)
{
    int i;

    mutex_with(&m1, PTHREAD_MUTEX_RECURSIVE, PTHREAD_PRIO_INHERIT);
    KT_ASSERT_EQ(pthread_mutex_lock(&m1), 0);
    KT_ASSERT_EQ(pthread_mutex_lock(&m1), 0);
    KT_ASSERT_EQ(pthread_mutex_trylock(&m1), 0);
    KT_ASSERT_EQ(in_thread(trylock_other, &m1), EBUSY);
    KT_ASSERT_EQ(in_thread(unlock_other, &m1), EPERM);
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), 0);
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), 0);
    KT_ASSERT_EQ(in_thread(trylock_other, &m1), EBUSY);     /* one level left */
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), 0);
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), EPERM);
    /* the recursion limit */
    for (i = 0; i < SPRIG_PTHREAD_MUTEX_RECURSION_MAX; i++) {
        KT_ASSERT_EQ(pthread_mutex_lock(&m1), 0);
    }
    KT_ASSERT_EQ(pthread_mutex_lock(&m1), EAGAIN);
    KT_ASSERT_EQ(pthread_mutex_trylock(&m1), EAGAIN);
    for (i = 0; i < SPRIG_PTHREAD_MUTEX_RECURSION_MAX; i++) {
        KT_ASSERT_EQ(pthread_mutex_unlock(&m1), 0);
    }
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), EPERM);
}

static void *normal_relock(void *arg)
{
    KT_ASSERT_EQ(pthread_mutex_lock((pthread_mutex_t *)arg), 0);
    step = 1;
    (void)pthread_mutex_lock((pthread_mutex_t *)arg);    /* deadlocks */
    step = 99;
    return K_NULL;
}

KTEST(mutex, normal_relock_deadlocks)
{
    struct timespec ts;
    k_tick_t t0;
    pthread_t t;

    mutex_with(&m1, PTHREAD_MUTEX_NORMAL, PTHREAD_PRIO_NONE);
    KT_ASSERT_EQ(pthread_mutex_lock(&m1), 0);
    KT_ASSERT_EQ(pthread_mutex_trylock(&m1), EBUSY);
    t0 = px_now();
    ts = px_after(CLOCK_REALTIME, 15u);
    KT_ASSERT_EQ(pthread_mutex_timedlock(&m1, &ts), ETIMEDOUT);
    KT_ASSERT_EQ(px_now() - t0, 15u);
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), 0);             /* still locked once */
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), EPERM);

    step = 0;
    t = px_spawn(PX_ABOVE, normal_relock, &m1);
    KT_ASSERT_EQ(step, 1);
    px_sleep(100000u);
    KT_ASSERT_EQ(step, 1);                                  /* still stuck */
    KT_ASSERT(((k_task_t *)t)->state & K_TASK_STATE_SLEEP);
    (void)t;
}

KTEST(mutex, trylock_busy_then_free)
{
    pthread_t t;

    mutex_with(&m1, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_PRIO_INHERIT);
    step = 0;
    t = px_spawn(PX_ABOVE, hold_20, &m1);
    KT_ASSERT_EQ(step, 1);
    KT_ASSERT_EQ(pthread_mutex_trylock(&m1), EBUSY);
    px_sleep(20u);
    KT_ASSERT_EQ(step, 2);
    KT_ASSERT_EQ(pthread_mutex_trylock(&m1), 0);
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), 0);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
}

static void timedlock_cases(int protocol)
{
    struct timespec ts;
    k_tick_t t0;
    pthread_t t;

    mutex_with(&m1, PTHREAD_MUTEX_ERRORCHECK, protocol);
    step = 0;
    t = px_spawn(PX_ABOVE, hold_20, &m1);       /* holds it ticks 0..20 */
    t0 = px_now();
    ts = px_after(CLOCK_REALTIME, 7u);
    KT_ASSERT_EQ(pthread_mutex_timedlock(&m1, &ts), ETIMEDOUT);
    KT_ASSERT_EQ(px_now() - t0, 7u);
    /* a deadline already passed: one try, no wait */
    ts = px_after(CLOCK_REALTIME, 0u);
    KT_ASSERT_EQ(pthread_mutex_timedlock(&m1, &ts), ETIMEDOUT);
    KT_ASSERT_EQ(px_now() - t0, 7u);
    /* a bad deadline is an error only when the call would wait */
    ts.tv_nsec = 1000000000L;
    KT_ASSERT_EQ(pthread_mutex_timedlock(&m1, &ts), EINVAL);
    KT_ASSERT_EQ(pthread_mutex_timedlock(&m1, K_NULL), EINVAL);
    /* released before the deadline: locked at the release */
    ts = px_after(CLOCK_REALTIME, 100u);
    KT_ASSERT_EQ(pthread_mutex_timedlock(&m1, &ts), 0);
    KT_ASSERT_EQ(px_now() - t0, 20u);
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), 0);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
    /* free: the deadline does not matter */
    ts.tv_sec = 0;
    ts.tv_nsec = -1;
    KT_ASSERT_EQ(pthread_mutex_timedlock(&m1, &ts), 0);
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), 0);
    ts.tv_nsec = 0;
    KT_ASSERT_EQ(pthread_mutex_timedlock(&m1, &ts), 0);     /* long past */
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), 0);
}

KTEST(mutex, timedlock_none)
{
    timedlock_cases(PTHREAD_PRIO_NONE);
}

KTEST(mutex, timedlock_inherit)
{
    timedlock_cases(PTHREAD_PRIO_INHERIT);
}

KTEST(mutex, timedlock_protect)
{
    timedlock_cases(PTHREAD_PRIO_PROTECT);
}

KTEST(mutex, timedlock_rounds_up)
{
    struct timespec ts;
    k_tick_t t0;

    mutex_with(&m1, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_PRIO_NONE);
    (void)px_spawn(PX_ABOVE, hold_20, &m1);
    t0 = px_now();
    ts = px_after(CLOCK_REALTIME, 3u);
    ts.tv_nsec += 1;                        /* just past a tick: the next one */
    KT_ASSERT_EQ(pthread_mutex_timedlock(&m1, &ts), ETIMEDOUT);
    KT_ASSERT_EQ(px_now() - t0, 4u);
}

/* ---- waiters by priority ---- */

static volatile int order[4], order_n;

static void *lock_and_note(void *arg)
{
    KT_ASSERT_EQ(pthread_mutex_lock(&m1), 0);
    order[order_n++] = (int)(intptr_t)arg;
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), 0);
    return K_NULL;
}

static void waiters_by_priority(int protocol)
{
    pthread_t t[3];

    mutex_with(&m1, PTHREAD_MUTEX_ERRORCHECK, protocol);
    order_n = 0;
    KT_ASSERT_EQ(pthread_mutex_lock(&m1), 0);
    t[0] = px_spawn(PX_ABOVE + 1, lock_and_note, (void *)1);
    t[1] = px_spawn(PX_ABOVE + 5, lock_and_note, (void *)5);
    t[2] = px_spawn(PX_ABOVE + 1, lock_and_note, (void *)2);    /* FIFO behind the first 1 */
    KT_ASSERT_EQ(order_n, 0);
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), 0);
    KT_ASSERT_EQ(order_n, 3);
    KT_ASSERT_EQ(order[0], 5);
    KT_ASSERT_EQ(order[1], 1);
    KT_ASSERT_EQ(order[2], 2);
    for (int i = 0; i < 3; i++) {
        KT_ASSERT_EQ(pthread_join(t[i], K_NULL), 0);
    }
}

KTEST(mutex, waiters_by_priority_none)
{
    waiters_by_priority(PTHREAD_PRIO_NONE);
}

KTEST(mutex, waiters_by_priority_inherit)
{
    waiters_by_priority(PTHREAD_PRIO_INHERIT);
}

/* ---- protocols ---- */

static sem_t go;

static void *low_holder(void *arg)
{
    KT_ASSERT_EQ(pthread_mutex_lock(&m1), 0);
    step = 1;
    KT_ASSERT_EQ(sem_wait(&go), 0);
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), 0);
    return arg;
}

static void *high_timedlocker(void *arg)
{
    struct timespec ts = px_after(CLOCK_REALTIME, 10u);
    rc_hold = pthread_mutex_timedlock(&m1, &ts);
    if (rc_hold == 0) {
        KT_ASSERT_EQ(pthread_mutex_unlock(&m1), 0);
    }
    return arg;
}

KTEST(mutex, prio_inherit_visible_while_blocked)
{
    pthread_t low, high;

    KT_ASSERT_EQ(sem_init(&go, 0, 0u), 0);
    mutex_with(&m1, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_PRIO_INHERIT);
    step = 0;
    low = px_spawn(PX_BELOW - 10, low_holder, K_NULL);
    px_sleep(1u);
    KT_ASSERT_EQ(step, 1);
    KT_ASSERT_EQ(px_prio_of(low), PX_BELOW - 10);
    high = px_spawn(PX_ABOVE + 4, high_timedlocker, K_NULL);   /* blocks for 10 ticks */
    KT_ASSERT_EQ(px_prio_of(low), PX_ABOVE + 4);                /* inherited */
    KT_ASSERT_EQ(px_prio_of(high), PX_ABOVE + 4);
    px_sleep(5u);
    KT_ASSERT_EQ(px_prio_of(low), PX_ABOVE + 4);
    px_sleep(5u);                                               /* high timed out */
    KT_ASSERT_EQ(rc_hold, ETIMEDOUT);
    KT_ASSERT_EQ(px_prio_of(low), PX_BELOW - 10);               /* back */
    KT_ASSERT_EQ(sem_post(&go), 0);
    KT_ASSERT_EQ(pthread_join(low, K_NULL), 0);
    KT_ASSERT_EQ(pthread_join(high, K_NULL), 0);
}

KTEST(mutex, prio_none_does_not_inherit)
{
    pthread_t low, high;

    KT_ASSERT_EQ(sem_init(&go, 0, 0u), 0);
    mutex_with(&m1, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_PRIO_NONE);
    step = 0;
    low = px_spawn(PX_BELOW - 10, low_holder, K_NULL);
    px_sleep(1u);
    high = px_spawn(PX_ABOVE + 4, high_timedlocker, K_NULL);
    KT_ASSERT_EQ(px_prio_of(low), PX_BELOW - 10);
    KT_ASSERT_EQ(sem_post(&go), 0);
    px_sleep(1u);
    KT_ASSERT_EQ(rc_hold, 0);                                   /* got it when low let go */
    KT_ASSERT_EQ(pthread_join(low, K_NULL), 0);
    KT_ASSERT_EQ(pthread_join(high, K_NULL), 0);
}

/* low holds m1; mid holds m2 and waits for m1; high waits for m2: low runs at high's
   priority (the kernel's transitive inheritance) */
static void *mid_chain(void *arg)
{
    KT_ASSERT_EQ(pthread_mutex_lock(&m2), 0);
    KT_ASSERT_EQ(pthread_mutex_lock(&m1), 0);
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), 0);
    KT_ASSERT_EQ(pthread_mutex_unlock(&m2), 0);
    return arg;
}

static void *high_chain(void *arg)
{
    KT_ASSERT_EQ(pthread_mutex_lock(&m2), 0);
    KT_ASSERT_EQ(pthread_mutex_unlock(&m2), 0);
    return arg;
}

KTEST(mutex, prio_inherit_is_transitive)
{
    pthread_t low, mid, high;

    KT_ASSERT_EQ(sem_init(&go, 0, 0u), 0);
    mutex_with(&m1, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_PRIO_INHERIT);
    mutex_with(&m2, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_PRIO_INHERIT);
    low = px_spawn(PX_BELOW - 10, low_holder, K_NULL);
    px_sleep(1u);
    mid = px_spawn(PX_ABOVE, mid_chain, K_NULL);
    KT_ASSERT_EQ(px_prio_of(low), PX_ABOVE);
    high = px_spawn(PX_ABOVE + 8, high_chain, K_NULL);
    KT_ASSERT_EQ(px_prio_of(mid), PX_ABOVE + 8);
    KT_ASSERT_EQ(px_prio_of(low), PX_ABOVE + 8);
    KT_ASSERT_EQ(sem_post(&go), 0);
    KT_ASSERT_EQ(pthread_join(high, K_NULL), 0);
    KT_ASSERT_EQ(pthread_join(mid, K_NULL), 0);
    KT_ASSERT_EQ(pthread_join(low, K_NULL), 0);
}

static void *exits_holding(void *arg)
{
    KT_ASSERT_EQ(pthread_mutex_lock(&m1), 0);
    px_sleep(3u);
    return arg;                 /* ends with the mutex locked */
}

KTEST(mutex, prio_inherit_owner_exit_frees_it)
{
    pthread_t t;
    struct timespec ts;
    k_tick_t t0 = px_now();

    mutex_with(&m1, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_PRIO_INHERIT);
    t = px_spawn(PX_ABOVE, exits_holding, K_NULL);
    ts = px_after(CLOCK_REALTIME, 50u);
    KT_ASSERT_EQ(pthread_mutex_timedlock(&m1, &ts), 0);         /* the kernel released it */
    KT_ASSERT_EQ(px_now() - t0, 3u);
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), 0);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
}

static void protect_with(pthread_mutex_t *m, int ceiling)
{
    pthread_mutexattr_t a;

    KT_ASSERT_EQ(pthread_mutexattr_init(&a), 0);
    KT_ASSERT_EQ(pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_PROTECT), 0);
    KT_ASSERT_EQ(pthread_mutexattr_setprioceiling(&a, ceiling), 0);
    KT_ASSERT_EQ(pthread_mutex_init(m, &a), 0);
}

KTEST(mutex, prio_protect_raises_to_the_ceiling)
{
    int ceiling;

    protect_with(&m1, PX_MAIN_PRIO + 6);
    protect_with(&m2, PX_MAIN_PRIO + 3);
    KT_ASSERT_EQ(pthread_mutex_getprioceiling(&m1, &ceiling), 0);
    KT_ASSERT_EQ(ceiling, PX_MAIN_PRIO + 6);
    KT_ASSERT_EQ(pthread_mutex_lock(&m2), 0);
    KT_ASSERT_EQ(px_prio_of(pthread_self()), PX_MAIN_PRIO + 3);
    KT_ASSERT_EQ(pthread_mutex_lock(&m1), 0);
    KT_ASSERT_EQ(px_prio_of(pthread_self()), PX_MAIN_PRIO + 6);
    /* released in any order: the highest ceiling still held applies */
    KT_ASSERT_EQ(pthread_mutex_unlock(&m2), 0);
    KT_ASSERT_EQ(px_prio_of(pthread_self()), PX_MAIN_PRIO + 6);
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), 0);
    KT_ASSERT_EQ(px_prio_of(pthread_self()), PX_MAIN_PRIO);
    KT_ASSERT_EQ(k_curr_task->prio, KTEST_MAIN_PRIO);
}

static void *ceiling_violation(void *arg)
{
    return (void *)(intptr_t)pthread_mutex_lock((pthread_mutex_t *)arg);
}

KTEST(mutex, prio_protect_caller_above_ceiling_einval)
{
    protect_with(&m1, PX_MAIN_PRIO);
    KT_ASSERT_EQ(in_thread(ceiling_violation, &m1), EINVAL);    /* PX_ABOVE > ceiling */
    KT_ASSERT_EQ(pthread_mutex_lock(&m1), 0);                   /* equal: fine */
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), 0);
}

KTEST(mutex, setprioceiling)
{
    int old;

    protect_with(&m1, PX_MAIN_PRIO + 2);
    KT_ASSERT_EQ(pthread_mutex_setprioceiling(&m1, 0, &old), EINVAL);
    KT_ASSERT_EQ(pthread_mutex_setprioceiling(&m1, PX_MAIN_PRIO + 9, &old), 0);
    KT_ASSERT_EQ(old, PX_MAIN_PRIO + 2);
    KT_ASSERT_EQ(pthread_mutex_getprioceiling(&m1, &old), 0);
    KT_ASSERT_EQ(old, PX_MAIN_PRIO + 9);
    KT_ASSERT_EQ(px_prio_of(pthread_self()), PX_MAIN_PRIO);     /* was unlocked again */
    /* while the caller holds it: the new ceiling applies at once */
    KT_ASSERT_EQ(pthread_mutex_lock(&m1), 0);
    KT_ASSERT_EQ(px_prio_of(pthread_self()), PX_MAIN_PRIO + 9);
    KT_ASSERT_EQ(pthread_mutex_setprioceiling(&m1, PX_MAIN_PRIO + 1, K_NULL), 0);
    KT_ASSERT_EQ(px_prio_of(pthread_self()), PX_MAIN_PRIO + 1);
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), 0);
    KT_ASSERT_EQ(pthread_mutex_getprioceiling((pthread_mutex_t *)(void *)px_bogus, &old), EINVAL);
    KT_ASSERT_EQ(pthread_mutex_getprioceiling(&m1, K_NULL), EINVAL);
}

/* ---- destroy / invalid ---- */

static void *block_on_m1(void *arg)
{
    KT_ASSERT_EQ(pthread_mutex_lock(&m1), 0);
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), 0);
    return arg;
}

KTEST(mutex, destroy_busy_and_invalid)
{
    pthread_t t;
    pthread_mutex_t *bogus = (pthread_mutex_t *)(void *)px_bogus;
    struct timespec ts = px_after(CLOCK_REALTIME, 5u);

    mutex_with(&m1, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_PRIO_INHERIT);
    KT_ASSERT_EQ(pthread_mutex_lock(&m1), 0);
    KT_ASSERT_EQ(pthread_mutex_destroy(&m1), EBUSY);            /* locked */
    t = px_spawn(PX_BELOW, block_on_m1, K_NULL);
    px_sleep(1u);
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), 0);                 /* handed to t... */
    KT_ASSERT_EQ(pthread_mutex_destroy(&m1), EBUSY);            /* ...which owns it now */
    px_sleep(1u);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
    KT_ASSERT_EQ(pthread_mutex_destroy(&m1), 0);
    KT_ASSERT_EQ(pthread_mutex_destroy(&m1), EINVAL);
    KT_ASSERT_EQ(pthread_mutex_lock(&m1), EINVAL);
    KT_ASSERT_EQ(pthread_mutex_trylock(&m1), EINVAL);
    KT_ASSERT_EQ(pthread_mutex_timedlock(&m1, &ts), EINVAL);
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), EINVAL);
    KT_ASSERT_EQ(pthread_mutex_lock(bogus), EINVAL);
    KT_ASSERT_EQ(pthread_mutex_unlock(bogus), EINVAL);
    KT_ASSERT_EQ(pthread_mutex_destroy(bogus), EINVAL);
    KT_ASSERT_EQ(pthread_mutex_lock(K_NULL), EINVAL);
}

KTEST(mutex, destroy_with_waiters_ebusy)
{
    pthread_t t;

    mutex_with(&m1, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_PRIO_NONE);
    t = px_spawn(PX_ABOVE, hold_20, &m1);
    (void)px_spawn(PX_ABOVE, block_on_m1, K_NULL);              /* waits */
    KT_ASSERT_EQ(pthread_mutex_destroy(&m1), EBUSY);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
    px_sleep(1u);
    KT_ASSERT_EQ(pthread_mutex_destroy(&m1), 0);
}

/* ---- context ---- */

static volatile int isr_rc[5];

static void mutex_in_isr(void *arg)
{
    pthread_mutex_t *m = arg;
    struct timespec ts = { 0, 0 };
    isr_rc[0] = pthread_mutex_lock(m);
    isr_rc[1] = pthread_mutex_trylock(m);
    isr_rc[2] = pthread_mutex_timedlock(m, &ts);
    isr_rc[3] = pthread_mutex_unlock(m);
    isr_rc[4] = pthread_mutex_init(&m2, K_NULL);
}

KTEST(mutex, in_isr_eperm)
{
    mutex_with(&m1, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_PRIO_INHERIT);
    KT_ASSERT_EQ(pthread_mutex_lock(&m1), 0);
    px_in_isr(mutex_in_isr, &m1);
    for (int i = 0; i < 5; i++) {
        KT_ASSERT_EQ(isr_rc[i], EPERM);
    }
    KT_ASSERT_EQ(pthread_mutex_unlock(&m1), 0);             /* still the case's */
}

KTEST(mutex, would_block_with_scheduler_locked_edeadlk)
{
    pthread_spinlock_t s;

    mutex_with(&m1, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_PRIO_INHERIT);
    (void)px_spawn(PX_ABOVE, hold_20, &m1);
    KT_ASSERT_EQ(pthread_mutex_init(&m2, K_NULL), 0);
    KT_ASSERT_EQ(pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE), 0);
    KT_ASSERT_EQ(pthread_spin_lock(&s), 0);
    KT_ASSERT_EQ(pthread_mutex_lock(&m1), EDEADLK);         /* would wait */
    KT_ASSERT_EQ(pthread_mutex_lock(&m2), 0);               /* free: no wait needed */
    KT_ASSERT_EQ(pthread_mutex_unlock(&m2), 0);
    KT_ASSERT_EQ(pthread_spin_unlock(&s), 0);
}

KTEST_PRESTART(mutex, lock_before_start_eperm)
{
    KT_ASSERT_EQ(pthread_mutex_init(&m1, K_NULL), 0);
    KT_ASSERT_EQ(pthread_mutex_lock(&m1), EPERM);
}
