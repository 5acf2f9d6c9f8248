/*
 * CMSIS-RTOS2 mutexes: osMutexNew, osMutexGetName, osMutexAcquire, osMutexRelease,
 * osMutexGetOwner, osMutexDelete. Most cases run for both implementations: without
 * osMutexPrioInherit (the layer's) and with it (the kernel's tos_mutex).
 */
#include "os2_test.h"

static osMutexId_t mx;

/* waiters (see waiter_thread) */
#define NW  3u
static struct {
    uint32_t timeout;
    volatile int status;
    volatile uint32_t tick;
    volatile osThreadId_t owner;
    volatile int done;
} wt[NW];
static volatile char order[NW + 1u];
static volatile unsigned norder;

static void reset_order(void)
{
    norder = 0u;
    memset((void *)order, 0, sizeof order);
}

static osMutexId_t new_mutex(uint32_t bits)
{
    osMutexAttr_t a;

    memset(&a, 0, sizeof a);
    a.name = "mx";
    a.attr_bits = bits;
    reset_order();
    mx = osMutexNew(&a);
    KT_ASSERT(mx != K_NULL);
    return mx;
}

/* A "holder" thread: takes mx `depth` times, then releases one level per flag 0x1; ends when
   flag 0x2 arrives (or at once when asked to exit holding it). */
static volatile int holder_status[8];
static volatile uint32_t holder_depth;

static void holder_thread(void *arg)
{
    uint32_t i;

    (void)arg;
    for (i = 0; i < holder_depth; i++) {
        holder_status[i] = osMutexAcquire(mx, 0u);
    }
    for (;;) {
        uint32_t f = osThreadFlagsWait(0x3u, osFlagsWaitAny, osWaitForever);
        if (f & 0x1u) {
            holder_status[7] = osMutexRelease(mx);
        }
        if (f & 0x2u) {
            break;
        }
    }
}

static osThreadId_t start_holder(uint32_t depth, osPriority_t prio)
{
    osThreadAttr_t a = os2_attr("holder", prio, 1);
    osThreadId_t id;

    holder_depth = depth;
    id = osThreadNew(holder_thread, K_NULL, &a);
    KT_ASSERT(id != K_NULL);
    return id;
}

/* A "waiter" thread: osMutexAcquire(mx, timeout), records the result */

static void waiter_thread(void *arg)
{
    unsigned i = (unsigned)(uintptr_t)arg;

    wt[i].status = osMutexAcquire(mx, wt[i].timeout);
    wt[i].tick = os2_now();
    wt[i].owner = osMutexGetOwner(mx);
    wt[i].done = 1;
    if (norder < NW) {
        order[norder++] = (char)('0' + i);
    }
    if (wt[i].status == osOK) {
        osMutexRelease(mx);
    }
}

static osThreadId_t start_waiter(unsigned i, uint32_t timeout, osPriority_t prio)
{
    osThreadAttr_t a = os2_attr("waiter", prio, 1);
    osThreadId_t id;

    wt[i].timeout = timeout;
    wt[i].status = 99;
    wt[i].done = 0;
    wt[i].owner = K_NULL;
    id = osThreadNew(waiter_thread, (void *)(uintptr_t)i, &a);
    KT_ASSERT(id != K_NULL);
    return id;
}

/* ---- basic locking (in a thread: the owner must be a CMSIS thread to be reported) ---- */

static void basic_thread(void *arg)
{
    uint32_t bits = (uint32_t)(uintptr_t)arg;

    new_mutex(bits);
    KT_ASSERT_STR_EQ(osMutexGetName(mx), "mx");
    KT_ASSERT(osMutexGetOwner(mx) == K_NULL);
    KT_ASSERT_EQ(osMutexAcquire(mx, 0u), osOK);
    KT_ASSERT_PTR_EQ(osMutexGetOwner(mx), osThreadGetId());
    KT_ASSERT_EQ(osMutexRelease(mx), osOK);
    KT_ASSERT(osMutexGetOwner(mx) == K_NULL);
    KT_ASSERT_EQ(osMutexRelease(mx), osErrorResource);     /* not locked */
    KT_ASSERT_EQ(osMutexAcquire(mx, osWaitForever), osOK);
    KT_ASSERT_EQ(osMutexRelease(mx), osOK);
    KT_ASSERT_EQ(osMutexDelete(mx), osOK);
}

static void run_in_thread(void (*fn)(void *), uint32_t bits)
{
    osThreadAttr_t a = os2_attr("t", OS2_ABOVE_MAIN, 1);

    KT_ASSERT_EQ(osThreadJoin(osThreadNew(fn, (void *)(uintptr_t)bits, &a)), osOK);
}

