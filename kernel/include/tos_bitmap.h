/*
 * Bitmap over a caller-provided table of k_bmtbl_t words. Bit 0 is the most significant bit
 * of word 0 (TencentOS Tiny order). Bits of the last word past bit_max are never set, not even
 * by tos_bitmap_create_full. Not locked: serialise access yourself.
 */
#ifndef _TOS_BITMAP_H_
#define _TOS_BITMAP_H_

typedef uint32_t k_bmtbl_t;

#define K_BITMAP_SLOT_SIZE              (sizeof(k_bmtbl_t) * 8u)
#define K_BITMAP_TBL_SIZE(bit_max)      (((bit_max) + K_BITMAP_SLOT_SIZE - 1u) / K_BITMAP_SLOT_SIZE)
#define TOS_BITMAP_SIZE(bit_max)        K_BITMAP_TBL_SIZE(bit_max)
#define K_BITMAP_NDX(bit)               ((bit) / K_BITMAP_SLOT_SIZE)
#define K_BITMAP_BIT(bit)               ((k_bmtbl_t)1u << (K_BITMAP_SLOT_SIZE - 1u - ((bit) % K_BITMAP_SLOT_SIZE)))

typedef struct k_bitmap_st {
    knl_obj_t   knl_obj;
    uint32_t    bit_ndx_max;    /* words in the table */
    uint32_t    bit_max;        /* bits */
    k_bmtbl_t  *bitmap_tbl;
} k_bitmap_t;

/**
 * @param bitmap_tbl  TOS_BITMAP_SIZE(bit_max) words
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_BITMAP_EXCEED (bit_max 0, or above INT_MAX,
 *         which tos_bitmap_lsb could not report).
 */
__API__ k_err_t tos_bitmap_create_empty(k_bitmap_t *bitmap, k_bmtbl_t *bitmap_tbl, uint32_t bit_max);
__API__ k_err_t tos_bitmap_create_full(k_bitmap_t *bitmap, k_bmtbl_t *bitmap_tbl, uint32_t bit_max);
__API__ k_err_t tos_bitmap_destroy(k_bitmap_t *bitmap);

/** @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_BITMAP_EXCEED (bit >= bit_max). */
__API__ k_err_t tos_bitmap_set(k_bitmap_t *bitmap, uint32_t bit);
__API__ k_err_t tos_bitmap_reset(k_bitmap_t *bitmap, uint32_t bit);

/** @return K_TRUE/K_FALSE; K_FALSE for a bad bitmap or bit. */
__API__ int     tos_bitmap_is_set(k_bitmap_t *bitmap, uint32_t bit);
__API__ int     tos_bitmap_is_reset(k_bitmap_t *bitmap, uint32_t bit);

/** @return the lowest set bit; bit_max if none; -1 for a bad bitmap. */
__API__ int     tos_bitmap_lsb(k_bitmap_t *bitmap);

#endif /* _TOS_BITMAP_H_ */
