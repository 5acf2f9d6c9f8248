/*
 * CMSIS-RTOS2 threads: osThreadNew, osThreadGetName, osThreadGetId, osThreadGetState,
 * osThreadGetStackSize, osThreadGetStackSpace, osThreadSetPriority, osThreadGetPriority,
 * osThreadYield, osThreadSuspend, osThreadResume, osThreadDetach, osThreadJoin, osThreadExit,
 * osThreadTerminate, osThreadGetCount, osThreadEnumerate.
 */
#include "os2_test.h"

static volatile int ran;
static volatile void *ran_arg;
static volatile osThreadId_t ran_id;
static volatile uint32_t ran_tick;

static void record_thread(void *arg)
{
    ran++;
    ran_arg = arg;
    ran_id = osThreadGetId();
    ran_tick = os2_now();
}

static void forever_thread(void *arg)
{
    (void)arg;
    for (;;) {
        osDelay(osWaitForever);
    }
}

/* ---- creation ---- */

KTEST(thread, new_with_defaults)
{
    osThreadId_t id;
    int arg;

    ran = 0;
    id = osThreadNew(record_thread, &arg, K_NULL);
    KT_ASSERT(id != K_NULL);
    KT_ASSERT_EQ(ran, 0);                           /* osPriorityNormal: below the case */
    KT_ASSERT_EQ(osThreadGetPriority(id), osPriorityNormal);
    KT_ASSERT_EQ(osThreadGetStackSize(id), SPRIG_OS2_THREAD_STACK_SIZE);
    KT_ASSERT(osThreadGetName(id) == K_NULL);
    KT_ASSERT_EQ(osThreadGetState(id), osThreadReady);
    KT_ASSERT_EQ(((osSprigThread_t *)id)->task->prio, SPRIG_OS2_K_PRIO(osPriorityNormal));
    os2_sleep(1u);
    KT_ASSERT_EQ(ran, 1);
    KT_ASSERT_PTR_EQ(ran_arg, &arg);
    KT_ASSERT_PTR_EQ(ran_id, id);
    /* detached and ended: its ID is gone */
    KT_ASSERT_EQ(osThreadGetState(id), osThreadError);
}

KTEST(thread, new_more_urgent_runs_at_once)
{
    osThreadAttr_t a = os2_attr("urgent", OS2_ABOVE_MAIN, 0);

    ran = 0;
    KT_ASSERT(osThreadNew(record_thread, K_NULL, &a) != K_NULL);
    KT_ASSERT_EQ(ran, 1);
}

static osSprigThread_t static_cb;
static uint64_t static_stack[1024 / 8];

KTEST(thread, new_with_attributes_and_static_memory)
{
    osThreadAttr_t a = os2_attr("worker-with-a-long-name", osPriorityHigh3, 1);
    osThreadId_t id;

    a.cb_mem = &static_cb;
    a.cb_size = sizeof static_cb;
    a.stack_mem = static_stack;
    a.stack_size = sizeof static_stack;
    ran = 0;
    id = osThreadNew(record_thread, K_NULL, &a);
    KT_ASSERT_PTR_EQ(id, &static_cb);
    KT_ASSERT_STR_EQ(osThreadGetName(id), "worker-with-a-long-name");
    KT_ASSERT_PTR_EQ(osThreadGetName(id), a.name);
    KT_ASSERT_EQ(osThreadGetPriority(id), osPriorityHigh3);
    KT_ASSERT_EQ(osThreadGetStackSize(id), sizeof static_stack);
    /* the same memory cannot make a second thread while this one lives */
    KT_ASSERT(osThreadNew(record_thread, K_NULL, &a) == K_NULL);
    KT_ASSERT_EQ(osThreadJoin(id), osOK);
    KT_ASSERT_EQ(ran, 1);
    /* the join returned with the thread's task gone, not merely about to go */
    KT_ASSERT_EQ(static_cb.task_mem.state, K_TASK_STATE_DELETED);
    /* joined: the memory can be used again */
    id = osThreadNew(record_thread, K_NULL, &a);
    KT_ASSERT_PTR_EQ(id, &static_cb);
    KT_ASSERT_EQ(osThreadJoin(id), osOK);
    KT_ASSERT_EQ(ran, 2);
}

static volatile osThreadId_t isr_new_id;

static void new_in_isr(void *arg)
{
    (void)arg;
    isr_new_id = osThreadNew(record_thread, K_NULL, K_NULL);
}