KTEST(mutex, lock_unlock)
{
    run_in_thread(basic_thread, 0u);
    run_in_thread(basic_thread, osMutexPrioInherit);
    run_in_thread(basic_thread, osMutexRecursive | osMutexRobust);
}

static void recursive_thread(void *arg)
{
    uint32_t bits = (uint32_t)(uintptr_t)arg;
    unsigned i;

    new_mutex(bits | osMutexRecursive);
    for (i = 0; i < 3u; i++) {
        KT_ASSERT_EQ(osMutexAcquire(mx, 0u), osOK);
    }
    for (i = 0; i < 2u; i++) {
        KT_ASSERT_EQ(osMutexRelease(mx), osOK);
        KT_ASSERT_PTR_EQ(osMutexGetOwner(mx), osThreadGetId());     /* still held */
    }
    KT_ASSERT_EQ(osMutexRelease(mx), osOK);
    KT_ASSERT(osMutexGetOwner(mx) == K_NULL);
    KT_ASSERT_EQ(osMutexRelease(mx), osErrorResource);
    /* the nesting limit */
    for (i = 0; i < 255u; i++) {
        KT_ASSERT_EQ(osMutexAcquire(mx, 0u), osOK);
    }
    KT_ASSERT_EQ(osMutexAcquire(mx, 0u), osErrorResource);
    for (i = 0; i < 255u; i++) {
        KT_ASSERT_EQ(osMutexRelease(mx), osOK);
    }
    KT_ASSERT_EQ(osMutexRelease(mx), osErrorResource);
}

KTEST(mutex, recursive)
{
    run_in_thread(recursive_thread, 0u);
    run_in_thread(recursive_thread, osMutexPrioInherit);
}

static volatile uint32_t relock_tick0, relock_tick1;

static void non_recursive_thread(void *arg)
{
    uint32_t bits = (uint32_t)(uintptr_t)arg;

    new_mutex(bits);
    KT_ASSERT_EQ(osMutexAcquire(mx, 0u), osOK);
    KT_ASSERT_EQ(osMutexAcquire(mx, 0u), osErrorResource);
    relock_tick0 = os2_now();
    KT_ASSERT_EQ(osMutexAcquire(mx, 12u), osErrorTimeout);
    relock_tick1 = os2_now();
    KT_ASSERT_PTR_EQ(osMutexGetOwner(mx), osThreadGetId());
    KT_ASSERT_EQ(osMutexRelease(mx), osOK);                 /* one level only */
    KT_ASSERT(osMutexGetOwner(mx) == K_NULL);
    KT_ASSERT_EQ(osMutexRelease(mx), osErrorResource);
}

KTEST(mutex, non_recursive_relock_fails)
{
    run_in_thread(non_recursive_thread, 0u);
    KT_ASSERT_EQ(relock_tick1 - relock_tick0, 12u);
    run_in_thread(non_recursive_thread, osMutexPrioInherit);
    KT_ASSERT_EQ(relock_tick1 - relock_tick0, 12u);
}

/* ---- contention ---- */

static void contention_case(uint32_t bits)
{
    osThreadId_t h, w;
    uint32_t t0;

    new_mutex(bits);
    h = start_holder(1u, OS2_ABOVE_MAIN);
    KT_ASSERT_EQ(holder_status[0], osOK);
    KT_ASSERT_PTR_EQ(osMutexGetOwner(mx), h);
    KT_ASSERT_EQ(osMutexAcquire(mx, 0u), osErrorResource);         /* from the case's task */
    t0 = os2_now();
    KT_ASSERT_EQ(osMutexAcquire(mx, 20u), osErrorTimeout);
    KT_ASSERT_EQ(os2_now(), t0 + 20u);
    KT_ASSERT_EQ(osMutexRelease(mx), osErrorResource);             /* not the owner */

    /* a waiter gets it when the holder releases */
    w = start_waiter(0, osWaitForever, OS2_ABOVE_MAIN);
    KT_ASSERT_EQ(wt[0].done, 0);
    t0 = os2_now();
    os2_sleep(5u);
    osThreadFlagsSet(h, 0x1u);
    KT_ASSERT_EQ(holder_status[7], osOK);
    KT_ASSERT_EQ(wt[0].done, 1);
    KT_ASSERT_EQ(wt[0].status, osOK);
    KT_ASSERT_PTR_EQ(wt[0].owner, w);
    KT_ASSERT_EQ(wt[0].tick, t0 + 5u);
    osThreadFlagsSet(h, 0x2u);
    KT_ASSERT_EQ(osThreadJoin(h), osOK);
    KT_ASSERT_EQ(osThreadJoin(w), osOK);
    KT_ASSERT(osMutexGetOwner(mx) == K_NULL);
    KT_ASSERT_EQ(osMutexDelete(mx), osOK);
}

