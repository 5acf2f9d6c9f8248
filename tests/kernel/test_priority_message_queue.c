/*
 * Conformance: priority message queue (tos_priority_message_queue.h). Pointers are posted with
 * a priority and received most urgent first (lowest number), FIFO within a priority; a post to
 * a queue with waiters hands the pointer straight to the most urgent waiter. create takes the
 * caller's pool and the manager array from the kernel heap; create_dyn takes both from it.
 */
#include "ktest.h"

#define PMQ_CAP         4u
#define PMQ_WAITERS     4u
#define PMQ_MODEL_CAP   32u
#define PMQ_BATCH_MAX   12u

/* Distinct, recognisable message pointers (never dereferenced by the queue). */
static int pmq_objs[16];
#define MSG(i)          ((void *)&pmq_objs[(i)])
/* Many distinct message values for the long sequences. */
#define MSG_ID(id)      ((void *)(uintptr_t)(0x10000u + (uintptr_t)(id) * 8u))
#define MSG_TO_ID(m)    ((uint32_t)(((uintptr_t)(m) - 0x10000u) / 8u))

static k_prio_msg_q_t pmq;
static void *pmq_pool[PMQ_CAP];

/* ---- receiver tasks ---- */

typedef struct pmq_waiter_st {
    k_tick_t            pre_delay;  /* ticks to sleep before pending (orders the blockers) */
    k_tick_t            timeout;
    volatile int        started;    /* about to pend */
    volatile int        done;
    volatile k_err_t    err;
    void *volatile      msg;
    volatile k_tick_t   tick;       /* when the pend returned */
} pmq_waiter_t;

static pmq_waiter_t pmq_w[PMQ_WAITERS];
static k_task_t pmq_tasks[PMQ_WAITERS];
static k_stack_t pmq_stacks[PMQ_WAITERS][KTEST_STK_SIZE];
static volatile unsigned pmq_done_order[PMQ_WAITERS];
static volatile unsigned pmq_done_cnt;

static uint32_t pmq_rng_state;

static uint32_t pmq_rng(void)
{
    uint32_t x = pmq_rng_state;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    pmq_rng_state = x;
    return x;
}

static void pmq_reset(void)
{
    memset(&pmq, 0, sizeof(pmq));
    memset(pmq_pool, 0, sizeof(pmq_pool));
    memset((void *)pmq_w, 0, sizeof(pmq_w));
    memset((void *)pmq_done_order, 0, sizeof(pmq_done_order));
    pmq_done_cnt = 0u;
    pmq_rng_state = 0x1234567u;
}

static void pmq_waiter_entry(void *arg)
{
    unsigned i = (unsigned)(uintptr_t)arg;
    pmq_waiter_t *w = &pmq_w[i];
    void *msg = MSG(15);        /* a value no post uses */

    if (w->pre_delay) {
        tos_task_delay(w->pre_delay);
    }
    w->started = 1;
    w->err = tos_prio_msg_q_pend(&pmq, &msg, w->timeout);
    w->msg = msg;
    w->tick = tos_systick_get();
    pmq_done_order[pmq_done_cnt++] = i;
    w->done = 1;
}

/* Start receiver `i`; it pends on `pmq` (after `pre_delay` ticks) with `timeout`. */
static void pmq_waiter_start(unsigned i, k_prio_t prio, k_tick_t pre_delay, k_tick_t timeout)
{
    pmq_w[i].pre_delay = pre_delay;
    pmq_w[i].timeout = timeout;
    ktest_task_create(&pmq_tasks[i], "pmq_waiter", pmq_waiter_entry, (void *)(uintptr_t)i, prio,
                      pmq_stacks[i]);
}

static void pmq_post(k_prio_msg_q_t *q, void *msg, k_prio_t prio)
{
    KT_ASSERT_EQ(tos_prio_msg_q_post(q, msg, prio), K_ERR_NONE);
}

/* The queue holds nothing: a non-blocking pend finds it empty. */
static void pmq_expect_empty(k_prio_msg_q_t *q)
{
    void *m = MSG(14);

    KT_ASSERT_EQ(tos_prio_msg_q_pend(q, &m, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_PTR_EQ(m, K_NULL);
}

static void pmq_expect_msg(k_prio_msg_q_t *q, void *want)
{
    void *m = MSG(14);

    KT_ASSERT_EQ(tos_prio_msg_q_pend(q, &m, TOS_TIME_NOWAIT), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(m, want);
}

static void pmq_heap_info(uint32_t *used, uint32_t *free_bytes)
{
    k_mmheap_info_t info;

    KT_ASSERT_EQ(tos_mmheap_check(&info), K_ERR_NONE);
    *used = info.used;
    *free_bytes = info.free;
}

static void pmq_expect_heap(uint32_t used0, uint32_t free0)
{
    uint32_t used, free_bytes;

    pmq_heap_info(&used, &free_bytes);
    KT_ASSERT_EQ(used, used0);
    KT_ASSERT_EQ(free_bytes, free0);
}

/* ---- create / destroy ---- */

KTEST(priority_message_queue, create_rejects_bad_args)
{
    uint32_t used0, free0;
    void *m = MSG(1);

    pmq_reset();
    pmq_heap_info(&used0, &free0);
    KT_ASSERT_EQ(tos_prio_msg_q_create(K_NULL, pmq_pool, PMQ_CAP), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, K_NULL, PMQ_CAP), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, pmq_pool, 0u), K_ERR_PRIO_Q_FULL);
    /* the manager array does not fit in the kernel heap, or its size not even in size_t */
    KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, pmq_pool, (size_t)1u << 24), K_ERR_OUT_OF_MEMORY);
    KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, pmq_pool, SIZE_MAX / 4u), K_ERR_OUT_OF_MEMORY);
    pmq_expect_heap(used0, free0);

    /* none of the failed creates made pmq a queue */
    KT_ASSERT_EQ(tos_prio_msg_q_post(&pmq, MSG(0), 0u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_msg_q_post_all(&pmq, MSG(0), 0u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_msg_q_flush(&pmq), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_msg_q_destroy(&pmq), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_msg_q_pend(&pmq, &m, TOS_TIME_NOWAIT), K_ERR_OBJ_INVALID);
    KT_ASSERT_PTR_EQ(m, MSG(1));
}

KTEST(priority_message_queue, create_takes_manager_array_from_heap)
{
    static void *pool[64];
    uint32_t used0, free0, used, free_bytes;

    pmq_reset();
    pmq_heap_info(&used0, &free0);
    KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, pool, 64u), K_ERR_NONE);
    pmq_heap_info(&used, &free_bytes);
    /* the manager array, but not the pool (which is ours) */
    KT_ASSERT_GE(used, used0 + TOS_PRIO_Q_MGR_ARRAY_SIZE(64u));
    KT_ASSERT_LT(used, used0 + TOS_PRIO_Q_MGR_ARRAY_SIZE(64u) + sizeof(pool) / 2u);
    KT_ASSERT_LT(free_bytes, free0);
    for (unsigned i = 0u; i < 64u; ++i) {
        pmq_post(&pmq, MSG_ID(i), (k_prio_t)(i % 7u));
    }
    KT_ASSERT_EQ(tos_prio_msg_q_post(&pmq, MSG(0), 0u), K_ERR_PRIO_Q_FULL);
    KT_ASSERT_EQ(tos_prio_msg_q_destroy(&pmq), K_ERR_NONE);    /* with messages queued */
    pmq_expect_heap(used0, free0);

    /* create / destroy many times: nothing leaks */
    for (unsigned i = 0u; i < 50u; ++i) {
        KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, pmq_pool, PMQ_CAP), K_ERR_NONE);
        pmq_post(&pmq, MSG(i % 14u), 1u);
        KT_ASSERT_EQ(tos_prio_msg_q_destroy(&pmq), K_ERR_NONE);
    }
    pmq_expect_heap(used0, free0);
}

