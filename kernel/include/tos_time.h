/*
 * Time: the tick count and conversions. A tick is 1/TOS_CFG_CPU_TICK_PER_SECOND seconds.
 */
#ifndef _TOS_TIME_H_
#define _TOS_TIME_H_

#define TOS_TIME_FOREVER            ((k_tick_t)-1)
#define TOS_TIME_NOWAIT             ((k_tick_t)0u)
#define K_TIME_MILLISEC_PER_SEC     1000u
#define K_TIME_MAX                  (TOS_TIME_FOREVER - 1u)

/** @return ticks since tos_knl_init (plus any tos_systick_set adjustment). ISR-safe. */
__API__ k_tick_t tos_systick_get(void);

/**
 * Set the tick count that tos_systick_get reports. Pending timeouts and timers keep their
 * remaining time. ISR-safe.
 */
__API__ void     tos_systick_set(k_tick_t tick);

/**
 * The monotonic tick count: ticks since tos_knl_init, which every timeout, delay and timer is
 * measured against. Unlike tos_systick_get, tos_systick_set does not move it. It wraps at the
 * width of k_tick_t (32-bit ticks: compare with a signed difference). Read atomically, also
 * where k_tick_t is wider than the CPU's word. (Sprig extension)
 * @return the tick count. Callable anywhere: task, ISR, critical section, before tos_knl_start
 *         (0 then).
 */
__API__ k_tick_t tos_systick_monotonic_get(void);

/** Ticks to milliseconds, rounded down. */
__API__ k_time_t tos_tick2millisec(k_tick_t tick);

/** Milliseconds to ticks, rounded down. */
__API__ k_tick_t tos_millisec2tick(k_time_t millisec);

/**
 * Sleep for `millisec` (rounded down to whole ticks; less than a tick just yields).
 * @return as tos_task_delay. Not from an ISR.
 */
__API__ k_err_t  tos_sleep_ms(k_time_t millisec);

/**
 * Sleep for hour:minute:second.millisec.
 * @return as tos_task_delay. Not from an ISR.
 */
__API__ k_err_t  tos_sleep_hmsm(k_time_t hour, k_time_t minute, k_time_t second, k_time_t millisec);

/* ---- kernel-internal ---- */
/* (What tos_systick_set added to the monotonic tick, k_knl.systick_offset, is reset with the
   rest of the kernel's state by tos_knl_init.) */

#endif /* _TOS_TIME_H_ */
