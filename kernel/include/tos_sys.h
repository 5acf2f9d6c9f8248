/*
 * Kernel start-up, interrupt bracketing and scheduler locking.
 */
#ifndef _TOS_SYS_H_
#define _TOS_SYS_H_

#define K_NESTING_LIMIT_IRQ             (k_nesting_t)250u
#define K_NESTING_LIMIT_SCHED_LOCK      (k_nesting_t)250u

typedef enum knl_state_en {
    KNL_STATE_STOPPED,
    KNL_STATE_RUNNING,
} knl_state_t;

/**
 * Initialise the kernel: port, ready queue, heap (with the default pool), idle task, timers.
 * Call once from main() before creating tasks; calling it again resets the kernel (the
 * simulator's test runner starts every case from a fresh kernel this way).
 * @return K_ERR_NONE, or the error of the step that failed. Not from an ISR.
 */
__API__ k_err_t tos_knl_init(void);

/**
 * Start scheduling: the highest-priority ready task runs.
 * @return K_ERR_KNL_RUNNING if already started. On hardware it does not return otherwise; on
 *         the simulator it returns K_ERR_NONE when the machine halts (--stop-at, test end).
 */
__API__ k_err_t tos_knl_start(void);

/** @return non-zero once tos_knl_start has started scheduling. ISR-safe. */
__API__ int     tos_knl_is_running(void);

/**
 * Bracket every ISR that uses the kernel: tos_knl_irq_enter() first, tos_knl_irq_leave() last.
 * Leaving the outermost ISR switches to a higher-priority task that the ISR made ready.
 * Both are no-ops before tos_knl_start. ISR only.
 */
__API__ void    tos_knl_irq_enter(void);
__API__ void    tos_knl_irq_leave(void);

/**
 * Lock the scheduler: the caller keeps the CPU (interrupts still run) until the matching
 * unlock. Nests up to K_NESTING_LIMIT_SCHED_LOCK.
 * @return K_ERR_NONE; K_ERR_IN_IRQ from an ISR; K_ERR_KNL_NOT_RUNNING before start;
 *         K_ERR_LOCK_NESTING_OVERFLOW past the nesting limit.
 */
__API__ k_err_t tos_knl_sched_lock(void);

/**
 * Undo one tos_knl_sched_lock; the last one lets a pending preemption happen right here.
 * @return K_ERR_NONE; K_ERR_IN_IRQ from an ISR; K_ERR_KNL_NOT_RUNNING before start;
 *         K_ERR_SCHED_NOT_LOCKED if not locked.
 */
__API__ k_err_t tos_knl_sched_unlock(void);

/* The app's entry point: a board's main() runs it in the first task. Apps define it and have
   no main() of their own. */
void application_entry(void *arg);

/* ---- kernel-internal ---- */
__KNL__ int     knl_is_sched_locked(void);
__KNL__ int     knl_is_inirq(void);
__KNL__ int     knl_is_idle(const k_task_t *task);
__KNL__ int     knl_is_self(const k_task_t *task);
/* Switch to the highest-priority ready task if it is not the current one (task context). */
__KNL__ void    knl_sched(void);
__KNL__ k_err_t knl_idle_init(void);
/* Ticks until the earliest kernel deadline (task timeout, ISR-mode timer), TOS_TIME_FOREVER if
   none. Interrupts masked. */
__KNL__ k_tick_t knl_next_expires_get(void);

#endif /* _TOS_SYS_H_ */
