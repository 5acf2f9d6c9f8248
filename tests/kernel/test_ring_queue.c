/*
 * Conformance: ring queue (tos_ring_queue.h).
 */
#include "ktest.h"

/* A 12-byte item whose every byte depends on its sequence number, so a partial or misplaced
   copy is caught. */
typedef struct rq_item_st {
    uint32_t    seq;
    uint8_t     bytes[8];
} rq_item_t;

static void rq_item_make(rq_item_t *item, uint32_t seq)
{
    unsigned i;

    item->seq = seq;
    for (i = 0u; i < sizeof(item->bytes); ++i) {
        item->bytes[i] = (uint8_t)(seq * 7u + i);
    }
}

/* Dequeue one item and check it is `seq`, whole. */
static void rq_expect_item(k_ring_q_t *q, uint32_t seq)
{
    rq_item_t item, want;
    size_t size = 0u;

    memset(&item, 0xEE, sizeof(item));
    KT_ASSERT_EQ(tos_ring_q_dequeue(q, &item, &size), K_ERR_NONE);
    KT_ASSERT_EQ(size, sizeof(rq_item_t));
    rq_item_make(&want, seq);
    KT_ASSERT_EQ(item.seq, seq);
    KT_ASSERT(memcmp(&item, &want, sizeof(item)) == 0);
}

static void rq_push_seq(k_ring_q_t *q, uint32_t seq)
{
    rq_item_t item;

    rq_item_make(&item, seq);
    KT_ASSERT_EQ(tos_ring_q_enqueue(q, &item, sizeof(item)), K_ERR_NONE);
}

static uint32_t rq_heap_used(void)
{
    k_mmheap_info_t info;

    KT_ASSERT_EQ(tos_mmheap_check(&info), K_ERR_NONE);
    return info.used;
}

KTEST(ring_queue, create_rejects_bad_args) {
    k_ring_q_t q;
    rq_item_t pool[4], item;

    memset(&q, 0, sizeof(q));
    rq_item_make(&item, 1u);

    KT_ASSERT_EQ(tos_ring_q_create(K_NULL, pool, 4u, sizeof(rq_item_t)), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_ring_q_create(&q, K_NULL, 4u, sizeof(rq_item_t)), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_ring_q_create(&q, pool, 4u, 0u), K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_ring_q_create(&q, pool, 0u, sizeof(rq_item_t)), K_ERR_RING_Q_FULL);

    /* None of the failed creates made q a queue. */
    KT_ASSERT_EQ(tos_ring_q_enqueue(&q, &item, sizeof(item)), K_ERR_OBJ_INVALID);
}

