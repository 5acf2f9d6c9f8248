/*
 * Thread-specific data (pthread_key_create, pthread_key_delete, pthread_getspecific,
 * pthread_setspecific) and pthread_once.
 */
#include "px_test.h"

static pthread_key_t key_a, key_b;
static volatile int dtor_a_calls, dtor_b_calls;
static void *volatile dtor_a_value;
static int values[4];

static void dtor_a(void *v)
{
    dtor_a_calls++;
    dtor_a_value = v;
}

/* re-sets its value every time: runs PTHREAD_DESTRUCTOR_ITERATIONS times */
static void dtor_b(void *v)
{
    dtor_b_calls++;
    KT_ASSERT_PTR_EQ(pthread_getspecific(key_b), K_NULL);    /* cleared before the call */
    KT_ASSERT_EQ(pthread_setspecific(key_b, v), 0);
}

static void *sets_keys(void *arg)
{
    KT_ASSERT_PTR_EQ(pthread_getspecific(key_a), K_NULL);
    KT_ASSERT_EQ(pthread_setspecific(key_a, arg), 0);
    KT_ASSERT_PTR_EQ(pthread_getspecific(key_a), arg);
    px_sleep(2u);
    KT_ASSERT_PTR_EQ(pthread_getspecific(key_a), arg);    /* its own, whatever others set */
    return K_NULL;
}

KTEST(key, values_are_per_thread)
{
    pthread_t t1, t2;

    KT_ASSERT_EQ(pthread_key_create(&key_a, K_NULL), 0);
    KT_ASSERT_PTR_EQ(pthread_getspecific(key_a), K_NULL);
    KT_ASSERT_EQ(pthread_setspecific(key_a, &values[0]), 0);
    t1 = px_spawn(PX_ABOVE, sets_keys, &values[1]);
    t2 = px_spawn(PX_ABOVE, sets_keys, &values[2]);
    KT_ASSERT_EQ(pthread_join(t1, K_NULL), 0);
    KT_ASSERT_EQ(pthread_join(t2, K_NULL), 0);
    KT_ASSERT_PTR_EQ(pthread_getspecific(key_a), &values[0]);
    KT_ASSERT_EQ(pthread_setspecific(key_a, K_NULL), 0);
    KT_ASSERT_PTR_EQ(pthread_getspecific(key_a), K_NULL);
}

static void *sets_both(void *arg)
{
    (void)arg;
    KT_ASSERT_EQ(pthread_setspecific(key_a, &values[1]), 0);
    KT_ASSERT_EQ(pthread_setspecific(key_b, &values[2]), 0);
    return K_NULL;
}

static void *sets_null(void *arg)
{
    (void)arg;
    KT_ASSERT_EQ(pthread_setspecific(key_a, &values[1]), 0);
    KT_ASSERT_EQ(pthread_setspecific(key_a, K_NULL), 0);
    return K_NULL;
}

KTEST(key, destructors_run_at_exit)
{
    pthread_t t;

    dtor_a_calls = dtor_b_calls = 0;
    KT_ASSERT_EQ(pthread_key_create(&key_a, dtor_a), 0);
    KT_ASSERT_EQ(pthread_key_create(&key_b, dtor_b), 0);
    KT_ASSERT(key_a != key_b);
    t = px_spawn(PX_ABOVE, sets_both, K_NULL);
    KT_ASSERT_EQ(dtor_a_calls, 1);
    KT_ASSERT_PTR_EQ(dtor_a_value, &values[1]);
    KT_ASSERT_EQ(dtor_b_calls, PTHREAD_DESTRUCTOR_ITERATIONS);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
    /* a NULL value: no destructor call */
    t = px_spawn(PX_ABOVE, sets_null, K_NULL);
    KT_ASSERT_EQ(dtor_a_calls, 1);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
}

KTEST(key, delete_forgets_values)
{
    pthread_t t;

    dtor_a_calls = 0;
    KT_ASSERT_EQ(pthread_key_create(&key_a, dtor_a), 0);
    KT_ASSERT_EQ(pthread_setspecific(key_a, &values[0]), 0);
    KT_ASSERT_EQ(pthread_key_delete(key_a), 0);
    KT_ASSERT_EQ(pthread_key_delete(key_a), EINVAL);
    KT_ASSERT_PTR_EQ(pthread_getspecific(key_a), K_NULL);
    KT_ASSERT_EQ(pthread_setspecific(key_a, &values[0]), EINVAL);
    /* the slot comes back: with a NULL value everywhere */
    KT_ASSERT_EQ(pthread_key_create(&key_b, K_NULL), 0);
    KT_ASSERT_EQ(key_b, key_a);
    KT_ASSERT_PTR_EQ(pthread_getspecific(key_b), K_NULL);
    /* no destructor ran for the deleted key, even at a thread's exit */
    key_a = key_b;
    t = px_spawn(PX_ABOVE, sets_both, K_NULL);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
    KT_ASSERT_EQ(dtor_a_calls, 0);
}

KTEST(key, keys_run_out_eagain)
{
    pthread_key_t keys[SPRIG_POSIX_KEYS_MAX], extra;
    unsigned i;

    KT_ASSERT_EQ(PTHREAD_KEYS_MAX, (int)SPRIG_POSIX_KEYS_MAX);
    for (i = 0; i < SPRIG_POSIX_KEYS_MAX; i++) {
        KT_ASSERT_EQ(pthread_key_create(&keys[i], K_NULL), 0);
    }
    KT_ASSERT_EQ(pthread_key_create(&extra, K_NULL), EAGAIN);
    KT_ASSERT_EQ(pthread_key_delete(keys[3]), 0);
    KT_ASSERT_EQ(pthread_key_create(&extra, K_NULL), 0);
    KT_ASSERT_EQ(extra, keys[3]);
}

