/*
 * Priority mail queue (TOS_CFG_PRIORITY_MAIL_QUEUE_EN, needs TOS_CFG_MMHEAP_EN): fixed-size
 * mails copied by value, posted with a k_prio_t priority and received most urgent first (lowest
 * number first), FIFO within a priority. A post to a queue with waiters copies the mail straight
 * into the most urgent waiter's buffer (whatever the mail's priority: a queue with waiters is
 * always empty).
 *
 * Mail priorities are independent of task priorities: every k_prio_t value is accepted.
 */
#ifndef _TOS_PRIORITY_MAIL_QUEUE_H_
#define _TOS_PRIORITY_MAIL_QUEUE_H_

#if TOS_CFG_PRIORITY_MAIL_QUEUE_EN > 0u

typedef struct k_priority_mail_queue_st {
    knl_obj_t   knl_obj;
    pend_obj_t  pend_obj;
    void       *prio_q_mgr_array;   /* the inner queue's manager array (from the kernel heap) */
    k_prio_q_t  prio_q;
} k_prio_mail_q_t;

/**
 * The caller gives the pool; the queue's manager array (TOS_PRIO_Q_MGR_ARRAY_SIZE(mail_cnt)
 * bytes) comes from the kernel heap and is freed by tos_prio_mail_q_destroy().
 * @param pool  mail_cnt * mail_size bytes
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL (prio_mail_q or pool);
 *         K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH (mail_size 0); K_ERR_PRIO_Q_FULL (mail_cnt 0);
 *         K_ERR_OUT_OF_MEMORY (no room for the manager array).
 */
__API__ k_err_t tos_prio_mail_q_create(k_prio_mail_q_t *prio_mail_q, void *pool, size_t mail_cnt,
                                       size_t mail_size);

/**
 * Destroy; waiters wake with K_ERR_PEND_DESTROY (their buffers untouched) and the manager
 * array is freed.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_OBJ_INVALID_ALLOC_TYPE
 *         (made by tos_prio_mail_q_create_dyn).
 */
__API__ k_err_t tos_prio_mail_q_destroy(k_prio_mail_q_t *prio_mail_q);

/** The pool and the manager array (not the k_prio_mail_q_t) come from the kernel heap.
 *  @return as create (without the NULL pool), plus K_ERR_OUT_OF_MEMORY. */
__API__ k_err_t tos_prio_mail_q_create_dyn(k_prio_mail_q_t *prio_mail_q, size_t mail_cnt,
                                           size_t mail_size);
/** As destroy, freeing both; K_ERR_OBJ_INVALID_ALLOC_TYPE for a queue made by create. */
__API__ k_err_t tos_prio_mail_q_destroy_dyn(k_prio_mail_q_t *prio_mail_q);

/** Drop queued mails (waiters are unaffected). @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL;
 *  K_ERR_OBJ_INVALID. ISR-safe. */
__API__ k_err_t tos_prio_mail_q_flush(k_prio_mail_q_t *prio_mail_q);

/**
 * Receive the most urgent mail into `mail_buf` (at least the queue's mail size), waiting up to
 * `timeout`. `*mail_size` (if not NULL) gets the mail's size, or 0 when the call returns
 * without a mail and without blocking (K_ERR_PEND_NOWAIT, K_ERR_KNL_NOT_RUNNING,
 * K_ERR_PEND_SCHED_LOCKED); after blocking it is written only on success. `mail_buf` is
 * written only on success.
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL (prio_mail_q or mail_buf);
 *         K_ERR_OBJ_INVALID; K_ERR_PEND_NOWAIT; K_ERR_KNL_NOT_RUNNING; K_ERR_PEND_SCHED_LOCKED;
 *         K_ERR_PEND_TIMEOUT; K_ERR_PEND_DESTROY. Not from an ISR.
 */
__API__ k_err_t tos_prio_mail_q_pend(k_prio_mail_q_t *prio_mail_q, void *mail_buf,
                                     size_t *mail_size, k_tick_t timeout);

/**
 * Send one mail of exactly the queue's mail size to the most urgent waiter, or queue it with
 * priority `prio`. The size is checked on both paths, so a receiver's buffer is never overrun.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL (prio_mail_q or mail_buf); K_ERR_OBJ_INVALID;
 *         K_ERR_PRIO_Q_ITEM_SIZE_NOT_MATCH; K_ERR_PRIO_Q_FULL. ISR-safe.
 */
__API__ k_err_t tos_prio_mail_q_post(k_prio_mail_q_t *prio_mail_q, void *mail_buf,
                                     size_t mail_size, k_prio_t prio);

/** Copy the mail to every waiter, or queue it once. Returns as post. ISR-safe. */
__API__ k_err_t tos_prio_mail_q_post_all(k_prio_mail_q_t *prio_mail_q, void *mail_buf,
                                         size_t mail_size, k_prio_t prio);

#endif

#endif /* _TOS_PRIORITY_MAIL_QUEUE_H_ */
