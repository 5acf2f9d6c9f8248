/*
 * Mail queue: fixed-size mails through a ring queue, copied straight into a waiting receiver's
 * buffer when there is one.
 */
#include "tos_k.h"

#if TOS_CFG_MAIL_QUEUE_EN > 0u

__API__ k_err_t tos_mail_q_create(k_mail_q_t *mail_q, void *pool, size_t mail_cnt, size_t mail_size)
{
    TOS_PTR_SANITY_CHECK(mail_q);
    TOS_PTR_SANITY_CHECK(pool);
    return blocking_q_ring_create(&mail_q->knl_obj, &mail_q->pend_obj, &mail_q->ring_q, pool,
                                  mail_cnt, mail_size, KNL_OBJ_TYPE_MAIL_QUEUE,
                                  KNL_OBJ_ALLOC_TYPE_STATIC);
}

__API__ k_err_t tos_mail_q_destroy(k_mail_q_t *mail_q)
{
    TOS_OBJ_CHECK(mail_q, KNL_OBJ_TYPE_MAIL_QUEUE);
    TOS_OBJ_STATIC_CHECK(mail_q);
    return blocking_q_ring_destroy(&mail_q->knl_obj, &mail_q->pend_obj, &mail_q->ring_q,
                                   KNL_OBJ_ALLOC_TYPE_STATIC);
}

#if TOS_CFG_MMHEAP_EN > 0u
__API__ k_err_t tos_mail_q_create_dyn(k_mail_q_t *mail_q, size_t mail_cnt, size_t mail_size)
{
    TOS_PTR_SANITY_CHECK(mail_q);
    return blocking_q_ring_create(&mail_q->knl_obj, &mail_q->pend_obj, &mail_q->ring_q, K_NULL,
                                  mail_cnt, mail_size, KNL_OBJ_TYPE_MAIL_QUEUE,
                                  KNL_OBJ_ALLOC_TYPE_DYNAMIC);
}

__API__ k_err_t tos_mail_q_destroy_dyn(k_mail_q_t *mail_q)
{
    TOS_OBJ_CHECK(mail_q, KNL_OBJ_TYPE_MAIL_QUEUE);
    TOS_OBJ_DYNAMIC_CHECK(mail_q);
    return blocking_q_ring_destroy(&mail_q->knl_obj, &mail_q->pend_obj, &mail_q->ring_q,
                                   KNL_OBJ_ALLOC_TYPE_DYNAMIC);
}
#endif

__API__ k_err_t tos_mail_q_flush(k_mail_q_t *mail_q)
{
    TOS_OBJ_CHECK(mail_q, KNL_OBJ_TYPE_MAIL_QUEUE);
    return tos_ring_q_flush(&mail_q->ring_q);
}

__API__ k_err_t tos_mail_q_pend(k_mail_q_t *mail_q, void *mail_buf, size_t *mail_size, k_tick_t timeout)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;

    TOS_IN_IRQ_CHECK();
    TOS_PTR_SANITY_CHECK(mail_q);
    TOS_PTR_SANITY_CHECK(mail_buf);
    TOS_OBJ_VERIFY(mail_q, KNL_OBJ_TYPE_MAIL_QUEUE);

    TOS_CPU_INT_DISABLE();
    if (tos_ring_q_dequeue(&mail_q->ring_q, mail_buf, mail_size) == K_ERR_NONE) {
        TOS_CPU_INT_ENABLE();
        return TOS_TRACE_PEND(mail_q, KNL_OBJ_TYPE_MAIL_QUEUE, 0, K_ERR_NONE);
    }
    err = pend_can_block(timeout);
    if (err != K_ERR_NONE) {
        if (mail_size) {
            *mail_size = 0;
        }
        TOS_CPU_INT_ENABLE();
        return TOS_TRACE_PEND(mail_q, KNL_OBJ_TYPE_MAIL_QUEUE, 0, err);
    }
    k_curr_task->mail = mail_buf;
    err = pend_block_and_wait(&mail_q->pend_obj, timeout, cpu_cpsr);
    if (err == K_ERR_NONE && mail_size) {
        *mail_size = k_curr_task->mail_size;
    }
    k_curr_task->mail = K_NULL;
    k_curr_task->mail_size = 0;
    return TOS_TRACE_PEND(mail_q, KNL_OBJ_TYPE_MAIL_QUEUE, 1, err);
}

static k_err_t mail_q_do_post(k_mail_q_t *mail_q, void *mail_buf, size_t mail_size, opt_post_t opt)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;

    TOS_PTR_SANITY_CHECK(mail_q);
    TOS_PTR_SANITY_CHECK(mail_buf);
    TOS_OBJ_VERIFY(mail_q, KNL_OBJ_TYPE_MAIL_QUEUE);
    /* the same size rule on both paths, so a receiver's buffer can never be overrun */
    if (mail_size != mail_q->ring_q.item_size) {
        return K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH;
    }

    TOS_TRACE_POST(mail_q, KNL_OBJ_TYPE_MAIL_QUEUE);
    TOS_CPU_INT_DISABLE();
    if (pend_is_nopending(&mail_q->pend_obj)) {
        err = tos_ring_q_enqueue(&mail_q->ring_q, mail_buf, mail_size);
        TOS_CPU_INT_ENABLE();
        return err;
    }
    do {
        k_task_t *task = pend_highest_pending_task_get(&mail_q->pend_obj);
        memcpy(task->mail, mail_buf, mail_size);
        task->mail_size = mail_size;
        pend_task_wakeup(task, PEND_STATE_POST);
    } while (opt == OPT_POST_ALL && !pend_is_nopending(&mail_q->pend_obj));
    knl_sched_unmask(cpu_cpsr);
    return K_ERR_NONE;
}

__API__ k_err_t tos_mail_q_post(k_mail_q_t *mail_q, void *mail_buf, size_t mail_size)
{
    return mail_q_do_post(mail_q, mail_buf, mail_size, OPT_POST_ONE);
}

__API__ k_err_t tos_mail_q_post_all(k_mail_q_t *mail_q, void *mail_buf, size_t mail_size)
{
    return mail_q_do_post(mail_q, mail_buf, mail_size, OPT_POST_ALL);
}

#endif /* TOS_CFG_MAIL_QUEUE_EN */
