/*
 * CMSIS-RTOS2 memory pools: osMemoryPoolNew, osMemoryPoolGetName, osMemoryPoolAlloc,
 * osMemoryPoolFree, osMemoryPoolGetCapacity, osMemoryPoolGetBlockSize, osMemoryPoolGetCount,
 * osMemoryPoolGetSpace, osMemoryPoolDelete.
 */
#include "os2_test.h"

static osMemoryPoolId_t mp;

#define NW  3u
static struct {
    uint32_t timeout;
    volatile void *blk;
    volatile uint32_t tick;
    volatile int done;
} wt[NW];
static volatile char order[NW + 1u];
static volatile unsigned norder;

static void waiter_thread(void *arg)
{
    unsigned i = (unsigned)(uintptr_t)arg;

    wt[i].blk = osMemoryPoolAlloc(mp, wt[i].timeout);
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
    wt[i].blk = (void *)1;
    wt[i].done = 0;
    id = osThreadNew(waiter_thread, (void *)(uintptr_t)i, &a);
    KT_ASSERT(id != K_NULL);
    return id;
}

KTEST(mempool, alloc_free_and_queries)
{
    osMemoryPoolAttr_t attr = { .name = "pool" };
    void *b[4];
    unsigned i, j;

    mp = osMemoryPoolNew(4u, 10u, &attr);
    KT_ASSERT(mp != K_NULL);
    KT_ASSERT_STR_EQ(osMemoryPoolGetName(mp), "pool");
    KT_ASSERT_EQ(osMemoryPoolGetCapacity(mp), 4u);
    KT_ASSERT_EQ(osMemoryPoolGetBlockSize(mp), (uint32_t)SPRIG_OS2_ALIGN_UP(10u));
    KT_ASSERT_EQ(osMemoryPoolGetCount(mp), 0u);
    KT_ASSERT_EQ(osMemoryPoolGetSpace(mp), 4u);
    for (i = 0; i < 4u; i++) {
        b[i] = osMemoryPoolAlloc(mp, 0u);
        KT_ASSERT(b[i] != K_NULL);
        KT_ASSERT_EQ((uintptr_t)b[i] % sizeof(void *), 0u);
        memset(b[i], 0xA5, 10u);
        for (j = 0; j < i; j++) {
            KT_ASSERT(b[j] != b[i]);
        }
    }
    KT_ASSERT_EQ(osMemoryPoolGetCount(mp), 4u);
    KT_ASSERT_EQ(osMemoryPoolGetSpace(mp), 0u);
    KT_ASSERT(osMemoryPoolAlloc(mp, 0u) == K_NULL);
    KT_ASSERT_EQ(osMemoryPoolFree(mp, b[2]), osOK);
    KT_ASSERT_EQ(osMemoryPoolGetCount(mp), 3u);
    KT_ASSERT_EQ(osMemoryPoolGetSpace(mp), 1u);
    KT_ASSERT_PTR_EQ(osMemoryPoolAlloc(mp, osWaitForever), b[2]);
    for (i = 0; i < 4u; i++) {
        KT_ASSERT_EQ(osMemoryPoolFree(mp, b[i]), osOK);
    }
    KT_ASSERT_EQ(osMemoryPoolGetSpace(mp), 4u);
    KT_ASSERT_EQ(osMemoryPoolDelete(mp), osOK);
}

