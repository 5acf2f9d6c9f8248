/*
 * Conformance: message queue (tos_message_queue.h). Pointers are passed by value through a
 * FIFO; a post to a queue with waiters hands the pointer straight to the most urgent waiter.
 */
#include "ktest.h"

#define MQ_CAP          4u
#define MQ_WAITERS      4u

/* Distinct, recognisable message pointers. */
static int mq_objs[16];
#define MSG(i)          ((void *)&mq_objs[(i)])

static k_msg_q_t mq;
static void *mq_pool[MQ_CAP];

/* ---- receiver tasks ---- */

typedef struct mq_waiter_st {
    k_prio_t            prio;
    k_tick_t            pre_delay;  /* ticks to sleep before pending (orders the blockers) */
    k_tick_t            timeout;
    volatile int        started;    /* about to pend */
    volatile int        done;
    volatile k_err_t    err;
    void *volatile      msg;
    volatile k_tick_t   tick;       /* when the pend returned */
} mq_waiter_t;

static mq_waiter_t mq_w[MQ_WAITERS];
static k_task_t mq_tasks[MQ_WAITERS];
static k_stack_t mq_stacks[MQ_WAITERS][KTEST_STK_SIZE];
static volatile unsigned mq_done_order[MQ_WAITERS];
static volatile unsigned mq_done_cnt;

static void mq_reset(void)
{
    memset(&mq, 0, sizeof(mq));
    memset(mq_pool, 0, sizeof(mq_pool));
    memset((void *)mq_w, 0, sizeof(mq_w));
    memset((void *)mq_done_order, 0, sizeof(mq_done_order));
    mq_done_cnt = 0u;
}

static void mq_waiter_entry(void *arg)
{
    unsigned i = (unsigned)(uintptr_t)arg;
    mq_waiter_t *w = &mq_w[i];
    void *msg = MSG(15);        /* a value no post uses */

    if (w->pre_delay) {
        tos_task_delay(w->pre_delay);
    }
    w->started = 1;
    w->err = tos_msg_q_pend(&mq, &msg, w->timeout);
    w->msg = msg;
    w->tick = tos_systick_get();
    mq_done_order[mq_done_cnt++] = i;
    w->done = 1;
}

/* Start receiver `i`; it pends on `mq` (after `pre_delay` ticks) with `timeout`. */
static void mq_waiter_start(unsigned i, k_prio_t prio, k_tick_t pre_delay, k_tick_t timeout)
{
    mq_w[i].prio = prio;
    mq_w[i].pre_delay = pre_delay;
    mq_w[i].timeout = timeout;
    ktest_task_create(&mq_tasks[i], "mq_waiter", mq_waiter_entry, (void *)(uintptr_t)i, prio,
                      mq_stacks[i]);
}

