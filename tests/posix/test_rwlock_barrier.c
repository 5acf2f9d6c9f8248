/*
 * Read-write locks (pthread_rwlock_*, pthread_rwlockattr_*) and barriers (pthread_barrier_*,
 * pthread_barrierattr_*).
 */
#include "px_test.h"

static pthread_rwlock_t rw;
static volatile int readers_in, max_readers, writer_in;
static volatile int step;

static void *reader_20(void *arg)
{
    KT_ASSERT_EQ(pthread_rwlock_rdlock(&rw), 0);
    KT_ASSERT_EQ(writer_in, 0);
    readers_in++;
    if (readers_in > max_readers) {
        max_readers = readers_in;
    }
    px_sleep(20u);
    readers_in--;
    KT_ASSERT_EQ(pthread_rwlock_unlock(&rw), 0);
    return arg;
}

static void *writer_20(void *arg)
{
    KT_ASSERT_EQ(pthread_rwlock_wrlock(&rw), 0);
    KT_ASSERT_EQ(readers_in, 0);
    writer_in = 1;
    step = 1;
    px_sleep(20u);
    writer_in = 0;
    KT_ASSERT_EQ(pthread_rwlock_unlock(&rw), 0);
    return arg;
}

static void *try_rd(void *arg)
{
    int rc = pthread_rwlock_tryrdlock(&rw);
    if (rc == 0) {
        KT_ASSERT_EQ(pthread_rwlock_unlock(&rw), 0);
    }
    (void)arg;
    return (void *)(intptr_t)rc;
}

static void *unlock_rw(void *arg)
{
    (void)arg;
    return (void *)(intptr_t)pthread_rwlock_unlock(&rw);
}

static int in_thread(void *(*fn)(void *))
{
    void *r;
    pthread_t t = px_spawn(PX_ABOVE, fn, K_NULL);
    KT_ASSERT_EQ(pthread_join(t, &r), 0);
    return (int)(intptr_t)r;
}

KTEST(rwlock, readers_share_writers_exclude)
{
    pthread_t r[3], w;

    KT_ASSERT_EQ(pthread_rwlock_init(&rw, K_NULL), 0);
    readers_in = max_readers = writer_in = 0;
    for (int i = 0; i < 3; i++) {
        r[i] = px_spawn(PX_ABOVE, reader_20, K_NULL);
    }
    KT_ASSERT_EQ(readers_in, 3);
    KT_ASSERT_EQ(pthread_rwlock_trywrlock(&rw), EBUSY);
    KT_ASSERT_EQ(pthread_rwlock_tryrdlock(&rw), 0);             /* one more reader */
    KT_ASSERT_EQ(pthread_rwlock_unlock(&rw), 0);
    w = px_spawn(PX_ABOVE, writer_20, K_NULL);                  /* waits for the readers */
    KT_ASSERT_EQ(writer_in, 0);
    /* a writer waits: new readers wait too (writers are preferred) */
    KT_ASSERT_EQ(pthread_rwlock_tryrdlock(&rw), EBUSY);
    px_sleep(20u);
    KT_ASSERT_EQ(writer_in, 1);
    KT_ASSERT_EQ(pthread_rwlock_tryrdlock(&rw), EBUSY);
    KT_ASSERT_EQ(pthread_rwlock_trywrlock(&rw), EBUSY);
    KT_ASSERT_EQ(in_thread(unlock_rw), EPERM);                  /* another thread's write lock */
    px_sleep(20u);
    KT_ASSERT_EQ(writer_in, 0);
    KT_ASSERT_EQ(max_readers, 3);
    for (int i = 0; i < 3; i++) {
        KT_ASSERT_EQ(pthread_join(r[i], K_NULL), 0);
    }
    KT_ASSERT_EQ(pthread_join(w, K_NULL), 0);
    KT_ASSERT_EQ(pthread_rwlock_destroy(&rw), 0);
}

KTEST(rwlock, writer_relock_edeadlk)
{
    KT_ASSERT_EQ(pthread_rwlock_init(&rw, K_NULL), 0);
    KT_ASSERT_EQ(pthread_rwlock_wrlock(&rw), 0);
    KT_ASSERT_EQ(pthread_rwlock_wrlock(&rw), EDEADLK);
    KT_ASSERT_EQ(pthread_rwlock_rdlock(&rw), EDEADLK);
    KT_ASSERT_EQ(pthread_rwlock_trywrlock(&rw), EBUSY);
    KT_ASSERT_EQ(pthread_rwlock_tryrdlock(&rw), EBUSY);
    KT_ASSERT_EQ(in_thread(try_rd), EBUSY);
    KT_ASSERT_EQ(pthread_rwlock_destroy(&rw), EBUSY);
    KT_ASSERT_EQ(pthread_rwlock_unlock(&rw), 0);
    KT_ASSERT_EQ(pthread_rwlock_unlock(&rw), EPERM);            /* not held */
    KT_ASSERT_EQ(in_thread(try_rd), 0);
}

