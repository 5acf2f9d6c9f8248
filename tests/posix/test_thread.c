/*
 * POSIX threads: pthread_create, pthread_join, pthread_detach, pthread_exit, pthread_self,
 * pthread_equal, thread attributes, pthread_get/setschedparam, pthread_setschedprio,
 * sched_yield, sched_get_priority_min/max.
 */
#include "px_test.h"

static volatile int ran;
static volatile k_tick_t ran_tick;
static volatile pthread_t ran_self;
static volatile int ran_prio, ran_policy;
static k_task_t *volatile ran_task;
static volatile k_prio_t ran_kprio;

static void *ret_arg(void *arg)
{
    return arg;
}

static void *record(void *arg)
{
    struct sched_param sp;
    int policy;

    ran++;
    ran_tick = px_now();
    ran_self = pthread_self();
    ran_task = k_curr_task;
    ran_kprio = k_curr_task->prio;
    KT_ASSERT_EQ(pthread_getschedparam(pthread_self(), &policy, &sp), 0);
    ran_prio = sp.sched_priority;
    ran_policy = policy;
    return arg;
}

static void *sleep_then_return(void *arg)
{
    px_sleep((k_tick_t)(uintptr_t)arg);
    ran++;
    return arg;
}

static sem_t block_sem;

static void *block_on_sem(void *arg)
{
    KT_ASSERT_EQ(sem_wait(&block_sem), 0);
    ran++;
    return arg;
}

/* ---- create / join ---- */

KTEST(pthread, create_join_returns_value)
{
    pthread_t t;
    void *ret = K_NULL;
    int x;

    KT_ASSERT_EQ(pthread_create(&t, K_NULL, ret_arg, &x), 0);
    KT_ASSERT_EQ(pthread_join(t, &ret), 0);
    KT_ASSERT_PTR_EQ(ret, &x);
}

KTEST(pthread, create_default_inherits_creator_scheduling)
{
    pthread_t t;

    ran = 0;
    KT_ASSERT_EQ(pthread_create(&t, K_NULL, record, K_NULL), 0);
    KT_ASSERT_EQ(ran, 0);                   /* same priority as the case: runs when it blocks */
    KT_ASSERT_EQ(px_prio_of(t), PX_MAIN_PRIO);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
    KT_ASSERT_EQ(ran, 1);
    KT_ASSERT_EQ(ran_prio, PX_MAIN_PRIO);
    KT_ASSERT_EQ(ran_policy, SCHED_RR);     /* the case's task has the default slice */
    KT_ASSERT_PTR_EQ(ran_self, t);
    KT_ASSERT_PTR_EQ(ran_task, t);          /* a pthread_t is its task */
    KT_ASSERT_EQ(ran_kprio, SPRIG_POSIX_PRIO_TO_K(PX_MAIN_PRIO));
}

KTEST(pthread, create_explicit_priority_preempts)
{
    pthread_t t;

    ran = 0;
    t = px_spawn(PX_ABOVE, record, K_NULL);
    KT_ASSERT_EQ(ran, 1);                   /* ran before pthread_create returned */
    KT_ASSERT_PTR_EQ(ran_self, t);          /* *thread was written before it ran */
    KT_ASSERT_EQ(ran_prio, PX_ABOVE);
    KT_ASSERT_EQ(ran_policy, SCHED_FIFO);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
}

KTEST(pthread, create_explicit_lower_priority_waits)
{
    pthread_t t;

    ran = 0;
    t = px_spawn(PX_BELOW, record, K_NULL);
    KT_ASSERT_EQ(ran, 0);
    px_sleep(1u);
    KT_ASSERT_EQ(ran, 1);
    KT_ASSERT_EQ(ran_prio, PX_BELOW);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
}

static void *creates_default_thread(void *arg)
{
    pthread_t inner;
    (void)arg;
    KT_ASSERT_EQ(pthread_create(&inner, K_NULL, record, K_NULL), 0);
    KT_ASSERT_EQ(pthread_join(inner, K_NULL), 0);
    return K_NULL;
}

KTEST(pthread, create_inherits_from_a_pthread)
{
    pthread_t t;

    ran = 0;
    t = px_spawn(PX_ABOVE + 3, creates_default_thread, K_NULL);
    KT_ASSERT_EQ(ran, 1);
    KT_ASSERT_EQ(ran_prio, PX_ABOVE + 3);
    KT_ASSERT_EQ(ran_policy, SCHED_FIFO);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
}

