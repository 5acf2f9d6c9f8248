/*
 * Stopwatches: a countdown measured against the system tick (tos_systick_get), polled rather
 * than waited for, plus busy-wait delays. Always available.
 *
 * A stopwatch stores the tick at which it expires. Comparisons use the signed difference to the
 * current tick, so they survive a wrapping 32-bit k_tick_t; a countdown is therefore limited to
 * half the tick range (longer ones are clamped to it). Because the reference is
 * tos_systick_get, tos_systick_set moves running stopwatches (and busy-wait delays) with it.
 */
#ifndef _TOS_STOPWATCH_H_
#define _TOS_STOPWATCH_H_

typedef struct k_stopwatch_st {
    knl_obj_t   knl_obj;
    k_tick_t    until;              /* tos_systick_get() value at which it expires */
} k_stopwatch_t;

/**
 * Create a stopwatch, already expired (remaining time 0).
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL. ISR-safe.
 */
__API__ k_err_t  tos_stopwatch_create(k_stopwatch_t *stopwatch);

/**
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID. ISR-safe.
 */
__API__ k_err_t  tos_stopwatch_destroy(k_stopwatch_t *stopwatch);

/**
 * (Re)start the countdown: the stopwatch expires `tick` ticks from now (0: expired at once).
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID. ISR-safe.
 */
__API__ k_err_t  tos_stopwatch_countdown(k_stopwatch_t *stopwatch, k_tick_t tick);

/**
 * tos_stopwatch_countdown for `millisec`, converted with tos_millisec2tick (rounded down to
 * whole ticks, as tos_sleep_ms).
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID. ISR-safe.
 */
__API__ k_err_t  tos_stopwatch_countdown_ms(k_stopwatch_t *stopwatch, k_time_t millisec);

/**
 * Busy-wait, keeping the CPU (unlike tos_task_delay; higher-priority tasks and interrupts still
 * preempt), until `tick` ticks have passed. 0 returns at once. It relies on the tick advancing:
 * not from an ISR, nor with interrupts masked, nor before tos_knl_start.
 */
__API__ void     tos_stopwatch_delay(k_tick_t tick);

/** tos_stopwatch_delay for `millisec`, rounded down to whole ticks. Same restrictions. */
__API__ void     tos_stopwatch_delay_ms(k_time_t millisec);

/**
 * @return the ticks left until the stopwatch expires, 0 once it has; TOS_TIME_FOREVER if
 *         `stopwatch` is NULL or not a stopwatch. ISR-safe.
 */
__API__ k_tick_t tos_stopwatch_remain(k_stopwatch_t *stopwatch);

/**
 * @return the milliseconds left (tos_tick2millisec of the ticks left, capped at 0xFFFFFFFE);
 *         (k_time_t)-1 if `stopwatch` is NULL or not a stopwatch. ISR-safe. (TencentOS Tiny
 *         returned seconds here, rounded up.)
 */
__API__ k_time_t tos_stopwatch_remain_ms(k_stopwatch_t *stopwatch);

/**
 * @return K_TRUE once the countdown has run out (and for a stopwatch never started), K_FALSE
 *         before, or if `stopwatch` is NULL or not a stopwatch. ISR-safe.
 */
__API__ int      tos_stopwatch_is_expired(k_stopwatch_t *stopwatch);

#endif /* _TOS_STOPWATCH_H_ */