KTEST(key, invalid_arguments)
{
    KT_ASSERT_EQ(pthread_key_create(K_NULL, K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_key_delete(0u), EINVAL);                  /* never created */
    KT_ASSERT_EQ(pthread_key_delete(SPRIG_POSIX_KEYS_MAX), EINVAL);
    KT_ASSERT_EQ(pthread_setspecific(SPRIG_POSIX_KEYS_MAX + 5u, &values[0]), EINVAL);
    KT_ASSERT_PTR_EQ(pthread_getspecific(SPRIG_POSIX_KEYS_MAX + 5u), K_NULL);
}

static volatile int isr_rc[3];
static void *volatile isr_value;

static void keys_in_isr(void *arg)
{
    pthread_key_t k;
    (void)arg;
    isr_rc[0] = pthread_key_create(&k, K_NULL);
    isr_rc[1] = pthread_key_delete(key_a);
    isr_rc[2] = pthread_setspecific(key_a, &values[3]);
    isr_value = pthread_getspecific(key_a);
}

KTEST(key, in_isr)
{
    KT_ASSERT_EQ(pthread_key_create(&key_a, K_NULL), 0);
    KT_ASSERT_EQ(pthread_setspecific(key_a, &values[0]), 0);
    isr_value = &values[1];
    px_in_isr(keys_in_isr, K_NULL);
    KT_ASSERT_EQ(isr_rc[0], EPERM);
    KT_ASSERT_EQ(isr_rc[1], EPERM);
    KT_ASSERT_EQ(isr_rc[2], EPERM);
    KT_ASSERT_PTR_EQ(isr_value, K_NULL);
    KT_ASSERT_PTR_EQ(pthread_getspecific(key_a), &values[0]);     /* untouched */
}

KTEST(key, setspecific_without_memory_enomem)
{
    KT_ASSERT_EQ(pthread_key_create(&key_a, K_NULL), 0);
    ktest_heap_exhaust();
    /* the case's task has no table yet (nor a record: it is not a pthread) */
    KT_ASSERT_EQ(pthread_setspecific(key_a, &values[0]), ENOMEM);
    KT_ASSERT_EQ(pthread_setspecific(key_a, K_NULL), ENOMEM);
    ktest_heap_restore();
    KT_ASSERT_EQ(pthread_setspecific(key_a, &values[0]), 0);
    KT_ASSERT_PTR_EQ(pthread_getspecific(key_a), &values[0]);
}

/* ---- pthread_once ---- */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static volatile int once_runs;
static volatile k_tick_t once_done_tick;

static void init_slow(void)
{
    once_runs++;
    px_sleep(5u);
    once_done_tick = px_now();
}

static void *calls_once(void *arg)
{
    (void)arg;
    KT_ASSERT_EQ(pthread_once(&once, init_slow), 0);
    KT_ASSERT_EQ(once_runs, 1);
    return (void *)(uintptr_t)px_now();
}

KTEST(once, runs_once_and_others_wait)
{
    pthread_t t1, t2;
    void *r1, *r2;
    k_tick_t t0 = px_now();
    static const pthread_once_t fresh = PTHREAD_ONCE_INIT;

    once = fresh;
    once_runs = 0;
    t1 = px_spawn(PX_ABOVE, calls_once, K_NULL);        /* runs it, sleeps inside */
    t2 = px_spawn(PX_ABOVE + 1, calls_once, K_NULL);    /* waits for it */
    KT_ASSERT_EQ(once_runs, 1);
    KT_ASSERT_EQ(pthread_join(t1, &r1), 0);
    KT_ASSERT_EQ(pthread_join(t2, &r2), 0);
    KT_ASSERT_EQ(once_done_tick, t0 + 5u);
    KT_ASSERT_EQ((k_tick_t)(uintptr_t)r2, t0 + 5u);     /* released when it returned */
    KT_ASSERT_EQ(pthread_once(&once, init_slow), 0);    /* done: returns at once */
    KT_ASSERT_EQ(once_runs, 1);
    KT_ASSERT_EQ(px_now(), t0 + 5u);
}

static volatile int recursive_rc;

static void init_recursive(void)
{
    once_runs++;
    recursive_rc = pthread_once(&once, init_recursive);
}

KTEST(once, recursive_call_edeadlk)
{
    static const pthread_once_t fresh = PTHREAD_ONCE_INIT;

    once = fresh;
    once_runs = 0;
    recursive_rc = -1;
    KT_ASSERT_EQ(pthread_once(&once, init_recursive), 0);
    KT_ASSERT_EQ(once_runs, 1);
    KT_ASSERT_EQ(recursive_rc, EDEADLK);
}

static volatile int once_isr_rc;

static void once_in_isr(void *arg)
{
    (void)arg;
    once_isr_rc = pthread_once(&once, init_slow);
}

static void init_fast(void)
{
    once_runs++;
}

KTEST(once, invalid_and_isr)
{
    static const pthread_once_t fresh = PTHREAD_ONCE_INIT;

    once = fresh;
    once_runs = 0;
    KT_ASSERT_EQ(pthread_once(K_NULL, init_fast), EINVAL);
    KT_ASSERT_EQ(pthread_once(&once, K_NULL), EINVAL);
    px_in_isr(once_in_isr, K_NULL);
    KT_ASSERT_EQ(once_isr_rc, EPERM);
    KT_ASSERT_EQ(once_runs, 0);
    KT_ASSERT_EQ(pthread_once(&once, init_fast), 0);
    KT_ASSERT_EQ(once_runs, 1);
}
