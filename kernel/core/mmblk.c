/*
 * Fixed-size block pool (see tos_mmblk.h).
 *
 * The free blocks form a singly linked list threaded through the blocks themselves: the first
 * pointer-sized word of a free block holds the address of the next free block (NULL ends the
 * list). alloc pops the head, free pushes onto it: both O(1). The links are read and written
 * with memcpy, so the caller's pool may be declared with any element type.
 *
 * Fixes over the reference: mbp is NULL-checked, blk_num 0 and pools that would wrap the
 * address space are rejected, free rejects pointers that are not blocks of the pool (outside
 * it or off a block boundary), and create_dyn does not leak the control block when the pool
 * allocation fails. A double free is caught when it would make the pool hold more free blocks
 * than it has (K_ERR_MMBLK_POOL_FULL); catching every double free would need per-block state.
 *
 * Locking: the checks that only read what create wrote run first; everything touching the free
 * list or the counts runs with interrupts masked, so alloc and free may be called from an ISR.
 */
#include "tos_k.h"

#if TOS_CFG_MMBLK_EN > 0u

__STATIC_INLINE__ void *mmblk_link_get(const void *blk)
{
    void *next;

    memcpy(&next, blk, sizeof(next));
    return next;
}

__STATIC_INLINE__ void mmblk_link_set(void *blk, void *next)
{
    memcpy(blk, &next, sizeof(next));
}

/* blk_size and blk_num checks shared by create and create_dyn, in the documented order. */
__STATIC__ k_err_t mmblk_geometry_check(size_t blk_num, size_t blk_size)
{
    if (blk_size == 0u || (blk_size & K_MMBLK_ALIGN_MASK) != 0u) {
        return K_ERR_MMBLK_INVALID_BLK_SIZE;
    }
    if (blk_num == 0u) {
        return K_ERR_MMBLK_INVALID_POOL_ADDR;
    }
    return K_ERR_NONE;
}

/* Thread the free list through blk_num blocks starting at pool_start (blk_num > 0). */
__STATIC__ void mmblk_free_list_build(void *pool_start, size_t blk_num, size_t blk_size)
{
    uint8_t *blk = (uint8_t *)pool_start;
    size_t i;

    for (i = 1u; i < blk_num; ++i) {
        mmblk_link_set(blk, blk + blk_size);
        blk += blk_size;
    }
    mmblk_link_set(blk, K_NULL);
}

/* Link the pool, then publish it. The list is built before interrupts are masked: the object
   is not valid yet, so nobody else may be using it. */
__STATIC__ void mmblk_pool_setup(k_mmblk_pool_t *mbp, void *pool_start, size_t blk_num,
                                 size_t blk_size, knl_obj_alloc_type_t alloc_type)
{
    TOS_CPU_CPSR_ALLOC();

    mmblk_free_list_build(pool_start, blk_num, blk_size);

    TOS_CPU_INT_DISABLE();
    mbp->pool_start = pool_start;
    mbp->free_list  = pool_start;
    mbp->blk_size   = blk_size;
    mbp->blk_max    = blk_num;
    mbp->blk_free   = blk_num;
    knl_object_init(&mbp->knl_obj, KNL_OBJ_TYPE_MMBLK_POOL, alloc_type);
    TOS_CPU_INT_ENABLE();
}

/* Invalidate the pool; returns its memory (for destroy_dyn). */
__STATIC__ void *mmblk_pool_teardown(k_mmblk_pool_t *mbp)
{
    TOS_CPU_CPSR_ALLOC();
    void *pool_start;

    TOS_CPU_INT_DISABLE();
    pool_start = mbp->pool_start;
    TOS_OBJ_DEINIT(mbp);
    mbp->pool_start = K_NULL;
    mbp->free_list  = K_NULL;
    mbp->blk_size   = 0u;
    mbp->blk_max    = 0u;
    mbp->blk_free   = 0u;
    TOS_CPU_INT_ENABLE();

    return pool_start;
}

__API__ k_err_t tos_mmblk_pool_create(k_mmblk_pool_t *mbp, void *pool_start, size_t blk_num, size_t blk_size)
{
    k_err_t err;

    TOS_PTR_SANITY_CHECK(mbp);
    TOS_PTR_SANITY_CHECK(pool_start);

    if (((uintptr_t)pool_start & K_MMBLK_ALIGN_MASK) != 0u) {
        return K_ERR_MMBLK_INVALID_POOL_ADDR;
    }

    err = mmblk_geometry_check(blk_num, blk_size);
    if (err != K_ERR_NONE) {
        return err;
    }

    /* The pool must not run past the end of the address space (free's range check relies on
       pool_start + blk_num * blk_size not wrapping). */
    if (blk_num > (UINTPTR_MAX - (uintptr_t)pool_start) / blk_size) {
        return K_ERR_MMBLK_INVALID_POOL_ADDR;
    }

    mmblk_pool_setup(mbp, pool_start, blk_num, blk_size, KNL_OBJ_ALLOC_TYPE_STATIC);

    return K_ERR_NONE;
}

