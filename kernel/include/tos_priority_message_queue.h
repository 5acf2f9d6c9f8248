/*
 * Priority message queue (TOS_CFG_PRIORITY_MESSAGE_QUEUE_EN, needs TOS_CFG_MMHEAP_EN): pointers
 * posted with a k_prio_t priority and received most urgent first (lowest number first), FIFO
 * within a priority. A post to a queue with waiters hands the pointer straight to the most
 * urgent waiter (whatever the message's priority: a queue with waiters is always empty).
 *
 * Message priorities are independent of task priorities: every k_prio_t value is accepted.
 */
#ifndef _TOS_PRIORITY_MESSAGE_QUEUE_H_
#define _TOS_PRIORITY_MESSAGE_QUEUE_H_

#if TOS_CFG_PRIORITY_MESSAGE_QUEUE_EN > 0u

typedef struct k_priority_message_queue_st {
    knl_obj_t   knl_obj;
    pend_obj_t  pend_obj;
    void       *prio_q_mgr_array;   /* the inner queue's manager array (from the kernel heap) */
    k_prio_q_t  prio_q;
} k_prio_msg_q_t;

/**
 * The caller gives the pool; the queue's manager array (TOS_PRIO_Q_MGR_ARRAY_SIZE(msg_cnt)
 * bytes) comes from the kernel heap and is freed by tos_prio_msg_q_destroy().
 * @param pool  room for msg_cnt pointers (msg_cnt * sizeof(void *) bytes)
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL (prio_msg_q or pool); K_ERR_PRIO_Q_FULL (msg_cnt 0);
 *         K_ERR_OUT_OF_MEMORY (no room for the manager array).
 */
__API__ k_err_t tos_prio_msg_q_create(k_prio_msg_q_t *prio_msg_q, void *pool, size_t msg_cnt);

/**
 * Destroy; waiters wake with K_ERR_PEND_DESTROY and the manager array is freed.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_OBJ_INVALID_ALLOC_TYPE
 *         (made by tos_prio_msg_q_create_dyn).
 */
__API__ k_err_t tos_prio_msg_q_destroy(k_prio_msg_q_t *prio_msg_q);

/** The pool and the manager array (not the k_prio_msg_q_t) come from the kernel heap.
 *  @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_PRIO_Q_FULL (msg_cnt 0); K_ERR_OUT_OF_MEMORY. */
__API__ k_err_t tos_prio_msg_q_create_dyn(k_prio_msg_q_t *prio_msg_q, size_t msg_cnt);
/** As destroy, freeing both; K_ERR_OBJ_INVALID_ALLOC_TYPE for a queue made by create. */
__API__ k_err_t tos_prio_msg_q_destroy_dyn(k_prio_msg_q_t *prio_msg_q);

/** Drop queued messages (waiters are unaffected). @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL;
 *  K_ERR_OBJ_INVALID. ISR-safe. */
__API__ k_err_t tos_prio_msg_q_flush(k_prio_msg_q_t *prio_msg_q);

/**
 * Receive the most urgent pointer, waiting up to `timeout` ticks.
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL (prio_msg_q or msg_ptr);
 *         K_ERR_OBJ_INVALID; K_ERR_PEND_NOWAIT (*msg_ptr = NULL); K_ERR_KNL_NOT_RUNNING (would
 *         block before tos_knl_start); K_ERR_PEND_SCHED_LOCKED; K_ERR_PEND_TIMEOUT;
 *         K_ERR_PEND_DESTROY. *msg_ptr is only written on success and for K_ERR_PEND_NOWAIT.
 *         Not from an ISR.
 */
__API__ k_err_t tos_prio_msg_q_pend(k_prio_msg_q_t *prio_msg_q, void **msg_ptr, k_tick_t timeout);

/**
 * Send a pointer to the most urgent waiter, or queue it with priority `prio`.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_PRIO_Q_FULL. ISR-safe.
 */
__API__ k_err_t tos_prio_msg_q_post(k_prio_msg_q_t *prio_msg_q, void *msg_ptr, k_prio_t prio);

/** Send the pointer to every waiter, or queue it once. Returns as post. ISR-safe. */
__API__ k_err_t tos_prio_msg_q_post_all(k_prio_msg_q_t *prio_msg_q, void *msg_ptr, k_prio_t prio);

#endif

#endif /* _TOS_PRIORITY_MESSAGE_QUEUE_H_ */
