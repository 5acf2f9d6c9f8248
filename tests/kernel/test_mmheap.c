/*
 * Conformance: kernel heap (tos_mmheap.h).
 *
 * Exact byte counts are implementation details; the cases assert relations that any
 * coalescing allocator with per-block headers satisfies: used + free never exceeds what the
 * pools hold, an allocation takes at least what was asked for, a split costs a header, and once
 * everything is freed the statistics return exactly to where they started.
 *
 * The extra pools below are larger than the default pool (TOS_CFG_MMHEAP_DEFAULT_POOL_SIZE)
 * where a case needs to know which pool serves a request: a block bigger than the default
 * pool can only come from the extra pool.
 */
#include "ktest.h"

/* The default pool (defined by the kernel heap, as in TencentOS Tiny). */
extern uint8_t k_mmheap_default_pool[];

#define MH_ALIGN            sizeof(void *)
#define MH_DEFAULT_SIZE     ((size_t)TOS_CFG_MMHEAP_DEFAULT_POOL_SIZE)
#define MH_BIG_SIZE         ((size_t)TOS_CFG_MMHEAP_POOL_SIZE_MAX)
/* Three blocks that only the big pool can hold, and that fit in it together. */
#define MH_CHUNK            (MH_DEFAULT_SIZE + 0x1000u)

#if TOS_CFG_MMHEAP_POOL_SIZE_MAX < 3u * (TOS_CFG_MMHEAP_DEFAULT_POOL_SIZE + 0x1000u) + 0x1000u
#error "test_mmheap.c expects TOS_CFG_MMHEAP_POOL_SIZE_MAX >= 3 x (default pool + 4 KiB) + 4 KiB"
#endif
#if TOS_CFG_MMHEAP_POOL_MAX < 3u
#error "test_mmheap.c expects TOS_CFG_MMHEAP_POOL_MAX >= 3"
#endif

static _Alignas(16) uint8_t mh_big_pool[MH_BIG_SIZE];
static _Alignas(16) uint8_t mh_area[0x3000];        /* carved into small pools */
static _Alignas(16) uint8_t mh_not_a_pool[64];

/* ---- helpers ---- */

static k_mmheap_info_t mh_info(void)
{
    k_mmheap_info_t info = { 0xFFFFFFFFu, 0xFFFFFFFFu };

    KT_ASSERT_EQ(tos_mmheap_check(&info), K_ERR_NONE);
    return info;
}

static k_mmheap_info_t mh_pool_info(void *pool)
{
    k_mmheap_info_t info = { 0xFFFFFFFFu, 0xFFFFFFFFu };

    KT_ASSERT_EQ(tos_mmheap_pool_check(pool, &info), K_ERR_NONE);
    return info;
}

static void mh_assert_info_eq(k_mmheap_info_t a, k_mmheap_info_t b)
{
    KT_ASSERT_EQ(a.used, b.used);
    KT_ASSERT_EQ(a.free, b.free);
}

static uint8_t mh_byte(uint32_t seed, size_t i)
{
    return (uint8_t)(seed * 7u + (uint32_t)i * 131u + (uint32_t)(i >> 8) + 1u);
}

static void mh_fill(void *p, size_t n, uint32_t seed)
{
    uint8_t *b = (uint8_t *)p;
    size_t i;

    for (i = 0u; i < n; ++i) {
        b[i] = mh_byte(seed, i);
    }
}

/* Asserts the pattern; the first differing byte is reported. */
static void mh_check(const void *p, size_t n, uint32_t seed)
{
    const uint8_t *b = (const uint8_t *)p;
    size_t i;

    for (i = 0u; i < n; ++i) {
        if (b[i] != mh_byte(seed, i)) {
            KT_FAIL("block %p byte %zu is 0x%02x, expected 0x%02x", p, i, b[i], mh_byte(seed, i));
        }
    }
}

static void mh_assert_aligned(const void *p, size_t align)
{
    KT_ASSERT(p != K_NULL);
    KT_ASSERT_EQ((uintptr_t)p % align, 0u);
}

static int mh_in(const void *p, const uint8_t *start, size_t size)
{
    return (const uint8_t *)p >= start && (const uint8_t *)p < start + size;
}

/* Deterministic LCG for the stress case. */
static uint32_t mh_rng;

static uint32_t mh_rand(void)
{
    mh_rng = mh_rng * 1664525u + 1013904223u;
    return mh_rng >> 8;
}

/* ---- cases ---- */

KTEST(mmheap, alloc_free_basic) {
    k_mmheap_info_t before = mh_info(), mid, after;
    uint8_t *a, *b;

    KT_ASSERT_GT(before.free, 0u);
    a = (uint8_t *)tos_mmheap_alloc(100u);
    b = (uint8_t *)tos_mmheap_alloc(1u);
    mh_assert_aligned(a, MH_ALIGN);
    mh_assert_aligned(b, MH_ALIGN);
    KT_ASSERT(b >= a + 100 || a >= b + 1);                      /* no overlap */
    mh_fill(a, 100u, 1u);
    mh_fill(b, 1u, 2u);

    mid = mh_info();
    KT_ASSERT_GE(mid.used, before.used + 101u);
    KT_ASSERT_LT(mid.free, before.free);
    KT_ASSERT_LE(mid.used + mid.free, before.used + before.free);

    mh_check(a, 100u, 1u);
    tos_mmheap_free(a);
    mh_check(b, 1u, 2u);
    tos_mmheap_free(b);
    after = mh_info();
    mh_assert_info_eq(after, before);
}

