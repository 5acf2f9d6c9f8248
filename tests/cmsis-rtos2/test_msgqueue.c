/*
 * CMSIS-RTOS2 message queues: osMessageQueueNew, osMessageQueueGetName, osMessageQueuePut,
 * osMessageQueueGet, osMessageQueueGetCapacity, osMessageQueueGetMsgSize,
 * osMessageQueueGetCount, osMessageQueueGetSpace, osMessageQueueReset, osMessageQueueDelete.
 */
#include "os2_test.h"

typedef struct {
    uint32_t id;
    char     text[8];
} msg_t;

static osMessageQueueId_t mq;

static msg_t mk(uint32_t id)
{
    msg_t m;

    memset(&m, 0, sizeof m);
    m.id = id;
    m.text[0] = (char)('a' + id % 26u);
    return m;
}

/* receivers and senders */
#define NW  3u
static struct {
    uint32_t timeout;
    msg_t msg;
    uint8_t prio;
    volatile int status;
    volatile uint32_t tick;
    volatile int done;
} wt[NW];
static volatile char order[NW + 1u];
static volatile unsigned norder;

static void receiver_thread(void *arg)
{
    unsigned i = (unsigned)(uintptr_t)arg;

    wt[i].status = osMessageQueueGet(mq, &wt[i].msg, &wt[i].prio, wt[i].timeout);
    wt[i].tick = os2_now();
    wt[i].done = 1;
    if (norder < NW) {
        order[norder++] = (char)('0' + i);
    }
}

static void sender_thread(void *arg)
{
    unsigned i = (unsigned)(uintptr_t)arg;

    wt[i].status = osMessageQueuePut(mq, &wt[i].msg, wt[i].prio, wt[i].timeout);
    wt[i].tick = os2_now();
    wt[i].done = 1;
    if (norder < NW) {
        order[norder++] = (char)('0' + i);
    }
}

static osThreadId_t start(void (*fn)(void *), unsigned i, uint32_t timeout, osPriority_t prio,
                          uint32_t msg_id, uint8_t msg_prio)
{
    osThreadAttr_t a = os2_attr("w", prio, 1);
    osThreadId_t id;

    wt[i].timeout = timeout;
    wt[i].msg = mk(msg_id);
    wt[i].prio = msg_prio;
    wt[i].status = 99;
    wt[i].done = 0;
    id = osThreadNew(fn, (void *)(uintptr_t)i, &a);
    KT_ASSERT(id != K_NULL);
    return id;
}

static void reset_order(void)
{
    norder = 0u;
    memset((void *)order, 0, sizeof order);
}

static void put(uint32_t id, uint8_t prio)
{
    msg_t m = mk(id);

    KT_ASSERT_EQ(osMessageQueuePut(mq, &m, prio, 0u), osOK);
}

static void get_expect(uint32_t id, uint8_t prio)
{
    msg_t m;
    uint8_t p = 0xEEu;

    memset(&m, 0, sizeof m);
    KT_ASSERT_EQ(osMessageQueueGet(mq, &m, &p, 0u), osOK);
    KT_ASSERT_EQ(m.id, id);
    KT_ASSERT_EQ(m.text[0], (char)('a' + id % 26u));
    KT_ASSERT_EQ(p, prio);
}

