/*
 * CMSIS-RTOS2 kernel information and control.
 *
 * The CMSIS kernel state is the layer's: Inactive until osKernelInitialize, Ready until
 * osKernelStart, then Running, Locked (osKernelLock) or Suspended (osKernelSuspend). Two start-up
 * paths exist:
 *  - the Sprig kernel is not running yet (the app's main() on a board): osKernelInitialize runs
 *    tos_knl_init, osKernelStart runs tos_knl_start;
 *  - the Sprig kernel is already running (the simulator runs application_entry() as a task):
 *    osKernelInitialize holds the scheduler so that threads created before osKernelStart wait
 *    for it, and osKernelStart releases them and ends the calling task.
 * The lock is a boolean held as one level of the kernel's scheduler lock.
 */
#include "os2_internal.h"

#define OS2_STR_(x)     #x
#define OS2_STR(x)      OS2_STR_(x)

#define OS2_API_VERSION     20010003u       /* 2.1.3 */
#define OS2_KERNEL_VERSION  ((uint32_t)SPRIG_VERSION_MAJOR * 10000000u + \
                             (uint32_t)SPRIG_VERSION_MINOR * 10000u + (uint32_t)SPRIG_VERSION_PATCH)
#define OS2_KERNEL_ID       "Sprig V" OS2_STR(SPRIG_VERSION_MAJOR) "." \
                            OS2_STR(SPRIG_VERSION_MINOR) "." OS2_STR(SPRIG_VERSION_PATCH)

static struct {
    uint8_t             initialized;
    uint8_t             prestart;       /* holding the scheduler until osKernelStart */
    uint8_t             started;
    uint8_t             locked;         /* osKernelLock holds one scheduler lock level */
    uint8_t             suspended;      /* osKernelSuspend holds one scheduler lock level */
    k_tick_t            suspend_tick;
    osSprigThread_t    *zombies;        /* ended threads whose memory awaits release */
} os2;

void sprig_os2_reset(void)
{
    memset(&os2, 0, sizeof os2);
}

static osKernelState_t os2_state(void)
{
    if (!os2.initialized) {
        return osKernelInactive;
    }
    if (!os2.started) {
        return osKernelReady;
    }
    if (os2.suspended) {
        return osKernelSuspended;
    }
    if (os2.locked) {
        return osKernelLocked;
    }
    return osKernelRunning;
}

osStatus_t osKernelInitialize(void)
{
    k_err_t err;

    if (sprig_os2_in_isr()) {
        return osErrorISR;
    }
    if (os2.initialized) {
        return os2.started ? osError : osOK;
    }
    if (!tos_knl_is_running()) {
        sprig_os2_reset();
        err = tos_knl_init();
        if (err != K_ERR_NONE) {
            return err == K_ERR_TASK_OUT_OF_MEMORY ? osErrorNoMemory : osError;
        }
        os2.initialized = 1u;
        return osOK;
    }
    /* started by the board: hold new threads back until osKernelStart */
    if (tos_knl_sched_lock() != K_ERR_NONE) {
        return osError;
    }
    os2.prestart = 1u;
    os2.initialized = 1u;
    return osOK;
}

osStatus_t osKernelGetInfo(osVersion_t *version, char *id_buf, uint32_t id_size)
{
    static const char id[] = OS2_KERNEL_ID;

    if (version) {
        version->api = OS2_API_VERSION;
        version->kernel = OS2_KERNEL_VERSION;
    }
    if (id_buf && id_size > 0u) {
        size_t n = sizeof id - 1u;
        if (n > id_size - 1u) {
            n = id_size - 1u;
        }
        memcpy(id_buf, id, n);
        id_buf[n] = '\0';
    }
    return osOK;
}

osKernelState_t osKernelGetState(void)
{
    return os2_state();
}

osStatus_t osKernelStart(void)
{
    if (sprig_os2_in_isr()) {
        return osErrorISR;
    }
    if (os2_state() != osKernelReady) {
        return osError;
    }
    os2.started = 1u;
    if (!tos_knl_is_running()) {
        if (tos_knl_start() != K_ERR_NONE) {
            os2.started = 0u;
            return osError;
        }
        return osOK;        /* only on the simulator: the machine halted */
    }
    if (os2.prestart) {
        os2.prestart = 0u;
        (void)tos_knl_sched_unlock();
    }
    /* the caller plays main(): it ends here */
    if (sprig_os2_thread_self()) {
        osThreadExit();
    }
    if (tos_knl_is_sched_locked()) {
        return osError;                 /* it cannot end (the app holds the scheduler) */
    }
    tos_task_exit();
}

int32_t osKernelLock(void)
{
    if (sprig_os2_in_isr()) {
        return (int32_t)osErrorISR;
    }
    switch (os2_state()) {
    case osKernelRunning:
        if (tos_knl_sched_lock() != K_ERR_NONE) {
            return (int32_t)osError;
        }
        os2.locked = 1u;
        return 0;
    case osKernelLocked:
        return 1;
    default:
        return (int32_t)osError;
    }
}