/* The queue holds nothing: a non-blocking pend finds it empty. */
static void mq_expect_empty(k_msg_q_t *q)
{
    void *m = MSG(14);

    KT_ASSERT_EQ(tos_msg_q_pend(q, &m, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_PTR_EQ(m, K_NULL);
}

static void mq_expect_msg(k_msg_q_t *q, void *want)
{
    void *m = MSG(14);

    KT_ASSERT_EQ(tos_msg_q_pend(q, &m, TOS_TIME_NOWAIT), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(m, want);
}

static uint32_t mq_heap_used(void)
{
    k_mmheap_info_t info;

    KT_ASSERT_EQ(tos_mmheap_check(&info), K_ERR_NONE);
    return info.used;
}

/* ---- create / destroy ---- */

KTEST(message_queue, create_rejects_bad_args)
{
    mq_reset();
    KT_ASSERT_EQ(tos_msg_q_create(K_NULL, mq_pool, MQ_CAP), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_msg_q_create(&mq, K_NULL, MQ_CAP), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_msg_q_create(&mq, mq_pool, 0u), K_ERR_RING_Q_FULL);

    /* none of the failed creates made mq a queue */
    KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(0)), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_msg_q_post_all(&mq, MSG(0)), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_msg_q_flush(&mq), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_msg_q_destroy(&mq), K_ERR_OBJ_INVALID);
    void *m = MSG(1);
    KT_ASSERT_EQ(tos_msg_q_pend(&mq, &m, TOS_TIME_NOWAIT), K_ERR_OBJ_INVALID);
    KT_ASSERT_PTR_EQ(m, MSG(1));
}

KTEST(message_queue, null_args_are_rejected)
{
    void *m = MSG(1);

    mq_reset();
    KT_ASSERT_EQ(tos_msg_q_create(&mq, mq_pool, MQ_CAP), K_ERR_NONE);
    KT_ASSERT_EQ(tos_msg_q_pend(K_NULL, &m, TOS_TIME_NOWAIT), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_msg_q_pend(K_NULL, &m, 10u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_msg_q_pend(&mq, K_NULL, TOS_TIME_NOWAIT), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_msg_q_pend(&mq, K_NULL, 10u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_msg_q_post(K_NULL, MSG(0)), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_msg_q_post_all(K_NULL, MSG(0)), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_msg_q_flush(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_msg_q_destroy(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_msg_q_create_dyn(K_NULL, MQ_CAP), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_msg_q_destroy_dyn(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_PTR_EQ(m, MSG(1));

    /* the NULL-argument calls left the queue alone; a NULL message is an ordinary value */
    mq_expect_empty(&mq);
    KT_ASSERT_EQ(tos_msg_q_post(&mq, K_NULL), K_ERR_NONE);
    m = MSG(1);
    KT_ASSERT_EQ(tos_msg_q_pend(&mq, &m, TOS_TIME_NOWAIT), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(m, K_NULL);
    KT_ASSERT_EQ(tos_msg_q_destroy(&mq), K_ERR_NONE);
}

KTEST(message_queue, destroyed_queue_is_invalid)
{
    void *m = MSG(1);

    mq_reset();
    KT_ASSERT_EQ(tos_msg_q_create(&mq, mq_pool, MQ_CAP), K_ERR_NONE);
    KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(0)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_msg_q_destroy(&mq), K_ERR_NONE);

    KT_ASSERT_EQ(tos_msg_q_pend(&mq, &m, TOS_TIME_NOWAIT), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_msg_q_pend(&mq, &m, 5u), K_ERR_OBJ_INVALID);
    KT_ASSERT_PTR_EQ(m, MSG(1));
    KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(2)), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_msg_q_post_all(&mq, MSG(2)), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_msg_q_flush(&mq), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_msg_q_destroy(&mq), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_msg_q_destroy_dyn(&mq), K_ERR_OBJ_INVALID);

    /* re-created, it starts empty: the message queued before the destroy is gone */
    KT_ASSERT_EQ(tos_msg_q_create(&mq, mq_pool, MQ_CAP), K_ERR_NONE);
    mq_expect_empty(&mq);
    KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(3)), K_ERR_NONE);
    mq_expect_msg(&mq, MSG(3));
    KT_ASSERT_EQ(tos_msg_q_destroy(&mq), K_ERR_NONE);
}

KTEST(message_queue, dynamic_create_and_alloc_type_checks)
{
    k_msg_q_t sq;
    void *spool[2];
    uint32_t base;

    mq_reset();
    memset(&sq, 0, sizeof(sq));
    base = mq_heap_used();

    KT_ASSERT_EQ(tos_msg_q_create_dyn(&mq, 0u), K_ERR_RING_Q_FULL);
    KT_ASSERT_EQ(tos_msg_q_create_dyn(&mq, (size_t)1u << 24), K_ERR_OUT_OF_MEMORY);
    KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(0)), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(mq_heap_used(), base);

    KT_ASSERT_EQ(tos_msg_q_create_dyn(&mq, 64u), K_ERR_NONE);
    KT_ASSERT_GE(mq_heap_used(), base + 64u * sizeof(void *));
    /* it is an ordinary queue of 64 */
    for (unsigned i = 0u; i < 64u; ++i) {
        KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(i % 16u)), K_ERR_NONE);
    }
    KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(0)), K_ERR_RING_Q_FULL);
    for (unsigned i = 0u; i < 64u; ++i) {
        mq_expect_msg(&mq, MSG(i % 16u));
    }
    mq_expect_empty(&mq);

    /* static destroy of a dynamic queue and vice versa are refused, leaving the queue intact */
    KT_ASSERT_EQ(tos_msg_q_destroy(&mq), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    KT_ASSERT_EQ(tos_msg_q_create(&sq, spool, 2u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_msg_q_destroy_dyn(&sq), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(5)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_msg_q_post(&sq, MSG(6)), K_ERR_NONE);
    mq_expect_msg(&mq, MSG(5));
    mq_expect_msg(&sq, MSG(6));

    KT_ASSERT_EQ(tos_msg_q_destroy_dyn(&mq), K_ERR_NONE);
    KT_ASSERT_EQ(mq_heap_used(), base);
    KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(0)), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_msg_q_destroy_dyn(&mq), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_msg_q_destroy(&sq), K_ERR_NONE);
}

