/*
 * Kernel state shared between modules. k_curr_task and k_idle_task are also read by apps and
 * tests (TencentOS Tiny convention); everything else is the kernel's.
 */
#ifndef _TOS_GLOBAL_H_
#define _TOS_GLOBAL_H_

extern knl_state_t      k_knl_state;
extern readyqueue_t     k_rdyq;
#if PORT_IRQ_NEST_HW == 0
extern k_nesting_t      k_irq_nest_cnt;
#endif
#if TOS_CFG_SCHED_LOCK_EN > 0u
extern k_nesting_t      k_sched_lock_nest_cnt;
#endif

extern k_task_t        *k_curr_task;
extern k_task_t        *k_next_task;
extern k_task_t         k_idle_task;
extern k_stack_t        k_idle_task_stk[];
extern k_stack_t *const k_idle_task_stk_addr;
extern size_t const     k_idle_task_stk_size;

extern k_list_t         k_stat_list;        /* every task */
extern k_list_t         k_tick_list;        /* sleeping tasks, by expiry */
#if TOS_CFG_TASK_DYNAMIC_CREATE_EN > 0u
extern k_list_t         k_dead_task_list;   /* self-destroyed _dyn tasks awaiting the idle task */
#endif

/* ---- kernel-internal tests of that state: a load and a compare each, so inline ---- */

/* tos_knl_is_running() for the kernel's own use. */
__STATIC_INLINE__ int knl_is_running(void)
{
    return k_knl_state != KNL_STATE_STOPPED;   /* (the only other state: a test against 0) */
}

__STATIC_INLINE__ int knl_is_sched_locked(void)
{
#if TOS_CFG_SCHED_LOCK_EN > 0u
    return k_sched_lock_nest_cnt > 0u;
#else
    return 0;
#endif
}

__STATIC_INLINE__ int knl_is_idle(const k_task_t *task)
{
    return task == &k_idle_task;
}

__STATIC_INLINE__ int knl_is_self(const k_task_t *task)
{
    return task == k_curr_task;
}

#endif /* _TOS_GLOBAL_H_ */
