/*
 * Spinlocks (pthread_spin_*) and unnamed semaphores (sem_*).
 */
#include "px_test.h"

static pthread_spinlock_t sl;
static sem_t sem;
static volatile int ran;
static volatile k_tick_t ran_tick;

static void *wait_sem_note(void *arg)
{
    KT_ASSERT_EQ(sem_wait(&sem), 0);
    ran++;
    ran_tick = px_now();
    return arg;
}

/* ---- spinlocks ---- */

static void *spin_unlock_other(void *arg)
{
    (void)arg;
    return (void *)(intptr_t)pthread_spin_unlock(&sl);
}

KTEST(spin, lock_unlock_and_errors)
{
    pthread_spinlock_t *bogus = (pthread_spinlock_t *)(void *)px_bogus;

    KT_ASSERT_EQ(pthread_spin_init(K_NULL, PTHREAD_PROCESS_PRIVATE), EINVAL);
    KT_ASSERT_EQ(pthread_spin_init(&sl, 7), EINVAL);
    KT_ASSERT_EQ(pthread_spin_init(&sl, PTHREAD_PROCESS_SHARED), 0);
    KT_ASSERT_EQ(pthread_spin_unlock(&sl), EPERM);
    KT_ASSERT_EQ(pthread_spin_lock(&sl), 0);
    KT_ASSERT_EQ(pthread_spin_lock(&sl), EDEADLK);
    KT_ASSERT_EQ(pthread_spin_trylock(&sl), EBUSY);
    KT_ASSERT_EQ(pthread_spin_destroy(&sl), EBUSY);
    KT_ASSERT_EQ(pthread_spin_unlock(&sl), 0);
    KT_ASSERT_EQ(pthread_spin_trylock(&sl), 0);
    KT_ASSERT_EQ(pthread_spin_unlock(&sl), 0);
    KT_ASSERT_EQ(pthread_spin_unlock(&sl), EPERM);
    KT_ASSERT_EQ(pthread_spin_destroy(&sl), 0);
    KT_ASSERT_EQ(pthread_spin_lock(&sl), EINVAL);
    KT_ASSERT_EQ(pthread_spin_trylock(&sl), EINVAL);
    KT_ASSERT_EQ(pthread_spin_unlock(&sl), EINVAL);
    KT_ASSERT_EQ(pthread_spin_destroy(&sl), EINVAL);
    KT_ASSERT_EQ(pthread_spin_lock(bogus), EINVAL);
}

KTEST(spin, holding_keeps_other_tasks_off)
{
    pthread_t t;
    k_tick_t t0;

    KT_ASSERT_EQ(pthread_spin_init(&sl, PTHREAD_PROCESS_PRIVATE), 0);
    KT_ASSERT_EQ(sem_init(&sem, 0, 0u), 0);
    ran = 0;
    t = px_spawn(PX_ABOVE, wait_sem_note, K_NULL);
    KT_ASSERT_EQ(pthread_spin_lock(&sl), 0);
    KT_ASSERT_EQ(sem_post(&sem), 0);
    KT_ASSERT_EQ(ran, 0);                       /* more urgent, ready, but not running */
    t0 = px_now();
    ktest_spin_until(t0 + 3u);                  /* even across ticks */
    KT_ASSERT_EQ(ran, 0);
    /* the holder's blocking calls fail: nothing could run to wake it */
    errno = 0;
    KT_ASSERT_EQ(sem_wait(&sem), -1);
    KT_ASSERT_EQ(errno, EDEADLK);
    {
        struct timespec ts = { 0, 1000000 };
        errno = 0;
        KT_ASSERT_EQ(nanosleep(&ts, K_NULL), -1);
        KT_ASSERT_EQ(errno, EDEADLK);
    }
    KT_ASSERT_EQ(pthread_join(t, K_NULL), EDEADLK);
    KT_ASSERT_EQ(pthread_spin_unlock(&sl), 0);
    KT_ASSERT_EQ(ran, 1);                       /* ran at the unlock */
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
}

KTEST(spin, unlock_by_non_holder_eperm)
{
    pthread_t t;
    void *r;

    KT_ASSERT_EQ(pthread_spin_init(&sl, PTHREAD_PROCESS_PRIVATE), 0);
    KT_ASSERT_EQ(pthread_spin_lock(&sl), 0);
    t = px_spawn(PX_ABOVE, spin_unlock_other, K_NULL);   /* cannot run while it is held */
    KT_ASSERT_EQ(pthread_spin_trylock(&sl), EBUSY);      /* so it has not unlocked it */
    KT_ASSERT_EQ(pthread_spin_unlock(&sl), 0);           /* it runs now: nothing to unlock */
    KT_ASSERT_EQ(pthread_join(t, &r), 0);
    KT_ASSERT_EQ((intptr_t)r, EPERM);
}