KTEST(message_queue, flush_drops_queued_messages_only)
{
    mq_reset();
    KT_ASSERT_EQ(tos_msg_q_create(&mq, mq_pool, MQ_CAP), K_ERR_NONE);
    KT_ASSERT_EQ(tos_msg_q_flush(&mq), K_ERR_NONE);       /* empty: harmless */
    for (unsigned i = 0u; i < MQ_CAP; ++i) {
        KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(i)), K_ERR_NONE);
    }
    KT_ASSERT_EQ(tos_msg_q_flush(&mq), K_ERR_NONE);
    mq_expect_empty(&mq);
    /* full capacity again after the flush, FIFO from a fresh start */
    for (unsigned i = 0u; i < MQ_CAP; ++i) {
        KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(4u + i)), K_ERR_NONE);
    }
    KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(0)), K_ERR_RING_Q_FULL);
    for (unsigned i = 0u; i < MQ_CAP; ++i) {
        mq_expect_msg(&mq, MSG(4u + i));
    }

    /* a waiter is unaffected by a flush: still waiting, and served by the next post */
    mq_waiter_start(0, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[0].started, 1);
    KT_ASSERT_EQ(tos_msg_q_flush(&mq), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_delay(5u), K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[0].done, 0);
    KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(9)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[0].done, 1);
    KT_ASSERT_EQ(mq_w[0].err, K_ERR_NONE);
    KT_ASSERT_PTR_EQ(mq_w[0].msg, MSG(9));
}

/* ---- FIFO and capacity ---- */

KTEST(message_queue, fifo_order_with_wraparound)
{
    unsigned next_in = 0u, next_out = 0u;

    mq_reset();
    KT_ASSERT_EQ(tos_msg_q_create(&mq, mq_pool, MQ_CAP), K_ERR_NONE);

    /* fill, overflow, drain */
    for (unsigned i = 0u; i < MQ_CAP; ++i) {
        KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(next_in++ % 16u)), K_ERR_NONE);
    }
    KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(15)), K_ERR_RING_Q_FULL);
    KT_ASSERT_EQ(tos_msg_q_post_all(&mq, MSG(15)), K_ERR_RING_Q_FULL);
    for (unsigned i = 0u; i < MQ_CAP; ++i) {
        mq_expect_msg(&mq, MSG(next_out++ % 16u));
    }
    mq_expect_empty(&mq);

    /* laps of 3 in / 2 out, then 2 in / 3 out, so head and tail cross the pool's end in every
       relative position */
    for (unsigned lap = 0u; lap < 12u; ++lap) {
        unsigned in = (lap & 1u) ? 2u : 3u, out = (lap & 1u) ? 3u : 2u;
        for (unsigned i = 0u; i < in; ++i) {
            KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(next_in++ % 15u)), K_ERR_NONE);
        }
        for (unsigned i = 0u; i < out; ++i) {
            mq_expect_msg(&mq, MSG(next_out++ % 15u));
        }
    }
    KT_ASSERT_EQ(next_in, next_out);
    mq_expect_empty(&mq);

    /* full with the head in mid-pool */
    KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(0)), K_ERR_NONE);
    mq_expect_msg(&mq, MSG(0));
    for (unsigned i = 0u; i < MQ_CAP; ++i) {
        KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(10u + i)), K_ERR_NONE);
    }
    KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(15)), K_ERR_RING_Q_FULL);
    for (unsigned i = 0u; i < MQ_CAP; ++i) {
        mq_expect_msg(&mq, MSG(10u + i));
    }
    mq_expect_empty(&mq);
}

