/*
 * Condition variables: pthread_cond_init/destroy/wait/timedwait/signal/broadcast and the
 * condition variable attributes (clock selection).
 */
#include "px_test.h"

static pthread_mutex_t mx;
static pthread_cond_t cv;
static volatile int woken, predicate;
static volatile k_tick_t woke_tick;
static volatile int wake_order[4], wake_n;

static void *waiter(void *arg)
{
    KT_ASSERT_EQ(pthread_mutex_lock(&mx), 0);
    while (!predicate) {
        KT_ASSERT_EQ(pthread_cond_wait(&cv, &mx), 0);
        wake_order[wake_n++] = (int)(intptr_t)arg;
        break;
    }
    woken++;
    woke_tick = px_now();
    KT_ASSERT_EQ(pthread_mutex_unlock(&mx), 0);
    return K_NULL;
}

static void setup(void)
{
    KT_ASSERT_EQ(pthread_mutex_init(&mx, K_NULL), 0);
    KT_ASSERT_EQ(pthread_cond_init(&cv, K_NULL), 0);
    woken = predicate = wake_n = 0;
}

/* ---- producer / consumer ---- */

#define ITEMS_PER_PRODUCER  50
#define RING                4

static int ring[RING];
static int ring_head, ring_count;
static pthread_cond_t not_full, not_empty;
static int got[2];
static int got_total;

static void *producer(void *arg)
{
    int id = (int)(intptr_t)arg;

    for (int i = 0; i < ITEMS_PER_PRODUCER; i++) {
        KT_ASSERT_EQ(pthread_mutex_lock(&mx), 0);
        while (ring_count == RING) {
            KT_ASSERT_EQ(pthread_cond_wait(&not_full, &mx), 0);
        }
        ring[(ring_head + ring_count) % RING] = id * 1000 + i;
        ring_count++;
        KT_ASSERT_EQ(pthread_cond_signal(&not_empty), 0);
        KT_ASSERT_EQ(pthread_mutex_unlock(&mx), 0);
        if (i % 7 == id) {
            px_sleep(1u);
        }
    }
    return K_NULL;
}

static void *consumer(void *arg)
{
    (void)arg;
    while (got_total < 2 * ITEMS_PER_PRODUCER) {
        int item;
        KT_ASSERT_EQ(pthread_mutex_lock(&mx), 0);
        while (ring_count == 0) {
            KT_ASSERT_EQ(pthread_cond_wait(&not_empty, &mx), 0);
        }
        item = ring[ring_head];
        ring_head = (ring_head + 1) % RING;
        ring_count--;
        KT_ASSERT_EQ(pthread_cond_signal(&not_full), 0);
        KT_ASSERT_EQ(pthread_mutex_unlock(&mx), 0);
        /* each producer's items arrive in order */
        KT_ASSERT_EQ(item % 1000, got[item / 1000]);
        got[item / 1000]++;
        got_total++;
    }
    return K_NULL;
}

KTEST(cond, producer_consumer)
{
    pthread_t p0, p1, c;

    setup();
    KT_ASSERT_EQ(pthread_cond_init(&not_full, K_NULL), 0);
    KT_ASSERT_EQ(pthread_cond_init(&not_empty, K_NULL), 0);
    ring_head = ring_count = got_total = 0;
    got[0] = got[1] = 0;
    c = px_spawn(PX_BELOW, consumer, K_NULL);
    p0 = px_spawn(PX_BELOW - 1, producer, (void *)0);
    p1 = px_spawn(PX_BELOW + 2, producer, (void *)1);
    KT_ASSERT_EQ(pthread_join(p0, K_NULL), 0);
    KT_ASSERT_EQ(pthread_join(p1, K_NULL), 0);
    KT_ASSERT_EQ(pthread_join(c, K_NULL), 0);
    KT_ASSERT_EQ(got_total, 2 * ITEMS_PER_PRODUCER);
    KT_ASSERT_EQ(got[0], ITEMS_PER_PRODUCER);
    KT_ASSERT_EQ(got[1], ITEMS_PER_PRODUCER);
    KT_ASSERT_EQ(pthread_cond_destroy(&not_full), 0);
    KT_ASSERT_EQ(pthread_cond_destroy(&not_empty), 0);
}