KTEST(priority_message_queue, null_args_are_rejected)
{
    void *m = MSG(1);

    pmq_reset();
    KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, pmq_pool, PMQ_CAP), K_ERR_NONE);
    KT_ASSERT_EQ(tos_prio_msg_q_pend(K_NULL, &m, TOS_TIME_NOWAIT), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_msg_q_pend(K_NULL, &m, 10u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_msg_q_pend(&pmq, K_NULL, TOS_TIME_NOWAIT), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_msg_q_pend(&pmq, K_NULL, 10u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_msg_q_post(K_NULL, MSG(0), 0u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_msg_q_post_all(K_NULL, MSG(0), 0u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_msg_q_flush(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_msg_q_destroy(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_msg_q_create_dyn(K_NULL, PMQ_CAP), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_msg_q_destroy_dyn(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_PTR_EQ(m, MSG(1));

    /* the NULL-argument calls left the queue alone; a NULL message is an ordinary value */
    pmq_expect_empty(&pmq);
    pmq_post(&pmq, K_NULL, 3u);
    m = MSG(1);
    KT_ASSERT_EQ(tos_prio_msg_q_pend(&pmq, &m, TOS_TIME_NOWAIT), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(m, K_NULL);
    KT_ASSERT_EQ(tos_prio_msg_q_destroy(&pmq), K_ERR_NONE);
}

KTEST(priority_message_queue, destroyed_queue_is_invalid)
{
    void *m = MSG(1);

    pmq_reset();
    KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, pmq_pool, PMQ_CAP), K_ERR_NONE);
    pmq_post(&pmq, MSG(0), 0u);
    KT_ASSERT_EQ(tos_prio_msg_q_destroy(&pmq), K_ERR_NONE);

    KT_ASSERT_EQ(tos_prio_msg_q_pend(&pmq, &m, TOS_TIME_NOWAIT), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_msg_q_pend(&pmq, &m, 5u), K_ERR_OBJ_INVALID);
    KT_ASSERT_PTR_EQ(m, MSG(1));
    KT_ASSERT_EQ(tos_prio_msg_q_post(&pmq, MSG(2), 0u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_msg_q_post_all(&pmq, MSG(2), 0u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_msg_q_flush(&pmq), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_msg_q_destroy(&pmq), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_msg_q_destroy_dyn(&pmq), K_ERR_OBJ_INVALID);

    /* re-created, it starts empty: the message queued before the destroy is gone */
    KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, pmq_pool, PMQ_CAP), K_ERR_NONE);
    pmq_expect_empty(&pmq);
    pmq_post(&pmq, MSG(3), 9u);
    pmq_expect_msg(&pmq, MSG(3));
    KT_ASSERT_EQ(tos_prio_msg_q_destroy(&pmq), K_ERR_NONE);
}

KTEST(priority_message_queue, dynamic_create_and_alloc_type_checks)
{
    k_prio_msg_q_t sq;
    void *spool[2];
    uint32_t used0, free0, used, free_bytes;

    pmq_reset();
    memset(&sq, 0, sizeof(sq));
    pmq_heap_info(&used0, &free0);

    KT_ASSERT_EQ(tos_prio_msg_q_create_dyn(&pmq, 0u), K_ERR_PRIO_Q_FULL);
    KT_ASSERT_EQ(tos_prio_msg_q_create_dyn(&pmq, (size_t)1u << 24), K_ERR_OUT_OF_MEMORY);
    KT_ASSERT_EQ(tos_prio_msg_q_create_dyn(&pmq, SIZE_MAX / 4u), K_ERR_OUT_OF_MEMORY);
    KT_ASSERT_EQ(tos_prio_msg_q_post(&pmq, MSG(0), 0u), K_ERR_OBJ_INVALID);
    pmq_expect_heap(used0, free0);

    KT_ASSERT_EQ(tos_prio_msg_q_create_dyn(&pmq, 64u), K_ERR_NONE);
    pmq_heap_info(&used, &free_bytes);
    KT_ASSERT_GE(used, used0 + 64u * sizeof(void *) + TOS_PRIO_Q_MGR_ARRAY_SIZE(64u));
    KT_ASSERT_LT(free_bytes, free0);
    /* it is an ordinary queue of 64 */
    for (unsigned i = 0u; i < 64u; ++i) {
        pmq_post(&pmq, MSG_ID(i), (k_prio_t)(i % 2u));
    }
    KT_ASSERT_EQ(tos_prio_msg_q_post(&pmq, MSG(0), 0u), K_ERR_PRIO_Q_FULL);
    for (unsigned i = 0u; i < 64u; i += 2u) {
        pmq_expect_msg(&pmq, MSG_ID(i));
    }
    for (unsigned i = 1u; i < 64u; i += 2u) {
        pmq_expect_msg(&pmq, MSG_ID(i));
    }
    pmq_expect_empty(&pmq);

    /* static destroy of a dynamic queue and vice versa are refused, leaving the queue intact */
    KT_ASSERT_EQ(tos_prio_msg_q_destroy(&pmq), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    KT_ASSERT_EQ(tos_prio_msg_q_create(&sq, spool, 2u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_prio_msg_q_destroy_dyn(&sq), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    pmq_post(&pmq, MSG(5), 1u);
    pmq_post(&sq, MSG(6), 1u);
    pmq_expect_msg(&pmq, MSG(5));
    pmq_expect_msg(&sq, MSG(6));
    KT_ASSERT_EQ(tos_prio_msg_q_destroy(&sq), K_ERR_NONE);

    KT_ASSERT_EQ(tos_prio_msg_q_destroy_dyn(&pmq), K_ERR_NONE);
    pmq_expect_heap(used0, free0);
    KT_ASSERT_EQ(tos_prio_msg_q_post(&pmq, MSG(0), 0u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_msg_q_destroy_dyn(&pmq), K_ERR_OBJ_INVALID);
}

KTEST(priority_message_queue, flush_drops_queued_messages_only)
{
    pmq_reset();
    KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, pmq_pool, PMQ_CAP), K_ERR_NONE);
    KT_ASSERT_EQ(tos_prio_msg_q_flush(&pmq), K_ERR_NONE);      /* empty: harmless */
    for (unsigned i = 0u; i < PMQ_CAP; ++i) {
        pmq_post(&pmq, MSG(i), (k_prio_t)i);
    }
    KT_ASSERT_EQ(tos_prio_msg_q_flush(&pmq), K_ERR_NONE);
    pmq_expect_empty(&pmq);
    /* full capacity again after the flush, in order from a fresh start */
    for (unsigned i = 0u; i < PMQ_CAP; ++i) {
        pmq_post(&pmq, MSG(4u + i), 5u);
    }
    KT_ASSERT_EQ(tos_prio_msg_q_post(&pmq, MSG(0), 0u), K_ERR_PRIO_Q_FULL);
    for (unsigned i = 0u; i < PMQ_CAP; ++i) {
        pmq_expect_msg(&pmq, MSG(4u + i));
    }

    /* a waiter is unaffected by a flush: still waiting, and served by the next post */
    pmq_waiter_start(0, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(pmq_w[0].started, 1);
    KT_ASSERT_EQ(tos_prio_msg_q_flush(&pmq), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_delay(5u), K_ERR_NONE);
    KT_ASSERT_EQ(pmq_w[0].done, 0);
    pmq_post(&pmq, MSG(9), 200u);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(pmq_w[0].done, 1);
    KT_ASSERT_EQ(pmq_w[0].err, K_ERR_NONE);
    KT_ASSERT_PTR_EQ(pmq_w[0].msg, MSG(9));
}

/* ---- order and capacity ---- */

KTEST(priority_message_queue, most_urgent_first_fifo_within_priority)
{
    pmq_reset();
    KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, pmq_pool, PMQ_CAP), K_ERR_NONE);
    pmq_post(&pmq, MSG(0), 7u);
    pmq_post(&pmq, MSG(1), 3u);
    pmq_post(&pmq, MSG(2), 7u);
    KT_ASSERT_EQ(tos_prio_msg_q_post_all(&pmq, MSG(3), 3u), K_ERR_NONE);   /* queued once */
    /* full: post and post_all are refused whatever the priority */
    KT_ASSERT_EQ(tos_prio_msg_q_post(&pmq, MSG(4), 0u), K_ERR_PRIO_Q_FULL);
    KT_ASSERT_EQ(tos_prio_msg_q_post_all(&pmq, MSG(4), 0u), K_ERR_PRIO_Q_FULL);
    pmq_expect_msg(&pmq, MSG(1));
    pmq_expect_msg(&pmq, MSG(3));
    /* a more urgent message overtakes what is left */
    pmq_post(&pmq, MSG(5), 0u);
    pmq_post(&pmq, MSG(6), 255u);
    pmq_expect_msg(&pmq, MSG(5));
    pmq_expect_msg(&pmq, MSG(0));
    pmq_expect_msg(&pmq, MSG(2));
    pmq_expect_msg(&pmq, MSG(6));
    pmq_expect_empty(&pmq);
}

/* Random posts (post or post_all, nobody waiting) and non-blocking pends against a plain
   model: the first of the most urgent priority comes out. */
static void *pmq_model_pool[PMQ_MODEL_CAP];
static struct { uint32_t id; k_prio_t prio; } pmq_model[PMQ_MODEL_CAP];
static unsigned pmq_model_cnt;

KTEST(priority_message_queue, random_sequences_match_reference_model)
{
    uint32_t next_id = 0u;
    unsigned received = 0u, fulls = 0u, empties = 0u;

    pmq_reset();
    pmq_model_cnt = 0u;
    memset(pmq_model, 0, sizeof(pmq_model));
    KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, pmq_model_pool, PMQ_MODEL_CAP), K_ERR_NONE);
    for (unsigned step = 0u; step < 20000u; ++step) {
        uint32_t r = pmq_rng();
        int post = ((step / 300u) & 1u) ? (r % 100u) < 35u : (r % 100u) < 65u;

        if (post) {
            k_prio_t prio = (k_prio_t)((r >> 16) % 5u);
            k_err_t err = (r & 0x100u) ? tos_prio_msg_q_post_all(&pmq, MSG_ID(next_id), prio)
                                       : tos_prio_msg_q_post(&pmq, MSG_ID(next_id), prio);
            if (pmq_model_cnt == PMQ_MODEL_CAP) {
                KT_ASSERT_EQ(err, K_ERR_PRIO_Q_FULL);
                ++fulls;
            } else {
                KT_ASSERT_EQ(err, K_ERR_NONE);
                pmq_model[pmq_model_cnt].id = next_id++;
                pmq_model[pmq_model_cnt].prio = prio;
                ++pmq_model_cnt;
            }
        } else if (pmq_model_cnt == 0u) {
            pmq_expect_empty(&pmq);
            ++empties;
        } else {
            unsigned best = 0u;
            void *m = K_NULL;

            for (unsigned i = 1u; i < pmq_model_cnt; ++i) {
                if (pmq_model[i].prio < pmq_model[best].prio) {
                    best = i;
                }
            }
            KT_ASSERT_EQ(tos_prio_msg_q_pend(&pmq, &m, (r & 0x200u) ? 10u : TOS_TIME_NOWAIT),
                         K_ERR_NONE);
            KT_ASSERT_EQ(MSG_TO_ID(m), pmq_model[best].id);
            memmove(&pmq_model[best], &pmq_model[best + 1u],
                    (pmq_model_cnt - best - 1u) * sizeof(pmq_model[0]));
            --pmq_model_cnt;
            ++received;
        }
    }
    KT_ASSERT_GT(received, 5000u);
    KT_ASSERT_GT(fulls, 50u);
    KT_ASSERT_GT(empties, 50u);
    KT_ASSERT_EQ(tos_prio_msg_q_destroy(&pmq), K_ERR_NONE);
}

/* ---- pend error paths ---- */

KTEST(priority_message_queue, pend_nowait_on_empty_sets_null)
{
    void *m = MSG(3);
    k_tick_t t0;

    pmq_reset();
    KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, pmq_pool, PMQ_CAP), K_ERR_NONE);
    t0 = tos_systick_get();
    KT_ASSERT_EQ(tos_prio_msg_q_pend(&pmq, &m, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_PTR_EQ(m, K_NULL);
    KT_ASSERT_EQ(tos_systick_get(), t0);
    pmq_post(&pmq, MSG(4), 1u);
    KT_ASSERT_EQ(tos_prio_msg_q_pend(&pmq, &m, TOS_TIME_NOWAIT), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(m, MSG(4));
}

KTEST(priority_message_queue, pend_times_out_after_exactly_n_ticks)
{
    static const k_tick_t waits[] = { 1u, 2u, 5u, 37u, 1000u };

    pmq_reset();
    KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, pmq_pool, PMQ_CAP), K_ERR_NONE);
    for (unsigned i = 0u; i < sizeof(waits) / sizeof(waits[0]); ++i) {
        void *m = MSG(7);
        k_tick_t t0 = tos_systick_get();
        KT_ASSERT_EQ(tos_prio_msg_q_pend(&pmq, &m, waits[i]), K_ERR_PEND_TIMEOUT);
        KT_ASSERT_EQ(tos_systick_get() - t0, waits[i]);
        KT_ASSERT_PTR_EQ(m, MSG(7));        /* untouched on error */
    }
    pmq_expect_empty(&pmq);
    /* a timed-out receiver is no longer a waiter: the next post is queued */
    pmq_post(&pmq, MSG(8), 0u);
    pmq_expect_msg(&pmq, MSG(8));
}

KTEST(priority_message_queue, pend_gets_message_posted_before_timeout)
{
    k_tick_t t0;

    pmq_reset();
    KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, pmq_pool, PMQ_CAP), K_ERR_NONE);
    t0 = tos_systick_get();
    pmq_waiter_start(0, KTEST_MAIN_PRIO - 1u, 0u, 50u);     /* runs and blocks at once */
    KT_ASSERT_EQ(pmq_w[0].started, 1);
    KT_ASSERT_EQ(tos_task_delay(10u), K_ERR_NONE);
    KT_ASSERT_EQ(pmq_w[0].done, 0);
    pmq_post(&pmq, MSG(2), 100u);
    KT_ASSERT_EQ(pmq_w[0].done, 1);                 /* more urgent: ran inside the post */
    KT_ASSERT_EQ(pmq_w[0].err, K_ERR_NONE);
    KT_ASSERT_PTR_EQ(pmq_w[0].msg, MSG(2));
    KT_ASSERT_EQ(pmq_w[0].tick - t0, 10u);
    /* its timeout is cancelled: nothing happens at t0 + 50 */
    KT_ASSERT_EQ(tos_task_delay(60u), K_ERR_NONE);
    KT_ASSERT_EQ(pmq_done_cnt, 1u);
    pmq_expect_empty(&pmq);
}

KTEST(priority_message_queue, pend_with_sched_locked_is_refused)
{
    void *m = MSG(5);
    k_tick_t t0;

    pmq_reset();
    KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, pmq_pool, PMQ_CAP), K_ERR_NONE);
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    t0 = tos_systick_get();
    KT_ASSERT_EQ(tos_prio_msg_q_pend(&pmq, &m, 5u), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_PTR_EQ(m, MSG(5));
    KT_ASSERT_EQ(tos_prio_msg_q_pend(&pmq, &m, TOS_TIME_FOREVER), K_ERR_PEND_SCHED_LOCKED);
    KT_ASSERT_PTR_EQ(m, MSG(5));
    KT_ASSERT_EQ(tos_systick_get(), t0);
    KT_ASSERT_EQ(tos_prio_msg_q_pend(&pmq, &m, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_PTR_EQ(m, K_NULL);
    pmq_post(&pmq, MSG(6), 2u);
    pmq_post(&pmq, MSG(7), 1u);
    KT_ASSERT_EQ(tos_prio_msg_q_pend(&pmq, &m, 5u), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(m, MSG(7));
    KT_ASSERT_EQ(tos_knl_sched_unlock(), K_ERR_NONE);
    pmq_expect_msg(&pmq, MSG(6));
}

static volatile k_err_t pmq_isr_err[4];
static void *volatile pmq_isr_msg;

static void pmq_pend_isr(void)
{
    void *m = MSG(8);

    tos_knl_irq_enter();
    pmq_isr_err[0] = tos_prio_msg_q_pend(&pmq, &m, TOS_TIME_NOWAIT);
    pmq_isr_err[1] = tos_prio_msg_q_pend(&pmq, &m, TOS_TIME_FOREVER);
    pmq_isr_err[2] = tos_prio_msg_q_pend(&pmq, &m, 10u);
    pmq_isr_msg = m;
    tos_knl_irq_leave();
}

KTEST(priority_message_queue, pend_from_isr_is_refused)
{
    pmq_reset();
    for (unsigned i = 0u; i < 4u; ++i) {
        pmq_isr_err[i] = K_ERR_NONE;
    }
    pmq_isr_msg = K_NULL;
    KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, pmq_pool, PMQ_CAP), K_ERR_NONE);
    pmq_post(&pmq, MSG(1), 0u);
    ktest_irq_connect(0, pmq_pend_isr, 0x40);
    ktest_irq_raise(0);
    KT_ASSERT_EQ(pmq_isr_err[0], K_ERR_IN_IRQ);
    KT_ASSERT_EQ(pmq_isr_err[1], K_ERR_IN_IRQ);
    KT_ASSERT_EQ(pmq_isr_err[2], K_ERR_IN_IRQ);
    KT_ASSERT_PTR_EQ(pmq_isr_msg, MSG(8));
    /* the queued message was not consumed */
    pmq_expect_msg(&pmq, MSG(1));
    pmq_expect_empty(&pmq);
}

static void pmq_check_destroy_wakeups(k_tick_t t_destroy)
{
    for (unsigned i = 0u; i < PMQ_WAITERS; ++i) {
        KT_ASSERT_EQ(pmq_w[i].done, 1);
        KT_ASSERT_EQ(pmq_w[i].err, K_ERR_PEND_DESTROY);
        KT_ASSERT_PTR_EQ(pmq_w[i].msg, MSG(15));    /* untouched */
        KT_ASSERT_EQ(pmq_w[i].tick, t_destroy);
    }
    /* run order follows task priority */
    KT_ASSERT_EQ(pmq_done_order[0], 0u);
    KT_ASSERT(pmq_done_order[1] == 1u || pmq_done_order[1] == 3u);
    KT_ASSERT(pmq_done_order[2] == 1u || pmq_done_order[2] == 3u);
    KT_ASSERT_NE(pmq_done_order[1], pmq_done_order[2]);
    KT_ASSERT_EQ(pmq_done_order[3], 2u);
}

KTEST(priority_message_queue, destroy_wakes_every_waiter_with_pend_destroy)
{
    uint32_t used0, free0;
    k_tick_t t_destroy;

    pmq_reset();
    pmq_heap_info(&used0, &free0);
    KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, pmq_pool, PMQ_CAP), K_ERR_NONE);
    pmq_waiter_start(0, KTEST_MAIN_PRIO - 1u, 0u, TOS_TIME_FOREVER);    /* blocks at once */
    pmq_waiter_start(1, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER);
    pmq_waiter_start(2, KTEST_MAIN_PRIO + 2u, 0u, 500u);
    pmq_waiter_start(3, KTEST_MAIN_PRIO + 1u, 0u, 1000u);
    KT_ASSERT_EQ(tos_task_delay(3u), K_ERR_NONE);
    for (unsigned i = 0u; i < PMQ_WAITERS; ++i) {
        KT_ASSERT_EQ(pmq_w[i].started, 1);
        KT_ASSERT_EQ(pmq_w[i].done, 0);
    }

    t_destroy = tos_systick_get();
    KT_ASSERT_EQ(tos_prio_msg_q_destroy(&pmq), K_ERR_NONE);
    /* the more urgent waiter ran inside the destroy; the others wait for us to block */
    KT_ASSERT_EQ(pmq_w[0].done, 1);
    KT_ASSERT_EQ(pmq_done_cnt, 1u);
    KT_ASSERT_EQ(tos_prio_msg_q_post(&pmq, MSG(1), 0u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(pmq_done_cnt, PMQ_WAITERS);
    pmq_check_destroy_wakeups(t_destroy);
    pmq_expect_heap(used0, free0);          /* the manager array was freed */
    /* the cancelled timeouts do nothing later */
    KT_ASSERT_EQ(tos_task_delay(1100u), K_ERR_NONE);
    KT_ASSERT_EQ(pmq_done_cnt, PMQ_WAITERS);
}

KTEST(priority_message_queue, destroy_dyn_wakes_waiters_and_frees_storage)
{
    uint32_t used0, free0;
    k_tick_t t_destroy;

    pmq_reset();
    pmq_heap_info(&used0, &free0);
    KT_ASSERT_EQ(tos_prio_msg_q_create_dyn(&pmq, 16u), K_ERR_NONE);
    pmq_waiter_start(0, KTEST_MAIN_PRIO - 1u, 0u, TOS_TIME_FOREVER);
    pmq_waiter_start(1, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER);
    pmq_waiter_start(2, KTEST_MAIN_PRIO + 2u, 0u, 500u);
    pmq_waiter_start(3, KTEST_MAIN_PRIO + 1u, 0u, 1000u);
    KT_ASSERT_EQ(tos_task_delay(3u), K_ERR_NONE);
    t_destroy = tos_systick_get();
    KT_ASSERT_EQ(tos_prio_msg_q_destroy_dyn(&pmq), K_ERR_NONE);
    KT_ASSERT_EQ(pmq_done_cnt, 1u);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    pmq_check_destroy_wakeups(t_destroy);
    pmq_expect_heap(used0, free0);
}

/* ---- delivery to waiters ---- */

KTEST(priority_message_queue, post_hands_over_to_waiter_without_queueing)
{
    pmq_reset();
    KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, pmq_pool, PMQ_CAP), K_ERR_NONE);

    /* a less urgent waiter: the post readies it but it cannot run yet, so the queue is the
       only place the message could be if it were not handed over; the message's priority
       (the least urgent one) does not matter */
    pmq_waiter_start(0, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(pmq_w[0].started, 1);
    pmq_post(&pmq, MSG(3), 255u);
    KT_ASSERT_EQ(pmq_w[0].done, 0);
    pmq_expect_empty(&pmq);
    /* the next post has no waiter any more: it is queued */
    pmq_post(&pmq, MSG(4), 0u);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(pmq_w[0].done, 1);
    KT_ASSERT_EQ(pmq_w[0].err, K_ERR_NONE);
    KT_ASSERT_PTR_EQ(pmq_w[0].msg, MSG(3));
    pmq_expect_msg(&pmq, MSG(4));
    pmq_expect_empty(&pmq);

    /* a more urgent waiter runs inside the post */
    pmq_waiter_start(1, KTEST_MAIN_PRIO - 1u, 0u, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(pmq_w[1].started, 1);
    pmq_post(&pmq, MSG(5), 9u);
    KT_ASSERT_EQ(pmq_w[1].done, 1);
    KT_ASSERT_EQ(pmq_w[1].err, K_ERR_NONE);
    KT_ASSERT_PTR_EQ(pmq_w[1].msg, MSG(5));
    pmq_expect_empty(&pmq);

    /* even a full queue accepts a post while someone waits (nothing is queued) */
    KT_ASSERT_EQ(tos_prio_msg_q_destroy(&pmq), K_ERR_NONE);
    KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, pmq_pool, 1u), K_ERR_NONE);
    pmq_waiter_start(2, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    pmq_post(&pmq, MSG(6), 1u);
    pmq_post(&pmq, MSG(7), 1u);                 /* queued: now full */
    KT_ASSERT_EQ(tos_prio_msg_q_post(&pmq, MSG(8), 0u), K_ERR_PRIO_Q_FULL);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(pmq_w[2].msg, MSG(6));
    pmq_expect_msg(&pmq, MSG(7));
}

KTEST(priority_message_queue, post_all_gives_same_pointer_to_every_waiter)
{
    pmq_reset();
    KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, pmq_pool, PMQ_CAP), K_ERR_NONE);
    pmq_waiter_start(0, KTEST_MAIN_PRIO + 1u, 0u, TOS_TIME_FOREVER);
    pmq_waiter_start(1, KTEST_MAIN_PRIO + 2u, 0u, 100u);
    pmq_waiter_start(2, KTEST_MAIN_PRIO - 1u, 0u, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);

    KT_ASSERT_EQ(tos_prio_msg_q_post_all(&pmq, MSG(11), 4u), K_ERR_NONE);
    KT_ASSERT_EQ(pmq_w[2].done, 1);             /* the urgent one ran inside the post */
    pmq_expect_empty(&pmq);                     /* nothing was queued */
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    for (unsigned i = 0u; i < 3u; ++i) {
        KT_ASSERT_EQ(pmq_w[i].done, 1);
        KT_ASSERT_EQ(pmq_w[i].err, K_ERR_NONE);
        KT_ASSERT_PTR_EQ(pmq_w[i].msg, MSG(11));
    }

    /* with nobody waiting, post_all queues exactly one copy */
    KT_ASSERT_EQ(tos_prio_msg_q_post_all(&pmq, MSG(12), 4u), K_ERR_NONE);
    pmq_expect_msg(&pmq, MSG(12));
    pmq_expect_empty(&pmq);
}

