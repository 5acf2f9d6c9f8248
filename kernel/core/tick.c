/*
 * The tick count and the timeout queue: sleeping tasks sorted by absolute expiry tick, FIFO for
 * equal expiries. Expiries are compared with a signed difference, so a 32-bit tick wraps safely
 * (timeouts are limited to half the tick range).
 */
#include "tos_k.h"

#define TICK_TIMEOUT_MAX    ((k_tick_t)((k_tick_t)-1 >> 1))

__KNL__ k_tick_t tick_now(void)
{
    return k_knl.tick_count;
}

__KNL__ void tick_list_add(k_task_t *task, k_tick_t timeout)
{
    k_list_t *curr;

    if (timeout > TICK_TIMEOUT_MAX) {
        timeout = TICK_TIMEOUT_MAX;
    }
    task->tick_expires = k_knl.tick_count + timeout;
    /* most timeouts land last: search from the tail */
    TOS_LIST_FOR_EACH_PREV(curr, &k_knl.tick_list) {
        k_task_t *other = TOS_LIST_ENTRY(curr, k_task_t, tick_list);
        if ((k_stick_t)(other->tick_expires - task->tick_expires) <= 0) {
            break;
        }
    }
    tos_list_add(&task->tick_list, curr);
    task->state |= K_TASK_STATE_SLEEP;
}

/* `elapsed` ticks have passed (1 from the periodic tick, more after tickless idle). */
static void tick_update(k_tick_t elapsed)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_CPU_INT_DISABLE();
    k_knl.tick_count += elapsed;
    while (!tos_list_empty(&k_knl.tick_list)) {
        k_task_t *task = TOS_LIST_FIRST_ENTRY(&k_knl.tick_list, k_task_t, tick_list);
        if ((k_stick_t)(task->tick_expires - k_knl.tick_count) > 0) {
            break;
        }
        pend_task_wakeup(task, PEND_STATE_TIMEOUT);
    }
    TOS_CPU_INT_ENABLE();
}

__KNL__ k_tick_t tick_next_expires(void)
{
    if (tos_list_empty(&k_knl.tick_list)) {
        return TOS_TIME_FOREVER;
    }
    k_task_t *task = TOS_LIST_FIRST_ENTRY(&k_knl.tick_list, k_task_t, tick_list);
    k_stick_t left = (k_stick_t)(task->tick_expires - k_knl.tick_count);
    return left > 0 ? (k_tick_t)left : 0u;
}

__KNL__ void knl_tick_announce(k_tick_t elapsed)
{
    if (!knl_is_running() || elapsed == 0u) {
        return;
    }
    tick_update(elapsed);
#if TOS_CFG_TIMER_EN > 0u && TOS_CFG_TIMER_AS_PROC > 0u
    timer_update();
#endif
#if TOS_CFG_ROUND_ROBIN_EN > 0u
    robin_sched(elapsed);
#endif
}

__API__ void tos_tick_announce(k_tick_t elapsed)
{
    knl_tick_announce(elapsed);
    /* from a task, run what woke (no-op in an ISR, where tos_knl_irq_leave does it, with the
       scheduler locked and before the start) */
    knl_sched();
}

__API__ void tos_tick_handler(void)
{
    knl_tick_announce(1u);
}
