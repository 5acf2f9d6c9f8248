/*
 * Event flags (TOS_CFG_EVENT_EN): a 32-bit flag word tasks wait on.
 */
#ifndef _TOS_EVENT_H_
#define _TOS_EVENT_H_

#if TOS_CFG_EVENT_EN > 0u

#define TOS_OPT_EVENT_PEND_ANY      (k_opt_t)0x0001u    /* any expected bit */
#define TOS_OPT_EVENT_PEND_ALL      (k_opt_t)0x0002u    /* all expected bits */
#define TOS_OPT_EVENT_PEND_CLR      (k_opt_t)0x0004u    /* clear the flag word when satisfied */

typedef struct k_event_st {
    knl_obj_t       knl_obj;
    pend_obj_t      pend_obj;
    k_event_flag_t  flag;
} k_event_t;

/** @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL. ISR-safe. */
__API__ k_err_t tos_event_create(k_event_t *event, k_event_flag_t init_flag);

#if TOS_CFG_MMHEAP_EN > 0u
/** @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL; K_ERR_OUT_OF_MEMORY. */
__API__ k_err_t tos_event_create_dyn(k_event_t **event, k_event_flag_t init_flag);
__API__ k_err_t tos_event_destroy_dyn(k_event_t *event);
#endif

/**
 * Destroy; waiters wake with K_ERR_PEND_DESTROY.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_OBJ_INVALID_ALLOC_TYPE.
 *         ISR-safe.
 */
__API__ k_err_t tos_event_destroy(k_event_t *event);

/**
 * Wait until the flag word has ANY or ALL of `flag_expect` (exactly one of the two options),
 * up to `timeout` ticks. On success `*flag_match` gets the expected bits that were set. With
 * TOS_OPT_EVENT_PEND_CLR the whole flag word is cleared when the wait is satisfied (TencentOS
 * Tiny semantics), so no later waiter of the same post can match. An ALL wait for no bits
 * (flag_expect 0) is satisfied at once; an ANY wait for no bits never is.
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL (event or flag_match);
 *         K_ERR_OBJ_INVALID; K_ERR_EVENT_PEND_OPT_INVALID; K_ERR_PEND_NOWAIT;
 *         K_ERR_KNL_NOT_RUNNING (would block before tos_knl_start); K_ERR_PEND_SCHED_LOCKED;
 *         K_ERR_PEND_TIMEOUT; K_ERR_PEND_DESTROY. Not from an ISR.
 */
__API__ k_err_t tos_event_pend(k_event_t *event, k_event_flag_t flag_expect,
                               k_event_flag_t *flag_match, k_tick_t timeout, k_opt_t opt);

/**
 * Replace the flag word with `flag` and wake the waiters it satisfies.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID. ISR-safe.
 */
__API__ k_err_t tos_event_post(k_event_t *event, k_event_flag_t flag);

/** OR `flag` into the flag word and wake the waiters it satisfies. ISR-safe. */
__API__ k_err_t tos_event_post_keep(k_event_t *event, k_event_flag_t flag);

#endif

#endif /* _TOS_EVENT_H_ */