KTEST(thread, new_invalid)
{
    osThreadAttr_t a;
    static uint64_t stk[128];
    static osSprigThread_t cb;

    KT_ASSERT(osThreadNew(K_NULL, K_NULL, K_NULL) == K_NULL);

    a = os2_attr("p", (osPriority_t)(osPriorityISR + 1), 0);
    KT_ASSERT(osThreadNew(record_thread, K_NULL, &a) == K_NULL);
    a = os2_attr("p", osPriorityError, 0);
    KT_ASSERT(osThreadNew(record_thread, K_NULL, &a) == K_NULL);

    a = os2_attr("cb", osPriorityNormal, 0);
    a.cb_mem = (uint8_t *)&cb + 1;                  /* misaligned */
    a.cb_size = sizeof cb;
    KT_ASSERT(osThreadNew(record_thread, K_NULL, &a) == K_NULL);
    a.cb_mem = &cb;
    a.cb_size = sizeof cb - 1u;                     /* too small */
    KT_ASSERT(osThreadNew(record_thread, K_NULL, &a) == K_NULL);
    a.cb_mem = K_NULL;
    a.cb_size = sizeof cb;                          /* a size without memory */
    KT_ASSERT(osThreadNew(record_thread, K_NULL, &a) == K_NULL);

    a = os2_attr("stk", osPriorityNormal, 0);
    a.stack_mem = (uint8_t *)stk + 4;               /* not 8-byte aligned */
    a.stack_size = 512u;
    KT_ASSERT(osThreadNew(record_thread, K_NULL, &a) == K_NULL);
    a.stack_mem = stk;
    a.stack_size = K_TASK_STK_SIZE_MIN - 8u;        /* too small */
    KT_ASSERT(osThreadNew(record_thread, K_NULL, &a) == K_NULL);
    a.stack_mem = K_NULL;
    KT_ASSERT(osThreadNew(record_thread, K_NULL, &a) == K_NULL);

    isr_new_id = (osThreadId_t)1;
    os2_in_isr(new_in_isr, K_NULL);
    KT_ASSERT(isr_new_id == K_NULL);

    KT_ASSERT_EQ(osThreadGetCount(), 0u);           /* none of them was created */
    /* osPriorityNone means the default */
    a = os2_attr("none", osPriorityNone, 0);
    ran = 0;
    KT_ASSERT(osThreadNew(record_thread, K_NULL, &a) != K_NULL);
}

KTEST(thread, new_out_of_memory)
{
    osThreadAttr_t a = os2_attr("static", OS2_ABOVE_MAIN, 0);
    static osSprigThread_t cb;
    static uint64_t stk[256];

    ktest_heap_exhaust();
    KT_ASSERT(osThreadNew(record_thread, K_NULL, K_NULL) == K_NULL);
    a.cb_mem = &cb;
    a.cb_size = sizeof cb;
    KT_ASSERT(osThreadNew(record_thread, K_NULL, &a) == K_NULL);    /* the stack needs the heap */
    /* fully static: no heap needed */
    a.stack_mem = stk;
    a.stack_size = sizeof stk;
    ran = 0;
    KT_ASSERT(osThreadNew(record_thread, K_NULL, &a) != K_NULL);
    KT_ASSERT_EQ(ran, 1);
    ktest_heap_restore();
    KT_ASSERT(osThreadNew(record_thread, K_NULL, K_NULL) != K_NULL);
}

/* ---- identity and state ---- */

static volatile osThreadId_t isr_seen_id;
static volatile osThreadState_t isr_seen_state;
static volatile const char *isr_seen_name;

static void id_in_isr(void *arg)
{
    isr_seen_id = osThreadGetId();
    isr_seen_state = osThreadGetState(arg);
    isr_seen_name = osThreadGetName(arg);
}

static volatile osThreadState_t self_state;

static void self_inspect_thread(void *arg)
{
    (void)arg;
    ran_id = osThreadGetId();
    self_state = osThreadGetState(osThreadGetId());
    os2_in_isr(id_in_isr, osThreadGetId());
}

KTEST(thread, get_id_name_state)
{
    osThreadAttr_t a = os2_attr("inspect", OS2_ABOVE_MAIN, 1);
    osThreadId_t id;

    KT_ASSERT(osThreadGetId() == K_NULL);           /* the case's task is no CMSIS thread */
    id = osThreadNew(self_inspect_thread, K_NULL, &a);
    KT_ASSERT_PTR_EQ(ran_id, id);
    KT_ASSERT_EQ(self_state, osThreadRunning);
    KT_ASSERT_PTR_EQ(isr_seen_id, id);              /* the interrupted thread */
    KT_ASSERT_EQ(isr_seen_state, osThreadError);    /* not from an ISR */
    KT_ASSERT_STR_EQ((const char *)isr_seen_name, "inspect");
    KT_ASSERT_EQ(osThreadGetState(id), osThreadTerminated);
    KT_ASSERT_STR_EQ(osThreadGetName(id), "inspect");
    KT_ASSERT_EQ(osThreadJoin(id), osOK);
    KT_ASSERT_EQ(osThreadGetState(id), osThreadError);
    KT_ASSERT(osThreadGetName(id) == K_NULL);
    os2_in_isr(id_in_isr, K_NULL);
    KT_ASSERT(isr_seen_id == K_NULL);               /* interrupted the case's task */
    KT_ASSERT(osThreadGetName(K_NULL) == K_NULL);
    KT_ASSERT(osThreadGetName(os2_bogus) == K_NULL);
    KT_ASSERT_EQ(osThreadGetState(K_NULL), osThreadError);
    KT_ASSERT_EQ(osThreadGetState(os2_bogus), osThreadError);
    KT_ASSERT_EQ(osThreadGetState(k_curr_task), osThreadError);     /* a plain Sprig task */
}

