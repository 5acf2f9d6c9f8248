/*
 * Conformance: binary heap (tos_binary_heap.h). Fixed-size items are copied by value into the
 * caller's pool; a pop returns an item that no remaining item must precede, where cmp(a, b)
 * != 0 means "a leaves before b". The heap is not stable, so among items that rank equal only
 * the rank of what comes out is checked.
 */
#include "ktest.h"

#define BH_CAP          8u
#define BH_BIG_CAP      1023u   /* a full tree of depth 10 */
#define BH_MODEL_CAP    64u

/* A 16-byte item: a sort key and an id; every byte of `bytes` depends on the id, so a partial
   or misplaced copy is caught. */
typedef struct bh_item_st {
    uint32_t    key;
    uint32_t    id;
    uint8_t     bytes[8];
} bh_item_t;

static unsigned long bh_cmp_calls;

static void bh_item_make(bh_item_t *item, uint32_t key, uint32_t id)
{
    item->key = key;
    item->id = id;
    for (unsigned i = 0u; i < sizeof(item->bytes); ++i) {
        item->bytes[i] = (uint8_t)(id * 11u + i + 3u);
    }
}

static int bh_item_intact(const bh_item_t *item)
{
    bh_item_t want;

    bh_item_make(&want, item->key, item->id);
    return memcmp(item, &want, sizeof(want)) == 0;
}

/* smallest key first; "true" is reported as 1 */
static int bh_cmp_min(void *a, void *b)
{
    ++bh_cmp_calls;
    return ((const bh_item_t *)a)->key < ((const bh_item_t *)b)->key;
}

/* largest key first; "true" is reported as a non-1, negative value */
static int bh_cmp_max(void *a, void *b)
{
    ++bh_cmp_calls;
    return ((const bh_item_t *)a)->key > ((const bh_item_t *)b)->key ? -7 : 0;
}

static int bh_cmp_u8(void *a, void *b)
{
    return *(const uint8_t *)a < *(const uint8_t *)b;
}

/* 3-byte items ranked by their middle byte */
static int bh_cmp_mid3(void *a, void *b)
{
    return ((const uint8_t *)a)[1] < ((const uint8_t *)b)[1];
}

static uint32_t bh_rng_state;

static void bh_rng_seed(uint32_t seed)
{
    bh_rng_state = seed ? seed : 1u;
}

static uint32_t bh_rng(void)
{
    uint32_t x = bh_rng_state;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    bh_rng_state = x;
    return x;
}

static void bh_push(k_bin_heap_t *h, uint32_t key, uint32_t id)
{
    bh_item_t item;

    bh_item_make(&item, key, id);
    KT_ASSERT_EQ(tos_bin_heap_push(h, &item, sizeof(item)), K_ERR_NONE);
}

/* Pop one item and check it is whole and has `key`; returns its id. */
static uint32_t bh_pop_key(k_bin_heap_t *h, uint32_t key)
{
    bh_item_t item;
    size_t size = 0u;

    memset(&item, 0xEE, sizeof(item));
    KT_ASSERT_EQ(tos_bin_heap_pop(h, &item, &size), K_ERR_NONE);
    KT_ASSERT_EQ(size, sizeof(bh_item_t));
    KT_ASSERT_EQ(item.key, key);
    KT_ASSERT(bh_item_intact(&item));
    return item.id;
}

static void bh_expect_empty(k_bin_heap_t *h)
{
    bh_item_t item;
    size_t size = 99u;

    memset(&item, 0xEE, sizeof(item));
    KT_ASSERT_EQ(tos_bin_heap_is_empty(h), K_TRUE);
    KT_ASSERT_EQ(tos_bin_heap_pop(h, &item, &size), K_ERR_BIN_HEAP_EMPTY);
    KT_ASSERT_EQ(size, 99u);
    KT_ASSERT_EQ(item.key, 0xEEEEEEEEu);
    KT_ASSERT_EQ(item.id, 0xEEEEEEEEu);
}

static void bh_heap_info(uint32_t *used, uint32_t *free_bytes)
{
    k_mmheap_info_t info;

    KT_ASSERT_EQ(tos_mmheap_check(&info), K_ERR_NONE);
    *used = info.used;
    *free_bytes = info.free;
}

/* ---- create / destroy ---- */

