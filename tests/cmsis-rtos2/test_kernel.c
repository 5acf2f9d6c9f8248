/*
 * CMSIS-RTOS2 kernel information and control: osKernelInitialize, osKernelGetInfo,
 * osKernelGetState, osKernelStart, osKernelLock, osKernelUnlock, osKernelRestoreLock,
 * osKernelSuspend, osKernelResume, osKernelGetTickCount, osKernelGetTickFreq,
 * osKernelGetSysTimerCount, osKernelGetSysTimerFreq.
 */
#include "os2_test.h"

static volatile int ran;
static volatile uint32_t ran_tick;

static void mark_thread(void *arg)
{
    (void)arg;
    ran++;
    ran_tick = os2_now();
}

/* ---- start-up from a task (the simulator's application_entry) ---- */

static k_task_t app_task;
KTEST_STACK(app_stack);
static volatile int app_step;
static volatile osStatus_t app_init1, app_init2, app_start;
static volatile osKernelState_t app_state_ready;
static volatile int app_ran_before_start;
static osThreadId_t app_thread;

static void app_entry(void *arg)
{
    osThreadAttr_t a = os2_attr("urgent", osPriorityISR, 0);

    (void)arg;
    app_init1 = osKernelInitialize();
    app_init2 = osKernelInitialize();               /* again while Ready: harmless */
    app_state_ready = osKernelGetState();
    app_thread = osThreadNew(mark_thread, K_NULL, &a);
    app_ran_before_start = ran;                     /* more urgent, but held until start */
    app_step = 1;
    app_start = osKernelStart();                    /* ends this task */
    app_step = 2;
}

KTEST(kernel, initialize_and_start_from_a_task)
{
    ran = 0;
    app_step = 0;
    KT_ASSERT_EQ(osKernelGetState(), osKernelInactive);
    KT_ASSERT_EQ(osKernelStart(), osError);         /* not initialised */
    ktest_task_create(&app_task, "app", app_entry, K_NULL, KTEST_MAIN_PRIO - 1u, app_stack);
    /* the app task ran to osKernelStart and ended; the thread ran after the start */
    KT_ASSERT_EQ(app_init1, osOK);
    KT_ASSERT_EQ(app_init2, osOK);
    KT_ASSERT_EQ(app_state_ready, osKernelReady);
    KT_ASSERT(app_thread != K_NULL);
    KT_ASSERT_EQ(app_ran_before_start, 0);
    KT_ASSERT_EQ(app_step, 1);
    KT_ASSERT_EQ(app_task.state, K_TASK_STATE_DELETED);
    KT_ASSERT_EQ(ran, 1);
    KT_ASSERT_EQ(osKernelGetState(), osKernelRunning);
    KT_ASSERT_EQ(osKernelInitialize(), osError);    /* already running */
    KT_ASSERT_EQ(osKernelStart(), osError);
}

static volatile osStatus_t isr_status[4];
static volatile osKernelState_t isr_state;
static volatile int32_t isr_lock[3];

static void kernel_isr_calls(void *arg)
{
    (void)arg;
    isr_status[0] = osKernelInitialize();
    isr_status[1] = osKernelStart();
    isr_status[2] = osKernelGetInfo(K_NULL, K_NULL, 0u);
    isr_state = osKernelGetState();
    isr_lock[0] = osKernelLock();
    isr_lock[1] = osKernelUnlock();
    isr_lock[2] = osKernelRestoreLock(0);
}

KTEST(kernel, isr_rules)
{
    os2_in_isr(kernel_isr_calls, K_NULL);
    KT_ASSERT_EQ(isr_status[0], osErrorISR);
    KT_ASSERT_EQ(isr_status[1], osErrorISR);
    KT_ASSERT_EQ(isr_status[2], osOK);
    KT_ASSERT_EQ(isr_state, osKernelInactive);
    KT_ASSERT_EQ(osKernelGetState(), osKernelInactive);     /* the ISR changed nothing */
    os2_boot();
    os2_in_isr(kernel_isr_calls, K_NULL);
    KT_ASSERT_EQ(isr_state, osKernelRunning);
    KT_ASSERT_EQ(isr_lock[0], osErrorISR);
    KT_ASSERT_EQ(isr_lock[1], osErrorISR);
    KT_ASSERT_EQ(isr_lock[2], osErrorISR);
    KT_ASSERT_EQ(osKernelGetState(), osKernelRunning);
}

