/*
 * CMSIS-RTOS2 threads and thread flags.
 *
 * A thread is an osSprigThread_t plus a Sprig task that runs os2_thread_entry with the control
 * block as its argument, which is how a task is recognised as a CMSIS thread. The task is
 * task_mem inside the control block when the caller gave the stack; otherwise it comes from
 * tos_task_create_dyn (task and stack from the heap; the kernel's idle task frees them after
 * the task destroyed itself).
 *
 * Ending: the CMSIS side (state, waits, joiner, mutexes) is settled in one critical section
 * with the scheduler held, then the task is destroyed. A thread ending itself first raises
 * itself to the most urgent priority, so that no other thread runs between that and its
 * destruction: whoever joins it or reuses its memory finds the task gone. Only a detached
 * thread that ends itself while its control block (holding its task) came from the heap
 * cannot free that block itself; it is released later (sprig_os2_zombie_reap).
 */
#include "os2_internal.h"

#define OS2_TASK_BLOCKED    (K_TASK_STATE_SLEEP | K_TASK_STATE_PEND)

static void os2_thread_entry(void *arg)
{
    osSprigThread_t *t = (osSprigThread_t *)arg;

    t->func(t->argument);
    osThreadExit();
}

osSprigThread_t *sprig_os2_thread_of(k_task_t *task)
{
    if (task && task->entry == os2_thread_entry) {
        return (osSprigThread_t *)task->arg;
    }
    return K_NULL;
}

osSprigThread_t *sprig_os2_thread_self(void)
{
    return sprig_os2_thread_of(tos_task_curr_task_get());
}

static osSprigThread_t *os2_thread_check(osThreadId_t thread_id)
{
    osSprigThread_t *t = (osSprigThread_t *)thread_id;

    return t && t->magic == OS2_MAGIC_THREAD ? t : K_NULL;
}

/* Release a thread's memory (its task is gone or goes with it). */
static void os2_thread_free(osSprigThread_t *t)
{
    sprig_os2_cb_put(t, t->alloc);
}

osThreadId_t osThreadNew(osThreadFunc_t func, void *argument, const osThreadAttr_t *attr)
{
    const char *name = K_NULL;
    uint32_t bits = 0u;
    void *cb_mem = K_NULL;
    uint32_t cb_size = 0u;
    void *stack_mem = K_NULL;
    uint32_t stack_size = 0u;
    osPriority_t prio = osPriorityNormal;
    osSprigThread_t *t;
    uint8_t alloc;
    k_err_t err;

    if (sprig_os2_in_isr() || !func) {
        return K_NULL;
    }
    if (attr) {
        name = attr->name;
        bits = attr->attr_bits;
        cb_mem = attr->cb_mem;
        cb_size = attr->cb_size;
        stack_mem = attr->stack_mem;
        stack_size = attr->stack_size;
        if (attr->priority != osPriorityNone) {
            prio = attr->priority;
        }
    }
    if (prio < osPriorityIdle || prio > osPriorityISR) {
        return K_NULL;
    }
    if (stack_mem) {
        if (((uintptr_t)stack_mem & 7u) != 0u || stack_size < K_TASK_STK_SIZE_MIN) {
            return K_NULL;
        }
    } else if (stack_size == 0u) {
        stack_size = SPRIG_OS2_THREAD_STACK_SIZE;
    } else if (stack_size < K_TASK_STK_SIZE_MIN) {
        return K_NULL;
    }

    sprig_os2_zombie_reap();
    t = (osSprigThread_t *)sprig_os2_cb_get(
        cb_mem, cb_size,
        sizeof *t, _Alignof(osSprigThread_t), OS2_MAGIC_THREAD, &alloc);
    if (!t) {
        return K_NULL;
    }
    t->alloc = alloc;
    t->state = OS2_THREAD_ACTIVE;
    t->joinable = (bits & osThreadJoinable) ? 1u : 0u;
    t->name = name;
    t->func = func;
    t->argument = argument;
    t->stack_size = stack_size;
    tos_list_init(&t->mutexes);
    t->magic = OS2_MAGIC_THREAD;        /* before the task can run and ask for its ID */

    if (stack_mem) {
        t->task = &t->task_mem;
        err = tos_task_create(&t->task_mem, (char *)(name ? name : ""), os2_thread_entry, t,
                              SPRIG_OS2_K_PRIO(prio), (k_stack_t *)stack_mem, stack_size, 0u);
    } else {
        t->alloc |= OS2_ALLOC_TASK;
        /* t->task is written before the task can run */
        err = tos_task_create_dyn(&t->task, (char *)(name ? name : ""), os2_thread_entry, t,
                                  SPRIG_OS2_K_PRIO(prio), stack_size, 0u);
    }
    if (err != K_ERR_NONE) {
        t->magic = 0u;
        os2_thread_free(t);
        return K_NULL;
    }
    return t;
}