static osSemaphoreId_t gate;

static void gate_thread(void *arg)
{
    (void)arg;
    osSemaphoreAcquire(gate, osWaitForever);
    ran++;
}

KTEST(thread, state_ready_blocked_suspended)
{
    osThreadAttr_t lo = os2_attr("lo", OS2_BELOW_MAIN, 0);
    osThreadId_t id;

    gate = osSemaphoreNew(1u, 0u, K_NULL);
    ran = 0;
    id = osThreadNew(gate_thread, K_NULL, &lo);
    KT_ASSERT_EQ(osThreadGetState(id), osThreadReady);
    os2_sleep(1u);
    KT_ASSERT_EQ(osThreadGetState(id), osThreadBlocked);    /* waiting */
    KT_ASSERT_EQ(osThreadSuspend(id), osOK);
    KT_ASSERT_EQ(osThreadGetState(id), osThreadBlocked);    /* suspended */
    KT_ASSERT_EQ(osThreadResume(id), osOK);
    KT_ASSERT_EQ(osThreadGetState(id), osThreadReady);
    KT_ASSERT_EQ(ran, 0);
}

/* ---- stack ---- */

static volatile uint32_t space_before, space_after;

/* a frame of 3 KiB below the caller's, every byte written */
static __attribute__((noinline)) void use_stack(void)
{
    volatile uint8_t buf[3072];
    unsigned i;

    for (i = 0; i < sizeof buf; i++) {
        buf[i] = (uint8_t)(i | 1u);
    }
}

static void stack_user_thread(void *arg)
{
    (void)arg;
    space_before = osThreadGetStackSpace(osThreadGetId());
    use_stack();
    space_after = osThreadGetStackSpace(osThreadGetId());
    osThreadFlagsWait(1u, osFlagsWaitAny, osWaitForever);
}

static volatile uint32_t stack_isr[2];

static void stack_in_isr(void *arg)
{
    stack_isr[0] = osThreadGetStackSize(arg);
    stack_isr[1] = osThreadGetStackSpace(arg);
}

KTEST(thread, stack_size_and_space)
{
    osThreadAttr_t a = os2_attr("stack", OS2_ABOVE_MAIN, 1);
    osThreadId_t id;
    uint32_t space;

    a.stack_size = 8192u;
    id = osThreadNew(stack_user_thread, K_NULL, &a);
    KT_ASSERT(id != K_NULL);
    KT_ASSERT_EQ(osThreadGetStackSize(id), 8192u);
    KT_ASSERT_GT(space_before, 0u);
    KT_ASSERT_LT(space_before, 8192u);
    KT_ASSERT_LE(space_after + 2048u, space_before);        /* the frame was used */
    space = osThreadGetStackSpace(id);
    KT_ASSERT_LE(space, space_after);
    KT_ASSERT_GT(space, 0u);
    os2_in_isr(stack_in_isr, id);
    KT_ASSERT_EQ(stack_isr[0], 0u);
    KT_ASSERT_EQ(stack_isr[1], 0u);
    KT_ASSERT_EQ(osThreadGetStackSize(K_NULL), 0u);
    KT_ASSERT_EQ(osThreadGetStackSpace(os2_bogus), 0u);
    osThreadFlagsSet(id, 1u);
    KT_ASSERT_EQ(osThreadGetState(id), osThreadTerminated);
    KT_ASSERT_EQ(osThreadGetStackSize(id), 0u);
    KT_ASSERT_EQ(osThreadGetStackSpace(id), 0u);
    KT_ASSERT_EQ(osThreadJoin(id), osOK);
}

/* ---- priority ---- */

static volatile int prio_isr[2];

static void prio_in_isr(void *arg)
{
    prio_isr[0] = osThreadSetPriority(arg, osPriorityLow);
    prio_isr[1] = osThreadGetPriority(arg);
}