KTEST(msgqueue, put_get_and_queries)
{
    osMessageQueueAttr_t attr = { .name = "queue" };
    msg_t m;

    mq = osMessageQueueNew(4u, sizeof(msg_t), &attr);
    KT_ASSERT(mq != K_NULL);
    KT_ASSERT_STR_EQ(osMessageQueueGetName(mq), "queue");
    KT_ASSERT_EQ(osMessageQueueGetCapacity(mq), 4u);
    KT_ASSERT_EQ(osMessageQueueGetMsgSize(mq), sizeof(msg_t));
    KT_ASSERT_EQ(osMessageQueueGetCount(mq), 0u);
    KT_ASSERT_EQ(osMessageQueueGetSpace(mq), 4u);
    put(1u, 0u);
    put(2u, 0u);
    KT_ASSERT_EQ(osMessageQueueGetCount(mq), 2u);
    KT_ASSERT_EQ(osMessageQueueGetSpace(mq), 2u);
    get_expect(1u, 0u);
    KT_ASSERT_EQ(osMessageQueueGet(mq, &m, K_NULL, osWaitForever), osOK);  /* prio optional */
    KT_ASSERT_EQ(m.id, 2u);
    KT_ASSERT_EQ(osMessageQueueGet(mq, &m, K_NULL, 0u), osErrorResource);
    put(3u, 0u); put(4u, 0u); put(5u, 0u); put(6u, 0u);
    m = mk(7u);
    KT_ASSERT_EQ(osMessageQueuePut(mq, &m, 0u, 0u), osErrorResource);   /* full */
    KT_ASSERT_EQ(osMessageQueueGetSpace(mq), 0u);
    get_expect(3u, 0u);
    KT_ASSERT_EQ(osMessageQueueDelete(mq), osOK);
}

KTEST(msgqueue, priority_order)
{
    mq = osMessageQueueNew(8u, sizeof(msg_t), K_NULL);
    put(1u, 0u);
    put(2u, 5u);
    put(3u, 0u);
    put(4u, 9u);
    put(5u, 5u);
    put(6u, 255u);
    put(7u, 1u);
    put(8u, 9u);
    /* most urgent first, first in first out within a priority */
    get_expect(6u, 255u);
    get_expect(4u, 9u);
    get_expect(8u, 9u);
    get_expect(2u, 5u);
    get_expect(5u, 5u);
    get_expect(7u, 1u);
    get_expect(1u, 0u);
    get_expect(3u, 0u);
    KT_ASSERT_EQ(osMessageQueueGetCount(mq), 0u);
    /* the order holds when slots are reused */
    put(10u, 3u);
    put(11u, 7u);
    get_expect(11u, 7u);
    put(12u, 3u);
    put(13u, 4u);
    get_expect(13u, 4u);
    get_expect(10u, 3u);
    get_expect(12u, 3u);
}

KTEST(msgqueue, receivers_wait)
{
    uint32_t t0;
    msg_t m;

    mq = osMessageQueueNew(2u, sizeof(msg_t), K_NULL);
    t0 = os2_now();
    KT_ASSERT_EQ(osMessageQueueGet(mq, &m, K_NULL, 12u), osErrorTimeout);
    KT_ASSERT_EQ(os2_now(), t0 + 12u);

    reset_order();
    start(receiver_thread, 0, osWaitForever, osPriorityLow, 0u, 0u);
    start(receiver_thread, 1, osWaitForever, osPriorityHigh, 0u, 0u);
    start(receiver_thread, 2, 30u, osPriorityNormal, 0u, 0u);
    os2_sleep(1u);
    t0 = os2_now();
    put(21u, 4u);                                   /* straight to the most urgent receiver */
    KT_ASSERT_EQ(osMessageQueueGetCount(mq), 0u);
    os2_sleep(1u);
    KT_ASSERT_STR_EQ((const char *)order, "1");
    KT_ASSERT_EQ(wt[1].status, osOK);
    KT_ASSERT_EQ(wt[1].msg.id, 21u);
    KT_ASSERT_EQ(wt[1].prio, 4u);
    KT_ASSERT_EQ(wt[1].tick, t0);
    os2_sleep(40u);
    KT_ASSERT_STR_EQ((const char *)order, "12");
    KT_ASSERT_EQ(wt[2].status, osErrorTimeout);
    KT_ASSERT_EQ(wt[2].tick, t0 + 29u);             /* 30 ticks after it started */
    put(22u, 0u);
    os2_sleep(1u);
    KT_ASSERT_EQ(wt[0].status, osOK);
    KT_ASSERT_EQ(wt[0].msg.id, 22u);
}

