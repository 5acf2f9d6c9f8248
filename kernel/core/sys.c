/*
 * Kernel start-up, interrupt bracketing, scheduler locking and the idle task.
 */
#include "tos_k.h"

knl_t           k_knl;
k_stack_t       k_idle_task_stk[TOS_CFG_IDLE_TASK_STK_SIZE];
k_stack_t *const k_idle_task_stk_addr = k_idle_task_stk;
size_t const    k_idle_task_stk_size = TOS_CFG_IDLE_TASK_STK_SIZE;

#if PORT_IRQ_NEST_HW == 0
/* ISR context is what the ISR declared with tos_knl_irq_enter, or what the CPU says: a handler
   that forgot to bracket itself still cannot block. */
__KNL__ int knl_is_inirq(void)
{
    return k_knl.irq_nest_cnt > 0u || port_in_isr();
}
#endif

__API__ int tos_knl_is_running(void)
{
    return knl_is_running();
}

/* Make the most urgent ready task k_next_task; whether it is not the running one. Interrupts
   masked. */
static int knl_next_is_other(void)
{
    k_next_task = readyqueue_highest_ready_task_get();
    return k_next_task != k_curr_task;
}

#if PORT_IRQ_NEST_HW == 0

__KNL__ void knl_sched(void)
{
    TOS_CPU_CPSR_ALLOC();

    if (unlikely(!knl_is_running()) || knl_is_inirq() || knl_is_sched_locked()) {
        return;
    }
    TOS_CPU_INT_DISABLE();
    if (knl_next_is_other()) {
        port_context_switch();
    }
    TOS_CPU_INT_ENABLE();
}

#else

/* The port defers every switch until the outermost ISR has returned and interrupts are
   unmasked, so the decision can be taken in the caller's critical section (saved `cpsr`),
   from a task or (from_irq) from any ISR. */
static void knl_resched_unmask(cpu_cpsr_t cpsr, int from_irq)
{
    if (knl_is_running() && (from_irq || !knl_is_inirq()) && !knl_is_sched_locked() &&
        knl_next_is_other()) {
        if (from_irq) {
            port_irq_context_switch();
        } else {
            port_context_switch();
        }
    }
    port_cpsr_restore(cpsr);
}

__KNL__ void knl_sched_unmask(cpu_cpsr_t cpsr)
{
    knl_resched_unmask(cpsr, 0);
}

__KNL__ void knl_sched(void)
{
    knl_resched_unmask(port_cpsr_save(), 0);
}

#endif

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

__API__ k_tick_t tos_knl_next_expires_get(void)
{
    TOS_CPU_CPSR_ALLOC();
    k_tick_t next;

    TOS_CPU_INT_DISABLE();
    next = knl_next_expires_get();
    TOS_CPU_INT_ENABLE();
    return next;
}

__API__ int tos_knl_is_inirq(void)
{
    return knl_is_inirq();
}

__API__ int tos_knl_is_sched_locked(void)
{
    return knl_is_sched_locked();
}

__API__ __NO_RETURN__ void tos_knl_panic(const char *msg, const char *file, int line)
{
    port_panic(msg, file, line);
}

__NO_RETURN__ void knl_panic(void)
{
    port_panic(K_NULL, K_NULL, 0);
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
            TOS_TRACE_POWER_ENTER(0);
#if PORT_IDLE_DEADLINE_EN > 0
            port_idle(knl_next_expires_get());
#else
            port_idle(TOS_TIME_FOREVER);    /* the port does not use the deadline */
#endif
            TOS_TRACE_POWER_EXIT(0);
#endif
        }
        knl_sched_unmask(cpu_cpsr);
    }
}

static k_err_t knl_idle_init(void)
{
    return tos_task_create(&k_idle_task, "idle", knl_idle_entry, K_NULL, K_TASK_PRIO_IDLE,
                           k_idle_task_stk, TOS_CFG_IDLE_TASK_STK_SIZE, (k_timeslice_t)0u);
}

__API__ k_err_t tos_knl_init(void)
{
    k_err_t err;

    k_knl.state = KNL_STATE_STOPPED;
#if PORT_IRQ_NEST_HW == 0
    k_knl.irq_nest_cnt = 0u;
#endif
#if TOS_CFG_SCHED_LOCK_EN > 0u
    k_knl.sched_lock_nest_cnt = 0u;
#endif
    k_knl.curr_task = K_NULL;
    k_knl.next_task = K_NULL;
    k_knl.systick_offset = 0u;
    tos_list_init(&k_knl.stat_list);
#if TOS_CFG_TASK_DYNAMIC_CREATE_EN > 0u
    tos_list_init(&k_knl.dead_task_list);
#endif
    k_knl.tick_count = 0u;
    tos_list_init(&k_knl.tick_list);
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
    if (knl_is_running()) {
        return K_ERR_KNL_RUNNING;
    }
    k_next_task = readyqueue_highest_ready_task_get();
    k_curr_task = k_next_task;
    k_knl.state = KNL_STATE_RUNNING;
    port_sched_start();
    /* only a simulator gets here: the machine halted */
    k_knl.state = KNL_STATE_STOPPED;
    return K_ERR_NONE;
}

__API__ void tos_knl_irq_enter(void)
{
#if PORT_IRQ_NEST_HW == 0
    TOS_CPU_CPSR_ALLOC();

    if (!knl_is_running()) {
        return;
    }
    TOS_CPU_INT_DISABLE();
    TOS_ASSERT(k_knl.irq_nest_cnt < K_NESTING_LIMIT_IRQ);
    k_knl.irq_nest_cnt++;
    TOS_CPU_INT_ENABLE();
#endif
}

__API__ void tos_knl_irq_leave(void)
{
#if PORT_IRQ_NEST_HW == 0
    TOS_CPU_CPSR_ALLOC();

    if (!knl_is_running()) {
        return;
    }
    TOS_CPU_INT_DISABLE();
    /* the outermost ISR switches (an unmatched leave does nothing) */
    if (k_knl.irq_nest_cnt > 0u && --k_knl.irq_nest_cnt == 0u && !knl_is_sched_locked() &&
        knl_next_is_other()) {
        port_irq_context_switch();
    }
    TOS_CPU_INT_ENABLE();
#else
    /* any ISR may ask: the port switches once the outermost one has returned */
    knl_resched_unmask(port_cpsr_save(), 1);
#endif
}

#if TOS_CFG_SCHED_LOCK_EN > 0u
__API__ k_err_t tos_knl_sched_lock(void)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_IN_IRQ_CHECK();
    if (!knl_is_running()) {
        return K_ERR_KNL_NOT_RUNNING;
    }
    TOS_CPU_INT_DISABLE();
    if (k_knl.sched_lock_nest_cnt >= K_NESTING_LIMIT_SCHED_LOCK) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_LOCK_NESTING_OVERFLOW;
    }
    k_knl.sched_lock_nest_cnt++;
    TOS_CPU_INT_ENABLE();
    return K_ERR_NONE;
}

__API__ k_err_t tos_knl_sched_unlock(void)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_IN_IRQ_CHECK();
    if (!knl_is_running()) {
        return K_ERR_KNL_NOT_RUNNING;
    }
    TOS_CPU_INT_DISABLE();
    if (k_knl.sched_lock_nest_cnt == 0u) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_SCHED_NOT_LOCKED;
    }
    k_knl.sched_lock_nest_cnt--;
    knl_sched_unmask(cpu_cpsr);
    return K_ERR_NONE;
}
#endif /* TOS_CFG_SCHED_LOCK_EN */
