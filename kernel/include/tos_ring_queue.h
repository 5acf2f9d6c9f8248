/*
 * Ring queue: a fixed-capacity FIFO of fixed-size items copied by value. Never blocks;
 * every call is ISR-safe. The building block of the message and mail queues and the char fifo.
 */
#ifndef _TOS_RING_QUEUE_H_
#define _TOS_RING_QUEUE_H_

typedef struct k_ring_queue_st {
    knl_obj_t   knl_obj;
    size_t      head;           /* next item to dequeue */
    size_t      tail;           /* next free slot */
    size_t      total;          /* items queued */
    uint8_t    *pool;
    size_t      item_size;
    size_t      item_cnt;
} k_ring_q_t;

/**
 * @param pool  item_cnt * item_size bytes
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL (ring_q or pool); K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH
 *         (item_size 0); K_ERR_RING_Q_FULL (item_cnt 0: nothing would fit).
 */
__API__ k_err_t tos_ring_q_create(k_ring_q_t *ring_q, void *pool, size_t item_cnt, size_t item_size);
__API__ k_err_t tos_ring_q_destroy(k_ring_q_t *ring_q);

#if TOS_CFG_MMHEAP_EN > 0u
/** The pool comes from the kernel heap. @return as create, plus K_ERR_OUT_OF_MEMORY. */
__API__ k_err_t tos_ring_q_create_dyn(k_ring_q_t *ring_q, size_t item_cnt, size_t item_size);
__API__ k_err_t tos_ring_q_destroy_dyn(k_ring_q_t *ring_q);
#endif

/**
 * Copy one item in at the tail.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH;
 *         K_ERR_RING_Q_FULL.
 */
__API__ k_err_t tos_ring_q_enqueue(k_ring_q_t *ring_q, void *item, size_t item_size);

/**
 * Copy the head item out; `*item_size` (if not NULL) gets its size.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_RING_Q_EMPTY.
 */
__API__ k_err_t tos_ring_q_dequeue(k_ring_q_t *ring_q, void *item, size_t *item_size);

/** Drop every item. @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID. */
__API__ k_err_t tos_ring_q_flush(k_ring_q_t *ring_q);

/** @return K_TRUE/K_FALSE; K_FALSE for a NULL or invalid queue. */
__API__ int tos_ring_q_is_empty(k_ring_q_t *ring_q);
__API__ int tos_ring_q_is_full(k_ring_q_t *ring_q);

#endif /* _TOS_RING_QUEUE_H_ */