KTEST(msgqueue, senders_wait_when_full)
{
    uint32_t t0;
    msg_t m = mk(99u);

    mq = osMessageQueueNew(2u, sizeof(msg_t), K_NULL);
    put(1u, 0u);
    put(2u, 0u);
    t0 = os2_now();
    KT_ASSERT_EQ(osMessageQueuePut(mq, &m, 0u, 9u), osErrorTimeout);
    KT_ASSERT_EQ(os2_now(), t0 + 9u);

    reset_order();
    start(sender_thread, 0, osWaitForever, osPriorityLow, 30u, 7u);
    start(sender_thread, 1, osWaitForever, osPriorityHigh, 31u, 0u);
    start(sender_thread, 2, 20u, osPriorityNormal, 32u, 0u);
    os2_sleep(1u);
    KT_ASSERT_EQ(norder, 0u);
    /* a free slot takes the most urgent sender's message */
    get_expect(1u, 0u);
    KT_ASSERT_EQ(osMessageQueueGetCount(mq), 2u);
    os2_sleep(1u);
    KT_ASSERT_STR_EQ((const char *)order, "1");
    KT_ASSERT_EQ(wt[1].status, osOK);
    os2_sleep(30u);
    KT_ASSERT_STR_EQ((const char *)order, "12");
    KT_ASSERT_EQ(wt[2].status, osErrorTimeout);
    get_expect(2u, 0u);                             /* admits sender 0's message (prio 7) */
    os2_sleep(1u);
    KT_ASSERT_STR_EQ((const char *)order, "120");
    KT_ASSERT_EQ(wt[0].status, osOK);
    get_expect(30u, 7u);
    get_expect(31u, 0u);
    KT_ASSERT_EQ(osMessageQueueGetCount(mq), 0u);
}

KTEST(msgqueue, reset)
{
    mq = osMessageQueueNew(2u, sizeof(msg_t), K_NULL);
    put(1u, 0u);
    put(2u, 3u);
    reset_order();
    start(sender_thread, 0, osWaitForever, OS2_ABOVE_MAIN, 40u, 1u);
    KT_ASSERT_EQ(wt[0].done, 0);
    KT_ASSERT_EQ(osMessageQueueReset(mq), osOK);
    KT_ASSERT_EQ(wt[0].done, 1);                    /* room made: queued */
    KT_ASSERT_EQ(wt[0].status, osOK);
    KT_ASSERT_EQ(osMessageQueueGetCount(mq), 1u);
    get_expect(40u, 1u);
    KT_ASSERT_EQ(osMessageQueueReset(mq), osOK);
    KT_ASSERT_EQ(osMessageQueueGetCount(mq), 0u);
    KT_ASSERT_EQ(osMessageQueueGetSpace(mq), 2u);
    put(3u, 0u);
    get_expect(3u, 0u);
}

static volatile int isr_st[7];
static volatile uint32_t isr_q[4];
static volatile osMessageQueueId_t isr_new;
static volatile const char *isr_name;
static msg_t isr_msg;
static uint8_t isr_prio;

static void mq_in_isr(void *arg)
{
    msg_t m = mk(50u);

    (void)arg;
    isr_new = osMessageQueueNew(1u, 4u, K_NULL);
    isr_st[0] = osMessageQueuePut(mq, &m, 2u, 0u);
    isr_st[1] = osMessageQueuePut(mq, &m, 2u, 0u);     /* full */
    isr_st[2] = osMessageQueuePut(mq, &m, 2u, 1u);     /* may not wait */
    isr_q[0] = osMessageQueueGetCapacity(mq);
    isr_q[1] = osMessageQueueGetMsgSize(mq);
    isr_q[2] = osMessageQueueGetCount(mq);
    isr_q[3] = osMessageQueueGetSpace(mq);
    isr_st[3] = osMessageQueueGet(mq, &isr_msg, &isr_prio, 0u);
    isr_st[4] = osMessageQueueGet(mq, &isr_msg, &isr_prio, 3u);
    isr_st[5] = osMessageQueueReset(mq);
    isr_name = osMessageQueueGetName(mq);
    isr_st[6] = osMessageQueueDelete(mq);
}

static void put_in_isr(void *arg)
{
    msg_t m = mk(60u);

    (void)arg;
    isr_st[0] = osMessageQueuePut(mq, &m, 6u, 0u);
}

