/*
 * Tasks: creation, destruction, delays, suspension and priorities.
 */
#include "tos_k.h"

/* Clear what a previous life of `task` may have left. (stat_list and pend_list are set when the
   task goes on the task list and the ready queue, tick_list and tick_expires when it first
   sleeps: nothing reads them before.) */
static void task_reset(k_task_t *task)
{
    task->pending_obj = K_NULL;
    task->pend_state = PEND_STATE_NONE;
#if TOS_CFG_TASK_DYNAMIC_CREATE_EN > 0u
    tos_list_init(&task->dead_list);
#endif
#if TOS_CFG_MUTEX_EN > 0u
    tos_list_init(&task->mutex_own_list);
    task->pending_mutex = K_NULL;
#endif
#if TOS_CFG_MESSAGE_QUEUE_EN > 0u || TOS_CFG_PRIORITY_MESSAGE_QUEUE_EN > 0u
    task->msg = K_NULL;
#endif
#if TOS_CFG_MAIL_QUEUE_EN > 0u || TOS_CFG_PRIORITY_MAIL_QUEUE_EN > 0u
    task->mail = K_NULL;
    task->mail_size = 0;
#endif
#if TOS_CFG_EVENT_EN > 0u
    task->opt_event_pend = 0;
    task->flag_expect = 0;
    task->flag_match = K_NULL;
#endif
}

#if TOS_CFG_OBJECT_VERIFY_EN > 0u
/* A live task is on the task list. (The magic alone could be stale memory of a task from
   before the last tos_knl_init.) */
static int task_is_live(k_task_t *task)
{
    TOS_CPU_CPSR_ALLOC();
    k_task_t *t;
    int live = K_FALSE;

    if (!knl_object_verify(&task->knl_obj, KNL_OBJ_TYPE_TASK)) {
        return K_FALSE;         /* with object checks on, the magic settles most cases */
    }
    TOS_CPU_INT_DISABLE();
    TOS_LIST_FOR_EACH_ENTRY(t, k_task_t, stat_list, &k_knl.stat_list) {
        if (t == task) {
            live = K_TRUE;
            break;
        }
    }
    TOS_CPU_INT_ENABLE();
    return live;
}
#endif

/* Where a task's entry returns to. */
#if TOS_CFG_TASK_DESTROY_EN > 0u
#define task_exit   tos_task_exit
#elif TOS_CFG_ASSERT_EN > 0u
static void task_exit(void)
{
    TOS_PANIC("a task returned from its entry (TOS_CFG_TASK_DESTROY_EN is 0)");
}
#else
#define task_exit   knl_panic
#endif

static k_err_t task_check_params(k_task_t *task, size_t stk_size, k_prio_t prio)
{
    if (unlikely(stk_size < K_TASK_STK_SIZE_MIN)) {
        return K_ERR_TASK_STK_SIZE_INVALID;
    }
    if (unlikely(prio == K_TASK_PRIO_IDLE && !knl_is_idle(task))) {
        return K_ERR_TASK_PRIO_INVALID;
    }
    if (unlikely(prio > K_TASK_PRIO_IDLE)) {
        return K_ERR_TASK_PRIO_INVALID;
    }
    return K_ERR_NONE;
}

/* Set up `task` and make it ready. `*out` is written before the task can run. */
static k_err_t task_do_create(k_task_t *task, const char *name, k_task_entry_t entry, void *arg,
                              k_prio_t prio, k_stack_t *stk_base, size_t stk_size,
                              k_timeslice_t timeslice, knl_obj_alloc_type_t alloc,
                              k_task_t **out)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;

    task_reset(task);
    strncpy(task->name, name, K_TASK_NAME_LEN_MAX);
    task->name[K_TASK_NAME_LEN_MAX] = '\0';
    task->entry = entry;
    task->arg = arg;
    task->prio = prio;
    task->prio_base = prio;
    task->stk_base = stk_base;
    task->stk_size = stk_size;
#if TOS_CFG_ROUND_ROBIN_EN > 0u
    task->timeslice_reload = timeslice;
    task->timeslice = timeslice ? timeslice : robin_default_timeslice();
#else
    (void)timeslice;
#endif

    err = port_task_stack_init(task, entry, arg, task_exit);
    if (err != K_ERR_NONE) {
        return err;
    }
    knl_object_init(&task->knl_obj, KNL_OBJ_TYPE_TASK, alloc);
    if (out) {
        *out = task;
    }

    TOS_CPU_INT_DISABLE();
    tos_list_add(&task->stat_list, &k_knl.stat_list);
    task->state = K_TASK_STATE_READY;
    readyqueue_add_tail(task);
#if TOS_TRACE_EN
    TOS_CPU_INT_ENABLE();
    TOS_TRACE_TASK_CREATE(task);        /* (traced unmasked, before the new task can run) */
    knl_sched();