const char *osThreadGetName(osThreadId_t thread_id)
{
    osSprigThread_t *t = os2_thread_check(thread_id);

    return t ? t->name : K_NULL;
}

osThreadId_t osThreadGetId(void)
{
    return sprig_os2_thread_self();
}

osThreadState_t osThreadGetState(osThreadId_t thread_id)
{
    OS2_CS_ALLOC();
    osSprigThread_t *t;
    osThreadState_t state;

    if (sprig_os2_in_isr()) {
        return osThreadError;
    }
    t = os2_thread_check(thread_id);
    if (!t) {
        return osThreadError;
    }
    OS2_CS_ENTER();
    if (t->state == OS2_THREAD_TERMINATED) {
        state = osThreadTerminated;
    } else if (t->task == k_curr_task) {
        state = osThreadRunning;
    } else if (t->task->state == K_TASK_STATE_READY) {
        state = osThreadReady;
    } else {
        state = osThreadBlocked;
    }
    OS2_CS_EXIT();
    return state;
}

uint32_t osThreadGetStackSize(osThreadId_t thread_id)
{
    osSprigThread_t *t;

    if (sprig_os2_in_isr()) {
        return 0u;
    }
    t = os2_thread_check(thread_id);
    if (!t || t->state == OS2_THREAD_TERMINATED) {
        return 0u;
    }
    return t->stack_size;
}

uint32_t osThreadGetStackSpace(osThreadId_t thread_id)
{
    osSprigThread_t *t;
    int depth = 0;

    if (sprig_os2_in_isr()) {
        return 0u;
    }
    t = os2_thread_check(thread_id);
    if (!t || t->state == OS2_THREAD_TERMINATED) {
        return 0u;
    }
    if (tos_task_stack_draught_depth(t->task, &depth) != K_ERR_NONE || depth < 0) {
        return 0u;      /* overflowed */
    }
    return (uint32_t)depth < t->stack_size ? t->stack_size - (uint32_t)depth : 0u;
}

osStatus_t osThreadSetPriority(osThreadId_t thread_id, osPriority_t priority)
{
    osSprigThread_t *t;

    if (sprig_os2_in_isr()) {
        return osErrorISR;
    }
    t = os2_thread_check(thread_id);
    if (!t || priority < osPriorityIdle || priority > osPriorityISR) {
        return osErrorParameter;
    }
    if (t->state == OS2_THREAD_TERMINATED) {
        return osErrorResource;
    }
    return tos_task_prio_change(t->task, SPRIG_OS2_K_PRIO(priority)) == K_ERR_NONE ?
           osOK : osErrorResource;
}

osPriority_t osThreadGetPriority(osThreadId_t thread_id)
{
    osSprigThread_t *t;

    if (sprig_os2_in_isr()) {
        return osPriorityError;
    }
    t = os2_thread_check(thread_id);
    if (!t || t->state == OS2_THREAD_TERMINATED) {
        return osPriorityError;
    }
    return sprig_os2_prio_from_k(t->task->prio);
}

osStatus_t osThreadYield(void)
{
    if (sprig_os2_in_isr()) {
        return osErrorISR;
    }
    tos_task_yield();
    return osOK;
}

/* CS held: a thread blocked in a delay or wait leaves it; the call it is in returns as timed
   out once the task runs again. */
static void os2_thread_unblock(osSprigThread_t *t)
{
    if (t->task->state & OS2_TASK_BLOCKED) {
        if (t->wait) {
            sprig_os2_wait_abort(t->wait);
        }
        (void)tos_task_wait_abort(t->task);     /* CS held, scheduler held: no switch */
    }
}