__API__ k_err_t tos_mmblk_pool_destroy(k_mmblk_pool_t *mbp)
{
    TOS_OBJ_CHECK(mbp, KNL_OBJ_TYPE_MMBLK_POOL);
    TOS_OBJ_STATIC_CHECK(mbp);

    (void)mmblk_pool_teardown(mbp);

    return K_ERR_NONE;
}

#if TOS_CFG_MMHEAP_EN > 0u

__API__ k_err_t tos_mmblk_pool_create_dyn(k_mmblk_pool_t **mbp, size_t blk_num, size_t blk_size)
{
    k_err_t err;
    k_mmblk_pool_t *the_mbp;
    void *pool_start;

    TOS_IN_IRQ_CHECK();
    TOS_PTR_SANITY_CHECK(mbp);

    *mbp = K_NULL;

    err = mmblk_geometry_check(blk_num, blk_size);
    if (err != K_ERR_NONE) {
        return err;
    }
    if (blk_num > SIZE_MAX / blk_size) {
        return K_ERR_MMBLK_POOL_OUT_OF_MEMORY;  /* the pool size is not even representable */
    }

    the_mbp = (k_mmblk_pool_t *)tos_mmheap_alloc(sizeof(k_mmblk_pool_t));
    if (the_mbp == K_NULL) {
        return K_ERR_MMBLK_OUT_OF_MEMORY;
    }

    /* The heap returns pointer-aligned memory, as the block links need. */
    pool_start = tos_mmheap_alloc(blk_num * blk_size);
    if (pool_start == K_NULL) {
        tos_mmheap_free(the_mbp);
        return K_ERR_MMBLK_POOL_OUT_OF_MEMORY;
    }

    mmblk_pool_setup(the_mbp, pool_start, blk_num, blk_size, KNL_OBJ_ALLOC_TYPE_DYNAMIC);
    *mbp = the_mbp;

    return K_ERR_NONE;
}

__API__ k_err_t tos_mmblk_pool_destroy_dyn(k_mmblk_pool_t *mbp)
{
    void *pool_start;

    TOS_OBJ_CHECK(mbp, KNL_OBJ_TYPE_MMBLK_POOL);
    TOS_OBJ_DYNAMIC_CHECK(mbp);

    pool_start = mmblk_pool_teardown(mbp);

    tos_mmheap_free(pool_start);
    tos_mmheap_free(mbp);

    return K_ERR_NONE;
}

#endif /* TOS_CFG_MMHEAP_EN */

__API__ k_err_t tos_mmblk_alloc(k_mmblk_pool_t *mbp, void **blk)
{
    TOS_CPU_CPSR_ALLOC();
    void *the_blk;

    TOS_PTR_SANITY_CHECK(mbp);
    TOS_PTR_SANITY_CHECK(blk);
    TOS_OBJ_VERIFY(mbp, KNL_OBJ_TYPE_MMBLK_POOL);

    TOS_CPU_INT_DISABLE();

    the_blk = mbp->free_list;
    if (mbp->blk_free == 0u || the_blk == K_NULL) {
        TOS_CPU_INT_ENABLE();
        *blk = K_NULL;
        return K_ERR_MMBLK_POOL_EMPTY;
    }

    mbp->free_list = mmblk_link_get(the_blk);
    --mbp->blk_free;

    TOS_CPU_INT_ENABLE();

    *blk = the_blk;

    return K_ERR_NONE;
}

__API__ k_err_t tos_mmblk_free(k_mmblk_pool_t *mbp, void *blk)
{
    TOS_CPU_CPSR_ALLOC();
    uintptr_t start, offset;

    TOS_PTR_SANITY_CHECK(mbp);
    TOS_PTR_SANITY_CHECK(blk);
    TOS_OBJ_VERIFY(mbp, KNL_OBJ_TYPE_MMBLK_POOL);

    /* A block of this pool: inside it and on a block boundary. */
    start = (uintptr_t)mbp->pool_start;
    if ((uintptr_t)blk < start) {
        return K_ERR_MMBLK_INVALID_POOL_ADDR;
    }
    offset = (uintptr_t)blk - start;
    if (offset / mbp->blk_size >= mbp->blk_max || offset % mbp->blk_size != 0u) {
        return K_ERR_MMBLK_INVALID_POOL_ADDR;
    }

    TOS_CPU_INT_DISABLE();

    if (mbp->blk_free >= mbp->blk_max) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_MMBLK_POOL_FULL;
    }

    mmblk_link_set(blk, mbp->free_list);
    mbp->free_list = blk;
    ++mbp->blk_free;

    TOS_CPU_INT_ENABLE();

    return K_ERR_NONE;
}

#endif /* TOS_CFG_MMBLK_EN */
