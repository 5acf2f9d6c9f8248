/*
 * Priority mail queue: fixed-size mails through a priority queue, copied straight into a
 * waiting receiver's buffer when there is one. Shaped like mail_queue.c; the differences are
 * the priority on post and the manager array the inner queue needs, which comes from the
 * kernel heap (for create too, whose signature has no room for it).
 */
#include "tos_k.h"

#if TOS_CFG_PRIORITY_MAIL_QUEUE_EN > 0u

__API__ k_err_t tos_prio_mail_q_create(k_prio_mail_q_t *prio_mail_q, void *pool, size_t mail_cnt,
                                       size_t mail_size)
{
    TOS_PTR_SANITY_CHECK(prio_mail_q);
    TOS_PTR_SANITY_CHECK(pool);
    return blocking_q_prio_create(&prio_mail_q->knl_obj, &prio_mail_q->pend_obj,
                                  &prio_mail_q->prio_q, &prio_mail_q->prio_q_mgr_array, pool,
                                  mail_cnt, mail_size, KNL_OBJ_TYPE_PRIORITY_MAIL_QUEUE,
                                  KNL_OBJ_ALLOC_TYPE_STATIC);
}

__API__ k_err_t tos_prio_mail_q_destroy(k_prio_mail_q_t *prio_mail_q)
{
    TOS_OBJ_CHECK(prio_mail_q, KNL_OBJ_TYPE_PRIORITY_MAIL_QUEUE);
    TOS_OBJ_STATIC_CHECK(prio_mail_q);
    return blocking_q_prio_destroy(&prio_mail_q->knl_obj, &prio_mail_q->pend_obj,
                                   &prio_mail_q->prio_q, &prio_mail_q->prio_q_mgr_array,
                                   KNL_OBJ_TYPE_PRIORITY_MAIL_QUEUE, KNL_OBJ_ALLOC_TYPE_STATIC);
}

__API__ k_err_t tos_prio_mail_q_create_dyn(k_prio_mail_q_t *prio_mail_q, size_t mail_cnt,
                                           size_t mail_size)
{
    TOS_PTR_SANITY_CHECK(prio_mail_q);
    return blocking_q_prio_create(&prio_mail_q->knl_obj, &prio_mail_q->pend_obj,
                                  &prio_mail_q->prio_q, &prio_mail_q->prio_q_mgr_array, K_NULL,
                                  mail_cnt, mail_size, KNL_OBJ_TYPE_PRIORITY_MAIL_QUEUE,
                                  KNL_OBJ_ALLOC_TYPE_DYNAMIC);
}

__API__ k_err_t tos_prio_mail_q_destroy_dyn(k_prio_mail_q_t *prio_mail_q)
{
    TOS_OBJ_CHECK(prio_mail_q, KNL_OBJ_TYPE_PRIORITY_MAIL_QUEUE);
    TOS_OBJ_DYNAMIC_CHECK(prio_mail_q);
    return blocking_q_prio_destroy(&prio_mail_q->knl_obj, &prio_mail_q->pend_obj,
                                   &prio_mail_q->prio_q, &prio_mail_q->prio_q_mgr_array,
                                   KNL_OBJ_TYPE_PRIORITY_MAIL_QUEUE, KNL_OBJ_ALLOC_TYPE_DYNAMIC);
}

__API__ k_err_t tos_prio_mail_q_flush(k_prio_mail_q_t *prio_mail_q)
{
    TOS_OBJ_CHECK(prio_mail_q, KNL_OBJ_TYPE_PRIORITY_MAIL_QUEUE);
    return tos_prio_q_flush(&prio_mail_q->prio_q);
}