KTEST(rwlock, timed_locks)
{
    struct timespec ts;
    pthread_t w;
    k_tick_t t0;

    KT_ASSERT_EQ(pthread_rwlock_init(&rw, K_NULL), 0);
    readers_in = writer_in = 0;
    step = 0;
    w = px_spawn(PX_ABOVE, writer_20, K_NULL);                  /* ticks 0..20 */
    t0 = px_now();
    ts = px_after(CLOCK_REALTIME, 6u);
    KT_ASSERT_EQ(pthread_rwlock_timedrdlock(&rw, &ts), ETIMEDOUT);
    KT_ASSERT_EQ(px_now() - t0, 6u);
    ts = px_after(CLOCK_REALTIME, 4u);
    KT_ASSERT_EQ(pthread_rwlock_timedwrlock(&rw, &ts), ETIMEDOUT);
    KT_ASSERT_EQ(px_now() - t0, 10u);
    ts.tv_nsec = 2000000000L;
    KT_ASSERT_EQ(pthread_rwlock_timedrdlock(&rw, &ts), EINVAL);  /* would wait */
    KT_ASSERT_EQ(pthread_rwlock_timedwrlock(&rw, K_NULL), EINVAL);
    ts = px_after(CLOCK_REALTIME, 100u);
    KT_ASSERT_EQ(pthread_rwlock_timedrdlock(&rw, &ts), 0);       /* at the release */
    KT_ASSERT_EQ(px_now() - t0, 20u);
    /* read-held: a timed read lock never waits, even with a bad deadline */
    ts.tv_nsec = -5;
    KT_ASSERT_EQ(pthread_rwlock_timedrdlock(&rw, &ts), 0);
    KT_ASSERT_EQ(pthread_rwlock_unlock(&rw), 0);
    KT_ASSERT_EQ(pthread_rwlock_unlock(&rw), 0);
    ts = px_after(CLOCK_REALTIME, 1u);
    KT_ASSERT_EQ(pthread_rwlock_timedwrlock(&rw, &ts), 0);
    KT_ASSERT_EQ(pthread_rwlock_timedwrlock(&rw, &ts), EDEADLK);
    KT_ASSERT_EQ(pthread_rwlock_timedrdlock(&rw, &ts), EDEADLK);
    KT_ASSERT_EQ(pthread_rwlock_unlock(&rw), 0);
    KT_ASSERT_EQ(pthread_join(w, K_NULL), 0);
}

