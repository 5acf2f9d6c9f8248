/*
 * Round robin among ready tasks of equal priority (TOS_CFG_ROUND_ROBIN_EN).
 */
#ifndef _TOS_ROBIN_H_
#define _TOS_ROBIN_H_

#if TOS_CFG_ROUND_ROBIN_EN > 0u

/**
 * Set the time slice of `task` (NULL = the caller) in ticks; 0 = the current default.
 * ISR-safe.
 */
__API__ void tos_robin_timeslice_set(k_task_t *task, k_timeslice_t timeslice);

/**
 * Set the default slice of tasks whose slice is 0; they pick it up at their next slice reload.
 * 0 restores the built-in default (TOS_CFG_CPU_TICK_PER_SECOND / 10). A task alone at its
 * priority is never charged. ISR-safe.
 */
__API__ void tos_robin_default_timeslice_config(k_timeslice_t default_timeslice);

/* ---- kernel-internal ---- */
__KNL__ void robin_init(void);
__KNL__ k_timeslice_t robin_default_timeslice(void);
/* Charge `elapsed` ticks to the running task's slice (from the tick). */
__KNL__ void robin_sched(k_tick_t elapsed);

#endif

#endif /* _TOS_ROBIN_H_ */
