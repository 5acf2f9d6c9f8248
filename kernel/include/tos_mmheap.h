/*
 * Kernel heap (TOS_CFG_MMHEAP_EN): a two-level segregated-fit (TLSF-class) allocator with O(1)
 * alloc and free over up to TOS_CFG_MMHEAP_POOL_MAX pools. Allocation calls are ISR-safe (short
 * critical sections); the statistics calls walk a whole pool with interrupts masked.
 *
 * Improvement over TencentOS Tiny: the control block is sized from
 * TOS_CFG_MMHEAP_POOL_SIZE_MAX (the largest pool it must manage), so a small heap has a small
 * control block; and tos_mmheap_free ignores pointers that are not live allocations instead of
 * corrupting the heap. That check is O(1) and therefore best effort: data that happens to look
 * like two consistent block headers, or a stale pointer to where a new block now starts, gets
 * through.
 */
#ifndef _TOS_MMHEAP_H_
#define _TOS_MMHEAP_H_

#if TOS_CFG_MMHEAP_EN > 0u

/* The pool tos_knl_init adds when TOS_CFG_MMHEAP_DEFAULT_POOL_EN is set. */
#if TOS_CFG_MMHEAP_DEFAULT_POOL_EN > 0u
extern uint8_t k_mmheap_default_pool[];
#endif

/* Smallest pool tos_mmheap_pool_add accepts: room for one block and the end marker. */
#define K_MMHEAP_POOL_SIZE_MIN      (5u * sizeof(void *))

/* Statistics of one pool or of all pools: payload bytes in use and free (block headers are
   not counted). */
typedef struct k_mmheap_information_st {
    uint32_t    used;
    uint32_t    free;
} k_mmheap_info_t;

/**
 * Give the heap another pool of memory. Checks in this order: NULL, alignment, size, then the
 * pool table.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_MMHEAP_INVALID_POOL_ADDR (misaligned);
 *         K_ERR_MMHEAP_INVALID_POOL_SIZE (too small, or larger than
 *         TOS_CFG_MMHEAP_POOL_SIZE_MAX); K_ERR_MMHEAP_POOL_OVERFLOW (TOS_CFG_MMHEAP_POOL_MAX
 *         pools already); K_ERR_MMHEAP_POOL_ALREADY_EXIST; K_ERR_MMHEAP_INVALID_POOL_ADDR
 *         (overlaps a pool).
 */
__API__ k_err_t tos_mmheap_pool_add(void *pool_start, size_t pool_size);

/**
 * Take a pool away; it must have nothing allocated from it.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_MMHEAP_POOL_NOT_EXIST;
 *         K_ERR_MMHEAP_INVALID_POOL_ADDR (blocks are still allocated from it: nothing removed).
 */
__API__ k_err_t tos_mmheap_pool_rmv(void *pool_start);

/** @return `size` bytes aligned to at least sizeof(void *), or NULL (size 0, no room). ISR-safe. */
__API__ void   *tos_mmheap_alloc(size_t size);
/** Zeroed num * size bytes; NULL on overflow or no room. */
__API__ void   *tos_mmheap_calloc(size_t num, size_t size);
/** `size` bytes aligned to `align` (a power of two; one at or below sizeof(void *) is plain
    alloc); NULL for size 0, a bad align, or no room. */
__API__ void   *tos_mmheap_aligned_alloc(size_t size, size_t align);
/** C realloc semantics: NULL ptr allocates, size 0 frees and returns NULL; on failure (or a
    ptr that is not an allocation) nothing changes and NULL is returned. */
__API__ void   *tos_mmheap_realloc(void *ptr, size_t size);
/** Return a block; NULL and pointers that are not live allocations are ignored. */
__API__ void    tos_mmheap_free(void *ptr);

/**
 * Statistics of the pool starting at `pool_start`.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_MMHEAP_POOL_NOT_EXIST.
 */
__API__ k_err_t tos_mmheap_pool_check(void *pool_start, k_mmheap_info_t *info);

/** Statistics summed over all pools. @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL. */
__API__ k_err_t tos_mmheap_check(k_mmheap_info_t *info);

/* ---- kernel-internal ---- */
/* Reset to no pools, then add the default pool if configured. */
__KNL__ k_err_t mmheap_init(void);

#endif

#endif /* _TOS_MMHEAP_H_ */