osStatus_t osThreadSuspend(osThreadId_t thread_id)
{
    OS2_CS_ALLOC();
    osSprigThread_t *t;
    k_err_t err;
    int held;

    if (sprig_os2_in_isr()) {
        return osErrorISR;
    }
    t = os2_thread_check(thread_id);
    if (!t) {
        return osErrorParameter;
    }
    if (t->state == OS2_THREAD_TERMINATED) {
        return osErrorResource;
    }
    if (t->task == k_curr_task) {
        /* fails with the scheduler locked */
        return tos_task_suspend(t->task) == K_ERR_NONE ? osOK : osErrorResource;
    }
    held = sprig_os2_sched_hold();
    OS2_CS_ENTER();
    os2_thread_unblock(t);
    err = tos_task_suspend(t->task);
    OS2_CS_EXIT();
    sprig_os2_sched_release(held);
    return err == K_ERR_NONE ? osOK : osErrorResource;
}

osStatus_t osThreadResume(osThreadId_t thread_id)
{
    OS2_CS_ALLOC();
    osSprigThread_t *t;
    osStatus_t status = osOK;
    int held;

    if (sprig_os2_in_isr()) {
        return osErrorISR;
    }
    t = os2_thread_check(thread_id);
    if (!t) {
        return osErrorParameter;
    }
    if (t->state == OS2_THREAD_TERMINATED || t->task == k_curr_task) {
        return osErrorResource;
    }
    held = sprig_os2_sched_hold();
    OS2_CS_ENTER();
    if (t->task->state == K_TASK_STATE_READY) {
        status = osErrorResource;           /* not blocked */
    } else {
        os2_thread_unblock(t);
        if (t->task->state & K_TASK_STATE_SUSPENDED) {
            (void)tos_task_resume(t->task);
        }
    }
    OS2_CS_EXIT();
    sprig_os2_sched_release(held);
    return status;
}

osStatus_t osThreadDetach(osThreadId_t thread_id)
{
    OS2_CS_ALLOC();
    osSprigThread_t *t;
    int release = 0;

    if (sprig_os2_in_isr()) {
        return osErrorISR;
    }
    t = os2_thread_check(thread_id);
    if (!t) {
        return osErrorParameter;
    }
    OS2_CS_ENTER();
    if (!t->joinable) {             /* detached, or a join is in progress */
        OS2_CS_EXIT();
        return osErrorResource;
    }
    t->joinable = 0u;
    if (t->state == OS2_THREAD_TERMINATED) {
        t->magic = 0u;
        release = 1;
    }
    OS2_CS_EXIT();
    if (release) {
        os2_thread_free(t);
    }
    return osOK;
}

osStatus_t osThreadJoin(osThreadId_t thread_id)
{
    OS2_CS_ALLOC();
    osSprigThread_t *t;
    sprig_os2_wait_t w;
    k_err_t err;
    int joined;

    if (sprig_os2_in_isr()) {
        return osErrorISR;
    }
    t = os2_thread_check(thread_id);
    if (!t) {
        return osErrorParameter;
    }
    if (t == sprig_os2_thread_self()) {
        return osErrorResource;
    }
    sprig_os2_zombie_reap();
    OS2_CS_ENTER();
    if (!t->joinable) {
        OS2_CS_EXIT();
        return osErrorResource;
    }
    if (t->state == OS2_THREAD_TERMINATED) {
        t->magic = 0u;
        OS2_CS_EXIT();
        os2_thread_free(t);
        return osOK;
    }
    if (!os2_can_wait()) {
        OS2_CS_EXIT();
        return osErrorResource;
    }
    sprig_os2_wait_prepare(&w);
    sprig_os2_wait_link_slot(&w, &t->join_wait);
    w.joinee = t;
    t->joinable = 0u;                   /* nobody else may join or detach it meanwhile */
    OS2_CS_EXIT();

    err = sprig_os2_wait_block(&w, TOS_TIME_FOREVER);

    OS2_CS_ENTER();
    joined = w.done;
    if (joined) {
        t->magic = 0u;
    } else if (w.slot) {
        /* could not block (kernel locked): still linked, so `t` is still there */
        sprig_os2_wait_abort(&w);
    }
    /* otherwise osThreadSuspend/osThreadResume ended the wait and made `t` joinable again;
       `t` may even be gone since */
    OS2_CS_EXIT();
    sprig_os2_wait_finish(&w);
    (void)err;
    if (!joined) {
        return osErrorResource;
    }
    os2_thread_free(t);
    return osOK;
}