#else
    knl_sched_unmask(cpu_cpsr);
#endif
    return K_ERR_NONE;
}

__API__ k_err_t tos_task_create(k_task_t *task, char *name, k_task_entry_t entry, void *arg,
                                k_prio_t prio, k_stack_t *stk_base, size_t stk_size,
                                k_timeslice_t timeslice)
{
    k_err_t err;

    TOS_IN_IRQ_CHECK();
    TOS_PTR_SANITY_CHECK(task);
    TOS_PTR_SANITY_CHECK(name);
    TOS_PTR_SANITY_CHECK(entry);
    TOS_PTR_SANITY_CHECK(stk_base);
#if TOS_CFG_OBJECT_VERIFY_EN > 0u
    if (task_is_live(task)) {
        return K_ERR_TASK_ALREADY_CREATED;
    }
#endif
    err = task_check_params(task, stk_size, prio);
    if (err != K_ERR_NONE) {
        return err;
    }
    return task_do_create(task, name, entry, arg, prio, stk_base, stk_size, timeslice,
                          KNL_OBJ_ALLOC_TYPE_STATIC, K_NULL);
}

#if TOS_CFG_TASK_DESTROY_EN > 0u

/* Take a task out of every kernel structure (interrupts masked by the caller). */
static void task_do_destroy(k_task_t *task)
{
    TOS_TRACE_TASK_DESTROY(task);
#if TOS_CFG_MUTEX_EN > 0u
    mutex_release_all(task);
#endif
    if (task_state_is_ready(task)) {
        readyqueue_remove(task);
    }
    if (task_state_is_sleeping(task)) {
        tick_list_remove(task);
    }
    if (task_state_is_pending(task)) {
        pend_list_remove(task);
    }
    tos_list_del_init(&task->stat_list);
    knl_object_deinit(&task->knl_obj);
    task->state = K_TASK_STATE_DELETED;
    port_task_stack_release(task);
}

/* Common checks of destroy/destroy_dyn; resolves NULL to the caller. */
static k_err_t task_destroy_check(k_task_t **ptask)
{
    k_task_t *task = *ptask;

    TOS_IN_IRQ_CHECK();
    if (!task) {
        task = k_curr_task;
        TOS_PTR_SANITY_CHECK(task);
    }
    TOS_OBJ_VERIFY(task, KNL_OBJ_TYPE_TASK);
    if (knl_is_self(task) && knl_is_sched_locked()) {
        return K_ERR_SCHED_LOCKED;
    }
    *ptask = task;
    return K_ERR_NONE;
}

__API__ k_err_t tos_task_destroy(k_task_t *task)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err = task_destroy_check(&task);

    if (err != K_ERR_NONE) {
        return err;
    }
    TOS_OBJ_STATIC_CHECK(task);
    if (knl_is_idle(task)) {
        return K_ERR_TASK_DESTROY_IDLE;
    }
    TOS_CPU_INT_DISABLE();
    task_do_destroy(task);
    knl_sched_unmask(cpu_cpsr);
    return K_ERR_NONE;
}

__API__ __NO_RETURN__ void tos_task_exit(void)
{
    /* each destroy returns only if it failed: an ISR (K_ERR_IN_IRQ), the scheduler locked,
       the idle task, not started (k_curr_task NULL) */
#if TOS_CFG_TASK_DYNAMIC_CREATE_EN > 0u
    if (k_curr_task && knl_object_alloc_is_dynamic(&k_curr_task->knl_obj)) {
        (void)tos_task_destroy_dyn(K_NULL);
    }
#endif
    (void)tos_task_destroy(K_NULL);
    TOS_PANIC("a task could not end (returned from its entry, or tos_task_exit): scheduler "
              "locked, in an ISR, or not a task");
}

#endif /* TOS_CFG_TASK_DESTROY_EN */

#if TOS_CFG_TASK_DYNAMIC_CREATE_EN > 0u

static void task_free(k_task_t *task)
{
    tos_mmheap_free(task->stk_base);
    tos_mmheap_free(task);
}

__KNL__ void task_free_all(void)
{
    TOS_CPU_CPSR_ALLOC();

    for (;;) {
        k_task_t *task;
        TOS_CPU_INT_DISABLE();
        task = TOS_LIST_FIRST_ENTRY_OR_NULL(&k_knl.dead_task_list, k_task_t, dead_list);
        if (task) {
            tos_list_del_init(&task->dead_list);
        }
        TOS_CPU_INT_ENABLE();
        if (!task) {
            return;
        }
        task_free(task);
    }
}

