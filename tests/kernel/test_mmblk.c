/*
 * Conformance: fixed-size block pool (tos_mmblk.h).
 */
#include "ktest.h"

#define MB_PTR          sizeof(void *)
#define MB_BLK_SIZE     (4u * MB_PTR)
#define MB_BLK_NUM      6u
#define MB_GUARD_WORDS  2u
#define MB_GUARD        ((uintptr_t)0x5A5AA5A5u)

/* The pool sits between two guard areas inside `mb_backing`, so pointers just outside the pool
   are real addresses, and stray writes are caught. */
static uintptr_t mb_backing[MB_GUARD_WORDS + MB_BLK_NUM * (MB_BLK_SIZE / sizeof(uintptr_t)) + MB_GUARD_WORDS];

static uint8_t *mb_pool_start(void)
{
    return (uint8_t *)&mb_backing[MB_GUARD_WORDS];
}

static uint8_t *mb_pool_end(void)
{
    return mb_pool_start() + MB_BLK_NUM * MB_BLK_SIZE;
}

static void mb_guards_set(void)
{
    size_t i, n = TOS_COUNT_OF(mb_backing);

    for (i = 0u; i < MB_GUARD_WORDS; ++i) {
        mb_backing[i] = MB_GUARD;
        mb_backing[n - 1u - i] = MB_GUARD;
    }
}

static void mb_guards_check(void)
{
    size_t i, n = TOS_COUNT_OF(mb_backing);

    for (i = 0u; i < MB_GUARD_WORDS; ++i) {
        KT_ASSERT_EQ(mb_backing[i], MB_GUARD);
        KT_ASSERT_EQ(mb_backing[n - 1u - i], MB_GUARD);
    }
}

static void mb_create(k_mmblk_pool_t *mbp)
{
    mb_guards_set();
    KT_ASSERT_EQ(tos_mmblk_pool_create(mbp, mb_pool_start(), MB_BLK_NUM, MB_BLK_SIZE), K_ERR_NONE);
}

static void mb_fill(void *blk, size_t size, uint8_t tag)
{
    memset(blk, tag, size);
}

static void mb_check(const void *blk, size_t size, uint8_t tag)
{
    const uint8_t *p = (const uint8_t *)blk;
    size_t i;

    for (i = 0u; i < size; ++i) {
        KT_ASSERT_EQ(p[i], tag);
    }
}

/* A pointer handed out by `mbp`: inside the pool, on a block boundary. */
static void mb_check_is_block(const void *blk, const uint8_t *start, size_t blk_num, size_t blk_size)
{
    const uint8_t *p = (const uint8_t *)blk;

    KT_ASSERT(p >= start);
    KT_ASSERT(p < start + blk_num * blk_size);
    KT_ASSERT_EQ((size_t)(p - start) % blk_size, 0u);
}

static uint32_t mb_heap_used(void)
{
    k_mmheap_info_t info;

    KT_ASSERT_EQ(tos_mmheap_check(&info), K_ERR_NONE);
    return info.used;
}

