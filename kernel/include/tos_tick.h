/*
 * The system tick and the timeout queue.
 */
#ifndef _TOS_TICK_H_
#define _TOS_TICK_H_

/**
 * Account one tick: wakes tasks whose timeout expired, runs ISR-mode timers, charges the
 * round-robin slice. Call from the board's tick ISR between tos_knl_irq_enter/leave (the ports
 * in this tree do that for you). No-op before tos_knl_start. ISR only.
 */
__API__ void tos_tick_handler(void);

/**
 * Account `elapsed` ticks at once: what tos_tick_handler does for each of them, in one step
 * (wakes every task whose timeout fell due, runs the timers that fell due, charges the
 * round-robin slice), then, from a task, switches to a more urgent task that this made ready
 * (with the scheduler locked: at the unlock). For time the tick interrupt did not count, e.g.
 * while an app stopped it (osKernelResume); ticks announced twice make kernel time run ahead.
 * No-op before tos_knl_start and for 0. With TOS_CFG_TIMER_AS_PROC 1 the timer callbacks that
 * fell due run in the caller's context. (Sprig extension)
 * ISR-callable (then the switch happens at tos_knl_irq_leave). Not inside a critical section.
 */
__API__ void tos_tick_announce(k_tick_t elapsed);

/* ---- kernel-internal ---- */
/* Put `task` on the timeout queue to wake `timeout` ticks from now (interrupts masked). */
__KNL__ void tick_list_add(k_task_t *task, k_tick_t timeout);
/* Take `task` off the timeout queue (interrupts masked). */
__STATIC_INLINE__ void tick_list_remove(k_task_t *task)
{
    tos_list_del_init(&task->tick_list);
    task->state &= (k_task_state_t)~K_TASK_STATE_SLEEP;
}
/* Ticks until the earliest task timeout, TOS_TIME_FOREVER if none (interrupts masked). */
__KNL__ k_tick_t tick_next_expires(void);
/* The monotonic tick count timeouts are measured against (unaffected by tos_systick_set). */
__KNL__ k_tick_t tick_now(void);

/* Port entry: `elapsed` ticks passed; same as tos_tick_handler for each of them, in one step.
   From the tick ISR (no switch here: tos_knl_irq_leave does it); tos_tick_announce is the
   public form that also reschedules in a task. */
__KNL__ void knl_tick_announce(k_tick_t elapsed);

#endif /* _TOS_TICK_H_ */
