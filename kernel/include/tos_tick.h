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

/* Port entry: `elapsed` ticks passed; same as tos_tick_handler for each of them, in one step. */
__KNL__ void knl_tick_announce(k_tick_t elapsed);

#endif /* _TOS_TICK_H_ */