__API__ k_err_t tos_task_create_dyn(k_task_t **task, char *name, k_task_entry_t entry, void *arg,
                                    k_prio_t prio, size_t stk_size, k_timeslice_t timeslice)
{
    k_err_t err;
    k_task_t *the_task;
    k_stack_t *stk_base;

    TOS_IN_IRQ_CHECK();
    TOS_PTR_SANITY_CHECK(task);
    TOS_PTR_SANITY_CHECK(name);
    TOS_PTR_SANITY_CHECK(entry);
    if (unlikely(prio >= K_TASK_PRIO_IDLE)) {
        return K_ERR_TASK_PRIO_INVALID;
    }
    if (unlikely(stk_size < K_TASK_STK_SIZE_MIN)) {
        return K_ERR_TASK_STK_SIZE_INVALID;
    }
    the_task = tos_mmheap_calloc(1u, sizeof(k_task_t));
    if (!the_task) {
        return K_ERR_TASK_OUT_OF_MEMORY;
    }
    stk_base = tos_mmheap_aligned_alloc(stk_size, sizeof(cpu_addr_t) * 2u);
    if (!stk_base) {
        tos_mmheap_free(the_task);
        return K_ERR_TASK_OUT_OF_MEMORY;
    }
    err = task_do_create(the_task, name, entry, arg, prio, stk_base, stk_size, timeslice,
                         KNL_OBJ_ALLOC_TYPE_DYNAMIC, task);
    if (err != K_ERR_NONE) {
        tos_mmheap_free(stk_base);
        tos_mmheap_free(the_task);
    }
    return err;
}

__API__ k_err_t tos_task_destroy_dyn(k_task_t *task)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err = task_destroy_check(&task);

    if (err != K_ERR_NONE) {
        return err;
    }
    TOS_OBJ_DYNAMIC_CHECK(task);
    TOS_CPU_INT_DISABLE();
    task_do_destroy(task);
    if (knl_is_self(task)) {
        /* we are still running on its stack: the idle task frees it */
        tos_list_add_tail(&task->dead_list, &k_knl.dead_task_list);
        knl_sched_unmask(cpu_cpsr);
        return K_ERR_NONE;      /* not reached */
    }
    TOS_CPU_INT_ENABLE();
    task_free(task);
    knl_sched();
    return K_ERR_NONE;
}

#endif /* TOS_CFG_TASK_DYNAMIC_CREATE_EN */

__API__ k_err_t tos_task_delay(k_tick_t delay)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_IN_IRQ_CHECK();
    if (unlikely(!knl_is_running())) {
        return K_ERR_KNL_NOT_RUNNING;
    }
    if (knl_is_sched_locked()) {
        return K_ERR_SCHED_LOCKED;
    }
    if (delay == TOS_TIME_FOREVER) {
        return K_ERR_DELAY_FOREVER;
    }
    TOS_CPU_INT_DISABLE();
    readyqueue_remove(k_curr_task);
    if (delay == (k_tick_t)0u) {
        readyqueue_add_tail(k_curr_task);       /* 0: tos_task_yield */
    } else {
        tick_list_add(k_curr_task, delay);
    }
    knl_sched_unmask(cpu_cpsr);
    return K_ERR_NONE;
}

__API__ k_err_t tos_task_delay_abort(k_task_t *task)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_IN_IRQ_CHECK();
    TOS_PTR_SANITY_CHECK(task);
    TOS_OBJ_VERIFY(task, KNL_OBJ_TYPE_TASK);

    TOS_CPU_INT_DISABLE();
    /* only a plain delay can be aborted; a wait with a timeout belongs to its object */
    if (knl_is_self(task) || !task_state_is_sleeping(task) || task_state_is_pending(task)) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_TASK_NOT_DELAY;
    }
    if (task_state_is_suspended(task)) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_TASK_SUSPENDED;
    }
    tick_list_remove(task);
    readyqueue_add(task);
    knl_sched_unmask(cpu_cpsr);
    return K_ERR_NONE;
}

__API__ k_err_t tos_task_wait_abort(k_task_t *task)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_PTR_SANITY_CHECK(task);
    TOS_OBJ_VERIFY(task, KNL_OBJ_TYPE_TASK);

    TOS_CPU_INT_DISABLE();
    /* (a running task is READY; a destroyed one DELETED) */
    if (!(task->state & (K_TASK_STATE_SLEEP | K_TASK_STATE_PEND))) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_TASK_NOT_DELAY;
    }
    pend_task_wakeup(task, PEND_STATE_TIMEOUT);    /* what the tick does when it expires */
    knl_sched_unmask(cpu_cpsr);
    return K_ERR_NONE;
}