/* CS held, scheduler held: the CMSIS side of the end of `t`. */
static void os2_thread_end(osSprigThread_t *t)
{
    t->state = OS2_THREAD_TERMINATED;
    if (t->wait) {
        sprig_os2_wait_abort(t->wait);  /* it was waiting somewhere: forget it there */
    }
    if (t->join_wait) {
        sprig_os2_wait_wake(t->join_wait, (uint32_t)osOK);
    }
    sprig_os2_mutex_owner_gone(t);
}

static __NO_RETURN__ void os2_thread_exit_self(osSprigThread_t *t)
{
    OS2_CS_ALLOC();
    k_task_t *task = t->task;
    int held;

    held = sprig_os2_sched_hold();
    /* nothing but ISRs may run from here until the task is gone (see the top of the file) */
    (void)tos_task_prio_change(task, 0u);
    OS2_CS_ENTER();
    os2_thread_end(t);
    if (!t->joinable) {
        t->magic = 0u;
        if (t->alloc & OS2_ALLOC_TASK) {
            os2_thread_free(t);         /* the task is not inside: the kernel frees it */
        } else if (t->alloc & OS2_ALLOC_CB) {
            sprig_os2_zombie_add(t);    /* holds the running task: freed once it is gone */
        }
    }
    OS2_CS_EXIT();
    sprig_os2_sched_release(held);
    tos_task_exit();
}

void osThreadExit(void)
{
    osSprigThread_t *t;

    if (sprig_os2_in_isr()) {
        tos_knl_panic("osThreadExit called from an ISR", __FILE__, __LINE__);
    }
    sprig_os2_kernel_unlock_for_exit();
    t = sprig_os2_thread_self();
    if (!t) {
        tos_task_exit();                /* a Sprig task that is not a CMSIS thread */
    }
    os2_thread_exit_self(t);
}

osStatus_t osThreadTerminate(osThreadId_t thread_id)
{
    OS2_CS_ALLOC();
    osSprigThread_t *t;
    k_err_t err;
    int held;

    if (sprig_os2_in_isr()) {
        return osErrorISR;
    }
    t = os2_thread_check(thread_id);
    if (!t) {
        return osErrorParameter;
    }
    if (t->state == OS2_THREAD_TERMINATED) {
        return osErrorResource;
    }
    if (t->task == k_curr_task) {
        if (sprig_os2_kernel_locked()) {
            return osErrorResource;     /* cannot switch away */
        }
        os2_thread_exit_self(t);
    }
    held = sprig_os2_sched_hold();
    OS2_CS_ENTER();
    os2_thread_end(t);
    OS2_CS_EXIT();
    if (t->alloc & OS2_ALLOC_TASK) {
        err = tos_task_destroy_dyn(t->task);
    } else {
        err = tos_task_destroy(t->task);
    }
    OS2_CS_ENTER();
    if (!t->joinable) {
        t->magic = 0u;
        os2_thread_free(t);
    }
    OS2_CS_EXIT();
    sprig_os2_sched_release(held);
    return err == K_ERR_NONE ? osOK : osErrorResource;
}

/* ---- enumeration: tos_task_walkthru has no context argument; the walk runs with interrupts
   masked, and so does the setting of this context ---- */
static struct {
    osThreadId_t   *array;
    uint32_t        max;
    uint32_t        n;
} os2_walk;

static void os2_walker(k_task_t *task)
{
    osSprigThread_t *t = sprig_os2_thread_of(task);

    if (!t || t->state != OS2_THREAD_ACTIVE) {
        return;
    }
    if (os2_walk.array) {
        if (os2_walk.n < os2_walk.max) {
            os2_walk.array[os2_walk.n++] = t;
        }
    } else {
        os2_walk.n++;
    }
}

static uint32_t os2_thread_walk(osThreadId_t *array, uint32_t max)
{
    OS2_CS_ALLOC();
    uint32_t n;

    OS2_CS_ENTER();
    os2_walk.array = array;
    os2_walk.max = max;
    os2_walk.n = 0u;
    tos_task_walkthru(os2_walker);
    n = os2_walk.n;
    OS2_CS_EXIT();
    return n;
}

