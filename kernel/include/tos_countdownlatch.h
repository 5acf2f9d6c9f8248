/*
 * Countdown latches (TOS_CFG_COUNTDOWNLATCH_EN): tasks wait until `count` events have been
 * posted.
 *
 * The latch holds the number of posts still expected. Each post takes one off; the post that
 * brings it to 0 opens the latch and wakes every waiter (TencentOS Tiny woke only the most
 * urgent one and left the others blocked on an open latch). An open latch lets every wait
 * through until tos_countdownlatch_reset arms it again.
 */
#ifndef _TOS_COUNTDOWNLATCH_H_
#define _TOS_COUNTDOWNLATCH_H_

#if TOS_CFG_COUNTDOWNLATCH_EN > 0u

typedef struct k_countdownlatch_st {
    knl_obj_t               knl_obj;
    pend_obj_t              pend_obj;
    k_countdownlatch_cnt_t  count;      /* posts still expected; 0: open */
} k_countdownlatch_t;

/**
 * Create a latch expecting `count` posts (0: created open).
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL. ISR-safe.
 */
__API__ k_err_t tos_countdownlatch_create(k_countdownlatch_t *countdownlatch,
                                          k_countdownlatch_cnt_t count);

/**
 * Destroy; every waiter wakes with K_ERR_PEND_DESTROY.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID. ISR-safe.
 */
__API__ k_err_t tos_countdownlatch_destroy(k_countdownlatch_t *countdownlatch);

/**
 * Wait up to `timeout` ticks (TOS_TIME_NOWAIT, TOS_TIME_FOREVER) until the latch is open.
 * Returns at once if it already is.
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_PEND_NOWAIT;
 *         K_ERR_KNL_NOT_RUNNING (would block before tos_knl_start); K_ERR_PEND_SCHED_LOCKED;
 *         K_ERR_PEND_TIMEOUT; K_ERR_PEND_DESTROY. Not from an ISR.
 */
__API__ k_err_t tos_countdownlatch_pend_timed(k_countdownlatch_t *countdownlatch,
                                              k_tick_t timeout);

/**
 * tos_countdownlatch_pend_timed(countdownlatch, TOS_TIME_FOREVER).
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID;
 *         K_ERR_KNL_NOT_RUNNING; K_ERR_PEND_SCHED_LOCKED; K_ERR_PEND_DESTROY. Not from an ISR.
 */
__API__ k_err_t tos_countdownlatch_pend(k_countdownlatch_t *countdownlatch);

/**
 * Count one expected event. The post that brings the count to 0 wakes every waiter (most
 * urgent first, FIFO among equal priorities).
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_COUNTDOWNLATCH_OVERFLOW
 *         (the latch is already open: more posts than expected; nothing changes). ISR-safe.
 */
__API__ k_err_t tos_countdownlatch_post(k_countdownlatch_t *countdownlatch);

/**
 * Expect `count` posts from now on. Tasks already waiting keep waiting for them; a reset to 0
 * opens the latch and wakes them.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID. ISR-safe.
 */
__API__ k_err_t tos_countdownlatch_reset(k_countdownlatch_t *countdownlatch,
                                         k_countdownlatch_cnt_t count);

#endif

#endif /* _TOS_COUNTDOWNLATCH_H_ */