KTEST(msgqueue, isr)
{
    osMessageQueueAttr_t attr = { .name = "q" };

    mq = osMessageQueueNew(1u, sizeof(msg_t), &attr);
    isr_new = (osMessageQueueId_t)1;
    os2_in_isr(mq_in_isr, K_NULL);
    KT_ASSERT(isr_new == K_NULL);
    KT_ASSERT_EQ(isr_st[0], osOK);
    KT_ASSERT_EQ(isr_st[1], osErrorResource);
    KT_ASSERT_EQ(isr_st[2], osErrorParameter);
    KT_ASSERT_EQ(isr_q[0], 1u);
    KT_ASSERT_EQ(isr_q[1], sizeof(msg_t));
    KT_ASSERT_EQ(isr_q[2], 1u);
    KT_ASSERT_EQ(isr_q[3], 0u);
    KT_ASSERT_EQ(isr_st[3], osOK);
    KT_ASSERT_EQ(isr_msg.id, 50u);
    KT_ASSERT_EQ(isr_prio, 2u);
    KT_ASSERT_EQ(isr_st[4], osErrorParameter);
    KT_ASSERT_EQ(isr_st[5], osErrorISR);
    KT_ASSERT_EQ(isr_st[6], osErrorISR);
    KT_ASSERT_STR_EQ((const char *)isr_name, "q");
    KT_ASSERT_EQ(osMessageQueueGetCapacity(mq), 1u);    /* not deleted */

    /* a put from an ISR reaches a waiting receiver */
    start(receiver_thread, 0, osWaitForever, OS2_ABOVE_MAIN, 0u, 0u);
    KT_ASSERT_EQ(wt[0].done, 0);
    os2_in_isr(put_in_isr, K_NULL);
    KT_ASSERT_EQ(isr_st[0], osOK);
    KT_ASSERT_EQ(wt[0].done, 1);
    KT_ASSERT_EQ(wt[0].msg.id, 60u);
    KT_ASSERT_EQ(wt[0].prio, 6u);
}

KTEST(msgqueue, delete_wakes_senders_and_receivers)
{
    osThreadId_t r, s;
    msg_t m;

    mq = osMessageQueueNew(1u, sizeof(msg_t), K_NULL);
    r = start(receiver_thread, 0, osWaitForever, OS2_ABOVE_MAIN, 0u, 0u);
    KT_ASSERT_EQ(osMessageQueueDelete(mq), osOK);
    KT_ASSERT_EQ(osThreadJoin(r), osOK);
    KT_ASSERT_EQ(wt[0].status, osErrorResource);

    mq = osMessageQueueNew(1u, sizeof(msg_t), K_NULL);
    put(1u, 0u);
    s = start(sender_thread, 1, 200u, OS2_ABOVE_MAIN, 2u, 0u);
    KT_ASSERT_EQ(osMessageQueueDelete(mq), osOK);
    KT_ASSERT_EQ(osThreadJoin(s), osOK);
    KT_ASSERT_EQ(wt[1].status, osErrorResource);

    KT_ASSERT_EQ(osMessageQueuePut(mq, &m, 0u, 0u), osErrorParameter);
    KT_ASSERT_EQ(osMessageQueueGet(mq, &m, K_NULL, 0u), osErrorParameter);
    KT_ASSERT_EQ(osMessageQueueGetCapacity(mq), 0u);
    KT_ASSERT_EQ(osMessageQueueGetMsgSize(mq), 0u);
    KT_ASSERT_EQ(osMessageQueueGetCount(mq), 0u);
    KT_ASSERT_EQ(osMessageQueueGetSpace(mq), 0u);
    KT_ASSERT(osMessageQueueGetName(mq) == K_NULL);
    KT_ASSERT_EQ(osMessageQueueReset(mq), osErrorParameter);
    KT_ASSERT_EQ(osMessageQueueDelete(mq), osErrorParameter);
}

