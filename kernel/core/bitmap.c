/*
 * Bitmap over a caller-provided table of k_bmtbl_t words (see tos_bitmap.h).
 *
 * Bit order is MSB-first: bit n lives in word n / 32 under the mask K_BITMAP_BIT(n), so bit 0 is
 * the most significant bit of word 0 and the lowest set bit is found with a count of leading
 * zeros on the first non-zero word.
 *
 * Padding bits (the bits of the last word past bit_max, when bit_max is not a multiple of 32)
 * are never set by this module: create_empty and create_full both leave them clear, and
 * set/reset refuse bits >= bit_max. The table is thus an exact image of the set. lsb does not
 * rely on that alone: a set bit found at or past bit_max (a table written behind the module's
 * back) is reported as "none", bit_max, never as a padding bit.
 *
 * Fixes over the reference: bit == bit_max is out of range (K_ERR_BITMAP_EXCEED), bit_max 0 is
 * refused at create, create_full leaves the padding clear, and lsb returns bit_max for "none"
 * whatever bit_max is.
 *
 * Not locked (as documented): callers serialise access.
 */
#include <limits.h>

#include "tos_k.h"

/* Words needed for bit_max bits, without overflowing near UINT32_MAX. */
__STATIC_INLINE__ uint32_t bitmap_words(uint32_t bit_max)
{
    return (uint32_t)(bit_max / K_BITMAP_SLOT_SIZE) + ((bit_max % K_BITMAP_SLOT_SIZE) != 0u ? 1u : 0u);
}

/* Leading zeros of a non-zero word. */
__STATIC__ uint32_t bitmap_clz(k_bmtbl_t word)
{
    uint32_t n = 0u;

    if ((word & 0xFFFF0000u) == 0u) {
        n += 16u;
        word <<= 16;
    }
    if ((word & 0xFF000000u) == 0u) {
        n += 8u;
        word <<= 8;
    }
    if ((word & 0xF0000000u) == 0u) {
        n += 4u;
        word <<= 4;
    }
    if ((word & 0xC0000000u) == 0u) {
        n += 2u;
        word <<= 2;
    }
    if ((word & 0x80000000u) == 0u) {
        n += 1u;
    }
    return n;
}

__STATIC__ k_err_t bitmap_create(k_bitmap_t *bitmap, k_bmtbl_t *bitmap_tbl, uint32_t bit_max,
                                 int full)
{
    uint32_t words, i, tail_bits;

    TOS_PTR_SANITY_CHECK(bitmap);
    TOS_PTR_SANITY_CHECK(bitmap_tbl);

    if (bit_max == 0u || bit_max > (uint32_t)INT_MAX) {   /* lsb reports bits as int */
        return K_ERR_BITMAP_EXCEED;
    }

    words = bitmap_words(bit_max);
    for (i = 0u; i < words; ++i) {
        bitmap_tbl[i] = full ? ~(k_bmtbl_t)0u : (k_bmtbl_t)0u;
    }

    /* create_full: only the bits below bit_max, not the padding of the last word. */
    tail_bits = (uint32_t)(bit_max % K_BITMAP_SLOT_SIZE);
    if (full && tail_bits != 0u) {
        bitmap_tbl[words - 1u] = ~(k_bmtbl_t)0u << (K_BITMAP_SLOT_SIZE - tail_bits);
    }

    bitmap->bit_ndx_max = words;
    bitmap->bit_max     = bit_max;
    bitmap->bitmap_tbl  = bitmap_tbl;
    TOS_OBJ_INIT(bitmap, KNL_OBJ_TYPE_BITMAP);

    return K_ERR_NONE;
}

__API__ k_err_t tos_bitmap_create_empty(k_bitmap_t *bitmap, k_bmtbl_t *bitmap_tbl, uint32_t bit_max)
{
    return bitmap_create(bitmap, bitmap_tbl, bit_max, K_FALSE);
}

__API__ k_err_t tos_bitmap_create_full(k_bitmap_t *bitmap, k_bmtbl_t *bitmap_tbl, uint32_t bit_max)
{
    return bitmap_create(bitmap, bitmap_tbl, bit_max, K_TRUE);
}

__API__ k_err_t tos_bitmap_destroy(k_bitmap_t *bitmap)
{
    TOS_OBJ_CHECK(bitmap, KNL_OBJ_TYPE_BITMAP);

    TOS_OBJ_DEINIT(bitmap);
    bitmap->bit_ndx_max = 0u;
    bitmap->bit_max     = 0u;
    bitmap->bitmap_tbl  = K_NULL;

    return K_ERR_NONE;
}

__API__ k_err_t tos_bitmap_set(k_bitmap_t *bitmap, uint32_t bit)
{
    TOS_OBJ_CHECK(bitmap, KNL_OBJ_TYPE_BITMAP);

    if (bit >= bitmap->bit_max) {
        return K_ERR_BITMAP_EXCEED;
    }

    bitmap->bitmap_tbl[K_BITMAP_NDX(bit)] |= K_BITMAP_BIT(bit);

    return K_ERR_NONE;
}

__API__ k_err_t tos_bitmap_reset(k_bitmap_t *bitmap, uint32_t bit)
{
    TOS_OBJ_CHECK(bitmap, KNL_OBJ_TYPE_BITMAP);

    if (bit >= bitmap->bit_max) {
        return K_ERR_BITMAP_EXCEED;
    }

    bitmap->bitmap_tbl[K_BITMAP_NDX(bit)] &= ~K_BITMAP_BIT(bit);

    return K_ERR_NONE;
}

__API__ int tos_bitmap_is_set(k_bitmap_t *bitmap, uint32_t bit)
{
    TOS_OBJ_CHECK_RC(bitmap, KNL_OBJ_TYPE_BITMAP, K_FALSE);

    if (bit >= bitmap->bit_max) {
        return K_FALSE;
    }

    return (bitmap->bitmap_tbl[K_BITMAP_NDX(bit)] & K_BITMAP_BIT(bit)) != 0u ? K_TRUE : K_FALSE;
}

__API__ int tos_bitmap_is_reset(k_bitmap_t *bitmap, uint32_t bit)
{
    TOS_OBJ_CHECK_RC(bitmap, KNL_OBJ_TYPE_BITMAP, K_FALSE);

    if (bit >= bitmap->bit_max) {
        return K_FALSE;
    }

    return (bitmap->bitmap_tbl[K_BITMAP_NDX(bit)] & K_BITMAP_BIT(bit)) == 0u ? K_TRUE : K_FALSE;
}

__API__ int tos_bitmap_lsb(k_bitmap_t *bitmap)
{
    uint32_t i, bit;
    k_bmtbl_t word;

    TOS_OBJ_CHECK_RC(bitmap, KNL_OBJ_TYPE_BITMAP, -1);

    for (i = 0u; i < bitmap->bit_ndx_max; ++i) {
        word = bitmap->bitmap_tbl[i];
        if (word != 0u) {
            bit = i * (uint32_t)K_BITMAP_SLOT_SIZE + bitmap_clz(word);
            /* The lowest set bit is a padding bit: no bit below bit_max is set. */
            return (int)(bit < bitmap->bit_max ? bit : bitmap->bit_max);
        }
    }

    return (int)bitmap->bit_max;
}
