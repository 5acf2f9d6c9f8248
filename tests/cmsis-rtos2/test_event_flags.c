/*
 * CMSIS-RTOS2 event flags: osEventFlagsNew, osEventFlagsGetName, osEventFlagsSet,
 * osEventFlagsClear, osEventFlagsGet, osEventFlagsWait, osEventFlagsDelete.
 */
#include "os2_test.h"

#define NW  4u

static osEventFlagsId_t ef;
static struct {
    uint32_t flags, options, timeout;
    volatile uint32_t result, tick;
    volatile int done;
} wt[NW];
static volatile char order[NW + 1u];
static volatile unsigned norder;

static void waiter_thread(void *arg)
{
    unsigned i = (unsigned)(uintptr_t)arg;

    wt[i].result = osEventFlagsWait(ef, wt[i].flags, wt[i].options, wt[i].timeout);
    wt[i].tick = os2_now();
    wt[i].done = 1;
    if (norder < NW) {
        order[norder++] = (char)('0' + i);
    }
}

static osThreadId_t start_waiter(unsigned i, uint32_t flags, uint32_t options, uint32_t timeout,
                                 osPriority_t prio)
{
    osThreadAttr_t a = os2_attr("w", prio, 1);
    osThreadId_t id;

    wt[i].flags = flags;
    wt[i].options = options;
    wt[i].timeout = timeout;
    wt[i].result = 0xDEADu;
    wt[i].done = 0;
    id = osThreadNew(waiter_thread, (void *)(uintptr_t)i, &a);
    KT_ASSERT(id != K_NULL);
    return id;
}

static void reset_order(void)
{
    norder = 0u;
    memset((void *)order, 0, sizeof order);
}

KTEST(event_flags, set_clear_get_name)
{
    osEventFlagsAttr_t attr = { .name = "events" };

    ef = osEventFlagsNew(&attr);
    KT_ASSERT(ef != K_NULL);
    KT_ASSERT_STR_EQ(osEventFlagsGetName(ef), "events");
    KT_ASSERT_EQ(osEventFlagsGet(ef), 0u);
    KT_ASSERT_EQ(osEventFlagsSet(ef, 0x5u), 0x5u);
    KT_ASSERT_EQ(osEventFlagsSet(ef, 0x8u), 0xDu);
    KT_ASSERT_EQ(osEventFlagsClear(ef, 0x1u), 0xDu);    /* before clearing */
    KT_ASSERT_EQ(osEventFlagsGet(ef), 0xCu);
    KT_ASSERT_EQ(osEventFlagsClear(ef, 0u), 0xCu);
    KT_ASSERT_EQ(osEventFlagsSet(ef, 0x7FFFFFFFu), 0x7FFFFFFFu);
    KT_ASSERT_EQ(osEventFlagsDelete(ef), osOK);
    KT_ASSERT(osEventFlagsGetName(osEventFlagsNew(K_NULL)) == K_NULL);
}

KTEST(event_flags, wait_when_already_set)
{
    ef = osEventFlagsNew(K_NULL);
    osEventFlagsSet(ef, 0x6u);
    KT_ASSERT_EQ(osEventFlagsWait(ef, 0x2u | 0x8u, osFlagsWaitAny, 0u), 0x6u);
    KT_ASSERT_EQ(osEventFlagsGet(ef), 0x4u);            /* only the awaited ones cleared */
    osEventFlagsSet(ef, 0x3u);
    KT_ASSERT_EQ(osEventFlagsWait(ef, 0x3u, osFlagsWaitAll | osFlagsNoClear, 0u), 0x7u);
    KT_ASSERT_EQ(osEventFlagsGet(ef), 0x7u);
    KT_ASSERT_EQ(osEventFlagsWait(ef, 0xCu, osFlagsWaitAll, 0u), osFlagsErrorResource);
    KT_ASSERT_EQ(osEventFlagsWait(ef, 0x8u, osFlagsWaitAny, 0u), osFlagsErrorResource);
    KT_ASSERT_EQ(osEventFlagsGet(ef), 0x7u);
    KT_ASSERT_EQ(osEventFlagsWait(ef, 0x5u, osFlagsWaitAll, 0u), 0x7u);
    KT_ASSERT_EQ(osEventFlagsGet(ef), 0x2u);
}

