/*
 * Conformance: bitmap (tos_bitmap.h).
 */
#include "ktest.h"

#define BM_BITS_MAX     100u
#define BM_SENTINEL     0xA5A5A5A5u

/* Tables get one sentinel word past TOS_BITMAP_SIZE(bit_max): nothing may write it. */
static k_bmtbl_t bm_tbl[TOS_BITMAP_SIZE(BM_BITS_MAX) + 1u];

static const uint32_t bm_sizes[] = { 1u, 31u, 32u, 33u, 64u, 100u };

static void bm_tbl_prepare(uint32_t bit_max, k_bmtbl_t fill)
{
    uint32_t i;

    for (i = 0u; i < TOS_BITMAP_SIZE(bit_max); ++i) {
        bm_tbl[i] = fill;
    }
    bm_tbl[TOS_BITMAP_SIZE(bit_max)] = BM_SENTINEL;
}

static void bm_sentinel_check(uint32_t bit_max)
{
    KT_ASSERT_EQ(bm_tbl[TOS_BITMAP_SIZE(bit_max)], BM_SENTINEL);
}

/* The bits of the last word past bit_max (none when bit_max is a multiple of 32). */
static k_bmtbl_t bm_padding_mask(uint32_t bit_max)
{
    uint32_t used = bit_max % 32u;

    return used == 0u ? 0u : (k_bmtbl_t)(0xFFFFFFFFu >> used);
}