__API__ k_err_t tos_task_suspend(k_task_t *task)
{
    TOS_CPU_CPSR_ALLOC();

    if (!task) {
        task = k_curr_task;
        TOS_PTR_SANITY_CHECK(task);
    }
    TOS_OBJ_VERIFY(task, KNL_OBJ_TYPE_TASK);
    if (knl_is_idle(task)) {
        return K_ERR_TASK_SUSPEND_IDLE;
    }
    if (knl_is_self(task) && knl_is_sched_locked()) {
        return K_ERR_SCHED_LOCKED;
    }
    TOS_CPU_INT_DISABLE();
    if (task_state_is_ready(task)) {
        readyqueue_remove(task);
    }
    task->state |= K_TASK_STATE_SUSPENDED;
    knl_sched_unmask(cpu_cpsr);
    return K_ERR_NONE;
}

__API__ k_err_t tos_task_resume(k_task_t *task)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_PTR_SANITY_CHECK(task);
    TOS_OBJ_VERIFY(task, KNL_OBJ_TYPE_TASK);
    if (knl_is_self(task)) {
        return K_ERR_TASK_RESUME_SELF;
    }
    TOS_CPU_INT_DISABLE();
    if (!task_state_is_suspended(task)) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_NONE;
    }
    task->state &= (k_task_state_t)~K_TASK_STATE_SUSPENDED;
    if (task_state_is_ready(task)) {
        readyqueue_add(task);
    }
    knl_sched_unmask(cpu_cpsr);
    return K_ERR_NONE;
}

__KNL__ void task_prio_apply(k_task_t *task, k_prio_t prio)
{
    if (task->prio == prio) {
        return;
    }
    if (task_state_is_ready(task)) {
        readyqueue_remove(task);
        task->prio = prio;
        /* the running task keeps the CPU if it is still the most urgent */
        if (knl_is_self(task)) {
            readyqueue_add_head(task);
        } else {
            readyqueue_add_tail(task);
        }
    } else {
        task->prio = prio;
        if (task_state_is_pending(task)) {
            pend_list_adjust(task);
        }
    }
}

__API__ k_err_t tos_task_prio_change(k_task_t *task, k_prio_t prio_new)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_IN_IRQ_CHECK();
    TOS_PTR_SANITY_CHECK(task);
    TOS_OBJ_VERIFY(task, KNL_OBJ_TYPE_TASK);
    if (unlikely(prio_new >= K_TASK_PRIO_IDLE) || knl_is_idle(task)) {
        return K_ERR_TASK_PRIO_INVALID;
    }
    TOS_CPU_INT_DISABLE();
    task->prio_base = prio_new;
#if TOS_CFG_MUTEX_EN > 0u
    mutex_prio_propagate(task);
#else
    task_prio_apply(task, prio_new);
#endif
    knl_sched_unmask(cpu_cpsr);
    return K_ERR_NONE;
}

__API__ void tos_task_yield(void)
{
    TOS_CPU_CPSR_ALLOC();

    if (knl_is_inirq() || !knl_is_running()) {
        return;
    }
    TOS_CPU_INT_DISABLE();
    readyqueue_remove(k_curr_task);
    readyqueue_add_tail(k_curr_task);
    knl_sched_unmask(cpu_cpsr);
}

__API__ k_task_t *tos_task_curr_task_get(void)
{
    return knl_is_running() ? k_curr_task : K_NULL;
}

#if TOS_CFG_TASK_STACK_DRAUGHT_DEPTH_DETACT_EN > 0u
__API__ k_err_t tos_task_stack_draught_depth(k_task_t *task, int *depth)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;

    TOS_PTR_SANITY_CHECK(depth);
    if (!task) {
        task = k_curr_task;
        TOS_PTR_SANITY_CHECK(task);
    }
    TOS_OBJ_VERIFY(task, KNL_OBJ_TYPE_TASK);
    TOS_CPU_INT_DISABLE();
    err = port_task_stack_depth(task, depth);
    TOS_CPU_INT_ENABLE();
    return err;
}
#endif

__API__ void tos_task_walkthru(k_task_walker_t walker)
{
    TOS_CPU_CPSR_ALLOC();
    k_task_t *task;

    if (!walker) {
        return;
    }
    TOS_CPU_INT_DISABLE();
    TOS_LIST_FOR_EACH_ENTRY(task, k_task_t, stat_list, &k_knl.stat_list) {
        walker(task);
    }
    TOS_CPU_INT_ENABLE();
}

__API__ k_task_t *tos_task_find(const char *name)
{
    TOS_CPU_CPSR_ALLOC();
    k_task_t *task, *found = K_NULL;

    if (!name || !*name) {
        return K_NULL;
    }
    TOS_CPU_INT_DISABLE();
    TOS_LIST_FOR_EACH_ENTRY(task, k_task_t, stat_list, &k_knl.stat_list) {
        if (strncmp(task->name, name, K_TASK_NAME_LEN_MAX) == 0) {
            found = task;
            break;
        }
    }
    TOS_CPU_INT_ENABLE();
    return found;
}
