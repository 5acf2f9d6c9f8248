/*
 * Tasks.
 *
 * A task is a caller-allocated k_task_t (or one from tos_task_create_dyn). Priority 0 is the most
 * urgent; K_TASK_PRIO_IDLE (TOS_CFG_TASK_PRIO_MAX - 1) belongs to the idle task alone. State is a
 * set of flags: a task can be sleeping and pending at once (a wait with a timeout), and
 * suspension is independent of both: a suspended task's wait goes on, and when it completes the
 * task stays off the CPU until it is resumed.
 */
#ifndef _TOS_TASK_H_
#define _TOS_TASK_H_

#define K_TASK_STATE_READY                  (k_task_state_t)0x00u
#define K_TASK_STATE_SLEEP                  (k_task_state_t)0x01u
#define K_TASK_STATE_PEND                   (k_task_state_t)0x02u
#define K_TASK_STATE_SUSPENDED              (k_task_state_t)0x04u
#define K_TASK_STATE_DELETED                (k_task_state_t)0x08u
#define K_TASK_STATE_PENDTIMEOUT            (k_task_state_t)(K_TASK_STATE_PEND | K_TASK_STATE_SLEEP)
#define K_TASK_STATE_SLEEP_SUSPENDED        (k_task_state_t)(K_TASK_STATE_SLEEP | K_TASK_STATE_SUSPENDED)
#define K_TASK_STATE_PEND_SUSPENDED         (k_task_state_t)(K_TASK_STATE_PEND | K_TASK_STATE_SUSPENDED)
#define K_TASK_STATE_PENDTIMEOUT_SUSPENDED  (k_task_state_t)(K_TASK_STATE_PENDTIMEOUT | K_TASK_STATE_SUSPENDED)

#define K_TASK_PRIO_IDLE                    (k_prio_t)(TOS_CFG_TASK_PRIO_MAX - 1u)
#define K_TASK_PRIO_INVALID                 (k_prio_t)(TOS_CFG_TASK_PRIO_MAX - 1u + 1u)

#define K_TASK_NAME_LEN_MAX                 15u
#define K_TASK_NAME_MAX                     (K_TASK_NAME_LEN_MAX + 1u)
#define K_TASK_STK_SIZE_MIN                 PORT_TASK_STK_SIZE_MIN

typedef void (*k_task_entry_t)(void *arg);
typedef void (*k_task_walker_t)(k_task_t *task);

#if TOS_CFG_MUTEX_EN > 0u
typedef struct k_mutex_st k_mutex_t;
#endif

/* Task control block. Apps may read name, prio (the current, possibly inherited, priority),
   state, stk_base and stk_size, and (Sprig) prio_base (the priority set at create or by
   tos_task_prio_change, without inheritance), entry and arg (what it was created with) and,
   with TOS_CFG_ROUND_ROBIN_EN, timeslice_reload (its slice argument: 0 = the default);
   everything else is the kernel's. None of them may be written. The fields the scheduler uses
   all the time come first: small offsets are shorter instructions on some CPUs (Thumb-2 has
   16-bit loads and stores of bytes at offsets up to 31), so the byte fields, prio_base and the
   object header included, sit below offset 32 with 32-bit ticks and small object headers. */
struct k_task_st {
    k_stack_t          *sp;                 /* saved stack pointer: first, the port relies on it */
    k_list_t            pend_list;          /* ready queue while READY, a wait list while PEND */
    k_list_t            tick_list;          /* timeout queue while SLEEP */
    k_tick_t            tick_expires;       /* absolute tick of the timeout */
    k_task_state_t      state;
    k_prio_t            prio;               /* effective priority */
    k_prio_t            prio_base;          /* set at create / by tos_task_prio_change */
    pend_state_t        pend_state;
    knl_obj_t           knl_obj;
    pend_obj_t         *pending_obj;
    k_task_entry_t      entry;
    void               *arg;
    k_stack_t          *stk_base;
    size_t              stk_size;
    k_list_t            stat_list;          /* all tasks (walkthru) */
    char                name[K_TASK_NAME_MAX];

#if TOS_CFG_TASK_DYNAMIC_CREATE_EN > 0u
    k_list_t            dead_list;          /* waiting for the idle task to free it */
#endif
#if TOS_CFG_MUTEX_EN > 0u
    k_list_t            mutex_own_list;     /* mutexes this task holds */
    k_mutex_t          *pending_mutex;      /* the mutex it waits for (priority inheritance) */
#endif
#if TOS_CFG_ROUND_ROBIN_EN > 0u
    k_timeslice_t       timeslice_reload;
    k_timeslice_t       timeslice;
#endif
#if TOS_CFG_MESSAGE_QUEUE_EN > 0u || TOS_CFG_PRIORITY_MESSAGE_QUEUE_EN > 0u
    void               *msg;                /* pointer handed over by a message-queue post */
#endif
#if TOS_CFG_MAIL_QUEUE_EN > 0u || TOS_CFG_PRIORITY_MAIL_QUEUE_EN > 0u
    void               *mail;               /* receiver's buffer for a direct mail hand-over */
    size_t              mail_size;
#endif
#if TOS_CFG_EVENT_EN > 0u
    k_opt_t             opt_event_pend;
    k_event_flag_t      flag_expect;
    k_event_flag_t     *flag_match;
#endif
    PORT_TASK_FIELDS
};

