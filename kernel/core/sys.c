/*
 * Kernel start-up, interrupt bracketing, scheduler locking and the idle task.
 */
#include "tos_k.h"

knl_state_t     k_knl_state;
k_nesting_t     k_irq_nest_cnt;
k_nesting_t     k_sched_lock_nest_cnt;
k_task_t       *k_curr_task;
k_task_t       *k_next_task;
k_task_t        k_idle_task;
k_stack_t       k_idle_task_stk[TOS_CFG_IDLE_TASK_STK_SIZE];
k_stack_t *const k_idle_task_stk_addr = k_idle_task_stk;
size_t const    k_idle_task_stk_size = TOS_CFG_IDLE_TASK_STK_SIZE;
k_list_t        k_stat_list;
#if TOS_CFG_TASK_DYNAMIC_CREATE_EN > 0u
k_list_t        k_dead_task_list;
#endif

__KNL__ int knl_is_sched_locked(void)
{
    return k_sched_lock_nest_cnt > 0u;
}

/* ISR context is what the ISR declared with tos_knl_irq_enter, or what the CPU says: a handler
   that forgot to bracket itself still cannot block. */
__KNL__ int knl_is_inirq(void)
{
    return k_irq_nest_cnt > 0u || port_in_isr();
}

__KNL__ int knl_is_idle(const k_task_t *task)
{
    return task == &k_idle_task;
}

__KNL__ int knl_is_self(const k_task_t *task)
{
    return task == k_curr_task;
}

__API__ int tos_knl_is_running(void)
{
    return k_knl_state == KNL_STATE_RUNNING;
}

__KNL__ void knl_sched(void)
{
    TOS_CPU_CPSR_ALLOC();

    if (unlikely(!tos_knl_is_running()) || knl_is_inirq() || knl_is_sched_locked()) {
        return;
    }
    TOS_CPU_INT_DISABLE();
    k_next_task = readyqueue_highest_ready_task_get();
    if (k_next_task != k_curr_task) {
        port_context_switch();
    }
    TOS_CPU_INT_ENABLE();
}

__KNL__ k_tick_t knl_next_expires_get(void)
{
    k_tick_t next = tick_next_expires();
#if TOS_CFG_TIMER_EN > 0u && TOS_CFG_TIMER_AS_PROC > 0u
    k_tick_t t = timer_next_expires_get();
    if (t < next) {
        next = t;
    }
#endif
    return next;
}

__NO_RETURN__ void knl_assert_failed(const char *expr, const char *file, int line)
{
    port_panic(expr, file, line);
}

static void knl_idle_entry(void *arg)
{
    (void)arg;
    for (;;) {
        TOS_CPU_CPSR_ALLOC();
#if TOS_CFG_TASK_DYNAMIC_CREATE_EN > 0u
        task_free_all();
#endif
        TOS_CPU_INT_DISABLE();
        if (readyqueue_highest_ready_task_get() == &k_idle_task) {
            /* interrupts stay masked across the wait, so nothing slips in between deciding to
               sleep and sleeping; the wake-up interrupt runs at the enable below */
#if TOS_CFG_PWR_MGR_EN > 0u
            pm_power_manager();
#else
            port_idle(knl_next_expires_get());
#endif
        }
        TOS_CPU_INT_ENABLE();
        knl_sched();
    }
}

__KNL__ k_err_t knl_idle_init(void)
{
    return tos_task_create(&k_idle_task, "idle", knl_idle_entry, K_NULL, K_TASK_PRIO_IDLE,
                           k_idle_task_stk, TOS_CFG_IDLE_TASK_STK_SIZE, (k_timeslice_t)0u);
}

__API__ k_err_t tos_knl_init(void)
{
    k_err_t err;

    k_knl_state = KNL_STATE_STOPPED;
    k_irq_nest_cnt = 0u;
    k_sched_lock_nest_cnt = 0u;
    k_curr_task = K_NULL;
    k_next_task = K_NULL;
    tos_list_init(&k_stat_list);
#if TOS_CFG_TASK_DYNAMIC_CREATE_EN > 0u
    tos_list_init(&k_dead_task_list);
#endif
    tick_list_init();
    time_init();
    readyqueue_init();
#if TOS_CFG_ROUND_ROBIN_EN > 0u
    robin_init();
#endif
    port_init();
#if TOS_CFG_PWR_MGR_EN > 0u
    pm_init();
#endif
#if TOS_CFG_TICKLESS_EN > 0u
    tickless_init();
#endif
#if TOS_CFG_MMHEAP_EN > 0u
    err = mmheap_init();
    if (err != K_ERR_NONE) {
        return err;
    }
#endif
    err = knl_idle_init();
    if (err != K_ERR_NONE) {
        return err;
    }
#if TOS_CFG_TIMER_EN > 0u
    err = timer_init();
    if (err != K_ERR_NONE) {
        return err;
    }
#endif
    return K_ERR_NONE;
}

__API__ k_err_t tos_knl_start(void)
{
    if (tos_knl_is_running()) {
        return K_ERR_KNL_RUNNING;
    }
    k_next_task = readyqueue_highest_ready_task_get();
    k_curr_task = k_next_task;
    k_knl_state = KNL_STATE_RUNNING;
    port_sched_start();
    /* only a simulator gets here: the machine halted */
    k_knl_state = KNL_STATE_STOPPED;
    return K_ERR_NONE;
}

__API__ void tos_knl_irq_enter(void)
{
    TOS_CPU_CPSR_ALLOC();

    if (!tos_knl_is_running()) {
        return;
    }
    TOS_CPU_INT_DISABLE();
    TOS_ASSERT(k_irq_nest_cnt < K_NESTING_LIMIT_IRQ);
    k_irq_nest_cnt++;
    TOS_CPU_INT_ENABLE();
}

__API__ void tos_knl_irq_leave(void)
{
    TOS_CPU_CPSR_ALLOC();

    if (!tos_knl_is_running()) {
        return;
    }
    TOS_CPU_INT_DISABLE();
    if (k_irq_nest_cnt == 0u) {
        TOS_CPU_INT_ENABLE();
        return;
    }
    if (--k_irq_nest_cnt == 0u && !knl_is_sched_locked()) {
        k_next_task = readyqueue_highest_ready_task_get();
        if (k_next_task != k_curr_task) {
            port_irq_context_switch();
        }
    }
    TOS_CPU_INT_ENABLE();
}

__API__ k_err_t tos_knl_sched_lock(void)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_IN_IRQ_CHECK();
    if (!tos_knl_is_running()) {
        return K_ERR_KNL_NOT_RUNNING;
    }
    TOS_CPU_INT_DISABLE();
    if (k_sched_lock_nest_cnt >= K_NESTING_LIMIT_SCHED_LOCK) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_LOCK_NESTING_OVERFLOW;
    }
    k_sched_lock_nest_cnt++;
    TOS_CPU_INT_ENABLE();
    return K_ERR_NONE;
}

__API__ k_err_t tos_knl_sched_unlock(void)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_IN_IRQ_CHECK();
    if (!tos_knl_is_running()) {
        return K_ERR_KNL_NOT_RUNNING;
    }
    TOS_CPU_INT_DISABLE();
    if (k_sched_lock_nest_cnt == 0u) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_SCHED_NOT_LOCKED;
    }
    k_sched_lock_nest_cnt--;
    TOS_CPU_INT_ENABLE();
    knl_sched();
    return K_ERR_NONE;
}
