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

#if TOS_CFG_SCHED_LOCK_EN > 0u
/**
 * Lock the scheduler: the caller keeps the CPU (interrupts still run) until the matching
 * unlock. Nests up to K_NESTING_LIMIT_SCHED_LOCK. (TOS_CFG_SCHED_LOCK_EN)
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
#endif

/* ---- Sprig extensions (not in TencentOS Tiny): kernel state for components and apps ---- */

/**
 * Whether the caller runs in interrupt context as the kernel sees it: an ISR that declared
 * itself with tos_knl_irq_enter, or what the CPU reports (a handler that did not bracket itself
 * is still an ISR). What decides that blocking calls return K_ERR_IN_IRQ. (Sprig extension)
 * @return non-zero in an ISR, 0 otherwise (a critical section in a task is not an ISR).
 *         Callable anywhere: task, ISR, critical section, before tos_knl_start.
 */
__API__ int     tos_knl_is_inirq(void);

/**
 * Whether the scheduler is locked (tos_knl_sched_lock in force), i.e. whether a blocking call
 * would return K_ERR_PEND_SCHED_LOCKED / K_ERR_SCHED_LOCKED. Always 0 with
 * TOS_CFG_SCHED_LOCK_EN 0. (Sprig extension)
 * @return non-zero when locked. Callable anywhere: task, ISR, critical section, before
 *         tos_knl_start.
 */
__API__ int     tos_knl_is_sched_locked(void);

/**
 * Ticks until the earliest kernel deadline: a task's delay or wait timeout, the timer task's
 * next expiry, an ISR-mode timer (TOS_CFG_TIMER_AS_PROC 1). 0 when one is already due. What a
 * tickless idle or an app that stops the tick (osKernelSuspend) may sleep. (Sprig extension)
 * @return ticks from now (the monotonic tick, tos_systick_monotonic_get); TOS_TIME_FOREVER if
 *         no deadline is pending. Callable anywhere: task, ISR, critical section, before
 *         tos_knl_start.
 */
__API__ k_tick_t tos_knl_next_expires_get(void);

/* The app's entry point: a board's main() runs it in the first task. Apps define it and have
   no main() of their own. */
void application_entry(void *arg);

/* ---- kernel-internal ---- */
/* (knl_is_running, knl_is_sched_locked, knl_is_idle and knl_is_self are inline: tos_global.h) */
/* Whether the caller is an interrupt handler: one that declared itself with tos_knl_irq_enter,
   or what the CPU says (a handler that forgot to bracket itself still cannot block). */
#if PORT_IRQ_NEST_HW > 0
__STATIC_INLINE__ int knl_is_inirq(void)
{
    return port_in_isr();
}
#else
__KNL__ int     knl_is_inirq(void);
#endif
/* Switch to the highest-priority ready task if it is not the current one (task context). */
__KNL__ void    knl_sched(void);
/* TOS_CPU_INT_ENABLE() then knl_sched(), for a caller in a critical section that saved `cpsr`.
   Where the port defers the switch until interrupts are unmasked (PORT_IRQ_NEST_HW), the
   decision is taken before unmasking, in the caller's critical section: the same switch, one
   critical section less. */
#if PORT_IRQ_NEST_HW > 0
__KNL__ void    knl_sched_unmask(cpu_cpsr_t cpsr);
#else
__STATIC_INLINE__ void knl_sched_unmask(cpu_cpsr_t cpsr)
{
    port_cpsr_restore(cpsr);
    knl_sched();
}
#endif
/* Ticks until the earliest kernel deadline (task timeout, ISR-mode timer), TOS_TIME_FOREVER if
   none. Interrupts masked. */
__KNL__ k_tick_t knl_next_expires_get(void);

#endif /* _TOS_SYS_H_ */
