/*
 * Conformance: stopwatches (tos_stopwatch.h).
 *
 * Busy-wait delays rely on the port moving time on for a busy CPU; virtual time only.
 */
#include "ktest.h"

static k_stopwatch_t sw;

static k_tick_t sw_tick_align(void)
{
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    return tos_systick_get();
}

/* A less urgent task that only counts how often it got the CPU. */
static k_task_t sw_bg_task;
KTEST_STACK(sw_bg_stack);
static volatile unsigned sw_bg_runs;

static void sw_bg_entry(void *arg)
{
    (void)arg;
    for (;;) {
        sw_bg_runs++;
        tos_task_yield();
    }
}

/* A more urgent task that wakes up once, `sw_hi_delay` ticks after it starts. */
static k_task_t sw_hi_task;
KTEST_STACK(sw_hi_stack);
static k_tick_t sw_hi_delay;
static volatile k_tick_t sw_hi_woke;

static void sw_hi_entry(void *arg)
{
    (void)arg;
    KT_ASSERT_EQ(tos_task_delay(sw_hi_delay), K_ERR_NONE);
    sw_hi_woke = tos_systick_get();
}

/* ---------------------------------------------------------------------------------------- */
/* countdown                                                                                 */

KTEST(stopwatch, created_expired)
{
    KT_ASSERT_EQ(tos_stopwatch_create(&sw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_stopwatch_is_expired(&sw), K_TRUE);
    KT_ASSERT_EQ(tos_stopwatch_remain(&sw), 0u);
    KT_ASSERT_EQ(tos_stopwatch_remain_ms(&sw), 0u);
    KT_ASSERT_EQ(tos_task_delay(5), K_ERR_NONE);
    KT_ASSERT_EQ(tos_stopwatch_is_expired(&sw), K_TRUE);
    KT_ASSERT_EQ(tos_stopwatch_remain(&sw), 0u);
    KT_ASSERT_EQ(tos_stopwatch_destroy(&sw), K_ERR_NONE);
}

KTEST(stopwatch, countdown_in_ticks)
{
    KT_ASSERT_EQ(tos_stopwatch_create(&sw), K_ERR_NONE);
    (void)sw_tick_align();
    KT_ASSERT_EQ(tos_stopwatch_countdown(&sw, 100), K_ERR_NONE);
    KT_ASSERT_EQ(tos_stopwatch_remain(&sw), 100u);
    KT_ASSERT_EQ(tos_stopwatch_remain_ms(&sw), tos_tick2millisec(100));
    KT_ASSERT_EQ(tos_stopwatch_is_expired(&sw), K_FALSE);
    KT_ASSERT_EQ(tos_task_delay(40), K_ERR_NONE);
    KT_ASSERT_EQ(tos_stopwatch_remain(&sw), 60u);
    KT_ASSERT_EQ(tos_stopwatch_remain_ms(&sw), tos_tick2millisec(60));
    KT_ASSERT_EQ(tos_stopwatch_is_expired(&sw), K_FALSE);
    KT_ASSERT_EQ(tos_task_delay(59), K_ERR_NONE);
    KT_ASSERT_EQ(tos_stopwatch_remain(&sw), 1u);
    KT_ASSERT_EQ(tos_stopwatch_is_expired(&sw), K_FALSE);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT_EQ(tos_stopwatch_remain(&sw), 0u);
    KT_ASSERT_EQ(tos_stopwatch_remain_ms(&sw), 0u);
    KT_ASSERT_EQ(tos_stopwatch_is_expired(&sw), K_TRUE);
    /* and stays at 0 */
    KT_ASSERT_EQ(tos_task_delay(10), K_ERR_NONE);
    KT_ASSERT_EQ(tos_stopwatch_remain(&sw), 0u);
    KT_ASSERT_EQ(tos_stopwatch_is_expired(&sw), K_TRUE);
}

KTEST(stopwatch, countdown_in_milliseconds)
{
    KT_ASSERT_EQ(tos_stopwatch_create(&sw), K_ERR_NONE);
    (void)sw_tick_align();
    KT_ASSERT_EQ(tos_stopwatch_countdown_ms(&sw, 250), K_ERR_NONE);
    KT_ASSERT_EQ(tos_stopwatch_remain(&sw), tos_millisec2tick(250));
    KT_ASSERT_EQ(tos_stopwatch_remain_ms(&sw), tos_tick2millisec(tos_millisec2tick(250)));
#if TOS_CFG_CPU_TICK_PER_SECOND == 1000u
    KT_ASSERT_EQ(tos_stopwatch_remain_ms(&sw), 250u);     /* milliseconds, not seconds */
#endif
    KT_ASSERT_EQ(tos_sleep_ms(100), K_ERR_NONE);
    KT_ASSERT_EQ(tos_stopwatch_remain(&sw), tos_millisec2tick(250) - tos_millisec2tick(100));
    KT_ASSERT_EQ(tos_sleep_ms(150), K_ERR_NONE);
    KT_ASSERT_EQ(tos_stopwatch_is_expired(&sw), K_TRUE);
    KT_ASSERT_EQ(tos_stopwatch_countdown_ms(&sw, 0), K_ERR_NONE);
    KT_ASSERT_EQ(tos_stopwatch_is_expired(&sw), K_TRUE);
}

KTEST(stopwatch, countdown_restarts_and_zero_expires_at_once)
{
    KT_ASSERT_EQ(tos_stopwatch_create(&sw), K_ERR_NONE);
    (void)sw_tick_align();
    KT_ASSERT_EQ(tos_stopwatch_countdown(&sw, 50), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_delay(20), K_ERR_NONE);
    KT_ASSERT_EQ(tos_stopwatch_remain(&sw), 30u);
    KT_ASSERT_EQ(tos_stopwatch_countdown(&sw, 50), K_ERR_NONE);
    KT_ASSERT_EQ(tos_stopwatch_remain(&sw), 50u);
    KT_ASSERT_EQ(tos_stopwatch_countdown(&sw, 0), K_ERR_NONE);
    KT_ASSERT_EQ(tos_stopwatch_remain(&sw), 0u);
    KT_ASSERT_EQ(tos_stopwatch_is_expired(&sw), K_TRUE);
}

KTEST(stopwatch, longest_countdown_is_clamped_to_half_the_tick_range)
{
    const k_tick_t half = (k_tick_t)((k_tick_t)-1 >> 1);

    KT_ASSERT_EQ(tos_stopwatch_create(&sw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_stopwatch_countdown(&sw, TOS_TIME_FOREVER), K_ERR_NONE);
    KT_ASSERT(tos_stopwatch_remain(&sw) == half);
    KT_ASSERT_EQ(tos_stopwatch_is_expired(&sw), K_FALSE);
    if (sizeof(k_tick_t) > sizeof(k_time_t)) {
        KT_ASSERT_EQ(tos_stopwatch_remain_ms(&sw), 0xFFFFFFFEu);   /* capped below the error value */
    } else {
        KT_ASSERT_EQ(tos_stopwatch_remain_ms(&sw), tos_tick2millisec(half));
    }
    KT_ASSERT_EQ(tos_task_delay(3), K_ERR_NONE);
    KT_ASSERT(tos_stopwatch_remain(&sw) == half - 3u);
    KT_ASSERT_EQ(tos_stopwatch_countdown(&sw, half), K_ERR_NONE);
    KT_ASSERT(tos_stopwatch_remain(&sw) == half);
    KT_ASSERT_EQ(tos_stopwatch_is_expired(&sw), K_FALSE);
}

KTEST(stopwatch, follows_the_system_tick_across_set_and_wrap)
{
    KT_ASSERT_EQ(tos_stopwatch_create(&sw), K_ERR_NONE);
    (void)sw_tick_align();
    KT_ASSERT_EQ(tos_stopwatch_countdown(&sw, 100), K_ERR_NONE);
    tos_systick_set(tos_systick_get() + 30u);
    KT_ASSERT_EQ(tos_stopwatch_remain(&sw), 70u);

    /* a countdown across the wrap of the tick count */
    tos_systick_set((k_tick_t)-10);
    KT_ASSERT_EQ(tos_stopwatch_countdown(&sw, 20), K_ERR_NONE);
    KT_ASSERT_EQ(tos_stopwatch_remain(&sw), 20u);
    KT_ASSERT_EQ(tos_stopwatch_is_expired(&sw), K_FALSE);
    KT_ASSERT_EQ(tos_task_delay(15), K_ERR_NONE);
    KT_ASSERT_EQ(tos_systick_get(), 5u);
    KT_ASSERT_EQ(tos_stopwatch_remain(&sw), 5u);
    KT_ASSERT_EQ(tos_stopwatch_is_expired(&sw), K_FALSE);
    KT_ASSERT_EQ(tos_task_delay(5), K_ERR_NONE);
    KT_ASSERT_EQ(tos_stopwatch_remain(&sw), 0u);
    KT_ASSERT_EQ(tos_stopwatch_is_expired(&sw), K_TRUE);

    /* a busy delay across the wrap */
    tos_systick_set((k_tick_t)-3);
    tos_stopwatch_delay(7);
    KT_ASSERT_EQ(tos_systick_get(), 4u);
}

/* ---------------------------------------------------------------------------------------- */
/* busy-wait delays                                                                          */

KTEST(stopwatch, delay_busy_waits_exactly_n_ticks)
{
    k_tick_t t0;

    sw_bg_runs = 0;
    ktest_task_create(&sw_bg_task, "bg", sw_bg_entry, K_NULL, KTEST_MAIN_PRIO + 1, sw_bg_stack);
    t0 = sw_tick_align();
    KT_ASSERT_GT(sw_bg_runs, 0u);                   /* it runs whenever we block */
    sw_bg_runs = 0;
    tos_stopwatch_delay(25);
    KT_ASSERT_EQ(tos_systick_get() - t0, 25u);
    KT_ASSERT_EQ(sw_bg_runs, 0u);                   /* we never gave the CPU away */
    tos_stopwatch_delay(0);
    KT_ASSERT_EQ(tos_systick_get() - t0, 25u);
    tos_stopwatch_delay_ms(30);
    KT_ASSERT_EQ(tos_systick_get() - t0, 25u + tos_millisec2tick(30));
    tos_stopwatch_delay_ms(0);
    KT_ASSERT_EQ(tos_systick_get() - t0, 25u + tos_millisec2tick(30));
    KT_ASSERT_EQ(sw_bg_runs, 0u);
    KT_ASSERT_EQ(tos_task_delay(1), K_ERR_NONE);
    KT_ASSERT_GT(sw_bg_runs, 0u);
}

KTEST(stopwatch, delay_is_preempted_by_more_urgent_tasks)
{
    k_tick_t t0;

    sw_hi_woke = 0;
    sw_hi_delay = 5;
    t0 = sw_tick_align();
    ktest_task_create(&sw_hi_task, "hi", sw_hi_entry, K_NULL, KTEST_MAIN_PRIO - 1, sw_hi_stack);
    tos_stopwatch_delay(20);
    KT_ASSERT_EQ(tos_systick_get() - t0, 20u);
    KT_ASSERT_EQ(sw_hi_woke, t0 + 5);
}

/* ---------------------------------------------------------------------------------------- */
/* arguments                                                                                 */

KTEST(stopwatch, null_pointers)
{
    KT_ASSERT_EQ(tos_stopwatch_create(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_stopwatch_destroy(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_stopwatch_countdown(K_NULL, 10), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_stopwatch_countdown_ms(K_NULL, 10), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT(tos_stopwatch_remain(K_NULL) == TOS_TIME_FOREVER);
    KT_ASSERT_EQ(tos_stopwatch_remain_ms(K_NULL), (k_time_t)-1);
    KT_ASSERT_EQ(tos_stopwatch_is_expired(K_NULL), K_FALSE);
}

KTEST(stopwatch, destroyed_uninitialised_or_wrong_type_is_invalid)
{
    k_stopwatch_t junk;
    k_sem_t sem;

    KT_ASSERT_EQ(tos_stopwatch_create(&sw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_stopwatch_destroy(&sw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_stopwatch_destroy(&sw), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_stopwatch_countdown(&sw, 10), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_stopwatch_countdown_ms(&sw, 10), K_ERR_OBJ_INVALID);
    KT_ASSERT(tos_stopwatch_remain(&sw) == TOS_TIME_FOREVER);
    KT_ASSERT_EQ(tos_stopwatch_remain_ms(&sw), (k_time_t)-1);
    KT_ASSERT_EQ(tos_stopwatch_is_expired(&sw), K_FALSE);

    memset(&junk, 0, sizeof junk);
    KT_ASSERT_EQ(tos_stopwatch_countdown(&junk, 10), K_ERR_OBJ_INVALID);
    KT_ASSERT(junk.until == 0u);
    KT_ASSERT_EQ(tos_stopwatch_is_expired(&junk), K_FALSE);

    KT_ASSERT_EQ(tos_sem_create(&sem, 0), K_ERR_NONE);
    KT_ASSERT_EQ(tos_stopwatch_countdown((k_stopwatch_t *)(void *)&sem, 10), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_stopwatch_destroy((k_stopwatch_t *)(void *)&sem), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_sem_post(&sem), K_ERR_NONE);

    KT_ASSERT_EQ(tos_stopwatch_create(&sw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_stopwatch_countdown(&sw, 10), K_ERR_NONE);
    KT_ASSERT_EQ(tos_stopwatch_remain(&sw), 10u);
}

KTEST_PRESTART(stopwatch, usable_before_kernel_start)
{
    KT_ASSERT_EQ(tos_stopwatch_create(&sw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_stopwatch_is_expired(&sw), K_TRUE);
    KT_ASSERT_EQ(tos_stopwatch_countdown(&sw, 42), K_ERR_NONE);
    KT_ASSERT_EQ(tos_stopwatch_remain(&sw), 42u);       /* no time passes before the start */
    KT_ASSERT_EQ(tos_stopwatch_is_expired(&sw), K_FALSE);
    tos_stopwatch_delay(0);
    KT_ASSERT_EQ(tos_stopwatch_destroy(&sw), K_ERR_NONE);
}

/* ---------------------------------------------------------------------------------------- */
/* ISR                                                                                       */

static volatile k_err_t sw_isr_err[4];
static volatile k_tick_t sw_isr_remain;
static volatile int sw_isr_expired;
static k_stopwatch_t sw_isr_local;

static void sw_isr_calls(void)
{
    tos_knl_irq_enter();
    sw_isr_err[0] = tos_stopwatch_create(&sw_isr_local);
    sw_isr_err[1] = tos_stopwatch_countdown(&sw_isr_local, 7);
    sw_isr_remain = tos_stopwatch_remain(&sw_isr_local);
    sw_isr_err[2] = tos_stopwatch_countdown_ms(&sw, 0);
    sw_isr_expired = tos_stopwatch_is_expired(&sw);
    sw_isr_err[3] = tos_stopwatch_destroy(&sw);
    tos_knl_irq_leave();
}

KTEST(stopwatch, usable_from_an_isr)
{
    for (unsigned i = 0; i < TOS_COUNT_OF(sw_isr_err); i++) {
        sw_isr_err[i] = (k_err_t)-1;
    }
    sw_isr_remain = 0;
    sw_isr_expired = -1;
    KT_ASSERT_EQ(tos_stopwatch_create(&sw), K_ERR_NONE);
    KT_ASSERT_EQ(tos_stopwatch_countdown(&sw, 100), K_ERR_NONE);
    ktest_irq_connect(0, sw_isr_calls, 0x40);
    ktest_irq_raise(0);
    for (unsigned i = 0; i < TOS_COUNT_OF(sw_isr_err); i++) {
        KT_ASSERT_EQ(sw_isr_err[i], K_ERR_NONE);
    }
    KT_ASSERT_EQ(sw_isr_remain, 7u);
    KT_ASSERT_EQ(sw_isr_expired, K_TRUE);
    KT_ASSERT_EQ(tos_stopwatch_countdown(&sw, 1), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_stopwatch_remain(&sw_isr_local), 7u);
}