KTEST(mmblk, create_checks_in_documented_order) {
    k_mmblk_pool_t mbp;
    uint8_t *aligned = mb_pool_start();
    uint8_t *misaligned = aligned + 1;
    void *blk = K_NULL;

    memset(&mbp, 0, sizeof(mbp));
    KT_ASSERT_EQ(tos_mmblk_pool_create(K_NULL, aligned, MB_BLK_NUM, MB_BLK_SIZE), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mmblk_pool_create(&mbp, K_NULL, MB_BLK_NUM, MB_BLK_SIZE), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mmblk_pool_create(K_NULL, K_NULL, 0u, 0u), K_ERR_OBJ_PTR_NULL);

    KT_ASSERT_EQ(tos_mmblk_pool_create(&mbp, misaligned, MB_BLK_NUM, MB_BLK_SIZE), K_ERR_MMBLK_INVALID_POOL_ADDR);
    KT_ASSERT_EQ(tos_mmblk_pool_create(&mbp, aligned + MB_PTR / 2u, MB_BLK_NUM, MB_BLK_SIZE), K_ERR_MMBLK_INVALID_POOL_ADDR);
    /* pool address before block size */
    KT_ASSERT_EQ(tos_mmblk_pool_create(&mbp, misaligned, MB_BLK_NUM, 3u), K_ERR_MMBLK_INVALID_POOL_ADDR);

    KT_ASSERT_EQ(tos_mmblk_pool_create(&mbp, aligned, MB_BLK_NUM, 0u), K_ERR_MMBLK_INVALID_BLK_SIZE);
    KT_ASSERT_EQ(tos_mmblk_pool_create(&mbp, aligned, MB_BLK_NUM, MB_PTR / 2u), K_ERR_MMBLK_INVALID_BLK_SIZE);
    KT_ASSERT_EQ(tos_mmblk_pool_create(&mbp, aligned, MB_BLK_NUM, MB_PTR + 1u), K_ERR_MMBLK_INVALID_BLK_SIZE);
    KT_ASSERT_EQ(tos_mmblk_pool_create(&mbp, aligned, MB_BLK_NUM, 3u * MB_PTR - 1u), K_ERR_MMBLK_INVALID_BLK_SIZE);
    /* block size before block count */
    KT_ASSERT_EQ(tos_mmblk_pool_create(&mbp, aligned, 0u, 0u), K_ERR_MMBLK_INVALID_BLK_SIZE);
    KT_ASSERT_EQ(tos_mmblk_pool_create(&mbp, aligned, 0u, 3u), K_ERR_MMBLK_INVALID_BLK_SIZE);

    KT_ASSERT_EQ(tos_mmblk_pool_create(&mbp, aligned, 0u, MB_BLK_SIZE), K_ERR_MMBLK_INVALID_POOL_ADDR);

    /* None of the failed creates made mbp a pool. */
    KT_ASSERT_EQ(tos_mmblk_alloc(&mbp, &blk), K_ERR_OBJ_INVALID);
}

KTEST(mmblk, alloc_every_block_then_empty) {
    k_mmblk_pool_t mbp;
    void *blks[MB_BLK_NUM], *blk = &mbp;
    size_t i, j;

    mb_create(&mbp);
    KT_ASSERT_EQ(mbp.blk_max, MB_BLK_NUM);
    KT_ASSERT_EQ(mbp.blk_free, MB_BLK_NUM);

    for (i = 0u; i < MB_BLK_NUM; ++i) {
        KT_ASSERT_EQ(tos_mmblk_alloc(&mbp, &blks[i]), K_ERR_NONE);
        mb_check_is_block(blks[i], mb_pool_start(), MB_BLK_NUM, MB_BLK_SIZE);
        for (j = 0u; j < i; ++j) {
            KT_ASSERT(blks[j] != blks[i]);
        }
        KT_ASSERT_EQ(mbp.blk_free, MB_BLK_NUM - i - 1u);
    }
    /* Every block is usable in full, without touching another block or the guards. */
    for (i = 0u; i < MB_BLK_NUM; ++i) {
        mb_fill(blks[i], MB_BLK_SIZE, (uint8_t)(0x10u + i));
    }
    for (i = 0u; i < MB_BLK_NUM; ++i) {
        mb_check(blks[i], MB_BLK_SIZE, (uint8_t)(0x10u + i));
    }
    mb_guards_check();

    KT_ASSERT_EQ(tos_mmblk_alloc(&mbp, &blk), K_ERR_MMBLK_POOL_EMPTY);
    KT_ASSERT_PTR_EQ(blk, K_NULL);

    for (i = 0u; i < MB_BLK_NUM; ++i) {
        KT_ASSERT_EQ(tos_mmblk_free(&mbp, blks[i]), K_ERR_NONE);
    }
    KT_ASSERT_EQ(mbp.blk_free, MB_BLK_NUM);

    /* All of them come back again (the free list survived the user data). */
    for (i = 0u; i < MB_BLK_NUM; ++i) {
        KT_ASSERT_EQ(tos_mmblk_alloc(&mbp, &blks[i]), K_ERR_NONE);
        mb_check_is_block(blks[i], mb_pool_start(), MB_BLK_NUM, MB_BLK_SIZE);
        for (j = 0u; j < i; ++j) {
            KT_ASSERT(blks[j] != blks[i]);
        }
    }
    KT_ASSERT_EQ(tos_mmblk_alloc(&mbp, &blk), K_ERR_MMBLK_POOL_EMPTY);
    mb_guards_check();
    KT_ASSERT_EQ(tos_mmblk_pool_destroy(&mbp), K_ERR_NONE);
}