KTEST(priority_message_queue, waiters_served_by_priority_then_fifo)
{
    pmq_reset();
    KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, pmq_pool, PMQ_CAP), K_ERR_NONE);
    /* all less urgent than us, so each post only hands over and readies. Blocking order:
       w1 (t+1), w3 (t+2), w0 (t+3), w2 (t+4) -- not the creation order */
    pmq_waiter_start(0, KTEST_MAIN_PRIO + 2u, 3u, TOS_TIME_FOREVER);
    pmq_waiter_start(1, KTEST_MAIN_PRIO + 2u, 1u, TOS_TIME_FOREVER);
    pmq_waiter_start(2, KTEST_MAIN_PRIO + 1u, 4u, TOS_TIME_FOREVER);
    pmq_waiter_start(3, KTEST_MAIN_PRIO + 1u, 2u, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(tos_task_delay(6u), K_ERR_NONE);
    for (unsigned i = 0u; i < PMQ_WAITERS; ++i) {
        KT_ASSERT_EQ(pmq_w[i].started, 1);
    }
    /* the messages' own priorities (most urgent last) play no part in who gets what */
    for (unsigned i = 0u; i < PMQ_WAITERS; ++i) {
        pmq_post(&pmq, MSG(i), (k_prio_t)(PMQ_WAITERS - i));
    }
    KT_ASSERT_EQ(pmq_done_cnt, 0u);
    pmq_expect_empty(&pmq);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    KT_ASSERT_EQ(pmq_done_cnt, PMQ_WAITERS);
    /* priority 11 first (w3 blocked before w2), then priority 12 (w1 before w0) */
    KT_ASSERT_PTR_EQ(pmq_w[3].msg, MSG(0));
    KT_ASSERT_PTR_EQ(pmq_w[2].msg, MSG(1));
    KT_ASSERT_PTR_EQ(pmq_w[1].msg, MSG(2));
    KT_ASSERT_PTR_EQ(pmq_w[0].msg, MSG(3));
    /* and they ran in that order */
    KT_ASSERT_EQ(pmq_done_order[0], 3u);
    KT_ASSERT_EQ(pmq_done_order[1], 2u);
    KT_ASSERT_EQ(pmq_done_order[2], 1u);
    KT_ASSERT_EQ(pmq_done_order[3], 0u);
}