/* ---- pend error paths ---- */

KTEST(message_queue, pend_nowait_on_empty_sets_null)
{
    void *m = MSG(3);
    k_tick_t t0;

    mq_reset();
    KT_ASSERT_EQ(tos_msg_q_create(&mq, mq_pool, MQ_CAP), K_ERR_NONE);
    t0 = tos_systick_get();
    KT_ASSERT_EQ(tos_msg_q_pend(&mq, &m, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_PTR_EQ(m, K_NULL);
    KT_ASSERT_EQ(tos_systick_get(), t0);
    /* once something is queued, NOWAIT gets it */
    KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(4)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_msg_q_pend(&mq, &m, TOS_TIME_NOWAIT), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(m, MSG(4));
}

KTEST(message_queue, pend_times_out_after_exactly_n_ticks)
{
    static const k_tick_t waits[] = { 1u, 2u, 5u, 37u, 1000u };

    mq_reset();
    KT_ASSERT_EQ(tos_msg_q_create(&mq, mq_pool, MQ_CAP), K_ERR_NONE);
    for (unsigned i = 0u; i < sizeof(waits) / sizeof(waits[0]); ++i) {
        void *m = MSG(7);
        k_tick_t t0 = tos_systick_get();
        KT_ASSERT_EQ(tos_msg_q_pend(&mq, &m, waits[i]), K_ERR_PEND_TIMEOUT);
        KT_ASSERT_EQ(tos_systick_get() - t0, waits[i]);
        KT_ASSERT_PTR_EQ(m, MSG(7));        /* untouched on error */
    }
    mq_expect_empty(&mq);
    /* a timed-out receiver is no longer a waiter: the next post is queued */
    KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(8)), K_ERR_NONE);
    mq_expect_msg(&mq, MSG(8));
}

KTEST(message_queue, pend_gets_message_posted_before_timeout)
{
    k_tick_t t0;

    mq_reset();
    KT_ASSERT_EQ(tos_msg_q_create(&mq, mq_pool, MQ_CAP), K_ERR_NONE);
    t0 = tos_systick_get();
    mq_waiter_start(0, KTEST_MAIN_PRIO - 1u, 0u, 50u);       /* runs and blocks at once */
    KT_ASSERT_EQ(mq_w[0].started, 1);
    KT_ASSERT_EQ(mq_w[0].done, 0);
    KT_ASSERT_EQ(tos_task_delay(10u), K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[0].done, 0);
    KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(2)), K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[0].done, 1);                  /* more urgent: ran inside the post */
    KT_ASSERT_EQ(mq_w[0].err, K_ERR_NONE);
    KT_ASSERT_PTR_EQ(mq_w[0].msg, MSG(2));
    KT_ASSERT_EQ(mq_w[0].tick - t0, 10u);
    /* its timeout is cancelled: nothing happens at t0 + 50 */
    KT_ASSERT_EQ(tos_task_delay(60u), K_ERR_NONE);
    KT_ASSERT_EQ(mq_done_cnt, 1u);
    mq_expect_empty(&mq);
}