KTEST(binary_heap, create_rejects_bad_args)
{
    k_bin_heap_t h;
    bh_item_t pool[BH_CAP], item;

    memset(&h, 0, sizeof(h));
    bh_item_make(&item, 1u, 1u);
    KT_ASSERT_EQ(tos_bin_heap_create(K_NULL, pool, BH_CAP, sizeof(bh_item_t), bh_cmp_min),
                 K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_bin_heap_create(&h, K_NULL, BH_CAP, sizeof(bh_item_t), bh_cmp_min),
                 K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_bin_heap_create(&h, pool, BH_CAP, sizeof(bh_item_t), K_NULL),
                 K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_bin_heap_create(&h, pool, BH_CAP, 0u, bh_cmp_min),
                 K_ERR_BIN_HEAP_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_bin_heap_create(&h, pool, 0u, sizeof(bh_item_t), bh_cmp_min),
                 K_ERR_BIN_HEAP_FULL);

    /* none of the failed creates made h a heap */
    KT_ASSERT_EQ(tos_bin_heap_push(&h, &item, sizeof(item)), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_bin_heap_pop(&h, &item, K_NULL), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_bin_heap_flush(&h), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_bin_heap_destroy(&h), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_bin_heap_is_empty(&h), K_FALSE);
    KT_ASSERT_EQ(tos_bin_heap_is_full(&h), K_FALSE);
}

KTEST(binary_heap, create_gives_empty_heap)
{
    k_bin_heap_t h;
    bh_item_t pool[BH_CAP];

    KT_ASSERT_EQ(tos_bin_heap_create(&h, pool, BH_CAP, sizeof(bh_item_t), bh_cmp_min), K_ERR_NONE);
    KT_ASSERT_EQ(tos_bin_heap_is_full(&h), K_FALSE);
    bh_expect_empty(&h);
    KT_ASSERT_EQ(tos_bin_heap_destroy(&h), K_ERR_NONE);
}