/* A less urgent consumer drains what a burst of posts left: the first post of each burst is
   handed to it (it was waiting), the rest come out most urgent first, FIFO within a
   priority. */
static k_task_t pmq_consumer_task;
static volatile uint32_t pmq_consumed[PMQ_BATCH_MAX * 40u];
static volatile unsigned pmq_consumed_cnt;
static volatile int pmq_consumer_stop;

static void pmq_consumer_entry(void *arg)
{
    (void)arg;
    while (!pmq_consumer_stop) {
        void *m = K_NULL;
        k_err_t err = tos_prio_msg_q_pend(&pmq, &m, TOS_TIME_FOREVER);

        if (err != K_ERR_NONE) {
            KT_FAIL("consumer pend failed: %d", (int)err);
        }
        if (m == MSG(0)) {
            break;
        }
        pmq_consumed[pmq_consumed_cnt++] = MSG_TO_ID(m);
    }
}

KTEST(priority_message_queue, consumer_drains_bursts_in_priority_order)
{
    static void *pool[PMQ_BATCH_MAX];
    uint32_t next_id = 0u;

    pmq_reset();
    pmq_consumed_cnt = 0u;
    pmq_consumer_stop = 0;
    memset((void *)pmq_consumed, 0, sizeof(pmq_consumed));
    KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, pool, PMQ_BATCH_MAX), K_ERR_NONE);
    ktest_task_create(&pmq_consumer_task, "pmq_consumer", pmq_consumer_entry, K_NULL,
                      KTEST_MAIN_PRIO + 1u, pmq_stacks[0]);
    for (unsigned batch = 0u; batch < 40u; ++batch) {
        unsigned n = 1u + pmq_rng() % PMQ_BATCH_MAX;    /* 1 handed over + up to 11 queued */
        struct { uint32_t id; k_prio_t prio; } sent[PMQ_BATCH_MAX];
        unsigned base = pmq_consumed_cnt;

        KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);   /* the consumer blocks again */
        for (unsigned i = 0u; i < n; ++i) {
            sent[i].id = next_id++;
            sent[i].prio = (k_prio_t)(pmq_rng() % 4u);
            pmq_post(&pmq, MSG_ID(sent[i].id), sent[i].prio);
        }
        KT_ASSERT_EQ(pmq_consumed_cnt, base);           /* it has not run yet */
        KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
        KT_ASSERT_EQ(pmq_consumed_cnt, base + n);
        /* the first went straight to the waiting consumer */
        KT_ASSERT_EQ(pmq_consumed[base], sent[0].id);
        /* the rest by priority, then sending order */
        {
            unsigned k = base + 1u;
            for (unsigned p = 0u; p < 4u; ++p) {
                for (unsigned i = 1u; i < n; ++i) {
                    if (sent[i].prio == p) {
                        KT_ASSERT_EQ(pmq_consumed[k], sent[i].id);
                        ++k;
                    }
                }
            }
            KT_ASSERT_EQ(k, base + n);
        }
    }
    pmq_consumer_stop = 1;
    pmq_post(&pmq, MSG(0), 0u);
    KT_ASSERT_EQ(tos_task_delay(1u), K_ERR_NONE);
    pmq_expect_empty(&pmq);
    KT_ASSERT_EQ(tos_prio_msg_q_destroy(&pmq), K_ERR_NONE);
}