KTEST(mutex, contention_and_timeout)
{
    contention_case(0u);
    contention_case(osMutexPrioInherit);
}

static void order_case(uint32_t bits)
{
    osThreadId_t h;

    new_mutex(bits);
    h = start_holder(1u, OS2_ABOVE_MAIN);
    start_waiter(0, osWaitForever, osPriorityLow);
    start_waiter(1, osWaitForever, osPriorityHigh);
    start_waiter(2, osWaitForever, osPriorityNormal);
    os2_sleep(1u);                                  /* all three wait now */
    osThreadFlagsSet(h, 0x1u | 0x2u);
    KT_ASSERT_EQ(osThreadJoin(h), osOK);
    os2_sleep(1u);
    KT_ASSERT_STR_EQ((const char *)order, "120");   /* most urgent first */
    KT_ASSERT_EQ(wt[0].status, osOK);
    KT_ASSERT_EQ(wt[1].status, osOK);
    KT_ASSERT_EQ(wt[2].status, osOK);
}

KTEST(mutex, waiters_served_by_priority)
{
    order_case(0u);
    order_case(osMutexPrioInherit);
}

/* ---- priority inheritance ---- */

static void inheritance_case(uint32_t bits, osPriority_t expect_while_waiting)
{
    osThreadId_t lo;

    new_mutex(bits);
    lo = start_holder(1u, osPriorityLow);
    os2_sleep(1u);                                  /* it takes the mutex */
    KT_ASSERT_PTR_EQ(osMutexGetOwner(mx), lo);
    KT_ASSERT_EQ(osThreadGetPriority(lo), osPriorityLow);
    start_waiter(0, osWaitForever, osPriorityHigh);
    os2_sleep(1u);                                  /* it waits now */
    KT_ASSERT_EQ(wt[0].done, 0);
    KT_ASSERT_EQ(osThreadGetPriority(lo), expect_while_waiting);
    osThreadFlagsSet(lo, 0x1u | 0x2u);
    os2_sleep(1u);
    KT_ASSERT_EQ(wt[0].status, osOK);
    KT_ASSERT_EQ(osThreadGetState(lo), osThreadTerminated);
    KT_ASSERT_EQ(osThreadJoin(lo), osOK);
}

KTEST(mutex, priority_inheritance_only_with_the_attribute)
{
    inheritance_case(osMutexPrioInherit, osPriorityHigh);
    inheritance_case(0u, osPriorityLow);
}

static volatile osPriority_t prio_after_release;

static void inherit_release_thread(void *arg)
{
    (void)arg;
    KT_ASSERT_EQ(osMutexAcquire(mx, 0u), osOK);
    osThreadFlagsWait(0x1u, osFlagsWaitAny, osWaitForever);
    KT_ASSERT_EQ(osThreadGetPriority(osThreadGetId()), osPriorityHigh);
    KT_ASSERT_EQ(osMutexRelease(mx), osOK);         /* the waiter runs now */
    prio_after_release = osThreadGetPriority(osThreadGetId());
}

KTEST(mutex, inherited_priority_ends_at_release)
{
    osThreadAttr_t a = os2_attr("lo", osPriorityLow, 1);
    osThreadId_t lo;

    new_mutex(osMutexPrioInherit);
    lo = osThreadNew(inherit_release_thread, K_NULL, &a);
    os2_sleep(1u);
    start_waiter(0, osWaitForever, osPriorityHigh);
    os2_sleep(1u);
    KT_ASSERT_EQ(osThreadGetPriority(lo), osPriorityHigh);
    osThreadFlagsSet(lo, 0x1u);
    KT_ASSERT_EQ(osThreadJoin(lo), osOK);
    KT_ASSERT_EQ(prio_after_release, osPriorityLow);
    KT_ASSERT_EQ(wt[0].status, osOK);
}

/* ---- owner termination ---- */

