/*
 * Message queue: pointers through a ring queue, handed straight to a waiting receiver.
 */
#include "tos_k.h"

#if TOS_CFG_MESSAGE_QUEUE_EN > 0u

__API__ k_err_t tos_msg_q_create(k_msg_q_t *msg_q, void *pool, size_t msg_cnt)
{
    TOS_PTR_SANITY_CHECK(msg_q);
    TOS_PTR_SANITY_CHECK(pool);
    return blocking_q_ring_create(&msg_q->knl_obj, &msg_q->pend_obj, &msg_q->ring_q, pool,
                                  msg_cnt, sizeof(void *), KNL_OBJ_TYPE_MESSAGE_QUEUE,
                                  KNL_OBJ_ALLOC_TYPE_STATIC);
}

__API__ k_err_t tos_msg_q_destroy(k_msg_q_t *msg_q)
{
    TOS_OBJ_CHECK(msg_q, KNL_OBJ_TYPE_MESSAGE_QUEUE);
    TOS_OBJ_STATIC_CHECK(msg_q);
    return blocking_q_ring_destroy(&msg_q->knl_obj, &msg_q->pend_obj, &msg_q->ring_q,
                                   KNL_OBJ_ALLOC_TYPE_STATIC);
}

#if TOS_CFG_MMHEAP_EN > 0u
__API__ k_err_t tos_msg_q_create_dyn(k_msg_q_t *msg_q, size_t msg_cnt)
{
    TOS_PTR_SANITY_CHECK(msg_q);
    return blocking_q_ring_create(&msg_q->knl_obj, &msg_q->pend_obj, &msg_q->ring_q, K_NULL,
                                  msg_cnt, sizeof(void *), KNL_OBJ_TYPE_MESSAGE_QUEUE,
                                  KNL_OBJ_ALLOC_TYPE_DYNAMIC);
}

__API__ k_err_t tos_msg_q_destroy_dyn(k_msg_q_t *msg_q)
{
    TOS_OBJ_CHECK(msg_q, KNL_OBJ_TYPE_MESSAGE_QUEUE);
    TOS_OBJ_DYNAMIC_CHECK(msg_q);
    return blocking_q_ring_destroy(&msg_q->knl_obj, &msg_q->pend_obj, &msg_q->ring_q,
                                   KNL_OBJ_ALLOC_TYPE_DYNAMIC);
}
#endif

__API__ k_err_t tos_msg_q_flush(k_msg_q_t *msg_q)
{
    TOS_OBJ_CHECK(msg_q, KNL_OBJ_TYPE_MESSAGE_QUEUE);
    return tos_ring_q_flush(&msg_q->ring_q);
}

__API__ k_err_t tos_msg_q_pend(k_msg_q_t *msg_q, void **msg_ptr, k_tick_t timeout)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;

    TOS_IN_IRQ_CHECK();
    TOS_PTR_SANITY_CHECK(msg_q);
    TOS_PTR_SANITY_CHECK(msg_ptr);
    TOS_OBJ_VERIFY(msg_q, KNL_OBJ_TYPE_MESSAGE_QUEUE);

    TOS_CPU_INT_DISABLE();
    if (tos_ring_q_dequeue(&msg_q->ring_q, msg_ptr, K_NULL) == K_ERR_NONE) {
        TOS_CPU_INT_ENABLE();
        return TOS_TRACE_PEND(msg_q, KNL_OBJ_TYPE_MESSAGE_QUEUE, 0, K_ERR_NONE);
    }
    err = pend_can_block(timeout);
    if (err != K_ERR_NONE) {
        if (err == K_ERR_PEND_NOWAIT) {
            *msg_ptr = K_NULL;
        }
        TOS_CPU_INT_ENABLE();
        return TOS_TRACE_PEND(msg_q, KNL_OBJ_TYPE_MESSAGE_QUEUE, 0, err);
    }
    err = pend_block_and_wait(&msg_q->pend_obj, timeout, cpu_cpsr);
    if (err == K_ERR_NONE) {
        *msg_ptr = k_curr_task->msg;
        k_curr_task->msg = K_NULL;
    }
    return TOS_TRACE_PEND(msg_q, KNL_OBJ_TYPE_MESSAGE_QUEUE, 1, err);
}

static k_err_t msg_q_do_post(k_msg_q_t *msg_q, void *msg_ptr, opt_post_t opt)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;

    TOS_OBJ_CHECK(msg_q, KNL_OBJ_TYPE_MESSAGE_QUEUE);

    TOS_TRACE_POST(msg_q, KNL_OBJ_TYPE_MESSAGE_QUEUE);
    TOS_CPU_INT_DISABLE();
    if (pend_is_nopending(&msg_q->pend_obj)) {
        err = tos_ring_q_enqueue(&msg_q->ring_q, &msg_ptr, sizeof(void *));
        TOS_CPU_INT_ENABLE();
        return err;
    }
    do {
        k_task_t *task = pend_highest_pending_task_get(&msg_q->pend_obj);
        task->msg = msg_ptr;
        pend_task_wakeup(task, PEND_STATE_POST);
    } while (opt == OPT_POST_ALL && !pend_is_nopending(&msg_q->pend_obj));
    knl_sched_unmask(cpu_cpsr);
    return K_ERR_NONE;
}

__API__ k_err_t tos_msg_q_post(k_msg_q_t *msg_q, void *msg_ptr)
{
    return msg_q_do_post(msg_q, msg_ptr, OPT_POST_ONE);
}

__API__ k_err_t tos_msg_q_post_all(k_msg_q_t *msg_q, void *msg_ptr)
{
    return msg_q_do_post(msg_q, msg_ptr, OPT_POST_ALL);
}

#endif /* TOS_CFG_MESSAGE_QUEUE_EN */