KTEST(thread, set_and_get_priority)
{
    osThreadAttr_t a = os2_attr("p", osPriorityLow, 1);
    osThreadId_t id;

    ran = 0;
    id = osThreadNew(record_thread, K_NULL, &a);
    KT_ASSERT_EQ(osThreadGetPriority(id), osPriorityLow);
    KT_ASSERT_EQ(osThreadSetPriority(id, osPriorityBelowNormal2), osOK);
    KT_ASSERT_EQ(osThreadGetPriority(id), osPriorityBelowNormal2);
    KT_ASSERT_EQ(((osSprigThread_t *)id)->task->prio, SPRIG_OS2_K_PRIO(osPriorityBelowNormal2));
    KT_ASSERT_EQ(osThreadSetPriority(id, osPriorityIdle), osOK);
    KT_ASSERT_EQ(osThreadGetPriority(id), osPriorityIdle);
    KT_ASSERT_EQ(osThreadSetPriority(id, osPriorityNone), osErrorParameter);
    KT_ASSERT_EQ(osThreadSetPriority(id, (osPriority_t)(osPriorityISR + 1)), osErrorParameter);
    KT_ASSERT_EQ(osThreadSetPriority(K_NULL, osPriorityLow), osErrorParameter);
    KT_ASSERT_EQ(osThreadGetPriority(K_NULL), osPriorityError);
    KT_ASSERT_EQ(osThreadGetPriority(os2_bogus), osPriorityError);
    os2_in_isr(prio_in_isr, id);
    KT_ASSERT_EQ(prio_isr[0], osErrorISR);
    KT_ASSERT_EQ(prio_isr[1], osPriorityError);
    KT_ASSERT_EQ(osThreadGetPriority(id), osPriorityIdle);
    KT_ASSERT_EQ(ran, 0);
    /* raised above the case's task: runs at once */
    KT_ASSERT_EQ(osThreadSetPriority(id, osPriorityISR), osOK);
    KT_ASSERT_EQ(ran, 1);
    KT_ASSERT_EQ(osThreadGetState(id), osThreadTerminated);
    KT_ASSERT_EQ(osThreadSetPriority(id, osPriorityLow), osErrorResource);
    KT_ASSERT_EQ(osThreadGetPriority(id), osPriorityError);
    KT_ASSERT_EQ(osThreadJoin(id), osOK);
}

/* ---- yield ---- */

static char yield_log[16];
static volatile unsigned yield_n;

static void yield_thread(void *arg)
{
    char c = (char)(uintptr_t)arg;

    yield_log[yield_n++] = c;
    KT_ASSERT_EQ(osThreadYield(), osOK);
    yield_log[yield_n++] = c;
}

static volatile int yield_isr_status;

static void yield_in_isr(void *arg)
{
    (void)arg;
    yield_isr_status = osThreadYield();
}

KTEST(thread, yield)
{
    osThreadAttr_t a = os2_attr("y", OS2_BELOW_MAIN, 0);
    osThreadAttr_t lo = os2_attr("lo", osPriorityLow, 0);

    yield_n = 0u;
    memset(yield_log, 0, sizeof yield_log);
    KT_ASSERT(osThreadNew(yield_thread, (void *)(uintptr_t)'a', &a) != K_NULL);
    KT_ASSERT(osThreadNew(yield_thread, (void *)(uintptr_t)'b', &a) != K_NULL);
    KT_ASSERT(osThreadNew(yield_thread, (void *)(uintptr_t)'c', &lo) != K_NULL);
    os2_sleep(1u);
    /* a and b alternate; c, less urgent, only runs once both are done */
    KT_ASSERT_STR_EQ(yield_log, "ababcc");
    os2_in_isr(yield_in_isr, K_NULL);
    KT_ASSERT_EQ(yield_isr_status, osErrorISR);
    KT_ASSERT_EQ(osThreadYield(), osOK);            /* alone at its priority: keeps running */
}

/* ---- suspend / resume ---- */

static volatile uint32_t woke_tick;
static volatile int woke_status;

static void delay_thread(void *arg)
{
    uint32_t ticks = (uint32_t)(uintptr_t)arg;

    woke_status = osDelay(ticks);
    woke_tick = os2_now();
}

static void self_suspend_thread(void *arg)
{
    (void)arg;
    ran = 1;
    KT_ASSERT_EQ(osThreadSuspend(osThreadGetId()), osOK);
    ran = 2;
    KT_ASSERT_EQ(osThreadResume(osThreadGetId()), osErrorResource);     /* running */
}

static volatile int susp_isr[2];

static void suspend_in_isr(void *arg)
{
    susp_isr[0] = osThreadSuspend(arg);
    susp_isr[1] = osThreadResume(arg);
}