static volatile int isr_rc[4];

static void spin_in_isr_held(void *arg)
{
    (void)arg;
    isr_rc[0] = pthread_spin_trylock(&sl);
    isr_rc[1] = pthread_spin_lock(&sl);
    isr_rc[2] = pthread_spin_unlock(&sl);
}

static void spin_in_isr_free(void *arg)
{
    (void)arg;
    isr_rc[0] = pthread_spin_lock(&sl);
    isr_rc[1] = pthread_spin_trylock(&sl);
    isr_rc[2] = pthread_spin_unlock(&sl);
    isr_rc[3] = pthread_spin_unlock(&sl);
}

static void spin_isr_take(void *arg)
{
    (void)arg;
    isr_rc[0] = pthread_spin_lock(&sl);
}

static void spin_isr_give(void *arg)
{
    (void)arg;
    isr_rc[1] = pthread_spin_unlock(&sl);
}

static void *isr_gives_at_3(void *arg)
{
    (void)arg;
    px_sleep(3u);
    px_in_isr(spin_isr_give, K_NULL);
    return K_NULL;
}

KTEST(spin, in_isr)
{
    k_tick_t t0;
    pthread_t t;

    KT_ASSERT_EQ(pthread_spin_init(&sl, PTHREAD_PROCESS_PRIVATE), 0);
    KT_ASSERT_EQ(pthread_spin_lock(&sl), 0);
    px_in_isr(spin_in_isr_held, K_NULL);
    KT_ASSERT_EQ(isr_rc[0], EBUSY);
    KT_ASSERT_EQ(isr_rc[1], EDEADLK);           /* an ISR cannot wait for the task */
    KT_ASSERT_EQ(isr_rc[2], EPERM);
    KT_ASSERT_EQ(pthread_spin_unlock(&sl), 0);  /* still the task's */

    px_in_isr(spin_in_isr_free, K_NULL);
    KT_ASSERT_EQ(isr_rc[0], 0);
    KT_ASSERT_EQ(isr_rc[1], EBUSY);
    KT_ASSERT_EQ(isr_rc[2], 0);
    KT_ASSERT_EQ(isr_rc[3], EPERM);

    /* kept by an ISR: a task sleeps a tick at a time instead of spinning */
    px_in_isr(spin_isr_take, K_NULL);
    KT_ASSERT_EQ(isr_rc[0], 0);
    KT_ASSERT_EQ(pthread_spin_trylock(&sl), EBUSY);
    KT_ASSERT_EQ(pthread_spin_unlock(&sl), EPERM);
    t = px_spawn(PX_ABOVE, isr_gives_at_3, K_NULL);
    t0 = px_now();
    KT_ASSERT_EQ(pthread_spin_lock(&sl), 0);
    KT_ASSERT_EQ(px_now() - t0, 3u);
    KT_ASSERT_EQ(isr_rc[1], 0);
    KT_ASSERT_EQ(pthread_spin_unlock(&sl), 0);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
}

KTEST_PRESTART(spin, before_start)
{
    KT_ASSERT_EQ(pthread_spin_init(&sl, PTHREAD_PROCESS_PRIVATE), 0);
    KT_ASSERT_EQ(pthread_spin_lock(&sl), 0);
    KT_ASSERT_EQ(pthread_spin_trylock(&sl), EBUSY);
    KT_ASSERT_EQ(pthread_spin_unlock(&sl), 0);
}

/* ---- semaphores ---- */

KTEST(sem, count_post_wait_getvalue)
{
    int v;

    KT_ASSERT_EQ(sem_init(&sem, 0, 2u), 0);
    KT_ASSERT_EQ(sem_getvalue(&sem, &v), 0);
    KT_ASSERT_EQ(v, 2);
    KT_ASSERT_EQ(sem_wait(&sem), 0);
    KT_ASSERT_EQ(sem_trywait(&sem), 0);
    errno = 0;
    KT_ASSERT_EQ(sem_trywait(&sem), -1);
    KT_ASSERT_EQ(errno, EAGAIN);
    KT_ASSERT_EQ(sem_post(&sem), 0);
    KT_ASSERT_EQ(sem_getvalue(&sem, &v), 0);
    KT_ASSERT_EQ(v, 1);
    KT_ASSERT_EQ(sem_destroy(&sem), 0);
}