KTEST(msgqueue, static_memory)
{
    static uint64_t storage[64];
    static osSprigMessageQueue_t cb;
    osMessageQueueAttr_t attr;
    uint32_t need = osSprigMessageQueueMemSize(3u, sizeof(msg_t));

    KT_ASSERT_LE(need, sizeof storage);
    memset(&attr, 0, sizeof attr);
    attr.mq_mem = storage;
    attr.mq_size = need - 1u;
    KT_ASSERT(osMessageQueueNew(3u, sizeof(msg_t), &attr) == K_NULL);     /* too small */
    attr.mq_mem = (uint8_t *)storage + 2;      /* misaligned for 4- and 8-byte pointers */
    attr.mq_size = need;
    KT_ASSERT(osMessageQueueNew(3u, sizeof(msg_t), &attr) == K_NULL);     /* misaligned */
    attr.mq_mem = K_NULL;
    KT_ASSERT(osMessageQueueNew(3u, sizeof(msg_t), &attr) == K_NULL);     /* size, no memory */
    attr.mq_mem = storage;
    attr.cb_mem = &cb;
    attr.cb_size = sizeof cb;
    mq = osMessageQueueNew(3u, sizeof(msg_t), &attr);
    KT_ASSERT_PTR_EQ(mq, &cb);
    KT_ASSERT(osMessageQueueNew(3u, sizeof(msg_t), &attr) == K_NULL);     /* in use */
    ktest_heap_exhaust();                             /* needs no heap */
    put(1u, 1u);
    put(2u, 2u);
    put(3u, 3u);
    get_expect(3u, 3u);
    get_expect(2u, 2u);
    get_expect(1u, 1u);
    KT_ASSERT_EQ(osMessageQueueDelete(mq), osOK);
    ktest_heap_restore();
}

KTEST(msgqueue, errors_and_memory)
{
    uint32_t used = ktest_heap_used();
    msg_t m = mk(1u);

    KT_ASSERT(osMessageQueueNew(0u, 4u, K_NULL) == K_NULL);
    KT_ASSERT(osMessageQueueNew(4u, 0u, K_NULL) == K_NULL);
    KT_ASSERT(osMessageQueueNew(0x10000000u, 0x100u, K_NULL) == K_NULL);
    KT_ASSERT_EQ(osMessageQueuePut(K_NULL, &m, 0u, 0u), osErrorParameter);
    KT_ASSERT_EQ(osMessageQueueGet(os2_bogus, &m, K_NULL, 0u), osErrorParameter);
    KT_ASSERT_EQ(ktest_heap_used(), used);
    ktest_heap_exhaust();
    KT_ASSERT(osMessageQueueNew(2u, 4u, K_NULL) == K_NULL);
    ktest_heap_restore();
    KT_ASSERT_EQ(ktest_heap_used(), used);
    mq = osMessageQueueNew(2u, sizeof m, K_NULL);
    KT_ASSERT_EQ(osMessageQueuePut(mq, K_NULL, 0u, 0u), osErrorParameter);
    KT_ASSERT_EQ(osMessageQueueGet(mq, K_NULL, K_NULL, 0u), osErrorParameter);
    KT_ASSERT_GT(ktest_heap_used(), used);
    KT_ASSERT_EQ(osMessageQueueDelete(mq), osOK);
    KT_ASSERT_EQ(ktest_heap_used(), used);
}

static volatile int locked_status[2];

static void locked_thread(void *arg)
{
    msg_t m = mk(1u);

    (void)arg;
    KT_ASSERT_EQ(osKernelLock(), 0);
    locked_status[0] = osMessageQueuePut(mq, &m, 0u, 10u);     /* full */
    KT_ASSERT_EQ(osMessageQueueGet(mq, &m, K_NULL, 0u), osOK);
    locked_status[1] = osMessageQueueGet(mq, &m, K_NULL, 10u);  /* empty */
    KT_ASSERT_EQ(osKernelUnlock(), 1);
}

KTEST(msgqueue, locked_kernel_cannot_wait)
{
    osThreadAttr_t a = os2_attr("l", OS2_ABOVE_MAIN, 1);

    os2_boot();
    mq = osMessageQueueNew(1u, sizeof(msg_t), K_NULL);
    put(1u, 0u);
    KT_ASSERT_EQ(osThreadJoin(osThreadNew(locked_thread, K_NULL, &a)), osOK);
    KT_ASSERT_EQ(locked_status[0], osErrorResource);
    KT_ASSERT_EQ(locked_status[1], osErrorResource);
}