/* ---- signal / broadcast ---- */

KTEST(cond, signal_wakes_most_urgent_one)
{
    pthread_t t[3];

    setup();
    t[0] = px_spawn(PX_ABOVE + 1, waiter, (void *)1);
    t[1] = px_spawn(PX_ABOVE + 3, waiter, (void *)3);
    t[2] = px_spawn(PX_ABOVE + 1, waiter, (void *)2);
    KT_ASSERT_EQ(woken, 0);
    KT_ASSERT_EQ(pthread_cond_signal(&cv), 0);
    KT_ASSERT_EQ(woken, 1);
    KT_ASSERT_EQ(wake_order[0], 3);
    KT_ASSERT_EQ(pthread_cond_signal(&cv), 0);
    KT_ASSERT_EQ(woken, 2);
    KT_ASSERT_EQ(wake_order[1], 1);                 /* FIFO among equals */
    KT_ASSERT_EQ(pthread_cond_signal(&cv), 0);
    KT_ASSERT_EQ(wake_order[2], 2);
    KT_ASSERT_EQ(pthread_cond_signal(&cv), 0);      /* nobody waits: nothing happens */
    KT_ASSERT_EQ(woken, 3);
    for (int i = 0; i < 3; i++) {
        KT_ASSERT_EQ(pthread_join(t[i], K_NULL), 0);
    }
}

KTEST(cond, broadcast_wakes_all)
{
    pthread_t t[3];

    setup();
    for (int i = 0; i < 3; i++) {
        t[i] = px_spawn(PX_ABOVE + i, waiter, (void *)(intptr_t)i);
    }
    KT_ASSERT_EQ(pthread_cond_broadcast(&cv), 0);
    KT_ASSERT_EQ(woken, 3);
    KT_ASSERT_EQ(wake_order[0], 2);
    KT_ASSERT_EQ(wake_order[1], 1);
    KT_ASSERT_EQ(wake_order[2], 0);
    for (int i = 0; i < 3; i++) {
        KT_ASSERT_EQ(pthread_join(t[i], K_NULL), 0);
    }
    KT_ASSERT_EQ(pthread_cond_destroy(&cv), 0);     /* nobody waits any more */
}

static void signal_in_isr(void *arg)
{
    (void)arg;
    KT_ASSERT_EQ(pthread_cond_signal(&cv), 0);
}

KTEST(cond, signal_from_isr)
{
    pthread_t t;

    setup();
    t = px_spawn(PX_ABOVE, waiter, (void *)1);
    KT_ASSERT_EQ(woken, 0);
    px_in_isr(signal_in_isr, K_NULL);
    KT_ASSERT_EQ(woken, 1);                         /* ran when the ISR returned */
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
}

KTEST(cond, static_initializer)
{
    pthread_cond_t scv = PTHREAD_COND_INITIALIZER;
    pthread_mutex_t smx = PTHREAD_MUTEX_INITIALIZER;
    struct timespec ts = px_after(CLOCK_REALTIME, 2u);

    KT_ASSERT_EQ(pthread_cond_signal(&scv), 0);
    KT_ASSERT_EQ(pthread_mutex_lock(&smx), 0);
    KT_ASSERT_EQ(pthread_cond_timedwait(&scv, &smx, &ts), ETIMEDOUT);
    KT_ASSERT_EQ(pthread_mutex_unlock(&smx), 0);
}

/* ---- timed waits ---- */

KTEST(cond, timedwait_realtime_times_out_with_mutex_locked)
{
    struct timespec ts;
    k_tick_t t0;

    setup();
    KT_ASSERT_EQ(pthread_mutex_lock(&mx), 0);
    t0 = px_now();
    ts = px_after(CLOCK_REALTIME, 12u);
    KT_ASSERT_EQ(pthread_cond_timedwait(&cv, &mx, &ts), ETIMEDOUT);
    KT_ASSERT_EQ(px_now() - t0, 12u);
    KT_ASSERT_EQ(pthread_mutex_lock(&mx), EDEADLK);         /* we own it again */
    /* already past: times out at once */
    KT_ASSERT_EQ(pthread_cond_timedwait(&cv, &mx, &ts), ETIMEDOUT);
    KT_ASSERT_EQ(px_now() - t0, 12u);
    KT_ASSERT_EQ(pthread_mutex_unlock(&mx), 0);
    KT_ASSERT_EQ(pthread_cond_destroy(&cv), 0);             /* the waiter left */
}