KTEST(binary_heap, null_args_are_rejected)
{
    k_bin_heap_t h;
    bh_item_t pool[BH_CAP], item;

    KT_ASSERT_EQ(tos_bin_heap_create(&h, pool, BH_CAP, sizeof(bh_item_t), bh_cmp_min), K_ERR_NONE);
    bh_push(&h, 5u, 1u);
    bh_item_make(&item, 1u, 2u);
    KT_ASSERT_EQ(tos_bin_heap_push(K_NULL, &item, sizeof(item)), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_bin_heap_push(&h, K_NULL, sizeof(item)), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_bin_heap_pop(K_NULL, &item, K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_bin_heap_pop(&h, K_NULL, K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_bin_heap_flush(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_bin_heap_destroy(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_bin_heap_destroy_dyn(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_bin_heap_is_empty(K_NULL), K_FALSE);
    KT_ASSERT_EQ(tos_bin_heap_is_full(K_NULL), K_FALSE);
    /* none of them changed the heap: the one item is still there, alone */
    KT_ASSERT_EQ(bh_pop_key(&h, 5u), 1u);
    bh_expect_empty(&h);
}

KTEST(binary_heap, destroyed_heap_is_invalid)
{
    k_bin_heap_t h;
    bh_item_t pool[BH_CAP], item;

    KT_ASSERT_EQ(tos_bin_heap_create(&h, pool, BH_CAP, sizeof(bh_item_t), bh_cmp_min), K_ERR_NONE);
    bh_push(&h, 1u, 1u);
    KT_ASSERT_EQ(tos_bin_heap_destroy(&h), K_ERR_NONE);

    bh_item_make(&item, 9u, 9u);
    KT_ASSERT_EQ(tos_bin_heap_push(&h, &item, sizeof(item)), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_bin_heap_pop(&h, &item, K_NULL), K_ERR_OBJ_INVALID);
    KT_ASSERT(bh_item_intact(&item));
    KT_ASSERT_EQ(item.key, 9u);
    KT_ASSERT_EQ(tos_bin_heap_flush(&h), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_bin_heap_is_empty(&h), K_FALSE);
    KT_ASSERT_EQ(tos_bin_heap_is_full(&h), K_FALSE);
    KT_ASSERT_EQ(tos_bin_heap_destroy(&h), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_bin_heap_destroy_dyn(&h), K_ERR_OBJ_INVALID);

    /* created again, it starts empty */
    KT_ASSERT_EQ(tos_bin_heap_create(&h, pool, BH_CAP, sizeof(bh_item_t), bh_cmp_min), K_ERR_NONE);
    bh_expect_empty(&h);
    bh_push(&h, 2u, 2u);
    KT_ASSERT_EQ(bh_pop_key(&h, 2u), 2u);
    KT_ASSERT_EQ(tos_bin_heap_destroy(&h), K_ERR_NONE);
}

KTEST(binary_heap, dynamic_create_and_alloc_type_checks)
{
    k_bin_heap_t h, sh;
    bh_item_t spool[2], item;
    uint32_t used0, free0, used, free_bytes;

    memset(&h, 0, sizeof(h));
    bh_heap_info(&used0, &free0);

    KT_ASSERT_EQ(tos_bin_heap_create_dyn(K_NULL, 4u, sizeof(bh_item_t), bh_cmp_min),
                 K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_bin_heap_create_dyn(&h, 4u, sizeof(bh_item_t), K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_bin_heap_create_dyn(&h, 4u, 0u, bh_cmp_min),
                 K_ERR_BIN_HEAP_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_bin_heap_create_dyn(&h, 0u, sizeof(bh_item_t), bh_cmp_min),
                 K_ERR_BIN_HEAP_FULL);
    /* more than the kernel heap holds; a pool size that does not fit in size_t */
    KT_ASSERT_EQ(tos_bin_heap_create_dyn(&h, (size_t)1u << 20, sizeof(bh_item_t), bh_cmp_min),
                 K_ERR_OUT_OF_MEMORY);
    KT_ASSERT_EQ(tos_bin_heap_create_dyn(&h, SIZE_MAX / 16u + 2u, 16u, bh_cmp_min),
                 K_ERR_OUT_OF_MEMORY);
    bh_heap_info(&used, &free_bytes);
    KT_ASSERT_EQ(used, used0);
    KT_ASSERT_EQ(free_bytes, free0);
    bh_item_make(&item, 0u, 0u);
    KT_ASSERT_EQ(tos_bin_heap_push(&h, &item, sizeof(item)), K_ERR_OBJ_INVALID);

    KT_ASSERT_EQ(tos_bin_heap_create_dyn(&h, 100u, sizeof(bh_item_t), bh_cmp_max), K_ERR_NONE);
    bh_heap_info(&used, &free_bytes);
    KT_ASSERT_GE(used, used0 + 100u * sizeof(bh_item_t));
    KT_ASSERT_LT(free_bytes, free0);
    for (uint32_t i = 0u; i < 100u; ++i) {
        bh_push(&h, (i * 37u) % 100u, i);
    }
    KT_ASSERT_EQ(tos_bin_heap_is_full(&h), K_TRUE);
    KT_ASSERT_EQ(tos_bin_heap_push(&h, &item, sizeof(item)), K_ERR_BIN_HEAP_FULL);
    for (uint32_t i = 0u; i < 100u; ++i) {
        uint32_t key = 99u - i;
        KT_ASSERT_EQ(bh_pop_key(&h, key), (key * 73u) % 100u);     /* 37 * 73 = 1 mod 100 */
    }
    bh_expect_empty(&h);

    /* the wrong destroy is refused both ways, and changes nothing */
    KT_ASSERT_EQ(tos_bin_heap_destroy(&h), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    KT_ASSERT_EQ(tos_bin_heap_create(&sh, spool, 2u, sizeof(bh_item_t), bh_cmp_min), K_ERR_NONE);
    KT_ASSERT_EQ(tos_bin_heap_destroy_dyn(&sh), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    bh_push(&h, 5u, 5u);
    bh_push(&sh, 6u, 6u);
    KT_ASSERT_EQ(bh_pop_key(&h, 5u), 5u);
    KT_ASSERT_EQ(bh_pop_key(&sh, 6u), 6u);

    KT_ASSERT_EQ(tos_bin_heap_destroy_dyn(&h), K_ERR_NONE);
    bh_heap_info(&used, &free_bytes);
    KT_ASSERT_EQ(used, used0);
    KT_ASSERT_EQ(free_bytes, free0);
    KT_ASSERT_EQ(tos_bin_heap_destroy_dyn(&h), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_bin_heap_push(&h, &item, sizeof(item)), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_bin_heap_destroy(&sh), K_ERR_NONE);
}

/* ---- ordering ---- */

KTEST(binary_heap, pops_in_cmp_order_copied_by_value)
{
    static const uint32_t keys[BH_CAP] = { 50u, 20u, 80u, 10u, 70u, 30u, 60u, 40u };
    k_bin_heap_t h;
    bh_item_t pool[BH_CAP], item;

    /* smallest first */
    KT_ASSERT_EQ(tos_bin_heap_create(&h, pool, BH_CAP, sizeof(bh_item_t), bh_cmp_min), K_ERR_NONE);
    for (uint32_t i = 0u; i < BH_CAP; ++i) {
        bh_item_make(&item, keys[i], i);
        KT_ASSERT_EQ(tos_bin_heap_push(&h, &item, sizeof(item)), K_ERR_NONE);
        memset(&item, 0, sizeof(item));         /* copied at push time */
        KT_ASSERT_EQ(tos_bin_heap_is_empty(&h), K_FALSE);
        KT_ASSERT_EQ(tos_bin_heap_is_full(&h), i + 1u == BH_CAP ? K_TRUE : K_FALSE);
    }
    KT_ASSERT_EQ(bh_pop_key(&h, 10u), 3u);
    KT_ASSERT_EQ(bh_pop_key(&h, 20u), 1u);
    KT_ASSERT_EQ(bh_pop_key(&h, 30u), 5u);
    KT_ASSERT_EQ(bh_pop_key(&h, 40u), 7u);
    KT_ASSERT_EQ(tos_bin_heap_is_full(&h), K_FALSE);
    KT_ASSERT_EQ(bh_pop_key(&h, 50u), 0u);
    KT_ASSERT_EQ(bh_pop_key(&h, 60u), 6u);
    KT_ASSERT_EQ(bh_pop_key(&h, 70u), 4u);
    KT_ASSERT_EQ(bh_pop_key(&h, 80u), 2u);
    bh_expect_empty(&h);
    KT_ASSERT_EQ(tos_bin_heap_destroy(&h), K_ERR_NONE);

    /* largest first, with a comparison whose "true" is not 1 */
    KT_ASSERT_EQ(tos_bin_heap_create(&h, pool, BH_CAP, sizeof(bh_item_t), bh_cmp_max), K_ERR_NONE);
    for (uint32_t i = 0u; i < BH_CAP; ++i) {
        bh_push(&h, keys[i], i);
    }
    KT_ASSERT_EQ(bh_pop_key(&h, 80u), 2u);
    KT_ASSERT_EQ(bh_pop_key(&h, 70u), 4u);
    KT_ASSERT_EQ(bh_pop_key(&h, 60u), 6u);
    KT_ASSERT_EQ(bh_pop_key(&h, 50u), 0u);
    KT_ASSERT_EQ(bh_pop_key(&h, 40u), 7u);
    KT_ASSERT_EQ(bh_pop_key(&h, 30u), 5u);
    KT_ASSERT_EQ(bh_pop_key(&h, 20u), 1u);
    KT_ASSERT_EQ(bh_pop_key(&h, 10u), 3u);
    bh_expect_empty(&h);
}

KTEST(binary_heap, pop_accepts_null_size)
{
    k_bin_heap_t h;
    bh_item_t pool[BH_CAP], item;

    KT_ASSERT_EQ(tos_bin_heap_create(&h, pool, BH_CAP, sizeof(bh_item_t), bh_cmp_min), K_ERR_NONE);
    bh_push(&h, 3u, 33u);
    bh_push(&h, 1u, 11u);
    memset(&item, 0, sizeof(item));
    KT_ASSERT_EQ(tos_bin_heap_pop(&h, &item, K_NULL), K_ERR_NONE);
    KT_ASSERT_EQ(item.key, 1u);
    KT_ASSERT_EQ(item.id, 11u);
    KT_ASSERT(bh_item_intact(&item));
    KT_ASSERT_EQ(bh_pop_key(&h, 3u), 33u);
    bh_expect_empty(&h);
}

KTEST(binary_heap, push_errors_leave_heap_unchanged)
{
    uint8_t big[sizeof(bh_item_t) + 4u];
    k_bin_heap_t h;
    bh_item_t pool[BH_CAP], item;

    memset(big, 0, sizeof(big));
    KT_ASSERT_EQ(tos_bin_heap_create(&h, pool, BH_CAP, sizeof(bh_item_t), bh_cmp_min), K_ERR_NONE);
    bh_item_make(&item, 0u, 100u);      /* would be the first out if it got in */
    KT_ASSERT_EQ(tos_bin_heap_push(&h, &item, sizeof(item) - 1u), K_ERR_BIN_HEAP_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_bin_heap_push(&h, big, sizeof(big)), K_ERR_BIN_HEAP_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_bin_heap_push(&h, &item, 0u), K_ERR_BIN_HEAP_ITEM_SIZE_NOT_MATCH);
    bh_expect_empty(&h);

    for (uint32_t i = 0u; i < BH_CAP; ++i) {
        bh_push(&h, 10u + i, i);
    }
    /* full: the size is still checked first, then fullness */
    KT_ASSERT_EQ(tos_bin_heap_push(&h, big, sizeof(big)), K_ERR_BIN_HEAP_ITEM_SIZE_NOT_MATCH);
    KT_ASSERT_EQ(tos_bin_heap_push(&h, &item, sizeof(item)), K_ERR_BIN_HEAP_FULL);
    KT_ASSERT_EQ(tos_bin_heap_push(&h, &item, sizeof(item)), K_ERR_BIN_HEAP_FULL);
    KT_ASSERT_EQ(tos_bin_heap_is_full(&h), K_TRUE);
    for (uint32_t i = 0u; i < BH_CAP; ++i) {
        KT_ASSERT_EQ(bh_pop_key(&h, 10u + i), i);
    }
    bh_expect_empty(&h);
}

KTEST(binary_heap, single_slot_heap)
{
    k_bin_heap_t h;
    bh_item_t pool[1], item;

    KT_ASSERT_EQ(tos_bin_heap_create(&h, pool, 1u, sizeof(bh_item_t), bh_cmp_min), K_ERR_NONE);
    for (uint32_t i = 0u; i < 5u; ++i) {
        bh_push(&h, 100u - i, i);
        KT_ASSERT_EQ(tos_bin_heap_is_full(&h), K_TRUE);
        KT_ASSERT_EQ(tos_bin_heap_is_empty(&h), K_FALSE);
        bh_item_make(&item, 0u, 99u);
        KT_ASSERT_EQ(tos_bin_heap_push(&h, &item, sizeof(item)), K_ERR_BIN_HEAP_FULL);
        KT_ASSERT_EQ(bh_pop_key(&h, 100u - i), i);
        bh_expect_empty(&h);
    }
}

KTEST(binary_heap, odd_item_sizes)
{
    /* 1-byte and 3-byte items: no alignment or size assumptions */
    static const uint8_t in[] = { 9u, 3u, 7u, 3u, 250u, 0u, 128u, 7u, 1u };
    k_bin_heap_t h;
    uint8_t pool1[16], pool3[16 * 3];
    uint8_t b, t[3];
    size_t size;

    KT_ASSERT_EQ(tos_bin_heap_create(&h, pool1, 16u, 1u, bh_cmp_u8), K_ERR_NONE);
    for (unsigned i = 0u; i < sizeof(in); ++i) {
        KT_ASSERT_EQ(tos_bin_heap_push(&h, (void *)&in[i], 1u), K_ERR_NONE);
    }
    {
        static const uint8_t out[] = { 0u, 1u, 3u, 3u, 7u, 7u, 9u, 128u, 250u };
        for (unsigned i = 0u; i < sizeof(out); ++i) {
            size = 0u;
            KT_ASSERT_EQ(tos_bin_heap_pop(&h, &b, &size), K_ERR_NONE);
            KT_ASSERT_EQ(size, 1u);
            KT_ASSERT_EQ(b, out[i]);
        }
    }
    KT_ASSERT_EQ(tos_bin_heap_pop(&h, &b, K_NULL), K_ERR_BIN_HEAP_EMPTY);
    KT_ASSERT_EQ(tos_bin_heap_destroy(&h), K_ERR_NONE);

    /* 3-byte items ordered by their middle byte, the other two derived from it */
    KT_ASSERT_EQ(tos_bin_heap_create(&h, pool3, 16u, 3u, bh_cmp_mid3), K_ERR_NONE);
    for (unsigned i = 0u; i < 16u; ++i) {
        uint8_t k = (uint8_t)((i * 5u) % 16u);
        t[0] = (uint8_t)(k ^ 0x5Au);
        t[1] = k;
        t[2] = (uint8_t)(k + 0x80u);
        KT_ASSERT_EQ(tos_bin_heap_push(&h, t, 3u), K_ERR_NONE);
    }
    KT_ASSERT_EQ(tos_bin_heap_is_full(&h), K_TRUE);
    for (unsigned i = 0u; i < 16u; ++i) {
        size = 0u;
        KT_ASSERT_EQ(tos_bin_heap_pop(&h, t, &size), K_ERR_NONE);
        KT_ASSERT_EQ(size, 3u);
        KT_ASSERT_EQ(t[1], i);
        KT_ASSERT_EQ(t[0], i ^ 0x5Au);
        KT_ASSERT_EQ(t[2], (i + 0x80u) & 0xFFu);
    }
    KT_ASSERT_EQ(tos_bin_heap_is_empty(&h), K_TRUE);
}

/* A random mix of pushes and pops, with many equal keys, checked against a plain array model:
   every pop must return an item of the model's smallest key, whole, that is in the model. */
static bh_item_t bh_model_pool[BH_MODEL_CAP];
static bh_item_t bh_model[BH_MODEL_CAP];
static unsigned bh_model_cnt;

static void bh_model_check_pop(k_bin_heap_t *h)
{
    bh_item_t item;
    size_t size = 0u;
    unsigned min = 0u, found = BH_MODEL_CAP;

    for (unsigned i = 1u; i < bh_model_cnt; ++i) {
        if (bh_model[i].key < bh_model[min].key) {
            min = i;
        }
    }
    memset(&item, 0xEE, sizeof(item));
    KT_ASSERT_EQ(tos_bin_heap_pop(h, &item, &size), K_ERR_NONE);
    KT_ASSERT_EQ(size, sizeof(bh_item_t));
    KT_ASSERT(bh_item_intact(&item));
    KT_ASSERT_EQ(item.key, bh_model[min].key);
    for (unsigned i = 0u; i < bh_model_cnt; ++i) {
        if (bh_model[i].id == item.id) {
            found = i;
            break;
        }
    }
    KT_ASSERT_NE(found, BH_MODEL_CAP);
    KT_ASSERT_EQ(bh_model[found].key, item.key);
    bh_model[found] = bh_model[--bh_model_cnt];
}

KTEST(binary_heap, random_sequences_match_reference_model)
{
    k_bin_heap_t h;
    bh_item_t item;
    uint32_t next_id = 0u;
    unsigned pops = 0u, fulls = 0u, empties = 0u;

    bh_model_cnt = 0u;
    bh_rng_seed(0xC0FFEEu);
    KT_ASSERT_EQ(tos_bin_heap_create(&h, bh_model_pool, BH_MODEL_CAP, sizeof(bh_item_t),
                                     bh_cmp_min), K_ERR_NONE);
    for (unsigned step = 0u; step < 40000u; ++step) {
        uint32_t r = bh_rng();
        /* phases bias toward filling or draining, so both ends are visited often */
        int push = ((step / 500u) & 1u) ? (r % 100u) < 35u : (r % 100u) < 65u;
        uint32_t key_range = ((step / 2000u) & 1u) ? 1000u : 8u;

        if (push) {
            bh_item_make(&item, (r >> 8) % key_range, next_id);
            if (bh_model_cnt == BH_MODEL_CAP) {
                KT_ASSERT_EQ(tos_bin_heap_push(&h, &item, sizeof(item)), K_ERR_BIN_HEAP_FULL);
                ++fulls;
            } else {
                KT_ASSERT_EQ(tos_bin_heap_push(&h, &item, sizeof(item)), K_ERR_NONE);
                bh_model[bh_model_cnt++] = item;
                ++next_id;
            }
        } else if (bh_model_cnt == 0u) {
            KT_ASSERT_EQ(tos_bin_heap_pop(&h, &item, K_NULL), K_ERR_BIN_HEAP_EMPTY);
            ++empties;
        } else {
            bh_model_check_pop(&h);
            ++pops;
        }
        KT_ASSERT_EQ(tos_bin_heap_is_empty(&h), bh_model_cnt == 0u ? K_TRUE : K_FALSE);
        KT_ASSERT_EQ(tos_bin_heap_is_full(&h), bh_model_cnt == BH_MODEL_CAP ? K_TRUE : K_FALSE);
    }
    while (bh_model_cnt > 0u) {
        bh_model_check_pop(&h);
    }
    bh_expect_empty(&h);
    /* the sequence really exercised every path */
    KT_ASSERT_GT(pops, 10000u);
    KT_ASSERT_GT(fulls, 100u);
    KT_ASSERT_GT(empties, 100u);
}

/* With a total order (key, then id) the pop order is fully determined: a sort. */
static int bh_cmp_total(void *a, void *b)
{
    const bh_item_t *x = (const bh_item_t *)a, *y = (const bh_item_t *)b;

    return x->key != y->key ? x->key < y->key : x->id < y->id;
}

KTEST(binary_heap, fill_drain_cycles_sort_exactly)
{
    k_bin_heap_t h;
    bh_item_t item;
    uint32_t id = 0u;

    bh_model_cnt = 0u;
    bh_rng_seed(77u);
    KT_ASSERT_EQ(tos_bin_heap_create(&h, bh_model_pool, BH_MODEL_CAP, sizeof(bh_item_t),
                                     bh_cmp_total), K_ERR_NONE);
    for (unsigned cycle = 0u; cycle < 40u; ++cycle) {
        /* fill to the brim, then drain completely; odd cycles only drain to a random level */
        unsigned keep = (cycle & 1u) ? bh_rng() % BH_MODEL_CAP : 0u;

        while (bh_model_cnt < BH_MODEL_CAP) {
            bh_item_make(&item, bh_rng() % 16u, id++);
            KT_ASSERT_EQ(tos_bin_heap_push(&h, &item, sizeof(item)), K_ERR_NONE);
            bh_model[bh_model_cnt++] = item;
        }
        KT_ASSERT_EQ(tos_bin_heap_is_full(&h), K_TRUE);
        KT_ASSERT_EQ(tos_bin_heap_push(&h, &item, sizeof(item)), K_ERR_BIN_HEAP_FULL);
        while (bh_model_cnt > keep) {
            unsigned min = 0u;
            bh_item_t got;

            for (unsigned i = 1u; i < bh_model_cnt; ++i) {
                if (bh_cmp_total(&bh_model[i], &bh_model[min])) {
                    min = i;
                }
            }
            memset(&got, 0, sizeof(got));
            KT_ASSERT_EQ(tos_bin_heap_pop(&h, &got, K_NULL), K_ERR_NONE);
            KT_ASSERT_EQ(got.key, bh_model[min].key);
            KT_ASSERT_EQ(got.id, bh_model[min].id);
            KT_ASSERT(bh_item_intact(&got));
            bh_model[min] = bh_model[--bh_model_cnt];
        }
        KT_ASSERT_EQ(tos_bin_heap_is_empty(&h), keep == 0u ? K_TRUE : K_FALSE);
    }
}

/* push and pop are O(log n): on a full tree of depth d, a push makes at most d comparisons
   and a pop at most 2d, even in the worst case (every push climbing to the root). */
static bh_item_t bh_big_pool[BH_BIG_CAP];

KTEST(binary_heap, push_and_pop_are_logarithmic)
{
    const unsigned long depth = 10u;    /* 1023 items: levels 0..9 below the root's level */
    unsigned long max_push = 0u, max_pop = 0u, total = 0u;
    k_bin_heap_t h;

    bh_cmp_calls = 0u;
    KT_ASSERT_EQ(tos_bin_heap_create(&h, bh_big_pool, BH_BIG_CAP, sizeof(bh_item_t), bh_cmp_min),
                 K_ERR_NONE);
    for (uint32_t i = 0u; i < BH_BIG_CAP; ++i) {
        bh_cmp_calls = 0u;
        bh_push(&h, BH_BIG_CAP - i, i);     /* each new key is the smallest yet */
        if (bh_cmp_calls > max_push) {
            max_push = bh_cmp_calls;
        }
        total += bh_cmp_calls;
    }
    KT_ASSERT_EQ(tos_bin_heap_is_full(&h), K_TRUE);
    KT_ASSERT_LE(max_push, depth - 1u);
    KT_ASSERT_GE(max_push, depth - 1u);  /* and it did climb all the way */
    for (uint32_t i = 0u; i < BH_BIG_CAP; ++i) {
        bh_cmp_calls = 0u;
        KT_ASSERT_EQ(bh_pop_key(&h, i + 1u), BH_BIG_CAP - 1u - i);
        if (bh_cmp_calls > max_pop) {
            max_pop = bh_cmp_calls;
        }
        total += bh_cmp_calls;
    }
    KT_ASSERT_LE(max_pop, 2u * depth);
    ktest_log("comparisons: push max %lu, pop max %lu, total %lu", max_push, max_pop, total);
    KT_ASSERT_LT(total, 3u * depth * BH_BIG_CAP);
    bh_expect_empty(&h);
}

KTEST(binary_heap, flush_drops_everything)
{
    k_bin_heap_t h;
    bh_item_t pool[BH_CAP];

    KT_ASSERT_EQ(tos_bin_heap_create(&h, pool, BH_CAP, sizeof(bh_item_t), bh_cmp_min), K_ERR_NONE);
    KT_ASSERT_EQ(tos_bin_heap_flush(&h), K_ERR_NONE);      /* empty: harmless */
    bh_expect_empty(&h);
    for (uint32_t i = 0u; i < BH_CAP; ++i) {
        bh_push(&h, i, i);
    }
    KT_ASSERT_EQ(tos_bin_heap_flush(&h), K_ERR_NONE);
    KT_ASSERT_EQ(tos_bin_heap_is_full(&h), K_FALSE);
    bh_expect_empty(&h);
    /* the full capacity is usable again, and nothing old comes back */
    for (uint32_t i = 0u; i < BH_CAP; ++i) {
        bh_push(&h, 100u + (i * 3u) % BH_CAP, 100u + i);
    }
    KT_ASSERT_EQ(tos_bin_heap_is_full(&h), K_TRUE);
    for (uint32_t i = 0u; i < BH_CAP; ++i) {
        KT_ASSERT_EQ(bh_pop_key(&h, 100u + i), 100u + (i * 3u) % BH_CAP);
    }
    bh_expect_empty(&h);
}

/* ---- ISR use ---- */

static k_bin_heap_t         bh_isr_h;
static bh_item_t            bh_isr_pool[BH_CAP];
static volatile uint32_t    bh_isr_key;
static volatile uint32_t    bh_isr_id;
static volatile unsigned    bh_isr_runs;
static volatile k_err_t     bh_isr_err;

static void bh_isr_push(void)
{
    bh_item_t item;

    tos_knl_irq_enter();
    ++bh_isr_runs;
    bh_item_make(&item, bh_isr_key, bh_isr_id);
    bh_isr_err = tos_bin_heap_push(&bh_isr_h, &item, sizeof(item));
    tos_knl_irq_leave();
}

static void bh_isr_pop(void)
{
    bh_item_t item;

    tos_knl_irq_enter();
    ++bh_isr_runs;
    memset(&item, 0, sizeof(item));
    bh_isr_err = tos_bin_heap_pop(&bh_isr_h, &item, K_NULL);
    bh_isr_key = item.key;
    bh_isr_id = item.id;
    tos_knl_irq_leave();
}

static void bh_isr_reset(void)
{
    bh_isr_key = 0u;
    bh_isr_id = 0u;
    bh_isr_runs = 0u;
    bh_isr_err = K_ERR_PEND_ABNORMAL;
    memset(&bh_isr_h, 0, sizeof(bh_isr_h));
    KT_ASSERT_EQ(tos_bin_heap_create(&bh_isr_h, bh_isr_pool, BH_CAP, sizeof(bh_item_t),
                                     bh_cmp_min), K_ERR_NONE);
}

KTEST(binary_heap, isr_pushes_task_pops)
{
    static const uint32_t keys[] = { 40u, 10u, 30u, 20u, 50u, 5u, 45u, 15u, 1u };

    bh_isr_reset();
    ktest_irq_connect(0u, bh_isr_push, 0u);
    for (unsigned i = 0u; i < sizeof(keys) / sizeof(keys[0]); ++i) {
        bh_isr_key = keys[i];
        bh_isr_id = i;
        bh_isr_err = K_ERR_PEND_ABNORMAL;
        ktest_irq_raise(0u);
        KT_ASSERT_EQ(bh_isr_runs, i + 1u);
        KT_ASSERT_EQ(bh_isr_err, i < BH_CAP ? K_ERR_NONE : K_ERR_BIN_HEAP_FULL);
    }
    KT_ASSERT_EQ(bh_pop_key(&bh_isr_h, 5u), 5u);
    KT_ASSERT_EQ(bh_pop_key(&bh_isr_h, 10u), 1u);
    KT_ASSERT_EQ(bh_pop_key(&bh_isr_h, 15u), 7u);
    KT_ASSERT_EQ(bh_pop_key(&bh_isr_h, 20u), 3u);
    KT_ASSERT_EQ(bh_pop_key(&bh_isr_h, 30u), 2u);
    KT_ASSERT_EQ(bh_pop_key(&bh_isr_h, 40u), 0u);
    KT_ASSERT_EQ(bh_pop_key(&bh_isr_h, 45u), 6u);
    KT_ASSERT_EQ(bh_pop_key(&bh_isr_h, 50u), 4u);
    bh_expect_empty(&bh_isr_h);
}

KTEST(binary_heap, isr_pops_task_pushes)
{
    bh_isr_reset();
    ktest_irq_connect(1u, bh_isr_pop, 0u);
    bh_push(&bh_isr_h, 7u, 70u);
    bh_push(&bh_isr_h, 3u, 30u);
    ktest_irq_raise(1u);
    KT_ASSERT_EQ(bh_isr_err, K_ERR_NONE);
    KT_ASSERT_EQ(bh_isr_key, 3u);
    KT_ASSERT_EQ(bh_isr_id, 30u);
    ktest_irq_raise(1u);
    KT_ASSERT_EQ(bh_isr_err, K_ERR_NONE);
    KT_ASSERT_EQ(bh_isr_key, 7u);
    KT_ASSERT_EQ(bh_isr_id, 70u);
    ktest_irq_raise(1u);
    KT_ASSERT_EQ(bh_isr_err, K_ERR_BIN_HEAP_EMPTY);
    KT_ASSERT_EQ(bh_isr_runs, 3u);
    KT_ASSERT_EQ(tos_bin_heap_is_empty(&bh_isr_h), K_TRUE);
}

/* The heap's own critical sections nest: called with interrupts masked, they must not let a
   pending interrupt in. */
KTEST(binary_heap, calls_under_masked_interrupts_keep_them_masked)
{
    TOS_CPU_CPSR_ALLOC();
    bh_item_t item;

    bh_isr_reset();
    bh_isr_key = 1u;
    bh_isr_id = 1u;
    ktest_irq_connect(0u, bh_isr_push, 0u);

    TOS_CPU_INT_DISABLE();
    ktest_irq_raise(0u);                    /* pending until interrupts are unmasked */
    bh_item_make(&item, 500u, 500u);
    KT_ASSERT_EQ(tos_bin_heap_push(&bh_isr_h, &item, sizeof(item)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_bin_heap_is_full(&bh_isr_h), K_FALSE);
    KT_ASSERT_EQ(tos_bin_heap_is_empty(&bh_isr_h), K_FALSE);
    memset(&item, 0, sizeof(item));
    KT_ASSERT_EQ(tos_bin_heap_pop(&bh_isr_h, &item, K_NULL), K_ERR_NONE);
    KT_ASSERT_EQ(tos_bin_heap_flush(&bh_isr_h), K_ERR_NONE);
    KT_ASSERT_EQ(bh_isr_runs, 0u);
    KT_ASSERT_EQ(item.key, 500u);
    TOS_CPU_INT_ENABLE();

    KT_ASSERT_EQ(bh_isr_runs, 1u);           /* taken as soon as interrupts were unmasked */
    KT_ASSERT_EQ(bh_pop_key(&bh_isr_h, 1u), 1u);
    bh_expect_empty(&bh_isr_h);
}