KTEST(thread, suspend_and_resume)
{
    osThreadAttr_t hi = os2_attr("hi", OS2_ABOVE_MAIN, 1);
    osThreadAttr_t lo = os2_attr("lo", OS2_BELOW_MAIN, 0);
    osThreadId_t id;

    /* a ready thread does not run while suspended */
    ran = 0;
    id = osThreadNew(record_thread, K_NULL, &lo);
    KT_ASSERT_EQ(osThreadResume(id), osErrorResource);  /* ready, not blocked */
    KT_ASSERT_EQ(osThreadSuspend(id), osOK);
    KT_ASSERT_EQ(osThreadSuspend(id), osOK);            /* again: still suspended */
    os2_sleep(10u);
    KT_ASSERT_EQ(ran, 0);
    KT_ASSERT_EQ(osThreadResume(id), osOK);
    os2_sleep(1u);
    KT_ASSERT_EQ(ran, 1);

    /* a thread suspending itself */
    ran = 0;
    id = osThreadNew(self_suspend_thread, K_NULL, &hi);
    KT_ASSERT_EQ(ran, 1);
    KT_ASSERT_EQ(osThreadGetState(id), osThreadBlocked);
    os2_in_isr(suspend_in_isr, id);
    KT_ASSERT_EQ(susp_isr[0], osErrorISR);
    KT_ASSERT_EQ(susp_isr[1], osErrorISR);
    KT_ASSERT_EQ(ran, 1);
    KT_ASSERT_EQ(osThreadResume(id), osOK);
    KT_ASSERT_EQ(ran, 2);
    KT_ASSERT_EQ(osThreadGetState(id), osThreadTerminated);
    KT_ASSERT_EQ(osThreadSuspend(id), osErrorResource);
    KT_ASSERT_EQ(osThreadResume(id), osErrorResource);
    KT_ASSERT_EQ(osThreadJoin(id), osOK);

    KT_ASSERT_EQ(osThreadSuspend(K_NULL), osErrorParameter);
    KT_ASSERT_EQ(osThreadResume(os2_bogus), osErrorParameter);
}

KTEST(thread, suspend_ends_a_delay)
{
    osThreadAttr_t a = os2_attr("d", OS2_ABOVE_MAIN, 0);
    osThreadId_t id;
    uint32_t t0 = os2_now();

    woke_tick = 0u;
    woke_status = 99;
    id = osThreadNew(delay_thread, (void *)(uintptr_t)1000u, &a);
    os2_sleep(10u);
    KT_ASSERT_EQ(osThreadSuspend(id), osOK);        /* leaves the delay... */
    os2_sleep(10u);
    KT_ASSERT_EQ(woke_status, 99);                  /* ...but stays off the CPU */
    KT_ASSERT_EQ(osThreadResume(id), osOK);
    KT_ASSERT_EQ(woke_status, osOK);
    KT_ASSERT_EQ(woke_tick, t0 + 20u);
}

KTEST(thread, resume_ends_a_delay)
{
    osThreadAttr_t a = os2_attr("d", OS2_ABOVE_MAIN, 0);
    osThreadId_t id;
    uint32_t t0 = os2_now();

    woke_status = 99;
    id = osThreadNew(delay_thread, (void *)(uintptr_t)500u, &a);
    os2_sleep(7u);
    KT_ASSERT_EQ(osThreadGetState(id), osThreadBlocked);
    KT_ASSERT_EQ(osThreadResume(id), osOK);         /* blocked, not suspended: ready now */
    KT_ASSERT_EQ(woke_status, osOK);
    KT_ASSERT_EQ(woke_tick, t0 + 7u);
}

static volatile int acq_status;
static volatile uint32_t acq_tick;

static void acquire_thread(void *arg)
{
    acq_status = osSemaphoreAcquire(arg, 1000u);
    acq_tick = os2_now();
}

KTEST(thread, suspend_takes_a_waiter_off_its_wait_list)
{
    osThreadAttr_t a = os2_attr("w", OS2_ABOVE_MAIN, 0);
    osSemaphoreId_t s = osSemaphoreNew(1u, 0u, K_NULL);
    osThreadId_t id;
    uint32_t t0 = os2_now();

    acq_status = 99;
    id = osThreadNew(acquire_thread, s, &a);
    os2_sleep(5u);
    KT_ASSERT_EQ(osThreadSuspend(id), osOK);
    KT_ASSERT_EQ(osSemaphoreRelease(s), osOK);      /* the suspended thread does not get it */
    KT_ASSERT_EQ(osSemaphoreGetCount(s), 1u);
    os2_sleep(5u);
    KT_ASSERT_EQ(acq_status, 99);
    KT_ASSERT_EQ(osThreadResume(id), osOK);
    KT_ASSERT_EQ(acq_status, osErrorTimeout);       /* its wait ended when suspended */
    KT_ASSERT_EQ(acq_tick, t0 + 10u);
    KT_ASSERT_EQ(osSemaphoreGetCount(s), 1u);
}

/* ---- join, detach, exit, terminate ---- */

static void exit_after_thread(void *arg)
{
    osDelay((uint32_t)(uintptr_t)arg);
    ran++;
    osThreadExit();
}

static volatile int join_isr_status[2];

static void join_in_isr(void *arg)
{
    join_isr_status[0] = osThreadJoin(arg);
    join_isr_status[1] = osThreadDetach(arg);
}

KTEST(thread, join_waits_for_the_end)
{
    osThreadAttr_t a = os2_attr("j", OS2_BELOW_MAIN, 1);
    osThreadId_t id;
    uint32_t t0 = os2_now();

    ran = 0;
    id = osThreadNew(exit_after_thread, (void *)(uintptr_t)10u, &a);
    os2_in_isr(join_in_isr, id);
    KT_ASSERT_EQ(join_isr_status[0], osErrorISR);
    KT_ASSERT_EQ(join_isr_status[1], osErrorISR);
    KT_ASSERT_EQ(osThreadJoin(id), osOK);
    KT_ASSERT_EQ(ran, 1);
    KT_ASSERT_EQ(os2_now(), t0 + 10u);
    KT_ASSERT_EQ(osThreadGetState(id), osThreadError);  /* released */
    KT_ASSERT_EQ(osThreadJoin(id), osErrorParameter);
    KT_ASSERT_EQ(osThreadJoin(K_NULL), osErrorParameter);
}