static void robust_case(uint32_t bits, int terminate)
{
    osThreadId_t h, w;
    uint32_t t0;

    new_mutex(bits | osMutexRobust);
    h = start_holder(1u, OS2_ABOVE_MAIN);
    w = start_waiter(0, 100u, OS2_ABOVE_MAIN);
    KT_ASSERT_EQ(wt[0].done, 0);
    t0 = os2_now();
    os2_sleep(3u);
    if (terminate) {
        KT_ASSERT_EQ(osThreadTerminate(h), osOK);
    } else {
        osThreadFlagsSet(h, 0x2u);                  /* ends holding it */
    }
    KT_ASSERT_EQ(wt[0].done, 1);
    KT_ASSERT_EQ(wt[0].status, osOK);               /* released: the waiter got it */
    KT_ASSERT_PTR_EQ(wt[0].owner, w);
    KT_ASSERT_EQ(wt[0].tick, t0 + 3u);
    KT_ASSERT_EQ(osThreadJoin(h), osOK);
    KT_ASSERT_EQ(osThreadJoin(w), osOK);
    KT_ASSERT(osMutexGetOwner(mx) == K_NULL);
    /* without waiters: free after the owner's end */
    h = start_holder(1u, OS2_ABOVE_MAIN);
    KT_ASSERT_PTR_EQ(osMutexGetOwner(mx), h);
    osThreadFlagsSet(h, 0x2u);
    KT_ASSERT_EQ(osThreadJoin(h), osOK);
    KT_ASSERT(osMutexGetOwner(mx) == K_NULL);
    KT_ASSERT_EQ(osMutexAcquire(mx, 0u), osOK);
    KT_ASSERT_EQ(osMutexRelease(mx), osOK);
    KT_ASSERT_EQ(osMutexDelete(mx), osOK);
}

KTEST(mutex, robust_mutex_released_when_the_owner_ends)
{
    robust_case(0u, 0);
    robust_case(0u, 1);
    robust_case(osMutexPrioInherit, 0);
    robust_case(osMutexPrioInherit, 1);
}

static void orphan_case(uint32_t bits)
{
    osThreadId_t h, w;
    uint32_t t0;

    new_mutex(bits);
    h = start_holder(1u, OS2_ABOVE_MAIN);
    w = start_waiter(0, osWaitForever, OS2_ABOVE_MAIN);
    start_waiter(1, 40u, OS2_ABOVE_MAIN);
    t0 = os2_now();
    osThreadFlagsSet(h, 0x2u);                      /* ends holding it */
    KT_ASSERT_EQ(osThreadGetState(h), osThreadTerminated);
    /* still locked, by the ended thread */
    KT_ASSERT_PTR_EQ(osMutexGetOwner(mx), h);
    KT_ASSERT_EQ(wt[0].done, 0);
    KT_ASSERT_EQ(osMutexAcquire(mx, 0u), osErrorResource);
    KT_ASSERT_EQ(osMutexAcquire(mx, 15u), osErrorTimeout);
    KT_ASSERT_EQ(os2_now(), t0 + 15u);
    KT_ASSERT_EQ(osMutexRelease(mx), osErrorResource);
    os2_sleep(30u);
    KT_ASSERT_EQ(wt[1].status, osErrorTimeout);     /* waited its 40 ticks in vain */
    KT_ASSERT_EQ(wt[1].tick, t0 + 40u);
    KT_ASSERT_EQ(wt[0].done, 0);
    KT_ASSERT_EQ(osThreadGetState(w), osThreadBlocked);
    /* deleting it ends the wait */
    KT_ASSERT_EQ(osMutexDelete(mx), osOK);
    KT_ASSERT_EQ(wt[0].done, 1);
    KT_ASSERT_EQ(wt[0].status, osErrorResource);
    KT_ASSERT_EQ(osThreadJoin(h), osOK);
    KT_ASSERT_EQ(osThreadJoin(w), osOK);
}

KTEST(mutex, non_robust_mutex_stays_locked_when_the_owner_ends)
{
    orphan_case(0u);
    orphan_case(osMutexPrioInherit);
    orphan_case(osMutexRecursive);
}

/* ---- delete, ISR, invalid use ---- */

static void delete_case(uint32_t bits)
{
    osThreadId_t h, w;

    new_mutex(bits);
    h = start_holder(1u, OS2_ABOVE_MAIN);
    w = start_waiter(0, osWaitForever, OS2_ABOVE_MAIN);
    KT_ASSERT_EQ(osMutexDelete(mx), osOK);           /* locked, with a waiter */
    KT_ASSERT_EQ(wt[0].done, 1);
    KT_ASSERT_EQ(wt[0].status, osErrorResource);
    KT_ASSERT_EQ(osMutexAcquire(mx, 0u), osErrorParameter);
    KT_ASSERT_EQ(osMutexRelease(mx), osErrorParameter);
    KT_ASSERT(osMutexGetOwner(mx) == K_NULL);
    KT_ASSERT(osMutexGetName(mx) == K_NULL);
    KT_ASSERT_EQ(osMutexDelete(mx), osErrorParameter);
    osThreadFlagsSet(h, 0x2u);
    KT_ASSERT_EQ(osThreadJoin(h), osOK);
    KT_ASSERT_EQ(osThreadJoin(w), osOK);
}