KTEST(mempool, waiting_for_a_block)
{
    void *b[2];
    uint32_t t0;

    mp = osMemoryPoolNew(2u, 32u, K_NULL);
    b[0] = osMemoryPoolAlloc(mp, 0u);
    b[1] = osMemoryPoolAlloc(mp, 0u);
    t0 = os2_now();
    KT_ASSERT(osMemoryPoolAlloc(mp, 10u) == K_NULL);
    KT_ASSERT_EQ(os2_now(), t0 + 10u);

    norder = 0u;
    memset((void *)order, 0, sizeof order);
    start_waiter(0, osWaitForever, osPriorityLow);
    start_waiter(1, osWaitForever, osPriorityHigh);
    start_waiter(2, 50u, osPriorityNormal);
    os2_sleep(1u);
    KT_ASSERT_EQ(norder, 0u);
    /* a freed block goes straight to the most urgent waiter */
    KT_ASSERT_EQ(osMemoryPoolFree(mp, b[1]), osOK);
    KT_ASSERT_EQ(osMemoryPoolGetCount(mp), 2u);
    KT_ASSERT_EQ(osMemoryPoolGetSpace(mp), 0u);
    os2_sleep(1u);
    KT_ASSERT_STR_EQ((const char *)order, "1");
    KT_ASSERT_PTR_EQ(wt[1].blk, b[1]);
    t0 = os2_now();
    os2_sleep(60u);
    KT_ASSERT_STR_EQ((const char *)order, "12");
    KT_ASSERT(wt[2].blk == K_NULL);                 /* timed out */
    KT_ASSERT_EQ(wt[2].tick, t0 + 48u);             /* 50 ticks after it started */
    KT_ASSERT_EQ(osMemoryPoolFree(mp, b[0]), osOK);
    os2_sleep(1u);
    KT_ASSERT_STR_EQ((const char *)order, "120");
    KT_ASSERT_PTR_EQ(wt[0].blk, b[0]);
}

KTEST(mempool, free_errors)
{
    void *b, *c;

    mp = osMemoryPoolNew(2u, 16u, K_NULL);
    b = osMemoryPoolAlloc(mp, 0u);
    c = osMemoryPoolAlloc(mp, 0u);
    KT_ASSERT_EQ(osMemoryPoolFree(mp, K_NULL), osErrorParameter);
    KT_ASSERT_EQ(osMemoryPoolFree(mp, (uint8_t *)b + 1), osErrorParameter);   /* inside a block */
    KT_ASSERT_EQ(osMemoryPoolFree(mp, (uint8_t *)(b < c ? b : c) - 16), osErrorParameter); /* before */
    KT_ASSERT_EQ(osMemoryPoolFree(mp, (uint8_t *)(b > c ? b : c) + 16), osErrorParameter);
    KT_ASSERT_EQ(osMemoryPoolFree(mp, os2_bogus), osErrorParameter);
    KT_ASSERT_EQ(osMemoryPoolFree(K_NULL, b), osErrorParameter);
    KT_ASSERT_EQ(osMemoryPoolGetCount(mp), 2u);
    KT_ASSERT_EQ(osMemoryPoolFree(mp, b), osOK);
    KT_ASSERT_EQ(osMemoryPoolFree(mp, c), osOK);
    KT_ASSERT_EQ(osMemoryPoolFree(mp, b), osErrorResource);   /* every block is free */
    KT_ASSERT_EQ(osMemoryPoolGetSpace(mp), 2u);
}

static volatile void *isr_blk[2];
static volatile int isr_st[2];
static volatile uint32_t isr_q[4];
static volatile osMemoryPoolId_t isr_new;
static volatile const char *isr_name;

static void pool_in_isr(void *arg)
{
    (void)arg;
    isr_new = osMemoryPoolNew(1u, 8u, K_NULL);
    isr_blk[0] = osMemoryPoolAlloc(mp, 0u);
    isr_blk[1] = osMemoryPoolAlloc(mp, 5u);
    isr_q[0] = osMemoryPoolGetCapacity(mp);
    isr_q[1] = osMemoryPoolGetBlockSize(mp);
    isr_q[2] = osMemoryPoolGetCount(mp);
    isr_q[3] = osMemoryPoolGetSpace(mp);
    isr_st[0] = osMemoryPoolFree(mp, (void *)isr_blk[0]);
    isr_st[1] = osMemoryPoolDelete(mp);
    isr_name = osMemoryPoolGetName(mp);
}

static void *isr_free_blk;

