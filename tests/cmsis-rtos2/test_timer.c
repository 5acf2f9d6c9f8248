/*
 * CMSIS-RTOS2 timers: osTimerNew, osTimerGetName, osTimerStart, osTimerStop, osTimerIsRunning,
 * osTimerDelete.
 */
#include "os2_test.h"

#define FIRES_MAX   8u

static volatile unsigned fires;
static volatile uint32_t fire_tick[FIRES_MAX];
static volatile void *fire_arg;

static void count_cb(void *arg)
{
    if (fires < FIRES_MAX) {
        fire_tick[fires] = os2_now();
    }
    fires++;
    fire_arg = arg;
}

static void reset_fires(void)
{
    fires = 0u;
    memset((void *)fire_tick, 0, sizeof fire_tick);
    fire_arg = K_NULL;
}

KTEST(timer, one_shot)
{
    osTimerAttr_t attr = { .name = "once" };
    osTimerId_t tm;
    int arg;
    uint32_t t0;

    reset_fires();
    tm = osTimerNew(count_cb, osTimerOnce, &arg, &attr);
    KT_ASSERT(tm != K_NULL);
    KT_ASSERT_STR_EQ(osTimerGetName(tm), "once");
    KT_ASSERT_EQ(osTimerIsRunning(tm), 0u);
    t0 = os2_now();
    KT_ASSERT_EQ(osTimerStart(tm, 20u), osOK);
    KT_ASSERT_EQ(osTimerIsRunning(tm), 1u);
    os2_sleep(19u);
    KT_ASSERT_EQ(fires, 0u);
    os2_sleep(81u);
    KT_ASSERT_EQ(fires, 1u);
    KT_ASSERT_EQ(fire_tick[0], t0 + 20u);
    KT_ASSERT_PTR_EQ(fire_arg, &arg);
    KT_ASSERT_EQ(osTimerIsRunning(tm), 0u);
    KT_ASSERT_EQ(osTimerStop(tm), osErrorResource);     /* not running */
    /* it can be started again */
    t0 = os2_now();
    KT_ASSERT_EQ(osTimerStart(tm, 5u), osOK);
    os2_sleep(10u);
    KT_ASSERT_EQ(fires, 2u);
    KT_ASSERT_EQ(fire_tick[1], t0 + 5u);
    KT_ASSERT_EQ(osTimerDelete(tm), osOK);
}

KTEST(timer, periodic)
{
    osTimerId_t tm;
    uint32_t t0;

    reset_fires();
    tm = osTimerNew(count_cb, osTimerPeriodic, K_NULL, K_NULL);
    KT_ASSERT(tm != K_NULL);
    KT_ASSERT(osTimerGetName(tm) == K_NULL);
    t0 = os2_now();
    KT_ASSERT_EQ(osTimerStart(tm, 10u), osOK);
    os2_sleep(35u);
    KT_ASSERT_EQ(fires, 3u);
    KT_ASSERT_EQ(fire_tick[0], t0 + 10u);
    KT_ASSERT_EQ(fire_tick[1], t0 + 20u);
    KT_ASSERT_EQ(fire_tick[2], t0 + 30u);
    KT_ASSERT_EQ(osTimerIsRunning(tm), 1u);
    KT_ASSERT_EQ(osTimerStop(tm), osOK);
    KT_ASSERT_EQ(osTimerIsRunning(tm), 0u);
    KT_ASSERT_EQ(osTimerStop(tm), osErrorResource);
    os2_sleep(50u);
    KT_ASSERT_EQ(fires, 3u);
    KT_ASSERT_EQ(osTimerDelete(tm), osOK);
}

KTEST(timer, restart_and_new_period)
{
    osTimerId_t once, per;
    uint32_t t0;

    reset_fires();
    once = osTimerNew(count_cb, osTimerOnce, K_NULL, K_NULL);
    t0 = os2_now();
    KT_ASSERT_EQ(osTimerStart(once, 50u), osOK);
    os2_sleep(30u);
    KT_ASSERT_EQ(osTimerStart(once, 50u), osOK);        /* restarts from now */
    os2_sleep(49u);
    KT_ASSERT_EQ(fires, 0u);
    os2_sleep(1u);
    KT_ASSERT_EQ(fires, 1u);
    KT_ASSERT_EQ(fire_tick[0], t0 + 80u);

    reset_fires();
    per = osTimerNew(count_cb, osTimerPeriodic, K_NULL, K_NULL);
    t0 = os2_now();
    KT_ASSERT_EQ(osTimerStart(per, 10u), osOK);
    os2_sleep(15u);
    KT_ASSERT_EQ(osTimerStart(per, 25u), osOK);         /* running: new period from now */
    os2_sleep(60u);
    KT_ASSERT_EQ(fires, 3u);
    KT_ASSERT_EQ(fire_tick[0], t0 + 10u);
    KT_ASSERT_EQ(fire_tick[1], t0 + 40u);
    KT_ASSERT_EQ(fire_tick[2], t0 + 65u);
    KT_ASSERT_EQ(osTimerDelete(per), osOK);
    KT_ASSERT_EQ(osTimerDelete(once), osOK);
}

static osTimerId_t self_deleting;

static void delete_self_cb(void *arg)
{
    (void)arg;
    fires++;
    KT_ASSERT_EQ(osTimerDelete(self_deleting), osOK);
}

