/*
 * Sprig HAL: hardware timers.
 *
 * Timers are numbered 0..HAL_TIMER_COUNT-1 (hal_board.h), counting microseconds. A started
 * timer calls its callback in ISR context after `period_us`, once (HAL_TIMER_ONESHOT) or every
 * period (HAL_TIMER_PERIODIC). Periodic expiries are on exact multiples of the period from the
 * start, however late a callback runs; if the interrupt is held off for more than a period the
 * missed expiries are merged into one call. Every call works in any context; stopping a timer
 * from its own callback is allowed.
 */
#ifndef HAL_TIMER_H
#define HAL_TIMER_H

#include <stdint.h>

#include "hal_err.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    HAL_TIMER_ONESHOT = 0,
    HAL_TIMER_PERIODIC,
} hal_timer_mode_t;

typedef void (*hal_timer_cb_t)(void *arg);

/* Start (or restart) `timer`: the first expiry `period_us` from now.
   HAL_OK; HAL_ENODEV; HAL_EINVAL (period 0, cb NULL, mode invalid). */
int hal_timer_start(unsigned timer, uint32_t period_us, hal_timer_mode_t mode,
                    hal_timer_cb_t cb, void *arg);

/* Stop it; a pending expiry is discarded. Stopping a stopped timer is fine.
   HAL_OK; HAL_ENODEV. */
int hal_timer_stop(unsigned timer);

/* Microseconds since the current period began (0 when stopped).
   HAL_OK; HAL_ENODEV; HAL_EINVAL (us NULL). */
int hal_timer_elapsed(unsigned timer, uint32_t *us);

#ifdef __cplusplus
}
#endif

#endif /* HAL_TIMER_H */