static void free_in_isr(void *arg)
{
    (void)arg;
    isr_st[0] = osMemoryPoolFree(mp, isr_free_blk);
}

KTEST(mempool, isr)
{
    osMemoryPoolAttr_t attr = { .name = "p" };

    mp = osMemoryPoolNew(3u, 24u, &attr);
    isr_new = (osMemoryPoolId_t)1;
    os2_in_isr(pool_in_isr, K_NULL);
    KT_ASSERT(isr_new == K_NULL);
    KT_ASSERT(isr_blk[0] != K_NULL);
    KT_ASSERT(isr_blk[1] == K_NULL);                /* may not wait in an ISR */
    KT_ASSERT_EQ(isr_q[0], 3u);
    KT_ASSERT_EQ(isr_q[1], 24u);
    KT_ASSERT_EQ(isr_q[2], 1u);
    KT_ASSERT_EQ(isr_q[3], 2u);
    KT_ASSERT_EQ(isr_st[0], osOK);
    KT_ASSERT_EQ(isr_st[1], osErrorISR);
    KT_ASSERT_STR_EQ((const char *)isr_name, "p");
    KT_ASSERT_EQ(osMemoryPoolGetCount(mp), 0u);

    /* a free from an ISR hands the block to a waiting thread */
    while (osMemoryPoolGetSpace(mp) > 1u) {
        KT_ASSERT(osMemoryPoolAlloc(mp, 0u) != K_NULL);
    }
    isr_free_blk = osMemoryPoolAlloc(mp, 0u);
    start_waiter(0, osWaitForever, OS2_ABOVE_MAIN);
    KT_ASSERT_EQ(wt[0].done, 0);
    os2_in_isr(free_in_isr, K_NULL);
    KT_ASSERT_EQ(isr_st[0], osOK);
    KT_ASSERT_EQ(wt[0].done, 1);
    KT_ASSERT_PTR_EQ(wt[0].blk, isr_free_blk);
}

KTEST(mempool, static_memory)
{
    static uint64_t storage[(4u * 16u) / 8u];
    static osSprigMemoryPool_t cb;
    osMemoryPoolAttr_t attr;
    void *b;
    unsigned i;

    KT_ASSERT_EQ(osSprigMemoryPoolMemSize(4u, 13u), sizeof storage);
    memset(&attr, 0, sizeof attr);
    attr.mp_mem = storage;
    attr.mp_size = sizeof storage - 1u;             /* too small */
    KT_ASSERT(osMemoryPoolNew(4u, 13u, &attr) == K_NULL);
    attr.mp_mem = (uint8_t *)storage + 2;           /* misaligned (for 4- and 8-byte pointers) */
    attr.mp_size = sizeof storage - 2u;             /* (large enough for 3 blocks) */
    KT_ASSERT(osMemoryPoolNew(3u, 13u, &attr) == K_NULL);
    attr.mp_mem = K_NULL;                           /* a size without memory */
    KT_ASSERT(osMemoryPoolNew(4u, 13u, &attr) == K_NULL);
    attr.cb_mem = &cb;
    attr.cb_size = sizeof cb - 1u;
    attr.mp_mem = storage;
    attr.mp_size = sizeof storage;
    KT_ASSERT(osMemoryPoolNew(4u, 13u, &attr) == K_NULL);
    attr.cb_size = sizeof cb;
    mp = osMemoryPoolNew(4u, 13u, &attr);
    KT_ASSERT_PTR_EQ(mp, &cb);
    KT_ASSERT(osMemoryPoolNew(4u, 13u, &attr) == K_NULL);   /* in use */
    for (i = 0; i < 4u; i++) {
        b = osMemoryPoolAlloc(mp, 0u);
        KT_ASSERT((uint8_t *)b >= (uint8_t *)storage);
        KT_ASSERT((uint8_t *)b + 16 <= (uint8_t *)storage + sizeof storage);
    }
    KT_ASSERT_EQ(osMemoryPoolDelete(mp), osOK);
}