KTEST(bitmap, create_rejects_bad_args) {
    k_bitmap_t bm;
    k_bmtbl_t tbl[1];

    memset(&bm, 0, sizeof(bm));
    KT_ASSERT_EQ(tos_bitmap_create_empty(K_NULL, tbl, 8u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_bitmap_create_empty(&bm, K_NULL, 8u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_bitmap_create_empty(&bm, tbl, 0u), K_ERR_BITMAP_EXCEED);
    KT_ASSERT_EQ(tos_bitmap_create_full(K_NULL, tbl, 8u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_bitmap_create_full(&bm, K_NULL, 8u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_bitmap_create_full(&bm, tbl, 0u), K_ERR_BITMAP_EXCEED);

    /* None of the failed creates made bm a bitmap. */
    KT_ASSERT_EQ(tos_bitmap_set(&bm, 0u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_bitmap_lsb(&bm), -1);
}

KTEST(bitmap, create_empty_clears_every_bit) {
    k_bitmap_t bm;
    uint32_t s, bit, n, i;

    for (s = 0u; s < TOS_COUNT_OF(bm_sizes); ++s) {
        n = bm_sizes[s];
        bm_tbl_prepare(n, 0xFFFFFFFFu);         /* stale contents must be overwritten */
        KT_ASSERT_EQ(tos_bitmap_create_empty(&bm, bm_tbl, n), K_ERR_NONE);
        for (i = 0u; i < TOS_BITMAP_SIZE(n); ++i) {
            KT_ASSERT_EQ(bm_tbl[i], 0u);
        }
        bm_sentinel_check(n);
        for (bit = 0u; bit < n; ++bit) {
            KT_ASSERT_EQ(tos_bitmap_is_set(&bm, bit), K_FALSE);
            KT_ASSERT_EQ(tos_bitmap_is_reset(&bm, bit), K_TRUE);
        }
        KT_ASSERT_EQ(tos_bitmap_lsb(&bm), (int)n);
        KT_ASSERT_EQ(tos_bitmap_destroy(&bm), K_ERR_NONE);
    }
}

/* create_full sets exactly the bits below bit_max: the padding of the last word stays clear
   (Sprig's documented choice, see kernel/core/bitmap.c). */
KTEST(bitmap, create_full_sets_every_bit_but_no_padding) {
    k_bitmap_t bm;
    uint32_t s, bit, n, i, words;

    for (s = 0u; s < TOS_COUNT_OF(bm_sizes); ++s) {
        n = bm_sizes[s];
        words = TOS_BITMAP_SIZE(n);
        bm_tbl_prepare(n, 0u);
        KT_ASSERT_EQ(tos_bitmap_create_full(&bm, bm_tbl, n), K_ERR_NONE);
        for (i = 0u; i + 1u < words; ++i) {
            KT_ASSERT_EQ(bm_tbl[i], 0xFFFFFFFFu);
        }
        KT_ASSERT_EQ(bm_tbl[words - 1u], 0xFFFFFFFFu & ~bm_padding_mask(n));
        bm_sentinel_check(n);
        for (bit = 0u; bit < n; ++bit) {
            KT_ASSERT_EQ(tos_bitmap_is_set(&bm, bit), K_TRUE);
            KT_ASSERT_EQ(tos_bitmap_is_reset(&bm, bit), K_FALSE);
        }
        KT_ASSERT_EQ(tos_bitmap_lsb(&bm), 0);
        KT_ASSERT_EQ(tos_bitmap_destroy(&bm), K_ERR_NONE);
    }
}

KTEST(bitmap, msb_first_bit_order) {
    k_bitmap_t bm;

    bm_tbl_prepare(64u, 0u);
    KT_ASSERT_EQ(tos_bitmap_create_empty(&bm, bm_tbl, 64u), K_ERR_NONE);

    KT_ASSERT_EQ(tos_bitmap_set(&bm, 0u), K_ERR_NONE);
    KT_ASSERT_EQ(bm_tbl[0], 0x80000000u);
    KT_ASSERT_EQ(bm_tbl[1], 0u);
    KT_ASSERT_EQ(tos_bitmap_set(&bm, 31u), K_ERR_NONE);
    KT_ASSERT_EQ(bm_tbl[0], 0x80000001u);
    KT_ASSERT_EQ(tos_bitmap_set(&bm, 32u), K_ERR_NONE);
    KT_ASSERT_EQ(bm_tbl[1], 0x80000000u);
    KT_ASSERT_EQ(tos_bitmap_set(&bm, 63u), K_ERR_NONE);
    KT_ASSERT_EQ(bm_tbl[1], 0x80000001u);
    KT_ASSERT_EQ(tos_bitmap_set(&bm, 5u), K_ERR_NONE);
    KT_ASSERT_EQ(bm_tbl[0], 0x84000001u);

    KT_ASSERT_EQ(tos_bitmap_reset(&bm, 0u), K_ERR_NONE);
    KT_ASSERT_EQ(bm_tbl[0], 0x04000001u);
    KT_ASSERT_EQ(tos_bitmap_reset(&bm, 63u), K_ERR_NONE);
    KT_ASSERT_EQ(bm_tbl[1], 0x80000000u);
    bm_sentinel_check(64u);

    /* The K_BITMAP_* helpers agree. */
    KT_ASSERT_EQ(K_BITMAP_NDX(33u), 1u);
    KT_ASSERT_EQ(K_BITMAP_BIT(33u), 0x40000000u);
    KT_ASSERT_EQ(TOS_BITMAP_SIZE(33u), 2u);
}

KTEST(bitmap, set_and_reset_are_idempotent) {
    k_bitmap_t bm;

    bm_tbl_prepare(40u, 0u);
    KT_ASSERT_EQ(tos_bitmap_create_empty(&bm, bm_tbl, 40u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_bitmap_set(&bm, 35u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_bitmap_set(&bm, 35u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_bitmap_is_set(&bm, 35u), K_TRUE);
    KT_ASSERT_EQ(tos_bitmap_is_set(&bm, 34u), K_FALSE);
    KT_ASSERT_EQ(tos_bitmap_is_set(&bm, 36u), K_FALSE);
    KT_ASSERT_EQ(tos_bitmap_reset(&bm, 35u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_bitmap_reset(&bm, 35u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_bitmap_is_reset(&bm, 35u), K_TRUE);
    KT_ASSERT_EQ(tos_bitmap_lsb(&bm), 40);
}

KTEST(bitmap, out_of_range_bits) {
    k_bitmap_t bm;
    uint32_t s, n, words;

    for (s = 0u; s < TOS_COUNT_OF(bm_sizes); ++s) {
        n = bm_sizes[s];
        words = TOS_BITMAP_SIZE(n);

        bm_tbl_prepare(n, 0u);
        KT_ASSERT_EQ(tos_bitmap_create_empty(&bm, bm_tbl, n), K_ERR_NONE);
        KT_ASSERT_EQ(tos_bitmap_set(&bm, n), K_ERR_BITMAP_EXCEED);
        KT_ASSERT_EQ(tos_bitmap_set(&bm, n + 1u), K_ERR_BITMAP_EXCEED);
        KT_ASSERT_EQ(tos_bitmap_set(&bm, 0xFFFFFFFFu), K_ERR_BITMAP_EXCEED);
        /* No padding bit and no word past the table was written. */
        KT_ASSERT_EQ(bm_tbl[words - 1u], 0u);
        bm_sentinel_check(n);
        KT_ASSERT_EQ(tos_bitmap_lsb(&bm), (int)n);
        /* Out of range is neither set nor reset. */
        KT_ASSERT_EQ(tos_bitmap_is_set(&bm, n), K_FALSE);
        KT_ASSERT_EQ(tos_bitmap_is_reset(&bm, n), K_FALSE);
        KT_ASSERT_EQ(tos_bitmap_is_reset(&bm, 0xFFFFFFFFu), K_FALSE);

        bm_tbl_prepare(n, 0u);
        KT_ASSERT_EQ(tos_bitmap_create_full(&bm, bm_tbl, n), K_ERR_NONE);
        KT_ASSERT_EQ(tos_bitmap_reset(&bm, n), K_ERR_BITMAP_EXCEED);
        KT_ASSERT_EQ(tos_bitmap_reset(&bm, 0xFFFFFFFFu), K_ERR_BITMAP_EXCEED);
        KT_ASSERT_EQ(bm_tbl[0], n >= 32u ? 0xFFFFFFFFu : 0xFFFFFFFFu & ~bm_padding_mask(n));
        KT_ASSERT_EQ(tos_bitmap_is_set(&bm, n), K_FALSE);
        KT_ASSERT_EQ(tos_bitmap_is_reset(&bm, n), K_FALSE);
        /* The last valid bit is in range. */
        KT_ASSERT_EQ(tos_bitmap_is_set(&bm, n - 1u), K_TRUE);
        KT_ASSERT_EQ(tos_bitmap_reset(&bm, n - 1u), K_ERR_NONE);
        KT_ASSERT_EQ(tos_bitmap_is_reset(&bm, n - 1u), K_TRUE);
        bm_sentinel_check(n);
    }
}

/* lsb finds each single bit, across word boundaries, and a lower bit hides higher ones. */
KTEST(bitmap, lsb_single_bits_across_words) {
    k_bitmap_t bm;
    uint32_t s, n, bit;

    for (s = 0u; s < TOS_COUNT_OF(bm_sizes); ++s) {
        n = bm_sizes[s];
        bm_tbl_prepare(n, 0u);
        KT_ASSERT_EQ(tos_bitmap_create_empty(&bm, bm_tbl, n), K_ERR_NONE);

        KT_ASSERT_EQ(tos_bitmap_set(&bm, n - 1u), K_ERR_NONE);      /* the highest bit */
        KT_ASSERT_EQ(tos_bitmap_lsb(&bm), (int)(n - 1u));
        for (bit = 0u; bit < n; ++bit) {
            KT_ASSERT_EQ(tos_bitmap_set(&bm, bit), K_ERR_NONE);
            KT_ASSERT_EQ(tos_bitmap_lsb(&bm), (int)bit);
            KT_ASSERT_EQ(tos_bitmap_reset(&bm, bit), K_ERR_NONE);
            if (bit != n - 1u) {
                KT_ASSERT_EQ(tos_bitmap_lsb(&bm), (int)(n - 1u));
            }
        }
        /* bit n - 1 was reset on the last pass: nothing is set. */
        KT_ASSERT_EQ(tos_bitmap_lsb(&bm), (int)n);
        bm_sentinel_check(n);
    }
}

/* Starting full and clearing from the bottom, lsb walks up one bit at a time and ends at
   bit_max: a padding bit is never reported. */
KTEST(bitmap, lsb_walks_up_from_full) {
    k_bitmap_t bm;
    uint32_t s, n, bit;

    for (s = 0u; s < TOS_COUNT_OF(bm_sizes); ++s) {
        n = bm_sizes[s];
        bm_tbl_prepare(n, 0u);
        KT_ASSERT_EQ(tos_bitmap_create_full(&bm, bm_tbl, n), K_ERR_NONE);
        for (bit = 0u; bit < n; ++bit) {
            KT_ASSERT_EQ(tos_bitmap_lsb(&bm), (int)bit);
            KT_ASSERT_EQ(tos_bitmap_reset(&bm, bit), K_ERR_NONE);
        }
        KT_ASSERT_EQ(tos_bitmap_lsb(&bm), (int)n);
        bm_sentinel_check(n);
    }
}

/* Even with padding bits written into the table behind the bitmap's back, lsb reports no bit
   at or past bit_max. */
KTEST(bitmap, lsb_ignores_padding_bits) {
    k_bitmap_t bm;
    uint32_t s, n, words;

    for (s = 0u; s < TOS_COUNT_OF(bm_sizes); ++s) {
        n = bm_sizes[s];
        if (bm_padding_mask(n) == 0u) {
            continue;
        }
        words = TOS_BITMAP_SIZE(n);
        bm_tbl_prepare(n, 0u);
        KT_ASSERT_EQ(tos_bitmap_create_empty(&bm, bm_tbl, n), K_ERR_NONE);
        /* Only the last padding bit (index 32 * words - 1, past bit_max unless a single
           padding bit exists), then all of them. */
        bm_tbl[words - 1u] |= 1u;
        KT_ASSERT_EQ(tos_bitmap_lsb(&bm), (int)n);
        bm_tbl[words - 1u] |= bm_padding_mask(n);
        KT_ASSERT_EQ(tos_bitmap_lsb(&bm), (int)n);
        KT_ASSERT_EQ(tos_bitmap_set(&bm, n - 1u), K_ERR_NONE);
        KT_ASSERT_EQ(tos_bitmap_lsb(&bm), (int)(n - 1u));
    }
}

KTEST(bitmap, null_bitmap) {
    KT_ASSERT_EQ(tos_bitmap_set(K_NULL, 0u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_bitmap_reset(K_NULL, 0u), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_bitmap_destroy(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_bitmap_is_set(K_NULL, 0u), K_FALSE);
    KT_ASSERT_EQ(tos_bitmap_is_reset(K_NULL, 0u), K_FALSE);
    KT_ASSERT_EQ(tos_bitmap_lsb(K_NULL), -1);
}

KTEST(bitmap, destroyed_bitmap_is_invalid) {
    k_bitmap_t bm;

    bm_tbl_prepare(10u, 0u);
    KT_ASSERT_EQ(tos_bitmap_create_full(&bm, bm_tbl, 10u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_bitmap_destroy(&bm), K_ERR_NONE);

    KT_ASSERT_EQ(tos_bitmap_set(&bm, 1u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_bitmap_reset(&bm, 1u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_bitmap_destroy(&bm), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_bitmap_is_set(&bm, 1u), K_FALSE);
    KT_ASSERT_EQ(tos_bitmap_is_reset(&bm, 1u), K_FALSE);
    KT_ASSERT_EQ(tos_bitmap_lsb(&bm), -1);

    /* Created again, it works. */
    KT_ASSERT_EQ(tos_bitmap_create_empty(&bm, bm_tbl, 10u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_bitmap_set(&bm, 9u), K_ERR_NONE);
    KT_ASSERT_EQ(tos_bitmap_lsb(&bm), 9);
}

KTEST(bitmap, never_created_bitmap_is_invalid) {
    k_bitmap_t bm;

    memset(&bm, 0, sizeof(bm));
    KT_ASSERT_EQ(tos_bitmap_set(&bm, 0u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_bitmap_reset(&bm, 0u), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_bitmap_destroy(&bm), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_bitmap_is_set(&bm, 0u), K_FALSE);
    KT_ASSERT_EQ(tos_bitmap_is_reset(&bm, 0u), K_FALSE);
    KT_ASSERT_EQ(tos_bitmap_lsb(&bm), -1);
}
