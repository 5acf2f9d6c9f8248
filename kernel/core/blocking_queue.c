/*
 * The destroy half of the blocking queues (see tos_blocking_queue.h, which has the create
 * half): written once here for the mail and message queues (over a ring queue) and once for
 * their priority forms (over a priority queue, whose manager array always comes from the
 * kernel heap).
 */
#include "tos_k.h"

#if TOS_CFG_MAIL_QUEUE_EN > 0u || TOS_CFG_MESSAGE_QUEUE_EN > 0u

__KNL__ k_err_t blocking_q_ring_destroy(knl_obj_t *knl_obj, pend_obj_t *pend_obj,
                                        k_ring_q_t *ring_q, knl_obj_alloc_type_t alloc)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;

    /* one critical section: no post can slip in between the two halves */
    TOS_CPU_INT_DISABLE();
#if TOS_CFG_MMHEAP_EN > 0u
    if (alloc == KNL_OBJ_ALLOC_TYPE_DYNAMIC) {
        err = tos_ring_q_destroy_dyn(ring_q);
    } else
#endif
    {
        (void)alloc;
        err = tos_ring_q_destroy(ring_q);
    }
    if (err == K_ERR_NONE) {
        pend_object_destroy(pend_obj, knl_obj);
    }
    TOS_CPU_INT_ENABLE();
    if (err != K_ERR_NONE) {
        return err;
    }
    knl_sched();
    return K_ERR_NONE;
}

#endif /* TOS_CFG_MAIL_QUEUE_EN || TOS_CFG_MESSAGE_QUEUE_EN */

#if TOS_CFG_PRIORITY_MAIL_QUEUE_EN > 0u || TOS_CFG_PRIORITY_MESSAGE_QUEUE_EN > 0u

__KNL__ k_err_t blocking_q_prio_destroy(knl_obj_t *knl_obj, pend_obj_t *pend_obj,
                                        k_prio_q_t *prio_q, void **mgr_array,
                                        knl_obj_type_t type, knl_obj_alloc_type_t alloc)
{
    TOS_CPU_CPSR_ALLOC();
    uint8_t *mgr, *pool;
    k_err_t err;

    TOS_CPU_INT_DISABLE();
    if (!knl_object_verify(knl_obj, type) || knl_obj->alloc_type != alloc) {
        TOS_CPU_INT_ENABLE();           /* a concurrent destroy won */
        return K_ERR_OBJ_INVALID;
    }
    err = prio_q_deinit(prio_q, alloc, &mgr, &pool);
    TOS_ASSERT(err == K_ERR_NONE);
    pend_object_destroy(pend_obj, knl_obj);
    *mgr_array = K_NULL;
    TOS_CPU_INT_ENABLE();

    tos_mmheap_free(mgr);
    if (alloc == KNL_OBJ_ALLOC_TYPE_DYNAMIC) {
        tos_mmheap_free(pool);
    }
    knl_sched();
    return K_ERR_NONE;
}

#endif /* TOS_CFG_PRIORITY_MAIL_QUEUE_EN || TOS_CFG_PRIORITY_MESSAGE_QUEUE_EN */
