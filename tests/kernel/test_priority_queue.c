/*
 * Conformance: priority queue (tos_priority_queue.h). Items are copied by value and dequeued
 * most urgent first (lowest priority number), FIFO among equal priorities. The caller gives the
 * pool and a manager array of TOS_PRIO_Q_MGR_ARRAY_SIZE(item_cnt) bytes.
 */
#include "ktest.h"

#define PQ_CAP          8u
#define PQ_MODEL_CAP    50u
#define PQ_BIG_CAP      1000u
#define PQ_GUARD        32u
#define PQ_GUARD_BYTE   0xA5u

/* A 12-byte item whose every byte depends on its id, so a partial or misplaced copy is caught. */
typedef struct pq_item_st {
    uint32_t    id;
    uint8_t     bytes[8];
} pq_item_t;

static void pq_item_make(pq_item_t *item, uint32_t id)
{
    item->id = id;
    for (unsigned i = 0u; i < sizeof(item->bytes); ++i) {
        item->bytes[i] = (uint8_t)(id * 7u + i + 1u);
    }
}

static int pq_item_is(const pq_item_t *item, uint32_t id)
{
    pq_item_t want;

    pq_item_make(&want, id);
    return memcmp(item, &want, sizeof(want)) == 0;
}

static uint32_t pq_rng_state;

static void pq_rng_seed(uint32_t seed)
{
    pq_rng_state = seed ? seed : 1u;
}

static uint32_t pq_rng(void)
{
    uint32_t x = pq_rng_state;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    pq_rng_state = x;
    return x;
}

/* Storage for the small queues; re-initialised by pq_reset(). */
static k_prio_q_t pq;
static uint8_t pq_mgr[TOS_PRIO_Q_MGR_ARRAY_SIZE(PQ_CAP)];
static pq_item_t pq_pool[PQ_CAP];

static void pq_reset(void)
{
    memset(&pq, 0, sizeof(pq));
    memset(pq_mgr, 0, sizeof(pq_mgr));
    memset(pq_pool, 0, sizeof(pq_pool));
}

static void pq_enqueue(k_prio_q_t *q, uint32_t id, k_prio_t prio)
{
    pq_item_t item;

    pq_item_make(&item, id);
    KT_ASSERT_EQ(tos_prio_q_enqueue(q, &item, sizeof(item), prio), K_ERR_NONE);
}

/* Dequeue one item and check it is item `id`, whole, with priority `prio`. */
static void pq_expect(k_prio_q_t *q, uint32_t id, k_prio_t prio)
{
    pq_item_t item;
    size_t size = 0u;
    k_prio_t got_prio = (k_prio_t)~prio;

    memset(&item, 0xEE, sizeof(item));
    KT_ASSERT_EQ(tos_prio_q_dequeue(q, &item, &size, &got_prio), K_ERR_NONE);
    KT_ASSERT_EQ(size, sizeof(pq_item_t));
    KT_ASSERT_EQ(item.id, id);
    KT_ASSERT(pq_item_is(&item, id));
    KT_ASSERT_EQ(got_prio, prio);
}

/* The queue is empty: dequeue says so and writes none of its outputs. */
static void pq_expect_empty(k_prio_q_t *q)
{
    pq_item_t item;
    size_t size = 99u;
    k_prio_t prio = 77u;

    memset(&item, 0xEE, sizeof(item));
    KT_ASSERT_EQ(tos_prio_q_is_empty(q), K_TRUE);
    KT_ASSERT_EQ(tos_prio_q_dequeue(q, &item, &size, &prio), K_ERR_PRIO_Q_EMPTY);
    KT_ASSERT_EQ(size, 99u);
    KT_ASSERT_EQ(prio, 77u);
    KT_ASSERT_EQ(item.id, 0xEEEEEEEEu);
}

static void pq_heap_info(uint32_t *used, uint32_t *free_bytes)
{
    k_mmheap_info_t info;

    KT_ASSERT_EQ(tos_mmheap_check(&info), K_ERR_NONE);
    *used = info.used;
    *free_bytes = info.free;
}

/* ---- create / destroy ---- */