/* ---- start-up from the boot context (a board's main()) ---- */

static volatile osKernelState_t board_state_in_thread;
static volatile uint32_t board_thread_tick;

static void board_thread(void *arg)
{
    (void)arg;
    board_state_in_thread = osKernelGetState();
    osDelay(5u);
    board_thread_tick = os2_now();
    ktest_port_end();                   /* halt the machine: osKernelStart returns */
}

KTEST_PRESTART(kernel, initialize_and_start_from_main)
{
    osThreadAttr_t a = os2_attr("main", osPriorityNormal, 0);
    osStatus_t st;

    board_state_in_thread = osKernelError;
    board_thread_tick = 0u;
    /* a board right out of reset: the runner initialised the kernel already, so reset the
       machine again; main() leaves the kernel's initialisation to osKernelInitialize */
    ktest_port_reset();
    KT_ASSERT_EQ(osKernelGetState(), osKernelInactive);
    KT_ASSERT_EQ(osKernelInitialize(), osOK);       /* runs tos_knl_init */
    KT_ASSERT_EQ(osKernelGetState(), osKernelReady);
    KT_ASSERT_EQ(osKernelInitialize(), osOK);
    KT_ASSERT(osThreadNew(board_thread, K_NULL, &a) != K_NULL);
    KT_ASSERT(!tos_knl_is_running());
    ktest_port_set_timeout((k_tick_t)1000u);        /* in case the thread never ends the run */
    st = osKernelStart();
    KT_ASSERT(!ktest_port_timed_out());
    KT_ASSERT_EQ(st, osOK);                         /* the simulated machine halted */
    KT_ASSERT_EQ(board_state_in_thread, osKernelRunning);
    KT_ASSERT_EQ(board_thread_tick, 5u);
}

/* ---- information ---- */

static volatile osStatus_t info_isr_status;
static osVersion_t info_isr_version;

static void info_isr(void *arg)
{
    (void)arg;
    info_isr_status = osKernelGetInfo(&info_isr_version, K_NULL, 0u);
}

KTEST(kernel, get_info)
{
    osVersion_t v;
    char id[32];
    char small[6];

    memset(&v, 0, sizeof v);
    memset(id, 'x', sizeof id);
    KT_ASSERT_EQ(osKernelGetInfo(&v, id, sizeof id), osOK);
    KT_ASSERT_EQ(v.api, 20010003u);
    KT_ASSERT_EQ(v.kernel, (uint32_t)SPRIG_VERSION_MAJOR * 10000000u +
                 (uint32_t)SPRIG_VERSION_MINOR * 10000u + SPRIG_VERSION_PATCH);
    KT_ASSERT_STR_EQ(id, "Sprig V0.1.0");

    memset(small, 'x', sizeof small);
    KT_ASSERT_EQ(osKernelGetInfo(K_NULL, small, sizeof small), osOK);
    KT_ASSERT_STR_EQ(small, "Sprig");               /* truncated, terminated */

    memset(small, 'x', sizeof small);
    KT_ASSERT_EQ(osKernelGetInfo(K_NULL, small, 0u), osOK);
    KT_ASSERT_EQ(small[0], 'x');                    /* size 0: untouched */

    info_isr_version.api = 0u;
    os2_in_isr(info_isr, K_NULL);
    KT_ASSERT_EQ(info_isr_status, osOK);
    KT_ASSERT_EQ(info_isr_version.api, 20010003u);
}

/* ---- lock ---- */

KTEST(kernel, lock_before_start_fails)
{
    KT_ASSERT_EQ(osKernelLock(), osError);
    KT_ASSERT_EQ(osKernelUnlock(), osError);
    KT_ASSERT_EQ(osKernelRestoreLock(1), osError);
    KT_ASSERT_EQ(osKernelGetState(), osKernelInactive);
}

