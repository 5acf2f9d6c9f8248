/*
 * CMSIS-RTOS2 generic waits: osDelay, osDelayUntil.
 */
#include "os2_test.h"

static volatile int status;
static volatile uint32_t woke;

static void delay_thread(void *arg)
{
    status = osDelay((uint32_t)(uintptr_t)arg);
    woke = os2_now();
}

static volatile int isr_status[2];

static void delay_in_isr(void *arg)
{
    (void)arg;
    isr_status[0] = osDelay(1u);
    isr_status[1] = osDelayUntil(os2_now() + 5u);
}

KTEST(delay, delay_sleeps_exactly)
{
    osThreadAttr_t a = os2_attr("d", OS2_ABOVE_MAIN, 0);
    uint32_t t0 = os2_now();

    status = 99;
    KT_ASSERT(osThreadNew(delay_thread, (void *)(uintptr_t)17u, &a) != K_NULL);
    os2_sleep(16u);
    KT_ASSERT_EQ(status, 99);
    os2_sleep(1u);
    KT_ASSERT_EQ(status, osOK);
    KT_ASSERT_EQ(woke, t0 + 17u);

    t0 = os2_now();
    KT_ASSERT_EQ(osDelay(3u), osOK);                /* also from a plain Sprig task */
    KT_ASSERT_EQ(os2_now(), t0 + 3u);
}

KTEST(delay, errors)
{
    uint32_t t0 = os2_now();

    KT_ASSERT_EQ(osDelay(0u), osErrorParameter);
    os2_in_isr(delay_in_isr, K_NULL);
    KT_ASSERT_EQ(isr_status[0], osErrorISR);
    KT_ASSERT_EQ(isr_status[1], osErrorISR);
    KT_ASSERT_EQ(os2_now(), t0);
}

KTEST(delay, forever_until_resumed)
{
    osThreadAttr_t a = os2_attr("d", OS2_ABOVE_MAIN, 0);
    osThreadId_t id;
    uint32_t t0 = os2_now();

    status = 99;
    id = osThreadNew(delay_thread, (void *)(uintptr_t)osWaitForever, &a);
    os2_sleep(100000u);
    KT_ASSERT_EQ(status, 99);
    KT_ASSERT_EQ(osThreadGetState(id), osThreadBlocked);
    KT_ASSERT_EQ(osThreadResume(id), osOK);
    KT_ASSERT_EQ(status, osOK);
    KT_ASSERT_EQ(woke, t0 + 100000u);
}

/* a periodic loop with work in between: every wake-up exactly on its tick */
static volatile uint32_t until_ticks[6];
static volatile int until_status[6];
static volatile unsigned until_n;

static void periodic_thread(void *arg)
{
    uint32_t t = os2_now();

    (void)arg;
    for (until_n = 0u; until_n < 6u; until_n++) {
        ktest_spin_until((k_tick_t)os2_now() + 1u + until_n % 3u);  /* "work": 1..3 ticks */
        t += 7u;
        until_status[until_n] = osDelayUntil(t);
        until_ticks[until_n] = os2_now();
    }
}

KTEST(delay, until_does_not_drift)
{
    osThreadAttr_t a = os2_attr("p", OS2_ABOVE_MAIN, 1);
    osThreadId_t id;
    uint32_t t0 = os2_now();
    unsigned i;

    id = osThreadNew(periodic_thread, K_NULL, &a);
    KT_ASSERT_EQ(osThreadJoin(id), osOK);
    for (i = 0; i < 6u; i++) {
        KT_ASSERT_EQ(until_status[i], osOK);
        KT_ASSERT_EQ(until_ticks[i], t0 + 7u * (i + 1u));
    }
}

static volatile int far_status;

static void far_thread(void *arg)
{
    (void)arg;
    far_status = osDelayUntil(os2_now() + 0x7FFFFFFFu);
}

KTEST(delay, until_limits)
{
    osThreadAttr_t a = os2_attr("f", OS2_ABOVE_MAIN, 0);
    osThreadId_t id;
    uint32_t now;

    os2_sleep(10u);
    now = os2_now();
    KT_ASSERT_EQ(osDelayUntil(now), osErrorParameter);              /* now */
    KT_ASSERT_EQ(osDelayUntil(now - 1u), osErrorParameter);         /* past */
    KT_ASSERT_EQ(osDelayUntil(now + 0x80000000u), osErrorParameter); /* too far */
    KT_ASSERT_EQ(os2_now(), now);
    /* the farthest one accepted blocks */
    far_status = 99;
    id = osThreadNew(far_thread, K_NULL, &a);
    os2_sleep(1000u);
    KT_ASSERT_EQ(far_status, 99);
    KT_ASSERT_EQ(osThreadGetState(id), osThreadBlocked);
    KT_ASSERT_EQ(osThreadTerminate(id), osOK);
    /* the next tick */
    now = os2_now();
    KT_ASSERT_EQ(osDelayUntil(now + 1u), osOK);
    KT_ASSERT_EQ(os2_now(), now + 1u);
}

KTEST(delay, until_across_the_wrap)
{
    uint32_t now;

    tos_systick_set((k_tick_t)0xFFFFFFF0u);
    now = os2_now();
    KT_ASSERT_EQ(now, 0xFFFFFFF0u);
    KT_ASSERT_EQ(osDelayUntil(5u), osOK);           /* 0x15 ticks ahead */
    KT_ASSERT_EQ(os2_now(), 5u);
}

KTEST(delay, locked_kernel_returns_at_once)
{
    uint32_t t0;

    os2_boot();
    KT_ASSERT_EQ(osKernelLock(), 0);
    t0 = os2_now();
    KT_ASSERT_EQ(osDelay(10u), osOK);
    KT_ASSERT_EQ(osDelayUntil(t0 + 10u), osOK);
    KT_ASSERT_EQ(os2_now(), t0);
    KT_ASSERT_EQ(osKernelUnlock(), 1);
}
