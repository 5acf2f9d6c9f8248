/*
 * Ring queue: a fixed-capacity FIFO of fixed-size items copied by value (see tos_ring_queue.h).
 *
 * The pool holds item_cnt slots of item_size bytes. `head` is the slot of the oldest item,
 * `tail` the next free slot and `total` the item count, so full and empty are told apart by
 * `total` alone and every slot is usable. Indexes are size_t (the reference's 16-bit indexes
 * broke past 65535 items).
 *
 * Locking: argument and object checks run first (they only read what create wrote); everything
 * that reads or writes the queue state runs with interrupts masked, so any call may come from
 * an ISR. Critical sections nest (each restores what it saved), so callers may hold one.
 */
#include "tos_k.h"

/* Address of slot `ndx`. */
#define RING_Q_SLOT(ring_q, ndx)    (&(ring_q)->pool[(ndx) * (ring_q)->item_size])

__STATIC_INLINE__ size_t ring_q_next(const k_ring_q_t *ring_q, size_t ndx)
{
    ++ndx;
    return (ndx == ring_q->item_cnt) ? 0u : ndx;
}

__STATIC__ void ring_q_fields_set(k_ring_q_t *ring_q, uint8_t *pool, size_t item_cnt,
                                  size_t item_size)
{
    ring_q->head        = 0u;
    ring_q->tail        = 0u;
    ring_q->total       = 0u;
    ring_q->pool        = pool;
    ring_q->item_size   = item_size;
    ring_q->item_cnt    = item_cnt;
}

/* The geometry checks shared by create and create_dyn, in the documented order. */
__STATIC__ k_err_t ring_q_geometry_check(size_t item_cnt, size_t item_size)
{
    if (item_size == 0u) {
        return K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH;
    }
    if (item_cnt == 0u) {
        return K_ERR_RING_Q_FULL;   /* nothing would ever fit */
    }
    return K_ERR_NONE;
}

__API__ k_err_t tos_ring_q_create(k_ring_q_t *ring_q, void *pool, size_t item_cnt, size_t item_size)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;

    TOS_PTR_SANITY_CHECK(ring_q);
    TOS_PTR_SANITY_CHECK(pool);

    err = ring_q_geometry_check(item_cnt, item_size);
    if (err != K_ERR_NONE) {
        return err;
    }

    TOS_CPU_INT_DISABLE();
    ring_q_fields_set(ring_q, (uint8_t *)pool, item_cnt, item_size);
    TOS_OBJ_INIT(ring_q, KNL_OBJ_TYPE_RING_QUEUE);
    TOS_CPU_INT_ENABLE();

    return K_ERR_NONE;
}

__API__ k_err_t tos_ring_q_destroy(k_ring_q_t *ring_q)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_OBJ_CHECK(ring_q, KNL_OBJ_TYPE_RING_QUEUE);
    TOS_OBJ_STATIC_CHECK(ring_q);

    TOS_CPU_INT_DISABLE();
    TOS_OBJ_DEINIT(ring_q);
    ring_q_fields_set(ring_q, K_NULL, 0u, 0u);
    TOS_CPU_INT_ENABLE();

    return K_ERR_NONE;
}

#if TOS_CFG_MMHEAP_EN > 0u

__API__ k_err_t tos_ring_q_create_dyn(k_ring_q_t *ring_q, size_t item_cnt, size_t item_size)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;
    uint8_t *pool;

    TOS_PTR_SANITY_CHECK(ring_q);

    err = ring_q_geometry_check(item_cnt, item_size);
    if (err != K_ERR_NONE) {
        return err;
    }
    if (item_cnt > SIZE_MAX / item_size) {
        return K_ERR_OUT_OF_MEMORY;     /* the pool size is not even representable */
    }

    /* The heap does its own locking; only publishing the queue needs ours. */
    pool = (uint8_t *)tos_mmheap_alloc(item_cnt * item_size);
    if (pool == K_NULL) {
        return K_ERR_OUT_OF_MEMORY;
    }

    TOS_CPU_INT_DISABLE();
    ring_q_fields_set(ring_q, pool, item_cnt, item_size);
    knl_object_init(&ring_q->knl_obj, KNL_OBJ_TYPE_RING_QUEUE, KNL_OBJ_ALLOC_TYPE_DYNAMIC);
    TOS_CPU_INT_ENABLE();

    return K_ERR_NONE;
}

