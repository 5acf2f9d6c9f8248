/*
 * The port contract: everything the portable kernel needs from a CPU port. See docs/porting.md.
 *
 * A port provides port_cpu.h (types, PORT_* constants, PORT_TASK_FIELDS, and
 * port_cpsr_save()/port_cpsr_restore()/port_in_isr(), which may be inline) and implements the
 * calls below.
 * The kernel calls nothing else, and only the kernel calls these.
 */
#ifndef _TOS_PORT_H_
#define _TOS_PORT_H_

/* Per-reset CPU set-up, called by tos_knl_init: program the tick source to raise an interrupt
   TOS_CFG_CPU_TICK_PER_SECOND times a second whose handler calls knl_tick_announce() between
   tos_knl_irq_enter() and tos_knl_irq_leave(). */
__PORT__ void    port_init(void);

/* Start running k_curr_task. Does not return on hardware; on a simulator it returns when the
   machine halts. */
__PORT__ void    port_sched_start(void);

/* Task context, interrupts masked: save the running context in k_curr_task->sp, make
   k_next_task current and resume it. Returns when the caller is switched back in. */
__PORT__ void    port_context_switch(void);

/* From tos_knl_irq_leave: switch to k_next_task once the outermost interrupt has returned
   (Cortex-M: pend PendSV). */
__PORT__ void    port_irq_context_switch(void);

/* Idle, interrupts masked: wait until an interrupt is pending and return with it still pending
   (WFI). `ticks` is the time to the earliest kernel deadline (TOS_TIME_FOREVER if none): a port
   may stop its tick that long, but must then make the tick interrupt account the ticks that
   passed. */
__PORT__ void    port_idle(k_tick_t ticks);
/* (A port whose port_idle never uses `ticks` may define PORT_IDLE_DEADLINE_EN 0 in port_cpu.h:
   the idle task then passes TOS_TIME_FOREVER instead of working the deadline out.) */

#if TOS_CFG_PWR_MGR_EN > 0u
/* Idle, interrupts masked: like port_idle, in low-power `mode` (SLEEP, STOP, STANDBY): return
   once an interrupt is pending, leaving it pending. The tick keeps running unless the kernel
   stopped it with port_systick_suspend. */
__PORT__ void    port_cpu_lpwr_enter(k_cpu_lpwr_mode_t mode);
#endif

#if TOS_CFG_TICKLESS_EN > 0u
/* Stop the periodic tick interrupt (tickless sleep under a wake-up alarm). */
__PORT__ void    port_systick_suspend(void);
/* Restart it; the ticks that passed while it was stopped must reach the kernel through
   knl_tick_announce before a task the wake-up made ready runs. */
__PORT__ void    port_systick_resume(void);
#endif

/* Prepare the stack of a new task so that, when switched to, it calls entry(arg) with
   interrupts enabled and calls exit_fn() if entry returns. Sets task->sp.
   Returns K_ERR_NONE or K_ERR_TASK_OUT_OF_MEMORY. */
__PORT__ k_err_t port_task_stack_init(k_task_t *task, k_task_entry_t entry, void *arg,
                                      void (*exit_fn)(void));

/* The task is gone; release what port_task_stack_init took. May be called for the running
   task, which keeps its stack until the port has switched off it. */
__PORT__ void    port_task_stack_release(k_task_t *task);

/* Deepest stack use of `task` so far, in bytes; K_ERR_TASK_STK_OVERFLOW if it used it all. */
__PORT__ k_err_t port_task_stack_depth(k_task_t *task, int *depth);

/* Stop with a readable report (kernel assertion). Never returns. `what` and `file` are NULL
   (and `line` 0) when the kernel was built without assertion texts (TOS_CFG_ASSERT_EN 0). */
__PORT__ __NO_RETURN__ void port_panic(const char *what, const char *file, int line);

#endif /* _TOS_PORT_H_ */
