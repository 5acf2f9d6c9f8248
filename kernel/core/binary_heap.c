/*
 * Binary heap of fixed-size items (see tos_binary_heap.h).
 *
 * The pool is an implicit complete binary tree: slot 0 is the root, the children of slot i are
 * 2i+1 and 2i+2. Invariant: no item must precede (by cmp) its parent, so slot 0 holds an item
 * that no other must precede.
 *
 * Both operations move a "hole" instead of swapping, so no scratch copy of an item is needed
 * (items may be of any size, and the kernel has no VLAs):
 *   push: the hole starts at the first free slot and climbs while the new item (still in the
 *         caller's buffer) must precede the hole's parent; parents slide down into the hole.
 *   pop:  after copying slot 0 out, the last item (left where it is) is sifted down from the
 *         root: the more urgent child slides up into the hole while it must precede the last
 *         item. The hole never reaches the last item's own slot, so it can be copied last.
 * Each is at most one copy and two comparisons per level: O(log n). Indexes are size_t, and
 * child indexes are formed only when they exist, so no index arithmetic can overflow.
 *
 * Locking as in the ring queue: argument and object checks first, then the heap state only
 * with interrupts masked; critical sections nest.
 */
#include "tos_k.h"

#define BIN_HEAP_SLOT(bin_heap, ndx)    (&(bin_heap)->pool[(ndx) * (bin_heap)->item_size])

__STATIC__ void bin_heap_fields_set(k_bin_heap_t *bin_heap, uint8_t *pool, size_t item_cnt,
                                    size_t item_size, k_bin_heap_cmp cmp)
{
    bin_heap->total     = 0u;
    bin_heap->item_cnt  = item_cnt;
    bin_heap->item_size = item_size;
    bin_heap->pool      = pool;
    bin_heap->cmp       = cmp;
}

/* The geometry checks shared by create and create_dyn, in the documented order. */
__STATIC__ k_err_t bin_heap_geometry_check(size_t item_cnt, size_t item_size)
{
    if (item_size == 0u) {
        return K_ERR_BIN_HEAP_ITEM_SIZE_NOT_MATCH;
    }
    if (item_cnt == 0u) {
        return K_ERR_BIN_HEAP_FULL;     /* nothing would ever fit */
    }
    return K_ERR_NONE;
}

/* Place `item` (outside the pool) into the heap of `total` items, growing it by one. */
__STATIC__ void bin_heap_sift_up(k_bin_heap_t *bin_heap, void *item)
{
    size_t hole = bin_heap->total;
    size_t parent;

    while (hole > 0u) {
        parent = (hole - 1u) / 2u;
        if (!bin_heap->cmp(item, BIN_HEAP_SLOT(bin_heap, parent))) {
            break;
        }
        memcpy(BIN_HEAP_SLOT(bin_heap, hole), BIN_HEAP_SLOT(bin_heap, parent), bin_heap->item_size);
        hole = parent;
    }
    memcpy(BIN_HEAP_SLOT(bin_heap, hole), item, bin_heap->item_size);
    ++bin_heap->total;
}

/* Slot 0 has been copied out: refill it from the last item and shrink the heap by one. */
__STATIC__ void bin_heap_sift_down(k_bin_heap_t *bin_heap)
{
    size_t last = bin_heap->total - 1u;     /* the last item's slot; also the new item count */
    size_t hole = 0u;
    size_t child;
    uint8_t *last_item = BIN_HEAP_SLOT(bin_heap, last);

    /* The heap keeps slots 0 .. last-1; `hole` has a child among them when 2*hole+1 < last,
       i.e. when hole <= (last-2)/2. */
    while (last >= 2u && hole <= (last - 2u) / 2u) {
        child = 2u * hole + 1u;
        if (child + 1u < last &&
            bin_heap->cmp(BIN_HEAP_SLOT(bin_heap, child + 1u), BIN_HEAP_SLOT(bin_heap, child))) {
            ++child;
        }
        if (!bin_heap->cmp(BIN_HEAP_SLOT(bin_heap, child), last_item)) {
            break;
        }
        memcpy(BIN_HEAP_SLOT(bin_heap, hole), BIN_HEAP_SLOT(bin_heap, child), bin_heap->item_size);
        hole = child;
    }
    if (hole != last) {
        memcpy(BIN_HEAP_SLOT(bin_heap, hole), last_item, bin_heap->item_size);
    }
    bin_heap->total = last;
}

__API__ k_err_t tos_bin_heap_create(k_bin_heap_t *bin_heap, void *pool, size_t item_cnt,
                                    size_t item_size, k_bin_heap_cmp cmp)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;

    TOS_PTR_SANITY_CHECK(bin_heap);
    TOS_PTR_SANITY_CHECK(pool);
    TOS_PTR_SANITY_CHECK(cmp);

    err = bin_heap_geometry_check(item_cnt, item_size);
    if (err != K_ERR_NONE) {
        return err;
    }

    TOS_CPU_INT_DISABLE();
    bin_heap_fields_set(bin_heap, (uint8_t *)pool, item_cnt, item_size, cmp);
    TOS_OBJ_INIT(bin_heap, KNL_OBJ_TYPE_BINARY_HEAP);
    TOS_CPU_INT_ENABLE();

    return K_ERR_NONE;
}

