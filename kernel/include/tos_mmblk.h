/*
 * Fixed-size block pool (TOS_CFG_MMBLK_EN): O(1) alloc and free, ISR-safe.
 */
#ifndef _TOS_MMBLK_H_
#define _TOS_MMBLK_H_

#if TOS_CFG_MMBLK_EN > 0u

#define K_MMBLK_ALIGN_MASK      (sizeof(void *) - 1u)

/* Apps may read pool_start, blk_size, blk_max and blk_free (Sprig: documented, read-only);
   everything else is the kernel's. */
typedef struct k_mmblk_pool_st {
    knl_obj_t   knl_obj;
    void       *pool_start;
    void       *free_list;
    size_t      blk_size;
    size_t      blk_max;
    size_t      blk_free;
} k_mmblk_pool_t;

/**
 * Carve `pool_start` (blk_num * blk_size bytes, pointer-aligned) into blocks.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_MMBLK_INVALID_POOL_ADDR (pool misaligned,
 *         blk_num 0, or a pool that would run past the end of memory);
 *         K_ERR_MMBLK_INVALID_BLK_SIZE (0 or not a multiple of sizeof(void *)).
 */
__API__ k_err_t tos_mmblk_pool_create(k_mmblk_pool_t *mbp, void *pool_start, size_t blk_num, size_t blk_size);

/** @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_OBJ_INVALID_ALLOC_TYPE. */
__API__ k_err_t tos_mmblk_pool_destroy(k_mmblk_pool_t *mbp);

#if TOS_CFG_MMHEAP_EN > 0u
/**
 * Pool and control block from the kernel heap; *mbp is NULL on failure.
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL; K_ERR_MMBLK_INVALID_BLK_SIZE;
 *         K_ERR_MMBLK_INVALID_POOL_ADDR (blk_num 0); K_ERR_MMBLK_OUT_OF_MEMORY;
 *         K_ERR_MMBLK_POOL_OUT_OF_MEMORY.
 */
__API__ k_err_t tos_mmblk_pool_create_dyn(k_mmblk_pool_t **mbp, size_t blk_num, size_t blk_size);
__API__ k_err_t tos_mmblk_pool_destroy_dyn(k_mmblk_pool_t *mbp);
#endif

/**
 * @return K_ERR_NONE (*blk = a block); K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID;
 *         K_ERR_MMBLK_POOL_EMPTY (*blk = NULL).
 */
__API__ k_err_t tos_mmblk_alloc(k_mmblk_pool_t *mbp, void **blk);

/**
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_MMBLK_INVALID_POOL_ADDR
 *         (`blk` is not a block of this pool); K_ERR_MMBLK_POOL_FULL (nothing is allocated).
 * A block freed twice while others are still allocated cannot be detected in O(1) and corrupts
 * the pool.
 */
__API__ k_err_t tos_mmblk_free(k_mmblk_pool_t *mbp, void *blk);

#endif

#endif /* _TOS_MMBLK_H_ */