static volatile int pmq_isr_phase;

static void pmq_post_isr(void)
{
    tos_knl_irq_enter();
    switch (pmq_isr_phase) {
    case 0:
        pmq_isr_err[0] = tos_prio_msg_q_post(&pmq, MSG(1), 6u);
        pmq_isr_err[1] = tos_prio_msg_q_post(&pmq, MSG(2), 2u);
        pmq_isr_err[2] = tos_prio_msg_q_post_all(&pmq, MSG(3), 6u);
        break;
    case 1:
        pmq_isr_err[0] = tos_prio_msg_q_post(&pmq, MSG(3), 0u);
        /* still in the ISR: the woken waiter has not run yet */
        pmq_isr_err[1] = pmq_w[0].done ? K_ERR_PEND_ABNORMAL : K_ERR_NONE;
        break;
    case 2:
        pmq_isr_err[0] = tos_prio_msg_q_post_all(&pmq, MSG(4), 0u);
        break;
    default:
        for (unsigned i = 0u; i < PMQ_CAP; ++i) {
            pmq_isr_err[0] = tos_prio_msg_q_post(&pmq, MSG(5u + i), (k_prio_t)(PMQ_CAP - i));
        }
        pmq_isr_err[1] = tos_prio_msg_q_post(&pmq, MSG(10), 0u);
        pmq_isr_err[2] = tos_prio_msg_q_post_all(&pmq, MSG(10), 0u);
        break;
    }
    tos_knl_irq_leave();
}

