/*
 * Conformance: time (tos_time.h): the system tick, conversions, sleeps, all in virtual time;
 * the Sprig extensions tos_systick_monotonic_get and tos_tick_announce.
 */
#include "ktest.h"

#define TPS         ((uint64_t)TOS_CFG_CPU_TICK_PER_SECOND)
#define HI_PRIO     ((k_prio_t)(KTEST_MAIN_PRIO - 1u))
#define EQ_PRIO     ((k_prio_t)KTEST_MAIN_PRIO)

#define NTASKS      8u
static k_task_t tk[NTASKS];
static k_stack_t tk_stack[NTASKS][KTEST_STK_SIZE];

#define EV_MAX      32u
static volatile int ev[EV_MAX];
static volatile unsigned ev_n;
static volatile k_tick_t wake_tick[NTASKS];
static volatile k_err_t wake_err[NTASKS];

static void reset(void)
{
    ev_n = 0u;
    for (unsigned i = 0; i < EV_MAX; i++) {
        ev[i] = -1;
    }
    for (unsigned i = 0; i < NTASKS; i++) {
        wake_tick[i] = 0u;
        wake_err[i] = (k_err_t)-1;
    }
}

static void ev_add(int v)
{
    if (ev_n < EV_MAX) {
        ev[ev_n] = v;
    }
    ev_n = ev_n + 1u;
}

static unsigned arg_id(void *arg)
{
    return (unsigned)(uintptr_t)arg;
}

static void spawn(unsigned i, const char *name, k_task_entry_t entry, k_prio_t prio)
{
    ktest_task_create(&tk[i], name, entry, (void *)(uintptr_t)i, prio, tk_stack[i]);
}

static void log_entry(void *arg)
{
    ev_add((int)arg_id(arg));
}

/* ======================================================================================== */
/* tos_systick_get / tos_systick_set                                                        */

KTEST(time, systick_get_advances_by_exactly_the_ticks_slept)
{
    k_tick_t t0 = tos_systick_get();

    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_systick_get(), t0 + 1u);
    KT_ASSERT_EQ(tos_task_delay(250u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_systick_get(), t0 + 251u);
}