KTEST(sem, init_limits_and_overflow)
{
    int v;

    errno = 0;
    KT_ASSERT_EQ(sem_init(&sem, 0, (unsigned)SEM_VALUE_MAX + 1u), -1);
    KT_ASSERT_EQ(errno, EINVAL);
    errno = 0;
    KT_ASSERT_EQ(sem_init(K_NULL, 0, 0u), -1);
    KT_ASSERT_EQ(errno, EINVAL);
    KT_ASSERT_EQ(sem_init(&sem, 1, (unsigned)SEM_VALUE_MAX), 0);      /* pshared: accepted */
    errno = 0;
    KT_ASSERT_EQ(sem_post(&sem), -1);
    KT_ASSERT_EQ(errno, EOVERFLOW);
    KT_ASSERT_EQ(sem_getvalue(&sem, &v), 0);
    KT_ASSERT_EQ(v, SEM_VALUE_MAX);
    KT_ASSERT_GE(SEM_VALUE_MAX, 32767);                                 /* _POSIX_SEM_VALUE_MAX */
}

KTEST(sem, waiters_by_priority_and_hand_over)
{
    pthread_t t[3];
    int v;

    KT_ASSERT_EQ(sem_init(&sem, 0, 0u), 0);
    ran = 0;
    t[0] = px_spawn(PX_ABOVE, wait_sem_note, (void *)0);
    t[1] = px_spawn(PX_ABOVE + 2, wait_sem_note, (void *)2);
    t[2] = px_spawn(PX_ABOVE + 1, wait_sem_note, (void *)1);
    KT_ASSERT_EQ(sem_getvalue(&sem, &v), 0);
    KT_ASSERT_EQ(v, 0);                         /* waiters: 0 */
    KT_ASSERT_EQ(sem_destroy(&sem), -1);
    KT_ASSERT_EQ(errno, EBUSY);
    for (int i = 0; i < 3; i++) {
        void *r;
        KT_ASSERT_EQ(sem_post(&sem), 0);
        KT_ASSERT_EQ(ran, i + 1);
        KT_ASSERT_EQ(pthread_join(t[(i == 0) ? 1 : (i == 1) ? 2 : 0], &r), 0);
        KT_ASSERT_EQ((intptr_t)r, 2 - i);       /* 2, then 1, then 0 */
    }
    KT_ASSERT_EQ(sem_getvalue(&sem, &v), 0);
    KT_ASSERT_EQ(v, 0);                         /* handed over, never counted */
}

static void *post_at_8(void *arg)
{
    (void)arg;
    px_sleep(8u);
    KT_ASSERT_EQ(sem_post(&sem), 0);
    return K_NULL;
}

KTEST(sem, timedwait)
{
    struct timespec ts;
    pthread_t t;
    k_tick_t t0;

    KT_ASSERT_EQ(sem_init(&sem, 0, 0u), 0);
    t0 = px_now();
    ts = px_after(CLOCK_REALTIME, 4u);
    errno = 0;
    KT_ASSERT_EQ(sem_timedwait(&sem, &ts), -1);
    KT_ASSERT_EQ(errno, ETIMEDOUT);
    KT_ASSERT_EQ(px_now() - t0, 4u);
    ts.tv_nsec = 1000000000L;
    errno = 0;
    KT_ASSERT_EQ(sem_timedwait(&sem, &ts), -1);         /* would wait: a bad deadline */
    KT_ASSERT_EQ(errno, EINVAL);
    errno = 0;
    KT_ASSERT_EQ(sem_timedwait(&sem, K_NULL), -1);
    KT_ASSERT_EQ(errno, EINVAL);
    t = px_spawn(PX_BELOW, post_at_8, K_NULL);
    ts = px_after(CLOCK_REALTIME, 50u);
    KT_ASSERT_EQ(sem_timedwait(&sem, &ts), 0);
    KT_ASSERT_EQ(px_now() - t0, 12u);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
    /* a count is taken whatever the deadline */
    KT_ASSERT_EQ(sem_post(&sem), 0);
    ts.tv_sec = 0;
    ts.tv_nsec = -1;
    KT_ASSERT_EQ(sem_timedwait(&sem, &ts), 0);
    KT_ASSERT_EQ(px_now() - t0, 12u);
}

static volatile int isr_sem_rc[5];
static volatile int isr_sem_errno[5];

static void sem_in_isr(void *arg)
{
    struct timespec ts = { 0, 0 };
    int v;
    (void)arg;
    errno = 0;
    isr_sem_rc[0] = sem_post(&sem);
    isr_sem_errno[0] = errno;
    isr_sem_rc[1] = sem_trywait(&sem);
    isr_sem_errno[1] = errno;
    isr_sem_rc[2] = sem_wait(&sem);
    isr_sem_errno[2] = errno;
    errno = 0;
    isr_sem_rc[3] = sem_timedwait(&sem, &ts);
    isr_sem_errno[3] = errno;
    isr_sem_rc[4] = sem_getvalue(&sem, &v);
}

static void post_in_isr(void *arg)
{
    (void)arg;
    KT_ASSERT_EQ(sem_post(&sem), 0);
}