KTEST(kernel, lock_unlock_restore)
{
    int32_t sl, su;

    os2_boot();
    KT_ASSERT_EQ(osKernelLock(), 0);
    KT_ASSERT_EQ(osKernelGetState(), osKernelLocked);
    KT_ASSERT_EQ(osKernelLock(), 1);                /* not a counter */
    KT_ASSERT_EQ(osKernelUnlock(), 1);
    KT_ASSERT_EQ(osKernelGetState(), osKernelRunning);
    KT_ASSERT_EQ(osKernelUnlock(), 0);
    KT_ASSERT_EQ(osKernelRestoreLock(1), 1);
    KT_ASSERT_EQ(osKernelGetState(), osKernelLocked);
    KT_ASSERT_EQ(osKernelRestoreLock(1), 1);
    KT_ASSERT_EQ(osKernelRestoreLock(0), 0);
    KT_ASSERT_EQ(osKernelGetState(), osKernelRunning);
    KT_ASSERT_EQ(osKernelRestoreLock(0), 0);
    KT_ASSERT_EQ(osKernelRestoreLock(2), osError);
    KT_ASSERT_EQ(osKernelRestoreLock(-1), osError);
    KT_ASSERT_EQ(osKernelGetState(), osKernelRunning);

    /* nested critical and uncritical sections */
    sl = osKernelLock();
    KT_ASSERT_EQ(sl, 0);
    su = osKernelUnlock();
    KT_ASSERT_EQ(su, 1);
    KT_ASSERT_EQ(osKernelGetState(), osKernelRunning);
    KT_ASSERT_EQ(osKernelRestoreLock(su), 1);
    KT_ASSERT_EQ(osKernelGetState(), osKernelLocked);
    KT_ASSERT_EQ(osKernelRestoreLock(sl), 0);
    KT_ASSERT_EQ(osKernelGetState(), osKernelRunning);
}

KTEST(kernel, lock_holds_back_more_urgent_threads)
{
    osThreadAttr_t a = os2_attr("urgent", OS2_ABOVE_MAIN, 0);
    uint32_t t0;

    os2_boot();
    ran = 0;
    KT_ASSERT_EQ(osKernelLock(), 0);
    KT_ASSERT(osThreadNew(mark_thread, K_NULL, &a) != K_NULL);
    KT_ASSERT_EQ(ran, 0);
    /* blocking calls cannot block while locked */
    t0 = os2_now();
    KT_ASSERT_EQ(osDelay(10u), osOK);
    KT_ASSERT_EQ(os2_now(), t0);
    KT_ASSERT_EQ(ran, 0);
    KT_ASSERT_EQ(osKernelUnlock(), 1);
    KT_ASSERT_EQ(ran, 1);                           /* ran at the unlock */
}

/* ---- suspend / resume ---- */

static void sleeper_thread(void *arg)
{
    (void)arg;
    osDelay(30u);
    ran++;
    ran_tick = os2_now();
}

KTEST(kernel, suspend_reports_next_timeout_and_resume_accounts_sleep)
{
    osThreadAttr_t a = os2_attr("sleeper", OS2_ABOVE_MAIN, 0);
    uint32_t t0, sleep;

    os2_boot();
    ran = 0;
    KT_ASSERT_EQ(osKernelSuspend(), osWaitForever);  /* nothing is timed */
    KT_ASSERT_EQ(osKernelGetState(), osKernelSuspended);
    osKernelResume(0u);
    KT_ASSERT_EQ(osKernelGetState(), osKernelRunning);

    t0 = os2_now();
    KT_ASSERT(osThreadNew(sleeper_thread, K_NULL, &a) != K_NULL);   /* sleeps 30 */
    sleep = osKernelSuspend();
    KT_ASSERT_EQ(sleep, 30u);
    KT_ASSERT_EQ(osKernelGetState(), osKernelSuspended);
    KT_ASSERT_EQ(osKernelLock(), osError);
    KT_ASSERT_EQ(osKernelSuspend(), 0u);            /* already suspended */
    /* as if the tick had stopped and the system slept `sleep` ticks */
    osKernelResume(sleep);
    KT_ASSERT_EQ(osKernelGetState(), osKernelRunning);
    KT_ASSERT_EQ(ran, 1);                           /* woke up, ran at the resume */
    KT_ASSERT_EQ(ran_tick, t0 + 30u);
    KT_ASSERT_EQ(os2_now(), t0 + 30u);              /* no virtual time passed */
}