KTEST(time, systick_set_moves_what_get_reports)
{
    tos_systick_set(123456u);
    KT_ASSERT_EQ(tos_systick_get(), 123456u);
    KT_ASSERT_EQ(tos_task_delay(3u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_systick_get(), 123459u);
    tos_systick_set(7u);                                /* backwards is allowed */
    KT_ASSERT_EQ(tos_systick_get(), 7u);
    KT_ASSERT_EQ(tos_task_delay(2u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_systick_get(), 9u);
}

static void sleep_10_entry(void *arg)
{
    unsigned i = arg_id(arg);
    wake_err[i] = tos_task_delay(10u);
    wake_tick[i] = tos_systick_get();
}

/* A task sleeps 10 ticks; 4 ticks in, the tick count is set to `to`: it must still wake 6
   ticks later, i.e. when get() reports to + 6. */
static void check_set_keeps_remaining_time(k_tick_t to)
{
    reset();
    spawn(0, "sleeper", sleep_10_entry, HI_PRIO);
    KT_ASSERT_EQ(tos_task_delay(4u), K_ERR_NONE);
    tos_systick_set(to);
    KT_ASSERT_EQ(tos_systick_get(), to);
    KT_ASSERT_EQ(tos_task_delay(10u), K_ERR_NONE);      /* our own sleep also keeps its length */
    KT_ASSERT_EQ(tos_systick_get(), (k_tick_t)(to + 10u));
    KT_ASSERT_EQ(wake_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(wake_tick[0], (k_tick_t)(to + 6u));
}

KTEST(time, systick_set_forward_keeps_remaining_sleep)
{
    check_set_keeps_remaining_time(50000u);
}

KTEST(time, systick_set_backward_keeps_remaining_sleep)
{
    KT_ASSERT_EQ(tos_task_delay(100u), K_ERR_NONE);     /* so that 0 is really backwards */
    check_set_keeps_remaining_time(0u);
}

KTEST(time, systick_set_near_wraparound_keeps_remaining_sleep)
{
    /* the reported count wraps while the task sleeps */
    check_set_keeps_remaining_time(K_TIME_MAX - 2u);
}

static volatile k_tick_t isr_seen;

static void systick_isr(void)
{
    tos_knl_irq_enter();
    isr_seen = tos_systick_get();
    tos_systick_set(isr_seen + 1000u);
    tos_knl_irq_leave();
}

KTEST(time, systick_get_and_set_work_from_an_isr)
{
    k_tick_t t0 = tos_systick_get();

    isr_seen = 0u;
    ktest_irq_connect(0, systick_isr, 0x40);
    ktest_irq_raise(0);
    KT_ASSERT_EQ(isr_seen, t0);
    KT_ASSERT_EQ(tos_systick_get(), t0 + 1000u);
}

/* ======================================================================================== */
/* conversions                                                                              */

KTEST(time, millisec2tick_rounds_down)
{
    static const k_time_t ms[] = {
        0u, 1u, 2u, 3u, 7u, 9u, 10u, 11u, 99u, 999u, 1000u, 1001u, 1999u, 65535u, 65536u,
        3600000u, 86400000u, 0x7FFFFFFFu, 0xFFFFFFFEu, 0xFFFFFFFFu,
    };

    KT_ASSERT_EQ(tos_millisec2tick(0u), 0u);
    KT_ASSERT_EQ(tos_millisec2tick(1000u), TPS);
    KT_ASSERT_EQ(tos_millisec2tick(3600000u), 3600u * TPS);
    for (unsigned i = 0; i < sizeof ms / sizeof ms[0]; i++) {
        uint64_t exact_x1000 = (uint64_t)ms[i] * TPS;   /* ticks * 1000 */
        uint64_t t = tos_millisec2tick(ms[i]);
        /* t is the largest whole number of ticks not exceeding ms[i] milliseconds */
        if (!(t * 1000u <= exact_x1000 && exact_x1000 < (t + 1u) * 1000u)) {
            KT_FAIL("tos_millisec2tick(%lu) = %llu: not the rounded-down tick count",
                    (unsigned long)ms[i], (unsigned long long)t);
        }
    }
}

KTEST(time, tick2millisec_rounds_down)
{
    static const k_tick_t ticks[] = {
        0u, 1u, 2u, 3u, 7u, 9u, 10u, 11u, 99u, 999u, 1000u, 1001u, 65535u, 65536u, 3600000u,
        4294967u,
    };

    KT_ASSERT_EQ(tos_tick2millisec(0u), 0u);
    KT_ASSERT_EQ(tos_tick2millisec((k_tick_t)TPS), 1000u);
    KT_ASSERT_EQ(tos_tick2millisec((k_tick_t)(3600u * TPS)), 3600000u);
    for (unsigned i = 0; i < sizeof ticks / sizeof ticks[0]; i++) {
        uint64_t exact_xtps = (uint64_t)ticks[i] * 1000u;  /* milliseconds * TPS */
        uint64_t m = tos_tick2millisec(ticks[i]);
        if (exact_xtps / TPS > 0xFFFFFFFFu) {
            continue;                                   /* does not fit k_time_t */
        }
        if (!(m * TPS <= exact_xtps && exact_xtps < (m + 1u) * TPS)) {
            KT_FAIL("tos_tick2millisec(%llu) = %llu: not the rounded-down millisecond count",
                    (unsigned long long)ticks[i], (unsigned long long)m);
        }
    }
}

/* ======================================================================================== */
/* tos_sleep_ms / tos_sleep_hmsm                                                            */

KTEST(time, sleep_ms_below_one_tick_just_yields)
{
    k_tick_t t0 = tos_systick_get();
    k_time_t below = (k_time_t)((1000u + TPS - 1u) / TPS - 1u);    /* largest ms under a tick */

    reset();
    KT_ASSERT_EQ(tos_millisec2tick(below), 0u);
    spawn(0, "peer", log_entry, EQ_PRIO);
    KT_ASSERT_EQ(tos_sleep_ms(below), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);                             /* the equal-priority peer ran */
    KT_ASSERT_EQ(tos_systick_get(), t0);                /* and we did not sleep */
    spawn(1, "peer2", log_entry, EQ_PRIO);
    KT_ASSERT_EQ(tos_sleep_ms(0u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 2u);
    KT_ASSERT_EQ(tos_systick_get(), t0);
}

KTEST(time, sleep_ms_sleeps_the_rounded_down_tick_count)
{
    static const k_time_t ms[] = { 1u, 5u, 16u, 999u, 1500u };

    for (unsigned i = 0; i < sizeof ms / sizeof ms[0]; i++) {
        k_tick_t want = tos_millisec2tick(ms[i]);
        k_tick_t t0 = tos_systick_get();
        if (want == 0u) {
            continue;
        }
        KT_ASSERT_EQ(tos_sleep_ms(ms[i]), K_ERR_NONE);
        KT_ASSERT_EQ(tos_systick_get() - t0, want);
    }
}

KTEST(time, sleep_hmsm_wakes_on_the_exact_tick)
{
    k_tick_t t0 = tos_systick_get();
    k_tick_t want = (k_tick_t)((1u * 3600u + 2u * 60u + 3u) * TPS + 4u * TPS / 1000u);

    KT_ASSERT_EQ(tos_sleep_hmsm(1u, 2u, 3u, 4u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_systick_get() - t0, want);
}

KTEST(time, sleep_hmsm_of_zero_just_yields)
{
    k_tick_t t0 = tos_systick_get();

    reset();
    spawn(0, "peer", log_entry, EQ_PRIO);
    KT_ASSERT_EQ(tos_sleep_hmsm(0u, 0u, 0u, 0u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(tos_systick_get(), t0);
}

/* ======================================================================================== */
/* long sleeps and wake-up order                                                            */

static void sleep_hour_entry(void *arg)
{
    unsigned i = arg_id(arg);
    wake_err[i] = tos_task_delay((k_tick_t)(3600u * TPS));
    wake_tick[i] = tos_systick_get();
}

KTEST(time, one_hour_sleep_wakes_on_the_exact_tick)
{
    k_tick_t t0 = tos_systick_get();

    reset();
    spawn(0, "hour", sleep_hour_entry, HI_PRIO);
    KT_ASSERT_EQ(tos_sleep_ms(3600u * 1000u + 1u), K_ERR_NONE);    /* a tick or so longer */
    KT_ASSERT_EQ(tos_systick_get() - t0, tos_millisec2tick(3600u * 1000u + 1u));
    KT_ASSERT_EQ(wake_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(wake_tick[0], t0 + 3600u * TPS);
}

static const k_tick_t order_delay[7] = { 50u, 10u, 30u, 10u, 70u, 60u, 60u };
static const k_prio_t order_prio[7]  = { 9u, 9u, 9u, 9u, 9u, 9u, 8u };

static volatile k_tick_t order_base;

/* sleeps until order_base + order_delay[i], however late it got to run */
static void sleep_order_entry(void *arg)
{
    unsigned i = arg_id(arg);
    wake_err[i] = tos_task_delay(order_base + order_delay[i] - tos_systick_get());
    wake_tick[i] = tos_systick_get();
    ev_add((int)i);
}

KTEST(time, sleepers_wake_in_deadline_order)
{
    /* by deadline; equal deadlines by priority, then in the order they went to sleep */
    static const int expect[7] = { 1, 3, 2, 0, 6, 5, 4 };
    k_tick_t t0 = tos_systick_get();

    reset();
    order_base = t0;
    for (unsigned i = 0; i < 7u; i++) {
        spawn(i, "sleeper", sleep_order_entry, order_prio[i]);     /* each runs and sleeps */
    }
    KT_ASSERT_EQ(ev_n, 0u);
    KT_ASSERT_EQ(tos_task_delay(100u), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 7u);
    for (unsigned i = 0; i < 7u; i++) {
        KT_ASSERT_EQ(ev[i], expect[i]);
        KT_ASSERT_EQ(wake_err[i], K_ERR_NONE);
        KT_ASSERT_EQ(wake_tick[i], t0 + order_delay[i]);
    }
}

/* ======================================================================================== */
/* tos_systick_monotonic_get (Sprig extension)                                              */

KTEST_PRESTART(time, systick_monotonic_get_starts_at_zero)
{
    KT_ASSERT_EQ(tos_systick_monotonic_get(), 0u);
    tos_systick_set(5000u);
    KT_ASSERT_EQ(tos_systick_monotonic_get(), 0u);
    KT_ASSERT_EQ(tos_systick_get(), 5000u);
}

KTEST(time, systick_monotonic_get_counts_ticks_and_ignores_systick_set)
{
    k_tick_t m0 = tos_systick_monotonic_get();

    KT_ASSERT_EQ(tos_task_delay(5u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_systick_monotonic_get(), m0 + 5u);
    tos_systick_set(123456u);
    KT_ASSERT_EQ(tos_systick_get(), 123456u);
    KT_ASSERT_EQ(tos_systick_monotonic_get(), m0 + 5u);     /* not moved */
    KT_ASSERT_EQ(tos_task_delay(3u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_systick_monotonic_get(), m0 + 8u);
    KT_ASSERT_EQ(tos_systick_get(), 123459u);
    tos_systick_set(0u);                                    /* backwards */
    KT_ASSERT_EQ(tos_systick_monotonic_get(), m0 + 8u);
    KT_ASSERT_EQ(tos_task_delay(2u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_systick_monotonic_get(), m0 + 10u);
    KT_ASSERT_EQ(tos_systick_get(), 2u);
}

static volatile k_tick_t isr_mono;

static void monotonic_isr(void)
{
    tos_knl_irq_enter();
    isr_mono = tos_systick_monotonic_get();
    tos_knl_irq_leave();
}

KTEST(time, systick_monotonic_get_works_from_an_isr_and_in_a_critical_section)
{
    TOS_CPU_CPSR_ALLOC();
    k_tick_t m0, in_cs;

    KT_ASSERT_EQ(tos_task_delay(40u), K_ERR_NONE);
    tos_systick_set(1u);
    m0 = tos_systick_monotonic_get();
    KT_ASSERT_GE(m0, 40u);
    isr_mono = 0u;
    ktest_irq_connect(0, monotonic_isr, 0x40);
    ktest_irq_raise(0);
    KT_ASSERT_EQ(isr_mono, m0);
    TOS_CPU_INT_DISABLE();
    in_cs = tos_systick_monotonic_get();
    TOS_CPU_INT_ENABLE();
    KT_ASSERT_EQ(in_cs, m0);
}

/* ======================================================================================== */
/* tos_tick_announce (Sprig extension)                                                      */

static volatile k_tick_t announce_start, announce_woke;

/* sleeps 1000 ticks, recording the monotonic tick before and after */
static void announce_sleeper_entry(void *arg)
{
    unsigned i = arg_id(arg);
    announce_start = tos_systick_monotonic_get();
    wake_err[i] = tos_task_delay(1000u);
    announce_woke = tos_systick_monotonic_get();
    ev_add((int)i);
}

static volatile int announce_timer_fired;

static void announce_timer_cb(void *arg)
{
    (void)arg;
    announce_timer_fired++;
}

KTEST_PRESTART(time, tick_announce_before_start_does_nothing)
{
    tos_tick_announce(100u);
    KT_ASSERT_EQ(tos_systick_monotonic_get(), 0u);
    KT_ASSERT_EQ(tos_systick_get(), 0u);
}

KTEST(time, tick_announce_from_a_task_wakes_the_sleepers_that_fell_due)
{
    k_timer_t tmr;
    k_tick_t m0, g0, now;

    reset();
    announce_timer_fired = 0;
    spawn(0, "sleeper", announce_sleeper_entry, HI_PRIO);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_SLEEP);
    KT_ASSERT_EQ(tos_timer_create(&tmr, 300u, 0u, announce_timer_cb, K_NULL,
                                  TOS_OPT_TIMER_ONESHOT), K_ERR_NONE);
    KT_ASSERT_EQ(tos_timer_start(&tmr), K_ERR_NONE);

    m0 = tos_systick_monotonic_get();
    g0 = tos_systick_get();
    tos_tick_announce(0u);                          /* nothing */
    KT_ASSERT_EQ(tos_systick_monotonic_get(), m0);
    tos_tick_announce(400u);
    KT_ASSERT_EQ(tos_systick_monotonic_get(), m0 + 400u);
    KT_ASSERT_EQ(tos_systick_get(), g0 + 400u);     /* what apps see moves along */
    KT_ASSERT_EQ(announce_timer_fired, 1);          /* its callback ran before the return */
    KT_ASSERT_EQ(ev_n, 0u);                         /* not due yet */
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_SLEEP);

    /* exactly to its deadline: it wakes, and being more urgent, runs before the return */
    now = tos_systick_monotonic_get();
    tos_tick_announce(announce_start + 1000u - now);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(wake_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(announce_woke, announce_start + 1000u);
    KT_ASSERT_EQ(tos_timer_destroy(&tmr), K_ERR_NONE);
}

KTEST(time, tick_announce_with_the_scheduler_locked_switches_at_unlock)
{
    k_tick_t now;

    reset();
    spawn(0, "sleeper", announce_sleeper_entry, HI_PRIO);
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    now = tos_systick_monotonic_get();
    tos_tick_announce(announce_start + 1000u - now);
    KT_ASSERT_EQ(tk[0].state, K_TASK_STATE_READY);  /* woken... */
    KT_ASSERT_EQ(ev_n, 0u);                         /* ...but not run */
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
    KT_ASSERT_EQ(ev_n, 1u);
    KT_ASSERT_EQ(announce_woke, announce_start + 1000u);
}

static void announce_isr(void)
{
    tos_knl_irq_enter();
    tos_tick_announce(announce_start + 1000u - tos_systick_monotonic_get());
    ev_add(100);
    tos_knl_irq_leave();
}

KTEST(time, tick_announce_from_an_isr_wakes_the_sleeper_at_irq_leave)
{
    reset();
    spawn(0, "sleeper", announce_sleeper_entry, HI_PRIO);
    ktest_irq_connect(0, announce_isr, 0x40);
    ktest_irq_raise(0);
    KT_ASSERT_EQ(ev_n, 2u);
    KT_ASSERT_EQ(ev[0], 100);                       /* the ISR finished first */
    KT_ASSERT_EQ(ev[1], 0);
    KT_ASSERT_EQ(announce_woke, announce_start + 1000u);
}
