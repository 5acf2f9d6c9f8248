/*
 * Round robin among equal-priority ready tasks (TOS_CFG_ROUND_ROBIN_EN).
 *
 * The running task is charged every tick; when its slice is used up it moves behind its peers
 * with a fresh slice. A task alone at its priority is never charged.
 */
#include "tos_k.h"

#if TOS_CFG_ROUND_ROBIN_EN > 0u

#define ROBIN_BUILTIN_DEFAULT   ((k_timeslice_t)(TOS_CFG_CPU_TICK_PER_SECOND / 10u ? TOS_CFG_CPU_TICK_PER_SECOND / 10u : 1u))

static k_timeslice_t robin_default;

__KNL__ void robin_init(void)
{
    robin_default = ROBIN_BUILTIN_DEFAULT;
}

__KNL__ k_timeslice_t robin_default_timeslice(void)
{
    return robin_default;
}

static k_timeslice_t robin_reload_of(const k_task_t *task)
{
    return task->timeslice_reload ? task->timeslice_reload : robin_default;
}

__API__ void tos_robin_default_timeslice_config(k_timeslice_t default_timeslice)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_CPU_INT_DISABLE();
    robin_default = default_timeslice ? default_timeslice : ROBIN_BUILTIN_DEFAULT;
    TOS_CPU_INT_ENABLE();
}

__API__ void tos_robin_timeslice_set(k_task_t *task, k_timeslice_t timeslice)
{
    TOS_CPU_CPSR_ALLOC();

    if (!task) {
        task = k_curr_task;
        if (!task) {
            return;
        }
    }
    if (!knl_object_verify(&task->knl_obj, KNL_OBJ_TYPE_TASK)) {
        return;
    }
    TOS_CPU_INT_DISABLE();
    task->timeslice_reload = timeslice;
    task->timeslice = robin_reload_of(task);
    TOS_CPU_INT_ENABLE();
}

__KNL__ void robin_sched(k_tick_t elapsed)
{
    TOS_CPU_CPSR_ALLOC();
    k_task_t *task = k_curr_task;

    TOS_CPU_INT_DISABLE();
    if (!task || knl_is_idle(task) || knl_is_sched_locked() || !task_state_is_ready(task) ||
        readyqueue_is_prio_onlyone(task->prio)) {
        TOS_CPU_INT_ENABLE();
        return;
    }
    if (elapsed < task->timeslice) {
        task->timeslice -= (k_timeslice_t)elapsed;
        TOS_CPU_INT_ENABLE();
        return;
    }
    task->timeslice = robin_reload_of(task);
    readyqueue_remove(task);
    readyqueue_add_tail(task);
    knl_sched_unmask(cpu_cpsr);        /* from the tick ISR this happens at tos_knl_irq_leave */
}

#endif /* TOS_CFG_ROUND_ROBIN_EN */