KTEST(kernel, resume_counts_only_what_the_tick_missed)
{
    uint32_t t0;

    os2_boot();
    t0 = os2_now();
    KT_ASSERT_EQ(osKernelSuspend(), osWaitForever);
    ktest_spin_until((k_tick_t)t0 + 5u);            /* the tick keeps running here */
    osKernelResume(8u);                             /* slept 8: 5 were counted already */
    KT_ASSERT_EQ(os2_now(), t0 + 8u);
    KT_ASSERT_EQ(osKernelSuspend(), osWaitForever);
    ktest_spin_until((k_tick_t)t0 + 12u);
    osKernelResume(1u);                             /* fewer than counted: nothing added */
    KT_ASSERT_EQ(os2_now(), t0 + 12u);
    osKernelResume(50u);                            /* not suspended: ignored */
    KT_ASSERT_EQ(os2_now(), t0 + 12u);
    KT_ASSERT_EQ(osKernelGetState(), osKernelRunning);
}

static volatile uint32_t susp_isr_result;

static void suspend_isr(void *arg)
{
    (void)arg;
    susp_isr_result = osKernelSuspend();
    osKernelResume(100u);
}

KTEST(kernel, suspend_errors)
{
    uint32_t t0;

    KT_ASSERT_EQ(osKernelSuspend(), 0u);            /* not started */
    os2_boot();
    KT_ASSERT_EQ(osKernelLock(), 0);
    KT_ASSERT_EQ(osKernelSuspend(), 0u);            /* locked */
    KT_ASSERT_EQ(osKernelGetState(), osKernelLocked);
    KT_ASSERT_EQ(osKernelUnlock(), 1);
    susp_isr_result = 1234u;
    t0 = os2_now();
    os2_in_isr(suspend_isr, K_NULL);
    KT_ASSERT_EQ(susp_isr_result, 0u);
    KT_ASSERT_EQ(osKernelGetState(), osKernelRunning);
    KT_ASSERT_EQ(os2_now(), t0);                    /* the ISR's resume did nothing */
}

/* ---- time ---- */

static volatile uint32_t tick_isr[4];

static void tick_isr_calls(void *arg)
{
    (void)arg;
    tick_isr[0] = osKernelGetTickCount();
    tick_isr[1] = osKernelGetTickFreq();
    tick_isr[2] = osKernelGetSysTimerCount();
    tick_isr[3] = osKernelGetSysTimerFreq();
}

KTEST(kernel, tick_and_sys_timer)
{
    uint32_t t0, s0;

    os2_boot();
    KT_ASSERT_EQ(osKernelGetTickFreq(), 1000u);
    KT_ASSERT_EQ(osKernelGetSysTimerFreq(), 16000000u);
    t0 = osKernelGetTickCount();
    KT_ASSERT_EQ(t0, (uint32_t)tos_systick_get());
    s0 = osKernelGetSysTimerCount();
    os2_sleep(25u);
    KT_ASSERT_EQ(osKernelGetTickCount(), t0 + 25u);
    KT_ASSERT_EQ(osKernelGetSysTimerCount() - s0, 25u * 16000u);
    /* the tick count follows tos_systick_set, the system timer does not */
    tos_systick_set((k_tick_t)0xFFFFFFF0u);
    KT_ASSERT_EQ(osKernelGetTickCount(), 0xFFFFFFF0u);
    KT_ASSERT_EQ(osKernelGetSysTimerCount() - s0, 25u * 16000u);
    os2_in_isr(tick_isr_calls, K_NULL);
    KT_ASSERT_EQ(tick_isr[0], 0xFFFFFFF0u);
    KT_ASSERT_EQ(tick_isr[1], 1000u);
    KT_ASSERT_EQ(tick_isr[2] - s0, 25u * 16000u);
    KT_ASSERT_EQ(tick_isr[3], 16000000u);
}