KTEST(priority_queue, create_rejects_bad_args)
{
    pq_item_t item;

    pq_reset();
    pq_item_make(&item, 1u);
    KT_ASSERT_EQ(tos_prio_q_create(K_NULL, pq_mgr, pq_pool, PQ_CAP, sizeof(pq_item_t)),
                 K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_q_create(&pq, K_NULL, pq_pool, PQ_CAP, sizeof(pq_item_t)),
                 K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_q_create(&pq, pq_mgr, K_NULL, PQ_CAP, sizeof(pq_item_t)),
                 K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_q_create(&pq, pq_mgr, pq_pool, PQ_CAP, 0u),
                 K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_prio_q_create(&pq, pq_mgr, pq_pool, 0u, sizeof(pq_item_t)),
                 K_ERR_PRIO_Q_FULL);

    /* none of the failed creates made pq a queue */
    KT_ASSERT_EQ(tos_prio_q_enqueue(&pq, &item, sizeof(item), 1u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_q_dequeue(&pq, &item, K_NULL, K_NULL), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_q_flush(&pq), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_q_destroy(&pq), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_q_is_empty(&pq), K_FALSE);
    KT_ASSERT_EQ(tos_prio_q_is_full(&pq), K_FALSE);
    KT_ASSERT(pq_item_is(&item, 1u));
}

KTEST(priority_queue, create_gives_empty_queue)
{
    pq_reset();
    KT_ASSERT_EQ(tos_prio_q_create(&pq, pq_mgr, pq_pool, PQ_CAP, sizeof(pq_item_t)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_prio_q_is_full(&pq), K_FALSE);
    pq_expect_empty(&pq);
    KT_ASSERT_EQ(tos_prio_q_destroy(&pq), K_ERR_NONE);
}

KTEST(priority_queue, null_args_are_rejected)
{
    pq_item_t item;
    size_t size = 5u;
    k_prio_t prio = 5u;

    pq_reset();
    KT_ASSERT_EQ(tos_prio_q_create(&pq, pq_mgr, pq_pool, PQ_CAP, sizeof(pq_item_t)), K_ERR_NONE);
    pq_enqueue(&pq, 1u, 3u);
    pq_item_make(&item, 2u);
    KT_ASSERT_EQ(tos_prio_q_enqueue(K_NULL, &item, sizeof(item), 0u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_q_enqueue(&pq, K_NULL, sizeof(item), 0u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_q_dequeue(K_NULL, &item, &size, &prio), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_q_dequeue(&pq, K_NULL, &size, &prio), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(size, 5u);
    KT_ASSERT_EQ(prio, 5u);
    KT_ASSERT_EQ(tos_prio_q_flush(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_q_destroy(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_q_create_dyn(K_NULL, PQ_CAP, sizeof(pq_item_t)), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_q_destroy_dyn(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_prio_q_is_empty(K_NULL), K_FALSE);
    KT_ASSERT_EQ(tos_prio_q_is_full(K_NULL), K_FALSE);
    /* none of them changed the queue */
    pq_expect(&pq, 1u, 3u);
    pq_expect_empty(&pq);
}

KTEST(priority_queue, destroyed_queue_is_invalid)
{
    pq_item_t item;

    pq_reset();
    KT_ASSERT_EQ(tos_prio_q_create(&pq, pq_mgr, pq_pool, PQ_CAP, sizeof(pq_item_t)), K_ERR_NONE);
    pq_enqueue(&pq, 1u, 1u);
    KT_ASSERT_EQ(tos_prio_q_destroy(&pq), K_ERR_NONE);

    pq_item_make(&item, 9u);
    KT_ASSERT_EQ(tos_prio_q_enqueue(&pq, &item, sizeof(item), 0u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_q_dequeue(&pq, &item, K_NULL, K_NULL), K_ERR_OBJ_INVALID);
    KT_ASSERT(pq_item_is(&item, 9u));
    KT_ASSERT_EQ(tos_prio_q_flush(&pq), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_q_is_empty(&pq), K_FALSE);
    KT_ASSERT_EQ(tos_prio_q_is_full(&pq), K_FALSE);
    KT_ASSERT_EQ(tos_prio_q_destroy(&pq), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_q_destroy_dyn(&pq), K_ERR_OBJ_INVALID);

    /* created again (on the same, now dirty, arrays) it starts empty */
    KT_ASSERT_EQ(tos_prio_q_create(&pq, pq_mgr, pq_pool, PQ_CAP, sizeof(pq_item_t)), K_ERR_NONE);
    pq_expect_empty(&pq);
    pq_enqueue(&pq, 2u, 4u);
    pq_expect(&pq, 2u, 4u);
    KT_ASSERT_EQ(tos_prio_q_destroy(&pq), K_ERR_NONE);
}

KTEST(priority_queue, dynamic_create_and_alloc_type_checks)
{
    k_prio_q_t sq;
    uint8_t smgr[TOS_PRIO_Q_MGR_ARRAY_SIZE(2)];
    pq_item_t spool[2], item;
    uint32_t used0, free0, used, free_bytes;

    pq_reset();
    memset(&sq, 0, sizeof(sq));
    pq_heap_info(&used0, &free0);

    KT_ASSERT_EQ(tos_prio_q_create_dyn(&pq, 4u, 0u), K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_prio_q_create_dyn(&pq, 0u, sizeof(pq_item_t)), K_ERR_PRIO_Q_FULL);
    /* more than the kernel heap holds: the manager array alone, and the pool alone */
    KT_ASSERT_EQ(tos_prio_q_create_dyn(&pq, (size_t)1u << 20, 1u), K_ERR_OUT_OF_MEMORY);
    KT_ASSERT_EQ(tos_prio_q_create_dyn(&pq, 16u, (size_t)1u << 24), K_ERR_OUT_OF_MEMORY);
    /* sizes that do not fit in size_t */
    KT_ASSERT_EQ(tos_prio_q_create_dyn(&pq, SIZE_MAX / 16u + 2u, 16u), K_ERR_OUT_OF_MEMORY);
    KT_ASSERT_EQ(tos_prio_q_create_dyn(&pq, SIZE_MAX / 8u, 1u), K_ERR_OUT_OF_MEMORY);
    pq_heap_info(&used, &free_bytes);
    KT_ASSERT_EQ(used, used0);
    KT_ASSERT_EQ(free_bytes, free0);
    pq_item_make(&item, 0u);
    KT_ASSERT_EQ(tos_prio_q_enqueue(&pq, &item, sizeof(item), 0u), K_ERR_OBJ_INVALID);

    KT_ASSERT_EQ(tos_prio_q_create_dyn(&pq, 40u, sizeof(pq_item_t)), K_ERR_NONE);
    pq_heap_info(&used, &free_bytes);
    KT_ASSERT_GE(used, used0 + 40u * sizeof(pq_item_t) + TOS_PRIO_Q_MGR_ARRAY_SIZE(40u));
    KT_ASSERT_LT(free_bytes, free0);
    for (uint32_t i = 0u; i < 40u; ++i) {
        pq_enqueue(&pq, i, (k_prio_t)(i % 4u));
    }
    KT_ASSERT_EQ(tos_prio_q_is_full(&pq), K_TRUE);
    KT_ASSERT_EQ(tos_prio_q_enqueue(&pq, &item, sizeof(item), 0u), K_ERR_PRIO_Q_FULL);
    for (uint32_t p = 0u; p < 4u; ++p) {
        for (uint32_t i = p; i < 40u; i += 4u) {
            pq_expect(&pq, i, (k_prio_t)p);
        }
    }
    pq_expect_empty(&pq);

    /* the wrong destroy is refused both ways, and changes nothing */
    KT_ASSERT_EQ(tos_prio_q_destroy(&pq), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    KT_ASSERT_EQ(tos_prio_q_create(&sq, smgr, spool, 2u, sizeof(pq_item_t)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_prio_q_destroy_dyn(&sq), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    pq_enqueue(&pq, 5u, 5u);
    pq_enqueue(&sq, 6u, 6u);
    pq_expect(&pq, 5u, 5u);
    pq_expect(&sq, 6u, 6u);

    KT_ASSERT_EQ(tos_prio_q_destroy_dyn(&pq), K_ERR_NONE);
    pq_heap_info(&used, &free_bytes);
    KT_ASSERT_EQ(used, used0);
    KT_ASSERT_EQ(free_bytes, free0);
    KT_ASSERT_EQ(tos_prio_q_destroy_dyn(&pq), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_q_enqueue(&pq, &item, sizeof(item), 0u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_prio_q_destroy(&sq), K_ERR_NONE);
}

/* ---- ordering ---- */

KTEST(priority_queue, most_urgent_first_fifo_within_priority)
{
    /* (id, prio) in enqueue order */
    static const uint8_t in_prio[PQ_CAP] = { 5u, 1u, 5u, 0u, 1u, 255u, 5u, 0u };
    static const uint32_t out_id[PQ_CAP] = { 3u, 7u, 1u, 4u, 0u, 2u, 6u, 5u };
    pq_item_t item;

    pq_reset();
    KT_ASSERT_EQ(tos_prio_q_create(&pq, pq_mgr, pq_pool, PQ_CAP, sizeof(pq_item_t)), K_ERR_NONE);
    for (uint32_t i = 0u; i < PQ_CAP; ++i) {
        pq_item_make(&item, i);
        KT_ASSERT_EQ(tos_prio_q_enqueue(&pq, &item, sizeof(item), in_prio[i]), K_ERR_NONE);
        memset(&item, 0, sizeof(item));     /* copied at enqueue time */
        KT_ASSERT_EQ(tos_prio_q_is_empty(&pq), K_FALSE);
        KT_ASSERT_EQ(tos_prio_q_is_full(&pq), i + 1u == PQ_CAP ? K_TRUE : K_FALSE);
    }
    for (uint32_t i = 0u; i < PQ_CAP; ++i) {
        pq_expect(&pq, out_id[i], in_prio[out_id[i]]);
        KT_ASSERT_EQ(tos_prio_q_is_full(&pq), K_FALSE);
    }
    pq_expect_empty(&pq);
}

KTEST(priority_queue, dequeue_outputs_are_optional)
{
    pq_item_t item;
    size_t size = 0u;
    k_prio_t prio = 0u;

    pq_reset();
    KT_ASSERT_EQ(tos_prio_q_create(&pq, pq_mgr, pq_pool, PQ_CAP, sizeof(pq_item_t)), K_ERR_NONE);
    pq_enqueue(&pq, 1u, 9u);
    pq_enqueue(&pq, 2u, 8u);
    pq_enqueue(&pq, 3u, 7u);
    memset(&item, 0, sizeof(item));
    KT_ASSERT_EQ(tos_prio_q_dequeue(&pq, &item, K_NULL, K_NULL), K_ERR_NONE);
    KT_ASSERT(pq_item_is(&item, 3u));
    memset(&item, 0, sizeof(item));
    KT_ASSERT_EQ(tos_prio_q_dequeue(&pq, &item, &size, K_NULL), K_ERR_NONE);
    KT_ASSERT(pq_item_is(&item, 2u));
    KT_ASSERT_EQ(size, sizeof(pq_item_t));
    memset(&item, 0, sizeof(item));
    KT_ASSERT_EQ(tos_prio_q_dequeue(&pq, &item, K_NULL, &prio), K_ERR_NONE);
    KT_ASSERT(pq_item_is(&item, 1u));
    KT_ASSERT_EQ(prio, 9u);
    pq_expect_empty(&pq);
}

KTEST(priority_queue, enqueue_errors_leave_queue_unchanged)
{
    uint8_t big[sizeof(pq_item_t) + 4u];
    pq_item_t item;

    pq_reset();
    memset(big, 0, sizeof(big));
    KT_ASSERT_EQ(tos_prio_q_create(&pq, pq_mgr, pq_pool, PQ_CAP, sizeof(pq_item_t)), K_ERR_NONE);
    pq_item_make(&item, 100u);          /* would be the first out if it got in */
    KT_ASSERT_EQ(tos_prio_q_enqueue(&pq, &item, sizeof(item) - 1u, 0u),
                 K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_prio_q_enqueue(&pq, big, sizeof(big), 0u), K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_prio_q_enqueue(&pq, &item, 0u, 0u), K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH);
    pq_expect_empty(&pq);

    for (uint32_t i = 0u; i < PQ_CAP; ++i) {
        pq_enqueue(&pq, i, 10u);
    }
    /* full: the size is still checked first, then fullness */
    KT_ASSERT_EQ(tos_prio_q_enqueue(&pq, big, sizeof(big), 0u), K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_prio_q_enqueue(&pq, &item, sizeof(item), 0u), K_ERR_PRIO_Q_FULL);
    KT_ASSERT_EQ(tos_prio_q_enqueue(&pq, &item, sizeof(item), 255u), K_ERR_PRIO_Q_FULL);
    KT_ASSERT_EQ(tos_prio_q_is_full(&pq), K_TRUE);
    for (uint32_t i = 0u; i < PQ_CAP; ++i) {
        pq_expect(&pq, i, 10u);
    }
    pq_expect_empty(&pq);
}

KTEST(priority_queue, single_slot_queue)
{
    uint8_t mgr[TOS_PRIO_Q_MGR_ARRAY_SIZE(1)];
    pq_item_t pool[1], item;

    pq_reset();
    KT_ASSERT_EQ(tos_prio_q_create(&pq, mgr, pool, 1u, sizeof(pq_item_t)), K_ERR_NONE);
    for (uint32_t i = 0u; i < 5u; ++i) {
        pq_enqueue(&pq, i, (k_prio_t)(200u - i));
        KT_ASSERT_EQ(tos_prio_q_is_full(&pq), K_TRUE);
        KT_ASSERT_EQ(tos_prio_q_is_empty(&pq), K_FALSE);
        pq_item_make(&item, 99u);
        KT_ASSERT_EQ(tos_prio_q_enqueue(&pq, &item, sizeof(item), 0u), K_ERR_PRIO_Q_FULL);
        pq_expect(&pq, i, (k_prio_t)(200u - i));
        pq_expect_empty(&pq);
    }
}

/* ---- against a reference model ---- */

/* The model: the queued (id, prio) pairs in enqueue order. The expected next item is the first
   one of the smallest priority: most urgent first, FIFO within a priority. */
typedef struct pq_model_ent_st {
    uint32_t    id;
    k_prio_t    prio;
} pq_model_ent_t;

static pq_model_ent_t pq_model[PQ_BIG_CAP];
static unsigned pq_model_cnt;
static uint32_t pq_model_next_id;

static void pq_model_reset(void)
{
    memset(pq_model, 0, sizeof(pq_model));
    pq_model_cnt = 0u;
    pq_model_next_id = 0u;
}

static void pq_model_enqueue(k_prio_q_t *q, unsigned cap, k_prio_t prio)
{
    pq_item_t item;

    pq_item_make(&item, pq_model_next_id);
    if (pq_model_cnt == cap) {
        KT_ASSERT_EQ(tos_prio_q_enqueue(q, &item, sizeof(item), prio), K_ERR_PRIO_Q_FULL);
        return;
    }
    KT_ASSERT_EQ(tos_prio_q_enqueue(q, &item, sizeof(item), prio), K_ERR_NONE);
    pq_model[pq_model_cnt].id = pq_model_next_id++;
    pq_model[pq_model_cnt].prio = prio;
    ++pq_model_cnt;
}

static void pq_model_dequeue(k_prio_q_t *q)
{
    unsigned best = 0u;

    if (pq_model_cnt == 0u) {
        pq_expect_empty(q);
        return;
    }
    for (unsigned i = 1u; i < pq_model_cnt; ++i) {
        if (pq_model[i].prio < pq_model[best].prio) {
            best = i;
        }
    }
    pq_expect(q, pq_model[best].id, pq_model[best].prio);
    memmove(&pq_model[best], &pq_model[best + 1u], (pq_model_cnt - best - 1u) * sizeof(pq_model[0]));
    --pq_model_cnt;
}

static void pq_model_check_flags(k_prio_q_t *q, unsigned cap)
{
    KT_ASSERT_EQ(tos_prio_q_is_empty(q), pq_model_cnt == 0u ? K_TRUE : K_FALSE);
    KT_ASSERT_EQ(tos_prio_q_is_full(q), pq_model_cnt == cap ? K_TRUE : K_FALSE);
}

/* Guard bytes around the manager array and the pool catch a TOS_PRIO_Q_MGR_ARRAY_SIZE that is
   too small, or any write outside the caller's memory. The manager array starts at an odd
   address: it may have any alignment. */
static uint8_t pq_model_mgr[PQ_GUARD + TOS_PRIO_Q_MGR_ARRAY_SIZE(PQ_MODEL_CAP) + 1u + PQ_GUARD];
static uint8_t pq_model_pool[PQ_GUARD + PQ_MODEL_CAP * sizeof(pq_item_t) + PQ_GUARD];
#define PQ_MODEL_MGR    (&pq_model_mgr[PQ_GUARD + 1u])
#define PQ_MODEL_POOL   (&pq_model_pool[PQ_GUARD])

static int pq_guards_intact(void)
{
    const uint8_t *mgr_end = PQ_MODEL_MGR + TOS_PRIO_Q_MGR_ARRAY_SIZE(PQ_MODEL_CAP);
    const uint8_t *pool_end = PQ_MODEL_POOL + PQ_MODEL_CAP * sizeof(pq_item_t);

    for (unsigned i = 0u; i < PQ_GUARD; ++i) {
        if (pq_model_mgr[i] != PQ_GUARD_BYTE || mgr_end[i] != PQ_GUARD_BYTE ||
            pq_model_pool[i] != PQ_GUARD_BYTE || pool_end[i] != PQ_GUARD_BYTE) {
            return 0;
        }
    }
    return pq_model_mgr[PQ_GUARD] == PQ_GUARD_BYTE;
}

static void pq_model_queue_create(void)
{
    memset(pq_model_mgr, PQ_GUARD_BYTE, sizeof(pq_model_mgr));
    memset(pq_model_pool, PQ_GUARD_BYTE, sizeof(pq_model_pool));
    memset(&pq, 0, sizeof(pq));
    KT_ASSERT_EQ(tos_prio_q_create(&pq, PQ_MODEL_MGR, PQ_MODEL_POOL, PQ_MODEL_CAP,
                                   sizeof(pq_item_t)), K_ERR_NONE);
}

KTEST(priority_queue, random_sequences_match_reference_model)
{
    unsigned dequeues = 0u, fulls = 0u, empties = 0u;

    pq_model_reset();
    pq_rng_seed(0x5EEDu);
    pq_model_queue_create();
    for (unsigned step = 0u; step < 40000u; ++step) {
        uint32_t r = pq_rng();
        int enqueue = ((step / 400u) & 1u) ? (r % 100u) < 35u : (r % 100u) < 65u;
        /* mostly a few priorities (many ties), sometimes all 256 */
        k_prio_t prio = ((step / 3000u) & 1u) ? (k_prio_t)(r >> 24) : (k_prio_t)((r >> 24) % 4u);

        if (enqueue) {
            if (pq_model_cnt == PQ_MODEL_CAP) {
                ++fulls;
            }
            pq_model_enqueue(&pq, PQ_MODEL_CAP, prio);
        } else {
            if (pq_model_cnt == 0u) {
                ++empties;
            } else {
                ++dequeues;
            }
            pq_model_dequeue(&pq);
        }
        pq_model_check_flags(&pq, PQ_MODEL_CAP);
    }
    while (pq_model_cnt > 0u) {
        pq_model_dequeue(&pq);
    }
    pq_expect_empty(&pq);
    KT_ASSERT(pq_guards_intact());
    KT_ASSERT_GT(dequeues, 10000u);
    KT_ASSERT_GT(fulls, 100u);
    KT_ASSERT_GT(empties, 100u);
}

/* Fill to the brim and drain (completely, or to a random level) again and again: slots are
   recycled in ever-changing orders, and the arrival order must survive all of it. */
KTEST(priority_queue, fill_drain_cycles_recycle_slots)
{
    pq_model_reset();
    pq_rng_seed(4242u);
    pq_model_queue_create();
    for (unsigned cycle = 0u; cycle < 60u; ++cycle) {
        unsigned keep = (cycle % 3u) ? pq_rng() % PQ_MODEL_CAP : 0u;

        while (pq_model_cnt < PQ_MODEL_CAP) {
            pq_model_enqueue(&pq, PQ_MODEL_CAP, (k_prio_t)(pq_rng() % 3u));
        }
        pq_model_check_flags(&pq, PQ_MODEL_CAP);
        pq_model_enqueue(&pq, PQ_MODEL_CAP, 0u);        /* refused: full */
        while (pq_model_cnt > keep) {
            pq_model_dequeue(&pq);
        }
        pq_model_check_flags(&pq, PQ_MODEL_CAP);
    }
    while (pq_model_cnt > 0u) {
        pq_model_dequeue(&pq);
    }
    pq_expect_empty(&pq);
    KT_ASSERT(pq_guards_intact());
}

/* A long stream at one priority is a plain FIFO, however it interleaves. */
static uint8_t pq_big_mgr[TOS_PRIO_Q_MGR_ARRAY_SIZE(PQ_BIG_CAP)];
static pq_item_t pq_big_pool[PQ_BIG_CAP];

KTEST(priority_queue, equal_priorities_are_strictly_fifo)
{
    uint32_t next_in = 0u, next_out = 0u;

    memset(&pq, 0, sizeof(pq));
    pq_rng_seed(99u);
    KT_ASSERT_EQ(tos_prio_q_create(&pq, pq_big_mgr, pq_big_pool, PQ_BIG_CAP, sizeof(pq_item_t)),
                 K_ERR_NONE);
    for (uint32_t i = 0u; i < PQ_BIG_CAP; ++i) {
        pq_enqueue(&pq, next_in++, 42u);
    }
    KT_ASSERT_EQ(tos_prio_q_is_full(&pq), K_TRUE);
    for (unsigned round = 0u; round < 200u; ++round) {
        unsigned out = pq_rng() % 64u, in;

        for (unsigned i = 0u; i < out && next_out < next_in; ++i) {
            pq_expect(&pq, next_out++, 42u);
        }
        in = pq_rng() % 64u;
        for (unsigned i = 0u; i < in && next_in - next_out < PQ_BIG_CAP; ++i) {
            pq_enqueue(&pq, next_in++, 42u);
        }
    }
    while (next_out < next_in) {
        pq_expect(&pq, next_out++, 42u);
    }
    pq_expect_empty(&pq);
    KT_ASSERT_GT(next_in, 5000u);
}

/* A big queue against the model, with one long-lived low-priority item that must keep its
   place ahead of every later item of its priority. */
KTEST(priority_queue, big_queue_matches_reference_model)
{
    memset(&pq, 0, sizeof(pq));
    pq_model_reset();
    pq_rng_seed(0xBADC0DEu);
    KT_ASSERT_EQ(tos_prio_q_create(&pq, pq_big_mgr, pq_big_pool, PQ_BIG_CAP, sizeof(pq_item_t)),
                 K_ERR_NONE);
    pq_model_enqueue(&pq, PQ_BIG_CAP, 200u);            /* id 0: the old one */
    for (unsigned step = 0u; step < 30000u; ++step) {
        uint32_t r = pq_rng();

        if ((r % 100u) < ((step / 5000u) & 1u ? 40u : 60u)) {
            pq_model_enqueue(&pq, PQ_BIG_CAP, (k_prio_t)((r >> 20) % 200u));
        } else if (pq_model_cnt > 1u) {
            pq_model_dequeue(&pq);
        }
    }
    pq_model_enqueue(&pq, PQ_BIG_CAP, 200u);
    while (pq_model_cnt > 2u) {
        pq_model_dequeue(&pq);
    }
    pq_expect(&pq, 0u, 200u);                           /* the old one first... */
    KT_ASSERT_EQ(pq_model[1].prio, 200u);
    pq_expect(&pq, pq_model[1].id, 200u);               /* ...then the new one */
    pq_expect_empty(&pq);
}

KTEST(priority_queue, mgr_array_size_macro)
{
    /* linear in the item count, nothing for nothing; usable in constant expressions */
    static uint8_t sized[TOS_PRIO_Q_MGR_ARRAY_SIZE(3)];

    KT_ASSERT_EQ(TOS_PRIO_Q_MGR_ARRAY_SIZE(0), 0u);
    KT_ASSERT_GT(TOS_PRIO_Q_MGR_ARRAY_SIZE(1), 0u);
    KT_ASSERT_EQ(TOS_PRIO_Q_MGR_ARRAY_SIZE(10), 10u * TOS_PRIO_Q_MGR_ARRAY_SIZE(1));
    KT_ASSERT_EQ(TOS_PRIO_Q_MGR_ARRAY_SIZE(2 + 1), 3u * TOS_PRIO_Q_MGR_ARRAY_SIZE(1));
    KT_ASSERT_EQ(sizeof(sized), 3u * TOS_PRIO_Q_MGR_ARRAY_SIZE(1));
}

/* ---- the manager array no longer matching the queue: K_ERR_PRIO_Q_SLOT_NOT_TAKEN ---- */

KTEST(priority_queue, shared_mgr_array_detected_on_dequeue)
{
    k_prio_q_t q2;
    pq_item_t pool2[PQ_CAP], item;
    size_t size = 99u;
    k_prio_t prio = 77u;

    pq_reset();
    memset(&q2, 0, sizeof(q2));
    /* two queues wrongly given one manager array */
    KT_ASSERT_EQ(tos_prio_q_create(&pq, pq_mgr, pq_pool, PQ_CAP, sizeof(pq_item_t)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_prio_q_create(&q2, pq_mgr, pool2, PQ_CAP, sizeof(pq_item_t)), K_ERR_NONE);
    pq_enqueue(&pq, 1u, 3u);
    pq_enqueue(&q2, 2u, 3u);      /* takes "its" first slot: the one pq's item holds */
    pq_expect(&q2, 2u, 3u);       /* ...and gives it back */
    /* pq's entry now names a slot that holds nothing */
    memset(&item, 0xEE, sizeof(item));
    KT_ASSERT_EQ(tos_prio_q_dequeue(&pq, &item, &size, &prio), K_ERR_PRIO_Q_SLOT_NOT_TAKEN);
    KT_ASSERT_EQ(item.id, 0xEEEEEEEEu);
    KT_ASSERT_EQ(size, 99u);
    KT_ASSERT_EQ(prio, 77u);
    /* the bad entry was dropped */
    pq_expect_empty(&pq);
    KT_ASSERT_EQ(tos_prio_q_destroy(&q2), K_ERR_NONE);

    /* flush rebuilds the books: pq works normally again */
    KT_ASSERT_EQ(tos_prio_q_flush(&pq), K_ERR_NONE);
    for (uint32_t i = 0u; i < PQ_CAP; ++i) {
        pq_enqueue(&pq, 10u + i, (k_prio_t)(PQ_CAP - i));
    }
    for (uint32_t i = 0u; i < PQ_CAP; ++i) {
        pq_expect(&pq, 10u + PQ_CAP - 1u - i, (k_prio_t)(i + 1u));
    }
    pq_expect_empty(&pq);
}

KTEST(priority_queue, shared_mgr_array_detected_on_enqueue)
{
    k_prio_q_t q2;
    pq_item_t pool2[PQ_CAP], item;

    pq_reset();
    memset(&q2, 0, sizeof(q2));
    KT_ASSERT_EQ(tos_prio_q_create(&pq, pq_mgr, pq_pool, PQ_CAP, sizeof(pq_item_t)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_prio_q_create(&q2, pq_mgr, pool2, PQ_CAP, sizeof(pq_item_t)), K_ERR_NONE);
    pq_enqueue(&pq, 1u, 0u);
    pq_expect(&pq, 1u, 0u);       /* pq's next slot is now the recycled first one */
    pq_enqueue(&q2, 2u, 0u);      /* q2 takes that same slot */
    /* pq cannot take a slot that is in use, although it has room */
    pq_item_make(&item, 3u);
    KT_ASSERT_EQ(tos_prio_q_is_full(&pq), K_FALSE);
    KT_ASSERT_EQ(tos_prio_q_enqueue(&pq, &item, sizeof(item), 0u), K_ERR_PRIO_Q_SLOT_NOT_TAKEN);
    /* nothing was enqueued, and q2's item is intact */
    pq_expect_empty(&pq);
    pq_expect(&q2, 2u, 0u);
    KT_ASSERT(pq_item_is(&pool2[0], 2u));
    KT_ASSERT_EQ(tos_prio_q_destroy(&q2), K_ERR_NONE);

    KT_ASSERT_EQ(tos_prio_q_flush(&pq), K_ERR_NONE);
    pq_enqueue(&pq, 4u, 1u);
    pq_enqueue(&pq, 5u, 0u);
    pq_expect(&pq, 5u, 0u);
    pq_expect(&pq, 4u, 1u);
    pq_expect_empty(&pq);
}

KTEST(priority_queue, overwritten_mgr_array_detected_and_contained)
{
    pq_item_t item;

    pq_model_reset();
    pq_model_queue_create();
    for (uint32_t i = 0u; i < 10u; ++i) {
        pq_model_enqueue(&pq, PQ_MODEL_CAP, (k_prio_t)(i % 3u));
    }
    /* the application scribbles over the manager array: every slot number it reads is out of
       range, and nothing may be written outside the caller's memory */
    memset(PQ_MODEL_MGR, 0xFF, TOS_PRIO_Q_MGR_ARRAY_SIZE(PQ_MODEL_CAP));
    memset(&item, 0xEE, sizeof(item));
    KT_ASSERT_EQ(tos_prio_q_dequeue(&pq, &item, K_NULL, K_NULL), K_ERR_PRIO_Q_SLOT_NOT_TAKEN);
    KT_ASSERT_EQ(item.id, 0xEEEEEEEEu);
    KT_ASSERT(pq_guards_intact());

    /* ...and with zeros every entry names slot 0, whose link says "free" */
    memset(PQ_MODEL_MGR, 0x00, TOS_PRIO_Q_MGR_ARRAY_SIZE(PQ_MODEL_CAP));
    KT_ASSERT_EQ(tos_prio_q_dequeue(&pq, &item, K_NULL, K_NULL), K_ERR_PRIO_Q_SLOT_NOT_TAKEN);
    KT_ASSERT_EQ(item.id, 0xEEEEEEEEu);
    KT_ASSERT(pq_guards_intact());

    KT_ASSERT_EQ(tos_prio_q_flush(&pq), K_ERR_NONE);
    pq_model_reset();
    for (unsigned i = 0u; i < 3u * PQ_MODEL_CAP; ++i) {
        pq_model_enqueue(&pq, PQ_MODEL_CAP, (k_prio_t)(i % 5u));
        if (i % 3u == 2u) {
            pq_model_dequeue(&pq);
        }
    }
    while (pq_model_cnt > 0u) {
        pq_model_dequeue(&pq);
    }
    pq_expect_empty(&pq);
    KT_ASSERT(pq_guards_intact());
}

/* ---- flush ---- */

KTEST(priority_queue, flush_drops_everything)
{
    pq_reset();
    KT_ASSERT_EQ(tos_prio_q_create(&pq, pq_mgr, pq_pool, PQ_CAP, sizeof(pq_item_t)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_prio_q_flush(&pq), K_ERR_NONE);        /* empty: harmless */
    pq_expect_empty(&pq);
    for (uint32_t i = 0u; i < PQ_CAP; ++i) {
        pq_enqueue(&pq, i, (k_prio_t)(i % 2u));
    }
    KT_ASSERT_EQ(tos_prio_q_flush(&pq), K_ERR_NONE);
    KT_ASSERT_EQ(tos_prio_q_is_full(&pq), K_FALSE);
    pq_expect_empty(&pq);
    /* the whole capacity is usable again, in order, and nothing old comes back */
    for (uint32_t i = 0u; i < PQ_CAP; ++i) {
        pq_enqueue(&pq, 100u + i, 7u);
    }
    KT_ASSERT_EQ(tos_prio_q_is_full(&pq), K_TRUE);
    for (uint32_t i = 0u; i < PQ_CAP; ++i) {
        pq_expect(&pq, 100u + i, 7u);
    }
    pq_expect_empty(&pq);

    /* a flush in the middle of traffic */
    pq_enqueue(&pq, 200u, 1u);
    pq_enqueue(&pq, 201u, 1u);
    pq_expect(&pq, 200u, 1u);
    KT_ASSERT_EQ(tos_prio_q_flush(&pq), K_ERR_NONE);
    pq_enqueue(&pq, 202u, 1u);
    pq_enqueue(&pq, 203u, 0u);
    pq_expect(&pq, 203u, 0u);
    pq_expect(&pq, 202u, 1u);
    pq_expect_empty(&pq);
}

/* ---- ISR use ---- */

static volatile uint32_t    pq_isr_id;
static volatile k_prio_t    pq_isr_prio;
static volatile unsigned    pq_isr_runs;
static volatile k_err_t     pq_isr_err;

static void pq_isr_enqueue(void)
{
    pq_item_t item;

    tos_knl_irq_enter();
    ++pq_isr_runs;
    pq_item_make(&item, pq_isr_id);
    pq_isr_err = tos_prio_q_enqueue(&pq, &item, sizeof(item), pq_isr_prio);
    tos_knl_irq_leave();
}

static void pq_isr_dequeue(void)
{
    pq_item_t item;
    k_prio_t prio = 0u;

    tos_knl_irq_enter();
    ++pq_isr_runs;
    memset(&item, 0, sizeof(item));
    pq_isr_err = tos_prio_q_dequeue(&pq, &item, K_NULL, &prio);
    pq_isr_id = pq_item_is(&item, item.id) ? item.id : 0xFFFFFFFFu;
    pq_isr_prio = prio;
    tos_knl_irq_leave();
}

static void pq_isr_reset(void)
{
    pq_reset();
    pq_isr_id = 0u;
    pq_isr_prio = 0u;
    pq_isr_runs = 0u;
    pq_isr_err = K_ERR_PEND_ABNORMAL;
    KT_ASSERT_EQ(tos_prio_q_create(&pq, pq_mgr, pq_pool, PQ_CAP, sizeof(pq_item_t)), K_ERR_NONE);
}

KTEST(priority_queue, isr_enqueues_task_dequeues)
{
    static const uint8_t prios[] = { 4u, 2u, 4u, 1u, 2u, 0u, 4u, 1u, 0u };

    pq_isr_reset();
    ktest_irq_connect(0u, pq_isr_enqueue, 0u);
    for (unsigned i = 0u; i < sizeof(prios); ++i) {
        pq_isr_id = i;
        pq_isr_prio = prios[i];
        pq_isr_err = K_ERR_PEND_ABNORMAL;
        ktest_irq_raise(0u);
        KT_ASSERT_EQ(pq_isr_runs, i + 1u);
        KT_ASSERT_EQ(pq_isr_err, i < PQ_CAP ? K_ERR_NONE : K_ERR_PRIO_Q_FULL);
    }
    pq_expect(&pq, 5u, 0u);
    pq_expect(&pq, 3u, 1u);
    pq_expect(&pq, 7u, 1u);
    pq_expect(&pq, 1u, 2u);
    pq_expect(&pq, 4u, 2u);
    pq_expect(&pq, 0u, 4u);
    pq_expect(&pq, 2u, 4u);
    pq_expect(&pq, 6u, 4u);
    pq_expect_empty(&pq);
}

KTEST(priority_queue, isr_dequeues_task_enqueues)
{
    pq_isr_reset();
    ktest_irq_connect(1u, pq_isr_dequeue, 0u);
    pq_enqueue(&pq, 11u, 9u);
    pq_enqueue(&pq, 12u, 3u);
    pq_enqueue(&pq, 13u, 9u);
    ktest_irq_raise(1u);
    KT_ASSERT_EQ(pq_isr_err, K_ERR_NONE);
    KT_ASSERT_EQ(pq_isr_id, 12u);
    KT_ASSERT_EQ(pq_isr_prio, 3u);
    ktest_irq_raise(1u);
    KT_ASSERT_EQ(pq_isr_err, K_ERR_NONE);
    KT_ASSERT_EQ(pq_isr_id, 11u);
    KT_ASSERT_EQ(pq_isr_prio, 9u);
    ktest_irq_raise(1u);
    KT_ASSERT_EQ(pq_isr_err, K_ERR_NONE);
    KT_ASSERT_EQ(pq_isr_id, 13u);
    ktest_irq_raise(1u);
    KT_ASSERT_EQ(pq_isr_err, K_ERR_PRIO_Q_EMPTY);
    KT_ASSERT_EQ(pq_isr_runs, 4u);
    pq_expect_empty(&pq);
}

/* The queue's own critical sections nest: called with interrupts masked, they must not let a
   pending interrupt in. */
KTEST(priority_queue, calls_under_masked_interrupts_keep_them_masked)
{
    TOS_CPU_CPSR_ALLOC();
    pq_item_t item;

    pq_isr_reset();
    pq_isr_id = 1u;
    pq_isr_prio = 1u;
    ktest_irq_connect(0u, pq_isr_enqueue, 0u);

    TOS_CPU_INT_DISABLE();
    ktest_irq_raise(0u);                    /* pending until interrupts are unmasked */
    pq_item_make(&item, 500u);
    KT_ASSERT_EQ(tos_prio_q_enqueue(&pq, &item, sizeof(item), 0u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_prio_q_is_full(&pq), K_FALSE);
    KT_ASSERT_EQ(tos_prio_q_is_empty(&pq), K_FALSE);
    memset(&item, 0, sizeof(item));
    KT_ASSERT_EQ(tos_prio_q_dequeue(&pq, &item, K_NULL, K_NULL), K_ERR_NONE);
    KT_ASSERT_EQ(tos_prio_q_flush(&pq), K_ERR_NONE);
    KT_ASSERT_EQ(pq_isr_runs, 0u);
    KT_ASSERT(pq_item_is(&item, 500u));
    TOS_CPU_INT_ENABLE();

    KT_ASSERT_EQ(pq_isr_runs, 1u);           /* taken as soon as interrupts were unmasked */
    pq_expect(&pq, 1u, 1u);
    pq_expect_empty(&pq);
}
