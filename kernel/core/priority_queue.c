/*
 * Priority queue (see tos_priority_queue.h).
 *
 * Items stay in their pool slot from enqueue to dequeue; only small entries move:
 *   - the heap (a k_bin_heap_t over the start of the manager array) holds one entry per item:
 *     a 64-bit key, priority in the top 8 bits and the queue's arrival number below, plus the
 *     item's slot. Keys are unique and order by priority first, then arrival, so the heap's
 *     unstable order is never visible: the first entry is the most urgent, oldest item.
 *   - the links (after the heap entries) record per slot either the next free slot (slots are
 *     recycled through a LIFO free list) or PRIO_Q_SLOT_TAKEN while the slot holds an item.
 *     Slots from `fresh` up have never been used and are handed out in order when the free
 *     list is empty, so create and flush need not initialise the array: both are O(1).
 *
 * The manager array belongs to the queue, but it is the caller's memory: every slot number
 * read from it is range-checked against `fresh` and its link checked before it is used, so an
 * array shared with another queue or overwritten yields K_ERR_PRIO_Q_SLOT_NOT_TAKEN, never a
 * write outside the pool. (Not every corruption can be detected; none can make the queue
 * write outside its memory.)
 *
 * The manager array may have any alignment: entries and links are only accessed with memcpy.
 *
 * Locking: argument and object checks first; all queue state with interrupts masked (the
 * inner heap's own critical sections nest inside ours).
 */
#include "tos_k.h"

#define PRIO_Q_SEQ_BITS     56u
#define PRIO_Q_SEQ_MASK     ((((uint64_t)1u) << PRIO_Q_SEQ_BITS) - 1u)

#define PRIO_Q_ITEM(prio_q, slot)   (&(prio_q)->pool[(slot) * (prio_q)->item_size])

__STATIC_INLINE__ size_t prio_q_link_get(const k_prio_q_t *prio_q, size_t slot)
{
    prio_q_slot_link_t link;

    memcpy(&link, &prio_q->links[slot * sizeof(prio_q_slot_link_t)], sizeof(link));
    return link;
}

__STATIC_INLINE__ void prio_q_link_set(k_prio_q_t *prio_q, size_t slot, size_t link)
{
    prio_q_slot_link_t value = link;

    memcpy(&prio_q->links[slot * sizeof(prio_q_slot_link_t)], &value, sizeof(value));
}

/* The heap's order: the smaller key leaves first. Entries may be unaligned. */
__STATIC__ int prio_q_entry_cmp(void *a, void *b)
{
    uint64_t key_a, key_b;

    memcpy(&key_a, (uint8_t *)a + offsetof(prio_q_heap_ent_t, key), sizeof(key_a));
    memcpy(&key_b, (uint8_t *)b + offsetof(prio_q_heap_ent_t, key), sizeof(key_b));
    return key_a < key_b;
}

__STATIC__ void prio_q_books_reset(k_prio_q_t *prio_q)
{
    prio_q->first_free  = PRIO_Q_SLOT_NONE;
    prio_q->fresh       = 0u;
    prio_q->seq         = 0u;
}

__STATIC__ void prio_q_fields_set(k_prio_q_t *prio_q, uint8_t *mgr_array, uint8_t *pool,
                                  size_t item_cnt, size_t item_size)
{
    prio_q_books_reset(prio_q);
    prio_q->item_cnt    = item_cnt;
    prio_q->item_size   = item_size;
    prio_q->mgr_array   = mgr_array;
    prio_q->pool        = pool;
    prio_q->links       = mgr_array ? &mgr_array[item_cnt * sizeof(prio_q_heap_ent_t)] : K_NULL;
}

__KNL__ k_err_t prio_q_geometry_check(size_t item_cnt, size_t item_size)
{
    if (item_size == 0u) {
        return K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH;
    }
    if (item_cnt == 0u) {
        return K_ERR_PRIO_Q_FULL;       /* nothing would ever fit */
    }
    if (item_cnt > SIZE_MAX / item_size ||
        item_cnt > SIZE_MAX / (sizeof(prio_q_heap_ent_t) + sizeof(prio_q_slot_link_t))) {
        return K_ERR_OUT_OF_MEMORY;     /* a size is not even representable */
    }
    return K_ERR_NONE;
}

/* Set up a queue whose geometry has been checked; `alloc` is the object's allocation kind. */
__STATIC__ void prio_q_init(k_prio_q_t *prio_q, uint8_t *mgr_array, uint8_t *pool,
                            size_t item_cnt, size_t item_size, knl_obj_alloc_type_t alloc)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;

    TOS_CPU_INT_DISABLE();
    prio_q_fields_set(prio_q, mgr_array, pool, item_cnt, item_size);
    err = tos_bin_heap_create(&prio_q->heap, mgr_array, item_cnt, sizeof(prio_q_heap_ent_t),
                              prio_q_entry_cmp);
    TOS_ASSERT(err == K_ERR_NONE);
    knl_object_init(&prio_q->knl_obj, KNL_OBJ_TYPE_PRIORITY_QUEUE, alloc);
    TOS_CPU_INT_ENABLE();
}