int32_t osKernelUnlock(void)
{
    if (sprig_os2_in_isr()) {
        return (int32_t)osErrorISR;
    }
    switch (os2_state()) {
    case osKernelLocked:
        os2.locked = 0u;
        (void)tos_knl_sched_unlock();
        return 1;
    case osKernelRunning:
        return 0;
    default:
        return (int32_t)osError;
    }
}

int32_t osKernelRestoreLock(int32_t lock)
{
    osKernelState_t state;

    if (sprig_os2_in_isr()) {
        return (int32_t)osErrorISR;
    }
    state = os2_state();
    if (state != osKernelRunning && state != osKernelLocked) {
        return (int32_t)osError;
    }
    switch (lock) {
    case 0:
        if (state == osKernelLocked) {
            os2.locked = 0u;
            (void)tos_knl_sched_unlock();
        }
        return 0;
    case 1:
        if (state == osKernelRunning) {
            if (tos_knl_sched_lock() != K_ERR_NONE) {
                return (int32_t)osError;
            }
            os2.locked = 1u;
        }
        return 1;
    default:
        return (int32_t)osError;
    }
}

void sprig_os2_kernel_unlock_for_exit(void)
{
    if (os2.locked) {
        os2.locked = 0u;
        (void)tos_knl_sched_unlock();
    }
}

int sprig_os2_kernel_locked(void)
{
    return os2.locked;
}

uint32_t osKernelSuspend(void)
{
    OS2_CS_ALLOC();
    k_tick_t next;

    if (sprig_os2_in_isr() || os2_state() != osKernelRunning) {
        return 0u;
    }
    if (tos_knl_sched_lock() != K_ERR_NONE) {
        return 0u;
    }
    OS2_CS_ENTER();
    os2.suspended = 1u;
    os2.suspend_tick = tos_systick_monotonic_get();
    next = tos_knl_next_expires_get();
    OS2_CS_EXIT();
    if (next == TOS_TIME_FOREVER || next >= (k_tick_t)osWaitForever) {
        return osWaitForever;
    }
    return (uint32_t)next;
}

void osKernelResume(uint32_t sleep_ticks)
{
    OS2_CS_ALLOC();
    k_tick_t counted;

    if (sprig_os2_in_isr() || os2_state() != osKernelSuspended) {
        return;
    }
    OS2_CS_ENTER();
    counted = tos_systick_monotonic_get() - os2.suspend_tick;
    OS2_CS_EXIT();
    if ((k_tick_t)sleep_ticks > counted) {
        /* the tick did not run (or not all the time): account what it missed */
        tos_tick_announce((k_tick_t)sleep_ticks - counted);
    }
    os2.suspended = 0u;
    (void)tos_knl_sched_unlock();
}

uint32_t osKernelGetTickCount(void)
{
    return (uint32_t)tos_systick_get();
}

uint32_t osKernelGetTickFreq(void)
{
    return (uint32_t)TOS_CFG_CPU_TICK_PER_SECOND;
}

uint32_t osKernelGetSysTimerCount(void)
{
    k_tick_t t = tos_systick_monotonic_get();

#if (TOS_CFG_CPU_CLOCK % TOS_CFG_CPU_TICK_PER_SECOND) == 0u
    /* exact modulo 2^32 however long the system runs */
    return (uint32_t)((uint64_t)t * (uint64_t)(TOS_CFG_CPU_CLOCK / TOS_CFG_CPU_TICK_PER_SECOND));
#else
    return (uint32_t)((uint64_t)t * (uint64_t)TOS_CFG_CPU_CLOCK / TOS_CFG_CPU_TICK_PER_SECOND);
#endif
}

uint32_t osKernelGetSysTimerFreq(void)
{
    return (uint32_t)TOS_CFG_CPU_CLOCK;
}

/* ---- memory of threads that ended themselves ---- */

void sprig_os2_zombie_add(osSprigThread_t *t)
{
    t->zombie_next = os2.zombies;
    os2.zombies = t;
}

void sprig_os2_zombie_reap(void)
{
    OS2_CS_ALLOC();
    osSprigThread_t *t, **link, *gone = K_NULL;

    OS2_CS_ENTER();
    link = &os2.zombies;
    while ((t = *link) != K_NULL) {
        if (t->task_mem.state == K_TASK_STATE_DELETED && &t->task_mem != k_curr_task) {
            *link = t->zombie_next;
            t->zombie_next = gone;
            gone = t;
        } else {
            link = &t->zombie_next;
        }
    }
    OS2_CS_EXIT();
    while (gone) {
        t = gone;
        gone = t->zombie_next;
        tos_mmheap_free(t);
    }
}
