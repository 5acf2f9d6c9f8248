/*
 * Helpers of the POSIX layer suite.
 */
#include "px_test.h"

uint32_t px_bogus[64];

/* Every case starts from a fresh kernel (the runner calls ktest_port_reset, then tos_knl_init):
   the layer must forget its threads, queues and timers too. The executable is linked with
   --wrap=ktest_port_reset. */
void __real_ktest_port_reset(void);
void __wrap_ktest_port_reset(void);

void __wrap_ktest_port_reset(void)
{
    __real_ktest_port_reset();
    sprig_posix_reset();
    for (unsigned i = 0; i < sizeof px_bogus / sizeof px_bogus[0]; i++) {
        px_bogus[i] = 0x5EEDF00Du + i;
    }
}

k_tick_t px_now(void)
{
    return tos_systick_get();
}

void px_sleep(k_tick_t ticks)
{
    KT_ASSERT_EQ(tos_task_delay(ticks), K_ERR_NONE);
}

struct timespec px_after(clockid_t clock, k_tick_t ticks)
{
    struct timespec ts;
    KT_ASSERT_EQ(clock_gettime(clock, &ts), 0);
    ts.tv_sec += (time_t)(ticks / TOS_CFG_CPU_TICK_PER_SECOND);
    ts.tv_nsec += (long)(ticks % TOS_CFG_CPU_TICK_PER_SECOND) * (1000000000L / TOS_CFG_CPU_TICK_PER_SECOND);
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_nsec -= 1000000000L;
        ts.tv_sec++;
    }
    return ts;
}

pthread_t px_spawn(int prio, void *(*fn)(void *), void *arg)
{
    pthread_attr_t a;
    struct sched_param sp = { .sched_priority = prio };
    pthread_t t;

    KT_ASSERT_EQ(pthread_attr_init(&a), 0);
    KT_ASSERT_EQ(pthread_attr_setinheritsched(&a, PTHREAD_EXPLICIT_SCHED), 0);
    KT_ASSERT_EQ(pthread_attr_setschedpolicy(&a, SCHED_FIFO), 0);
    KT_ASSERT_EQ(pthread_attr_setschedparam(&a, &sp), 0);
    KT_ASSERT_EQ(pthread_create(&t, &a, fn, arg), 0);
    KT_ASSERT_EQ(pthread_attr_destroy(&a), 0);
    return t;
}

int px_prio_of(pthread_t t)
{
    struct sched_param sp;
    int policy;

    KT_ASSERT_EQ(pthread_getschedparam(t, &policy, &sp), 0);
    return sp.sched_priority;
}

static void (*isr_fn)(void *);
static void *isr_arg;
static volatile int isr_ran;

static void isr_trampoline(void)
{
    tos_knl_irq_enter();
    isr_fn(isr_arg);
    isr_ran = 1;
    tos_knl_irq_leave();
}

void px_in_isr(void (*fn)(void *), void *arg)
{
    isr_fn = fn;
    isr_arg = arg;
    isr_ran = 0;
    ktest_irq_connect(3u, isr_trampoline, 0x40u);
    ktest_irq_raise(3u);
    KT_ASSERT_EQ(isr_ran, 1);
}