KTEST(sem, in_isr)
{
    pthread_t t;

    KT_ASSERT_EQ(sem_init(&sem, 0, 0u), 0);
    px_in_isr(sem_in_isr, K_NULL);
    KT_ASSERT_EQ(isr_sem_rc[0], 0);             /* post */
    KT_ASSERT_EQ(isr_sem_rc[1], 0);             /* trywait took it */
    KT_ASSERT_EQ(isr_sem_rc[2], -1);            /* wait */
    KT_ASSERT_EQ(isr_sem_errno[2], EPERM);
    KT_ASSERT_EQ(isr_sem_rc[3], -1);
    KT_ASSERT_EQ(isr_sem_errno[3], EPERM);
    KT_ASSERT_EQ(isr_sem_rc[4], 0);
    /* a post from an ISR wakes a waiting thread when the ISR returns */
    ran = 0;
    t = px_spawn(PX_ABOVE, wait_sem_note, K_NULL);
    KT_ASSERT_EQ(ran, 0);
    px_in_isr(post_in_isr, K_NULL);
    KT_ASSERT_EQ(ran, 1);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
}

KTEST(sem, invalid_and_destroyed)
{
    sem_t *bogus = (sem_t *)(void *)px_bogus;
    struct timespec ts = { 0, 0 };
    int v;

    KT_ASSERT_EQ(sem_init(&sem, 0, 1u), 0);
    KT_ASSERT_EQ(sem_destroy(&sem), 0);
    errno = 0;
    KT_ASSERT_EQ(sem_wait(&sem), -1);
    KT_ASSERT_EQ(errno, EINVAL);
    errno = 0;
    KT_ASSERT_EQ(sem_trywait(&sem), -1);
    KT_ASSERT_EQ(errno, EINVAL);
    errno = 0;
    KT_ASSERT_EQ(sem_timedwait(&sem, &ts), -1);
    KT_ASSERT_EQ(errno, EINVAL);
    errno = 0;
    KT_ASSERT_EQ(sem_post(&sem), -1);
    KT_ASSERT_EQ(errno, EINVAL);
    errno = 0;
    KT_ASSERT_EQ(sem_getvalue(&sem, &v), -1);
    KT_ASSERT_EQ(errno, EINVAL);
    errno = 0;
    KT_ASSERT_EQ(sem_destroy(&sem), -1);
    KT_ASSERT_EQ(errno, EINVAL);
    errno = 0;
    KT_ASSERT_EQ(sem_post(bogus), -1);
    KT_ASSERT_EQ(errno, EINVAL);
    KT_ASSERT_EQ(sem_init(&sem, 0, 0u), 0);
    errno = 0;
    KT_ASSERT_EQ(sem_getvalue(&sem, K_NULL), -1);
    KT_ASSERT_EQ(errno, EINVAL);
}

static volatile int thread_errno;

static void *fails_then_waits(void *arg)
{
    KT_ASSERT_EQ(sem_trywait(&sem), -1);        /* EAGAIN in this thread's errno */
    thread_errno = errno;
    KT_ASSERT_EQ(sem_wait(&sem), 0);
    thread_errno = errno;                       /* still its own */
    return arg;
}

KTEST(sem, errno_is_per_task)
{
    pthread_t t;

#if !defined(PORT_ERRNO_PER_TASK) || !PORT_ERRNO_PER_TASK
    /* errno belongs to the port (PORT_ERRNO_PER_TASK in port_cpu.h) */
    ktest_skip("this port keeps one errno for all tasks");
#endif

    KT_ASSERT_EQ(sem_init(&sem, 0, 0u), 0);
    KT_ASSERT_EQ(sem_init(K_NULL, 0, 0u), -1);
    KT_ASSERT_EQ(errno, EINVAL);
    thread_errno = 0;
    t = px_spawn(PX_BELOW, fails_then_waits, K_NULL);
    px_sleep(1u);                               /* it fails, then blocks */
    KT_ASSERT_EQ(thread_errno, EAGAIN);
    KT_ASSERT_EQ(errno, EINVAL);                /* ours is untouched */
    KT_ASSERT_EQ(sem_post(&sem), 0);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
    KT_ASSERT_EQ(thread_errno, EAGAIN);
    KT_ASSERT_EQ(errno, EINVAL);
}

KTEST_PRESTART(sem, wait_before_start)
{
    KT_ASSERT_EQ(sem_init(&sem, 0, 1u), 0);
    KT_ASSERT_EQ(sem_wait(&sem), 0);            /* a count needs no waiting */
    errno = 0;
    KT_ASSERT_EQ(sem_wait(&sem), -1);
    KT_ASSERT_EQ(errno, EPERM);
}