KTEST(mmheap, alloc_zero_returns_null) {
    k_mmheap_info_t before = mh_info();

    KT_ASSERT_PTR_EQ(tos_mmheap_alloc(0u), K_NULL);
    tos_mmheap_free(K_NULL);                                    /* no-op */
    mh_assert_info_eq(mh_info(), before);
}

KTEST(mmheap, calloc_zeroes_and_checks_overflow) {
    k_mmheap_info_t before = mh_info();
    uint8_t *p, *z;
    size_t i;

    /* Dirty some memory first so zeroing is observable. */
    p = (uint8_t *)tos_mmheap_alloc(512u);
    KT_ASSERT(p != K_NULL);
    memset(p, 0xA5, 512u);
    tos_mmheap_free(p);

    z = (uint8_t *)tos_mmheap_calloc(16u, 32u);
    mh_assert_aligned(z, MH_ALIGN);
    for (i = 0u; i < 512u; ++i) {
        KT_ASSERT_EQ(z[i], 0u);
    }
    tos_mmheap_free(z);

    KT_ASSERT_PTR_EQ(tos_mmheap_calloc(0u, 16u), K_NULL);
    KT_ASSERT_PTR_EQ(tos_mmheap_calloc(16u, 0u), K_NULL);
    /* num * size wraps to a small number: must not be mistaken for it */
    KT_ASSERT_PTR_EQ(tos_mmheap_calloc(SIZE_MAX / 2u + 1u, 2u), K_NULL);       /* wraps to 0 */
    KT_ASSERT_PTR_EQ(tos_mmheap_calloc(2u, SIZE_MAX / 2u + 1u), K_NULL);
    KT_ASSERT_PTR_EQ(tos_mmheap_calloc(SIZE_MAX / 16u + 2u, 16u), K_NULL);     /* wraps to 16 */
    KT_ASSERT_PTR_EQ(tos_mmheap_calloc(SIZE_MAX, SIZE_MAX), K_NULL);           /* wraps to 1 */
    mh_assert_info_eq(mh_info(), before);
}

KTEST(mmheap, aligned_alloc_alignments) {
    k_mmheap_info_t before = mh_info();
    void *blk[20], *pad[20];
    size_t align, n = 0u, i;

    for (align = 8u; align <= 4096u; align <<= 1) {
        blk[n] = tos_mmheap_aligned_alloc(24u + n, align);
        mh_assert_aligned(blk[n], align);
        mh_fill(blk[n], 24u + n, (uint32_t)align);
        /* a small block in between, so the next request starts misaligned */
        pad[n] = tos_mmheap_alloc(MH_ALIGN);
        KT_ASSERT(pad[n] != K_NULL);
        ++n;
    }
    for (i = 0u; i < n; ++i) {
        mh_check(blk[i], 24u + i, (uint32_t)(8u << i));
        tos_mmheap_free(blk[i]);
        tos_mmheap_free(pad[i]);
    }
    mh_assert_info_eq(mh_info(), before);

    /* alignment at or below the natural one behaves like alloc */
    for (align = 1u; align <= MH_ALIGN; align <<= 1) {
        void *p = tos_mmheap_aligned_alloc(40u, align);
        mh_assert_aligned(p, MH_ALIGN);
        tos_mmheap_free(p);
    }

    /* not a power of two */
    KT_ASSERT_PTR_EQ(tos_mmheap_aligned_alloc(32u, 0u), K_NULL);
    KT_ASSERT_PTR_EQ(tos_mmheap_aligned_alloc(32u, 3u), K_NULL);
    KT_ASSERT_PTR_EQ(tos_mmheap_aligned_alloc(32u, 12u), K_NULL);
    KT_ASSERT_PTR_EQ(tos_mmheap_aligned_alloc(32u, 24u), K_NULL);
    KT_ASSERT_PTR_EQ(tos_mmheap_aligned_alloc(32u, 100u), K_NULL);
    KT_ASSERT_PTR_EQ(tos_mmheap_aligned_alloc(32u, 4097u), K_NULL);
    /* size 0 and impossible sizes */
    KT_ASSERT_PTR_EQ(tos_mmheap_aligned_alloc(0u, 64u), K_NULL);
    KT_ASSERT_PTR_EQ(tos_mmheap_aligned_alloc(SIZE_MAX, 64u), K_NULL);
    mh_assert_info_eq(mh_info(), before);
}

