/*
 * Software timers: one list sorted by absolute expiry tick (FIFO for equal expiries), serviced
 * by the timer task (TOS_CFG_TIMER_AS_PROC 0) or the tick ISR (1). Periodic timers re-arm from
 * their previous expiry, so servicing latency never accumulates into drift.
 */
#include "tos_k.h"

#if TOS_CFG_TIMER_EN > 0u

static k_list_t timer_list;

#if TOS_CFG_TIMER_AS_PROC == 0u
static k_task_t   timer_task;
static k_stack_t  timer_task_stk[TOS_CFG_TIMER_TASK_STK_SIZE];
static pend_obj_t timer_wait;   /* the timer task sleeps here until the next expiry */
#endif

/* Expiries are compared by signed difference (wrap-safe), so no timer may be armed more than
   half the tick range ahead: a longer delay or period is clamped to that, as task timeouts are
   (tick.c). Unclamped, an expiry that far ahead reads as already passed: the timer fired at
   once, and a periodic one re-armed into the past forever. */
#define TIMER_OFFSET_MAX    ((k_tick_t)((k_tick_t)-1 >> 1))

static k_tick_t timer_offset(k_tick_t ticks)
{
    return ticks > TIMER_OFFSET_MAX ? TIMER_OFFSET_MAX : ticks;
}

static void timer_list_insert(k_timer_t *tmr)
{
    k_list_t *curr;

    TOS_LIST_FOR_EACH_PREV(curr, &timer_list) {
        k_timer_t *other = TOS_LIST_ENTRY(curr, k_timer_t, list);
        if ((k_stick_t)(other->expires - tmr->expires) <= 0) {
            break;
        }
    }
    tos_list_add(&tmr->list, curr);
}

/* The earliest expiry may have changed: let the timer task recompute its sleep. */
static void timer_head_changed(void)
{
#if TOS_CFG_TIMER_AS_PROC == 0u
    if (task_state_is_pending(&timer_task)) {
        pend_task_wakeup(&timer_task, PEND_STATE_POST);
    }
#endif
}

static void timer_arm(k_timer_t *tmr, k_tick_t expires)
{
    int was_head;

    tmr->expires = expires;
    tmr->state = TIMER_STATE_RUNNING;
    timer_list_insert(tmr);
    was_head = timer_list.next == &tmr->list;
    if (was_head) {
        timer_head_changed();
    }
}

__KNL__ k_tick_t timer_next_expires_get(void)
{
    k_timer_t *head = TOS_LIST_FIRST_ENTRY_OR_NULL(&timer_list, k_timer_t, list);
    k_stick_t left;

    if (!head) {
        return TOS_TIME_FOREVER;
    }
    left = (k_stick_t)(head->expires - tick_now());
    return left > 0 ? (k_tick_t)left : 0u;
}

__KNL__ void timer_update(void)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_CPU_INT_DISABLE();
    for (;;) {
        k_timer_t *tmr = TOS_LIST_FIRST_ENTRY_OR_NULL(&timer_list, k_timer_t, list);
        k_timer_callback_t cb;
        void *arg;

        if (!tmr || (k_stick_t)(tmr->expires - tick_now()) > 0) {
            break;
        }
        tos_list_del_init(&tmr->list);
        if (tmr->opt == TOS_OPT_TIMER_PERIODIC) {
            /* from the previous expiry: no drift; a late pass catches up in this loop */
            tmr->expires += timer_offset(tmr->period);
            timer_list_insert(tmr);
        } else {
            tmr->state = TIMER_STATE_COMPLETED;
        }
        cb = tmr->cb;
        arg = tmr->cb_arg;
        /* the callback may stop, restart or destroy its timer */
        TOS_CPU_INT_ENABLE();
        TOS_TRACE_TIMER_FIRE(tmr);
        cb(arg);
        TOS_CPU_INT_DISABLE();
    }
    TOS_CPU_INT_ENABLE();
}

#if TOS_CFG_TIMER_AS_PROC == 0u
static void timer_task_entry(void *arg)
{
    TOS_CPU_CPSR_ALLOC();

    (void)arg;
    for (;;) {
        k_tick_t next;

        TOS_CPU_INT_DISABLE();
        next = timer_next_expires_get();
        if (next > 0u) {
            /* woken by the timeout or by timer_head_changed(); either way, look again */
            (void)pend_block_and_wait(&timer_wait, next, cpu_cpsr);
            continue;
        }
        TOS_CPU_INT_ENABLE();

        /* callbacks run with the scheduler locked, as in TencentOS Tiny */
        tos_knl_sched_lock();
        timer_update();
        tos_knl_sched_unlock();
    }
}
#endif

__KNL__ k_err_t timer_init(void)
{
    tos_list_init(&timer_list);
#if TOS_CFG_TIMER_AS_PROC == 0u
    pend_object_init(&timer_wait);
    return tos_task_create(&timer_task, "timer", timer_task_entry, K_NULL,
                           (k_prio_t)TOS_CFG_TIMER_TASK_PRIO, timer_task_stk,
                           TOS_CFG_TIMER_TASK_STK_SIZE, 0u);
#else
    return K_ERR_NONE;
#endif
}

static int timer_is_queued(k_timer_t *tmr)
{
    k_timer_t *t;

    TOS_LIST_FOR_EACH_ENTRY(t, k_timer_t, list, &timer_list) {
        if (t == tmr) {
            return K_TRUE;
        }
    }
    return K_FALSE;
}