KTEST(rwlock, static_initializer_and_invalid)
{
    pthread_rwlock_t srw = PTHREAD_RWLOCK_INITIALIZER;
    pthread_rwlock_t *bogus = (pthread_rwlock_t *)(void *)px_bogus;

    KT_ASSERT_EQ(pthread_rwlock_unlock(&srw), EPERM);
    KT_ASSERT_EQ(pthread_rwlock_rdlock(&srw), 0);
    KT_ASSERT_EQ(pthread_rwlock_unlock(&srw), 0);
    KT_ASSERT_EQ(pthread_rwlock_destroy(&srw), 0);
    KT_ASSERT_EQ(pthread_rwlock_rdlock(&srw), EINVAL);
    KT_ASSERT_EQ(pthread_rwlock_wrlock(&srw), EINVAL);
    KT_ASSERT_EQ(pthread_rwlock_unlock(&srw), EINVAL);
    KT_ASSERT_EQ(pthread_rwlock_destroy(&srw), EINVAL);
    KT_ASSERT_EQ(pthread_rwlock_tryrdlock(bogus), EINVAL);
    KT_ASSERT_EQ(pthread_rwlock_trywrlock(bogus), EINVAL);
    KT_ASSERT_EQ(pthread_rwlock_init(K_NULL, K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_rwlock_init(&rw, (pthread_rwlockattr_t *)(void *)px_bogus), EINVAL);
}

static volatile int isr_rc[6];

static void rwlock_in_isr(void *arg)
{
    struct timespec ts = { 0, 0 };
    (void)arg;
    isr_rc[0] = pthread_rwlock_rdlock(&rw);
    isr_rc[1] = pthread_rwlock_tryrdlock(&rw);
    isr_rc[2] = pthread_rwlock_timedwrlock(&rw, &ts);
    isr_rc[3] = pthread_rwlock_unlock(&rw);
    isr_rc[4] = pthread_rwlock_init(&rw, K_NULL);
    isr_rc[5] = pthread_rwlock_destroy(&rw);
}

KTEST(rwlock, in_isr_eperm)
{
    KT_ASSERT_EQ(pthread_rwlock_init(&rw, K_NULL), 0);
    KT_ASSERT_EQ(pthread_rwlock_rdlock(&rw), 0);
    px_in_isr(rwlock_in_isr, K_NULL);
    for (int i = 0; i < 6; i++) {
        KT_ASSERT_EQ(isr_rc[i], EPERM);
    }
    KT_ASSERT_EQ(pthread_rwlock_unlock(&rw), 0);
    KT_ASSERT_EQ(pthread_rwlock_unlock(&rw), EPERM);        /* the ISR took nothing */
}

KTEST(rwlock, attr)
{
    pthread_rwlockattr_t a;
    pthread_rwlockattr_t *bogus = (pthread_rwlockattr_t *)(void *)px_bogus;
    int v;

    KT_ASSERT_EQ(pthread_rwlockattr_init(K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_rwlockattr_init(&a), 0);
    KT_ASSERT_EQ(pthread_rwlockattr_getpshared(&a, &v), 0);
    KT_ASSERT_EQ(v, PTHREAD_PROCESS_PRIVATE);
    KT_ASSERT_EQ(pthread_rwlockattr_setpshared(&a, 3), EINVAL);
    KT_ASSERT_EQ(pthread_rwlockattr_setpshared(&a, PTHREAD_PROCESS_SHARED), 0);
    KT_ASSERT_EQ(pthread_rwlockattr_getpshared(&a, &v), 0);
    KT_ASSERT_EQ(v, PTHREAD_PROCESS_SHARED);
    KT_ASSERT_EQ(pthread_rwlockattr_getpshared(&a, K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_rwlockattr_getpshared(bogus, &v), EINVAL);
    KT_ASSERT_EQ(pthread_rwlockattr_setpshared(bogus, 0), EINVAL);
    KT_ASSERT_EQ(pthread_rwlock_init(&rw, &a), 0);
    KT_ASSERT_EQ(pthread_rwlockattr_destroy(&a), 0);
    KT_ASSERT_EQ(pthread_rwlockattr_destroy(&a), EINVAL);
    KT_ASSERT_EQ(pthread_rwlock_wrlock(&rw), 0);
    KT_ASSERT_EQ(pthread_rwlock_unlock(&rw), 0);
}

/* ---- barriers ---- */

#define ROUNDS  3

static pthread_barrier_t bar;
static volatile int serial_count[ROUNDS];
static volatile k_tick_t released[3][ROUNDS];

static void *barrier_worker(void *arg)
{
    int id = (int)(intptr_t)arg;

    for (int round = 0; round < ROUNDS; round++) {
        int rc;
        px_sleep((k_tick_t)(id + 1) * 3u);          /* arrive at different times */
        rc = pthread_barrier_wait(&bar);
        KT_ASSERT(rc == 0 || rc == PTHREAD_BARRIER_SERIAL_THREAD);
        if (rc == PTHREAD_BARRIER_SERIAL_THREAD) {
            serial_count[round]++;
        }
        released[id][round] = px_now();
    }
    return K_NULL;
}

KTEST(barrier, serial_thread_once_per_round)
{
    pthread_t t[3];
    k_tick_t t0 = px_now();

    KT_ASSERT_EQ(pthread_barrier_init(&bar, K_NULL, 3u), 0);
    for (int i = 0; i < ROUNDS; i++) {
        serial_count[i] = 0;
    }
    for (int i = 0; i < 3; i++) {
        t[i] = px_spawn(PX_ABOVE + i, barrier_worker, (void *)(intptr_t)i);
    }
    for (int i = 0; i < 3; i++) {
        KT_ASSERT_EQ(pthread_join(t[i], K_NULL), 0);
    }
    for (int round = 0; round < ROUNDS; round++) {
        KT_ASSERT_EQ(serial_count[round], 1);
        /* all released when the slowest (9 ticks per round) arrived */
        for (int i = 0; i < 3; i++) {
            KT_ASSERT_EQ(released[i][round], t0 + 9u * (k_tick_t)(round + 1));
        }
    }
    KT_ASSERT_EQ(pthread_barrier_destroy(&bar), 0);
}

static void *barrier_once(void *arg)
{
    return (void *)(intptr_t)pthread_barrier_wait((pthread_barrier_t *)arg);
}

KTEST(barrier, last_arrival_is_serial)
{
    pthread_t t;
    void *r;

    KT_ASSERT_EQ(pthread_barrier_init(&bar, K_NULL, 2u), 0);
    t = px_spawn(PX_ABOVE, barrier_once, &bar);
    KT_ASSERT_EQ(pthread_barrier_destroy(&bar), EBUSY);     /* t waits */
    KT_ASSERT_EQ(pthread_barrier_wait(&bar), PTHREAD_BARRIER_SERIAL_THREAD);
    KT_ASSERT_EQ(pthread_join(t, &r), 0);
    KT_ASSERT_EQ((intptr_t)r, 0);
    /* a barrier of one never waits */
    KT_ASSERT_EQ(pthread_barrier_init(&bar, K_NULL, 1u), 0);
    KT_ASSERT_EQ(pthread_barrier_wait(&bar), PTHREAD_BARRIER_SERIAL_THREAD);
    KT_ASSERT_EQ(pthread_barrier_wait(&bar), PTHREAD_BARRIER_SERIAL_THREAD);
}

static volatile int isr_b_rc[3];

static void barrier_in_isr(void *arg)
{
    (void)arg;
    isr_b_rc[0] = pthread_barrier_wait(&bar);
    isr_b_rc[1] = pthread_barrier_init(&bar, K_NULL, 2u);
    isr_b_rc[2] = pthread_barrier_destroy(&bar);
}

KTEST(barrier, errors)
{
    pthread_barrier_t *bogus = (pthread_barrier_t *)(void *)px_bogus;
    pthread_spinlock_t s;

    KT_ASSERT_EQ(pthread_barrier_init(&bar, K_NULL, 0u), EINVAL);
    KT_ASSERT_EQ(pthread_barrier_init(K_NULL, K_NULL, 2u), EINVAL);
    KT_ASSERT_EQ(pthread_barrier_init(&bar, (pthread_barrierattr_t *)(void *)px_bogus, 2u),
                 EINVAL);
    KT_ASSERT_EQ(pthread_barrier_wait(bogus), EINVAL);
    KT_ASSERT_EQ(pthread_barrier_destroy(bogus), EINVAL);
    KT_ASSERT_EQ(pthread_barrier_init(&bar, K_NULL, 2u), 0);
    px_in_isr(barrier_in_isr, K_NULL);
    for (int i = 0; i < 3; i++) {
        KT_ASSERT_EQ(isr_b_rc[i], EPERM);
    }
    /* with the scheduler locked a wait is refused and does not count */
    KT_ASSERT_EQ(pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE), 0);
    KT_ASSERT_EQ(pthread_spin_lock(&s), 0);
    KT_ASSERT_EQ(pthread_barrier_wait(&bar), EDEADLK);
    KT_ASSERT_EQ(pthread_spin_unlock(&s), 0);
    {
        pthread_t t = px_spawn(PX_ABOVE, barrier_once, &bar);    /* first of two */
        void *r;
        KT_ASSERT_EQ(pthread_barrier_wait(&bar), PTHREAD_BARRIER_SERIAL_THREAD);
        KT_ASSERT_EQ(pthread_join(t, &r), 0);
        KT_ASSERT_EQ((intptr_t)r, 0);
        /* the last arrival does not wait, so it may even hold the scheduler */
        t = px_spawn(PX_ABOVE, barrier_once, &bar);
        KT_ASSERT_EQ(pthread_spin_lock(&s), 0);
        KT_ASSERT_EQ(pthread_barrier_wait(&bar), PTHREAD_BARRIER_SERIAL_THREAD);
        KT_ASSERT_EQ(pthread_spin_unlock(&s), 0);
        KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
    }
    KT_ASSERT_EQ(pthread_barrier_destroy(&bar), 0);
    KT_ASSERT_EQ(pthread_barrier_destroy(&bar), EINVAL);
    KT_ASSERT_EQ(pthread_barrier_wait(&bar), EINVAL);
}

KTEST(barrier, attr)
{
    pthread_barrierattr_t a;
    pthread_barrierattr_t *bogus = (pthread_barrierattr_t *)(void *)px_bogus;
    int v;

    KT_ASSERT_EQ(pthread_barrierattr_init(K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_barrierattr_init(&a), 0);
    KT_ASSERT_EQ(pthread_barrierattr_getpshared(&a, &v), 0);
    KT_ASSERT_EQ(v, PTHREAD_PROCESS_PRIVATE);
    KT_ASSERT_EQ(pthread_barrierattr_setpshared(&a, 9), EINVAL);
    KT_ASSERT_EQ(pthread_barrierattr_setpshared(&a, PTHREAD_PROCESS_SHARED), 0);
    KT_ASSERT_EQ(pthread_barrierattr_getpshared(&a, &v), 0);
    KT_ASSERT_EQ(v, PTHREAD_PROCESS_SHARED);
    KT_ASSERT_EQ(pthread_barrierattr_getpshared(&a, K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_barrierattr_getpshared(bogus, &v), EINVAL);
    KT_ASSERT_EQ(pthread_barrierattr_setpshared(bogus, 0), EINVAL);
    KT_ASSERT_EQ(pthread_barrier_init(&bar, &a, 1u), 0);
    KT_ASSERT_EQ(pthread_barrierattr_destroy(&a), 0);
    KT_ASSERT_EQ(pthread_barrierattr_destroy(&a), EINVAL);
}