KTEST(mmheap, realloc_semantics) {
    k_mmheap_info_t before = mh_info(), held;
    uint8_t *p, *q, *blocker;

    /* NULL pointer: plain alloc; NULL and 0: nothing */
    KT_ASSERT_PTR_EQ(tos_mmheap_realloc(K_NULL, 0u), K_NULL);
    mh_assert_info_eq(mh_info(), before);
    p = (uint8_t *)tos_mmheap_realloc(K_NULL, 64u);
    mh_assert_aligned(p, MH_ALIGN);
    mh_fill(p, 64u, 10u);

    /* grow keeps the contents */
    q = (uint8_t *)tos_mmheap_realloc(p, 1000u);
    mh_assert_aligned(q, MH_ALIGN);
    mh_check(q, 64u, 10u);
    mh_fill(q, 1000u, 11u);

    /* shrink keeps the prefix, and stays where it is */
    p = (uint8_t *)tos_mmheap_realloc(q, 32u);
    KT_ASSERT_PTR_EQ(p, q);
    mh_check(p, 32u, 11u);

    /* grow past a block that is in the way: contents still kept */
    blocker = (uint8_t *)tos_mmheap_alloc(16u);
    KT_ASSERT(blocker != K_NULL);
    mh_fill(blocker, 16u, 12u);
    q = (uint8_t *)tos_mmheap_realloc(p, 3000u);
    mh_assert_aligned(q, MH_ALIGN);
    mh_check(q, 32u, 11u);
    mh_check(blocker, 16u, 12u);
    mh_fill(q, 3000u, 13u);

    /* failure: NULL, the old block untouched and still owned */
    held = mh_info();
    KT_ASSERT_PTR_EQ(tos_mmheap_realloc(q, SIZE_MAX), K_NULL);
    KT_ASSERT_PTR_EQ(tos_mmheap_realloc(q, MH_BIG_SIZE + 1u), K_NULL);
    mh_assert_info_eq(mh_info(), held);
    mh_check(q, 3000u, 13u);

    /* size 0: frees, returns NULL */
    KT_ASSERT_PTR_EQ(tos_mmheap_realloc(q, 0u), K_NULL);
    KT_ASSERT_LT(mh_info().used, held.used);
    tos_mmheap_free(blocker);
    mh_assert_info_eq(mh_info(), before);
}

/* Splits and merges are visible in the pool statistics: a split adds a header (used + free
   shrinks), freeing neighbours merges them (used + free grows back), and once the three blocks
   are gone one block spanning all of them fits again. Every freeing order is tried. */
KTEST(mmheap, split_and_coalesce) {
    static const uint8_t order[6][3] = {
        { 0u, 1u, 2u }, { 0u, 2u, 1u }, { 1u, 0u, 2u },
        { 1u, 2u, 0u }, { 2u, 0u, 1u }, { 2u, 1u, 0u },
    };
    k_mmheap_info_t empty, one = { 0u, 0u }, all, step;
    uint8_t *blk[3], *whole;
    uint32_t k, i, total_empty;

    KT_ASSERT_EQ(tos_mmheap_pool_add(mh_big_pool, sizeof(mh_big_pool)), K_ERR_NONE);
    empty = mh_pool_info(mh_big_pool);
    KT_ASSERT_EQ(empty.used, 0u);
    KT_ASSERT_GT(empty.free, 3u * MH_CHUNK);
    KT_ASSERT_LE(empty.free, sizeof(mh_big_pool));
    total_empty = empty.used + empty.free;

    for (k = 0u; k < 6u; ++k) {
        for (i = 0u; i < 3u; ++i) {
            blk[i] = (uint8_t *)tos_mmheap_alloc(MH_CHUNK);
            KT_ASSERT(mh_in(blk[i], mh_big_pool, sizeof(mh_big_pool)));    /* only it fits */
            mh_fill(blk[i], MH_CHUNK, i);
            if (i == 0u) {
                one = mh_pool_info(mh_big_pool);
                KT_ASSERT_GE(one.used, MH_CHUNK);
                KT_ASSERT_LT(one.used + one.free, total_empty);            /* split: a header */
            }
        }
        all = mh_pool_info(mh_big_pool);
        KT_ASSERT_GE(all.used, 3u * MH_CHUNK);
        KT_ASSERT_LT(all.used + all.free, one.used + one.free);

        for (i = 0u; i < 3u; ++i) {
            uint32_t which = order[k][i];

            mh_check(blk[which], MH_CHUNK, which);
            tos_mmheap_free(blk[which]);
            step = mh_pool_info(mh_big_pool);
            KT_ASSERT_LE(step.used + step.free, total_empty);
        }
        /* all merged back: the pool is as it started, and one block spanning the three fits */
        mh_assert_info_eq(mh_pool_info(mh_big_pool), empty);
        whole = (uint8_t *)tos_mmheap_alloc(3u * MH_CHUNK);
        KT_ASSERT(mh_in(whole, mh_big_pool, sizeof(mh_big_pool)));
        tos_mmheap_free(whole);
        mh_assert_info_eq(mh_pool_info(mh_big_pool), empty);
    }

    /* Freeing the first block alone merges with nothing (its neighbour is in use); freeing the
       second then merges the two: used + free grows by the header that went away. */
    for (i = 0u; i < 3u; ++i) {
        blk[i] = (uint8_t *)tos_mmheap_alloc(MH_CHUNK);
        KT_ASSERT(mh_in(blk[i], mh_big_pool, sizeof(mh_big_pool)));
        mh_fill(blk[i], MH_CHUNK, i);
    }
    KT_ASSERT(blk[0] < blk[1] && blk[1] < blk[2]);                  /* carved in order */
    all = mh_pool_info(mh_big_pool);
    tos_mmheap_free(blk[0]);
    one = mh_pool_info(mh_big_pool);
    KT_ASSERT_EQ(one.used + one.free, all.used + all.free);
    KT_ASSERT_LT(one.used, all.used);
    tos_mmheap_free(blk[1]);
    step = mh_pool_info(mh_big_pool);
    KT_ASSERT_GT(step.used + step.free, one.used + one.free);
    /* the merged hole holds a block bigger than either half */
    whole = (uint8_t *)tos_mmheap_alloc(MH_CHUNK + MH_CHUNK / 2u);
    KT_ASSERT(whole != K_NULL);
    KT_ASSERT(mh_in(whole, mh_big_pool, sizeof(mh_big_pool)));
    KT_ASSERT(whole < blk[2]);
    mh_fill(whole, MH_CHUNK + MH_CHUNK / 2u, 7u);
    mh_check(blk[2], MH_CHUNK, 2u);                                 /* untouched by the merge */
    tos_mmheap_free(whole);
    tos_mmheap_free(blk[2]);
    mh_assert_info_eq(mh_pool_info(mh_big_pool), empty);
}