__API__ k_err_t tos_prio_mail_q_pend(k_prio_mail_q_t *prio_mail_q, void *mail_buf,
                                     size_t *mail_size, k_tick_t timeout)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;

    TOS_IN_IRQ_CHECK();
    TOS_PTR_SANITY_CHECK(prio_mail_q);
    TOS_PTR_SANITY_CHECK(mail_buf);
    TOS_OBJ_VERIFY(prio_mail_q, KNL_OBJ_TYPE_PRIORITY_MAIL_QUEUE);

    TOS_CPU_INT_DISABLE();
    if (tos_prio_q_dequeue(&prio_mail_q->prio_q, mail_buf, mail_size, K_NULL) == K_ERR_NONE) {
        TOS_CPU_INT_ENABLE();
        return TOS_TRACE_PEND(prio_mail_q, KNL_OBJ_TYPE_PRIORITY_MAIL_QUEUE, 0, K_ERR_NONE);
    }
    err = pend_can_block(timeout);
    if (err != K_ERR_NONE) {
        if (mail_size) {
            *mail_size = 0;
        }
        TOS_CPU_INT_ENABLE();
        return TOS_TRACE_PEND(prio_mail_q, KNL_OBJ_TYPE_PRIORITY_MAIL_QUEUE, 0, err);
    }
    k_curr_task->mail = mail_buf;
    err = pend_block_and_wait(&prio_mail_q->pend_obj, timeout, cpu_cpsr);
    if (err == K_ERR_NONE && mail_size) {
        *mail_size = k_curr_task->mail_size;
    }
    k_curr_task->mail = K_NULL;
    k_curr_task->mail_size = 0;
    return TOS_TRACE_PEND(prio_mail_q, KNL_OBJ_TYPE_PRIORITY_MAIL_QUEUE, 1, err);
}

static k_err_t prio_mail_q_do_post(k_prio_mail_q_t *prio_mail_q, void *mail_buf, size_t mail_size,
                                   k_prio_t prio, opt_post_t opt)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;

    TOS_PTR_SANITY_CHECK(prio_mail_q);
    TOS_PTR_SANITY_CHECK(mail_buf);
    TOS_OBJ_VERIFY(prio_mail_q, KNL_OBJ_TYPE_PRIORITY_MAIL_QUEUE);
    /* the same size rule on both paths, so a receiver's buffer can never be overrun */
    if (mail_size != prio_mail_q->prio_q.item_size) {
        return K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH;
    }

    TOS_TRACE_POST(prio_mail_q, KNL_OBJ_TYPE_PRIORITY_MAIL_QUEUE);
    TOS_CPU_INT_DISABLE();
    if (pend_is_nopending(&prio_mail_q->pend_obj)) {
        err = tos_prio_q_enqueue(&prio_mail_q->prio_q, mail_buf, mail_size, prio);
        TOS_CPU_INT_ENABLE();
        return err;
    }
    /* Waiters only exist while the queue is empty, so nothing queued is overtaken. */
    do {
        k_task_t *task = pend_highest_pending_task_get(&prio_mail_q->pend_obj);
        memcpy(task->mail, mail_buf, mail_size);
        task->mail_size = mail_size;
        pend_task_wakeup(task, PEND_STATE_POST);
    } while (opt == OPT_POST_ALL && !pend_is_nopending(&prio_mail_q->pend_obj));
    knl_sched_unmask(cpu_cpsr);
    return K_ERR_NONE;
}

__API__ k_err_t tos_prio_mail_q_post(k_prio_mail_q_t *prio_mail_q, void *mail_buf,
                                     size_t mail_size, k_prio_t prio)
{
    return prio_mail_q_do_post(prio_mail_q, mail_buf, mail_size, prio, OPT_POST_ONE);
}

__API__ k_err_t tos_prio_mail_q_post_all(k_prio_mail_q_t *prio_mail_q, void *mail_buf,
                                         size_t mail_size, k_prio_t prio)
{
    return prio_mail_q_do_post(prio_mail_q, mail_buf, mail_size, prio, OPT_POST_ALL);
}

#endif /* TOS_CFG_PRIORITY_MAIL_QUEUE_EN */