KTEST(message_queue, pend_with_sched_locked_is_refused)
{
    void *m = MSG(5);
    k_tick_t t0;

    mq_reset();
    KT_ASSERT_EQ(tos_msg_q_create(&mq, mq_pool, MQ_CAP), K_ERR_NONE);
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    t0 = tos_systick_get();
    KT_ASSERT_EQ(tos_msg_q_pend(&mq, &m, 5u), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_PTR_EQ(m, MSG(5));
    KT_ASSERT_EQ(tos_msg_q_pend(&mq, &m, TOS_TIME_FOREVER), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_PTR_EQ(m, MSG(5));
    KT_ASSERT_EQ(tos_systick_get(), t0);
    /* not blocking is fine while locked: NOWAIT still answers NOWAIT, a queued message is
       still delivered */
    KT_ASSERT_EQ(tos_msg_q_pend(&mq, &m, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_PTR_EQ(m, K_NULL);
    KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(6)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_msg_q_pend(&mq, &m, 5u), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(m, MSG(6));
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
}

static volatile k_err_t mq_isr_err[4];
static void *volatile mq_isr_msg;

static void mq_pend_isr(void)
{
    void *m = MSG(8);

    tos_knl_irq_enter();
    mq_isr_err[0] = tos_msg_q_pend(&mq, &m, TOS_TIME_NOWAIT);
    mq_isr_err[1] = tos_msg_q_pend(&mq, &m, TOS_TIME_FOREVER);
    mq_isr_err[2] = tos_msg_q_pend(&mq, &m, 10u);
    mq_isr_msg = m;
    tos_knl_irq_leave();
}

KTEST(message_queue, pend_from_isr_is_refused)
{
    mq_reset();
    for (unsigned i = 0u; i < 4u; ++i) {
        mq_isr_err[i] = K_ERR_NONE;
    }
    mq_isr_msg = K_NULL;
    KT_ASSERT_EQ(tos_msg_q_create(&mq, mq_pool, MQ_CAP), K_ERR_NONE);
    KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(1)), K_ERR_NONE);
    ktest_irq_connect(0, mq_pend_isr, 0x40);
    ktest_irq_raise(0);
    KT_ASSERT_EQ(mq_isr_err[0], K_ERR_IN_IRQ);
    KT_ASSERT_EQ(mq_isr_err[1], K_ERR_IN_IRQ);
    KT_ASSERT_EQ(mq_isr_err[2], K_ERR_IN_IRQ);
    KT_ASSERT_PTR_EQ(mq_isr_msg, MSG(8));
    /* the queued message was not consumed */
    mq_expect_msg(&mq, MSG(1));
    mq_expect_empty(&mq);
}

KTEST(message_queue, destroy_wakes_every_waiter_with_pend_destroy)
{
    k_tick_t t_destroy;

    mq_reset();
    KT_ASSERT_EQ(tos_msg_q_create(&mq, mq_pool, MQ_CAP), K_ERR_NONE);
    mq_waiter_start(0, KTEST_MAIN_PRIO - 1u, 0u, TOS_TIME_FOREVER);  /* blocks at once */
    mq_waiter_start(1, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER);
    mq_waiter_start(2, KTEST_MAIN_PRIO + 2u, 0u, 500u);
    mq_waiter_start(3, KTEST_MAIN_PRIO + 1u, 0u, 1000u);
    KT_ASSERT_EQ(tos_task_delay(3u), K_ERR_NONE);
    for (unsigned i = 0u; i < MQ_WAITERS; ++i) {
        KT_ASSERT_EQ(mq_w[i].started, 1);
        KT_ASSERT_EQ(mq_w[i].done, 0);
    }

    t_destroy = tos_systick_get();
    KT_ASSERT_EQ(tos_msg_q_destroy(&mq), K_ERR_NONE);
    /* the more urgent waiter ran inside the destroy; the others wait for us to block */
    KT_ASSERT_EQ(mq_w[0].done, 1);
    KT_ASSERT_EQ(mq_done_cnt, 1u);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(mq_done_cnt, MQ_WAITERS);
    for (unsigned i = 0u; i < MQ_WAITERS; ++i) {
        KT_ASSERT_EQ(mq_w[i].done, 1);
        KT_ASSERT_EQ(mq_w[i].err, K_ERR_PEND_DESTROY);
        KT_ASSERT_PTR_EQ(mq_w[i].msg, MSG(15));     /* untouched */
        KT_ASSERT_EQ(mq_w[i].tick, t_destroy);
    }
    /* run order follows priority (the order among the two equals is the ready queue's
       business, not the message queue's) */
    KT_ASSERT_EQ(mq_done_order[0], 0u);
    KT_ASSERT(mq_done_order[1] == 1u || mq_done_order[1] == 3u);
    KT_ASSERT(mq_done_order[2] == 1u || mq_done_order[2] == 3u);
    KT_ASSERT_NE(mq_done_order[1], mq_done_order[2]);
    KT_ASSERT_EQ(mq_done_order[3], 2u);
    /* the cancelled timeouts do nothing later */
    KT_ASSERT_EQ(tos_task_delay(1100u), K_ERR_NONE);
    KT_ASSERT_EQ(mq_done_cnt, MQ_WAITERS);
}

/* ---- delivery to waiters ---- */

KTEST(message_queue, post_hands_over_to_waiter_without_queueing)
{
    mq_reset();
    KT_ASSERT_EQ(tos_msg_q_create(&mq, mq_pool, MQ_CAP), K_ERR_NONE);

    /* a less urgent waiter: the post readies it but it cannot run yet, so the queue is the
       only place the message could be if it were not handed over */
    mq_waiter_start(0, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[0].started, 1);
    KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(3)), K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[0].done, 0);
    mq_expect_empty(&mq);
    /* the next post has no waiter any more: it is queued */
    KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(4)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[0].done, 1);
    KT_ASSERT_EQ(mq_w[0].err, K_ERR_NONE);
    KT_ASSERT_PTR_EQ(mq_w[0].msg, MSG(3));
    mq_expect_msg(&mq, MSG(4));
    mq_expect_empty(&mq);

    /* a more urgent waiter runs inside the post */
    mq_waiter_start(1, KTEST_MAIN_PRIO - 1u, 0u, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(mq_w[1].started, 1);
    KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(5)), K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[1].done, 1);
    KT_ASSERT_EQ(mq_w[1].err, K_ERR_NONE);
    KT_ASSERT_PTR_EQ(mq_w[1].msg, MSG(5));
    mq_expect_empty(&mq);

    /* even a full queue accepts a post while someone waits (nothing is queued) */
    KT_ASSERT_EQ(tos_msg_q_destroy(&mq), K_ERR_NONE);
    KT_ASSERT_EQ(tos_msg_q_create(&mq, mq_pool, 1u), K_ERR_NONE);
    mq_waiter_start(2, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(6)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(7)), K_ERR_NONE);     /* queued: now full */
    KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(8)), K_ERR_RING_Q_FULL);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(mq_w[2].msg, MSG(6));
    mq_expect_msg(&mq, MSG(7));
}