KTEST(mmheap, exhaustion_then_recovery) {
    static void *blk[1024];
    static size_t blk_len[1024];
    k_mmheap_info_t before = mh_info(), full;
    size_t n = 0u, i, size;
    void *p;

    /* big blocks first, then ever smaller ones, until even the smallest fails */
    for (size = 4096u; size >= 1u; size /= 4u) {
        while (n < TOS_COUNT_OF(blk) && (p = tos_mmheap_alloc(size)) != K_NULL) {
            mh_fill(p, size, (uint32_t)n);
            blk[n] = p;
            blk_len[n++] = size;
        }
        KT_ASSERT_LT(n, TOS_COUNT_OF(blk));                     /* stopped by exhaustion */
    }
    KT_ASSERT_GT(n, 0u);
    KT_ASSERT_PTR_EQ(tos_mmheap_alloc(1u), K_NULL);
    KT_ASSERT_PTR_EQ(tos_mmheap_calloc(1u, 1u), K_NULL);
    KT_ASSERT_PTR_EQ(tos_mmheap_aligned_alloc(1u, 64u), K_NULL);
    full = mh_info();
    KT_ASSERT_GT(full.used, before.used);
    KT_ASSERT_LT(full.free, 4096u);

    /* a realloc that cannot grow fails and keeps the block */
    KT_ASSERT_PTR_EQ(tos_mmheap_realloc(blk[0], 8192u), K_NULL);
    mh_assert_info_eq(mh_info(), full);

    /* one block back makes room for exactly that again */
    mh_check(blk[0], blk_len[0], 0u);
    tos_mmheap_free(blk[0]);
    blk[0] = tos_mmheap_alloc(blk_len[0]);
    KT_ASSERT(blk[0] != K_NULL);
    mh_fill(blk[0], blk_len[0], 0u);

    /* everything comes back, contents intact to the end */
    for (i = 0u; i < n; ++i) {
        mh_check(blk[i], blk_len[i], (uint32_t)i);
        tos_mmheap_free(blk[i]);
    }
    mh_assert_info_eq(mh_info(), before);
    p = tos_mmheap_alloc(MH_DEFAULT_SIZE / 2u);
    KT_ASSERT(p != K_NULL);
    tos_mmheap_free(p);
    mh_assert_info_eq(mh_info(), before);
}