KTEST(mempool, delete_wakes_waiters)
{
    osThreadId_t a;

    mp = osMemoryPoolNew(1u, 8u, K_NULL);
    KT_ASSERT(osMemoryPoolAlloc(mp, 0u) != K_NULL);
    a = start_waiter(0, osWaitForever, OS2_ABOVE_MAIN);
    KT_ASSERT_EQ(osMemoryPoolDelete(mp), osOK);
    KT_ASSERT_EQ(osThreadJoin(a), osOK);
    KT_ASSERT(wt[0].blk == K_NULL);
    KT_ASSERT(osMemoryPoolAlloc(mp, 0u) == K_NULL);
    KT_ASSERT_EQ(osMemoryPoolFree(mp, os2_bogus), osErrorParameter);
    KT_ASSERT_EQ(osMemoryPoolGetCapacity(mp), 0u);
    KT_ASSERT_EQ(osMemoryPoolGetBlockSize(mp), 0u);
    KT_ASSERT_EQ(osMemoryPoolGetCount(mp), 0u);
    KT_ASSERT_EQ(osMemoryPoolGetSpace(mp), 0u);
    KT_ASSERT(osMemoryPoolGetName(mp) == K_NULL);
    KT_ASSERT_EQ(osMemoryPoolDelete(mp), osErrorParameter);
}

KTEST(mempool, errors_and_memory)
{
    uint32_t used = ktest_heap_used();

    KT_ASSERT(osMemoryPoolNew(0u, 8u, K_NULL) == K_NULL);
    KT_ASSERT(osMemoryPoolNew(8u, 0u, K_NULL) == K_NULL);
    KT_ASSERT(osMemoryPoolNew(0x10000000u, 0x100u, K_NULL) == K_NULL);     /* too large */
    KT_ASSERT(osMemoryPoolAlloc(K_NULL, 0u) == K_NULL);
    KT_ASSERT(osMemoryPoolAlloc(os2_bogus, 0u) == K_NULL);
    KT_ASSERT_EQ(osMemoryPoolGetCapacity(K_NULL), 0u);
    KT_ASSERT_EQ(osMemoryPoolDelete(K_NULL), osErrorParameter);
    KT_ASSERT_EQ(ktest_heap_used(), used);            /* nothing leaked */
    ktest_heap_exhaust();
    KT_ASSERT(osMemoryPoolNew(4u, 8u, K_NULL) == K_NULL);
    ktest_heap_restore();
    KT_ASSERT_EQ(ktest_heap_used(), used);
    mp = osMemoryPoolNew(4u, 8u, K_NULL);
    KT_ASSERT(mp != K_NULL);
    KT_ASSERT_GT(ktest_heap_used(), used);
    KT_ASSERT_EQ(osMemoryPoolDelete(mp), osOK);
    KT_ASSERT_EQ(ktest_heap_used(), used);            /* control block and blocks given back */
}

static volatile void *locked_blk;

static void locked_alloc_thread(void *arg)
{
    (void)arg;
    KT_ASSERT_EQ(osKernelLock(), 0);
    locked_blk = osMemoryPoolAlloc(mp, 10u);
    KT_ASSERT_EQ(osKernelUnlock(), 1);
}

KTEST(mempool, locked_kernel_cannot_wait)
{
    osThreadAttr_t a = os2_attr("l", OS2_ABOVE_MAIN, 1);
    uint32_t t0;

    os2_boot();
    mp = osMemoryPoolNew(1u, 8u, K_NULL);
    KT_ASSERT(osMemoryPoolAlloc(mp, 0u) != K_NULL);
    locked_blk = (void *)1;
    t0 = os2_now();
    KT_ASSERT_EQ(osThreadJoin(osThreadNew(locked_alloc_thread, K_NULL, &a)), osOK);
    KT_ASSERT(locked_blk == K_NULL);
    KT_ASSERT_EQ(os2_now(), t0);
}