KTEST(mutex, delete)
{
    delete_case(0u);
    delete_case(osMutexPrioInherit);
}

static volatile int isr_st[3];
static volatile osThreadId_t isr_owner;
static volatile osMutexId_t isr_new;
static volatile const char *isr_name;

static void mutex_in_isr(void *arg)
{
    (void)arg;
    isr_new = osMutexNew(K_NULL);
    isr_st[0] = osMutexAcquire(mx, 0u);
    isr_st[1] = osMutexRelease(mx);
    isr_st[2] = osMutexDelete(mx);
    isr_owner = osMutexGetOwner(mx);
    isr_name = osMutexGetName(mx);
}

KTEST(mutex, isr_rules)
{
    osThreadId_t h;

    new_mutex(osMutexPrioInherit);
    h = start_holder(1u, OS2_ABOVE_MAIN);
    isr_new = (osMutexId_t)1;
    isr_owner = (osThreadId_t)1;
    os2_in_isr(mutex_in_isr, K_NULL);
    KT_ASSERT(isr_new == K_NULL);
    KT_ASSERT_EQ(isr_st[0], osErrorISR);
    KT_ASSERT_EQ(isr_st[1], osErrorISR);
    KT_ASSERT_EQ(isr_st[2], osErrorISR);
    KT_ASSERT(isr_owner == K_NULL);
    KT_ASSERT_STR_EQ((const char *)isr_name, "mx");
    KT_ASSERT_PTR_EQ(osMutexGetOwner(mx), h);      /* nothing changed */
    osThreadFlagsSet(h, 0x1u | 0x2u);
    KT_ASSERT_EQ(osThreadJoin(h), osOK);
}

static volatile int locked_status;

static void locked_acquire_thread(void *arg)
{
    (void)arg;
    KT_ASSERT_EQ(osKernelLock(), 0);
    locked_status = osMutexAcquire(mx, 10u);
    KT_ASSERT_EQ(osKernelUnlock(), 1);
}

KTEST(mutex, errors)
{
    osMutexAttr_t attr;
    static osSprigMutex_t cb;
    osThreadAttr_t a = os2_attr("l", OS2_ABOVE_MAIN, 1);
    osThreadId_t h;

    KT_ASSERT_EQ(osMutexAcquire(K_NULL, 0u), osErrorParameter);
    KT_ASSERT_EQ(osMutexAcquire(os2_bogus, 0u), osErrorParameter);
    KT_ASSERT_EQ(osMutexRelease(K_NULL), osErrorParameter);
    KT_ASSERT(osMutexGetOwner(os2_bogus) == K_NULL);
    KT_ASSERT(osMutexGetName(K_NULL) == K_NULL);
    KT_ASSERT_EQ(osMutexDelete(os2_bogus), osErrorParameter);

    memset(&attr, 0, sizeof attr);
    attr.cb_mem = &cb;
    attr.cb_size = sizeof cb - 1u;
    KT_ASSERT(osMutexNew(&attr) == K_NULL);
    attr.cb_mem = K_NULL;
    attr.cb_size = sizeof cb;
    KT_ASSERT(osMutexNew(&attr) == K_NULL);
    attr.cb_mem = &cb;
    attr.attr_bits = osMutexPrioInherit;
    KT_ASSERT_PTR_EQ(osMutexNew(&attr), &cb);
    KT_ASSERT(osMutexNew(&attr) == K_NULL);         /* in use */
    KT_ASSERT_EQ(osMutexDelete(&cb), osOK);
    ktest_heap_exhaust();
    KT_ASSERT(osMutexNew(K_NULL) == K_NULL);
    KT_ASSERT_PTR_EQ(osMutexNew(&attr), &cb);       /* static: no heap */
    ktest_heap_restore();
    KT_ASSERT_EQ(osMutexDelete(&cb), osOK);

    /* contended while the kernel is locked: cannot wait */
    os2_boot();
    new_mutex(0u);
    h = start_holder(1u, OS2_ABOVE_MAIN);
    KT_ASSERT_EQ(osThreadJoin(osThreadNew(locked_acquire_thread, K_NULL, &a)), osOK);
    KT_ASSERT_EQ(locked_status, osErrorResource);
    osThreadFlagsSet(h, 0x1u | 0x2u);
    KT_ASSERT_EQ(osThreadJoin(h), osOK);
}