KTEST(event_flags, waiters_served_by_priority_each_taking_its_flags)
{
    ef = osEventFlagsNew(K_NULL);
    reset_order();
    /* registered low, high, mid; all wait for 0x1 and clear it */
    start_waiter(0, 0x1u, osFlagsWaitAny, osWaitForever, osPriorityLow);
    start_waiter(1, 0x1u, osFlagsWaitAny, osWaitForever, osPriorityHigh);
    start_waiter(2, 0x1u, osFlagsWaitAny, osWaitForever, osPriorityNormal);
    os2_sleep(1u);
    KT_ASSERT_EQ(norder, 0u);
    KT_ASSERT_EQ(osEventFlagsSet(ef, 0x1u), 0u);        /* the first waiter took it */
    os2_sleep(1u);
    KT_ASSERT_STR_EQ((const char *)order, "1");
    KT_ASSERT_EQ(wt[1].result, 0x1u);
    KT_ASSERT_EQ(osEventFlagsSet(ef, 0x1u | 0x10u), 0x10u);
    os2_sleep(1u);
    KT_ASSERT_STR_EQ((const char *)order, "12");
    KT_ASSERT_EQ(wt[2].result, 0x11u);
    KT_ASSERT_EQ(osEventFlagsSet(ef, 0x1u), 0x10u);
    os2_sleep(1u);
    KT_ASSERT_STR_EQ((const char *)order, "120");
    KT_ASSERT_EQ(wt[0].result, 0x11u);
    KT_ASSERT_EQ(osEventFlagsGet(ef), 0x10u);
}

KTEST(event_flags, one_set_wakes_every_waiter_it_satisfies)
{
    ef = osEventFlagsNew(K_NULL);
    reset_order();
    start_waiter(0, 0x1u, osFlagsWaitAny | osFlagsNoClear, osWaitForever, osPriorityNormal);
    start_waiter(1, 0x3u, osFlagsWaitAll, osWaitForever, osPriorityHigh);
    start_waiter(2, 0x2u, osFlagsWaitAny, osWaitForever, osPriorityLow);
    start_waiter(3, 0x4u, osFlagsWaitAny, osWaitForever, osPriorityLow);
    os2_sleep(1u);
    /* 0x1: only the no-clear waiter */
    KT_ASSERT_EQ(osEventFlagsSet(ef, 0x1u), 0x1u);
    os2_sleep(1u);
    KT_ASSERT_STR_EQ((const char *)order, "0");
    KT_ASSERT_EQ(wt[0].result, 0x1u);
    /* 0x2: the all-waiter (more urgent) takes 0x1|0x2; nothing is left for waiter 2 */
    KT_ASSERT_EQ(osEventFlagsSet(ef, 0x2u), 0u);
    os2_sleep(1u);
    KT_ASSERT_STR_EQ((const char *)order, "01");
    KT_ASSERT_EQ(wt[1].result, 0x3u);
    KT_ASSERT_EQ(wt[2].done, 0);
    /* 0x6: both remaining waiters */
    KT_ASSERT_EQ(osEventFlagsSet(ef, 0x6u), 0u);
    os2_sleep(1u);
    KT_ASSERT_EQ(norder, 4u);
    KT_ASSERT_EQ(wt[2].result, 0x6u);
    KT_ASSERT_EQ(wt[3].result, 0x4u);                   /* after waiter 2 took 0x2 */
}