/**
 * Create a task and make it ready. If the kernel is running and the new task is more urgent
 * than the caller, it runs before this returns.
 * @param task      caller-allocated control block (not already a live task)
 * @param name      copied, up to K_TASK_NAME_LEN_MAX characters
 * @param entry     task function; returning from it destroys the task (with
 *                  TOS_CFG_TASK_DESTROY_EN 0 it stops the system with a panic instead)
 * @param arg       passed to entry
 * @param prio      0 .. K_TASK_PRIO_IDLE - 1
 * @param stk_base  stack memory; on host ports the task runs on a stack the port maps
 *                  (stk_size plus headroom, guard page below) and this buffer is not used
 * @param stk_size  bytes, at least K_TASK_STK_SIZE_MIN
 * @param timeslice round-robin slice in ticks; 0 = the default
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL (task, name, entry or stk_base NULL);
 *         K_ERR_TASK_ALREADY_CREATED (checked with TOS_CFG_OBJECT_VERIFY_EN only: without,
 *         creating a live task again corrupts the kernel); K_ERR_TASK_STK_SIZE_INVALID;
 *         K_ERR_TASK_PRIO_INVALID;
 *         K_ERR_TASK_OUT_OF_MEMORY (host port could not map the stack). Not from an ISR.
 */
__API__ k_err_t tos_task_create(k_task_t *task, char *name, k_task_entry_t entry, void *arg,
                                k_prio_t prio, k_stack_t *stk_base, size_t stk_size,
                                k_timeslice_t timeslice);

#if TOS_CFG_TASK_DESTROY_EN > 0u
/**
 * Destroy a task created with tos_task_create; NULL means the caller. Mutexes it holds are
 * released (their waiters get K_ERR_PEND_OWNER_DIE).
 * @return K_ERR_NONE (never returns when destroying the caller); K_ERR_IN_IRQ;
 *         K_ERR_OBJ_INVALID; K_ERR_OBJ_INVALID_ALLOC_TYPE (a _dyn task: use
 *         tos_task_destroy_dyn); K_ERR_SCHED_LOCKED (destroying self with the scheduler locked);
 *         K_ERR_TASK_DESTROY_IDLE. Not from an ISR.
 */
__API__ k_err_t tos_task_destroy(k_task_t *task);

/**
 * End the calling task, whether it was made by tos_task_create or tos_task_create_dyn (its
 * memory then goes back to the heap once the idle task runs): what returning from its entry
 * does. Mutexes it holds are released as by tos_task_destroy. (Sprig extension;
 * TOS_CFG_TASK_DESTROY_EN)
 * Never returns. Task context only, scheduler unlocked, after tos_knl_start, not the idle
 * task: anything else stops the system with a panic (there is nobody to return an error to).
 */
__API__ __NO_RETURN__ void tos_task_exit(void);
#endif

#if TOS_CFG_TASK_DYNAMIC_CREATE_EN > 0u
/**
 * Like tos_task_create, with the control block and stack taken from the kernel heap.
 * @param task  receives the new task
 * @return as tos_task_create, plus K_ERR_TASK_OUT_OF_MEMORY when the heap is exhausted.
 */
__API__ k_err_t tos_task_create_dyn(k_task_t **task, char *name, k_task_entry_t entry, void *arg,
                                    k_prio_t prio, size_t stk_size, k_timeslice_t timeslice);

/**
 * Destroy a task created with tos_task_create_dyn; NULL means the caller. Its memory returns to
 * the heap (a task destroying itself is freed by the idle task).
 * @return as tos_task_destroy; K_ERR_OBJ_INVALID_ALLOC_TYPE for a static task.
 */
__API__ k_err_t tos_task_destroy_dyn(k_task_t *task);
#endif

/**
 * Sleep for `delay` ticks. 0 yields to tasks of the same priority.
 * @return K_ERR_NONE (also when woken early by tos_task_delay_abort); K_ERR_IN_IRQ;
 *         K_ERR_KNL_NOT_RUNNING (before tos_knl_start); K_ERR_SCHED_LOCKED (also for 0);
 *         K_ERR_DELAY_FOREVER (use tos_task_suspend). Not from an ISR.
 */