KTEST(thread, join_an_ended_thread_and_return_from_function)
{
    osThreadAttr_t a = os2_attr("j", OS2_ABOVE_MAIN, 1);
    osThreadId_t id;

    ran = 0;
    id = osThreadNew(record_thread, K_NULL, &a);     /* returns from its function */
    KT_ASSERT_EQ(ran, 1);
    KT_ASSERT_EQ(osThreadGetState(id), osThreadTerminated);
    KT_ASSERT_EQ(osThreadJoin(id), osOK);
    KT_ASSERT_EQ(osThreadGetState(id), osThreadError);
}

static volatile int second_join_status;

static void second_joiner_thread(void *arg)
{
    second_join_status = osThreadJoin(arg);
}

static volatile int self_join_status;

static void self_join_thread(void *arg)
{
    (void)arg;
    self_join_status = osThreadJoin(osThreadGetId());
}

KTEST(thread, join_errors)
{
    osThreadAttr_t det = os2_attr("d", OS2_BELOW_MAIN, 0);
    osThreadAttr_t jn = os2_attr("j", OS2_BELOW_MAIN, 1);
    osThreadAttr_t hi = os2_attr("h", OS2_ABOVE_MAIN, 1);
    osThreadId_t d, j, h;

    d = osThreadNew(forever_thread, K_NULL, &det);
    KT_ASSERT_EQ(osThreadJoin(d), osErrorResource);     /* detached */
    KT_ASSERT_EQ(osThreadTerminate(d), osOK);

    h = osThreadNew(self_join_thread, K_NULL, &hi);
    KT_ASSERT_EQ(self_join_status, osErrorResource);
    KT_ASSERT_EQ(osThreadJoin(h), osOK);

    /* a second joiner is refused while the first waits */
    j = osThreadNew(exit_after_thread, (void *)(uintptr_t)20u, &jn);
    second_join_status = 99;
    hi.attr_bits = osThreadDetached;
    KT_ASSERT(osThreadNew(second_joiner_thread, j, &hi) != K_NULL);  /* joins first */
    KT_ASSERT_EQ(second_join_status, 99);               /* waiting */
    KT_ASSERT_EQ(osThreadJoin(j), osErrorResource);
    KT_ASSERT_EQ(osThreadDetach(j), osErrorResource);
    os2_sleep(30u);
    KT_ASSERT_EQ(second_join_status, osOK);
    KT_ASSERT_EQ(osThreadGetState(j), osThreadError);
}

static volatile int abort_join_status;

static void joiner_thread(void *arg)
{
    abort_join_status = osThreadJoin(arg);
}

KTEST(thread, join_ended_by_resume_or_suspend)
{
    osThreadAttr_t jn = os2_attr("j", OS2_BELOW_MAIN, 1);
    osThreadAttr_t hi = os2_attr("h", OS2_ABOVE_MAIN, 1);
    osThreadId_t x, j;

    /* resumed: the join gives up, and the thread can be joined again */
    x = osThreadNew(forever_thread, K_NULL, &jn);
    abort_join_status = 99;
    j = osThreadNew(joiner_thread, x, &hi);
    KT_ASSERT_EQ(abort_join_status, 99);
    KT_ASSERT_EQ(osThreadDetach(x), osErrorResource);       /* a join is in progress */
    KT_ASSERT_EQ(osThreadResume(j), osOK);
    KT_ASSERT_EQ(abort_join_status, osErrorResource);
    KT_ASSERT_EQ(osThreadJoin(j), osOK);
    KT_ASSERT_EQ(osThreadTerminate(x), osOK);
    KT_ASSERT_EQ(osThreadJoin(x), osOK);

    /* suspended meanwhile the thread ends and is gone: the joiner must not touch it */
    x = osThreadNew(forever_thread, K_NULL, &jn);
    abort_join_status = 99;
    j = osThreadNew(joiner_thread, x, &hi);
    KT_ASSERT_EQ(osThreadSuspend(j), osOK);
    KT_ASSERT_EQ(osThreadDetach(x), osOK);                  /* joinable again, so detachable */
    KT_ASSERT_EQ(osThreadTerminate(x), osOK);               /* detached: released */
    KT_ASSERT_EQ(osThreadGetState(x), osThreadError);
    KT_ASSERT_EQ(osThreadResume(j), osOK);
    KT_ASSERT_EQ(abort_join_status, osErrorResource);
    KT_ASSERT_EQ(osThreadJoin(j), osOK);
}

