/*
 * Recursive mutexes with transitive priority inheritance.
 *
 * Invariant: a task's effective priority (task->prio) is the most urgent of its base priority
 * and the most urgent waiter of every mutex it owns. Whenever a wait list of a mutex changes
 * (a task blocks, times out, is destroyed, changes priority) or ownership changes, the affected
 * owner is recomputed with mutex_prio_propagate(), which follows the chain: if that owner is
 * itself waiting for a mutex, its new priority re-sorts it there and its owner is recomputed
 * in turn. The walk stops at the first task whose priority does not change, so it also ends in
 * a deadlock cycle.
 */
#include "tos_k.h"

#if TOS_CFG_MUTEX_EN > 0u

static k_prio_t mutex_effective_prio(k_task_t *task)
{
    k_prio_t prio = task->prio_base;
    k_mutex_t *mutex;

    TOS_LIST_FOR_EACH_ENTRY(mutex, k_mutex_t, owner_anchor, &task->mutex_own_list) {
        k_prio_t waiter = pend_highest_pending_prio_get(&mutex->pend_obj);
        if (waiter < prio) {
            prio = waiter;
        }
    }
    return prio;
}

__KNL__ void mutex_prio_propagate(k_task_t *task)
{
    while (task) {
        k_prio_t want = mutex_effective_prio(task);
        if (want == task->prio) {
            return;
        }
        task_prio_apply(task, want);
        task = task->pending_mutex ? task->pending_mutex->owner : K_NULL;
    }
}

static void mutex_take(k_mutex_t *mutex, k_task_t *task)
{
    mutex->owner = task;
    mutex->pend_nesting = 1u;
    tos_list_add(&mutex->owner_anchor, &task->mutex_own_list);
}

/* The owner lets go (unlock, destroy): it no longer inherits from this mutex's waiters. */
static void mutex_disown(k_mutex_t *mutex)
{
    k_task_t *owner = mutex->owner;

    tos_list_del_init(&mutex->owner_anchor);
    mutex->owner = K_NULL;
    mutex->pend_nesting = 0u;
    mutex_prio_propagate(owner);
}

__KNL__ void mutex_release_all(k_task_t *task)
{
    k_mutex_t *mutex, *tmp;

    TOS_LIST_FOR_EACH_ENTRY_SAFE(mutex, tmp, k_mutex_t, owner_anchor, &task->mutex_own_list) {
        tos_list_del_init(&mutex->owner_anchor);
        mutex->owner = K_NULL;
        mutex->pend_nesting = 0u;
        pend_wakeup_all(&mutex->pend_obj, PEND_STATE_OWNER_DIE);
    }
}

static void mutex_init(k_mutex_t *mutex, knl_obj_alloc_type_t alloc)
{
    pend_object_init(&mutex->pend_obj);
    mutex->pend_nesting = 0u;
    mutex->owner = K_NULL;
    tos_list_init(&mutex->owner_anchor);
    knl_object_init(&mutex->knl_obj, KNL_OBJ_TYPE_MUTEX, alloc);
}

__API__ k_err_t tos_mutex_create(k_mutex_t *mutex)
{
    TOS_IN_IRQ_CHECK();
    TOS_PTR_SANITY_CHECK(mutex);
    mutex_init(mutex, KNL_OBJ_ALLOC_TYPE_STATIC);
    return K_ERR_NONE;
}

static void mutex_do_destroy(k_mutex_t *mutex)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_CPU_INT_DISABLE();
    if (mutex->owner) {
        mutex_disown(mutex);
    }
    pend_object_destroy(&mutex->pend_obj, &mutex->knl_obj);
    TOS_CPU_INT_ENABLE();
}

__API__ k_err_t tos_mutex_destroy(k_mutex_t *mutex)
{
    TOS_IN_IRQ_CHECK();
    TOS_OBJ_CHECK(mutex, KNL_OBJ_TYPE_MUTEX);
    TOS_OBJ_STATIC_CHECK(mutex);
    mutex_do_destroy(mutex);
    knl_sched();
    return K_ERR_NONE;
}