KTEST(mmheap, pool_add_checks) {
    uint8_t *a = mh_area + 0x1000u;                             /* the pool under test */
    k_mmheap_info_t info;

    KT_ASSERT_EQ(tos_mmheap_pool_add(K_NULL, 0x1000u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mmheap_pool_add(a + 1, 0x800u), K_ERR_MMHEAP_INVALID_POOL_ADDR);
    KT_ASSERT_EQ(tos_mmheap_pool_add(a + 2, 0x800u), K_ERR_MMHEAP_INVALID_POOL_ADDR);
    KT_ASSERT_EQ(tos_mmheap_pool_add(a, 0u), K_ERR_MMHEAP_INVALID_POOL_SIZE);
    KT_ASSERT_EQ(tos_mmheap_pool_add(a, 8u), K_ERR_MMHEAP_INVALID_POOL_SIZE);
    KT_ASSERT_EQ(tos_mmheap_pool_add(mh_big_pool, MH_BIG_SIZE + 1u),
                 K_ERR_MMHEAP_INVALID_POOL_SIZE);
    /* the default pool is there already, and nothing may overlap it */
    KT_ASSERT_EQ(tos_mmheap_pool_add(k_mmheap_default_pool, MH_DEFAULT_SIZE),
                 K_ERR_MMHEAP_POOL_ALREADY_EXIST);
    KT_ASSERT_EQ(tos_mmheap_pool_add(k_mmheap_default_pool + 0x100u, 0x1000u),
                 K_ERR_MMHEAP_INVALID_POOL_ADDR);
    KT_ASSERT_EQ(tos_mmheap_pool_add(k_mmheap_default_pool + MH_DEFAULT_SIZE - 0x100u, 0x1000u),
                 K_ERR_MMHEAP_INVALID_POOL_ADDR);
    /* none of the refused calls registered anything */
    KT_ASSERT_EQ(tos_mmheap_pool_check(a, &info), K_ERR_MMHEAP_POOL_NOT_EXIST);
    KT_ASSERT_EQ(tos_mmheap_pool_check(k_mmheap_default_pool + 0x100u, &info),
                 K_ERR_MMHEAP_POOL_NOT_EXIST);

    KT_ASSERT_EQ(tos_mmheap_pool_add(a, 0x1000u), K_ERR_NONE);
    info = mh_pool_info(a);
    KT_ASSERT_EQ(info.used, 0u);
    KT_ASSERT_GT(info.free, 0x800u);
    KT_ASSERT_LE(info.free, 0x1000u);
    KT_ASSERT_EQ(tos_mmheap_pool_add(a, 0x1000u), K_ERR_MMHEAP_POOL_ALREADY_EXIST);
    KT_ASSERT_EQ(tos_mmheap_pool_add(a, 0x800u), K_ERR_MMHEAP_POOL_ALREADY_EXIST);
    KT_ASSERT_EQ(tos_mmheap_pool_add(a - 0x800u, 0x1000u), K_ERR_MMHEAP_INVALID_POOL_ADDR);
    KT_ASSERT_EQ(tos_mmheap_pool_add(a + 0x800u, 0x1000u), K_ERR_MMHEAP_INVALID_POOL_ADDR);
    KT_ASSERT_EQ(tos_mmheap_pool_add(a + 0x100u, 0x100u), K_ERR_MMHEAP_INVALID_POOL_ADDR);
    KT_ASSERT_EQ(tos_mmheap_pool_add(mh_area, sizeof(mh_area)), K_ERR_MMHEAP_INVALID_POOL_ADDR);
    mh_assert_info_eq(mh_pool_info(a), info);

    /* a neighbour that only touches is fine; that makes TOS_CFG_MMHEAP_POOL_MAX = 3 pools */
    KT_ASSERT_EQ(tos_mmheap_pool_add(mh_area, 0x1000u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mmheap_pool_add(mh_area + 0x2000u, 0x1000u), K_ERR_MMHEAP_POOL_OVERFLOW);
    KT_ASSERT_EQ(tos_mmheap_pool_check(mh_area + 0x2000u, &info), K_ERR_MMHEAP_POOL_NOT_EXIST);
    /* the new pools serve allocations: with the default pool full, they are all that is left */
    {
        static void *blk[256];
        size_t n = 0u, i, in_area = 0u;
        void *p;

        while (n < TOS_COUNT_OF(blk) && (p = tos_mmheap_alloc(1024u)) != K_NULL) {
            blk[n++] = p;
            in_area += mh_in(p, mh_area, 0x2000u);
        }
        KT_ASSERT_LT(n, TOS_COUNT_OF(blk));
        KT_ASSERT_GT(in_area, 0u);
        for (i = 0u; i < n; ++i) {
            tos_mmheap_free(blk[i]);
        }
    }
    mh_assert_info_eq(mh_pool_info(a), info);
}

KTEST(mmheap, pool_rmv_rules) {
    k_mmheap_info_t base = mh_info(), with_pool, busy;
    uint8_t *p;

    KT_ASSERT_EQ(tos_mmheap_pool_rmv(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mmheap_pool_rmv(mh_big_pool), K_ERR_MMHEAP_POOL_NOT_EXIST);

    KT_ASSERT_EQ(tos_mmheap_pool_add(mh_big_pool, sizeof(mh_big_pool)), K_ERR_NONE);
    with_pool = mh_info();
    KT_ASSERT_GT(with_pool.free, base.free);
    KT_ASSERT_EQ(tos_mmheap_pool_rmv(mh_big_pool + 8), K_ERR_MMHEAP_POOL_NOT_EXIST);

    /* a block only the big pool can hold pins it */
    p = (uint8_t *)tos_mmheap_alloc(MH_CHUNK);
    KT_ASSERT(mh_in(p, mh_big_pool, sizeof(mh_big_pool)));
    mh_fill(p, MH_CHUNK, 5u);
    busy = mh_pool_info(mh_big_pool);
    KT_ASSERT_EQ(tos_mmheap_pool_rmv(mh_big_pool), K_ERR_MMHEAP_INVALID_POOL_ADDR);
    /* ... and nothing changed: still registered, same numbers, block still usable */
    mh_assert_info_eq(mh_pool_info(mh_big_pool), busy);
    mh_check(p, MH_CHUNK, 5u);
    p = (uint8_t *)tos_mmheap_realloc(p, MH_CHUNK + 64u);
    KT_ASSERT(mh_in(p, mh_big_pool, sizeof(mh_big_pool)));
    mh_check(p, MH_CHUNK, 5u);

    /* a pinned block that is not the first one counts too */
    {
        uint8_t *second = (uint8_t *)tos_mmheap_alloc(MH_CHUNK);

        KT_ASSERT(mh_in(second, mh_big_pool, sizeof(mh_big_pool)));
        tos_mmheap_free(p);
        KT_ASSERT_EQ(tos_mmheap_pool_rmv(mh_big_pool), K_ERR_MMHEAP_INVALID_POOL_ADDR);
        tos_mmheap_free(second);
    }

    KT_ASSERT_EQ(tos_mmheap_pool_rmv(mh_big_pool), K_ERR_NONE);
    mh_assert_info_eq(mh_info(), base);
    KT_ASSERT_EQ(tos_mmheap_pool_check(mh_big_pool, &busy), K_ERR_MMHEAP_POOL_NOT_EXIST);
    KT_ASSERT_EQ(tos_mmheap_pool_rmv(mh_big_pool), K_ERR_MMHEAP_POOL_NOT_EXIST);
    /* gone: nothing can come from it any more */
    KT_ASSERT_PTR_EQ(tos_mmheap_alloc(MH_CHUNK), K_NULL);
    /* and it can be given back */
    KT_ASSERT_EQ(tos_mmheap_pool_add(mh_big_pool, sizeof(mh_big_pool)), K_ERR_NONE);
    mh_assert_info_eq(mh_info(), with_pool);
}

KTEST(mmheap, check_errors_and_sums) {
    k_mmheap_info_t info, d, b, all;

    KT_ASSERT_EQ(tos_mmheap_pool_check(K_NULL, &info), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mmheap_pool_check(k_mmheap_default_pool, K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_mmheap_pool_check(mh_not_a_pool, &info), K_ERR_MMHEAP_POOL_NOT_EXIST);
    KT_ASSERT_EQ(tos_mmheap_pool_check(k_mmheap_default_pool + MH_ALIGN, &info),
                 K_ERR_MMHEAP_POOL_NOT_EXIST);
    KT_ASSERT_EQ(tos_mmheap_check(K_NULL), K_ERR_OBJ_PTR_NULL);

    /* the default pool alone: its numbers are the totals, bounded by its size */
    d = mh_pool_info(k_mmheap_default_pool);
    mh_assert_info_eq(mh_info(), d);
    KT_ASSERT_LE(d.used + d.free, MH_DEFAULT_SIZE);
    KT_ASSERT_GT(d.used + d.free, MH_DEFAULT_SIZE / 2u);

    KT_ASSERT_EQ(tos_mmheap_pool_add(mh_big_pool, sizeof(mh_big_pool)), K_ERR_NONE);
    b = mh_pool_info(mh_big_pool);
    all = mh_info();
    KT_ASSERT_EQ(all.used, d.used + b.used);
    KT_ASSERT_EQ(all.free, d.free + b.free);
}

KTEST(mmheap, invalid_frees_are_ignored) {
    k_mmheap_info_t before = mh_info(), held, after_free;
    uint8_t *a, *b, *c;
    uint32_t local = 0u;

    a = (uint8_t *)tos_mmheap_alloc(128u);
    b = (uint8_t *)tos_mmheap_alloc(256u);
    c = (uint8_t *)tos_mmheap_alloc(64u);
    KT_ASSERT(a != K_NULL && b != K_NULL && c != K_NULL);
    mh_fill(a, 128u, 1u);
    mh_fill(b, 256u, 2u);
    mh_fill(c, 64u, 3u);
    held = mh_info();

    tos_mmheap_free(&local);                                    /* stack */
    tos_mmheap_free(mh_not_a_pool);                             /* static, not a pool */
    tos_mmheap_free(b + 1);                                     /* misaligned */
    tos_mmheap_free(b + MH_ALIGN);                              /* interior */
    tos_mmheap_free(b + 64);
    tos_mmheap_free(b + 256);
    tos_mmheap_free(k_mmheap_default_pool);                     /* pool start */
    tos_mmheap_free(k_mmheap_default_pool + MH_DEFAULT_SIZE - MH_ALIGN);   /* pool end */
    mh_assert_info_eq(mh_info(), held);
    mh_check(a, 128u, 1u);
    mh_check(b, 256u, 2u);
    mh_check(c, 64u, 3u);

    /* interior pointer after user data that looks like a small size */
    memset(b, 0, 256u);
    ((size_t *)(void *)b)[1] = 64u;
    ((size_t *)(void *)b)[2] = 16u;
    tos_mmheap_free(b + 2u * sizeof(size_t));
    tos_mmheap_free(b + 3u * sizeof(size_t));
    KT_ASSERT_PTR_EQ(tos_mmheap_realloc(b + 2u * sizeof(size_t), 8u), K_NULL);
    mh_assert_info_eq(mh_info(), held);

    /* double free, also after the block merged into a free neighbour */
    tos_mmheap_free(b);
    after_free = mh_info();
    KT_ASSERT_LT(after_free.used, held.used);
    tos_mmheap_free(b);
    mh_assert_info_eq(mh_info(), after_free);
    tos_mmheap_free(a);                                         /* merges with b's hole */
    tos_mmheap_free(b);
    tos_mmheap_free(a);
    tos_mmheap_free(a + 64);                                    /* inside a free block */
    mh_check(c, 64u, 3u);

    /* the heap still works normally */
    a = (uint8_t *)tos_mmheap_alloc(300u);
    KT_ASSERT(a != K_NULL);
    mh_fill(a, 300u, 4u);
    mh_check(c, 64u, 3u);
    tos_mmheap_free(c);
    tos_mmheap_free(c);
    mh_check(a, 300u, 4u);
    tos_mmheap_free(a);
    mh_assert_info_eq(mh_info(), before);
}

/* ---- use from interrupt context ---- */

static volatile uint32_t mh_isr_runs;
static void *volatile mh_isr_out;           /* ISR -> task */
static void *volatile mh_isr_in;            /* task -> ISR */

static void mh_isr(void)
{
    uint8_t *p, *q;
    uint32_t run;
    size_t i;

    tos_knl_irq_enter();
    run = mh_isr_runs;

    p = (uint8_t *)tos_mmheap_alloc(96u);
    KT_ASSERT(p != K_NULL);
    mh_fill(p, 96u, run);
    q = (uint8_t *)tos_mmheap_realloc(p, 400u);
    KT_ASSERT(q != K_NULL);
    mh_check(q, 96u, run);
    tos_mmheap_free(q);

    p = (uint8_t *)tos_mmheap_calloc(8u, 8u);
    KT_ASSERT(p != K_NULL);
    for (i = 0u; i < 64u; ++i) {
        KT_ASSERT_EQ(p[i], 0u);
    }
    tos_mmheap_free(p);

    p = (uint8_t *)tos_mmheap_aligned_alloc(32u, 64u);
    mh_assert_aligned(p, 64u);
    tos_mmheap_free(p);

    /* hand a block to the task, and free the one the task handed over */
    if (mh_isr_out == K_NULL) {
        p = (uint8_t *)tos_mmheap_alloc(48u);
        KT_ASSERT(p != K_NULL);
        mh_fill(p, 48u, 1000u + run);
        mh_isr_out = p;
    }
    if (mh_isr_in != K_NULL) {
        mh_check(mh_isr_in, 40u, 2000u + run);
        tos_mmheap_free(mh_isr_in);
        mh_isr_in = K_NULL;
    }
    mh_isr_runs = run + 1u;
    tos_knl_irq_leave();
}

KTEST(mmheap, usable_from_isr) {
    k_mmheap_info_t before = mh_info();
    uint8_t *mine = (uint8_t *)tos_mmheap_alloc(200u);
    uint32_t i;

    KT_ASSERT(mine != K_NULL);
    mh_fill(mine, 200u, 77u);
    mh_isr_runs = 0u;
    mh_isr_out = K_NULL;
    mh_isr_in = K_NULL;
    ktest_irq_connect(0u, mh_isr, 0u);

    for (i = 0u; i < 100u; ++i) {
        uint8_t *p = (uint8_t *)tos_mmheap_alloc(40u);

        KT_ASSERT(p != K_NULL);
        mh_fill(p, 40u, 2000u + i);
        mh_isr_in = p;
        ktest_irq_raise(0u);                    /* preempts right here */
        KT_ASSERT_EQ(mh_isr_runs, i + 1u);
        KT_ASSERT_PTR_EQ(mh_isr_in, K_NULL);
        KT_ASSERT(mh_isr_out != K_NULL);
        mh_check(mh_isr_out, 48u, 1000u + i);
        tos_mmheap_free(mh_isr_out);
        mh_isr_out = K_NULL;
    }
    mh_check(mine, 200u, 77u);
    tos_mmheap_free(mine);
    mh_assert_info_eq(mh_info(), before);
}

/* The heap's critical sections nest: called with interrupts masked, they must not let a
   pending interrupt in. */
KTEST(mmheap, calls_under_masked_interrupts_keep_them_masked) {
    TOS_CPU_CPSR_ALLOC();
    k_mmheap_info_t before = mh_info(), info;
    void *p, *q;

    mh_isr_runs = 0u;
    mh_isr_out = K_NULL;
    mh_isr_in = K_NULL;
    ktest_irq_connect(0u, mh_isr, 0u);

    TOS_CPU_INT_DISABLE();
    ktest_irq_raise(0u);
    p = tos_mmheap_alloc(64u);
    q = tos_mmheap_calloc(4u, 4u);
    p = tos_mmheap_realloc(p, 128u);
    tos_mmheap_free(q);
    q = tos_mmheap_aligned_alloc(16u, 128u);
    (void)tos_mmheap_check(&info);
    (void)tos_mmheap_pool_check(k_mmheap_default_pool, &info);
    KT_ASSERT_EQ(tos_mmheap_pool_add(mh_big_pool, sizeof(mh_big_pool)), K_ERR_NONE);
    KT_ASSERT_EQ(tos_mmheap_pool_rmv(mh_big_pool), K_ERR_NONE);
    tos_mmheap_free(p);
    tos_mmheap_free(q);
    KT_ASSERT_EQ(mh_isr_runs, 0u);
    TOS_CPU_INT_ENABLE();

    KT_ASSERT_EQ(mh_isr_runs, 1u);
    KT_ASSERT(p != K_NULL && q != K_NULL);
    tos_mmheap_free(mh_isr_out);
    mh_isr_out = K_NULL;
    mh_assert_info_eq(mh_info(), before);
}

/* ---- randomized stress ---- */

#define MH_SLOTS    48u

typedef struct {
    uint8_t    *p;
    size_t      len;
    uint32_t    seed;
} mh_slot_t;

static mh_slot_t mh_slots[MH_SLOTS];

KTEST(mmheap, randomized_stress) {
    k_mmheap_info_t before, info;
    uint32_t op, i, nulls = 0u, allocs = 0u;

    KT_ASSERT_EQ(tos_mmheap_pool_add(mh_area, sizeof(mh_area)), K_ERR_NONE);
    before = mh_info();
    memset(mh_slots, 0, sizeof(mh_slots));
    mh_rng = 20240607u;
    mh_isr_runs = 0u;
    mh_isr_out = K_NULL;
    mh_isr_in = K_NULL;
    ktest_irq_connect(0u, mh_isr, 0u);

    for (op = 0u; op < 20000u; ++op) {
        mh_slot_t *s = &mh_slots[mh_rand() % MH_SLOTS];
        uint32_t r = mh_rand() % 100u;

        if (s->p != K_NULL && r < 45u) {
            mh_check(s->p, s->len, s->seed);
            tos_mmheap_free(s->p);
            s->p = K_NULL;
        } else if (s->p != K_NULL && r < 75u) {
            size_t len = 1u + mh_rand() % 4096u;
            uint8_t *q = (uint8_t *)tos_mmheap_realloc(s->p, len);

            if (q == K_NULL) {
                ++nulls;
                mh_check(s->p, s->len, s->seed);            /* failed: untouched */
            } else {
                mh_assert_aligned(q, MH_ALIGN);
                mh_check(q, TOS_MIN(len, s->len), s->seed);
                s->p = q;
                s->len = len;
                s->seed = mh_rand();
                mh_fill(q, len, s->seed);
            }
        } else if (s->p != K_NULL) {
            mh_check(s->p, s->len, s->seed);
            /* an interior pointer is not an allocation */
            if (s->len > MH_ALIGN) {
                tos_mmheap_free(s->p + MH_ALIGN);
                mh_check(s->p, s->len, s->seed);
            }
        } else {
            size_t len = 1u + mh_rand() % 4096u;
            size_t align = MH_ALIGN;
            uint8_t *q;

            if (r < 55u) {
                q = (uint8_t *)tos_mmheap_alloc(len);
            } else if (r < 80u) {
                align = (size_t)8u << (mh_rand() % 7u);
                q = (uint8_t *)tos_mmheap_aligned_alloc(len, align);
            } else {
                size_t n = 1u + mh_rand() % 8u, k;

                len = (len + n - 1u) / n;
                q = (uint8_t *)tos_mmheap_calloc(n, len);
                len *= n;
                for (k = 0u; q != K_NULL && k < len; ++k) {
                    KT_ASSERT_EQ(q[k], 0u);
                }
            }
            if (q == K_NULL) {
                ++nulls;
            } else {
                mh_assert_aligned(q, align);
                s->p = q;
                s->len = len;
                s->seed = mh_rand();
                mh_fill(q, len, s->seed);
                ++allocs;
            }
        }
        if (op % 500u == 0u) {
            uint32_t live = 0u;

            for (i = 0u; i < MH_SLOTS; ++i) {
                live += mh_slots[i].p != K_NULL ? (uint32_t)mh_slots[i].len : 0u;
            }
            info = mh_info();
            KT_ASSERT_GE(info.used, live);
            KT_ASSERT_LE(info.used + info.free, before.used + before.free);
        }
        if (op % 997u == 0u) {
            ktest_irq_raise(0u);                /* the ISR allocates and frees in between */
            tos_mmheap_free(mh_isr_out);
            mh_isr_out = K_NULL;
        }
    }
    for (i = 0u; i < MH_SLOTS; ++i) {
        if (mh_slots[i].p != K_NULL) {
            mh_check(mh_slots[i].p, mh_slots[i].len, mh_slots[i].seed);
            tos_mmheap_free(mh_slots[i].p);
        }
    }
    KT_ASSERT_GT(allocs, 5000u);
    KT_ASSERT_GT(mh_isr_runs, 10u);
    ktest_log("mmheap stress: %u allocations, %u NULL results", (unsigned)allocs, (unsigned)nulls);
    mh_assert_info_eq(mh_info(), before);
}