uint32_t osThreadGetCount(void)
{
    if (sprig_os2_in_isr()) {
        return 0u;
    }
    return os2_thread_walk(K_NULL, 0u);
}

uint32_t osThreadEnumerate(osThreadId_t *thread_array, uint32_t array_items)
{
    if (sprig_os2_in_isr() || !thread_array || array_items == 0u) {
        return 0u;
    }
    return os2_thread_walk(thread_array, array_items);
}

/* ---- thread flags ---- */

static int os2_flags_match(uint32_t have, uint32_t want, uint32_t options)
{
    if (options & osFlagsWaitAll) {
        return (have & want) == want;
    }
    return (have & want) != 0u;
}

uint32_t osThreadFlagsSet(osThreadId_t thread_id, uint32_t flags)
{
    OS2_CS_ALLOC();
    osSprigThread_t *t = os2_thread_check(thread_id);
    sprig_os2_wait_t *w;
    uint32_t result;
    int held;

    if (!t || (flags & ~OS2_FLAGS_MASK) != 0u) {
        return osFlagsErrorParameter;
    }
    held = sprig_os2_sched_hold();
    OS2_CS_ENTER();
    if (t->state == OS2_THREAD_TERMINATED) {
        result = osFlagsErrorResource;
    } else {
        t->flags |= flags;
        w = t->flags_wait;
        if (w && os2_flags_match(t->flags, w->flags, w->options)) {
            uint32_t before = t->flags;
            if (!(w->options & osFlagsNoClear)) {
                t->flags &= ~w->flags;
            }
            sprig_os2_wait_wake(w, before);
        }
        result = t->flags;
    }
    OS2_CS_EXIT();
    sprig_os2_sched_release(held);
    return result;
}

uint32_t osThreadFlagsClear(uint32_t flags)
{
    OS2_CS_ALLOC();
    osSprigThread_t *t;
    uint32_t before;

    if (sprig_os2_in_isr()) {
        return osFlagsErrorISR;
    }
    if ((flags & ~OS2_FLAGS_MASK) != 0u) {
        return osFlagsErrorParameter;
    }
    t = sprig_os2_thread_self();
    if (!t) {
        return osFlagsErrorUnknown;
    }
    OS2_CS_ENTER();
    before = t->flags;
    t->flags &= ~flags;
    OS2_CS_EXIT();
    return before;
}

uint32_t osThreadFlagsGet(void)
{
    osSprigThread_t *t;

    if (sprig_os2_in_isr()) {
        return 0u;
    }
    t = sprig_os2_thread_self();
    return t ? t->flags : 0u;
}

uint32_t osThreadFlagsWait(uint32_t flags, uint32_t options, uint32_t timeout)
{
    OS2_CS_ALLOC();
    osSprigThread_t *t;
    sprig_os2_wait_t w;
    uint32_t result;
    k_err_t err;

    if (sprig_os2_in_isr()) {
        return osFlagsErrorISR;
    }
    if ((flags & ~OS2_FLAGS_MASK) != 0u) {
        return osFlagsErrorParameter;
    }
    t = sprig_os2_thread_self();
    if (!t) {
        return osFlagsErrorUnknown;
    }
    OS2_CS_ENTER();
    if (os2_flags_match(t->flags, flags, options)) {
        result = t->flags;
        if (!(options & osFlagsNoClear)) {
            t->flags &= ~flags;
        }
        OS2_CS_EXIT();
        return result;
    }
    if (timeout == 0u || !os2_can_wait()) {
        OS2_CS_EXIT();
        return osFlagsErrorResource;
    }
    sprig_os2_wait_prepare(&w);
    w.flags = flags;
    w.options = options;
    sprig_os2_wait_link_slot(&w, &t->flags_wait);
    OS2_CS_EXIT();

    err = sprig_os2_wait_block(&w, sprig_os2_ticks(timeout));

    OS2_CS_ENTER();
    if (w.done) {
        result = w.result;
    } else {
        sprig_os2_wait_unlink(&w);
        result = (uint32_t)sprig_os2_wait_status(err);
    }
    OS2_CS_EXIT();
    sprig_os2_wait_finish(&w);
    return result;
}