KTEST(pthread, create_rejects_bad_arguments)
{
    pthread_t t;
    pthread_attr_t a;

    KT_ASSERT_EQ(pthread_create(K_NULL, K_NULL, ret_arg, K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_create(&t, K_NULL, K_NULL, K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_create(&t, (pthread_attr_t *)(void *)px_bogus, ret_arg, K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_attr_init(&a), 0);
    KT_ASSERT_EQ(pthread_attr_destroy(&a), 0);
    KT_ASSERT_EQ(pthread_create(&t, &a, ret_arg, K_NULL), EINVAL);      /* destroyed */
    /* fields written behind the setters' back */
    KT_ASSERT_EQ(pthread_attr_init(&a), 0);
    KT_ASSERT_EQ(pthread_attr_setinheritsched(&a, PTHREAD_EXPLICIT_SCHED), 0);
    a.schedparam.sched_priority = 0;
    KT_ASSERT_EQ(pthread_create(&t, &a, ret_arg, K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_attr_init(&a), 0);
    a.stacksize = 16u;
    KT_ASSERT_EQ(pthread_create(&t, &a, ret_arg, K_NULL), EINVAL);
}

static volatile int isr_rc;

static void create_in_isr(void *arg)
{
    pthread_t t;
    (void)arg;
    isr_rc = pthread_create(&t, K_NULL, ret_arg, K_NULL);
}

KTEST(pthread, create_in_isr_eperm)
{
    isr_rc = 0;
    px_in_isr(create_in_isr, K_NULL);
    KT_ASSERT_EQ(isr_rc, EPERM);
}

KTEST(pthread, create_without_memory_eagain)
{
    pthread_t t;
    pthread_attr_t a;
    static k_stack_t stack[1024];

    ktest_heap_exhaust();
    KT_ASSERT_EQ(pthread_create(&t, K_NULL, ret_arg, K_NULL), EAGAIN);
    /* with the caller's stack only the control block is needed: still none */
    KT_ASSERT_EQ(pthread_attr_init(&a), 0);
    KT_ASSERT_EQ(pthread_attr_setstack(&a, stack, sizeof stack), 0);
    KT_ASSERT_EQ(pthread_create(&t, &a, ret_arg, K_NULL), EAGAIN);
    ktest_heap_restore();
    KT_ASSERT_EQ(pthread_create(&t, &a, ret_arg, K_NULL), 0);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
}

KTEST_PRESTART(pthread, create_before_start_uses_attribute_priority)
{
    pthread_t t;

    KT_ASSERT_EQ(pthread_create(&t, K_NULL, ret_arg, K_NULL), 0);
    KT_ASSERT_EQ(((k_task_t *)t)->state, K_TASK_STATE_READY);
    KT_ASSERT_EQ(((k_task_t *)t)->prio,
                 SPRIG_POSIX_PRIO_TO_K((SPRIG_POSIX_PRIO_MIN + SPRIG_POSIX_PRIO_MAX) / 2));
}

/* ---- exit ---- */

static int exit_value;

static void exit_deep(int depth)
{
    if (depth < 0) {
        return;
    }
    if (depth == 0) {
        pthread_exit(&exit_value);
    }
    exit_deep(depth - 1);
}

static void *exits_from_nested_call(void *arg)
{
    (void)arg;
    exit_deep(3);
    KT_FAIL("pthread_exit returned");
    return K_NULL;
}

KTEST(pthread, exit_value_reaches_joiner)
{
    pthread_t t;
    void *ret = K_NULL;

    KT_ASSERT_EQ(pthread_create(&t, K_NULL, exits_from_nested_call, K_NULL), 0);
    KT_ASSERT_EQ(pthread_join(t, &ret), 0);
    KT_ASSERT_PTR_EQ(ret, &exit_value);
}

static k_task_t plain_task;
KTEST_STACK(plain_stack);
static pthread_key_t plain_key;
static volatile int plain_dtor_calls;
static void *volatile plain_dtor_value;

static void plain_dtor(void *v)
{
    plain_dtor_calls++;
    plain_dtor_value = v;
}

static void plain_exits(void *arg)
{
    KT_ASSERT_EQ(pthread_setspecific(plain_key, arg), 0);
    pthread_exit(K_NULL);
}

KTEST(pthread, exit_ends_a_plain_task_with_destructors)
{
    int v;

    plain_dtor_calls = 0;
    KT_ASSERT_EQ(pthread_key_create(&plain_key, plain_dtor), 0);
    ktest_task_create(&plain_task, "plain", plain_exits, &v, KTEST_MAIN_PRIO - 1u, plain_stack);
    KT_ASSERT_EQ(plain_task.state, K_TASK_STATE_DELETED);
    KT_ASSERT_EQ(plain_dtor_calls, 1);
    KT_ASSERT_PTR_EQ(plain_dtor_value, &v);
}

/* ---- join errors ---- */

static void *join_self(void *arg)
{
    (void)arg;
    return (void *)(intptr_t)pthread_join(pthread_self(), K_NULL);
}

KTEST(pthread, join_self_edeadlk)
{
    pthread_t t;
    void *ret;

    KT_ASSERT_EQ(pthread_join(pthread_self(), K_NULL), EDEADLK);    /* a plain task too */
    KT_ASSERT_EQ(pthread_create(&t, K_NULL, join_self, K_NULL), 0);
    KT_ASSERT_EQ(pthread_join(t, &ret), 0);
    KT_ASSERT_EQ((intptr_t)ret, EDEADLK);
}

KTEST(pthread, join_detached_einval)
{
    pthread_attr_t a;
    pthread_t t;
    int ds;

    KT_ASSERT_EQ(pthread_attr_init(&a), 0);
    KT_ASSERT_EQ(pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED), 0);
    KT_ASSERT_EQ(pthread_attr_getdetachstate(&a, &ds), 0);
    KT_ASSERT_EQ(ds, PTHREAD_CREATE_DETACHED);
    ran = 0;
    KT_ASSERT_EQ(pthread_create(&t, &a, record, K_NULL), 0);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_detach(t), EINVAL);
    px_sleep(1u);
    KT_ASSERT_EQ(ran, 1);
}

KTEST(pthread, join_twice_and_unknown_esrch)
{
    pthread_t t;

    KT_ASSERT_EQ(pthread_create(&t, K_NULL, ret_arg, K_NULL), 0);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), ESRCH);
    KT_ASSERT_EQ(pthread_join((pthread_t)(void *)px_bogus, K_NULL), ESRCH);
    KT_ASSERT_EQ(pthread_join((pthread_t)K_NULL, K_NULL), ESRCH);
}

