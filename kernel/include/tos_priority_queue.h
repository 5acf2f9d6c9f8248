/*
 * Priority queue: a fixed-capacity queue of fixed-size items copied by value, each enqueued
 * with a k_prio_t priority. Dequeue returns the most urgent item (the lowest priority number),
 * and among items of equal priority the one enqueued first (the queue is stable: FIFO within a
 * priority). Never blocks; every call is ISR-safe. The building block of the priority message
 * and mail queues.
 *
 * Storage is the caller's: `pool` holds the items (item_cnt * item_size bytes) and `mgr_array`
 * (TOS_PRIO_Q_MGR_ARRAY_SIZE(item_cnt) bytes, any alignment) holds the queue's bookkeeping:
 * a binary heap of (priority, arrival number, slot) entries and a free list of pool slots.
 * Items never move once enqueued; enqueue and dequeue are O(log n), flush is O(1).
 *
 * FIFO order among equal priorities is kept with a 56-bit arrival number that restarts
 * whenever the queue becomes empty: it holds for the first 2^56 enqueues without the queue
 * ever draining (over two thousand years at a million enqueues a second).
 */
#ifndef _TOS_PRIORITY_QUEUE_H_
#define _TOS_PRIORITY_QUEUE_H_

/* One heap entry of the manager array: the ordering key (priority in the top 8 bits, then the
   arrival number) and the pool slot of the item. */
typedef struct prio_q_heap_entry_st {
    uint64_t    key;
    size_t      slot;
} prio_q_heap_ent_t;

/* One free-list link of the manager array, per pool slot: the next free slot for a free slot,
   PRIO_Q_SLOT_TAKEN for a slot that holds an item. */
typedef size_t  prio_q_slot_link_t;

#define PRIO_Q_SLOT_NONE            ((size_t)-1)    /* end of the free list */
#define PRIO_Q_SLOT_TAKEN           ((size_t)-2)    /* link value of a slot holding an item */

/* Bytes of manager array a queue of `item_cnt` items needs. */
#define TOS_PRIO_Q_MGR_ARRAY_SIZE(item_cnt) \
    ((size_t)(item_cnt) * (sizeof(prio_q_heap_ent_t) + sizeof(prio_q_slot_link_t)))

typedef struct k_priority_queue_st {
    knl_obj_t       knl_obj;
    k_bin_heap_t    heap;           /* of prio_q_heap_ent_t, at the start of mgr_array */
    uint8_t        *links;          /* item_cnt prio_q_slot_link_t, after the heap entries */
    size_t          first_free;     /* head of the free list of recycled slots */
    size_t          fresh;          /* slots fresh .. item_cnt-1 have never been used */
    uint64_t        seq;            /* arrival number of the next item */
    size_t          item_cnt;
    size_t          item_size;
    uint8_t        *mgr_array;
    uint8_t        *pool;
} k_prio_q_t;

/**
 * @param mgr_array TOS_PRIO_Q_MGR_ARRAY_SIZE(item_cnt) bytes, for this queue only
 * @param pool      item_cnt * item_size bytes
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL (prio_q, mgr_array or pool);
 *         K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH (item_size 0); K_ERR_PRIO_Q_FULL (item_cnt 0:
 *         nothing would fit).
 */
__API__ k_err_t tos_prio_q_create(k_prio_q_t *prio_q, void *mgr_array, void *pool,
                                  size_t item_cnt, size_t item_size);

/** @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_OBJ_INVALID_ALLOC_TYPE
 *          (the queue was made by tos_prio_q_create_dyn). */
__API__ k_err_t tos_prio_q_destroy(k_prio_q_t *prio_q);

#if TOS_CFG_MMHEAP_EN > 0u
/** The manager array and the pool (not the k_prio_q_t) come from the kernel heap.
 *  @return as create, plus K_ERR_OUT_OF_MEMORY (also when a size overflows size_t). */
__API__ k_err_t tos_prio_q_create_dyn(k_prio_q_t *prio_q, size_t item_cnt, size_t item_size);
/** Frees both. @return as destroy (K_ERR_OBJ_INVALID_ALLOC_TYPE for a static queue). */
__API__ k_err_t tos_prio_q_destroy_dyn(k_prio_q_t *prio_q);
#endif

/**
 * Copy one item in with priority `prio` (any value; 0 is the most urgent).
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL (prio_q or item); K_ERR_OBJ_INVALID;
 *         K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH (item_size is not the queue's; checked first);
 *         K_ERR_PRIO_Q_FULL;
 *         K_ERR_PRIO_Q_SLOT_NOT_TAKEN: the queue has room but no pool slot could be taken,
 *         because the manager array no longer matches the queue: it was given to another
 *         queue too, or overwritten. Nothing is enqueued; tos_prio_q_flush() rebuilds the
 *         manager array (dropping every item).
 */
__API__ k_err_t tos_prio_q_enqueue(k_prio_q_t *prio_q, void *item, size_t item_size, k_prio_t prio);

/**
 * Copy the most urgent item (lowest priority number; the oldest among equals) out into `item`
 * and remove it. `*item_size` and `*prio` (each if not NULL) get its size and priority. On an
 * error none of them is written.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL (prio_q or item); K_ERR_OBJ_INVALID;
 *         K_ERR_PRIO_Q_EMPTY;
 *         K_ERR_PRIO_Q_SLOT_NOT_TAKEN: the most urgent entry names a pool slot that holds no
 *         item, because the manager array no longer matches the queue (shared with another
 *         queue, or overwritten). The bad entry is dropped, so the queue holds one item less.
 */
__API__ k_err_t tos_prio_q_dequeue(k_prio_q_t *prio_q, void *item, size_t *item_size, k_prio_t *prio);

/** Drop every item (and rebuild the manager array). O(1).
 *  @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID. */
__API__ k_err_t tos_prio_q_flush(k_prio_q_t *prio_q);

/** @return K_TRUE/K_FALSE; K_FALSE for a NULL or invalid queue. */
__API__ int tos_prio_q_is_empty(k_prio_q_t *prio_q);
__API__ int tos_prio_q_is_full(k_prio_q_t *prio_q);

/* For the blocking queues built on it: the geometry checks of create, in the documented order
   (K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH, K_ERR_PRIO_Q_FULL), then K_ERR_OUT_OF_MEMORY when the
   manager array or pool size does not fit in size_t. */
__KNL__ k_err_t prio_q_geometry_check(size_t item_cnt, size_t item_size);
/* Invalidate a checked queue made with allocation kind `alloc` without freeing anything, and
   hand back its manager array and pool. K_ERR_OBJ_INVALID if it is no longer such a queue
   (a concurrent destroy won). */
__KNL__ k_err_t prio_q_deinit(k_prio_q_t *prio_q, knl_obj_alloc_type_t alloc,
                              uint8_t **mgr_array, uint8_t **pool);

#endif /* _TOS_PRIORITY_QUEUE_H_ */
