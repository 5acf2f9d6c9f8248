/*
 * Completions (TOS_CFG_COMPLETION_EN): "it has happened", signalled by one side and waited for
 * by the other.
 *
 * TencentOS Tiny semantics: a completion keeps a count of posts, `done`. A wait returns at once
 * while `done` is non-zero and does not consume it: the completion stays done (for every later
 * waiter) until tos_completion_reset. tos_completion_post marks it done once more and wakes the
 * most urgent waiter; tos_completion_post_all marks it done and wakes every waiter. So a task
 * that waits in a loop resets the completion after each wait, and an event that many tasks
 * wait for is signalled with post_all.
 */
#ifndef _TOS_COMPLETION_H_
#define _TOS_COMPLETION_H_

#if TOS_CFG_COMPLETION_EN > 0u

typedef uint16_t    completion_done_t;

typedef struct k_completion_st {
    knl_obj_t           knl_obj;
    pend_obj_t          pend_obj;
    completion_done_t   done;           /* posts since create/reset; 0: not done */
} k_completion_t;

/**
 * Create a completion, not done.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL. ISR-safe.
 */
__API__ k_err_t tos_completion_create(k_completion_t *completion);

/**
 * Destroy; every waiter wakes with K_ERR_PEND_DESTROY.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID. ISR-safe.
 */
__API__ k_err_t tos_completion_destroy(k_completion_t *completion);

/**
 * Wait up to `timeout` ticks (TOS_TIME_NOWAIT, TOS_TIME_FOREVER) until the completion is done.
 * Returns at once if it already is; the wait does not consume it.
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_PEND_NOWAIT;
 *         K_ERR_KNL_NOT_RUNNING (would block before tos_knl_start); K_ERR_PEND_SCHED_LOCKED;
 *         K_ERR_PEND_TIMEOUT; K_ERR_PEND_DESTROY. Not from an ISR.
 */
__API__ k_err_t tos_completion_pend_timed(k_completion_t *completion, k_tick_t timeout);

/**
 * tos_completion_pend_timed(completion, TOS_TIME_FOREVER).
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID;
 *         K_ERR_KNL_NOT_RUNNING; K_ERR_PEND_SCHED_LOCKED; K_ERR_PEND_DESTROY. Not from an ISR.
 */
__API__ k_err_t tos_completion_pend(k_completion_t *completion);

/**
 * Mark the completion done (count one more post) and wake the most urgent waiter (FIFO among
 * equal priorities). Other waiters keep waiting for the next post; later waits return at once.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_COMPLETION_OVERFLOW (it
 *         has already been posted 0xFFFF times since create/reset: nothing changes, nobody
 *         is woken). ISR-safe.
 */
__API__ k_err_t tos_completion_post(k_completion_t *completion);

/**
 * Mark the completion done (count one more post) and wake every waiter.
 * @return as tos_completion_post. ISR-safe.
 */
__API__ k_err_t tos_completion_post_all(k_completion_t *completion);

/**
 * Make the completion not done again (the post count returns to 0). Waiters are not affected.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID. ISR-safe.
 */
__API__ k_err_t tos_completion_reset(k_completion_t *completion);

/**
 * @return K_TRUE if the completion has been posted since create/reset, K_FALSE if not, or if
 *         `completion` is NULL or not a completion. ISR-safe.
 */
__API__ int     tos_completion_is_done(k_completion_t *completion);

#endif

#endif /* _TOS_COMPLETION_H_ */