KTEST(ring_queue, create_gives_empty_queue) {
    k_ring_q_t q;
    rq_item_t pool[3], item;

    KT_ASSERT_EQ(tos_ring_q_create(&q, pool, 3u, sizeof(rq_item_t)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_ring_q_is_empty(&q), K_TRUE);
    KT_ASSERT_EQ(tos_ring_q_is_full(&q), K_FALSE);
    KT_ASSERT_EQ(tos_ring_q_dequeue(&q, &item, K_NULL), K_ERR_RING_Q_EMPTY);
    KT_ASSERT_EQ(tos_ring_q_destroy(&q), K_ERR_NONE);
}

KTEST(ring_queue, fifo_order_items_copied_by_value) {
    k_ring_q_t q;
    rq_item_t pool[4], item;
    uint32_t i;

    KT_ASSERT_EQ(tos_ring_q_create(&q, pool, 4u, sizeof(rq_item_t)), K_ERR_NONE);

    for (i = 0u; i < 4u; ++i) {
        KT_ASSERT_EQ(tos_ring_q_is_full(&q), K_FALSE);
        rq_item_make(&item, 100u + i);
        KT_ASSERT_EQ(tos_ring_q_enqueue(&q, &item, sizeof(item)), K_ERR_NONE);
        memset(&item, 0, sizeof(item));     /* the queue holds its own copy */
        KT_ASSERT_EQ(tos_ring_q_is_empty(&q), K_FALSE);
    }
    KT_ASSERT_EQ(tos_ring_q_is_full(&q), K_TRUE);

    rq_item_make(&item, 999u);
    KT_ASSERT_EQ(tos_ring_q_enqueue(&q, &item, sizeof(item)), K_ERR_RING_Q_FULL);

    for (i = 0u; i < 4u; ++i) {
        rq_expect_item(&q, 100u + i);
        KT_ASSERT_EQ(tos_ring_q_is_full(&q), K_FALSE);
    }
    KT_ASSERT_EQ(tos_ring_q_is_empty(&q), K_TRUE);
    KT_ASSERT_EQ(tos_ring_q_dequeue(&q, &item, K_NULL), K_ERR_RING_Q_EMPTY);
}

KTEST(ring_queue, enqueue_errors_leave_queue_unchanged) {
    k_ring_q_t q;
    rq_item_t pool[2], item;

    KT_ASSERT_EQ(tos_ring_q_create(&q, pool, 2u, sizeof(rq_item_t)), K_ERR_NONE);
    rq_item_make(&item, 7u);

    KT_ASSERT_EQ(tos_ring_q_enqueue(K_NULL, &item, sizeof(item)), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_ring_q_enqueue(&q, K_NULL, sizeof(item)), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_ring_q_enqueue(&q, &item, sizeof(item) - 1u), K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_ring_q_enqueue(&q, &item, sizeof(item) + 1u), K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_ring_q_enqueue(&q, &item, 0u), K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_ring_q_is_empty(&q), K_TRUE);

    rq_push_seq(&q, 1u);
    rq_push_seq(&q, 2u);
    rq_item_make(&item, 3u);
    KT_ASSERT_EQ(tos_ring_q_enqueue(&q, &item, sizeof(item)), K_ERR_RING_Q_FULL);
    KT_ASSERT_EQ(tos_ring_q_enqueue(&q, &item, sizeof(item)), K_ERR_RING_Q_FULL);

    /* The rejected items did not overwrite anything. */
    rq_expect_item(&q, 1u);
    rq_expect_item(&q, 2u);
    KT_ASSERT_EQ(tos_ring_q_is_empty(&q), K_TRUE);
}

KTEST(ring_queue, dequeue_errors) {
    k_ring_q_t q;
    rq_item_t pool[2], item;
    size_t size = 12345u;

    KT_ASSERT_EQ(tos_ring_q_create(&q, pool, 2u, sizeof(rq_item_t)), K_ERR_NONE);

    KT_ASSERT_EQ(tos_ring_q_dequeue(K_NULL, &item, &size), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_ring_q_dequeue(&q, &item, &size), K_ERR_RING_Q_EMPTY);

    rq_push_seq(&q, 5u);
    /* A NULL destination is refused and the item stays queued. */
    KT_ASSERT_EQ(tos_ring_q_dequeue(&q, K_NULL, &size), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_ring_q_is_empty(&q), K_FALSE);

    /* item_size out-parameter is optional. */
    memset(&item, 0, sizeof(item));
    KT_ASSERT_EQ(tos_ring_q_dequeue(&q, &item, K_NULL), K_ERR_NONE);
    KT_ASSERT_EQ(item.seq, 5u);
    KT_ASSERT_EQ(tos_ring_q_is_empty(&q), K_TRUE);
}

KTEST(ring_queue, single_slot_queue) {
    k_ring_q_t q;
    rq_item_t pool[1], item;
    uint32_t i;

    KT_ASSERT_EQ(tos_ring_q_create(&q, pool, 1u, sizeof(rq_item_t)), K_ERR_NONE);
    for (i = 0u; i < 10u; ++i) {
        rq_push_seq(&q, i);
        KT_ASSERT_EQ(tos_ring_q_is_full(&q), K_TRUE);
        KT_ASSERT_EQ(tos_ring_q_is_empty(&q), K_FALSE);
        rq_item_make(&item, 1000u + i);
        KT_ASSERT_EQ(tos_ring_q_enqueue(&q, &item, sizeof(item)), K_ERR_RING_Q_FULL);
        rq_expect_item(&q, i);
        KT_ASSERT_EQ(tos_ring_q_is_empty(&q), K_TRUE);
        KT_ASSERT_EQ(tos_ring_q_is_full(&q), K_FALSE);
    }
}

KTEST(ring_queue, wrap_around_fill_drain_refill) {
    k_ring_q_t q;
    rq_item_t pool[5], item;
    uint32_t next_in = 0u, next_out = 0u, round, i;

    KT_ASSERT_EQ(tos_ring_q_create(&q, pool, 5u, sizeof(rq_item_t)), K_ERR_NONE);

    /* Move the head off slot 0 so fills and drains cross the end of the pool. */
    rq_push_seq(&q, next_in++);
    rq_push_seq(&q, next_in++);
    rq_expect_item(&q, next_out++);
    rq_expect_item(&q, next_out++);

    for (round = 0u; round < 50u; ++round) {
        for (i = 0u; i < 5u; ++i) {
            rq_push_seq(&q, next_in++);
        }
        KT_ASSERT_EQ(tos_ring_q_is_full(&q), K_TRUE);
        rq_item_make(&item, 0xDEADu);
        KT_ASSERT_EQ(tos_ring_q_enqueue(&q, &item, sizeof(item)), K_ERR_RING_Q_FULL);

        for (i = 0u; i < 5u; ++i) {
            rq_expect_item(&q, next_out++);
        }
        KT_ASSERT_EQ(tos_ring_q_is_empty(&q), K_TRUE);
        KT_ASSERT_EQ(tos_ring_q_dequeue(&q, &item, K_NULL), K_ERR_RING_Q_EMPTY);

        /* Shift the start position by one slot for the next round. */
        rq_push_seq(&q, next_in++);
        rq_expect_item(&q, next_out++);
    }
    KT_ASSERT_EQ(next_in, next_out);
}

KTEST(ring_queue, wrap_around_mixed_traffic) {
    k_ring_q_t q;
    rq_item_t pool[5], item;
    uint32_t next_in = 0u, next_out = 0u, count = 0u, round, i, n_in, n_out;

    KT_ASSERT_EQ(tos_ring_q_create(&q, pool, 5u, sizeof(rq_item_t)), K_ERR_NONE);

    for (round = 0u; round < 300u; ++round) {
        n_in  = (round * 3u + 1u) % 7u;     /* 0..6: sometimes more than fits */
        n_out = (round * 5u + 2u) % 7u;

        for (i = 0u; i < n_in; ++i) {
            rq_item_make(&item, next_in);
            if (count < 5u) {
                KT_ASSERT_EQ(tos_ring_q_enqueue(&q, &item, sizeof(item)), K_ERR_NONE);
                ++next_in;
                ++count;
            } else {
                KT_ASSERT_EQ(tos_ring_q_enqueue(&q, &item, sizeof(item)), K_ERR_RING_Q_FULL);
            }
        }
        KT_ASSERT_EQ(tos_ring_q_is_full(&q), count == 5u ? K_TRUE : K_FALSE);

        for (i = 0u; i < n_out; ++i) {
            if (count > 0u) {
                rq_expect_item(&q, next_out++);
                --count;
            } else {
                KT_ASSERT_EQ(tos_ring_q_dequeue(&q, &item, K_NULL), K_ERR_RING_Q_EMPTY);
            }
        }
        KT_ASSERT_EQ(tos_ring_q_is_empty(&q), count == 0u ? K_TRUE : K_FALSE);
    }
    KT_ASSERT_GT(next_out, 200u);   /* the pattern really moved items through */
}

KTEST(ring_queue, flush_drops_everything) {
    k_ring_q_t q;
    rq_item_t pool[4], item;
    uint32_t i;

    KT_ASSERT_EQ(tos_ring_q_create(&q, pool, 4u, sizeof(rq_item_t)), K_ERR_NONE);

    /* Flush from a wrapped position. */
    for (i = 0u; i < 3u; ++i) {
        rq_push_seq(&q, i);
    }
    for (i = 0u; i < 3u; ++i) {
        rq_expect_item(&q, i);
    }
    for (i = 10u; i < 13u; ++i) {
        rq_push_seq(&q, i);
    }

    KT_ASSERT_EQ(tos_ring_q_flush(&q), K_ERR_NONE);
    KT_ASSERT_EQ(tos_ring_q_is_empty(&q), K_TRUE);
    KT_ASSERT_EQ(tos_ring_q_is_full(&q), K_FALSE);
    KT_ASSERT_EQ(tos_ring_q_dequeue(&q, &item, K_NULL), K_ERR_RING_Q_EMPTY);

    /* The whole capacity is usable again, in order. */
    for (i = 20u; i < 24u; ++i) {
        rq_push_seq(&q, i);
    }
    rq_item_make(&item, 99u);
    KT_ASSERT_EQ(tos_ring_q_enqueue(&q, &item, sizeof(item)), K_ERR_RING_Q_FULL);
    for (i = 20u; i < 24u; ++i) {
        rq_expect_item(&q, i);
    }

    /* Flushing an empty queue is fine too. */
    KT_ASSERT_EQ(tos_ring_q_flush(&q), K_ERR_NONE);
    KT_ASSERT_EQ(tos_ring_q_is_empty(&q), K_TRUE);
    KT_ASSERT_EQ(tos_ring_q_flush(K_NULL), K_ERR_OBJ_PTR_NULL);
}

KTEST(ring_queue, null_queue_queries_are_false) {
    KT_ASSERT_EQ(tos_ring_q_is_empty(K_NULL), K_FALSE);
    KT_ASSERT_EQ(tos_ring_q_is_full(K_NULL), K_FALSE);
    KT_ASSERT_EQ(tos_ring_q_destroy(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_ring_q_destroy_dyn(K_NULL), K_ERR_OBJ_PTR_NULL);
}

KTEST(ring_queue, destroyed_queue_is_invalid) {
    k_ring_q_t q;
    rq_item_t pool[2], item;

    KT_ASSERT_EQ(tos_ring_q_create(&q, pool, 2u, sizeof(rq_item_t)), K_ERR_NONE);
    rq_push_seq(&q, 1u);
    KT_ASSERT_EQ(tos_ring_q_destroy(&q), K_ERR_NONE);

    rq_item_make(&item, 2u);
    KT_ASSERT_EQ(tos_ring_q_enqueue(&q, &item, sizeof(item)), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_ring_q_dequeue(&q, &item, K_NULL), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_ring_q_flush(&q), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_ring_q_destroy(&q), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_ring_q_destroy_dyn(&q), K_ERR_OBJ_INVALID);
    /* Neither empty nor full: it is not a queue. */
    KT_ASSERT_EQ(tos_ring_q_is_empty(&q), K_FALSE);
    KT_ASSERT_EQ(tos_ring_q_is_full(&q), K_FALSE);

    /* It can be created again, and starts empty. */
    KT_ASSERT_EQ(tos_ring_q_create(&q, pool, 2u, sizeof(rq_item_t)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_ring_q_is_empty(&q), K_TRUE);
    rq_push_seq(&q, 3u);
    rq_expect_item(&q, 3u);
}

KTEST(ring_queue, never_created_queue_is_invalid) {
    k_ring_q_t q;
    rq_item_t item;

    memset(&q, 0, sizeof(q));
    rq_item_make(&item, 1u);
    KT_ASSERT_EQ(tos_ring_q_enqueue(&q, &item, sizeof(item)), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_ring_q_dequeue(&q, &item, K_NULL), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_ring_q_flush(&q), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_ring_q_destroy(&q), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_ring_q_is_empty(&q), K_FALSE);
    KT_ASSERT_EQ(tos_ring_q_is_full(&q), K_FALSE);
}

KTEST(ring_queue, static_dynamic_destroy_mismatch) {
    k_ring_q_t sq, dq;
    rq_item_t pool[2];
    uint32_t base = rq_heap_used();

    KT_ASSERT_EQ(tos_ring_q_create(&sq, pool, 2u, sizeof(rq_item_t)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_ring_q_destroy_dyn(&sq), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    rq_push_seq(&sq, 1u);       /* still a working queue */
    rq_expect_item(&sq, 1u);
    KT_ASSERT_EQ(tos_ring_q_destroy(&sq), K_ERR_NONE);

    KT_ASSERT_EQ(tos_ring_q_create_dyn(&dq, 2u, sizeof(rq_item_t)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_ring_q_destroy(&dq), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    rq_push_seq(&dq, 2u);
    rq_expect_item(&dq, 2u);
    KT_ASSERT_EQ(tos_ring_q_destroy_dyn(&dq), K_ERR_NONE);
    KT_ASSERT_EQ(rq_heap_used(), base);
}

KTEST(ring_queue, create_dyn) {
    k_ring_q_t q;
    rq_item_t item;
    uint32_t base = rq_heap_used(), i;

    memset(&q, 0, sizeof(q));
    KT_ASSERT_EQ(tos_ring_q_create_dyn(K_NULL, 4u, sizeof(rq_item_t)), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_ring_q_create_dyn(&q, 4u, 0u), K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_ring_q_create_dyn(&q, 0u, sizeof(rq_item_t)), K_ERR_RING_Q_FULL);
    /* Far more than the heap holds; and a pool size that does not fit in size_t (computed
       modulo SIZE_MAX + 1 it would be a mere 16 bytes). */
    KT_ASSERT_EQ(tos_ring_q_create_dyn(&q, (size_t)1u << 20, 64u), K_ERR_OUT_OF_MEMORY);
    KT_ASSERT_EQ(tos_ring_q_create_dyn(&q, SIZE_MAX / 16u + 2u, 16u), K_ERR_OUT_OF_MEMORY);
    KT_ASSERT_EQ(rq_heap_used(), base);
    rq_item_make(&item, 0u);
    KT_ASSERT_EQ(tos_ring_q_enqueue(&q, &item, sizeof(item)), K_ERR_OBJ_INVALID);

    KT_ASSERT_EQ(tos_ring_q_create_dyn(&q, 3u, sizeof(rq_item_t)), K_ERR_NONE);
    KT_ASSERT_GE(rq_heap_used(), base + 3u * sizeof(rq_item_t));
    KT_ASSERT_EQ(tos_ring_q_is_empty(&q), K_TRUE);
    for (i = 0u; i < 20u; ++i) {     /* wraps several times */
        rq_push_seq(&q, i);
        rq_push_seq(&q, i + 100u);
        rq_expect_item(&q, i);
        rq_expect_item(&q, i + 100u);
    }
    for (i = 0u; i < 3u; ++i) {
        rq_push_seq(&q, i);
    }
    KT_ASSERT_EQ(tos_ring_q_is_full(&q), K_TRUE);

    KT_ASSERT_EQ(tos_ring_q_destroy_dyn(&q), K_ERR_NONE);
    KT_ASSERT_EQ(rq_heap_used(), base);
    KT_ASSERT_EQ(tos_ring_q_enqueue(&q, &item, sizeof(item)), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_ring_q_destroy_dyn(&q), K_ERR_OBJ_INVALID);
}

/* ---- ISR use ---- */

static k_ring_q_t           rq_isr_q;
static rq_item_t            rq_isr_pool[4];
static volatile uint32_t    rq_isr_seq;
static volatile unsigned    rq_isr_runs;
static volatile k_err_t     rq_isr_err;
static volatile uint32_t    rq_isr_got;

static void rq_isr_enqueue(void)
{
    rq_item_t item;

    tos_knl_irq_enter();
    ++rq_isr_runs;
    rq_item_make(&item, rq_isr_seq);
    rq_isr_err = tos_ring_q_enqueue(&rq_isr_q, &item, sizeof(item));
    if (rq_isr_err == K_ERR_NONE) {
        ++rq_isr_seq;
    }
    tos_knl_irq_leave();
}

static void rq_isr_dequeue(void)
{
    rq_item_t item;

    tos_knl_irq_enter();
    memset(&item, 0, sizeof(item));
    rq_isr_err = tos_ring_q_dequeue(&rq_isr_q, &item, K_NULL);
    rq_isr_got = item.seq;
    tos_knl_irq_leave();
}

static void rq_isr_reset(void)
{
    rq_isr_seq  = 0u;
    rq_isr_runs = 0u;
    rq_isr_err  = K_ERR_NONE;
    rq_isr_got  = 0u;
    KT_ASSERT_EQ(tos_ring_q_create(&rq_isr_q, rq_isr_pool, 4u, sizeof(rq_item_t)), K_ERR_NONE);
}

KTEST(ring_queue, isr_enqueues_task_dequeues) {
    uint32_t next_out = 0u, count = 0u, round, i, n;

    rq_isr_reset();
    ktest_irq_connect(0u, rq_isr_enqueue, 0u);

    for (round = 0u; round < 60u; ++round) {
        /* 0..5 items from the ISR: sometimes more than fits. */
        n = round % 6u;
        for (i = 0u; i < n; ++i) {
            ktest_irq_raise(0u);
            if (count < 4u) {
                KT_ASSERT_EQ(rq_isr_err, K_ERR_NONE);
                ++count;
            } else {
                KT_ASSERT_EQ(rq_isr_err, K_ERR_RING_Q_FULL);
            }
        }
        KT_ASSERT_EQ(tos_ring_q_is_full(&rq_isr_q), count == 4u ? K_TRUE : K_FALSE);

        /* The task drains a varying share, so the head visits every slot. */
        n = (round * 7u + 3u) % 5u;
        for (i = 0u; i < n && count > 0u; ++i) {
            rq_expect_item(&rq_isr_q, next_out++);
            --count;
        }
    }
    while (count > 0u) {
        rq_expect_item(&rq_isr_q, next_out++);
        --count;
    }
    KT_ASSERT_EQ(tos_ring_q_is_empty(&rq_isr_q), K_TRUE);
    KT_ASSERT_EQ(rq_isr_runs, 150u);
    KT_ASSERT_EQ(next_out, rq_isr_seq);
    KT_ASSERT_GT(next_out, 100u);
}

KTEST(ring_queue, isr_dequeues_task_enqueues) {
    rq_isr_reset();
    ktest_irq_connect(1u, rq_isr_dequeue, 0u);

    rq_push_seq(&rq_isr_q, 11u);
    rq_push_seq(&rq_isr_q, 12u);

    ktest_irq_raise(1u);
    KT_ASSERT_EQ(rq_isr_err, K_ERR_NONE);
    KT_ASSERT_EQ(rq_isr_got, 11u);
    ktest_irq_raise(1u);
    KT_ASSERT_EQ(rq_isr_err, K_ERR_NONE);
    KT_ASSERT_EQ(rq_isr_got, 12u);
    ktest_irq_raise(1u);
    KT_ASSERT_EQ(rq_isr_err, K_ERR_RING_Q_EMPTY);
    KT_ASSERT_EQ(tos_ring_q_is_empty(&rq_isr_q), K_TRUE);
}

/* The queue's own critical sections nest: called with interrupts masked, they must not let a
   pending interrupt in. */
KTEST(ring_queue, calls_under_masked_interrupts_keep_them_masked) {
    TOS_CPU_CPSR_ALLOC();
    rq_item_t item;

    rq_isr_reset();
    ktest_irq_connect(0u, rq_isr_enqueue, 0u);

    TOS_CPU_INT_DISABLE();
    ktest_irq_raise(0u);                    /* pending until interrupts are unmasked */
    rq_item_make(&item, 500u);
    KT_ASSERT_EQ(tos_ring_q_enqueue(&rq_isr_q, &item, sizeof(item)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_ring_q_is_full(&rq_isr_q), K_FALSE);
    KT_ASSERT_EQ(tos_ring_q_is_empty(&rq_isr_q), K_FALSE);
    KT_ASSERT_EQ(tos_ring_q_dequeue(&rq_isr_q, &item, K_NULL), K_ERR_NONE);
    KT_ASSERT_EQ(tos_ring_q_flush(&rq_isr_q), K_ERR_NONE);
    KT_ASSERT_EQ(rq_isr_runs, 0u);
    KT_ASSERT_EQ(item.seq, 500u);
    TOS_CPU_INT_ENABLE();

    KT_ASSERT_EQ(rq_isr_runs, 1u);           /* taken as soon as interrupts were unmasked */
    rq_expect_item(&rq_isr_q, 0u);
    KT_ASSERT_EQ(tos_ring_q_is_empty(&rq_isr_q), K_TRUE);
}