KTEST(event_flags, wait_timeout)
{
    uint32_t t0 = os2_now();

    ef = osEventFlagsNew(K_NULL);
    start_waiter(0, 0x1u, osFlagsWaitAny, 15u, OS2_ABOVE_MAIN);
    os2_sleep(14u);
    KT_ASSERT_EQ(wt[0].done, 0);
    os2_sleep(1u);
    KT_ASSERT_EQ(wt[0].done, 1);
    KT_ASSERT_EQ(wt[0].result, osFlagsErrorTimeout);
    KT_ASSERT_EQ(wt[0].tick, t0 + 15u);
    /* a set after the timeout is kept */
    KT_ASSERT_EQ(osEventFlagsSet(ef, 0x1u), 0x1u);
}

static volatile uint32_t isr_r[6];
static volatile osEventFlagsId_t isr_new;
static volatile int isr_del;
static volatile const char *isr_name;

static void event_in_isr(void *arg)
{
    (void)arg;
    isr_r[0] = osEventFlagsSet(ef, 0x3u);
    isr_r[1] = osEventFlagsClear(ef, 0x2u);
    isr_r[2] = osEventFlagsGet(ef);
    isr_r[3] = osEventFlagsWait(ef, 0x8u, osFlagsWaitAny, 0u);
    isr_r[4] = osEventFlagsWait(ef, 0x8u, osFlagsWaitAny, 5u);
    isr_r[5] = osEventFlagsWait(ef, 0x1u, osFlagsWaitAny, 0u);
    isr_new = osEventFlagsNew(K_NULL);
    isr_del = osEventFlagsDelete(ef);
    isr_name = osEventFlagsGetName(ef);
}

static void wake_in_isr(void *arg)
{
    (void)arg;
    isr_r[0] = osEventFlagsSet(ef, 0x10u);
}

KTEST(event_flags, isr)
{
    osEventFlagsAttr_t attr = { .name = "isr" };

    ef = osEventFlagsNew(&attr);
    isr_new = (osEventFlagsId_t)1;
    os2_in_isr(event_in_isr, K_NULL);
    KT_ASSERT_EQ(isr_r[0], 0x3u);
    KT_ASSERT_EQ(isr_r[1], 0x3u);
    KT_ASSERT_EQ(isr_r[2], 0x1u);
    KT_ASSERT_EQ(isr_r[3], osFlagsErrorResource);
    KT_ASSERT_EQ(isr_r[4], osFlagsErrorParameter);     /* may not wait in an ISR */
    KT_ASSERT_EQ(isr_r[5], 0x1u);
    KT_ASSERT(isr_new == K_NULL);
    KT_ASSERT_EQ(isr_del, osErrorISR);
    KT_ASSERT_STR_EQ((const char *)isr_name, "isr");
    KT_ASSERT_EQ(osEventFlagsGet(ef), 0u);

    /* a set from an ISR wakes a waiter */
    start_waiter(0, 0x10u, osFlagsWaitAny, osWaitForever, OS2_ABOVE_MAIN);
    KT_ASSERT_EQ(wt[0].done, 0);
    os2_in_isr(wake_in_isr, K_NULL);
    KT_ASSERT_EQ(wt[0].done, 1);
    KT_ASSERT_EQ(wt[0].result, 0x10u);
    KT_ASSERT_EQ(isr_r[0], 0u);
}

KTEST(event_flags, delete_wakes_waiters)
{
    osThreadId_t a, b;

    ef = osEventFlagsNew(K_NULL);
    a = start_waiter(0, 0x1u, osFlagsWaitAny, osWaitForever, OS2_BELOW_MAIN);
    b = start_waiter(1, 0x1u, osFlagsWaitAll, 500u, OS2_BELOW_MAIN);
    os2_sleep(1u);
    KT_ASSERT_EQ(osEventFlagsDelete(ef), osOK);
    KT_ASSERT_EQ(osThreadJoin(a), osOK);
    KT_ASSERT_EQ(osThreadJoin(b), osOK);
    KT_ASSERT_EQ(wt[0].result, osFlagsErrorResource);
    KT_ASSERT_EQ(wt[1].result, osFlagsErrorResource);
    KT_ASSERT_EQ(osEventFlagsSet(ef, 0x1u), osFlagsErrorParameter);
    KT_ASSERT_EQ(osEventFlagsClear(ef, 0x1u), osFlagsErrorParameter);
    KT_ASSERT_EQ(osEventFlagsGet(ef), 0u);
    KT_ASSERT_EQ(osEventFlagsWait(ef, 0x1u, osFlagsWaitAny, 0u), osFlagsErrorParameter);
    KT_ASSERT(osEventFlagsGetName(ef) == K_NULL);
    KT_ASSERT_EQ(osEventFlagsDelete(ef), osErrorParameter);
}