#if TOS_CFG_MMHEAP_EN > 0u
__API__ k_err_t tos_mutex_create_dyn(k_mutex_t **mutex)
{
    k_mutex_t *the_mutex;

    TOS_IN_IRQ_CHECK();
    TOS_PTR_SANITY_CHECK(mutex);
    the_mutex = tos_mmheap_calloc(1u, sizeof(k_mutex_t));
    if (!the_mutex) {
        return K_ERR_MUTEX_OUT_OF_MEMORY;
    }
    mutex_init(the_mutex, KNL_OBJ_ALLOC_TYPE_DYNAMIC);
    *mutex = the_mutex;
    return K_ERR_NONE;
}

__API__ k_err_t tos_mutex_destroy_dyn(k_mutex_t *mutex)
{
    TOS_IN_IRQ_CHECK();
    TOS_OBJ_CHECK(mutex, KNL_OBJ_TYPE_MUTEX);
    TOS_OBJ_DYNAMIC_CHECK(mutex);
    mutex_do_destroy(mutex);
    tos_mmheap_free(mutex);
    knl_sched();
    return K_ERR_NONE;
}
#endif

__API__ k_err_t tos_mutex_pend_timed(k_mutex_t *mutex, k_tick_t timeout)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;

    TOS_IN_IRQ_CHECK();
    TOS_OBJ_CHECK(mutex, KNL_OBJ_TYPE_MUTEX);
    if (unlikely(!knl_is_running())) {
        return K_ERR_KNL_NOT_RUNNING;      /* a mutex needs an owner task */
    }

    TOS_CPU_INT_DISABLE();
    if (mutex->pend_nesting == 0u) {
        mutex_take(mutex, k_curr_task);
        TOS_CPU_INT_ENABLE();
        return TOS_TRACE_PEND(mutex, KNL_OBJ_TYPE_MUTEX, 0, K_ERR_NONE);
    }
    if (mutex->owner == k_curr_task) {
        if (mutex->pend_nesting == (k_nesting_t)-1) {
            TOS_CPU_INT_ENABLE();
            return K_ERR_MUTEX_NESTING_OVERFLOW;
        }
        mutex->pend_nesting++;
        TOS_CPU_INT_ENABLE();
        return TOS_TRACE_PEND(mutex, KNL_OBJ_TYPE_MUTEX, 0, K_ERR_MUTEX_NESTING);
    }
    err = pend_can_block(timeout);
    if (err != K_ERR_NONE) {
        TOS_CPU_INT_ENABLE();
        return TOS_TRACE_PEND(mutex, KNL_OBJ_TYPE_MUTEX, 0, err);
    }
    k_curr_task->pending_mutex = mutex;
    /* on success the poster has already made us the owner */
    return TOS_TRACE_PEND(mutex, KNL_OBJ_TYPE_MUTEX, 1,
                          pend_block_and_wait(&mutex->pend_obj, timeout, cpu_cpsr));
}

__API__ k_err_t tos_mutex_pend(k_mutex_t *mutex)
{
    return tos_mutex_pend_timed(mutex, TOS_TIME_FOREVER);
}

__API__ k_err_t tos_mutex_post(k_mutex_t *mutex)
{
    TOS_CPU_CPSR_ALLOC();
    k_task_t *next;

    TOS_IN_IRQ_CHECK();
    TOS_OBJ_CHECK(mutex, KNL_OBJ_TYPE_MUTEX);
    TOS_TRACE_POST(mutex, KNL_OBJ_TYPE_MUTEX);

    TOS_CPU_INT_DISABLE();
    if (mutex->pend_nesting == 0u || mutex->owner != k_curr_task) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_MUTEX_NOT_OWNER;
    }
    if (--mutex->pend_nesting > 0u) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_MUTEX_NESTING;
    }
    mutex_disown(mutex);
    next = pend_highest_pending_task_get(&mutex->pend_obj);
    if (next) {
        /* hand over before it runs, so nobody can take it in between */
        mutex_take(mutex, next);
        pend_task_wakeup(next, PEND_STATE_POST);
    }
    knl_sched_unmask(cpu_cpsr);
    return K_ERR_NONE;
}

#endif /* TOS_CFG_MUTEX_EN */