static void *signal_after_5(void *arg)
{
    (void)arg;
    px_sleep(5u);
    KT_ASSERT_EQ(pthread_mutex_lock(&mx), 0);
    predicate = 1;
    KT_ASSERT_EQ(pthread_cond_signal(&cv), 0);
    KT_ASSERT_EQ(pthread_mutex_unlock(&mx), 0);
    return K_NULL;
}

KTEST(cond, timedwait_signalled_in_time)
{
    struct timespec ts;
    pthread_t t;
    k_tick_t t0;

    setup();
    t = px_spawn(PX_BELOW, signal_after_5, K_NULL);
    KT_ASSERT_EQ(pthread_mutex_lock(&mx), 0);
    t0 = px_now();
    ts = px_after(CLOCK_REALTIME, 50u);
    while (!predicate) {
        KT_ASSERT_EQ(pthread_cond_timedwait(&cv, &mx, &ts), 0);
    }
    KT_ASSERT_EQ(px_now() - t0, 5u);
    KT_ASSERT_EQ(pthread_mutex_unlock(&mx), 0);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
}

static void cond_with_clock(clockid_t clock)
{
    pthread_condattr_t a;

    KT_ASSERT_EQ(pthread_condattr_init(&a), 0);
    KT_ASSERT_EQ(pthread_condattr_setclock(&a, clock), 0);
    KT_ASSERT_EQ(pthread_cond_init(&cv, &a), 0);
    KT_ASSERT_EQ(pthread_condattr_destroy(&a), 0);
}

static void *set_realtime_forward(void *arg)
{
    struct timespec now;
    (void)arg;
    px_sleep(3u);
    KT_ASSERT_EQ(clock_gettime(CLOCK_REALTIME, &now), 0);
    now.tv_sec += 100;
    KT_ASSERT_EQ(clock_settime(CLOCK_REALTIME, &now), 0);
    return K_NULL;
}

KTEST(cond, timedwait_monotonic_ignores_realtime_changes)
{
    struct timespec ts;
    pthread_t t;
    k_tick_t t0;

    KT_ASSERT_EQ(pthread_mutex_init(&mx, K_NULL), 0);
    cond_with_clock(CLOCK_MONOTONIC);
    t = px_spawn(PX_ABOVE, set_realtime_forward, K_NULL);
    KT_ASSERT_EQ(pthread_mutex_lock(&mx), 0);
    t0 = px_now();
    ts = px_after(CLOCK_MONOTONIC, 20u);
    KT_ASSERT_EQ(pthread_cond_timedwait(&cv, &mx, &ts), ETIMEDOUT);
    KT_ASSERT_EQ(px_now() - t0, 20u);
    KT_ASSERT_EQ(pthread_mutex_unlock(&mx), 0);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
}

KTEST(cond, timedwait_realtime_follows_clock_settime)
{
    struct timespec ts;
    pthread_t t;
    k_tick_t t0;

    KT_ASSERT_EQ(pthread_mutex_init(&mx, K_NULL), 0);
    cond_with_clock(CLOCK_REALTIME);
    t = px_spawn(PX_ABOVE, set_realtime_forward, K_NULL);
    KT_ASSERT_EQ(pthread_mutex_lock(&mx), 0);
    t0 = px_now();
    ts = px_after(CLOCK_REALTIME, 20000u);          /* 20 s, but the clock jumps 100 s at 3 */
    KT_ASSERT_EQ(pthread_cond_timedwait(&cv, &mx, &ts), ETIMEDOUT);
    KT_ASSERT_EQ(px_now() - t0, 3u);
    KT_ASSERT_EQ(pthread_mutex_unlock(&mx), 0);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
}