__KNL__ k_err_t prio_q_deinit(k_prio_q_t *prio_q, knl_obj_alloc_type_t alloc,
                              uint8_t **mgr_array, uint8_t **pool)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_CPU_INT_DISABLE();
    /* re-checked here: a concurrent destroy may have won since the caller's checks */
    if (!knl_object_verify(&prio_q->knl_obj, KNL_OBJ_TYPE_PRIORITY_QUEUE) ||
        prio_q->knl_obj.alloc_type != alloc) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_OBJ_INVALID;
    }
    *mgr_array  = prio_q->mgr_array;
    *pool       = prio_q->pool;
    TOS_OBJ_DEINIT(prio_q);
    (void)tos_bin_heap_destroy(&prio_q->heap);
    prio_q_fields_set(prio_q, K_NULL, K_NULL, 0u, 0u);
    TOS_CPU_INT_ENABLE();

    return K_ERR_NONE;
}

__API__ k_err_t tos_prio_q_create(k_prio_q_t *prio_q, void *mgr_array, void *pool,
                                  size_t item_cnt, size_t item_size)
{
    TOS_PTR_SANITY_CHECK(prio_q);
    TOS_PTR_SANITY_CHECK(mgr_array);
    TOS_PTR_SANITY_CHECK(pool);

    if (item_size == 0u) {
        return K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH;
    }
    if (item_cnt == 0u) {
        return K_ERR_PRIO_Q_FULL;
    }

    prio_q_init(prio_q, (uint8_t *)mgr_array, (uint8_t *)pool, item_cnt, item_size,
                KNL_OBJ_ALLOC_TYPE_STATIC);
    return K_ERR_NONE;
}

__API__ k_err_t tos_prio_q_destroy(k_prio_q_t *prio_q)
{
    uint8_t *mgr_array, *pool;

    TOS_OBJ_CHECK(prio_q, KNL_OBJ_TYPE_PRIORITY_QUEUE);
    TOS_OBJ_STATIC_CHECK(prio_q);

    return prio_q_deinit(prio_q, KNL_OBJ_ALLOC_TYPE_STATIC, &mgr_array, &pool);
}

#if TOS_CFG_MMHEAP_EN > 0u

__API__ k_err_t tos_prio_q_create_dyn(k_prio_q_t *prio_q, size_t item_cnt, size_t item_size)
{
    k_err_t err;
    uint8_t *mgr_array, *pool;

    TOS_PTR_SANITY_CHECK(prio_q);

    err = prio_q_geometry_check(item_cnt, item_size);
    if (err != K_ERR_NONE) {
        return err;
    }

    /* The heap does its own locking; only publishing the queue needs ours. */
    mgr_array = (uint8_t *)tos_mmheap_alloc(TOS_PRIO_Q_MGR_ARRAY_SIZE(item_cnt));
    if (mgr_array == K_NULL) {
        return K_ERR_OUT_OF_MEMORY;
    }
    pool = (uint8_t *)tos_mmheap_alloc(item_cnt * item_size);
    if (pool == K_NULL) {
        tos_mmheap_free(mgr_array);
        return K_ERR_OUT_OF_MEMORY;
    }

    prio_q_init(prio_q, mgr_array, pool, item_cnt, item_size, KNL_OBJ_ALLOC_TYPE_DYNAMIC);
    return K_ERR_NONE;
}

__API__ k_err_t tos_prio_q_destroy_dyn(k_prio_q_t *prio_q)
{
    uint8_t *mgr_array, *pool;
    k_err_t err;

    TOS_OBJ_CHECK(prio_q, KNL_OBJ_TYPE_PRIORITY_QUEUE);
    TOS_OBJ_DYNAMIC_CHECK(prio_q);

    err = prio_q_deinit(prio_q, KNL_OBJ_ALLOC_TYPE_DYNAMIC, &mgr_array, &pool);
    if (err != K_ERR_NONE) {
        return err;
    }
    tos_mmheap_free(pool);
    tos_mmheap_free(mgr_array);
    return K_ERR_NONE;
}

#endif /* TOS_CFG_MMHEAP_EN */

/* A slot for a new item, or PRIO_Q_SLOT_NONE when the books are inconsistent. */
__STATIC__ size_t prio_q_slot_take(k_prio_q_t *prio_q)
{
    size_t slot = prio_q->first_free;
    size_t next;

    if (slot == PRIO_Q_SLOT_NONE) {
        if (prio_q->fresh >= prio_q->item_cnt) {
            return PRIO_Q_SLOT_NONE;    /* room by the count, yet every slot is in use */
        }
        slot = prio_q->fresh++;
    } else {
        if (slot >= prio_q->fresh) {
            return PRIO_Q_SLOT_NONE;
        }
        next = prio_q_link_get(prio_q, slot);
        if (next != PRIO_Q_SLOT_NONE && next >= prio_q->fresh) {
            return PRIO_Q_SLOT_NONE;    /* taken already, or a link to nowhere */
        }
        prio_q->first_free = next;
    }
    prio_q_link_set(prio_q, slot, PRIO_Q_SLOT_TAKEN);
    return slot;
}

