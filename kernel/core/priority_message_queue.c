/*
 * Priority message queue: pointers through a priority queue, handed straight to a waiting
 * receiver. Shaped like message_queue.c; the differences are the priority on post and the
 * manager array the inner queue needs, which comes from the kernel heap (for create too, whose
 * signature has no room for it).
 */
#include "tos_k.h"

#if TOS_CFG_PRIORITY_MESSAGE_QUEUE_EN > 0u

__API__ k_err_t tos_prio_msg_q_create(k_prio_msg_q_t *prio_msg_q, void *pool, size_t msg_cnt)
{
    TOS_PTR_SANITY_CHECK(prio_msg_q);
    TOS_PTR_SANITY_CHECK(pool);
    return blocking_q_prio_create(&prio_msg_q->knl_obj, &prio_msg_q->pend_obj,
                                  &prio_msg_q->prio_q, &prio_msg_q->prio_q_mgr_array, pool,
                                  msg_cnt, sizeof(void *), KNL_OBJ_TYPE_PRIORITY_MESSAGE_QUEUE,
                                  KNL_OBJ_ALLOC_TYPE_STATIC);
}

__API__ k_err_t tos_prio_msg_q_destroy(k_prio_msg_q_t *prio_msg_q)
{
    TOS_OBJ_CHECK(prio_msg_q, KNL_OBJ_TYPE_PRIORITY_MESSAGE_QUEUE);
    TOS_OBJ_STATIC_CHECK(prio_msg_q);
    return blocking_q_prio_destroy(&prio_msg_q->knl_obj, &prio_msg_q->pend_obj,
                                   &prio_msg_q->prio_q, &prio_msg_q->prio_q_mgr_array,
                                   KNL_OBJ_TYPE_PRIORITY_MESSAGE_QUEUE, KNL_OBJ_ALLOC_TYPE_STATIC);
}

__API__ k_err_t tos_prio_msg_q_create_dyn(k_prio_msg_q_t *prio_msg_q, size_t msg_cnt)
{
    TOS_PTR_SANITY_CHECK(prio_msg_q);
    return blocking_q_prio_create(&prio_msg_q->knl_obj, &prio_msg_q->pend_obj,
                                  &prio_msg_q->prio_q, &prio_msg_q->prio_q_mgr_array, K_NULL,
                                  msg_cnt, sizeof(void *), KNL_OBJ_TYPE_PRIORITY_MESSAGE_QUEUE,
                                  KNL_OBJ_ALLOC_TYPE_DYNAMIC);
}

__API__ k_err_t tos_prio_msg_q_destroy_dyn(k_prio_msg_q_t *prio_msg_q)
{
    TOS_OBJ_CHECK(prio_msg_q, KNL_OBJ_TYPE_PRIORITY_MESSAGE_QUEUE);
    TOS_OBJ_DYNAMIC_CHECK(prio_msg_q);
    return blocking_q_prio_destroy(&prio_msg_q->knl_obj, &prio_msg_q->pend_obj,
                                   &prio_msg_q->prio_q, &prio_msg_q->prio_q_mgr_array,
                                   KNL_OBJ_TYPE_PRIORITY_MESSAGE_QUEUE, KNL_OBJ_ALLOC_TYPE_DYNAMIC);
}

__API__ k_err_t tos_prio_msg_q_flush(k_prio_msg_q_t *prio_msg_q)
{
    TOS_OBJ_CHECK(prio_msg_q, KNL_OBJ_TYPE_PRIORITY_MESSAGE_QUEUE);
    return tos_prio_q_flush(&prio_msg_q->prio_q);
}

__API__ k_err_t tos_prio_msg_q_pend(k_prio_msg_q_t *prio_msg_q, void **msg_ptr, k_tick_t timeout)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;

    TOS_IN_IRQ_CHECK();
    TOS_PTR_SANITY_CHECK(prio_msg_q);
    TOS_PTR_SANITY_CHECK(msg_ptr);
    TOS_OBJ_VERIFY(prio_msg_q, KNL_OBJ_TYPE_PRIORITY_MESSAGE_QUEUE);

    TOS_CPU_INT_DISABLE();
    if (tos_prio_q_dequeue(&prio_msg_q->prio_q, msg_ptr, K_NULL, K_NULL) == K_ERR_NONE) {
        TOS_CPU_INT_ENABLE();
        return TOS_TRACE_PEND(prio_msg_q, KNL_OBJ_TYPE_PRIORITY_MESSAGE_QUEUE, 0, K_ERR_NONE);
    }
    err = pend_can_block(timeout);
    if (err != K_ERR_NONE) {
        if (err == K_ERR_PEND_NOWAIT) {
            *msg_ptr = K_NULL;
        }
        TOS_CPU_INT_ENABLE();
        return TOS_TRACE_PEND(prio_msg_q, KNL_OBJ_TYPE_PRIORITY_MESSAGE_QUEUE, 0, err);
    }
    err = pend_block_and_wait(&prio_msg_q->pend_obj, timeout, cpu_cpsr);
    if (err == K_ERR_NONE) {
        *msg_ptr = k_curr_task->msg;
        k_curr_task->msg = K_NULL;
    }
    return TOS_TRACE_PEND(prio_msg_q, KNL_OBJ_TYPE_PRIORITY_MESSAGE_QUEUE, 1, err);
}

static k_err_t prio_msg_q_do_post(k_prio_msg_q_t *prio_msg_q, void *msg_ptr, k_prio_t prio,
                                  opt_post_t opt)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;

    TOS_OBJ_CHECK(prio_msg_q, KNL_OBJ_TYPE_PRIORITY_MESSAGE_QUEUE);

    TOS_TRACE_POST(prio_msg_q, KNL_OBJ_TYPE_PRIORITY_MESSAGE_QUEUE);
    TOS_CPU_INT_DISABLE();
    if (pend_is_nopending(&prio_msg_q->pend_obj)) {
        err = tos_prio_q_enqueue(&prio_msg_q->prio_q, &msg_ptr, sizeof(void *), prio);
        TOS_CPU_INT_ENABLE();
        return err;
    }
    /* Waiters only exist while the queue is empty, so nothing queued is overtaken. */
    do {
        k_task_t *task = pend_highest_pending_task_get(&prio_msg_q->pend_obj);
        task->msg = msg_ptr;
        pend_task_wakeup(task, PEND_STATE_POST);
    } while (opt == OPT_POST_ALL && !pend_is_nopending(&prio_msg_q->pend_obj));
    knl_sched_unmask(cpu_cpsr);
    return K_ERR_NONE;
}

__API__ k_err_t tos_prio_msg_q_post(k_prio_msg_q_t *prio_msg_q, void *msg_ptr, k_prio_t prio)
{
    return prio_msg_q_do_post(prio_msg_q, msg_ptr, prio, OPT_POST_ONE);
}

__API__ k_err_t tos_prio_msg_q_post_all(k_prio_msg_q_t *prio_msg_q, void *msg_ptr, k_prio_t prio)
{
    return prio_msg_q_do_post(prio_msg_q, msg_ptr, prio, OPT_POST_ALL);
}

#endif /* TOS_CFG_PRIORITY_MESSAGE_QUEUE_EN */
