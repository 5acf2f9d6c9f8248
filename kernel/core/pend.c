/*
 * Wait lists: ordered by priority, FIFO among equal priorities (see tos_pend.h).
 */
#include "tos_k.h"

__KNL__ void pend_object_destroy(pend_obj_t *object, knl_obj_t *obj)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_CPU_INT_DISABLE();
    pend_wakeup_all(object, PEND_STATE_DESTROY);
    pend_object_deinit(object);
    knl_object_deinit(obj);
    TOS_CPU_INT_ENABLE();
}

__KNL__ k_task_t *pend_highest_pending_task_get(pend_obj_t *object)
{
    return TOS_LIST_FIRST_ENTRY_OR_NULL(&object->list, k_task_t, pend_list);
}

__KNL__ k_prio_t pend_highest_pending_prio_get(pend_obj_t *object)
{
    k_task_t *task = pend_highest_pending_task_get(object);
    return task ? task->prio : K_TASK_PRIO_INVALID;
}

/* Insert after the last waiter of equal or more urgent priority. */
static void pend_list_insert(k_task_t *task, pend_obj_t *object)
{
    k_list_t *curr;
    TOS_LIST_FOR_EACH_PREV(curr, &object->list) {
        k_task_t *other = TOS_LIST_ENTRY(curr, k_task_t, pend_list);
        if (other->prio <= task->prio) {
            break;
        }
    }
    /* curr is the node to insert after (the head itself when everyone is less urgent) */
    tos_list_add(&task->pend_list, curr);
}

__KNL__ void pend_list_adjust(k_task_t *task)
{
    tos_list_del(&task->pend_list);
    pend_list_insert(task, task->pending_obj);
}

__KNL__ void pend_task_block(k_task_t *task, pend_obj_t *object, k_tick_t timeout)
{
    readyqueue_remove(task);
    task->pending_obj = object;
    task->pend_state = PEND_STATE_NONE;
    pend_list_insert(task, object);
    task->state |= K_TASK_STATE_PEND;
    if (timeout != TOS_TIME_FOREVER) {
        tick_list_add(task, timeout);
    }
#if TOS_CFG_MUTEX_EN > 0u
    if (task->pending_mutex && task->pending_mutex->owner) {
        /* the owner now inherits from this waiter */
        mutex_prio_propagate(task->pending_mutex->owner);
    }
#endif
}

/* pend_can_block and pend_block_and_wait, inline in pend_wait too */
__STATIC_INLINE__ k_err_t can_block(k_tick_t timeout)
{
    if (timeout == TOS_TIME_NOWAIT) {
        return K_ERR_PEND_NOWAIT;
    }
    if (unlikely(!knl_is_running())) {
        return K_ERR_KNL_NOT_RUNNING;
    }
    if (knl_is_sched_locked()) {
        return K_ERR_PEND_SCHED_LOCKED;
    }
    return K_ERR_NONE;
}

__STATIC_INLINE__ k_err_t block_and_wait(pend_obj_t *object, k_tick_t timeout, cpu_cpsr_t cpsr)
{
    pend_task_block(k_curr_task, object, timeout);
    knl_sched_unmask(cpsr);
    return pend_state2errno(k_curr_task->pend_state);
}

__KNL__ k_err_t pend_can_block(k_tick_t timeout)
{
    return can_block(timeout);
}

__KNL__ k_err_t pend_block_and_wait(pend_obj_t *object, k_tick_t timeout, cpu_cpsr_t cpsr)
{
    return block_and_wait(object, timeout, cpsr);
}

__KNL__ k_err_t pend_wait(pend_obj_t *object, k_tick_t timeout, cpu_cpsr_t cpsr)
{
    k_err_t err = can_block(timeout);

    if (err != K_ERR_NONE) {
        port_cpsr_restore(cpsr);
        return err;
    }
    return block_and_wait(object, timeout, cpsr);
}

/* (pend_list_remove: inline in pend_task_wakeup too) Takes `task` off its wait list. A mutex
   waiter's owner no longer inherits from it: that owner is recomputed by the caller through
   waiter_gone() once the task's own state is final, because the walk can come back round a
   deadlock cycle to this very task, which must then be where its state says it is. */
__STATIC_INLINE__ void list_remove(k_task_t *task)
{
    tos_list_del_init(&task->pend_list);
    task->pending_obj = K_NULL;
    task->state &= (k_task_state_t)~K_TASK_STATE_PEND;
}

#if TOS_CFG_MUTEX_EN > 0u
__STATIC_INLINE__ void waiter_gone(k_mutex_t *mutex)
{
    if (mutex && mutex->owner) {
        mutex_prio_propagate(mutex->owner);
    }
}
#endif

__KNL__ void pend_list_remove(k_task_t *task)
{
#if TOS_CFG_MUTEX_EN > 0u
    k_mutex_t *mutex = task->pending_mutex;

    task->pending_mutex = K_NULL;
    list_remove(task);
    waiter_gone(mutex);
#else
    list_remove(task);
#endif
}

__KNL__ void pend_task_wakeup(k_task_t *task, pend_state_t state)
{
#if TOS_CFG_MUTEX_EN > 0u
    k_mutex_t *mutex = task->pending_mutex;

    task->pending_mutex = K_NULL;
#endif
    if (task_state_is_pending(task)) {
        list_remove(task);
    }
    task->pend_state = state;
    if (task_state_is_sleeping(task)) {
        tick_list_remove(task);
    }
    if (!task_state_is_suspended(task)) {
        readyqueue_add(task);
    }
#if TOS_CFG_MUTEX_EN > 0u
    waiter_gone(mutex);
#endif
}

__KNL__ void pend_wakeup(pend_obj_t *object, pend_state_t state, opt_post_t opt)
{
    while (!tos_list_empty(&object->list)) {
        pend_task_wakeup(TOS_LIST_FIRST_ENTRY(&object->list, k_task_t, pend_list), state);
        if (opt == OPT_POST_ONE) {
            break;
        }
    }
}
