/*
 * Mutexes (TOS_CFG_MUTEX_EN): recursive for their owner, with priority inheritance.
 *
 * Improvement over TencentOS Tiny: inheritance is transitive (if the owner itself waits for
 * another mutex, that mutex's owner is boosted too, down the chain), and a task's priority is
 * always the most urgent of its base priority and the waiters of every mutex it still holds,
 * whatever order it releases them in and whenever a waiter gives up (timeout, destroy).
 */
#ifndef _TOS_MUTEX_H_
#define _TOS_MUTEX_H_

#if TOS_CFG_MUTEX_EN > 0u

/* Apps may read owner (the task holding it, NULL if free) and whether anybody waits
   (tos_list_empty(&pend_obj.list)) (Sprig: documented, read-only, under a critical section to
   be coherent); everything else is the kernel's. */
struct k_mutex_st {
    knl_obj_t       knl_obj;
    pend_obj_t      pend_obj;
    k_nesting_t     pend_nesting;       /* lock depth of the owner */
    k_task_t       *owner;
    k_list_t        owner_anchor;       /* in owner->mutex_own_list */
};

/** @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL. Not from an ISR. */
__API__ k_err_t tos_mutex_create(k_mutex_t *mutex);

#if TOS_CFG_MMHEAP_EN > 0u
/** @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL; K_ERR_MUTEX_OUT_OF_MEMORY. */
__API__ k_err_t tos_mutex_create_dyn(k_mutex_t **mutex);
/** Destroy a _dyn mutex and free it; as tos_mutex_destroy. */
__API__ k_err_t tos_mutex_destroy_dyn(k_mutex_t *mutex);
#endif

/**
 * Destroy; waiters wake with K_ERR_PEND_DESTROY, the owner (if any) loses it.
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID;
 *         K_ERR_OBJ_INVALID_ALLOC_TYPE. Not from an ISR.
 */
__API__ k_err_t tos_mutex_destroy(k_mutex_t *mutex);

/**
 * Lock, waiting up to `timeout` ticks. While waiting, the owner runs at least at the caller's
 * priority.
 * @return K_ERR_NONE (now the owner); K_ERR_MUTEX_NESTING (the caller already owned it: the
 *         lock depth grew; this is success); K_ERR_MUTEX_NESTING_OVERFLOW; K_ERR_IN_IRQ;
 *         K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_KNL_NOT_RUNNING (before tos_knl_start: a
 *         mutex needs an owner task); K_ERR_PEND_NOWAIT; K_ERR_PEND_SCHED_LOCKED;
 *         K_ERR_PEND_TIMEOUT; K_ERR_PEND_DESTROY; K_ERR_PEND_OWNER_DIE (the owner was destroyed
 *         while holding it; the mutex is free again). Not from an ISR.
 */
__API__ k_err_t tos_mutex_pend_timed(k_mutex_t *mutex, k_tick_t timeout);

/** tos_mutex_pend_timed(mutex, TOS_TIME_FOREVER). */
__API__ k_err_t tos_mutex_pend(k_mutex_t *mutex);

/**
 * Unlock one level. The last level hands the mutex to the most urgent waiter.
 * @return K_ERR_NONE (released); K_ERR_MUTEX_NESTING (an inner level: still owned);
 *         K_ERR_MUTEX_NOT_OWNER; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID.
 *         Not from an ISR.
 */
__API__ k_err_t tos_mutex_post(k_mutex_t *mutex);

/* ---- kernel-internal ---- */
/* Recompute `task`'s effective priority and push the change down the chain of owners. */
__KNL__ void mutex_prio_propagate(k_task_t *task);
/* A task that held mutexes is being destroyed. */
__KNL__ void mutex_release_all(k_task_t *task);

#endif

#endif /* _TOS_MUTEX_H_ */