__API__ k_err_t tos_ring_q_destroy_dyn(k_ring_q_t *ring_q)
{
    TOS_CPU_CPSR_ALLOC();
    uint8_t *pool;

    TOS_OBJ_CHECK(ring_q, KNL_OBJ_TYPE_RING_QUEUE);
    TOS_OBJ_DYNAMIC_CHECK(ring_q);

    TOS_CPU_INT_DISABLE();
    pool = ring_q->pool;
    TOS_OBJ_DEINIT(ring_q);
    ring_q_fields_set(ring_q, K_NULL, 0u, 0u);
    TOS_CPU_INT_ENABLE();

    tos_mmheap_free(pool);

    return K_ERR_NONE;
}

#endif /* TOS_CFG_MMHEAP_EN */

__API__ k_err_t tos_ring_q_enqueue(k_ring_q_t *ring_q, void *item, size_t item_size)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_PTR_SANITY_CHECK(ring_q);
    TOS_PTR_SANITY_CHECK(item);
    TOS_OBJ_VERIFY(ring_q, KNL_OBJ_TYPE_RING_QUEUE);

    if (item_size != ring_q->item_size) {
        return K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH;
    }

    TOS_CPU_INT_DISABLE();

    if (ring_q->total == ring_q->item_cnt) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_RING_Q_FULL;
    }

    memcpy(RING_Q_SLOT(ring_q, ring_q->tail), item, ring_q->item_size);
    ring_q->tail = ring_q_next(ring_q, ring_q->tail);
    ++ring_q->total;

    TOS_CPU_INT_ENABLE();

    return K_ERR_NONE;
}

__API__ k_err_t tos_ring_q_dequeue(k_ring_q_t *ring_q, void *item, size_t *item_size)
{
    TOS_CPU_CPSR_ALLOC();
    size_t size;

    TOS_PTR_SANITY_CHECK(ring_q);
    TOS_PTR_SANITY_CHECK(item);
    TOS_OBJ_VERIFY(ring_q, KNL_OBJ_TYPE_RING_QUEUE);

    TOS_CPU_INT_DISABLE();

    if (ring_q->total == 0u) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_RING_Q_EMPTY;
    }

    size = ring_q->item_size;
    memcpy(item, RING_Q_SLOT(ring_q, ring_q->head), size);
    ring_q->head = ring_q_next(ring_q, ring_q->head);
    --ring_q->total;

    TOS_CPU_INT_ENABLE();

    if (item_size != K_NULL) {
        *item_size = size;
    }

    return K_ERR_NONE;
}

__API__ k_err_t tos_ring_q_flush(k_ring_q_t *ring_q)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_OBJ_CHECK(ring_q, KNL_OBJ_TYPE_RING_QUEUE);

    TOS_CPU_INT_DISABLE();
    ring_q->head    = 0u;
    ring_q->tail    = 0u;
    ring_q->total   = 0u;
    TOS_CPU_INT_ENABLE();

    return K_ERR_NONE;
}

__API__ int tos_ring_q_is_empty(k_ring_q_t *ring_q)
{
    TOS_CPU_CPSR_ALLOC();
    int is_empty;

    TOS_OBJ_CHECK_RC(ring_q, KNL_OBJ_TYPE_RING_QUEUE, K_FALSE);

    TOS_CPU_INT_DISABLE();
    is_empty = (ring_q->total == 0u) ? K_TRUE : K_FALSE;
    TOS_CPU_INT_ENABLE();

    return is_empty;
}

__API__ int tos_ring_q_is_full(k_ring_q_t *ring_q)
{
    TOS_CPU_CPSR_ALLOC();
    int is_full;

    TOS_OBJ_CHECK_RC(ring_q, KNL_OBJ_TYPE_RING_QUEUE, K_FALSE);

    TOS_CPU_INT_DISABLE();
    is_full = (ring_q->total == ring_q->item_cnt) ? K_TRUE : K_FALSE;
    TOS_CPU_INT_ENABLE();

    return is_full;
}
