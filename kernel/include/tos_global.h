/*
 * Kernel state shared between modules. k_curr_task and k_idle_task are also read by apps and
 * tests (TencentOS Tiny convention); everything else is the kernel's.
 */
#ifndef _TOS_GLOBAL_H_
#define _TOS_GLOBAL_H_

/* The kernel's own state in one block: a function that uses several of these fields loads one
   address (one literal word instead of one per variable) and reaches each field at a short
   offset. The small fields come first (Thumb-2 has 16-bit loads and stores of bytes at offsets
   up to 31 and of words up to 124); the idle task's control block is last. */
typedef struct knl_st {
    k_task_t           *curr_task;          /* k_curr_task: offset 0, the ports rely on it */
    k_task_t           *next_task;          /* k_next_task: offset 4, likewise */
    knl_state_t         state;
#if PORT_IRQ_NEST_HW == 0
    k_nesting_t         irq_nest_cnt;
#endif
#if TOS_CFG_SCHED_LOCK_EN > 0u
    k_nesting_t         sched_lock_nest_cnt;
#endif
    k_tick_t            tick_count;         /* monotonic: what timeouts are measured against */
    k_tick_t            systick_offset;     /* what tos_systick_set added to it (time.c) */
    k_list_t            tick_list;          /* sleeping tasks, by expiry */
    k_list_t            stat_list;          /* every task */
#if TOS_CFG_TASK_DYNAMIC_CREATE_EN > 0u
    k_list_t            dead_task_list;     /* self-destroyed _dyn tasks awaiting the idle task */
#endif
    k_task_t            idle_task;          /* k_idle_task */
} knl_t;

extern knl_t            k_knl;

/* The TencentOS Tiny names of the fields apps, tests and ports use: lvalues, as before (in gdb,
   k_knl.curr_task unless the program was built with -g3). */
#define k_curr_task     (k_knl.curr_task)
#define k_next_task     (k_knl.next_task)
#define k_idle_task     (k_knl.idle_task)

extern k_stack_t        k_idle_task_stk[];
extern k_stack_t *const k_idle_task_stk_addr;
extern size_t const     k_idle_task_stk_size;

/* ---- kernel-internal tests of that state: a load and a compare each, so inline ---- */

/* tos_knl_is_running() for the kernel's own use. */
__STATIC_INLINE__ int knl_is_running(void)
{
    return k_knl.state != KNL_STATE_STOPPED;   /* (the only other state: a test against 0) */
}

__STATIC_INLINE__ int knl_is_sched_locked(void)
{
#if TOS_CFG_SCHED_LOCK_EN > 0u
    return k_knl.sched_lock_nest_cnt > 0u;
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