KTEST(cond, recursive_mutex_released_and_restored)
{
    pthread_mutexattr_t a;
    struct timespec ts;
    pthread_t t;

    KT_ASSERT_EQ(pthread_mutexattr_init(&a), 0);
    KT_ASSERT_EQ(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE), 0);
    KT_ASSERT_EQ(pthread_mutex_init(&mx, &a), 0);
    KT_ASSERT_EQ(pthread_cond_init(&cv, K_NULL), 0);
    predicate = 0;
    t = px_spawn(PX_BELOW, signal_after_5, K_NULL);     /* needs the mutex to signal */
    KT_ASSERT_EQ(pthread_mutex_lock(&mx), 0);
    KT_ASSERT_EQ(pthread_mutex_lock(&mx), 0);
    KT_ASSERT_EQ(pthread_mutex_lock(&mx), 0);
    ts = px_after(CLOCK_REALTIME, 50u);
    KT_ASSERT_EQ(pthread_cond_timedwait(&cv, &mx, &ts), 0);
    KT_ASSERT_EQ(predicate, 1);
    /* locked three deep again */
    KT_ASSERT_EQ(pthread_mutex_unlock(&mx), 0);
    KT_ASSERT_EQ(pthread_mutex_unlock(&mx), 0);
    KT_ASSERT_EQ(pthread_mutex_unlock(&mx), 0);
    KT_ASSERT_EQ(pthread_mutex_unlock(&mx), EPERM);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
}

/* ---- misuse ---- */

static void *waits_with_other_mutex(void *arg)
{
    static pthread_mutex_t other;
    int rc;
    (void)arg;
    KT_ASSERT_EQ(pthread_mutex_init(&other, K_NULL), 0);
    KT_ASSERT_EQ(pthread_mutex_lock(&other), 0);
    rc = pthread_cond_wait(&cv, &other);
    KT_ASSERT_EQ(pthread_mutex_unlock(&other), 0);
    return (void *)(intptr_t)rc;
}