__API__ k_err_t tos_prio_q_enqueue(k_prio_q_t *prio_q, void *item, size_t item_size, k_prio_t prio)
{
    TOS_CPU_CPSR_ALLOC();
    prio_q_heap_ent_t entry;
    k_err_t err;

    TOS_PTR_SANITY_CHECK(prio_q);
    TOS_PTR_SANITY_CHECK(item);
    TOS_OBJ_VERIFY(prio_q, KNL_OBJ_TYPE_PRIORITY_QUEUE);

    if (item_size != prio_q->item_size) {
        return K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH;
    }

    TOS_CPU_INT_DISABLE();

    if (prio_q->heap.total == prio_q->item_cnt) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_PRIO_Q_FULL;
    }
    memset(&entry, 0, sizeof(entry));
    entry.slot = prio_q_slot_take(prio_q);
    if (entry.slot == PRIO_Q_SLOT_NONE) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_PRIO_Q_SLOT_NOT_TAKEN;
    }
    entry.key = ((uint64_t)prio << PRIO_Q_SEQ_BITS) | (prio_q->seq & PRIO_Q_SEQ_MASK);
    ++prio_q->seq;
    memcpy(PRIO_Q_ITEM(prio_q, entry.slot), item, prio_q->item_size);
    err = tos_bin_heap_push(&prio_q->heap, &entry, sizeof(entry));
    TOS_ASSERT(err == K_ERR_NONE);      /* the heap has as many places as the pool */

    TOS_CPU_INT_ENABLE();

    return K_ERR_NONE;
}

__API__ k_err_t tos_prio_q_dequeue(k_prio_q_t *prio_q, void *item, size_t *item_size, k_prio_t *prio)
{
    TOS_CPU_CPSR_ALLOC();
    prio_q_heap_ent_t entry;
    size_t size;

    TOS_PTR_SANITY_CHECK(prio_q);
    TOS_PTR_SANITY_CHECK(item);
    TOS_OBJ_VERIFY(prio_q, KNL_OBJ_TYPE_PRIORITY_QUEUE);

    TOS_CPU_INT_DISABLE();

    if (tos_bin_heap_pop(&prio_q->heap, &entry, K_NULL) != K_ERR_NONE) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_PRIO_Q_EMPTY;
    }
    if (prio_q->heap.total == 0u) {
        prio_q->seq = 0u;               /* drained: arrival numbers start over */
    }
    if (entry.slot >= prio_q->fresh || prio_q_link_get(prio_q, entry.slot) != PRIO_Q_SLOT_TAKEN) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_PRIO_Q_SLOT_NOT_TAKEN;
    }
    size = prio_q->item_size;
    memcpy(item, PRIO_Q_ITEM(prio_q, entry.slot), size);
    prio_q_link_set(prio_q, entry.slot, prio_q->first_free);
    prio_q->first_free = entry.slot;

    TOS_CPU_INT_ENABLE();

    if (item_size != K_NULL) {
        *item_size = size;
    }
    if (prio != K_NULL) {
        *prio = (k_prio_t)(entry.key >> PRIO_Q_SEQ_BITS);
    }

    return K_ERR_NONE;
}

__API__ k_err_t tos_prio_q_flush(k_prio_q_t *prio_q)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_OBJ_CHECK(prio_q, KNL_OBJ_TYPE_PRIORITY_QUEUE);

    TOS_CPU_INT_DISABLE();
    (void)tos_bin_heap_flush(&prio_q->heap);
    prio_q_books_reset(prio_q);
    TOS_CPU_INT_ENABLE();

    return K_ERR_NONE;
}

__API__ int tos_prio_q_is_empty(k_prio_q_t *prio_q)
{
    TOS_CPU_CPSR_ALLOC();
    int is_empty;

    TOS_OBJ_CHECK_RC(prio_q, KNL_OBJ_TYPE_PRIORITY_QUEUE, K_FALSE);

    TOS_CPU_INT_DISABLE();
    is_empty = (prio_q->heap.total == 0u) ? K_TRUE : K_FALSE;
    TOS_CPU_INT_ENABLE();

    return is_empty;
}

__API__ int tos_prio_q_is_full(k_prio_q_t *prio_q)
{
    TOS_CPU_CPSR_ALLOC();
    int is_full;

    TOS_OBJ_CHECK_RC(prio_q, KNL_OBJ_TYPE_PRIORITY_QUEUE, K_FALSE);

    TOS_CPU_INT_DISABLE();
    is_full = (prio_q->heap.total == prio_q->item_cnt) ? K_TRUE : K_FALSE;
    TOS_CPU_INT_ENABLE();

    return is_full;
}
