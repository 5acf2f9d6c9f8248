/*
 * CMSIS-RTOS2 semaphores: osSemaphoreNew, osSemaphoreGetName, osSemaphoreAcquire,
 * osSemaphoreRelease, osSemaphoreGetCount, osSemaphoreDelete.
 */
#include "os2_test.h"

static osSemaphoreId_t sem;

#define NW  3u
static struct {
    uint32_t timeout;
    volatile int status;
    volatile uint32_t tick;
    volatile int done;
} wt[NW];
static volatile char order[NW + 1u];
static volatile unsigned norder;

static void waiter_thread(void *arg)
{
    unsigned i = (unsigned)(uintptr_t)arg;

    wt[i].status = osSemaphoreAcquire(sem, wt[i].timeout);
    wt[i].tick = os2_now();
    wt[i].done = 1;
    if (norder < NW) {
        order[norder++] = (char)('0' + i);
    }
}

static osThreadId_t start_waiter(unsigned i, uint32_t timeout, osPriority_t prio)
{
    osThreadAttr_t a = os2_attr("w", prio, 1);
    osThreadId_t id;

    wt[i].timeout = timeout;
    wt[i].status = 99;
    wt[i].done = 0;
    id = osThreadNew(waiter_thread, (void *)(uintptr_t)i, &a);
    KT_ASSERT(id != K_NULL);
    return id;
}

KTEST(semaphore, acquire_release_count)
{
    osSemaphoreAttr_t attr = { .name = "sem" };

    sem = osSemaphoreNew(3u, 2u, &attr);
    KT_ASSERT(sem != K_NULL);
    KT_ASSERT_STR_EQ(osSemaphoreGetName(sem), "sem");
    KT_ASSERT_EQ(osSemaphoreGetCount(sem), 2u);
    KT_ASSERT_EQ(osSemaphoreAcquire(sem, 0u), osOK);
    KT_ASSERT_EQ(osSemaphoreAcquire(sem, osWaitForever), osOK);
    KT_ASSERT_EQ(osSemaphoreGetCount(sem), 0u);
    KT_ASSERT_EQ(osSemaphoreAcquire(sem, 0u), osErrorResource);
    KT_ASSERT_EQ(osSemaphoreRelease(sem), osOK);
    KT_ASSERT_EQ(osSemaphoreRelease(sem), osOK);
    KT_ASSERT_EQ(osSemaphoreRelease(sem), osOK);
    KT_ASSERT_EQ(osSemaphoreGetCount(sem), 3u);
    KT_ASSERT_EQ(osSemaphoreRelease(sem), osErrorResource);     /* at max_count */
    KT_ASSERT_EQ(osSemaphoreGetCount(sem), 3u);
    KT_ASSERT_EQ(osSemaphoreDelete(sem), osOK);

    sem = osSemaphoreNew(65535u, 65535u, K_NULL);
    KT_ASSERT(sem != K_NULL);
    KT_ASSERT(osSemaphoreGetName(sem) == K_NULL);
    KT_ASSERT_EQ(osSemaphoreGetCount(sem), 65535u);
}

KTEST(semaphore, waiting)
{
    uint32_t t0;

    sem = osSemaphoreNew(1u, 0u, K_NULL);
    t0 = os2_now();
    KT_ASSERT_EQ(osSemaphoreAcquire(sem, 10u), osErrorTimeout);
    KT_ASSERT_EQ(os2_now(), t0 + 10u);

    /* waiters are served most urgent first */
    norder = 0u;
    memset((void *)order, 0, sizeof order);
    start_waiter(0, osWaitForever, osPriorityLow);
    start_waiter(1, osWaitForever, osPriorityHigh);
    start_waiter(2, osWaitForever, osPriorityNormal);
    os2_sleep(1u);
    KT_ASSERT_EQ(norder, 0u);
    KT_ASSERT_EQ(osSemaphoreRelease(sem), osOK);
    os2_sleep(1u);
    KT_ASSERT_STR_EQ((const char *)order, "1");
    KT_ASSERT_EQ(osSemaphoreGetCount(sem), 0u);         /* given, not counted */
    KT_ASSERT_EQ(osSemaphoreRelease(sem), osOK);
    KT_ASSERT_EQ(osSemaphoreRelease(sem), osOK);
    os2_sleep(1u);
    KT_ASSERT_STR_EQ((const char *)order, "120");
    KT_ASSERT_EQ(wt[0].status, osOK);
    KT_ASSERT_EQ(wt[1].status, osOK);
    KT_ASSERT_EQ(wt[2].status, osOK);
}

static volatile int isr_st[5];
static volatile uint32_t isr_count;
static volatile osSemaphoreId_t isr_new;
static volatile const char *isr_name;

static void sem_in_isr(void *arg)
{
    (void)arg;
    isr_new = osSemaphoreNew(1u, 0u, K_NULL);
    isr_st[0] = osSemaphoreAcquire(sem, 0u);
    isr_st[1] = osSemaphoreAcquire(sem, 0u);
    isr_st[2] = osSemaphoreAcquire(sem, 5u);
    isr_st[3] = osSemaphoreRelease(sem);
    isr_st[4] = osSemaphoreDelete(sem);
    isr_count = osSemaphoreGetCount(sem);
    isr_name = osSemaphoreGetName(sem);
}

static void release_in_isr(void *arg)
{
    (void)arg;
    isr_st[0] = osSemaphoreRelease(sem);
}