KTEST(message_queue, post_all_gives_same_pointer_to_every_waiter)
{
    mq_reset();
    KT_ASSERT_EQ(tos_msg_q_create(&mq, mq_pool, MQ_CAP), K_ERR_NONE);
    mq_waiter_start(0, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER);
    mq_waiter_start(1, KTEST_MAIN_PRIO + 2u, 0u, 100u);
    mq_waiter_start(2, KTEST_MAIN_PRIO - 1u, 0u, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);

    KT_ASSERT_EQ(tos_msg_q_post_all(&mq, MSG(11)), K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[2].done, 1);              /* the urgent one ran inside the post */
    mq_expect_empty(&mq);                       /* nothing was queued */
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    for (unsigned i = 0u; i < 3u; ++i) {
        KT_ASSERT_EQ(mq_w[i].done, 1);
        KT_ASSERT_EQ(mq_w[i].err, K_ERR_NONE);
        KT_ASSERT_PTR_EQ(mq_w[i].msg, MSG(11));
    }

    /* with nobody waiting, post_all queues exactly one copy */
    KT_ASSERT_EQ(tos_msg_q_post_all(&mq, MSG(12)), K_ERR_NONE);
    mq_expect_msg(&mq, MSG(12));
    mq_expect_empty(&mq);
}

