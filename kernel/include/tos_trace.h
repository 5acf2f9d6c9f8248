/*
 * Trace hooks: the points where the kernel (and the port) tell a tracer what happens.
 *
 * Every hook is a macro that expands to nothing unless the port defines PORT_TRACE_EN > 0 in
 * its port_cpu.h (the POSIX simulator does; a board port need not). An app can still compile
 * them out with `#define PORT_TRACE_EN 0` in its tos_config.h.
 *
 * When compiled in, a hook costs one load and one predictable branch on port_trace_enabled
 * while nobody is tracing; only when it is set does it call the port's port_trace_*() function,
 * which records the event (the POSIX port forwards it to the simulator's trace writer). The
 * kernel never sees what the tracer does with it.
 *
 *   TOS_TRACE_TASK_SWITCH(from, to)      the CPU moves from task `from` (NULL at start) to `to`;
 *                                        called by the port where it really switches
 *   TOS_TRACE_TASK_CREATE(task)          a task became ready for the first time (name, prio)
 *   TOS_TRACE_TASK_DESTROY(task)         a task is gone
 *   TOS_TRACE_ISR_ENTER(line)            the port runs the handler of interrupt `line` ...
 *   TOS_TRACE_ISR_EXIT(line)             ... and it returned
 *   TOS_TRACE_POST(obj, kind)            a post (give, unlock, signal) on a kernel object;
 *                                        `kind` is its knl_obj_type_t
 *   TOS_TRACE_PEND(obj, kind, blocked, err)
 *                                        an expression: records how a pend (take, lock, wait)
 *                                        ended (`blocked`: the caller had to wait; `err`: the
 *                                        result) and evaluates to `err`, so a pend records its
 *                                        outcome with `return TOS_TRACE_PEND(..., err);`
 *   TOS_TRACE_TIMER_FIRE(tmr)            a software timer's callback is about to run
 *   TOS_TRACE_POWER_ENTER(mode)          the idle task puts the CPU to sleep in `mode` (a
 *                                        TOS_LOW_POWER_MODE_* value; NONE = wait for interrupt)
 *   TOS_TRACE_POWER_EXIT(mode)           ... and it woke up
 *
 * Hooks may be called with interrupts masked or not, from tasks and ISRs; the port's functions
 * must cope with both (and must not call back into the kernel).
 */
#ifndef _TOS_TRACE_H_
#define _TOS_TRACE_H_

#if defined(PORT_TRACE_EN) && (PORT_TRACE_EN > 0)

#define TOS_TRACE_EN    1

/* Non-zero while a tracer listens. Owned by the port. */
extern int port_trace_enabled;

__PORT__ void port_trace_task_switch(const k_task_t *from, const k_task_t *to);
__PORT__ void port_trace_task_create(const k_task_t *task);
__PORT__ void port_trace_task_destroy(const k_task_t *task);
__PORT__ void port_trace_isr_enter(unsigned line);
__PORT__ void port_trace_isr_exit(unsigned line);
__PORT__ void port_trace_post(const void *obj, knl_obj_type_t kind);
__PORT__ void port_trace_pend(const void *obj, knl_obj_type_t kind, int blocked, k_err_t err);
__PORT__ void port_trace_timer_fire(const void *tmr);
__PORT__ void port_trace_power(int mode, int enter);

#define TOS_TRACE_HOOK_(call) \
    __MACRO_BEGIN if (unlikely(port_trace_enabled)) { call; } __MACRO_END

#define TOS_TRACE_TASK_SWITCH(from, to)     TOS_TRACE_HOOK_(port_trace_task_switch(from, to))
#define TOS_TRACE_TASK_CREATE(task)         TOS_TRACE_HOOK_(port_trace_task_create(task))
#define TOS_TRACE_TASK_DESTROY(task)        TOS_TRACE_HOOK_(port_trace_task_destroy(task))
#define TOS_TRACE_ISR_ENTER(line)           TOS_TRACE_HOOK_(port_trace_isr_enter(line))
#define TOS_TRACE_ISR_EXIT(line)            TOS_TRACE_HOOK_(port_trace_isr_exit(line))
#define TOS_TRACE_POST(obj, kind)           TOS_TRACE_HOOK_(port_trace_post(obj, kind))
#define TOS_TRACE_TIMER_FIRE(tmr)           TOS_TRACE_HOOK_(port_trace_timer_fire(tmr))
#define TOS_TRACE_POWER_ENTER(mode)         TOS_TRACE_HOOK_(port_trace_power((int)(mode), 1))
#define TOS_TRACE_POWER_EXIT(mode)          TOS_TRACE_HOOK_(port_trace_power((int)(mode), 0))

__STATIC_INLINE__ k_err_t knl_trace_pend(const void *obj, knl_obj_type_t kind, int blocked,
                                         k_err_t err)
{
    if (unlikely(port_trace_enabled)) {
        port_trace_pend(obj, kind, blocked, err);
    }
    return err;
}
#define TOS_TRACE_PEND(obj, kind, blocked, err)  knl_trace_pend(obj, kind, blocked, err)

#else

#define TOS_TRACE_EN    0

#define TOS_TRACE_TASK_SWITCH(from, to)     ((void)0)
#define TOS_TRACE_TASK_CREATE(task)         ((void)0)
#define TOS_TRACE_TASK_DESTROY(task)        ((void)0)
#define TOS_TRACE_ISR_ENTER(line)           ((void)0)
#define TOS_TRACE_ISR_EXIT(line)            ((void)0)
#define TOS_TRACE_POST(obj, kind)           ((void)0)
#define TOS_TRACE_TIMER_FIRE(tmr)           ((void)0)
#define TOS_TRACE_POWER_ENTER(mode)         ((void)0)
#define TOS_TRACE_POWER_EXIT(mode)          ((void)0)
#define TOS_TRACE_PEND(obj, kind, blocked, err)  (err)

#endif

#endif /* _TOS_TRACE_H_ */