KTEST(thread, detach)
{
    osThreadAttr_t a = os2_attr("j", OS2_BELOW_MAIN, 1);
    osThreadAttr_t hi = os2_attr("h", OS2_ABOVE_MAIN, 1);
    osThreadId_t id;
    uint32_t used;

    ran = 0;
    id = osThreadNew(exit_after_thread, (void *)(uintptr_t)5u, &a);
    KT_ASSERT_EQ(osThreadDetach(id), osOK);
    KT_ASSERT_EQ(osThreadDetach(id), osErrorResource);  /* detached already */
    KT_ASSERT_EQ(osThreadJoin(id), osErrorResource);
    os2_sleep(10u);
    KT_ASSERT_EQ(ran, 1);
    KT_ASSERT_EQ(osThreadGetState(id), osThreadError);  /* gone when it ended */

    /* detaching an ended thread releases it */
    used = ktest_heap_used();
    id = osThreadNew(record_thread, K_NULL, &hi);
    KT_ASSERT_EQ(osThreadGetState(id), osThreadTerminated);
    os2_sleep(1u);                                      /* the idle task frees the task */
    KT_ASSERT_GT(ktest_heap_used(), used);                /* the control block remains */
    KT_ASSERT_EQ(osThreadDetach(id), osOK);
    KT_ASSERT_EQ(ktest_heap_used(), used);
    KT_ASSERT_EQ(osThreadGetState(id), osThreadError);
    KT_ASSERT_EQ(osThreadDetach(id), osErrorParameter);
    KT_ASSERT_EQ(osThreadDetach(K_NULL), osErrorParameter);
}

static uint64_t user_stack[512 / 8];

KTEST(thread, ended_threads_give_their_memory_back)
{
    osThreadAttr_t a = os2_attr("m", OS2_ABOVE_MAIN, 0);
    osThreadAttr_t st = os2_attr("s", OS2_ABOVE_MAIN, 0);
    static osSprigThread_t cb;
    static uint64_t stk[512 / 8];
    uint32_t base = ktest_heap_used();

    /* heap control block and stack, detached, ends itself */
    KT_ASSERT(osThreadNew(record_thread, K_NULL, &a) != K_NULL);
    os2_sleep(1u);
    KT_ASSERT_EQ(ktest_heap_used(), base);
    /* joinable: released by the join */
    a.attr_bits = osThreadJoinable;
    osThreadId_t id = osThreadNew(record_thread, K_NULL, &a);
    os2_sleep(1u);
    KT_ASSERT_GT(ktest_heap_used(), base);
    KT_ASSERT_EQ(osThreadJoin(id), osOK);
    KT_ASSERT_EQ(ktest_heap_used(), base);
    /* heap control block holding the task, caller's stack: released at the next thread call */
    a.attr_bits = osThreadDetached;
    a.stack_mem = user_stack;
    a.stack_size = sizeof user_stack;
    KT_ASSERT(osThreadNew(record_thread, K_NULL, &a) != K_NULL);
    os2_sleep(1u);
    KT_ASSERT_GT(ktest_heap_used(), base);
    st.cb_mem = &cb;
    st.cb_size = sizeof cb;
    st.stack_mem = stk;
    st.stack_size = sizeof stk;
    KT_ASSERT(osThreadNew(record_thread, K_NULL, &st) != K_NULL);
    KT_ASSERT_EQ(ktest_heap_used(), base);
    /* terminated by another thread */
    a.stack_mem = K_NULL;
    a.stack_size = 0u;
    a.priority = OS2_BELOW_MAIN;
    id = osThreadNew(forever_thread, K_NULL, &a);
    KT_ASSERT_GT(ktest_heap_used(), base);
    KT_ASSERT_EQ(osThreadTerminate(id), osOK);
    KT_ASSERT_EQ(ktest_heap_used(), base);
}

static volatile int term_self_after;

static void terminate_self_thread(void *arg)
{
    (void)arg;
    ran = 1;
    osThreadTerminate(osThreadGetId());
    term_self_after = 1;
}

static volatile int term_isr_status;

static void terminate_in_isr(void *arg)
{
    term_isr_status = osThreadTerminate(arg);
}