KTEST(timer, delete)
{
    osTimerId_t tm;

    reset_fires();
    tm = osTimerNew(count_cb, osTimerPeriodic, K_NULL, K_NULL);
    KT_ASSERT_EQ(osTimerStart(tm, 5u), osOK);
    os2_sleep(7u);
    KT_ASSERT_EQ(fires, 1u);
    KT_ASSERT_EQ(osTimerDelete(tm), osOK);              /* running */
    os2_sleep(20u);
    KT_ASSERT_EQ(fires, 1u);
    KT_ASSERT_EQ(osTimerStart(tm, 5u), osErrorParameter);
    KT_ASSERT_EQ(osTimerStop(tm), osErrorParameter);
    KT_ASSERT_EQ(osTimerIsRunning(tm), 0u);
    KT_ASSERT(osTimerGetName(tm) == K_NULL);
    KT_ASSERT_EQ(osTimerDelete(tm), osErrorParameter);

    /* a callback deleting its own (periodic) timer */
    reset_fires();
    self_deleting = osTimerNew(delete_self_cb, osTimerPeriodic, K_NULL, K_NULL);
    KT_ASSERT_EQ(osTimerStart(self_deleting, 3u), osOK);
    os2_sleep(20u);
    KT_ASSERT_EQ(fires, 1u);
    KT_ASSERT_EQ(osTimerIsRunning(self_deleting), 0u);
}

static osTimerId_t isr_timer;
static volatile int isr_status[3];
static volatile uint32_t isr_running;
static volatile osTimerId_t isr_new;
static volatile const char *isr_name;

static void timer_in_isr(void *arg)
{
    (void)arg;
    isr_new = osTimerNew(count_cb, osTimerOnce, K_NULL, K_NULL);
    isr_status[0] = osTimerStart(isr_timer, 5u);
    isr_status[1] = osTimerStop(isr_timer);
    isr_status[2] = osTimerDelete(isr_timer);
    isr_running = osTimerIsRunning(isr_timer);
    isr_name = osTimerGetName(isr_timer);
}

KTEST(timer, isr_rules)
{
    osTimerAttr_t attr = { .name = "t" };

    reset_fires();
    isr_timer = osTimerNew(count_cb, osTimerPeriodic, K_NULL, &attr);
    KT_ASSERT_EQ(osTimerStart(isr_timer, 10u), osOK);
    isr_new = (osTimerId_t)1;
    os2_in_isr(timer_in_isr, K_NULL);
    KT_ASSERT(isr_new == K_NULL);
    KT_ASSERT_EQ(isr_status[0], osErrorISR);
    KT_ASSERT_EQ(isr_status[1], osErrorISR);
    KT_ASSERT_EQ(isr_status[2], osErrorISR);
    KT_ASSERT_EQ(isr_running, 0u);
    KT_ASSERT_STR_EQ((const char *)isr_name, "t");
    KT_ASSERT_EQ(osTimerIsRunning(isr_timer), 1u);      /* the ISR changed nothing */
    KT_ASSERT_EQ(osTimerDelete(isr_timer), osOK);
}

KTEST(timer, errors)
{
    osTimerAttr_t attr;
    static osSprigTimer_t cb;
    osTimerId_t tm;

    KT_ASSERT(osTimerNew(K_NULL, osTimerOnce, K_NULL, K_NULL) == K_NULL);
    KT_ASSERT(osTimerNew(count_cb, (osTimerType_t)2, K_NULL, K_NULL) == K_NULL);
    memset(&attr, 0, sizeof attr);
    attr.cb_mem = &cb;
    attr.cb_size = sizeof cb - 1u;
    KT_ASSERT(osTimerNew(count_cb, osTimerOnce, K_NULL, &attr) == K_NULL);
    attr.cb_mem = K_NULL;
    attr.cb_size = sizeof cb;
    KT_ASSERT(osTimerNew(count_cb, osTimerOnce, K_NULL, &attr) == K_NULL);
    attr.cb_mem = &cb;
    tm = osTimerNew(count_cb, osTimerOnce, K_NULL, &attr);
    KT_ASSERT_PTR_EQ(tm, &cb);
    KT_ASSERT(osTimerNew(count_cb, osTimerOnce, K_NULL, &attr) == K_NULL);  /* in use */
    KT_ASSERT_EQ(osTimerStart(tm, 0u), osErrorParameter);
    KT_ASSERT_EQ(osTimerIsRunning(tm), 0u);
    KT_ASSERT_EQ(osTimerStart(K_NULL, 5u), osErrorParameter);
    KT_ASSERT_EQ(osTimerStart(os2_bogus, 5u), osErrorParameter);
    KT_ASSERT_EQ(osTimerStop(K_NULL), osErrorParameter);
    KT_ASSERT_EQ(osTimerIsRunning(K_NULL), 0u);
    KT_ASSERT(osTimerGetName(K_NULL) == K_NULL);
    KT_ASSERT_EQ(osTimerDelete(K_NULL), osErrorParameter);
    KT_ASSERT_EQ(osTimerDelete(tm), osOK);

    ktest_heap_exhaust();
    KT_ASSERT(osTimerNew(count_cb, osTimerOnce, K_NULL, K_NULL) == K_NULL);
    ktest_heap_restore();
    tm = osTimerNew(count_cb, osTimerOnce, K_NULL, K_NULL);
    KT_ASSERT(tm != K_NULL);
    KT_ASSERT_EQ(osTimerDelete(tm), osOK);
}