KTEST(mmblk, single_block_pool) {
    k_mmblk_pool_t mbp;
    void *pool[1], *a = K_NULL, *b = K_NULL;
    unsigned i;

    KT_ASSERT_EQ(tos_mmblk_pool_create(&mbp, pool, 1u, MB_PTR), K_ERR_NONE);
    for (i = 0u; i < 5u; ++i) {
        KT_ASSERT_EQ(tos_mmblk_alloc(&mbp, &a), K_ERR_NONE);
        KT_ASSERT_PTR_EQ(a, &pool[0]);
        KT_ASSERT_EQ(tos_mmblk_alloc(&mbp, &b), K_ERR_MMBLK_POOL_EMPTY);
        KT_ASSERT_PTR_EQ(b, K_NULL);
        KT_ASSERT_EQ(tos_mmblk_free(&mbp, a), K_ERR_NONE);
        KT_ASSERT_EQ(tos_mmblk_free(&mbp, a), K_ERR_MMBLK_POOL_FULL);
    }
}

KTEST(mmblk, alloc_free_null_arguments) {
    k_mmblk_pool_t mbp;
    void *blk = K_NULL;

    mb_create(&mbp);
    KT_ASSERT_EQ(tos_mmblk_alloc(K_NULL, &blk), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mmblk_alloc(&mbp, K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(mbp.blk_free, MB_BLK_NUM);     /* the refused alloc took nothing */

    KT_ASSERT_EQ(tos_mmblk_alloc(&mbp, &blk), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mmblk_free(K_NULL, blk), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mmblk_free(&mbp, K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(mbp.blk_free, MB_BLK_NUM - 1u);
    KT_ASSERT_EQ(tos_mmblk_free(&mbp, blk), K_ERR_NONE);

    KT_ASSERT_EQ(tos_mmblk_pool_destroy(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mmblk_pool_destroy_dyn(K_NULL), K_ERR_OBJ_PTR_NULL);
}

KTEST(mmblk, free_rejects_foreign_and_misaligned_pointers) {
    k_mmblk_pool_t mbp, other;
    void *other_pool[2 * 4];
    uintptr_t local = 0u;
    void *blk = K_NULL, *oblk = K_NULL, *check = K_NULL;
    uint8_t *start = mb_pool_start();
    size_t i;

    mb_create(&mbp);
    KT_ASSERT_EQ(tos_mmblk_pool_create(&other, other_pool, 2u, 4u * MB_PTR), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mmblk_alloc(&mbp, &blk), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mmblk_alloc(&other, &oblk), K_ERR_NONE);

    /* Outside the pool: just before, at the end, and elsewhere. */
    KT_ASSERT_EQ(tos_mmblk_free(&mbp, start - MB_PTR), K_ERR_MMBLK_INVALID_POOL_ADDR);
    KT_ASSERT_EQ(tos_mmblk_free(&mbp, mb_pool_end()), K_ERR_MMBLK_INVALID_POOL_ADDR);
    KT_ASSERT_EQ(tos_mmblk_free(&mbp, oblk), K_ERR_MMBLK_INVALID_POOL_ADDR);
    KT_ASSERT_EQ(tos_mmblk_free(&mbp, &local), K_ERR_MMBLK_INVALID_POOL_ADDR);
    KT_ASSERT_EQ(tos_mmblk_free(&other, blk), K_ERR_MMBLK_INVALID_POOL_ADDR);

    /* Inside the pool but not on a block boundary. */
    KT_ASSERT_EQ(tos_mmblk_free(&mbp, (uint8_t *)blk + 1), K_ERR_MMBLK_INVALID_POOL_ADDR);
    KT_ASSERT_EQ(tos_mmblk_free(&mbp, (uint8_t *)blk + MB_PTR), K_ERR_MMBLK_INVALID_POOL_ADDR);
    KT_ASSERT_EQ(tos_mmblk_free(&mbp, start + MB_BLK_SIZE - 1u), K_ERR_MMBLK_INVALID_POOL_ADDR);
    KT_ASSERT_EQ(tos_mmblk_free(&mbp, mb_pool_end() - MB_PTR), K_ERR_MMBLK_INVALID_POOL_ADDR);

    /* None of that changed the pools: the counts are intact and exactly the right blocks come
       out. */
    KT_ASSERT_EQ(mbp.blk_free, MB_BLK_NUM - 1u);
    KT_ASSERT_EQ(other.blk_free, 1u);
    for (i = 0u; i < MB_BLK_NUM - 1u; ++i) {
        KT_ASSERT_EQ(tos_mmblk_alloc(&mbp, &check), K_ERR_NONE);
        mb_check_is_block(check, start, MB_BLK_NUM, MB_BLK_SIZE);
        KT_ASSERT(check != blk);
    }
    KT_ASSERT_EQ(tos_mmblk_alloc(&mbp, &check), K_ERR_MMBLK_POOL_EMPTY);
    KT_ASSERT_EQ(tos_mmblk_free(&mbp, blk), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mmblk_free(&other, oblk), K_ERR_NONE);
    mb_guards_check();
}

KTEST(mmblk, double_free_is_pool_full) {
    k_mmblk_pool_t mbp;
    void *blks[MB_BLK_NUM];
    size_t i;

    mb_create(&mbp);

    KT_ASSERT_EQ(tos_mmblk_alloc(&mbp, &blks[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mmblk_free(&mbp, blks[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mmblk_free(&mbp, blks[0]), K_ERR_MMBLK_POOL_FULL);
    /* A valid block of a full pool is refused too. */
    KT_ASSERT_EQ(tos_mmblk_free(&mbp, mb_pool_start()), K_ERR_MMBLK_POOL_FULL);
    KT_ASSERT_EQ(mbp.blk_free, MB_BLK_NUM);

    for (i = 0u; i < MB_BLK_NUM; ++i) {
        KT_ASSERT_EQ(tos_mmblk_alloc(&mbp, &blks[i]), K_ERR_NONE);
    }
    for (i = 0u; i < MB_BLK_NUM; ++i) {
        KT_ASSERT_EQ(tos_mmblk_free(&mbp, blks[i]), K_ERR_NONE);
    }
    for (i = 0u; i < MB_BLK_NUM; ++i) {
        KT_ASSERT_EQ(tos_mmblk_free(&mbp, blks[i]), K_ERR_MMBLK_POOL_FULL);
    }
    /* The pool is intact: exactly MB_BLK_NUM distinct blocks. */
    for (i = 0u; i < MB_BLK_NUM; ++i) {
        KT_ASSERT_EQ(tos_mmblk_alloc(&mbp, &blks[i]), K_ERR_NONE);
        mb_fill(blks[i], MB_BLK_SIZE, (uint8_t)i);
    }
    for (i = 0u; i < MB_BLK_NUM; ++i) {
        mb_check(blks[i], MB_BLK_SIZE, (uint8_t)i);
    }
    KT_ASSERT_EQ(tos_mmblk_alloc(&mbp, &blks[0]), K_ERR_MMBLK_POOL_EMPTY);
}

/* Random alloc/free traffic: no block is ever handed out twice, and user data in held blocks
   survives everything the pool does with the free ones. */
KTEST(mmblk, random_traffic_keeps_blocks_distinct) {
    k_mmblk_pool_t mbp;
    void *held[MB_BLK_NUM], *blk = K_NULL;
    uint8_t tags[MB_BLK_NUM];
    size_t n = 0u, i, k;
    uint32_t rng = 12345u, step;
    unsigned allocs = 0u;

    mb_create(&mbp);

    for (step = 0u; step < 3000u; ++step) {
        rng = rng * 1103515245u + 12345u;
        if (((rng >> 16) & 1u) != 0u) {
            if (n == MB_BLK_NUM) {
                KT_ASSERT_EQ(tos_mmblk_alloc(&mbp, &blk), K_ERR_MMBLK_POOL_EMPTY);
                continue;
            }
            KT_ASSERT_EQ(tos_mmblk_alloc(&mbp, &blk), K_ERR_NONE);
            mb_check_is_block(blk, mb_pool_start(), MB_BLK_NUM, MB_BLK_SIZE);
            for (i = 0u; i < n; ++i) {
                KT_ASSERT(held[i] != blk);
            }
            tags[n] = (uint8_t)(step & 0xFFu);
            mb_fill(blk, MB_BLK_SIZE, tags[n]);
            held[n++] = blk;
            ++allocs;
        } else if (n > 0u) {
            k = (rng >> 8) % n;
            mb_check(held[k], MB_BLK_SIZE, tags[k]);
            KT_ASSERT_EQ(tos_mmblk_free(&mbp, held[k]), K_ERR_NONE);
            held[k] = held[n - 1u];
            tags[k] = tags[n - 1u];
            --n;
        }
        KT_ASSERT_EQ(mbp.blk_free, MB_BLK_NUM - n);
    }
    KT_ASSERT_GT(allocs, 1000u);
    mb_guards_check();
}

KTEST(mmblk, destroyed_pool_is_invalid) {
    k_mmblk_pool_t mbp;
    void *blk = K_NULL;

    mb_create(&mbp);
    KT_ASSERT_EQ(tos_mmblk_alloc(&mbp, &blk), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mmblk_pool_destroy(&mbp), K_ERR_NONE);

    KT_ASSERT_EQ(tos_mmblk_alloc(&mbp, &blk), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_mmblk_free(&mbp, mb_pool_start()), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_mmblk_pool_destroy(&mbp), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_mmblk_pool_destroy_dyn(&mbp), K_ERR_OBJ_INVALID);

    /* Created again over the same memory, it is whole again. */
    mb_create(&mbp);
    KT_ASSERT_EQ(mbp.blk_free, MB_BLK_NUM);
}

KTEST(mmblk, never_created_pool_is_invalid) {
    k_mmblk_pool_t mbp;
    void *blk = K_NULL;

    memset(&mbp, 0, sizeof(mbp));
    KT_ASSERT_EQ(tos_mmblk_alloc(&mbp, &blk), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_mmblk_free(&mbp, mb_pool_start()), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_mmblk_pool_destroy(&mbp), K_ERR_OBJ_INVALID);
}

KTEST(mmblk, static_dynamic_destroy_mismatch) {
    k_mmblk_pool_t sp, *dp = K_NULL;
    void *blk = K_NULL;
    uint32_t base = mb_heap_used();

    mb_create(&sp);
    KT_ASSERT_EQ(tos_mmblk_pool_destroy_dyn(&sp), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    KT_ASSERT_EQ(tos_mmblk_alloc(&sp, &blk), K_ERR_NONE);      /* still working */
    KT_ASSERT_EQ(tos_mmblk_free(&sp, blk), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mmblk_pool_destroy(&sp), K_ERR_NONE);

    KT_ASSERT_EQ(tos_mmblk_pool_create_dyn(&dp, 3u, MB_PTR), K_ERR_NONE);
    KT_ASSERT(dp != K_NULL);
    KT_ASSERT_EQ(tos_mmblk_pool_destroy(dp), K_ERR_OBJ_INVALID_ALLOC_TYPE);
    KT_ASSERT_EQ(tos_mmblk_alloc(dp, &blk), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mmblk_free(dp, blk), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mmblk_pool_destroy_dyn(dp), K_ERR_NONE);
    KT_ASSERT_EQ(mb_heap_used(), base);
}

KTEST(mmblk, create_dyn) {
    k_mmblk_pool_t *dp = K_NULL;
    void *blks[5], *blk = K_NULL;
    uint32_t base = mb_heap_used();
    size_t i, j;

    KT_ASSERT_EQ(tos_mmblk_pool_create_dyn(K_NULL, 5u, MB_BLK_SIZE), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mmblk_pool_create_dyn(&dp, 5u, 0u), K_ERR_MMBLK_INVALID_BLK_SIZE);
    KT_ASSERT_EQ(tos_mmblk_pool_create_dyn(&dp, 5u, MB_PTR + 1u), K_ERR_MMBLK_INVALID_BLK_SIZE);
    KT_ASSERT_EQ(tos_mmblk_pool_create_dyn(&dp, 0u, MB_BLK_SIZE), K_ERR_MMBLK_INVALID_POOL_ADDR);
    KT_ASSERT_EQ(mb_heap_used(), base);

    KT_ASSERT_EQ(tos_mmblk_pool_create_dyn(&dp, 5u, MB_BLK_SIZE), K_ERR_NONE);
    KT_ASSERT(dp != K_NULL);
    KT_ASSERT_GE(mb_heap_used(), base + 5u * MB_BLK_SIZE + sizeof(k_mmblk_pool_t));
    KT_ASSERT_EQ(dp->blk_max, 5u);
    for (i = 0u; i < 5u; ++i) {
        KT_ASSERT_EQ(tos_mmblk_alloc(dp, &blks[i]), K_ERR_NONE);
        KT_ASSERT_EQ((uintptr_t)blks[i] % MB_PTR, 0u);
        mb_check_is_block(blks[i], (const uint8_t *)dp->pool_start, 5u, MB_BLK_SIZE);
        for (j = 0u; j < i; ++j) {
            KT_ASSERT(blks[j] != blks[i]);
        }
        mb_fill(blks[i], MB_BLK_SIZE, (uint8_t)(i + 1u));
    }
    KT_ASSERT_EQ(tos_mmblk_alloc(dp, &blk), K_ERR_MMBLK_POOL_EMPTY);
    for (i = 0u; i < 5u; ++i) {
        mb_check(blks[i], MB_BLK_SIZE, (uint8_t)(i + 1u));
        KT_ASSERT_EQ(tos_mmblk_free(dp, blks[i]), K_ERR_NONE);
    }
    KT_ASSERT_EQ(tos_mmblk_free(dp, blks[0]), K_ERR_MMBLK_POOL_FULL);

    /* Destroying a pool with blocks out is allowed; both allocations go back to the heap. */
    KT_ASSERT_EQ(tos_mmblk_alloc(dp, &blk), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mmblk_pool_destroy_dyn(dp), K_ERR_NONE);
    KT_ASSERT_EQ(mb_heap_used(), base);
}

/* The pool cannot come from the heap: the control block taken first is given back. */
KTEST(mmblk, create_dyn_pool_out_of_memory_does_not_leak) {
    k_mmblk_pool_t *dp = K_NULL;
    uint32_t base = mb_heap_used();

    KT_ASSERT_EQ(tos_mmblk_pool_create_dyn(&dp, (size_t)1u << 20, 64u), K_ERR_MMBLK_POOL_OUT_OF_MEMORY);
    KT_ASSERT_EQ(mb_heap_used(), base);
    /* A pool size that does not fit in size_t (modulo SIZE_MAX + 1 it would be 4 pointers). */
    KT_ASSERT_EQ(tos_mmblk_pool_create_dyn(&dp, SIZE_MAX / (2u * MB_PTR) + 2u, 2u * MB_PTR),
                 K_ERR_MMBLK_POOL_OUT_OF_MEMORY);
    KT_ASSERT_EQ(mb_heap_used(), base);

    /* The heap is still whole: a real pool works. */
    KT_ASSERT_EQ(tos_mmblk_pool_create_dyn(&dp, 2u, MB_PTR), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mmblk_pool_destroy_dyn(dp), K_ERR_NONE);
    KT_ASSERT_EQ(mb_heap_used(), base);
}

/* Hold every byte of the heap so that not even the control block can be allocated. */
#define MB_HOG_MAX  512u
static void *mb_hog[MB_HOG_MAX];

static unsigned mb_heap_exhaust(void)
{
    unsigned n = 0u;
    size_t size = (size_t)1u << 20;
    void *p;

    while (size > 0u) {
        p = tos_mmheap_alloc(size);
        if (p != K_NULL) {
            KT_ASSERT_LT(n, MB_HOG_MAX);
            mb_hog[n++] = p;
        } else {
            size /= 2u;
        }
    }
    return n;
}

static void mb_heap_release(unsigned n)
{
    while (n > 0u) {
        tos_mmheap_free(mb_hog[--n]);
    }
}

KTEST(mmblk, create_dyn_control_block_out_of_memory) {
    k_mmblk_pool_t *dp = K_NULL;
    uint32_t base = mb_heap_used(), exhausted;
    unsigned n;

    n = mb_heap_exhaust();
    KT_ASSERT_GT(n, 0u);
    KT_ASSERT(tos_mmheap_alloc(1u) == K_NULL);
    exhausted = mb_heap_used();

    KT_ASSERT_EQ(tos_mmblk_pool_create_dyn(&dp, 1u, MB_PTR), K_ERR_MMBLK_OUT_OF_MEMORY);
    KT_ASSERT_EQ(mb_heap_used(), exhausted);

    mb_heap_release(n);
    KT_ASSERT_EQ(mb_heap_used(), base);
    KT_ASSERT_EQ(tos_mmblk_pool_create_dyn(&dp, 1u, MB_PTR), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mmblk_pool_destroy_dyn(dp), K_ERR_NONE);
}

/* ---- ISR use ---- */

static k_mmblk_pool_t       mb_isr_pool;
static void                *mb_isr_blk;         /* block the ISR allocated / will free */
static volatile k_err_t     mb_isr_err;
static volatile unsigned    mb_isr_runs;

static void mb_isr_alloc(void)
{
    void *blk = K_NULL;

    tos_knl_irq_enter();
    ++mb_isr_runs;
    mb_isr_err = tos_mmblk_alloc(&mb_isr_pool, &blk);
    mb_isr_blk = blk;
    if (blk != K_NULL) {
        mb_fill(blk, MB_BLK_SIZE, 0xC3u);
    }
    tos_knl_irq_leave();
}

static void mb_isr_free(void)
{
    tos_knl_irq_enter();
    ++mb_isr_runs;
    mb_isr_err = tos_mmblk_free(&mb_isr_pool, mb_isr_blk);
    tos_knl_irq_leave();
}

static void mb_isr_create_dyn(void)
{
    k_mmblk_pool_t *dp = K_NULL;

    tos_knl_irq_enter();
    ++mb_isr_runs;
    mb_isr_err = tos_mmblk_pool_create_dyn(&dp, 2u, MB_PTR);
    tos_knl_irq_leave();
}

static void mb_isr_reset(void)
{
    mb_isr_blk  = K_NULL;
    mb_isr_err  = K_ERR_NONE;
    mb_isr_runs = 0u;
    mb_create(&mb_isr_pool);
}

KTEST(mmblk, alloc_and_free_from_isr) {
    void *from_isr[MB_BLK_NUM], *task_blk = K_NULL;
    size_t i, j;

    mb_isr_reset();
    ktest_irq_connect(0u, mb_isr_alloc, 0u);
    ktest_irq_connect(1u, mb_isr_free, 0u);

    /* The ISR allocates every block; the task sees them as distinct, written blocks. */
    for (i = 0u; i < MB_BLK_NUM; ++i) {
        ktest_irq_raise(0u);
        KT_ASSERT_EQ(mb_isr_err, K_ERR_NONE);
        from_isr[i] = mb_isr_blk;
        mb_check_is_block(from_isr[i], mb_pool_start(), MB_BLK_NUM, MB_BLK_SIZE);
        mb_check(from_isr[i], MB_BLK_SIZE, 0xC3u);
        for (j = 0u; j < i; ++j) {
            KT_ASSERT(from_isr[j] != from_isr[i]);
        }
    }
    ktest_irq_raise(0u);
    KT_ASSERT_EQ(mb_isr_err, K_ERR_MMBLK_POOL_EMPTY);
    KT_ASSERT_PTR_EQ(mb_isr_blk, K_NULL);
    KT_ASSERT_EQ(tos_mmblk_alloc(&mb_isr_pool, &task_blk), K_ERR_MMBLK_POOL_EMPTY);

    /* The ISR frees what it allocated; the task can then have those blocks. */
    mb_isr_blk = from_isr[2];
    ktest_irq_raise(1u);
    KT_ASSERT_EQ(mb_isr_err, K_ERR_NONE);
    KT_ASSERT_EQ(tos_mmblk_alloc(&mb_isr_pool, &task_blk), K_ERR_NONE);
    KT_ASSERT_PTR_EQ(task_blk, from_isr[2]);

    /* ...and frees a block the task allocated, and refuses a foreign one. */
    mb_isr_blk = task_blk;
    ktest_irq_raise(1u);
    KT_ASSERT_EQ(mb_isr_err, K_ERR_NONE);
    mb_isr_blk = (uint8_t *)from_isr[0] + 1;
    ktest_irq_raise(1u);
    KT_ASSERT_EQ(mb_isr_err, K_ERR_MMBLK_INVALID_POOL_ADDR);

    for (i = 0u; i < MB_BLK_NUM; ++i) {
        if (i == 2u) {
            continue;
        }
        mb_isr_blk = from_isr[i];
        ktest_irq_raise(1u);
        KT_ASSERT_EQ(mb_isr_err, K_ERR_NONE);
    }
    mb_isr_blk = from_isr[0];
    ktest_irq_raise(1u);
    KT_ASSERT_EQ(mb_isr_err, K_ERR_MMBLK_POOL_FULL);
    KT_ASSERT_EQ(mb_isr_pool.blk_free, MB_BLK_NUM);
    KT_ASSERT_EQ(mb_isr_runs, MB_BLK_NUM + 1u + MB_BLK_NUM + 2u + 1u);
    mb_guards_check();
}

KTEST(mmblk, create_dyn_from_isr_is_refused) {
    uint32_t base = mb_heap_used();

    mb_isr_reset();
    ktest_irq_connect(2u, mb_isr_create_dyn, 0u);
    ktest_irq_raise(2u);
    KT_ASSERT_EQ(mb_isr_runs, 1u);
    KT_ASSERT_EQ(mb_isr_err, K_ERR_IN_IRQ);
    KT_ASSERT_EQ(mb_heap_used(), base);
}

/* The pool's critical sections nest: called with interrupts masked, they must not let a pending
   interrupt in. */
KTEST(mmblk, calls_under_masked_interrupts_keep_them_masked) {
    TOS_CPU_CPSR_ALLOC();
    void *blk = K_NULL;

    mb_isr_reset();
    ktest_irq_connect(0u, mb_isr_alloc, 0u);

    TOS_CPU_INT_DISABLE();
    ktest_irq_raise(0u);
    KT_ASSERT_EQ(tos_mmblk_alloc(&mb_isr_pool, &blk), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mmblk_free(&mb_isr_pool, blk), K_ERR_NONE);
    KT_ASSERT_EQ(mb_isr_runs, 0u);
    TOS_CPU_INT_ENABLE();

    KT_ASSERT_EQ(mb_isr_runs, 1u);
    KT_ASSERT_EQ(mb_isr_err, K_ERR_NONE);
    KT_ASSERT_EQ(mb_isr_pool.blk_free, MB_BLK_NUM - 1u);
}