KTEST(thread, terminate)
{
    osThreadAttr_t lo = os2_attr("lo", OS2_BELOW_MAIN, 1);
    osThreadAttr_t hi = os2_attr("hi", OS2_ABOVE_MAIN, 1);
    osSemaphoreId_t s = osSemaphoreNew(1u, 0u, K_NULL);
    osThreadId_t id;

    /* a ready thread never runs */
    ran = 0;
    id = osThreadNew(record_thread, K_NULL, &lo);
    os2_in_isr(terminate_in_isr, id);
    KT_ASSERT_EQ(term_isr_status, osErrorISR);
    KT_ASSERT_EQ(osThreadTerminate(id), osOK);
    KT_ASSERT_EQ(osThreadGetState(id), osThreadTerminated);
    KT_ASSERT_EQ(osThreadTerminate(id), osErrorResource);
    os2_sleep(5u);
    KT_ASSERT_EQ(ran, 0);
    KT_ASSERT_EQ(osThreadJoin(id), osOK);

    /* a waiting thread leaves the wait list: a later release finds nobody */
    acq_status = 99;
    id = osThreadNew(acquire_thread, s, &hi);
    KT_ASSERT_EQ(osThreadGetState(id), osThreadBlocked);
    KT_ASSERT_EQ(osThreadTerminate(id), osOK);
    KT_ASSERT_EQ(osSemaphoreRelease(s), osOK);
    KT_ASSERT_EQ(osSemaphoreGetCount(s), 1u);
    KT_ASSERT_EQ(acq_status, 99);
    KT_ASSERT_EQ(osThreadJoin(id), osOK);

    /* terminating oneself does not return */
    ran = 0;
    term_self_after = 0;
    id = osThreadNew(terminate_self_thread, K_NULL, &hi);
    KT_ASSERT_EQ(ran, 1);
    KT_ASSERT_EQ(term_self_after, 0);
    KT_ASSERT_EQ(osThreadGetState(id), osThreadTerminated);
    KT_ASSERT_EQ(osThreadJoin(id), osOK);

    KT_ASSERT_EQ(osThreadTerminate(K_NULL), osErrorParameter);
    KT_ASSERT_EQ(osThreadTerminate(os2_bogus), osErrorParameter);
}

static volatile int locked_term_status;

static void locked_exit_thread(void *arg)
{
    (void)arg;
    KT_ASSERT_EQ(osKernelLock(), 0);
    locked_term_status = osThreadTerminate(osThreadGetId());   /* cannot switch away */
    osThreadExit();                                 /* releases the lock, then ends */
}

KTEST(thread, exit_releases_the_kernel_lock)
{
    osThreadAttr_t hi = os2_attr("hi", OS2_ABOVE_MAIN, 0);

    os2_boot();
    KT_ASSERT(osThreadNew(locked_exit_thread, K_NULL, &hi) != K_NULL);
    KT_ASSERT_EQ(locked_term_status, osErrorResource);
    KT_ASSERT_EQ(osKernelGetState(), osKernelRunning);
    KT_ASSERT_EQ(osThreadGetCount(), 0u);
}

static k_task_t plain_task;
KTEST_STACK(plain_stack);

static void plain_exit_entry(void *arg)
{
    (void)arg;
    ran = 1;
    osThreadExit();
}

KTEST(thread, exit_from_a_plain_sprig_task)
{
    ran = 0;
    ktest_task_create(&plain_task, "plain", plain_exit_entry, K_NULL, KTEST_MAIN_PRIO - 1u,
                      plain_stack);
    KT_ASSERT_EQ(ran, 1);
    KT_ASSERT_EQ(plain_task.state, K_TASK_STATE_DELETED);
}

/* ---- count and enumerate ---- */

static volatile uint32_t enum_isr[2];

static void enum_in_isr(void *arg)
{
    osThreadId_t ids[4];

    (void)arg;
    enum_isr[0] = osThreadGetCount();
    enum_isr[1] = osThreadEnumerate(ids, 4u);
}

KTEST(thread, count_and_enumerate)
{
    osThreadAttr_t lo = os2_attr("lo", OS2_BELOW_MAIN, 0);
    osThreadId_t made[3], ids[8];
    uint32_t n, i, j, found;

    KT_ASSERT_EQ(osThreadGetCount(), 0u);           /* Sprig's own tasks are not threads */
    for (i = 0; i < 3u; i++) {
        made[i] = osThreadNew(forever_thread, K_NULL, &lo);
        KT_ASSERT(made[i] != K_NULL);
    }
    KT_ASSERT_EQ(osThreadGetCount(), 3u);
    KT_ASSERT_EQ(osThreadEnumerate(ids, 2u), 2u);
    n = osThreadEnumerate(ids, 8u);
    KT_ASSERT_EQ(n, 3u);
    for (i = 0; i < 3u; i++) {
        found = 0u;
        for (j = 0; j < n; j++) {
            found += ids[j] == made[i];
        }
        KT_ASSERT_EQ(found, 1u);
    }
    KT_ASSERT_EQ(osThreadEnumerate(K_NULL, 8u), 0u);
    KT_ASSERT_EQ(osThreadEnumerate(ids, 0u), 0u);
    os2_in_isr(enum_in_isr, K_NULL);
    KT_ASSERT_EQ(enum_isr[0], 0u);
    KT_ASSERT_EQ(enum_isr[1], 0u);
    KT_ASSERT_EQ(osThreadTerminate(made[1]), osOK);
    KT_ASSERT_EQ(osThreadGetCount(), 2u);
    n = osThreadEnumerate(ids, 8u);
    KT_ASSERT_EQ(n, 2u);
    KT_ASSERT(ids[0] != made[1] && ids[1] != made[1]);
}
