/*
 * CMSIS-RTOS2 thread flags: osThreadFlagsSet, osThreadFlagsClear, osThreadFlagsGet,
 * osThreadFlagsWait.
 */
#include "os2_test.h"

static volatile uint32_t got, got_after, got_tick;
static volatile int step;

/* waits with the flags/options/timeout given in `wait_*`, records result and flags after */
static uint32_t wait_flags, wait_options, wait_timeout;

static void waiter_thread(void *arg)
{
    (void)arg;
    step = 1;
    got = osThreadFlagsWait(wait_flags, wait_options, wait_timeout);
    got_after = osThreadFlagsGet();
    got_tick = os2_now();
    step = 2;
}

static osThreadId_t start_waiter(uint32_t flags, uint32_t options, uint32_t timeout,
                                 osPriority_t prio)
{
    osThreadAttr_t a = os2_attr("waiter", prio, 1);
    osThreadId_t id;

    wait_flags = flags;
    wait_options = options;
    wait_timeout = timeout;
    step = 0;
    got = 0xDEADu;
    id = osThreadNew(waiter_thread, K_NULL, &a);
    KT_ASSERT(id != K_NULL);
    return id;
}

static volatile uint32_t seq[8];

static void set_get_clear_thread(void *arg)
{
    (void)arg;
    seq[0] = osThreadFlagsGet();
    seq[1] = osThreadFlagsClear(0x1u);
    seq[2] = osThreadFlagsGet();
    seq[3] = osThreadFlagsClear(0x80000000u);
    seq[4] = osThreadFlagsClear(0u);
}

KTEST(thread_flags, set_get_clear)
{
    osThreadAttr_t a = os2_attr("t", OS2_BELOW_MAIN, 1);
    osThreadId_t id = osThreadNew(set_get_clear_thread, K_NULL, &a);

    KT_ASSERT_EQ(osThreadFlagsSet(id, 0x1u), 0x1u);
    KT_ASSERT_EQ(osThreadFlagsSet(id, 0x4u), 0x5u);
    KT_ASSERT_EQ(osThreadFlagsSet(id, 0u), 0x5u);
    os2_sleep(1u);
    KT_ASSERT_EQ(seq[0], 0x5u);
    KT_ASSERT_EQ(seq[1], 0x5u);                     /* flags before clearing */
    KT_ASSERT_EQ(seq[2], 0x4u);
    KT_ASSERT_EQ(seq[3], osFlagsErrorParameter);
    KT_ASSERT_EQ(seq[4], 0x4u);
    KT_ASSERT_EQ(osThreadJoin(id), osOK);
}

KTEST(thread_flags, wait_returns_at_once_when_set)
{
    osThreadId_t id = start_waiter(0x2u | 0x8u, osFlagsWaitAny, 0u, OS2_BELOW_MAIN);

    KT_ASSERT_EQ(osThreadFlagsSet(id, 0x6u), 0x6u);
    os2_sleep(1u);
    KT_ASSERT_EQ(step, 2);
    KT_ASSERT_EQ(got, 0x6u);                        /* all flags, before clearing */
    KT_ASSERT_EQ(got_after, 0x4u);                  /* only the awaited ones cleared */
    KT_ASSERT_EQ(osThreadJoin(id), osOK);
}

KTEST(thread_flags, wait_any_blocks_until_one_is_set)
{
    uint32_t t0 = os2_now();
    osThreadId_t id = start_waiter(0x3u, osFlagsWaitAny, osWaitForever, OS2_ABOVE_MAIN);

    KT_ASSERT_EQ(step, 1);
    KT_ASSERT_EQ(osThreadGetState(id), osThreadBlocked);
    os2_sleep(4u);
    KT_ASSERT_EQ(osThreadFlagsSet(id, 0x4u), 0x4u);     /* not awaited */
    KT_ASSERT_EQ(step, 1);
    /* the waiter wakes inside the set and clears what it waited for */
    KT_ASSERT_EQ(osThreadFlagsSet(id, 0x2u), 0x4u);
    KT_ASSERT_EQ(step, 2);
    KT_ASSERT_EQ(got, 0x6u);
    KT_ASSERT_EQ(got_after, 0x4u);
    KT_ASSERT_EQ(got_tick, t0 + 4u);
    KT_ASSERT_EQ(osThreadJoin(id), osOK);
}

KTEST(thread_flags, wait_all)
{
    osThreadId_t id = start_waiter(0x3u, osFlagsWaitAll, osWaitForever, OS2_ABOVE_MAIN);

    KT_ASSERT_EQ(osThreadFlagsSet(id, 0x1u), 0x1u);
    KT_ASSERT_EQ(step, 1);                          /* one of two: still waiting */
    KT_ASSERT_EQ(osThreadFlagsSet(id, 0x2u | 0x10u), 0x10u);
    KT_ASSERT_EQ(step, 2);
    KT_ASSERT_EQ(got, 0x13u);
    KT_ASSERT_EQ(got_after, 0x10u);
    KT_ASSERT_EQ(osThreadJoin(id), osOK);
}

KTEST(thread_flags, wait_no_clear)
{
    osThreadId_t id = start_waiter(0x1u, osFlagsWaitAny | osFlagsNoClear, osWaitForever,
                                   OS2_ABOVE_MAIN);

    KT_ASSERT_EQ(osThreadFlagsSet(id, 0x1u), 0x1u);
    KT_ASSERT_EQ(step, 2);
    KT_ASSERT_EQ(got, 0x1u);
    KT_ASSERT_EQ(got_after, 0x1u);
    KT_ASSERT_EQ(osThreadJoin(id), osOK);

    id = start_waiter(0x3u, osFlagsWaitAll | osFlagsNoClear, 0u, OS2_BELOW_MAIN);
    KT_ASSERT_EQ(osThreadFlagsSet(id, 0x7u), 0x7u);
    os2_sleep(1u);
    KT_ASSERT_EQ(got, 0x7u);
    KT_ASSERT_EQ(got_after, 0x7u);
    KT_ASSERT_EQ(osThreadJoin(id), osOK);
}

