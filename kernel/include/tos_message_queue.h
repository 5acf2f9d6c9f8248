/*
 * Message queue (TOS_CFG_MESSAGE_QUEUE_EN): a FIFO of pointers. A post to a queue with waiters
 * hands the pointer straight to the most urgent one.
 */
#ifndef _TOS_MESSAGE_QUEUE_H_
#define _TOS_MESSAGE_QUEUE_H_

#if TOS_CFG_MESSAGE_QUEUE_EN > 0u

typedef struct k_message_queue_st {
    knl_obj_t   knl_obj;
    pend_obj_t  pend_obj;
    k_ring_q_t  ring_q;
} k_msg_q_t;

/**
 * @param pool  room for msg_cnt pointers (msg_cnt * sizeof(void *) bytes)
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_RING_Q_FULL (msg_cnt 0). ISR-safe.
 */
__API__ k_err_t tos_msg_q_create(k_msg_q_t *msg_q, void *pool, size_t msg_cnt);

/** Destroy; waiters get K_ERR_PEND_DESTROY. ISR-safe. */
__API__ k_err_t tos_msg_q_destroy(k_msg_q_t *msg_q);

#if TOS_CFG_MMHEAP_EN > 0u
/** The pool (not the k_msg_q_t) comes from the heap. @return ..., K_ERR_OUT_OF_MEMORY. */
__API__ k_err_t tos_msg_q_create_dyn(k_msg_q_t *msg_q, size_t msg_cnt);
__API__ k_err_t tos_msg_q_destroy_dyn(k_msg_q_t *msg_q);
#endif

/** Drop queued messages (waiters are unaffected). ISR-safe. */
__API__ k_err_t tos_msg_q_flush(k_msg_q_t *msg_q);

/**
 * Receive a pointer, waiting up to `timeout` ticks.
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL (msg_q or msg_ptr); K_ERR_OBJ_INVALID;
 *         K_ERR_PEND_NOWAIT (*msg_ptr = NULL); K_ERR_KNL_NOT_RUNNING (would block before
 *         tos_knl_start); K_ERR_PEND_SCHED_LOCKED; K_ERR_PEND_TIMEOUT; K_ERR_PEND_DESTROY.
 *         *msg_ptr is only written on success and for K_ERR_PEND_NOWAIT. Not from an ISR.
 */
__API__ k_err_t tos_msg_q_pend(k_msg_q_t *msg_q, void **msg_ptr, k_tick_t timeout);

/**
 * Send a pointer to the most urgent waiter, or queue it.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_RING_Q_FULL. ISR-safe.
 */
__API__ k_err_t tos_msg_q_post(k_msg_q_t *msg_q, void *msg_ptr);

/** Send the pointer to every waiter, or queue it once. ISR-safe. */
__API__ k_err_t tos_msg_q_post_all(k_msg_q_t *msg_q, void *msg_ptr);

#endif

#endif /* _TOS_MESSAGE_QUEUE_H_ */
