/*
 * The create and destroy halves shared by the blocking queues (kernel-internal): the mail and
 * message queues over a ring queue, and their priority forms over a priority queue. Each such
 * queue is an object header, a wait list and an inner queue (plus, for the priority forms, the
 * field that keeps the inner queue's manager array); these helpers take pointers to those
 * fields, so each queue keeps its own public struct and calls.
 *
 * The creates are inline: each call passes a constant allocation kind, so each public create
 * compiles to its own path only (a static create does not pull in the heap's). The destroys
 * are shared code in kernel/core/blocking_queue.c.
 *
 * The callers check the object pointer, and on destroy its type and allocation kind, first.
 */
#ifndef _TOS_BLOCKING_QUEUE_H_
#define _TOS_BLOCKING_QUEUE_H_

#if TOS_CFG_MAIL_QUEUE_EN > 0u || TOS_CFG_MESSAGE_QUEUE_EN > 0u
/* Create the inner ring queue over `pool` (KNL_OBJ_ALLOC_TYPE_STATIC) or over one from the
   kernel heap (KNL_OBJ_ALLOC_TYPE_DYNAMIC; `pool` unused), then the wait list and the header of
   type `type`. @return what the ring queue's create returns. */
__STATIC_INLINE__ k_err_t blocking_q_ring_create(knl_obj_t *knl_obj, pend_obj_t *pend_obj,
                                                 k_ring_q_t *ring_q, void *pool, size_t item_cnt,
                                                 size_t item_size, knl_obj_type_t type,
                                                 knl_obj_alloc_type_t alloc)
{
    k_err_t err;

#if TOS_CFG_MMHEAP_EN > 0u
    if (alloc == KNL_OBJ_ALLOC_TYPE_DYNAMIC) {
        err = tos_ring_q_create_dyn(ring_q, item_cnt, item_size);
    } else
#endif
    {
        err = tos_ring_q_create(ring_q, pool, item_cnt, item_size);
    }
    if (err != K_ERR_NONE) {
        return err;
    }
    pend_object_init(pend_obj);
    knl_object_init(knl_obj, type, alloc);
    return K_ERR_NONE;
}

/* Destroy the inner queue and wake every waiter with K_ERR_PEND_DESTROY in one critical
   section (no post can slip in between), then reschedule. @return what the ring queue's
   destroy returns (nothing is woken when it fails). */
__KNL__ k_err_t blocking_q_ring_destroy(knl_obj_t *knl_obj, pend_obj_t *pend_obj,
                                        k_ring_q_t *ring_q, knl_obj_alloc_type_t alloc);
#endif

#if TOS_CFG_PRIORITY_MAIL_QUEUE_EN > 0u || TOS_CFG_PRIORITY_MESSAGE_QUEUE_EN > 0u
/* Create the inner priority queue: over `pool` with a manager array from the kernel heap
   (KNL_OBJ_ALLOC_TYPE_STATIC), or with both from the heap (KNL_OBJ_ALLOC_TYPE_DYNAMIC; `pool`
   unused); record the manager array in `*mgr_array`, then set up the wait list and the header
   of type `type`. @return the geometry errors of tos_prio_q_create_dyn; K_ERR_OUT_OF_MEMORY. */
__STATIC_INLINE__ k_err_t blocking_q_prio_create(knl_obj_t *knl_obj, pend_obj_t *pend_obj,
                                                 k_prio_q_t *prio_q, void **mgr_array, void *pool,
                                                 size_t item_cnt, size_t item_size,
                                                 knl_obj_type_t type, knl_obj_alloc_type_t alloc)
{
    k_err_t err;
    void *mgr;

    if (alloc == KNL_OBJ_ALLOC_TYPE_DYNAMIC) {
        err = tos_prio_q_create_dyn(prio_q, item_cnt, item_size);
    } else {
        err = prio_q_geometry_check(item_cnt, item_size);
        if (err != K_ERR_NONE) {
            return err;
        }
        mgr = tos_mmheap_alloc(TOS_PRIO_Q_MGR_ARRAY_SIZE(item_cnt));
        if (mgr == K_NULL) {
            return K_ERR_OUT_OF_MEMORY;
        }
        err = tos_prio_q_create(prio_q, mgr, pool, item_cnt, item_size);
        if (err != K_ERR_NONE) {
            tos_mmheap_free(mgr);
        }
    }
    if (err != K_ERR_NONE) {
        return err;
    }
    *mgr_array = prio_q->mgr_array;
    pend_object_init(pend_obj);
    knl_object_init(knl_obj, type, alloc);
    return K_ERR_NONE;
}

/* Wake every waiter with K_ERR_PEND_DESTROY, invalidate the queue (of type `type`, made with
   allocation kind `alloc`) and the inner one in one critical section, clear `*mgr_array`, then
   free what `alloc` says the queue owns and reschedule. @return K_ERR_NONE; K_ERR_OBJ_INVALID
   when a concurrent destroy won. */
__KNL__ k_err_t blocking_q_prio_destroy(knl_obj_t *knl_obj, pend_obj_t *pend_obj,
                                        k_prio_q_t *prio_q, void **mgr_array,
                                        knl_obj_type_t type, knl_obj_alloc_type_t alloc);
#endif

#endif /* _TOS_BLOCKING_QUEUE_H_ */
