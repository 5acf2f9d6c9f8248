/*
 * Basic kernel types. Widths are part of the TencentOS Tiny contract.
 */
#ifndef _TOS_KTYPES_H_
#define _TOS_KTYPES_H_

#include <stddef.h>
#include <stdint.h>

typedef uint8_t     k_prio_t;
typedef uint8_t     k_stack_t;
typedef uint8_t     k_task_state_t;
typedef uint8_t     k_nesting_t;
typedef uint16_t    k_opt_t;
typedef uint16_t    k_sem_cnt_t;
typedef uint32_t    k_event_flag_t;
typedef uint16_t    k_barrier_cnt_t;
typedef uint16_t    k_countdownlatch_cnt_t;
typedef uint32_t    k_time_t;           /* milliseconds */
typedef uint32_t    k_timeslice_t;      /* ticks */
typedef uint32_t    k_cycle_t;

#if TOS_CFG_TICK_64BIT_EN > 0u
typedef uint64_t    k_tick_t;
typedef int64_t     k_stick_t;          /* signed difference of two ticks (wrap-safe compares) */
#else
typedef uint32_t    k_tick_t;
typedef int32_t     k_stick_t;
#endif

#define K_TRUE      1u
#define K_FALSE     0u

#ifndef K_NULL
#define K_NULL      0
#endif

#endif /* _TOS_KTYPES_H_ */
