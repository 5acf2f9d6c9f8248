/*
 * Wait lists shared by every blocking object (kernel-internal).
 *
 * A pend object is a list of waiting tasks ordered by priority, FIFO among equal priorities.
 * A task blocked with a timeout is also on the tick list; whichever comes first (post, timeout,
 * destroy) takes it off both.
 */
#ifndef _TOS_PEND_H_
#define _TOS_PEND_H_

typedef struct k_task_st k_task_t;

/* Why a waiter woke up. Each state is the error code its blocking call returns, so that
   pend_state2errno is no work at all. */
typedef enum pend_state_en {
    PEND_STATE_NONE         = K_ERR_PEND_ABNORMAL,  /* not woken by the object (still waiting) */
    PEND_STATE_POST         = K_ERR_NONE,
    PEND_STATE_TIMEOUT      = K_ERR_PEND_TIMEOUT,
    PEND_STATE_DESTROY      = K_ERR_PEND_DESTROY,
    PEND_STATE_OWNER_DIE    = K_ERR_PEND_OWNER_DIE,
} pend_state_t;

typedef enum opt_post_en {
    OPT_POST_ONE,
    OPT_POST_ALL,
} opt_post_t;

typedef struct pend_object_st {
    k_list_t    list;
} pend_obj_t;

__STATIC_INLINE__ void pend_object_init(pend_obj_t *object)
{
    tos_list_init(&object->list);
}

__STATIC_INLINE__ void pend_object_deinit(pend_obj_t *object)
{
    tos_list_init(&object->list);
}

/* Destroy a blocking object: every waiter wakes with PEND_STATE_DESTROY, then the wait list and
   the object header `obj` are reset (so later calls get K_ERR_OBJ_INVALID). The caller
   reschedules. */
__KNL__ void        pend_object_destroy(pend_obj_t *object, knl_obj_t *obj);
__STATIC_INLINE__ int pend_is_nopending(const pend_obj_t *object)
{
    return tos_list_empty(&object->list);
}

__KNL__ k_task_t   *pend_highest_pending_task_get(pend_obj_t *object);
__KNL__ k_prio_t    pend_highest_pending_prio_get(pend_obj_t *object);
/* Block the current task on `object` (interrupts masked; the caller then calls knl_sched). */
__KNL__ void        pend_task_block(k_task_t *task, pend_obj_t *object, k_tick_t timeout);
/* Whether the caller may block for `timeout`: K_ERR_NONE, or the error a pend returns instead
   (K_ERR_PEND_NOWAIT, K_ERR_KNL_NOT_RUNNING, K_ERR_PEND_SCHED_LOCKED). */
__KNL__ k_err_t     pend_can_block(k_tick_t timeout);
/* Block the caller on `object`, restore the interrupt state `cpsr` saved by the caller, wait,
   and return how the wait ended. */
__KNL__ k_err_t     pend_block_and_wait(pend_obj_t *object, k_tick_t timeout, cpu_cpsr_t cpsr);
/* pend_can_block, then pend_block_and_wait if it may block: the whole wait of an object whose
   pend has nothing to do between the two. Restores `cpsr` either way; returns the error that
   kept it from blocking, or how the wait ended. */
__KNL__ k_err_t     pend_wait(pend_obj_t *object, k_tick_t timeout, cpu_cpsr_t cpsr);
/* Whether a pend_wait that returned `err` blocked (for tracing): the errors of pend_can_block
   are not among the ways a wait ends. */
__STATIC_INLINE__ int pend_waited(k_err_t err)
{
    return err != K_ERR_PEND_NOWAIT && err != K_ERR_KNL_NOT_RUNNING &&
           err != K_ERR_PEND_SCHED_LOCKED;
}
/* Take `task` off its wait list only (it is being destroyed). */
__KNL__ void        pend_list_remove(k_task_t *task);
/* Take `task` off its wait (and tick) list with `state`; ready it unless suspended. */
__KNL__ void        pend_task_wakeup(k_task_t *task, pend_state_t state);
/* Wake the most urgent waiter (OPT_POST_ONE) or all of them (OPT_POST_ALL) with `state`. */
__KNL__ void        pend_wakeup(pend_obj_t *object, pend_state_t state, opt_post_t opt);

__STATIC_INLINE__ void pend_wakeup_one(pend_obj_t *object, pend_state_t state)
{
    pend_wakeup(object, state, OPT_POST_ONE);
}

__STATIC_INLINE__ void pend_wakeup_all(pend_obj_t *object, pend_state_t state)
{
    pend_wakeup(object, state, OPT_POST_ALL);
}
/* Re-sort `task` in its wait list after its priority changed. */
__KNL__ void        pend_list_adjust(k_task_t *task);
/* Error code a blocking call returns for the way its waiter woke. */
__STATIC_INLINE__ k_err_t pend_state2errno(pend_state_t state)
{
    return (k_err_t)state;
}

#endif /* _TOS_PEND_H_ */