__API__ k_err_t tos_task_delay(k_tick_t delay);

/**
 * Wake a task sleeping in tos_task_delay.
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID;
 *         K_ERR_TASK_NOT_DELAY (not in tos_task_delay, e.g. the caller or a task waiting on an
 *         object); K_ERR_TASK_SUSPENDED. Not from an ISR.
 */
__API__ k_err_t tos_task_delay_abort(k_task_t *task);

/**
 * End a task's wait as its timeout would (Sprig extension): a task blocked on any object (with
 * or without a timeout) leaves its wait list and the call it blocked in returns
 * K_ERR_PEND_TIMEOUT; a task in tos_task_delay wakes as when the delay expires (K_ERR_NONE).
 * The object sees the waiter go exactly as on a timeout (a mutex owner stops inheriting from
 * it; a barrier waiter, which has no timeout, stays counted as arrived). A suspended task's
 * wait ends too, and it stays suspended: it returns that result once resumed. The task runs
 * before this returns if it is more urgent than the caller (from an ISR: at
 * tos_knl_irq_leave; with the scheduler locked: at the unlock).
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_TASK_NOT_DELAY (neither
 *         waiting nor delayed: ready or running, e.g. the caller, or only suspended).
 *         ISR-callable. Inside a critical section only from an ISR or with the
 *         scheduler locked (otherwise the switch to the woken task would happen inside it).
 */
__API__ k_err_t tos_task_wait_abort(k_task_t *task);

/**
 * Suspend a task (NULL = the caller; from an ISR, the interrupted task) until tos_task_resume.
 * A wait in progress continues.
 * @return K_ERR_NONE; K_ERR_OBJ_INVALID; K_ERR_TASK_SUSPEND_IDLE; K_ERR_SCHED_LOCKED
 *         (suspending self with the scheduler locked). ISR-safe.
 */
__API__ k_err_t tos_task_suspend(k_task_t *task);

/**
 * Resume a suspended task. Resuming a task that is not suspended does nothing.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_TASK_RESUME_SELF. ISR-safe.
 */
__API__ k_err_t tos_task_resume(k_task_t *task);

/**
 * Change a task's base priority. While it holds mutexes, its effective priority stays at least
 * as high as their most urgent waiter.
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID;
 *         K_ERR_TASK_PRIO_INVALID (prio_new >= K_TASK_PRIO_IDLE, or the idle task).
 */
__API__ k_err_t tos_task_prio_change(k_task_t *task, k_prio_t prio_new);

/** Give the CPU to the next ready task of the same priority. No-op in an ISR. */
__API__ void    tos_task_yield(void);

/** @return the running task, NULL before tos_knl_start. ISR-safe. */
__API__ k_task_t *tos_task_curr_task_get(void);

#if TOS_CFG_TASK_STACK_DRAUGHT_DEPTH_DETACT_EN > 0u
/**
 * Deepest stack use seen so far (NULL task = the caller), in bytes. On host ports this is the
 * real depth on the host stack, host library frames included, and can exceed stk_size.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL (depth); K_ERR_OBJ_INVALID;
 *         K_ERR_TASK_STK_OVERFLOW (the whole stack has been used; on host ports the guard page
 *         stops the task first). ISR-safe.
 */
__API__ k_err_t tos_task_stack_draught_depth(k_task_t *task, int *depth);
#endif

/** Call `walker` for every task (newest first), with interrupts masked. ISR-safe. */
__API__ void    tos_task_walkthru(k_task_walker_t walker);

/** @return the most recently created task whose name matches `name` in its first
    K_TASK_NAME_LEN_MAX characters; NULL for none, NULL or "". Not from an ISR. */
__API__ k_task_t *tos_task_find(const char *name);

/* ---- kernel-internal ---- */
__KNL__ void     task_free_all(void);
__KNL__ void     task_prio_apply(k_task_t *task, k_prio_t prio);

__STATIC_INLINE__ int task_state_is_ready(const k_task_t *task)
{
    return task->state == K_TASK_STATE_READY;
}

__STATIC_INLINE__ int task_state_is_sleeping(const k_task_t *task)
{
    return task->state & K_TASK_STATE_SLEEP;
}

__STATIC_INLINE__ int task_state_is_pending(const k_task_t *task)
{
    return task->state & K_TASK_STATE_PEND;
}

__STATIC_INLINE__ int task_state_is_suspended(const k_task_t *task)
{
    return task->state & K_TASK_STATE_SUSPENDED;
}

#endif /* _TOS_TASK_H_ */