KTEST(semaphore, isr)
{
    osSemaphoreAttr_t attr = { .name = "s" };

    sem = osSemaphoreNew(2u, 1u, &attr);
    isr_new = (osSemaphoreId_t)1;
    os2_in_isr(sem_in_isr, K_NULL);
    KT_ASSERT(isr_new == K_NULL);
    KT_ASSERT_EQ(isr_st[0], osOK);
    KT_ASSERT_EQ(isr_st[1], osErrorResource);
    KT_ASSERT_EQ(isr_st[2], osErrorParameter);        /* may not wait in an ISR */
    KT_ASSERT_EQ(isr_st[3], osOK);
    KT_ASSERT_EQ(isr_st[4], osErrorISR);
    KT_ASSERT_EQ(isr_count, 1u);
    KT_ASSERT_STR_EQ((const char *)isr_name, "s");
    KT_ASSERT_EQ(osSemaphoreGetCount(sem), 1u);

    /* a release from an ISR wakes a waiter */
    KT_ASSERT_EQ(osSemaphoreAcquire(sem, 0u), osOK);
    start_waiter(0, osWaitForever, OS2_ABOVE_MAIN);
    KT_ASSERT_EQ(wt[0].done, 0);
    os2_in_isr(release_in_isr, K_NULL);
    KT_ASSERT_EQ(isr_st[0], osOK);
    KT_ASSERT_EQ(wt[0].done, 1);
    KT_ASSERT_EQ(wt[0].status, osOK);
}

KTEST(semaphore, delete_wakes_waiters)
{
    osThreadId_t a, b;

    sem = osSemaphoreNew(1u, 0u, K_NULL);
    a = start_waiter(0, osWaitForever, OS2_ABOVE_MAIN);
    b = start_waiter(1, 300u, OS2_ABOVE_MAIN);
    KT_ASSERT_EQ(osSemaphoreDelete(sem), osOK);
    KT_ASSERT_EQ(osThreadJoin(a), osOK);
    KT_ASSERT_EQ(osThreadJoin(b), osOK);
    KT_ASSERT_EQ(wt[0].status, osErrorResource);
    KT_ASSERT_EQ(wt[1].status, osErrorResource);
    KT_ASSERT_EQ(osSemaphoreAcquire(sem, 0u), osErrorParameter);
    KT_ASSERT_EQ(osSemaphoreRelease(sem), osErrorParameter);
    KT_ASSERT_EQ(osSemaphoreGetCount(sem), 0u);
    KT_ASSERT(osSemaphoreGetName(sem) == K_NULL);
    KT_ASSERT_EQ(osSemaphoreDelete(sem), osErrorParameter);
}

static volatile int locked_status;

static void locked_acquire_thread(void *arg)
{
    (void)arg;
    KT_ASSERT_EQ(osKernelLock(), 0);
    locked_status = osSemaphoreAcquire(sem, 10u);
    KT_ASSERT_EQ(osKernelUnlock(), 1);
}

KTEST(semaphore, errors)
{
    osSemaphoreAttr_t attr;
    static osSprigSemaphore_t cb;
    osThreadAttr_t a = os2_attr("l", OS2_ABOVE_MAIN, 1);

    KT_ASSERT(osSemaphoreNew(0u, 0u, K_NULL) == K_NULL);
    KT_ASSERT(osSemaphoreNew(65536u, 0u, K_NULL) == K_NULL);
    KT_ASSERT(osSemaphoreNew(2u, 3u, K_NULL) == K_NULL);
    KT_ASSERT_EQ(osSemaphoreAcquire(K_NULL, 0u), osErrorParameter);
    KT_ASSERT_EQ(osSemaphoreAcquire(os2_bogus, 0u), osErrorParameter);
    KT_ASSERT_EQ(osSemaphoreRelease(K_NULL), osErrorParameter);
    KT_ASSERT_EQ(osSemaphoreGetCount(os2_bogus), 0u);
    KT_ASSERT(osSemaphoreGetName(K_NULL) == K_NULL);
    KT_ASSERT_EQ(osSemaphoreDelete(K_NULL), osErrorParameter);

    memset(&attr, 0, sizeof attr);
    attr.cb_mem = &cb;
    attr.cb_size = sizeof cb - 1u;
    KT_ASSERT(osSemaphoreNew(1u, 1u, &attr) == K_NULL);
    attr.cb_mem = K_NULL;
    attr.cb_size = sizeof cb;
    KT_ASSERT(osSemaphoreNew(1u, 1u, &attr) == K_NULL);
    attr.cb_mem = &cb;
    KT_ASSERT_PTR_EQ(osSemaphoreNew(1u, 1u, &attr), &cb);
    KT_ASSERT(osSemaphoreNew(1u, 1u, &attr) == K_NULL);     /* in use */
    KT_ASSERT_EQ(osSemaphoreDelete(&cb), osOK);
    ktest_heap_exhaust();
    KT_ASSERT(osSemaphoreNew(1u, 1u, K_NULL) == K_NULL);
    KT_ASSERT_PTR_EQ(osSemaphoreNew(1u, 1u, &attr), &cb);
    ktest_heap_restore();

    os2_boot();
    sem = osSemaphoreNew(1u, 0u, K_NULL);
    KT_ASSERT_EQ(osThreadJoin(osThreadNew(locked_acquire_thread, K_NULL, &a)), osOK);
    KT_ASSERT_EQ(locked_status, osErrorResource);
}