static void plain_forever(void *arg)
{
    (void)arg;
    for (;;) {
        px_sleep(1000u);
    }
}

KTEST(pthread, join_or_detach_plain_task_einval)
{
    ktest_task_create(&plain_task, "plain", plain_forever, K_NULL, KTEST_MAIN_PRIO + 1u,
                      plain_stack);
    KT_ASSERT_EQ(pthread_join((pthread_t)&plain_task, K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_detach((pthread_t)&plain_task), EINVAL);
}

static pthread_t join_target;
static volatile int join_rc;

static void *joins_target(void *arg)
{
    (void)arg;
    join_rc = pthread_join(join_target, K_NULL);
    return K_NULL;
}

KTEST(pthread, second_joiner_einval)
{
    pthread_t j;

    KT_ASSERT_EQ(sem_init(&block_sem, 0, 0u), 0);
    ran = 0;
    join_rc = -1;
    join_target = px_spawn(PX_BELOW, block_on_sem, K_NULL);
    j = px_spawn(PX_ABOVE, joins_target, K_NULL);       /* blocks in pthread_join */
    KT_ASSERT_EQ(join_rc, -1);
    KT_ASSERT_EQ(pthread_join(join_target, K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_detach(join_target), EINVAL);   /* being joined */
    KT_ASSERT_EQ(sem_post(&block_sem), 0);
    KT_ASSERT_EQ(pthread_join(j, K_NULL), 0);
    KT_ASSERT_EQ(join_rc, 0);
    KT_ASSERT_EQ(ran, 1);
}

static pthread_t cycle_a, cycle_b;
static volatile int cycle_b_rc;

static void *cycle_b_entry(void *arg)
{
    (void)arg;
    cycle_b_rc = pthread_join(cycle_a, K_NULL);
    return K_NULL;
}

static void *cycle_a_entry(void *arg)
{
    (void)arg;
    cycle_a = pthread_self();       /* (px_spawn returns only after this thread blocks) */
    cycle_b = px_spawn(PX_ABOVE, cycle_b_entry, K_NULL);    /* runs when a blocks */
    return (void *)(intptr_t)pthread_join(cycle_b, K_NULL);
}

KTEST(pthread, join_cycle_edeadlk)
{
    void *ret;

    cycle_b_rc = -1;
    cycle_a = px_spawn(PX_ABOVE + 2, cycle_a_entry, K_NULL);
    /* a joins b; b's join of a would close the cycle */
    KT_ASSERT_EQ(cycle_b_rc, EDEADLK);
    KT_ASSERT_EQ(pthread_join(cycle_a, &ret), 0);
    KT_ASSERT_EQ((intptr_t)ret, 0);
}

KTEST(pthread, join_waits_for_the_end)
{
    pthread_t t;
    void *ret;
    k_tick_t t0;

    ran = 0;
    t0 = px_now();
    t = px_spawn(PX_BELOW, sleep_then_return, (void *)(uintptr_t)7u);
    KT_ASSERT_EQ(pthread_join(t, &ret), 0);
    KT_ASSERT_EQ(px_now() - t0, 7u);
    KT_ASSERT_EQ((uintptr_t)ret, 7u);
    KT_ASSERT_EQ(ran, 1);
}

static void join_in_isr(void *arg)
{
    isr_rc = pthread_join(*(pthread_t *)arg, K_NULL);
}

static void detach_in_isr(void *arg)
{
    isr_rc = pthread_detach(*(pthread_t *)arg);
}

KTEST(pthread, join_and_detach_in_isr_eperm)
{
    pthread_t t = px_spawn(PX_BELOW, ret_arg, K_NULL);

    isr_rc = 0;
    px_in_isr(join_in_isr, &t);
    KT_ASSERT_EQ(isr_rc, EPERM);
    isr_rc = 0;
    px_in_isr(detach_in_isr, &t);
    KT_ASSERT_EQ(isr_rc, EPERM);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
}

/* ---- memory ---- */

KTEST(pthread, join_releases_memory)
{
    uint32_t base;
    pthread_t t;

    base = ktest_heap_used();
    t = px_spawn(PX_BELOW, sleep_then_return, (void *)(uintptr_t)2u);
    KT_ASSERT_GT(ktest_heap_used(), base);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
    KT_ASSERT_EQ(ktest_heap_used(), base);
    /* a more urgent thread that ended before the join */
    t = px_spawn(PX_ABOVE, ret_arg, K_NULL);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
    KT_ASSERT_EQ(ktest_heap_used(), base);
}

KTEST(pthread, detach_releases_memory)
{
    uint32_t base = ktest_heap_used();
    pthread_t t;

    ran = 0;
    t = px_spawn(PX_BELOW, record, K_NULL);
    KT_ASSERT_EQ(pthread_detach(t), 0);
    KT_ASSERT_EQ(pthread_detach(t), EINVAL);
    px_sleep(1u);
    KT_ASSERT_EQ(ran, 1);
    /* gone: the next thread call reclaims it */
    KT_ASSERT_EQ(pthread_join(t, K_NULL), ESRCH);
    KT_ASSERT_EQ(ktest_heap_used(), base);

    /* detaching a thread that has ended frees it at once */
    t = px_spawn(PX_ABOVE, record, K_NULL);
    KT_ASSERT_EQ(ran, 2);
    KT_ASSERT_GT(ktest_heap_used(), base);
    KT_ASSERT_EQ(pthread_detach(t), 0);
    KT_ASSERT_EQ(ktest_heap_used(), base);
    KT_ASSERT_EQ(pthread_detach(t), ESRCH);
    KT_ASSERT_EQ(pthread_detach((pthread_t)(void *)px_bogus), ESRCH);
}

/* ---- self / equal ---- */

static volatile pthread_t isr_self;

static void self_in_isr(void *arg)
{
    (void)arg;
    isr_self = pthread_self();
}

KTEST(pthread, self_and_equal)
{
    pthread_t t;

    KT_ASSERT_PTR_EQ(pthread_self(), k_curr_task);
    KT_ASSERT(pthread_equal(pthread_self(), pthread_self()));
    t = px_spawn(PX_ABOVE, record, K_NULL);
    KT_ASSERT(pthread_equal(ran_self, t));
    KT_ASSERT(!pthread_equal(t, pthread_self()));
    px_in_isr(self_in_isr, K_NULL);
    KT_ASSERT_PTR_EQ(isr_self, pthread_self());     /* the interrupted task */
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
}

KTEST_PRESTART(pthread, self_before_start_is_null)
{
    KT_ASSERT_PTR_EQ(pthread_self(), K_NULL);
}

/* ---- attributes ---- */

KTEST(pthread, attr_defaults)
{
    pthread_attr_t a;
    struct sched_param sp;
    int v;
    size_t size;
    void *addr;

    KT_ASSERT_EQ(pthread_attr_init(&a), 0);
    KT_ASSERT_EQ(pthread_attr_getdetachstate(&a, &v), 0);
    KT_ASSERT_EQ(v, PTHREAD_CREATE_JOINABLE);
    KT_ASSERT_EQ(pthread_attr_getinheritsched(&a, &v), 0);
    KT_ASSERT_EQ(v, PTHREAD_INHERIT_SCHED);
    KT_ASSERT_EQ(pthread_attr_getschedpolicy(&a, &v), 0);
    KT_ASSERT_EQ(v, SCHED_RR);
    KT_ASSERT_EQ(pthread_attr_getscope(&a, &v), 0);
    KT_ASSERT_EQ(v, PTHREAD_SCOPE_SYSTEM);
    KT_ASSERT_EQ(pthread_attr_getschedparam(&a, &sp), 0);
    KT_ASSERT_EQ(sp.sched_priority, (SPRIG_POSIX_PRIO_MIN + SPRIG_POSIX_PRIO_MAX) / 2);
    KT_ASSERT_EQ(pthread_attr_getstacksize(&a, &size), 0);
    KT_ASSERT_EQ(size, SPRIG_POSIX_THREAD_STACK_DEFAULT);
    KT_ASSERT_EQ(pthread_attr_getstack(&a, &addr, &size), 0);
    KT_ASSERT_PTR_EQ(addr, K_NULL);
    KT_ASSERT_EQ(pthread_attr_destroy(&a), 0);
    KT_ASSERT_EQ(pthread_attr_destroy(&a), EINVAL);
}

KTEST(pthread, attr_setters_check_values)
{
    pthread_attr_t a;
    pthread_attr_t *bogus = (pthread_attr_t *)(void *)px_bogus;
    struct sched_param sp;
    int v;
    size_t size;
    void *addr;
    static k_stack_t stack[PTHREAD_STACK_MIN];

    KT_ASSERT_EQ(pthread_attr_init(K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_attr_init(&a), 0);
    KT_ASSERT_EQ(pthread_attr_setdetachstate(&a, 7), EINVAL);
    KT_ASSERT_EQ(pthread_attr_setinheritsched(&a, 7), EINVAL);
    KT_ASSERT_EQ(pthread_attr_setschedpolicy(&a, 7), EINVAL);
    KT_ASSERT_EQ(pthread_attr_setscope(&a, 7), EINVAL);
    KT_ASSERT_EQ(pthread_attr_setscope(&a, PTHREAD_SCOPE_PROCESS), 0);
    KT_ASSERT_EQ(pthread_attr_getscope(&a, &v), 0);
    KT_ASSERT_EQ(v, PTHREAD_SCOPE_PROCESS);
    sp.sched_priority = sched_get_priority_min(SCHED_FIFO) - 1;
    KT_ASSERT_EQ(pthread_attr_setschedparam(&a, &sp), EINVAL);
    sp.sched_priority = sched_get_priority_max(SCHED_FIFO) + 1;
    KT_ASSERT_EQ(pthread_attr_setschedparam(&a, &sp), EINVAL);
    KT_ASSERT_EQ(pthread_attr_setschedparam(&a, K_NULL), EINVAL);
    sp.sched_priority = sched_get_priority_max(SCHED_FIFO);
    KT_ASSERT_EQ(pthread_attr_setschedparam(&a, &sp), 0);
    sp.sched_priority = 0;
    KT_ASSERT_EQ(pthread_attr_getschedparam(&a, &sp), 0);
    KT_ASSERT_EQ(sp.sched_priority, SPRIG_POSIX_PRIO_MAX);
    KT_ASSERT_EQ(pthread_attr_setschedpolicy(&a, SCHED_OTHER), 0);
    KT_ASSERT_EQ(pthread_attr_getschedpolicy(&a, &v), 0);
    KT_ASSERT_EQ(v, SCHED_OTHER);
    KT_ASSERT_EQ(pthread_attr_setstacksize(&a, PTHREAD_STACK_MIN - 1u), EINVAL);
    KT_ASSERT_EQ(pthread_attr_setstacksize(&a, PTHREAD_STACK_MIN), 0);
    KT_ASSERT_EQ(pthread_attr_getstacksize(&a, &size), 0);
    KT_ASSERT_EQ(size, PTHREAD_STACK_MIN);
    KT_ASSERT_EQ(pthread_attr_setstack(&a, K_NULL, sizeof stack), EINVAL);
    KT_ASSERT_EQ(pthread_attr_setstack(&a, stack, PTHREAD_STACK_MIN - 1u), EINVAL);
    KT_ASSERT_EQ(pthread_attr_setstack(&a, stack, sizeof stack), 0);
    KT_ASSERT_EQ(pthread_attr_getstack(&a, &addr, &size), 0);
    KT_ASSERT_PTR_EQ(addr, stack);
    KT_ASSERT_EQ(size, sizeof stack);
    /* an uninitialised attribute object */
    KT_ASSERT_EQ(pthread_attr_setdetachstate(bogus, PTHREAD_CREATE_DETACHED), EINVAL);
    KT_ASSERT_EQ(pthread_attr_getdetachstate(bogus, &v), EINVAL);
    KT_ASSERT_EQ(pthread_attr_setstacksize(bogus, 4096u), EINVAL);
    KT_ASSERT_EQ(pthread_attr_getstacksize(bogus, &size), EINVAL);
    KT_ASSERT_EQ(pthread_attr_setstack(bogus, stack, sizeof stack), EINVAL);
    KT_ASSERT_EQ(pthread_attr_getstack(bogus, &addr, &size), EINVAL);
    KT_ASSERT_EQ(pthread_attr_setschedparam(bogus, &sp), EINVAL);
    KT_ASSERT_EQ(pthread_attr_getschedparam(bogus, &sp), EINVAL);
    KT_ASSERT_EQ(pthread_attr_setschedpolicy(bogus, SCHED_FIFO), EINVAL);
    KT_ASSERT_EQ(pthread_attr_getschedpolicy(bogus, &v), EINVAL);
    KT_ASSERT_EQ(pthread_attr_setinheritsched(bogus, PTHREAD_INHERIT_SCHED), EINVAL);
    KT_ASSERT_EQ(pthread_attr_getinheritsched(bogus, &v), EINVAL);
    KT_ASSERT_EQ(pthread_attr_setscope(bogus, PTHREAD_SCOPE_SYSTEM), EINVAL);
    KT_ASSERT_EQ(pthread_attr_getscope(bogus, &v), EINVAL);
    KT_ASSERT_EQ(pthread_attr_destroy(bogus), EINVAL);
    /* NULL outputs */
    KT_ASSERT_EQ(pthread_attr_getdetachstate(&a, K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_attr_getstacksize(&a, K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_attr_getstack(&a, K_NULL, &size), EINVAL);
    KT_ASSERT_EQ(pthread_attr_getschedparam(&a, K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_attr_getschedpolicy(&a, K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_attr_getinheritsched(&a, K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_attr_getscope(&a, K_NULL), EINVAL);
}

KTEST(pthread, attr_stack_is_the_tasks)
{
    pthread_attr_t a;
    pthread_t t;
    static k_stack_t stack[3000];

    KT_ASSERT_EQ(pthread_attr_init(&a), 0);
    KT_ASSERT_EQ(pthread_attr_setstack(&a, stack, sizeof stack), 0);
    KT_ASSERT_EQ(pthread_create(&t, &a, record, K_NULL), 0);
    KT_ASSERT_PTR_EQ(((k_task_t *)t)->stk_base, stack);
    KT_ASSERT_EQ(((k_task_t *)t)->stk_size, sizeof stack);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);

    KT_ASSERT_EQ(pthread_attr_setstacksize(&a, 5000u), 0);       /* heap stack again */
    KT_ASSERT_EQ(pthread_create(&t, &a, record, K_NULL), 0);
    KT_ASSERT(((k_task_t *)t)->stk_base != stack);
    KT_ASSERT_EQ(((k_task_t *)t)->stk_size, 5000u);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
}

KTEST(pthread, attr_explicit_policy_sets_the_slice)
{
    pthread_attr_t a;
    struct sched_param sp = { .sched_priority = PX_BELOW };
    pthread_t t;

    KT_ASSERT_EQ(pthread_attr_init(&a), 0);
    KT_ASSERT_EQ(pthread_attr_setinheritsched(&a, PTHREAD_EXPLICIT_SCHED), 0);
    KT_ASSERT_EQ(pthread_attr_setschedparam(&a, &sp), 0);
    KT_ASSERT_EQ(pthread_attr_setschedpolicy(&a, SCHED_FIFO), 0);
    KT_ASSERT_EQ(pthread_create(&t, &a, ret_arg, K_NULL), 0);
    KT_ASSERT_EQ(((k_task_t *)t)->timeslice_reload, (k_timeslice_t)-1);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
    KT_ASSERT_EQ(pthread_attr_setschedpolicy(&a, SCHED_RR), 0);
    KT_ASSERT_EQ(pthread_create(&t, &a, ret_arg, K_NULL), 0);
    KT_ASSERT_EQ(((k_task_t *)t)->timeslice_reload, 0u);        /* the kernel's default */
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
}

/* ---- scheduling ---- */

KTEST(pthread, sched_priority_range)
{
    KT_ASSERT_EQ(sched_get_priority_min(SCHED_FIFO), 1);
    KT_ASSERT_EQ(sched_get_priority_max(SCHED_FIFO), TOS_CFG_TASK_PRIO_MAX - 1);
    KT_ASSERT_EQ(sched_get_priority_min(SCHED_RR), 1);
    KT_ASSERT_EQ(sched_get_priority_max(SCHED_RR), TOS_CFG_TASK_PRIO_MAX - 1);
    KT_ASSERT_EQ(sched_get_priority_min(SCHED_OTHER), 1);
    KT_ASSERT_EQ(sched_get_priority_max(SCHED_OTHER), TOS_CFG_TASK_PRIO_MAX - 1);
    errno = 0;
    KT_ASSERT_EQ(sched_get_priority_min(42), -1);
    KT_ASSERT_EQ(errno, EINVAL);
    errno = 0;
    KT_ASSERT_EQ(sched_get_priority_max(-1), -1);
    KT_ASSERT_EQ(errno, EINVAL);
}

KTEST(pthread, getschedparam_errors)
{
    struct sched_param sp;
    int policy;
    pthread_t t;

    KT_ASSERT_EQ(pthread_getschedparam(pthread_self(), K_NULL, &sp), EINVAL);
    KT_ASSERT_EQ(pthread_getschedparam(pthread_self(), &policy, K_NULL), EINVAL);
    KT_ASSERT_EQ(pthread_getschedparam((pthread_t)(void *)px_bogus, &policy, &sp), ESRCH);
    t = px_spawn(PX_ABOVE, ret_arg, K_NULL);        /* has ended, not joined */
    KT_ASSERT_EQ(pthread_getschedparam(t, &policy, &sp), ESRCH);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
}

KTEST(pthread, setschedparam_changes_priority_and_policy)
{
    struct sched_param sp;
    int policy;
    pthread_t t;

    KT_ASSERT_EQ(sem_init(&block_sem, 0, 0u), 0);
    ran = 0;
    t = px_spawn(PX_BELOW, block_on_sem, K_NULL);
    sp.sched_priority = PX_BELOW - 5;
    KT_ASSERT_EQ(pthread_setschedparam(t, SCHED_RR, &sp), 0);
    KT_ASSERT_EQ(pthread_getschedparam(t, &policy, &sp), 0);
    KT_ASSERT_EQ(policy, SCHED_RR);
    KT_ASSERT_EQ(sp.sched_priority, PX_BELOW - 5);
    KT_ASSERT_EQ(((k_task_t *)t)->prio, SPRIG_POSIX_PRIO_TO_K(PX_BELOW - 5));
    KT_ASSERT_EQ(((k_task_t *)t)->timeslice_reload, 0u);
    KT_ASSERT_EQ(pthread_setschedprio(t, PX_BELOW - 2), 0);
    KT_ASSERT_EQ(pthread_getschedparam(t, &policy, &sp), 0);
    KT_ASSERT_EQ(policy, SCHED_RR);                 /* kept */
    KT_ASSERT_EQ(sp.sched_priority, PX_BELOW - 2);
    /* raised above the caller, it runs as soon as it is ready */
    sp.sched_priority = PX_ABOVE;
    KT_ASSERT_EQ(pthread_setschedparam(t, SCHED_FIFO, &sp), 0);
    KT_ASSERT_EQ(((k_task_t *)t)->timeslice_reload, (k_timeslice_t)-1);
    KT_ASSERT_EQ(sem_post(&block_sem), 0);
    KT_ASSERT_EQ(ran, 1);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
}

KTEST(pthread, setschedparam_errors)
{
    struct sched_param sp = { .sched_priority = PX_MAIN_PRIO };

    KT_ASSERT_EQ(pthread_setschedparam(pthread_self(), 42, &sp), EINVAL);
    KT_ASSERT_EQ(pthread_setschedparam(pthread_self(), SCHED_FIFO, K_NULL), EINVAL);
    sp.sched_priority = 0;
    KT_ASSERT_EQ(pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp), EINVAL);
    sp.sched_priority = SPRIG_POSIX_PRIO_MAX + 1;
    KT_ASSERT_EQ(pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp), EINVAL);
    KT_ASSERT_EQ(pthread_setschedprio(pthread_self(), 0), EINVAL);
    sp.sched_priority = PX_MAIN_PRIO;
    KT_ASSERT_EQ(pthread_setschedparam((pthread_t)(void *)px_bogus, SCHED_FIFO, &sp), ESRCH);
    KT_ASSERT_EQ(pthread_setschedprio((pthread_t)(void *)px_bogus, PX_MAIN_PRIO), ESRCH);
    KT_ASSERT_EQ(k_curr_task->prio, KTEST_MAIN_PRIO);          /* nothing changed */
}

static void setsched_in_isr(void *arg)
{
    struct sched_param sp = { .sched_priority = PX_MAIN_PRIO };
    (void)arg;
    isr_rc = pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
}

static void getsched_in_isr(void *arg)
{
    struct sched_param sp;
    int policy;
    (void)arg;
    isr_rc = pthread_getschedparam(pthread_self(), &policy, &sp);
    ran_prio = sp.sched_priority;
}

KTEST(pthread, schedparam_in_isr)
{
    isr_rc = 0;
    px_in_isr(setsched_in_isr, K_NULL);
    KT_ASSERT_EQ(isr_rc, EPERM);
    isr_rc = -1;
    ran_prio = 0;
    px_in_isr(getsched_in_isr, K_NULL);
    KT_ASSERT_EQ(isr_rc, 0);
    KT_ASSERT_EQ(ran_prio, PX_MAIN_PRIO);
}

KTEST(pthread, setschedparam_on_a_plain_task)
{
    struct sched_param sp = { .sched_priority = PX_MAIN_PRIO + 4 };
    int policy;

    KT_ASSERT_EQ(pthread_getschedparam(pthread_self(), &policy, &sp), 0);
    KT_ASSERT_EQ(policy, SCHED_RR);
    KT_ASSERT_EQ(sp.sched_priority, PX_MAIN_PRIO);
    sp.sched_priority = PX_MAIN_PRIO + 4;
    KT_ASSERT_EQ(pthread_setschedparam(pthread_self(), SCHED_OTHER, &sp), 0);
    KT_ASSERT_EQ(k_curr_task->prio, KTEST_MAIN_PRIO - 4u);
    KT_ASSERT_EQ(pthread_getschedparam(pthread_self(), &policy, &sp), 0);
    KT_ASSERT_EQ(policy, SCHED_OTHER);
    KT_ASSERT_EQ(sp.sched_priority, PX_MAIN_PRIO + 4);
    KT_ASSERT_EQ(pthread_setschedprio(pthread_self(), PX_MAIN_PRIO), 0);
    KT_ASSERT_EQ(k_curr_task->prio, KTEST_MAIN_PRIO);
}

static volatile int yield_seen;

static void *set_yield_seen(void *arg)
{
    (void)arg;
    yield_seen = 1;
    return K_NULL;
}

static void yield_in_isr(void *arg)
{
    (void)arg;
    errno = 0;
    isr_rc = sched_yield();
    ran = errno;
}

KTEST(pthread, sched_yield_runs_equal_priority)
{
    pthread_t t;

    yield_seen = 0;
    KT_ASSERT_EQ(pthread_create(&t, K_NULL, set_yield_seen, K_NULL), 0);   /* same priority */
    KT_ASSERT_EQ(yield_seen, 0);
    KT_ASSERT_EQ(sched_yield(), 0);
    KT_ASSERT_EQ(yield_seen, 1);
    KT_ASSERT_EQ(pthread_join(t, K_NULL), 0);
    isr_rc = 0;
    ran = 0;
    px_in_isr(yield_in_isr, K_NULL);
    KT_ASSERT_EQ(isr_rc, -1);
    KT_ASSERT_EQ(ran, EPERM);
}

/* SCHED_RR shares the CPU among equal priorities by the kernel's round robin; SCHED_FIFO
   threads keep it until they block. */
static volatile k_tick_t spin_first[2], spin_end[2];

static void *spinner(void *arg)
{
    int i = (int)(intptr_t)arg;

    spin_first[i] = px_now();
    ktest_spin_until(spin_first[0] + 40u);
    spin_end[i] = px_now();
    return K_NULL;
}

static void run_spinners(int policy)
{
    pthread_attr_t a;
    struct sched_param sp = { .sched_priority = PX_BELOW };
    pthread_t t[2];

    KT_ASSERT_EQ(pthread_attr_init(&a), 0);
    KT_ASSERT_EQ(pthread_attr_setinheritsched(&a, PTHREAD_EXPLICIT_SCHED), 0);
    KT_ASSERT_EQ(pthread_attr_setschedparam(&a, &sp), 0);
    KT_ASSERT_EQ(pthread_attr_setschedpolicy(&a, policy), 0);
    spin_first[0] = spin_first[1] = 0u;
    KT_ASSERT_EQ(pthread_create(&t[0], &a, spinner, (void *)0), 0);
    KT_ASSERT_EQ(pthread_create(&t[1], &a, spinner, (void *)1), 0);
    KT_ASSERT_EQ(pthread_join(t[0], K_NULL), 0);
    KT_ASSERT_EQ(pthread_join(t[1], K_NULL), 0);
}

KTEST(pthread, sched_rr_shares_sched_fifo_does_not)
{
    ktest_require_async_preemption();
    tos_robin_default_timeslice_config(5u);
    run_spinners(SCHED_RR);
    /* the second started after one slice of the first, long before the first was done */
    KT_ASSERT_LT(spin_first[1] - spin_first[0], 10u);
    KT_ASSERT_GE(spin_first[1] - spin_first[0], 5u);
    run_spinners(SCHED_FIFO);
    KT_ASSERT_GE(spin_first[1], spin_end[0]);
}