KTEST(event_flags, errors)
{
    osEventFlagsAttr_t attr;
    static osSprigEventFlags_t cb;
    osEventFlagsId_t e;

    KT_ASSERT_EQ(osEventFlagsSet(K_NULL, 1u), osFlagsErrorParameter);
    KT_ASSERT_EQ(osEventFlagsSet(os2_bogus, 1u), osFlagsErrorParameter);
    KT_ASSERT_EQ(osEventFlagsClear(K_NULL, 1u), osFlagsErrorParameter);
    KT_ASSERT_EQ(osEventFlagsGet(os2_bogus), 0u);
    KT_ASSERT_EQ(osEventFlagsWait(K_NULL, 1u, osFlagsWaitAny, 0u), osFlagsErrorParameter);
    KT_ASSERT_EQ(osEventFlagsDelete(K_NULL), osErrorParameter);
    KT_ASSERT(osEventFlagsGetName(K_NULL) == K_NULL);

    e = osEventFlagsNew(K_NULL);
    KT_ASSERT_EQ(osEventFlagsSet(e, 0x80000000u), osFlagsErrorParameter);
    KT_ASSERT_EQ(osEventFlagsClear(e, 0x80000000u), osFlagsErrorParameter);
    KT_ASSERT_EQ(osEventFlagsWait(e, 0x80000001u, osFlagsWaitAny, 0u), osFlagsErrorParameter);
    KT_ASSERT_EQ(osEventFlagsGet(e), 0u);

    memset(&attr, 0, sizeof attr);
    attr.cb_mem = &cb;
    attr.cb_size = sizeof cb - 1u;
    KT_ASSERT(osEventFlagsNew(&attr) == K_NULL);
    attr.cb_mem = (uint8_t *)&cb + 1;
    attr.cb_size = sizeof cb;
    KT_ASSERT(osEventFlagsNew(&attr) == K_NULL);
    attr.cb_mem = K_NULL;
    KT_ASSERT(osEventFlagsNew(&attr) == K_NULL);
    attr.cb_mem = &cb;
    KT_ASSERT_PTR_EQ(osEventFlagsNew(&attr), &cb);
    KT_ASSERT(osEventFlagsNew(&attr) == K_NULL);        /* in use */
    KT_ASSERT_EQ(osEventFlagsDelete(&cb), osOK);

    ktest_heap_exhaust();
    KT_ASSERT(osEventFlagsNew(K_NULL) == K_NULL);
    KT_ASSERT_PTR_EQ(osEventFlagsNew(&attr), &cb);      /* static: no heap */
    ktest_heap_restore();
}

static volatile uint32_t locked_result;

static void locked_wait_thread(void *arg)
{
    (void)arg;
    KT_ASSERT_EQ(osKernelLock(), 0);
    locked_result = osEventFlagsWait(ef, 0x1u, osFlagsWaitAny, 10u);
    KT_ASSERT_EQ(osKernelUnlock(), 1);
}

KTEST(event_flags, locked_kernel_cannot_wait)
{
    osThreadAttr_t a = os2_attr("l", OS2_ABOVE_MAIN, 1);

    os2_boot();
    ef = osEventFlagsNew(K_NULL);
    KT_ASSERT_EQ(osThreadJoin(osThreadNew(locked_wait_thread, K_NULL, &a)), osOK);
    KT_ASSERT_EQ(locked_result, osFlagsErrorResource);
}
