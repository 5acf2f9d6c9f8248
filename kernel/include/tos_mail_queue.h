/*
 * Mail queue (TOS_CFG_MAIL_QUEUE_EN): a FIFO of fixed-size mails copied by value. A post to a
 * queue with waiters copies the mail straight into the most urgent waiter's buffer.
 */
#ifndef _TOS_MAIL_QUEUE_H_
#define _TOS_MAIL_QUEUE_H_

#if TOS_CFG_MAIL_QUEUE_EN > 0u

typedef struct k_mail_queue_st {
    knl_obj_t   knl_obj;
    pend_obj_t  pend_obj;
    k_ring_q_t  ring_q;
} k_mail_q_t;

/**
 * @param pool  mail_cnt * mail_size bytes
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH (mail_size 0);
 *         K_ERR_RING_Q_FULL (mail_cnt 0). ISR-safe.
 */
__API__ k_err_t tos_mail_q_create(k_mail_q_t *mail_q, void *pool, size_t mail_cnt, size_t mail_size);
__API__ k_err_t tos_mail_q_destroy(k_mail_q_t *mail_q);

#if TOS_CFG_MMHEAP_EN > 0u
__API__ k_err_t tos_mail_q_create_dyn(k_mail_q_t *mail_q, size_t mail_cnt, size_t mail_size);
__API__ k_err_t tos_mail_q_destroy_dyn(k_mail_q_t *mail_q);
#endif

__API__ k_err_t tos_mail_q_flush(k_mail_q_t *mail_q);

/**
 * Receive one mail into `mail_buf` (at least the queue's mail size), waiting up to `timeout`.
 * `*mail_size` (if not NULL) gets the mail's size, or 0 when the call returns without blocking
 * and without a mail.
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_PEND_NOWAIT;
 *         K_ERR_KNL_NOT_RUNNING (would block before tos_knl_start);
 *         K_ERR_PEND_SCHED_LOCKED; K_ERR_PEND_TIMEOUT; K_ERR_PEND_DESTROY. Not from an ISR.
 */
__API__ k_err_t tos_mail_q_pend(k_mail_q_t *mail_q, void *mail_buf, size_t *mail_size, k_tick_t timeout);

/**
 * Send one mail of exactly the queue's mail size.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_RING_Q_ITEM_SIZE_NOT_MATCH;
 *         K_ERR_RING_Q_FULL. ISR-safe.
 */
__API__ k_err_t tos_mail_q_post(k_mail_q_t *mail_q, void *mail_buf, size_t mail_size);
__API__ k_err_t tos_mail_q_post_all(k_mail_q_t *mail_q, void *mail_buf, size_t mail_size);

#endif

#endif /* _TOS_MAIL_QUEUE_H_ */