KTEST(priority_message_queue, post_from_isr)
{
    pmq_reset();
    pmq_isr_phase = 0;
    for (unsigned i = 0u; i < 4u; ++i) {
        pmq_isr_err[i] = K_ERR_PEND_ABNORMAL;
    }
    KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, pmq_pool, PMQ_CAP), K_ERR_NONE);
    ktest_irq_connect(1, pmq_post_isr, 0x40);

    /* nobody waiting: queued, by priority */
    ktest_irq_raise(1);
    KT_ASSERT_EQ(pmq_isr_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(pmq_isr_err[1], K_ERR_NONE);
    KT_ASSERT_EQ(pmq_isr_err[2], K_ERR_NONE);
    pmq_expect_msg(&pmq, MSG(2));
    pmq_expect_msg(&pmq, MSG(1));
    pmq_expect_msg(&pmq, MSG(3));
    pmq_expect_empty(&pmq);

    /* an urgent waiter: handed over, and it runs when the ISR leaves (before raise returns) */
    pmq_isr_phase = 1;
    pmq_isr_err[0] = pmq_isr_err[1] = K_ERR_PEND_ABNORMAL;
    pmq_waiter_start(0, KTEST_MAIN_PRIO - 1u, 0u, TOS_TIME_FOREVER);
    KT_ASSERT_EQ(pmq_w[0].started, 1);
    ktest_irq_raise(1);
    KT_ASSERT_EQ(pmq_isr_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(pmq_isr_err[1], K_ERR_NONE);
    KT_ASSERT_EQ(pmq_w[0].done, 1);
    KT_ASSERT_EQ(pmq_w[0].err, K_ERR_NONE);
    KT_ASSERT_PTR_EQ(pmq_w[0].msg, MSG(3));
    pmq_expect_empty(&pmq);

    /* post_all from an ISR */
    pmq_isr_phase = 2;
    pmq_isr_err[0] = K_ERR_PEND_ABNORMAL;
    pmq_waiter_start(1, KTEST_MAIN_PRIO - 2u, 0u, TOS_TIME_FOREVER);
    pmq_waiter_start(2, KTEST_MAIN_PRIO - 1u, 0u, 300u);
    ktest_irq_raise(1);
    KT_ASSERT_EQ(pmq_isr_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(pmq_w[1].done, 1);
    KT_ASSERT_EQ(pmq_w[2].done, 1);
    KT_ASSERT_PTR_EQ(pmq_w[1].msg, MSG(4));
    KT_ASSERT_PTR_EQ(pmq_w[2].msg, MSG(4));
    KT_ASSERT_EQ(pmq_w[1].err, K_ERR_NONE);
    KT_ASSERT_EQ(pmq_w[2].err, K_ERR_NONE);
    pmq_expect_empty(&pmq);

    /* overflow from an ISR */
    pmq_isr_phase = 3;
    pmq_isr_err[0] = pmq_isr_err[1] = pmq_isr_err[2] = K_ERR_PEND_ABNORMAL;
    ktest_irq_raise(1);
    KT_ASSERT_EQ(pmq_isr_err[0], K_ERR_NONE);
    KT_ASSERT_EQ(pmq_isr_err[1], K_ERR_PRIO_Q_FULL);
    KT_ASSERT_EQ(pmq_isr_err[2], K_ERR_PRIO_Q_FULL);
    for (unsigned i = 0u; i < PMQ_CAP; ++i) {
        pmq_expect_msg(&pmq, MSG(5u + PMQ_CAP - 1u - i));
    }
    pmq_expect_empty(&pmq);
}

static void pmq_timer_cb(void *arg)
{
    pmq_isr_err[0] = tos_prio_msg_q_post(&pmq, arg, 3u);
}

KTEST(priority_message_queue, pend_woken_by_timer_callback)
{
    k_timer_t t;
    k_tick_t t0;
    void *m = K_NULL;

    pmq_reset();
    pmq_isr_err[0] = K_ERR_PEND_ABNORMAL;
    KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, pmq_pool, PMQ_CAP), K_ERR_NONE);
    /* the post comes from the timer task, or from the tick ISR (TOS_CFG_TIMER_AS_PROC) */
    KT_ASSERT_EQ(tos_timer_create(&t, 7u, 0u, pmq_timer_cb, MSG(9), TOS_OPT_TIMER_ONESHOT),
                 K_ERR_NONE);
    t0 = tos_systick_get();
    KT_ASSERT_EQ(tos_timer_start(&t), K_ERR_NONE);
    KT_ASSERT_EQ(tos_prio_msg_q_pend(&pmq, &m, TOS_TIME_FOREVER), K_ERR_NONE);
    KT_ASSERT_EQ(tos_systick_get(), t0 + 7u);
    KT_ASSERT_PTR_EQ(m, MSG(9));
    KT_ASSERT_EQ(pmq_isr_err[0], K_ERR_NONE);
    pmq_expect_empty(&pmq);
}