KTEST(thread_flags, wait_timeout)
{
    uint32_t t0 = os2_now();
    osThreadId_t id = start_waiter(0x1u, osFlagsWaitAny, 25u, OS2_ABOVE_MAIN);

    KT_ASSERT_EQ(step, 1);
    os2_sleep(24u);
    KT_ASSERT_EQ(step, 1);
    os2_sleep(1u);
    KT_ASSERT_EQ(step, 2);
    KT_ASSERT_EQ(got, osFlagsErrorTimeout);
    KT_ASSERT_EQ(got_tick, t0 + 25u);
    KT_ASSERT_EQ(osThreadJoin(id), osOK);

    /* timeout 0 and not set */
    id = start_waiter(0x1u, osFlagsWaitAny, 0u, OS2_ABOVE_MAIN);
    KT_ASSERT_EQ(got, osFlagsErrorResource);
    KT_ASSERT_EQ(got_tick, t0 + 25u);
    KT_ASSERT_EQ(osThreadJoin(id), osOK);
    id = start_waiter(0x3u, osFlagsWaitAll, 0u, OS2_ABOVE_MAIN);
    KT_ASSERT_EQ(got, osFlagsErrorResource);
    KT_ASSERT_EQ(osThreadJoin(id), osOK);
}

static osThreadId_t isr_target;
static volatile uint32_t isr_set_result, isr_other[3];

static void set_in_isr(void *arg)
{
    (void)arg;
    isr_set_result = osThreadFlagsSet(isr_target, 0x1u);
    isr_other[0] = osThreadFlagsClear(0x1u);
    isr_other[1] = osThreadFlagsGet();
    isr_other[2] = osThreadFlagsWait(0x1u, osFlagsWaitAny, 0u);
}

KTEST(thread_flags, isr)
{
    uint32_t t0 = os2_now();

    isr_target = start_waiter(0x1u, osFlagsWaitAny, osWaitForever, OS2_ABOVE_MAIN);
    os2_sleep(3u);
    KT_ASSERT_EQ(step, 1);
    os2_in_isr(set_in_isr, K_NULL);
    /* the waiter ran when the ISR returned */
    KT_ASSERT_EQ(step, 2);
    KT_ASSERT_EQ(got, 0x1u);
    KT_ASSERT_EQ(got_tick, t0 + 3u);
    KT_ASSERT_EQ(isr_set_result, 0u);               /* after the waiter cleared it */
    KT_ASSERT_EQ(isr_other[0], osFlagsErrorISR);
    KT_ASSERT_EQ(isr_other[1], 0u);
    KT_ASSERT_EQ(isr_other[2], osFlagsErrorISR);
    KT_ASSERT_EQ(osThreadJoin(isr_target), osOK);
}

static volatile uint32_t locked_result;

static void locked_wait_thread(void *arg)
{
    (void)arg;
    KT_ASSERT_EQ(osKernelLock(), 0);
    locked_result = osThreadFlagsWait(0x1u, osFlagsWaitAny, 10u);
    KT_ASSERT_EQ(osKernelUnlock(), 1);
}

KTEST(thread_flags, errors)
{
    osThreadAttr_t a = os2_attr("t", OS2_ABOVE_MAIN, 1);
    osThreadId_t id;

    KT_ASSERT_EQ(osThreadFlagsSet(K_NULL, 0x1u), osFlagsErrorParameter);
    KT_ASSERT_EQ(osThreadFlagsSet(os2_bogus, 0x1u), osFlagsErrorParameter);
    KT_ASSERT_EQ(osThreadFlagsSet(k_curr_task, 0x1u), osFlagsErrorParameter);
    /* the case's task is no CMSIS thread */
    KT_ASSERT_EQ(osThreadFlagsWait(0x1u, osFlagsWaitAny, 0u), osFlagsErrorUnknown);
    KT_ASSERT_EQ(osThreadFlagsClear(0x1u), osFlagsErrorUnknown);
    KT_ASSERT_EQ(osThreadFlagsGet(), 0u);
    KT_ASSERT_EQ(osThreadFlagsWait(0x80000000u, osFlagsWaitAny, 0u), osFlagsErrorParameter);

    id = start_waiter(0x1u, osFlagsWaitAny, 0u, OS2_BELOW_MAIN);
    KT_ASSERT_EQ(osThreadFlagsSet(id, 0x80000000u), osFlagsErrorParameter);
    KT_ASSERT_EQ(osThreadFlagsSet(id, 0xFFFFFFFFu), osFlagsErrorParameter);
    KT_ASSERT_EQ(osThreadFlagsSet(id, 0x7FFFFFFFu), 0x7FFFFFFFu);   /* 31 usable flags */
    os2_sleep(1u);
    KT_ASSERT_EQ(got, 0x7FFFFFFFu);
    KT_ASSERT_EQ(osThreadGetState(id), osThreadTerminated);
    KT_ASSERT_EQ(osThreadFlagsSet(id, 0x1u), osFlagsErrorResource);
    KT_ASSERT_EQ(osThreadJoin(id), osOK);
    KT_ASSERT_EQ(osThreadFlagsSet(id, 0x1u), osFlagsErrorParameter);

    /* a locked kernel cannot block */
    os2_boot();
    id = osThreadNew(locked_wait_thread, K_NULL, &a);
    KT_ASSERT_EQ(locked_result, osFlagsErrorResource);
    KT_ASSERT_EQ(osThreadJoin(id), osOK);
}
