/*
 * Binary heap: a fixed-capacity priority container of fixed-size items copied by value into a
 * caller's pool, ordered by a caller's comparison. Never blocks; every call is ISR-safe.
 * The building block of the priority queue.
 *
 * Ordering convention: `cmp(a, b)` returns non-zero when item `a` must leave the heap before
 * item `b`, and 0 otherwise (in particular for items that rank equal). It must be a strict
 * weak ordering (never true for cmp(a, a); never true both ways). A pop returns an item that
 * no remaining item must precede: with `return *(int *)a < *(int *)b;` the smallest comes out
 * first. The order among items that rank equal is unspecified (the heap is not stable; the
 * priority queue adds FIFO order on top).
 *
 * `cmp` runs with interrupts masked, on pointers into the pool and to the caller's item: it
 * must be short, must not call the kernel, and must not assume more alignment than the pool
 * and the pushed items have.
 *
 * push and pop are O(log n) copies and comparisons; everything else is O(1).
 */
#ifndef _TOS_BINARY_HEAP_H_
#define _TOS_BINARY_HEAP_H_

typedef int (*k_bin_heap_cmp)(void *a, void *b);

typedef struct k_binary_heap_st {
    knl_obj_t       knl_obj;
    size_t          total;          /* items held; they occupy slots 0 .. total-1 */
    size_t          item_cnt;       /* capacity */
    size_t          item_size;
    uint8_t        *pool;
    k_bin_heap_cmp  cmp;
} k_bin_heap_t;

/**
 * @param pool  item_cnt * item_size bytes
 * @param cmp   the ordering (see above)
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL (bin_heap, pool or cmp);
 *         K_ERR_BIN_HEAP_ITEM_SIZE_NOT_MATCH (item_size 0); K_ERR_BIN_HEAP_FULL (item_cnt 0:
 *         nothing would fit).
 */
__API__ k_err_t tos_bin_heap_create(k_bin_heap_t *bin_heap, void *pool, size_t item_cnt,
                                    size_t item_size, k_bin_heap_cmp cmp);

/** @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_OBJ_INVALID_ALLOC_TYPE
 *          (the heap was made by tos_bin_heap_create_dyn). */
__API__ k_err_t tos_bin_heap_destroy(k_bin_heap_t *bin_heap);

#if TOS_CFG_MMHEAP_EN > 0u
/** The pool (not the k_bin_heap_t) comes from the kernel heap.
 *  @return as create, plus K_ERR_OUT_OF_MEMORY (also when item_cnt * item_size overflows). */
__API__ k_err_t tos_bin_heap_create_dyn(k_bin_heap_t *bin_heap, size_t item_cnt,
                                        size_t item_size, k_bin_heap_cmp cmp);
/** Frees the pool. @return as destroy (K_ERR_OBJ_INVALID_ALLOC_TYPE for a static heap). */
__API__ k_err_t tos_bin_heap_destroy_dyn(k_bin_heap_t *bin_heap);
#endif

/**
 * Copy one item in.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL (bin_heap or item); K_ERR_OBJ_INVALID;
 *         K_ERR_BIN_HEAP_ITEM_SIZE_NOT_MATCH (item_size is not the heap's; checked first);
 *         K_ERR_BIN_HEAP_FULL.
 */
__API__ k_err_t tos_bin_heap_push(k_bin_heap_t *bin_heap, void *item, size_t item_size);

/**
 * Copy the first item (see the ordering convention) out into `item` and remove it;
 * `*item_size` (if not NULL) gets its size. On an error neither is written.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL (bin_heap or item); K_ERR_OBJ_INVALID;
 *         K_ERR_BIN_HEAP_EMPTY.
 */
__API__ k_err_t tos_bin_heap_pop(k_bin_heap_t *bin_heap, void *item, size_t *item_size);

/** Drop every item. @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID. */
__API__ k_err_t tos_bin_heap_flush(k_bin_heap_t *bin_heap);

/** @return K_TRUE/K_FALSE; K_FALSE for a NULL or invalid heap. */
__API__ int tos_bin_heap_is_empty(k_bin_heap_t *bin_heap);
__API__ int tos_bin_heap_is_full(k_bin_heap_t *bin_heap);

#endif /* _TOS_BINARY_HEAP_H_ */