__API__ k_err_t tos_timer_create(k_timer_t *tmr, k_tick_t delay, k_tick_t period,
                                 k_timer_callback_t callback, void *cb_arg, k_opt_t opt)
{
    TOS_CPU_CPSR_ALLOC();
    int running;

    TOS_PTR_SANITY_CHECK(tmr);
    TOS_PTR_SANITY_CHECK(callback);
    if (opt == TOS_OPT_TIMER_PERIODIC && period == 0u) {
        return K_ERR_TIMER_INVALID_PERIOD;
    }
    if (opt == TOS_OPT_TIMER_ONESHOT && delay == 0u) {
        return K_ERR_TIMER_INVALID_DELAY;
    }
    if (opt != TOS_OPT_TIMER_ONESHOT && opt != TOS_OPT_TIMER_PERIODIC) {
        return K_ERR_TIMER_INVALID_OPT;
    }
    if (delay == TOS_TIME_FOREVER) {
        return K_ERR_TIMER_DELAY_FOREVER;
    }
    if (period == TOS_TIME_FOREVER) {
        return K_ERR_TIMER_PERIOD_FOREVER;
    }

    TOS_CPU_INT_DISABLE();
    /* re-creating a running timer would corrupt the timer list */
    running = knl_object_verify(&tmr->knl_obj, KNL_OBJ_TYPE_TIMER) &&
              tmr->state == TIMER_STATE_RUNNING && timer_is_queued(tmr);
    if (running) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_TIMER_RUNNING;
    }
    tos_list_init(&tmr->list);
    tmr->cb = callback;
    tmr->cb_arg = cb_arg;
    tmr->expires = 0u;
    tmr->delay = delay;
    tmr->period = period;
    tmr->opt = opt;
    tmr->state = TIMER_STATE_STOPPED;
    TOS_OBJ_INIT(tmr, KNL_OBJ_TYPE_TIMER);
    TOS_CPU_INT_ENABLE();
    return K_ERR_NONE;
}

__API__ k_err_t tos_timer_destroy(k_timer_t *tmr)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_OBJ_CHECK(tmr, KNL_OBJ_TYPE_TIMER);
    TOS_CPU_INT_DISABLE();
    if (tmr->state == TIMER_STATE_RUNNING) {
        tos_list_del_init(&tmr->list);
    }
    tmr->state = TIMER_STATE_UNUSED;
    tmr->cb = K_NULL;
    tmr->cb_arg = K_NULL;
    TOS_OBJ_DEINIT(tmr);
    TOS_CPU_INT_ENABLE();
    return K_ERR_NONE;
}

__API__ k_err_t tos_timer_start(k_timer_t *tmr)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_OBJ_CHECK(tmr, KNL_OBJ_TYPE_TIMER);
    TOS_CPU_INT_DISABLE();
    if (tmr->state == TIMER_STATE_RUNNING) {
        tos_list_del_init(&tmr->list);
    }
    timer_arm(tmr, tick_now() + timer_offset(tmr->delay ? tmr->delay : tmr->period));
    knl_sched_unmask(cpu_cpsr);        /* let the timer task pick up a new earliest expiry */
    return K_ERR_NONE;
}

__API__ k_err_t tos_timer_stop(k_timer_t *tmr)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_OBJ_CHECK(tmr, KNL_OBJ_TYPE_TIMER);
    TOS_CPU_INT_DISABLE();
    if (tmr->state != TIMER_STATE_RUNNING) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_TIMER_STOPPED;
    }
    tos_list_del_init(&tmr->list);
    tmr->state = TIMER_STATE_STOPPED;
    TOS_CPU_INT_ENABLE();
    return K_ERR_NONE;
}

static k_err_t timer_change(k_timer_t *tmr, k_tick_t value, int is_period)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_OBJ_CHECK(tmr, KNL_OBJ_TYPE_TIMER);
    if (value == TOS_TIME_FOREVER) {
        return is_period ? K_ERR_TIMER_PERIOD_FOREVER : K_ERR_TIMER_DELAY_FOREVER;
    }
    TOS_CPU_INT_DISABLE();
    if (tmr->state == TIMER_STATE_RUNNING) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_TIMER_RUNNING;
    }
    if (value == 0u) {
        if (!is_period && tmr->opt == TOS_OPT_TIMER_ONESHOT) {
            TOS_CPU_INT_ENABLE();
            return K_ERR_TIMER_INVALID_DELAY;
        }
        if (is_period && tmr->opt == TOS_OPT_TIMER_PERIODIC) {
            TOS_CPU_INT_ENABLE();
            return K_ERR_TIMER_INVALID_PERIOD;
        }
    }
    if (is_period) {
        tmr->period = value;
    } else {
        tmr->delay = value;
    }
    TOS_CPU_INT_ENABLE();
    return K_ERR_NONE;
}

__API__ k_err_t tos_timer_delay_change(k_timer_t *tmr, k_tick_t delay)
{
    return timer_change(tmr, delay, K_FALSE);
}

__API__ k_err_t tos_timer_period_change(k_timer_t *tmr, k_tick_t period)
{
    return timer_change(tmr, period, K_TRUE);
}

#endif /* TOS_CFG_TIMER_EN */