KTEST(message_queue, waiters_served_by_priority_then_fifo)
{
    mq_reset();
    KT_ASSERT_EQ(tos_msg_q_create(&mq, mq_pool, MQ_CAP), K_ERR_NONE);
    /* all less urgent than us, so each post only hands over and readies. Blocking order:
       w1 (t+1), w3 (t+2), w0 (t+3), w2 (t+4) -- not the creation order */
    mq_waiter_start(0, KTEST_MAIN_PRIO + 2u, 3u, TOS_TIME_FOREVER);
    mq_waiter_start(1, KTEST_MAIN_PRIO + 2u, 1u, TOS_TIME_FOREVER);
    mq_waiter_start(2, KTEST_MAIN_PRIO + 1u, 4u, TOS_TIME_FOREVER);
    mq_waiter_start(3, KTEST_MAIN_PRIO + 1u, 2u, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(tos_task_delay(6u), K_ERR_NONE);
    for (unsigned i = 0u; i < MQ_WAITERS; ++i) {
        KT_ASSERT_EQ(mq_w[i].started, 1);
    }
    for (unsigned i = 0u; i < MQ_WAITERS; ++i) {
        KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(i)), K_ERR_NONE);
    }
    KT_ASSERT_EQ(mq_done_cnt, 0u);
    mq_expect_empty(&mq);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(mq_done_cnt, MQ_WAITERS);
    /* priority 11 first (w3 blocked before w2), then priority 12 (w1 before w0) */
    KT_ASSERT_PTR_EQ(mq_w[3].msg, MSG(0));
    KT_ASSERT_PTR_EQ(mq_w[2].msg, MSG(1));
    KT_ASSERT_PTR_EQ(mq_w[1].msg, MSG(2));
    KT_ASSERT_PTR_EQ(mq_w[0].msg, MSG(3));
}

static volatile int mq_isr_phase;

static void mq_post_isr(void)
{
    tos_knl_irq_enter();
    switch (mq_isr_phase) {
    case 0:
        mq_isr_err[0] = tos_msg_q_post(&mq, MSG(1));
        mq_isr_err[1] = tos_msg_q_post(&mq, MSG(2));
        break;
    case 1:
        mq_isr_err[0] = tos_msg_q_post(&mq, MSG(3));
        /* still in the ISR: the woken waiter has not run yet */
        mq_isr_err[1] = mq_w[0].done ? K_ERR_PEND_ABNORMAL : K_ERR_NONE;
        break;
    case 2:
        mq_isr_err[0] = tos_msg_q_post_all(&mq, MSG(4));
        break;
    default:
        for (unsigned i = 0u; i < MQ_CAP; ++i) {
            mq_isr_err[0] = tos_msg_q_post(&mq, MSG(5));
        }
        mq_isr_err[1] = tos_msg_q_post(&mq, MSG(6));
        break;
    }
    tos_knl_irq_leave();
}