KTEST_PRESTART(priority_message_queue, usable_before_kernel_start)
{
    void *m = MSG(1);

    pmq_reset();
    KT_ASSERT_EQ(tos_prio_msg_q_create(&pmq, pmq_pool, PMQ_CAP), K_ERR_NONE);
    pmq_post(&pmq, MSG(2), 5u);
    KT_ASSERT_EQ(tos_prio_msg_q_post_all(&pmq, MSG(3), 4u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_prio_msg_q_pend(&pmq, &m, 10u), K_ERR_NONE);   /* available: no blocking */
    KT_ASSERT_PTR_EQ(m, MSG(3));
    KT_ASSERT_EQ(tos_prio_msg_q_pend(&pmq, &m, TOS_TIME_NOWAIT), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(m, MSG(2));
    KT_ASSERT_EQ(tos_prio_msg_q_pend(&pmq, &m, TOS_TIME_NOWAIT), K_ERR_PEND_NOWAIT);
    KT_ASSERT_PTR_EQ(m, K_NULL);
    /* blocking is impossible before the kernel runs */
    m = MSG(1);
    KT_ASSERT_EQ(tos_prio_msg_q_pend(&pmq, &m, 10u), K_ERR_KNL_NOT_RUNNING);
    KT_ASSERT_PTR_EQ(m, MSG(1));
    KT_ASSERT_EQ(tos_prio_msg_q_destroy(&pmq), K_ERR_NONE);
}