__API__ k_err_t tos_bin_heap_destroy(k_bin_heap_t *bin_heap)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_OBJ_CHECK(bin_heap, KNL_OBJ_TYPE_BINARY_HEAP);
    TOS_OBJ_STATIC_CHECK(bin_heap);

    TOS_CPU_INT_DISABLE();
    TOS_OBJ_DEINIT(bin_heap);
    bin_heap_fields_set(bin_heap, K_NULL, 0u, 0u, K_NULL);
    TOS_CPU_INT_ENABLE();

    return K_ERR_NONE;
}

#if TOS_CFG_MMHEAP_EN > 0u

__API__ k_err_t tos_bin_heap_create_dyn(k_bin_heap_t *bin_heap, size_t item_cnt,
                                        size_t item_size, k_bin_heap_cmp cmp)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;
    uint8_t *pool;

    TOS_PTR_SANITY_CHECK(bin_heap);
    TOS_PTR_SANITY_CHECK(cmp);

    err = bin_heap_geometry_check(item_cnt, item_size);
    if (err != K_ERR_NONE) {
        return err;
    }
    if (item_cnt > SIZE_MAX / item_size) {
        return K_ERR_OUT_OF_MEMORY;     /* the pool size is not even representable */
    }

    pool = (uint8_t *)tos_mmheap_alloc(item_cnt * item_size);
    if (pool == K_NULL) {
        return K_ERR_OUT_OF_MEMORY;
    }

    TOS_CPU_INT_DISABLE();
    bin_heap_fields_set(bin_heap, pool, item_cnt, item_size, cmp);
    knl_object_init(&bin_heap->knl_obj, KNL_OBJ_TYPE_BINARY_HEAP, KNL_OBJ_ALLOC_TYPE_DYNAMIC);
    TOS_CPU_INT_ENABLE();

    return K_ERR_NONE;
}

__API__ k_err_t tos_bin_heap_destroy_dyn(k_bin_heap_t *bin_heap)
{
    TOS_CPU_CPSR_ALLOC();
    uint8_t *pool;

    TOS_OBJ_CHECK(bin_heap, KNL_OBJ_TYPE_BINARY_HEAP);
    TOS_OBJ_DYNAMIC_CHECK(bin_heap);

    TOS_CPU_INT_DISABLE();
    pool = bin_heap->pool;
    TOS_OBJ_DEINIT(bin_heap);
    bin_heap_fields_set(bin_heap, K_NULL, 0u, 0u, K_NULL);
    TOS_CPU_INT_ENABLE();

    tos_mmheap_free(pool);

    return K_ERR_NONE;
}

#endif /* TOS_CFG_MMHEAP_EN */

__API__ k_err_t tos_bin_heap_push(k_bin_heap_t *bin_heap, void *item, size_t item_size)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_PTR_SANITY_CHECK(bin_heap);
    TOS_PTR_SANITY_CHECK(item);
    TOS_OBJ_VERIFY(bin_heap, KNL_OBJ_TYPE_BINARY_HEAP);

    if (item_size != bin_heap->item_size) {
        return K_ERR_BIN_HEAP_ITEM_SIZE_NOT_MATCH;
    }

    TOS_CPU_INT_DISABLE();

    if (bin_heap->total == bin_heap->item_cnt) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_BIN_HEAP_FULL;
    }
    bin_heap_sift_up(bin_heap, item);

    TOS_CPU_INT_ENABLE();

    return K_ERR_NONE;
}

__API__ k_err_t tos_bin_heap_pop(k_bin_heap_t *bin_heap, void *item, size_t *item_size)
{
    TOS_CPU_CPSR_ALLOC();
    size_t size;

    TOS_PTR_SANITY_CHECK(bin_heap);
    TOS_PTR_SANITY_CHECK(item);
    TOS_OBJ_VERIFY(bin_heap, KNL_OBJ_TYPE_BINARY_HEAP);

    TOS_CPU_INT_DISABLE();

    if (bin_heap->total == 0u) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_BIN_HEAP_EMPTY;
    }
    size = bin_heap->item_size;
    memcpy(item, BIN_HEAP_SLOT(bin_heap, 0u), size);
    bin_heap_sift_down(bin_heap);

    TOS_CPU_INT_ENABLE();

    if (item_size != K_NULL) {
        *item_size = size;
    }

    return K_ERR_NONE;
}

__API__ k_err_t tos_bin_heap_flush(k_bin_heap_t *bin_heap)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_OBJ_CHECK(bin_heap, KNL_OBJ_TYPE_BINARY_HEAP);

    TOS_CPU_INT_DISABLE();
    bin_heap->total = 0u;
    TOS_CPU_INT_ENABLE();

    return K_ERR_NONE;
}

__API__ int tos_bin_heap_is_empty(k_bin_heap_t *bin_heap)
{
    TOS_CPU_CPSR_ALLOC();
    int is_empty;

    TOS_OBJ_CHECK_RC(bin_heap, KNL_OBJ_TYPE_BINARY_HEAP, K_FALSE);

    TOS_CPU_INT_DISABLE();
    is_empty = (bin_heap->total == 0u) ? K_TRUE : K_FALSE;
    TOS_CPU_INT_ENABLE();

    return is_empty;
}

__API__ int tos_bin_heap_is_full(k_bin_heap_t *bin_heap)
{
    TOS_CPU_CPSR_ALLOC();
    int is_full;

    TOS_OBJ_CHECK_RC(bin_heap, KNL_OBJ_TYPE_BINARY_HEAP, K_FALSE);

    TOS_CPU_INT_DISABLE();
    is_full = (bin_heap->total == bin_heap->item_cnt) ? K_TRUE : K_FALSE;
    TOS_CPU_INT_ENABLE();

    return is_full;
}