KTEST(message_queue, post_from_isr)
{
    mq_reset();
    mq_isr_phase = 0;
    mq_isr_err[0] = mq_isr_err[1] = K_ERR_PEND_ABNORMAL;
    KT_ASSERT_EQ(tos_msg_q_create(&mq, mq_pool, MQ_CAP), K_ERR_NONE);
    ktest_irq_connect(1, mq_post_isr, 0x40);

    /* nobody waiting: queued */
    ktest_irq_raise(1);
    KT_ASSERT_EQ(mq_isr_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(mq_isr_err[1], K_ERR_NONE);
    mq_expect_msg(&mq, MSG(1));
    mq_expect_msg(&mq, MSG(2));
    mq_expect_empty(&mq);

    /* an urgent waiter: handed over, and it runs when the ISR leaves (before raise returns) */
    mq_isr_phase = 1;
    mq_isr_err[0] = mq_isr_err[1] = K_ERR_PEND_ABNORMAL;
    mq_waiter_start(0, KTEST_MAIN_PRIO - 1u, 0u, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(mq_w[0].started, 1);
    ktest_irq_raise(1);
    KT_ASSERT_EQ(mq_isr_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(mq_isr_err[1], K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[0].done, 1);
    KT_ASSERT_EQ(mq_w[0].err, K_ERR_NONE);
    KT_ASSERT_PTR_EQ(mq_w[0].msg, MSG(3));
    mq_expect_empty(&mq);

    /* post_all from an ISR */
    mq_isr_phase = 2;
    mq_isr_err[0] = K_ERR_PEND_ABNORMAL;
    mq_waiter_start(1, KTEST_MAIN_PRIO - 2u, 0u, TOS_TIME_FOREVER);
    mq_waiter_start(2, KTEST_MAIN_PRIO - 1u, 0u, 300u);
    ktest_irq_raise(1);
    KT_ASSERT_EQ(mq_isr_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[1].done, 1);
    KT_ASSERT_EQ(mq_w[2].done, 1);
    KT_ASSERT_PTR_EQ(mq_w[1].msg, MSG(4));
    KT_ASSERT_PTR_EQ(mq_w[2].msg, MSG(4));
    KT_ASSERT_EQ(mq_w[1].err, K_ERR_NONE);
    KT_ASSERT_EQ(mq_w[2].err, K_ERR_NONE);
    mq_expect_empty(&mq);

    /* overflow from an ISR */
    mq_isr_phase = 3;
    mq_isr_err[0] = mq_isr_err[1] = K_ERR_PEND_ABNORMAL;
    ktest_irq_raise(1);
    KT_ASSERT_EQ(mq_isr_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(mq_isr_err[1], K_ERR_RING_Q_FULL);
    for (unsigned i = 0u; i < MQ_CAP; ++i) {
        mq_expect_msg(&mq, MSG(5));
    }
    mq_expect_empty(&mq);
}

static void mq_timer_cb(void *arg)
{
    mq_isr_err[0] = tos_msg_q_post(&mq, arg);
}

KTEST(message_queue, pend_woken_by_timer_callback)
{
    k_timer_t t;
    k_tick_t t0;
    void *m = K_NULL;

    mq_reset();
    mq_isr_err[0] = K_ERR_PEND_ABNORMAL;
    KT_ASSERT_EQ(tos_msg_q_create(&mq, mq_pool, MQ_CAP), K_ERR_NONE);
    /* the post comes from the timer task, or from the tick ISR (TOS_CFG_TIMER_AS_PROC) */
    KT_ASSERT_EQ(tos_timer_create(&t, 7u, 0u, mq_timer_cb, MSG(9), TOS_OPT_TIMER_ONESHOT),
                 K_ERR_NONE);
    t0 = tos_systick_get();
    KT_ASSERT_EQ(tos_timer_start(&t), K_ERR_NONE);
    KT_ASSERT_EQ(tos_msg_q_pend(&mq, &m, TOS_TIME_FOREVER), K_ERR_NONE);
    KT_ASSERT_EQ(tos_systick_get(), t0 + 7u);
    KT_ASSERT_PTR_EQ(m, MSG(9));
    KT_ASSERT_EQ(mq_isr_err[0], K_ERR_NONE);
    mq_expect_empty(&mq);
}

KTEST_PRESTART(message_queue, usable_before_kernel_start)
{
    void *m = MSG(1);

    mq_reset();
    KT_ASSERT_EQ(tos_msg_q_create(&mq, mq_pool, MQ_CAP), K_ERR_NONE);
    KT_ASSERT_EQ(tos_msg_q_post(&mq, MSG(2)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_msg_q_post_all(&mq, MSG(3)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_msg_q_pend(&mq, &m, 10u), K_ERR_NONE);     /* available: no blocking */
    KT_ASSERT_PTR_EQ(m, MSG(2));
    KT_ASSERT_EQ(tos_msg_q_pend(&mq, &m, TOS_TIME_NOWAIT), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(m, MSG(3));
    KT_ASSERT_EQ(tos_msg_q_pend(&mq, &m, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_PTR_EQ(m, K_NULL);
    /* blocking is impossible before the kernel runs */
    KT_ASSERT_EQ(tos_msg_q_pend(&mq, &m, 10u), K_ERR_KNL_NOT_RUNNING);
    KT_ASSERT_EQ(tos_msg_q_destroy(&mq), K_ERR_NONE);
}
