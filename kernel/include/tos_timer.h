/*
 * Software timers (TOS_CFG_TIMER_EN). Callbacks run in the timer task with the scheduler locked
 * (TOS_CFG_TIMER_AS_PROC 0, priority TOS_CFG_TIMER_TASK_PRIO) or in the tick ISR
 * (TOS_CFG_TIMER_AS_PROC 1); either way they must not block. Periodic timers are re-armed from
 * their previous expiry, not from when they were serviced, so they never drift. Timers due on
 * the same tick fire in the order they were (re)armed. A delay or period is capped at half the
 * k_tick_t range (about 24.8 days at 1 kHz with 32-bit ticks).
 */
#ifndef _TOS_TIMER_H_
#define _TOS_TIMER_H_

#if TOS_CFG_TIMER_EN > 0u

#define TOS_OPT_TIMER_ONESHOT   (k_opt_t)0x0001u
#define TOS_OPT_TIMER_PERIODIC  (k_opt_t)0x0002u

typedef void (*k_timer_callback_t)(void *arg);

typedef enum timer_state_en {
    TIMER_STATE_UNUSED,
    TIMER_STATE_STOPPED,
    TIMER_STATE_RUNNING,
    TIMER_STATE_COMPLETED,      /* a one-shot that fired */
} timer_state_t;

/* Apps may read state and, while state is TIMER_STATE_RUNNING, expires: the monotonic tick
   (tos_systick_monotonic_get) it fires at, compared by signed difference (Sprig: documented,
   read-only, under a critical section to be coherent); everything else is the kernel's. */
typedef struct k_timer_st {
    knl_obj_t           knl_obj;
    k_timer_callback_t  cb;
    void               *cb_arg;
    k_list_t            list;
    k_tick_t            expires;    /* absolute tick while running */
    k_tick_t            delay;
    k_tick_t            period;
    k_opt_t             opt;
    timer_state_t       state;
} k_timer_t;

/**
 * Create a stopped timer. A one-shot fires once, `delay` ticks after start (delay > 0). A
 * periodic timer fires first after `delay` (or `period` if delay is 0), then every `period`.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL (tmr or callback); K_ERR_TIMER_INVALID_PERIOD
 *         (periodic with period 0); K_ERR_TIMER_INVALID_DELAY (one-shot with delay 0);
 *         K_ERR_TIMER_INVALID_OPT; K_ERR_TIMER_DELAY_FOREVER; K_ERR_TIMER_PERIOD_FOREVER;
 *         K_ERR_TIMER_RUNNING (tmr is a running timer). ISR-safe.
 */
__API__ k_err_t tos_timer_create(k_timer_t *tmr, k_tick_t delay, k_tick_t period,
                                 k_timer_callback_t callback, void *cb_arg, k_opt_t opt);

/** @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID. ISR-safe. */
__API__ k_err_t tos_timer_destroy(k_timer_t *tmr);

/** Start, or restart a running timer from now. @return K_ERR_NONE; K_ERR_OBJ_*. ISR-safe. */
__API__ k_err_t tos_timer_start(k_timer_t *tmr);

/** @return K_ERR_NONE; K_ERR_OBJ_*; K_ERR_TIMER_STOPPED (not running). ISR-safe. */
__API__ k_err_t tos_timer_stop(k_timer_t *tmr);

/**
 * Change the delay/period of a stopped timer (takes effect at the next start).
 * @return K_ERR_NONE; K_ERR_OBJ_*; K_ERR_TIMER_RUNNING; K_ERR_TIMER_INVALID_DELAY /
 *         K_ERR_TIMER_INVALID_PERIOD (0 where the mode needs it); K_ERR_TIMER_DELAY_FOREVER /
 *         K_ERR_TIMER_PERIOD_FOREVER. ISR-safe.
 */
__API__ k_err_t tos_timer_delay_change(k_timer_t *tmr, k_tick_t delay);
__API__ k_err_t tos_timer_period_change(k_timer_t *tmr, k_tick_t period);

/* ---- kernel-internal ---- */
__KNL__ k_err_t  timer_init(void);
/* Ticks until the next ISR-mode timer expiry, TOS_TIME_FOREVER if none. */
__KNL__ k_tick_t timer_next_expires_get(void);
/* Run expired timers (tick ISR in AS_PROC mode). */
__KNL__ void     timer_update(void);

#endif

#endif /* _TOS_TIMER_H_ */