KTEST(cond, misuse)
{
    struct timespec ts = px_after(CLOCK_REALTIME, 5u);
    pthread_cond_t *bogus = (pthread_cond_t *)(void *)px_bogus;
    pthread_t t;
    void *r;

    setup();
    KT_ASSERT_EQ(pthread_cond_wait(&cv, &mx), EPERM);               /* not locked */
    KT_ASSERT_EQ(pthread_cond_timedwait(&cv, &mx, &ts), EPERM);
    KT_ASSERT_EQ(pthread_mutex_lock(&mx), 0);
    ts.tv_nsec = -1;
    KT_ASSERT_EQ(pthread_cond_timedwait(&cv, &mx, &ts), EINVAL);
    KT_ASSERT_EQ(pthread_cond_timedwait(&cv, &mx, K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_cond_wait(bogus, &mx), EINVAL);
    KT_ASSERT_EQ(pthread_cond_wait(&cv, (pthread_mutex_t *)(void *)px_bogus), EINVAL);
    KT_ASSERT_EQ(pthread_mutex_unlock(&mx), 0);
    /* a waiter with mx, then one with another mutex */
    t = px_spawn(PX_ABOVE, waiter, (void *)1);
    KT_ASSERT_EQ(pthread_cond_destroy(&cv), EBUSY);
    {
        pthread_t t2 = px_spawn(PX_ABOVE, waits_with_other_mutex, K_NULL);
        KT_ASSERT_EQ(pthread_join(t2, &r), 0);
        KT_ASSERT_EQ((intptr_t)r, EINVAL);
    }
    KT_ASSERT_EQ(pthread_cond_signal(&cv), 0);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
    KT_ASSERT_EQ(pthread_cond_destroy(&cv), 0);
    KT_ASSERT_EQ(pthread_cond_destroy(&cv), EINVAL);
    KT_ASSERT_EQ(pthread_cond_signal(&cv), EINVAL);
    KT_ASSERT_EQ(pthread_cond_broadcast(&cv), EINVAL);
    KT_ASSERT_EQ(pthread_cond_signal(bogus), EINVAL);
    KT_ASSERT_EQ(pthread_cond_init(K_NULL, K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_cond_init(&cv, (pthread_condattr_t *)(void *)px_bogus), EINVAL);
}

static volatile int isr_rc[4];

static void cond_in_isr(void *arg)
{
    struct timespec ts = { 0, 0 };
    (void)arg;
    isr_rc[0] = pthread_cond_wait(&cv, &mx);
    isr_rc[1] = pthread_cond_timedwait(&cv, &mx, &ts);
    isr_rc[2] = pthread_cond_init(&cv, K_NULL);
    isr_rc[3] = pthread_cond_destroy(&cv);
}

KTEST(cond, waits_in_isr_eperm)
{
    setup();
    KT_ASSERT_EQ(pthread_mutex_lock(&mx), 0);
    px_in_isr(cond_in_isr, K_NULL);
    for (int i = 0; i < 4; i++) {
        KT_ASSERT_EQ(isr_rc[i], EPERM);
    }
    KT_ASSERT_EQ(pthread_mutex_unlock(&mx), 0);
}

KTEST(cond, wait_with_scheduler_locked_edeadlk)
{
    pthread_spinlock_t s;

    setup();
    KT_ASSERT_EQ(pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE), 0);
    KT_ASSERT_EQ(pthread_mutex_lock(&mx), 0);
    KT_ASSERT_EQ(pthread_spin_lock(&s), 0);
    KT_ASSERT_EQ(pthread_cond_wait(&cv, &mx), EDEADLK);
    KT_ASSERT_EQ(pthread_spin_unlock(&s), 0);
    KT_ASSERT_EQ(pthread_mutex_unlock(&mx), 0);                 /* still held */
    KT_ASSERT_EQ(pthread_cond_destroy(&cv), 0);                 /* left no waiter */
}

KTEST(cond, attr)
{
    pthread_condattr_t a;
    pthread_condattr_t *bogus = (pthread_condattr_t *)(void *)px_bogus;
    clockid_t c;
    int v;

    KT_ASSERT_EQ(pthread_condattr_init(K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_condattr_init(&a), 0);
    KT_ASSERT_EQ(pthread_condattr_getclock(&a, &c), 0);
    KT_ASSERT_EQ(c, CLOCK_REALTIME);
    KT_ASSERT_EQ(pthread_condattr_setclock(&a, 77), EINVAL);
    KT_ASSERT_EQ(pthread_condattr_setclock(&a, CLOCK_MONOTONIC), 0);
    KT_ASSERT_EQ(pthread_condattr_getclock(&a, &c), 0);
    KT_ASSERT_EQ(c, CLOCK_MONOTONIC);
    KT_ASSERT_EQ(pthread_condattr_getpshared(&a, &v), 0);
    KT_ASSERT_EQ(v, PTHREAD_PROCESS_PRIVATE);
    KT_ASSERT_EQ(pthread_condattr_setpshared(&a, 5), EINVAL);
    KT_ASSERT_EQ(pthread_condattr_setpshared(&a, PTHREAD_PROCESS_SHARED), 0);
    KT_ASSERT_EQ(pthread_condattr_getpshared(&a, &v), 0);
    KT_ASSERT_EQ(v, PTHREAD_PROCESS_SHARED);
    KT_ASSERT_EQ(pthread_condattr_getclock(&a, K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_condattr_getpshared(&a, K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_condattr_setclock(bogus, CLOCK_REALTIME), EINVAL);
    KT_ASSERT_EQ(pthread_condattr_getclock(bogus, &c), EINVAL);
    KT_ASSERT_EQ(pthread_condattr_setpshared(bogus, PTHREAD_PROCESS_PRIVATE), EINVAL);
    KT_ASSERT_EQ(pthread_condattr_getpshared(bogus, &v), EINVAL);
    KT_ASSERT_EQ(pthread_condattr_destroy(bogus), EINVAL);
    KT_ASSERT_EQ(pthread_condattr_destroy(&a), 0);
    KT_ASSERT_EQ(pthread_condattr_destroy(&a), EINVAL);
}
