/*
 * CMSIS-RTOS2 API for Sprig.
 *
 * Source-compatible with Arm's cmsis_os2.h (API version 2.1.3): the same names, types, enum
 * values, structure layouts and constants, so applications written against CMSIS-RTOS2 compile
 * unchanged. The implementation (components/cmsis-rtos2/src) runs on the Sprig kernel API; the
 * Sprig-specific parts (control-block types for static allocation, memory-size macros, the
 * priority mapping, configuration requirements) are in sprig_os2.h. See docs/cmsis-rtos2.md.
 *
 * Conventions used below:
 *  - "ISR: yes" means the call may be made from an interrupt service routine; "ISR: no" means
 *    it refuses to run there and returns the error named (osErrorISR, NULL, 0, ...).
 *  - Timeouts and delays are in kernel ticks (osKernelGetTickFreq per second). A timeout of 0
 *    never blocks; osWaitForever blocks until the condition is met.
 *  - An object ID is what the matching osXxxNew returned. NULL, an ID of another object type,
 *    or the ID of a deleted object is an invalid ID (osErrorParameter and friends).
 *  - Objects get their control block from attr->cb_mem when given (cb_size at least the
 *    osSprigXxxCbSize of sprig_os2.h), otherwise from the kernel heap.
 */
#ifndef CMSIS_OS2_H_
#define CMSIS_OS2_H_

#ifndef __NO_RETURN
#if defined(__GNUC__) || defined(__clang__)
#define __NO_RETURN __attribute__((__noreturn__))
#elif defined(__ICCARM__)
#define __NO_RETURN __noreturn
#else
#define __NO_RETURN
#endif
#endif

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------------
 * Types and constants
 * ------------------------------------------------------------------------------------------- */

/* Versions are decimal numbers major * 10000000 + minor * 10000 + revision. */
typedef struct {
    uint32_t api;                   /* CMSIS-RTOS2 API version implemented */
    uint32_t kernel;                /* Sprig kernel version */
} osVersion_t;

typedef enum {
    osKernelInactive        =  0,   /* osKernelInitialize has not run */
    osKernelReady           =  1,   /* initialised, osKernelStart has not run */
    osKernelRunning         =  2,   /* started and scheduling */
    osKernelLocked          =  3,   /* started, scheduler locked by osKernelLock */
    osKernelSuspended       =  4,   /* started, suspended by osKernelSuspend */
    osKernelError           = -1,
    osKernelReserved        = 0x7FFFFFFF
} osKernelState_t;

typedef enum {
    osThreadInactive        =  0,
    osThreadReady           =  1,   /* ready to run, another thread has the CPU */
    osThreadRunning         =  2,   /* the calling thread */
    osThreadBlocked         =  3,   /* delayed, waiting, or suspended */
    osThreadTerminated      =  4,   /* ended; a joinable thread stays here until joined */
    osThreadError           = -1,
    osThreadReserved        = 0x7FFFFFFF
} osThreadState_t;

/* Thread priorities: larger is more urgent. osPriorityIdle is meant for idle work and
   osPriorityISR for deferred interrupt work; both are accepted. */
typedef enum {
    osPriorityNone          =  0,   /* in attributes: use the default (osPriorityNormal) */
    osPriorityIdle          =  1,
    osPriorityLow           =  8,
    osPriorityLow1          =  8+1,
    osPriorityLow2          =  8+2,
    osPriorityLow3          =  8+3,
    osPriorityLow4          =  8+4,
    osPriorityLow5          =  8+5,
    osPriorityLow6          =  8+6,
    osPriorityLow7          =  8+7,
    osPriorityBelowNormal   = 16,
    osPriorityBelowNormal1  = 16+1,
    osPriorityBelowNormal2  = 16+2,
    osPriorityBelowNormal3  = 16+3,
    osPriorityBelowNormal4  = 16+4,
    osPriorityBelowNormal5  = 16+5,
    osPriorityBelowNormal6  = 16+6,
    osPriorityBelowNormal7  = 16+7,
    osPriorityNormal        = 24,
    osPriorityNormal1       = 24+1,
    osPriorityNormal2       = 24+2,
    osPriorityNormal3       = 24+3,
    osPriorityNormal4       = 24+4,
    osPriorityNormal5       = 24+5,
    osPriorityNormal6       = 24+6,
    osPriorityNormal7       = 24+7,
    osPriorityAboveNormal   = 32,
    osPriorityAboveNormal1  = 32+1,
    osPriorityAboveNormal2  = 32+2,
    osPriorityAboveNormal3  = 32+3,
    osPriorityAboveNormal4  = 32+4,
    osPriorityAboveNormal5  = 32+5,
    osPriorityAboveNormal6  = 32+6,
    osPriorityAboveNormal7  = 32+7,
    osPriorityHigh          = 40,
    osPriorityHigh1         = 40+1,
    osPriorityHigh2         = 40+2,
    osPriorityHigh3         = 40+3,
    osPriorityHigh4         = 40+4,
    osPriorityHigh5         = 40+5,
    osPriorityHigh6         = 40+6,
    osPriorityHigh7         = 40+7,
    osPriorityRealtime      = 48,
    osPriorityRealtime1     = 48+1,
    osPriorityRealtime2     = 48+2,
    osPriorityRealtime3     = 48+3,
    osPriorityRealtime4     = 48+4,
    osPriorityRealtime5     = 48+5,
    osPriorityRealtime6     = 48+6,
    osPriorityRealtime7     = 48+7,
    osPriorityISR           = 56,
    osPriorityError         = -1,   /* returned when a priority cannot be reported */
    osPriorityReserved      = 0x7FFFFFFF
} osPriority_t;

typedef void (*osThreadFunc_t)(void *argument);
typedef void (*osTimerFunc_t)(void *argument);

typedef enum {
    osTimerOnce             = 0,    /* fires once per osTimerStart */
    osTimerPeriodic         = 1     /* fires every period until stopped */
} osTimerType_t;

#define osWaitForever           0xFFFFFFFFU     /* timeout: no limit */

/* options of osThreadFlagsWait / osEventFlagsWait (may be or-ed) */
#define osFlagsWaitAny          0x00000000U     /* any of the flags (default) */
#define osFlagsWaitAll          0x00000001U     /* all of the flags */
#define osFlagsNoClear          0x00000002U     /* leave the awaited flags set */

/* Flag functions return flags, or one of these (highest bit set) on error. */
#define osFlagsError            0x80000000U     /* the error bit */
#define osFlagsErrorUnknown     0xFFFFFFFFU     /* = (uint32_t)osError */
#define osFlagsErrorTimeout     0xFFFFFFFEU     /* = (uint32_t)osErrorTimeout */
#define osFlagsErrorResource    0xFFFFFFFDU     /* = (uint32_t)osErrorResource */
#define osFlagsErrorParameter   0xFFFFFFFCU     /* = (uint32_t)osErrorParameter */
#define osFlagsErrorISR         0xFFFFFFFAU     /* = (uint32_t)osErrorISR */
#define osFlagsErrorSafetyClass 0xFFFFFFF9U     /* defined for source compatibility; never returned */

/* osThreadAttr_t.attr_bits */
#define osThreadDetached        0x00000000U     /* cannot be joined (default) */
#define osThreadJoinable        0x00000001U     /* can be joined with osThreadJoin */
#define osThreadUnprivileged    0x00000002U     /* accepted; Sprig threads share one privilege level */
#define osThreadPrivileged      0x00000004U     /* accepted; Sprig threads share one privilege level */

/* osMutexAttr_t.attr_bits */
#define osMutexRecursive        0x00000001U     /* the owner may lock it again (nesting) */
#define osMutexPrioInherit      0x00000002U     /* owner runs at its most urgent waiter's priority */
#define osMutexRobust           0x00000008U     /* released when the owner terminates */

typedef enum {
    osOK                    =  0,
    osError                 = -1,   /* an error no other code describes */
    osErrorTimeout          = -2,   /* not done within the timeout */
    osErrorResource         = -3,   /* resource not available (or object in the wrong state) */
    osErrorParameter        = -4,   /* invalid parameter or object ID */
    osErrorNoMemory         = -5,   /* memory could not be obtained */
    osErrorISR              = -6,   /* not allowed from an interrupt service routine */
    osErrorSafetyClass      = -7,   /* defined for source compatibility; never returned */
    osStatusReserved        = 0x7FFFFFFF
} osStatus_t;

typedef void *osThreadId_t;
typedef void *osTimerId_t;
typedef void *osEventFlagsId_t;
typedef void *osMutexId_t;
typedef void *osSemaphoreId_t;
typedef void *osMemoryPoolId_t;
typedef void *osMessageQueueId_t;

#ifndef TZ_MODULEID_T
#define TZ_MODULEID_T
typedef uint32_t TZ_ModuleId_t;     /* TrustZone module; ignored by Sprig */
#endif

/* Attributes: every field may be 0/NULL for the default. */
typedef struct {
    const char     *name;           /* thread name (the pointer is kept; not copied) */
    uint32_t        attr_bits;      /* osThreadJoinable, osThreadDetached, ... */
    void           *cb_mem;         /* control block memory (osSprigThread_t) or NULL */
    uint32_t        cb_size;        /* its size: >= osSprigThreadCbSize; 0 without cb_mem */
    void           *stack_mem;      /* stack memory (8-byte aligned) or NULL: from the heap */
    uint32_t        stack_size;     /* stack bytes; 0 = SPRIG_OS2_THREAD_STACK_SIZE */
    osPriority_t    priority;       /* osPriorityNone = osPriorityNormal */
    TZ_ModuleId_t   tz_module;      /* ignored */
    uint32_t        reserved;       /* must be 0 (API 2.3 calls it affinity_mask) */
} osThreadAttr_t;

typedef struct {
    const char     *name;           /* timer name (kept, not copied) */
    uint32_t        attr_bits;      /* none defined */
    void           *cb_mem;         /* osSprigTimer_t memory or NULL */
    uint32_t        cb_size;        /* >= osSprigTimerCbSize; 0 without cb_mem */
} osTimerAttr_t;

typedef struct {
    const char     *name;
    uint32_t        attr_bits;      /* none defined */
    void           *cb_mem;         /* osSprigEventFlags_t memory or NULL */
    uint32_t        cb_size;        /* >= osSprigEventFlagsCbSize; 0 without cb_mem */
} osEventFlagsAttr_t;

typedef struct {
    const char     *name;
    uint32_t        attr_bits;      /* osMutexRecursive | osMutexPrioInherit | osMutexRobust */
    void           *cb_mem;         /* osSprigMutex_t memory or NULL */
    uint32_t        cb_size;        /* >= osSprigMutexCbSize; 0 without cb_mem */
} osMutexAttr_t;

typedef struct {
    const char     *name;
    uint32_t        attr_bits;      /* none defined */
    void           *cb_mem;         /* osSprigSemaphore_t memory or NULL */
    uint32_t        cb_size;        /* >= osSprigSemaphoreCbSize; 0 without cb_mem */
} osSemaphoreAttr_t;

typedef struct {
    const char     *name;
    uint32_t        attr_bits;      /* none defined */
    void           *cb_mem;         /* osSprigMemoryPool_t memory or NULL */
    uint32_t        cb_size;        /* >= osSprigMemoryPoolCbSize; 0 without cb_mem */
    void           *mp_mem;         /* block storage (pointer-aligned) or NULL: from the heap */
    uint32_t        mp_size;        /* >= osSprigMemoryPoolMemSize(count, size); 0 without mp_mem */
} osMemoryPoolAttr_t;

typedef struct {
    const char     *name;
    uint32_t        attr_bits;      /* none defined */
    void           *cb_mem;         /* osSprigMessageQueue_t memory or NULL */
    uint32_t        cb_size;        /* >= osSprigMessageQueueCbSize; 0 without cb_mem */
    void           *mq_mem;         /* message storage (pointer-aligned) or NULL: from the heap */
    uint32_t        mq_size;        /* >= osSprigMessageQueueMemSize(count, size); 0 without mq_mem */
} osMessageQueueAttr_t;

/* ---------------------------------------------------------------------------------------------
 * Kernel
 * ------------------------------------------------------------------------------------------- */

/**
 * Initialise the RTOS. Kernel not yet started (the app's main() on a board): initialises the
 * Sprig kernel (tos_knl_init) and enters osKernelReady. Kernel already started (the simulator
 * runs the app's application_entry() as a task): enters osKernelReady and holds the scheduler,
 * so threads created before osKernelStart do not run before it. Calling it again while Ready
 * is harmless.
 * @return osOK; osError (already started, or the kernel failed to initialise);
 *         osErrorNoMemory (the kernel could not get memory for its own tasks); osErrorISR.
 *         ISR: no.
 */
osStatus_t osKernelInitialize(void);

/**
 * Report versions and an identification string ("Sprig ..."). May be called in any state.
 * @param version  receives the API (2.1.3) and kernel versions; may be NULL
 * @param id_buf   receives the identification, truncated to id_size - 1 characters and
 *                 NUL-terminated; may be NULL
 * @param id_size  size of id_buf in bytes
 * @return osOK. ISR: yes.
 */
osStatus_t osKernelGetInfo(osVersion_t *version, char *id_buf, uint32_t id_size);

/** @return the kernel state (osKernelInactive .. osKernelSuspended). ISR: yes. */
osKernelState_t osKernelGetState(void);

/**
 * Start thread switching. Does not return on success. Kernel not started (board main()):
 * starts the Sprig kernel (tos_knl_start; on the simulator that returns osOK when the machine
 * halts). Kernel already started (the simulator's application_entry()): releases the threads
 * created since osKernelInitialize and ends the calling task, as main() ends on a board.
 * @return osError (not in osKernelReady, or the caller could not be ended); osErrorISR.
 *         ISR: no.
 */
osStatus_t osKernelStart(void);

/**
 * Lock the scheduler: the caller keeps the CPU (interrupts still run) until unlocked.
 * Not nesting: locking a locked kernel leaves it locked.
 * @return the previous lock state (0 unlocked, 1 locked); osError (kernel not running or
 *         suspended); osErrorISR. ISR: no.
 */
int32_t osKernelLock(void);

/**
 * Unlock the scheduler (whatever the number of osKernelLock calls).
 * @return the previous lock state (0 or 1); osError (kernel not running or suspended);
 *         osErrorISR. ISR: no.
 */
int32_t osKernelUnlock(void);

/**
 * Set the lock state to `lock` as returned by osKernelLock or osKernelUnlock (critical
 * sections nest by saving and restoring that value).
 * @return the new lock state (0 or 1); osError (lock not 0 or 1, kernel not running or
 *         suspended); osErrorISR. ISR: no.
 */
int32_t osKernelRestoreLock(int32_t lock);

/**
 * Suspend the scheduler before a low-power sleep. No thread switch happens until
 * osKernelResume.
 * @return ticks until the next kernel timeout (thread delay, wait or timer), osWaitForever if
 *         there is none; 0 on error (kernel not running or locked, or called from an ISR).
 *         ISR: no.
 */
uint32_t osKernelSuspend(void);

/**
 * Resume the scheduler after osKernelSuspend. `sleep_ticks` is how long the system slept; the
 * kernel tick is advanced by what it has not counted itself meanwhile (nothing if the tick
 * kept running), expired delays, timeouts and timers take effect, then threads are scheduled.
 * Does nothing unless the kernel is suspended. ISR: no (does nothing).
 */
void osKernelResume(uint32_t sleep_ticks);

/** @return the kernel tick count (the Sprig system tick, low 32 bits). ISR: yes. */
uint32_t osKernelGetTickCount(void);

/** @return kernel ticks per second (TOS_CFG_CPU_TICK_PER_SECOND). ISR: yes. */
uint32_t osKernelGetTickFreq(void);

/**
 * @return the system timer count (low 32 bits), counting at osKernelGetSysTimerFreq. It is
 *         derived from the monotonic kernel tick, so it advances in steps of one tick.
 *         ISR: yes.
 */
uint32_t osKernelGetSysTimerCount(void);

/** @return the system timer frequency in Hz (TOS_CFG_CPU_CLOCK). ISR: yes. */
uint32_t osKernelGetSysTimerFreq(void);

/* ---------------------------------------------------------------------------------------------
 * Threads
 *
 * A thread is what osThreadNew created. Sprig tasks created with tos_task_create (the
 * simulator's application task, the idle and timer tasks) are not CMSIS threads: they have no
 * thread ID (osThreadGetId returns NULL in them) and are not enumerated.
 * ------------------------------------------------------------------------------------------- */

/**
 * Create a thread running func(argument). It runs at once if more urgent than the caller and
 * the kernel is started (and not held by osKernelInitialize). Returning from func ends the
 * thread as osThreadExit does.
 * @param attr  NULL for defaults: heap control block and stack, SPRIG_OS2_THREAD_STACK_SIZE
 *              bytes, osPriorityNormal, detached
 * @return the thread ID; NULL if func is NULL, attr is invalid (priority outside
 *         osPriorityIdle..osPriorityISR, misaligned or too small cb_mem/stack_mem, cb_size or
 *         a stack smaller than the minimum), the heap is exhausted, or called from an ISR.
 *         ISR: no.
 */
osThreadId_t osThreadNew(osThreadFunc_t func, void *argument, const osThreadAttr_t *attr);

/** @return the name given at creation (may be NULL); NULL for an invalid ID. ISR: yes. */
const char *osThreadGetName(osThreadId_t thread_id);

/** @return the running thread's ID; NULL when the running task is not a CMSIS thread. ISR: yes
 *          (the interrupted thread). */
osThreadId_t osThreadGetId(void);

/** @return osThreadRunning, osThreadReady, osThreadBlocked or osThreadTerminated;
 *          osThreadError for an invalid ID or from an ISR. ISR: no. */
osThreadState_t osThreadGetState(osThreadId_t thread_id);

/** @return the stack size in bytes; 0 for an invalid ID, a terminated thread or from an ISR.
 *          ISR: no. */
uint32_t osThreadGetStackSize(osThreadId_t thread_id);

/**
 * @return stack bytes never used so far (the stack size minus the deepest use recorded, see
 *         tos_task_stack_draught_depth); 0 for an invalid ID, a terminated thread or from an
 *         ISR. ISR: no.
 */
uint32_t osThreadGetStackSpace(osThreadId_t thread_id);

/**
 * Change a thread's base priority. A thread that owns an osMutexPrioInherit mutex keeps
 * running at least at its most urgent waiter's priority.
 * @return osOK; osErrorParameter (invalid ID, priority outside osPriorityIdle..osPriorityISR);
 *         osErrorResource (terminated thread); osErrorISR. ISR: no.
 */
osStatus_t osThreadSetPriority(osThreadId_t thread_id, osPriority_t priority);

/** @return the current (possibly inherited) priority; osPriorityError for an invalid ID, a
 *          terminated thread or from an ISR. ISR: no. */
osPriority_t osThreadGetPriority(osThreadId_t thread_id);

/**
 * Pass the CPU to the next ready thread of the same priority (none: keep running). No effect
 * while the kernel is locked.
 * @return osOK; osErrorISR. ISR: no.
 */
osStatus_t osThreadYield(void);

/**
 * Suspend a thread until osThreadResume. A thread blocked in a delay or wait leaves it: when
 * resumed, that call returns as if timed out (osDelay: osOK).
 * @return osOK; osErrorParameter (invalid ID); osErrorResource (terminated thread, or the
 *         caller itself while the kernel is locked); osErrorISR. ISR: no.
 */
osStatus_t osThreadSuspend(osThreadId_t thread_id);

/**
 * Make a blocked thread ready: a suspended thread is resumed; a thread blocked in a delay or
 * wait leaves it (the call returns as if timed out).
 * @return osOK; osErrorParameter (invalid ID); osErrorResource (the thread is running or ready,
 *         or terminated); osErrorISR. ISR: no.
 */
osStatus_t osThreadResume(osThreadId_t thread_id);

/**
 * Make a joinable thread detached: its memory is released when it ends (at once if it has
 * ended already; the ID is then invalid).
 * @return osOK; osErrorParameter (invalid ID); osErrorResource (not joinable, or a join is in
 *         progress); osErrorISR. ISR: no.
 */
osStatus_t osThreadDetach(osThreadId_t thread_id);

/**
 * Wait until a joinable thread has ended, then release its memory (the ID becomes invalid).
 * One thread at a time can join a given thread.
 * @return osOK; osErrorParameter (invalid ID); osErrorResource (not joinable, the caller
 *         itself, joined by another thread already, or the wait was ended by osThreadSuspend/
 *         osThreadResume or the kernel lock); osErrorISR. ISR: no.
 */
osStatus_t osThreadJoin(osThreadId_t thread_id);

/**
 * End the calling thread. Robust mutexes it owns are released, other mutexes stay locked; a
 * joiner is woken. A detached thread's memory is released. If the caller holds osKernelLock,
 * the lock is released first. Called from an ISR, the machine stops with a kernel panic (the
 * call cannot return). A Sprig task that is not a CMSIS thread is destroyed. ISR: no.
 */
__NO_RETURN void osThreadExit(void);

/**
 * End a thread (the caller included: then it does not return), as osThreadExit does for
 * the caller.
 * @return osOK; osErrorParameter (invalid ID); osErrorResource (already terminated, or the
 *         caller itself while the kernel is locked); osErrorISR. ISR: no.
 */
osStatus_t osThreadTerminate(osThreadId_t thread_id);

/** @return the number of active (not terminated) CMSIS threads; 0 from an ISR. ISR: no. */
uint32_t osThreadGetCount(void);

/**
 * Store the IDs of active CMSIS threads in thread_array (at most array_items).
 * @return how many were stored; 0 for a NULL array, 0 items, or from an ISR. ISR: no.
 */
uint32_t osThreadEnumerate(osThreadId_t *thread_array, uint32_t array_items);

/* ---------------------------------------------------------------------------------------------
 * Thread flags: 31 flags (bits 0..30) per thread.
 * ------------------------------------------------------------------------------------------- */

/**
 * Set flags of a thread; a waiting thread whose condition is met wakes (and clears what it
 * waited for unless it used osFlagsNoClear).
 * @return the thread's flags after setting (and after a woken waiter cleared its flags);
 *         osFlagsErrorParameter (invalid ID or bit 31 set in flags); osFlagsErrorResource
 *         (terminated thread). ISR: yes.
 */
uint32_t osThreadFlagsSet(osThreadId_t thread_id, uint32_t flags);

/**
 * Clear flags of the calling thread.
 * @return the flags before clearing; osFlagsErrorParameter (bit 31 set); osFlagsErrorUnknown
 *         (the caller is not a CMSIS thread); osFlagsErrorISR. ISR: no.
 */
uint32_t osThreadFlagsClear(uint32_t flags);

/** @return the calling thread's flags; 0 from an ISR or outside a CMSIS thread. ISR: no. */
uint32_t osThreadFlagsGet(void);

/**
 * Wait until any (osFlagsWaitAny) or all (osFlagsWaitAll) of `flags` are set for the calling
 * thread; unless osFlagsNoClear is given, those flags are cleared on return.
 * @return the flags before clearing; osFlagsErrorResource (not set and timeout 0, or the
 *         kernel is locked); osFlagsErrorTimeout (not set within timeout, or the wait was ended
 *         by osThreadSuspend/osThreadResume); osFlagsErrorParameter (bit 31 set);
 *         osFlagsErrorUnknown (the caller is not a CMSIS thread); osFlagsErrorISR. ISR: no.
 */
uint32_t osThreadFlagsWait(uint32_t flags, uint32_t options, uint32_t timeout);

/* ---------------------------------------------------------------------------------------------
 * Delays
 * ------------------------------------------------------------------------------------------- */

/**
 * Sleep for `ticks` ticks (osWaitForever: until osThreadResume). Returns at once when the
 * kernel is locked or not started.
 * @return osOK; osErrorParameter (ticks 0); osErrorISR. ISR: no.
 */
osStatus_t osDelay(uint32_t ticks);

/**
 * Sleep until osKernelGetTickCount() reaches `ticks` (modulo 2^32). Returns at once when the
 * kernel is locked or not started.
 * @return osOK; osErrorParameter (`ticks` is now or in the past, i.e. not 1..2^31-1 ticks
 *         ahead); osErrorISR. ISR: no.
 */
osStatus_t osDelayUntil(uint32_t ticks);

/* ---------------------------------------------------------------------------------------------
 * Timers: callbacks run in the Sprig timer task (TOS_CFG_TIMER_TASK_PRIO) with the scheduler
 * locked, so they must not block.
 * ------------------------------------------------------------------------------------------- */

/**
 * Create a stopped timer calling func(argument).
 * @return the timer ID; NULL (func NULL, type invalid, attr invalid, heap exhausted, ISR).
 *         ISR: no.
 */
osTimerId_t osTimerNew(osTimerFunc_t func, osTimerType_t type, void *argument,
                       const osTimerAttr_t *attr);

/** @return the timer's name (may be NULL); NULL for an invalid ID. ISR: yes. */
const char *osTimerGetName(osTimerId_t timer_id);

/**
 * Start, or restart from now, a timer: it fires `ticks` from now (periodic: then every
 * `ticks`).
 * @return osOK; osErrorParameter (invalid ID, ticks 0); osErrorISR. ISR: no.
 */
osStatus_t osTimerStart(osTimerId_t timer_id, uint32_t ticks);

/**
 * @return osOK; osErrorParameter (invalid ID); osErrorResource (not running); osErrorISR.
 *         ISR: no.
 */
osStatus_t osTimerStop(osTimerId_t timer_id);

/** @return 1 if running, 0 if not, for an invalid ID or from an ISR. ISR: no. */
uint32_t osTimerIsRunning(osTimerId_t timer_id);

/**
 * Stop (if running) and delete a timer; its ID becomes invalid. A callback may delete its own
 * timer.
 * @return osOK; osErrorParameter (invalid ID); osErrorISR. ISR: no.
 */
osStatus_t osTimerDelete(osTimerId_t timer_id);

/* ---------------------------------------------------------------------------------------------
 * Event flags: 31 flags (bits 0..30) per object.
 * ------------------------------------------------------------------------------------------- */

/** @return the event flags ID (all flags clear); NULL (attr invalid, heap exhausted, ISR).
 *          ISR: no. */
osEventFlagsId_t osEventFlagsNew(const osEventFlagsAttr_t *attr);

/** @return the name (may be NULL); NULL for an invalid ID. ISR: yes. */
const char *osEventFlagsGetName(osEventFlagsId_t ef_id);

/**
 * Set flags; waiters whose condition is met wake in priority order, each clearing the flags
 * it waited for (unless osFlagsNoClear) before the next is considered.
 * @return the flags after setting and after the woken waiters cleared theirs;
 *         osFlagsErrorParameter (invalid ID or bit 31 set). ISR: yes.
 */
uint32_t osEventFlagsSet(osEventFlagsId_t ef_id, uint32_t flags);

/**
 * @return the flags before clearing; osFlagsErrorParameter (invalid ID or bit 31 set).
 *         ISR: yes.
 */
uint32_t osEventFlagsClear(osEventFlagsId_t ef_id, uint32_t flags);

/** @return the current flags; 0 for an invalid ID. ISR: yes. */
uint32_t osEventFlagsGet(osEventFlagsId_t ef_id);

/**
 * Wait until any (osFlagsWaitAny) or all (osFlagsWaitAll) of `flags` are set; unless
 * osFlagsNoClear is given, those flags are cleared when the wait is satisfied.
 * @return the flags before clearing; osFlagsErrorResource (not set and timeout 0, kernel
 *         locked, or the object was deleted while waiting); osFlagsErrorTimeout (not set
 *         within timeout, or the wait was ended by osThreadSuspend/osThreadResume);
 *         osFlagsErrorParameter (invalid ID, bit 31 set, or a non-zero timeout from an ISR).
 *         ISR: yes, with timeout 0.
 */
uint32_t osEventFlagsWait(osEventFlagsId_t ef_id, uint32_t flags, uint32_t options,
                          uint32_t timeout);

/**
 * Delete; waiters return osFlagsErrorResource and the ID becomes invalid.
 * @return osOK; osErrorParameter (invalid ID); osErrorISR. ISR: no.
 */
osStatus_t osEventFlagsDelete(osEventFlagsId_t ef_id);

/* ---------------------------------------------------------------------------------------------
 * Mutexes
 * ------------------------------------------------------------------------------------------- */

/** @return the mutex ID (unlocked); NULL (attr invalid, heap exhausted, ISR). ISR: no. */
osMutexId_t osMutexNew(const osMutexAttr_t *attr);

/** @return the name (may be NULL); NULL for an invalid ID. ISR: yes. */
const char *osMutexGetName(osMutexId_t mutex_id);

/**
 * Lock, waiting up to `timeout`. The owner of an osMutexRecursive mutex may lock it again (up
 * to 255 levels); locking a non-recursive mutex it owns fails like any contended lock. A mutex
 * whose non-robust owner terminated stays locked for good.
 * @return osOK; osErrorResource (locked and timeout 0, recursion limit, kernel locked, or the
 *         mutex was deleted while waiting); osErrorTimeout (not obtained within timeout, or
 *         the wait was ended by osThreadSuspend/osThreadResume); osErrorParameter (invalid
 *         ID); osErrorISR. ISR: no.
 */
osStatus_t osMutexAcquire(osMutexId_t mutex_id, uint32_t timeout);

/**
 * Unlock one level; the last one hands the mutex to the most urgent waiter.
 * @return osOK; osErrorResource (the caller is not the owner); osErrorParameter (invalid ID);
 *         osErrorISR. ISR: no.
 */
osStatus_t osMutexRelease(osMutexId_t mutex_id);

/**
 * @return the owner's thread ID (also a terminated owner of a non-robust mutex); NULL when
 *         unlocked, owned by a Sprig task that is not a CMSIS thread, for an invalid ID or from
 *         an ISR. ISR: no.
 */
osThreadId_t osMutexGetOwner(osMutexId_t mutex_id);

/**
 * Delete (locked or not); waiters return osErrorResource and the ID becomes invalid.
 * @return osOK; osErrorParameter (invalid ID); osErrorISR. ISR: no.
 */
osStatus_t osMutexDelete(osMutexId_t mutex_id);

/* ---------------------------------------------------------------------------------------------
 * Semaphores (on tos_sem; at most 65535 tokens)
 * ------------------------------------------------------------------------------------------- */

/**
 * @param max_count      1..65535
 * @param initial_count  0..max_count
 * @return the semaphore ID; NULL (counts invalid, attr invalid, heap exhausted, ISR).
 *         ISR: no.
 */
osSemaphoreId_t osSemaphoreNew(uint32_t max_count, uint32_t initial_count,
                               const osSemaphoreAttr_t *attr);

/** @return the name (may be NULL); NULL for an invalid ID. ISR: yes. */
const char *osSemaphoreGetName(osSemaphoreId_t semaphore_id);

/**
 * Take a token, waiting up to `timeout`.
 * @return osOK; osErrorResource (no token and timeout 0, kernel locked, or deleted while
 *         waiting); osErrorTimeout (none within timeout, or the wait was ended by
 *         osThreadSuspend/osThreadResume); osErrorParameter (invalid ID, or a non-zero
 *         timeout from an ISR). ISR: yes, with timeout 0.
 */
osStatus_t osSemaphoreAcquire(osSemaphoreId_t semaphore_id, uint32_t timeout);

/**
 * Give a token (to the most urgent waiter, if any).
 * @return osOK; osErrorResource (already max_count tokens); osErrorParameter (invalid ID).
 *         ISR: yes.
 */
osStatus_t osSemaphoreRelease(osSemaphoreId_t semaphore_id);

/** @return the available tokens; 0 for an invalid ID. ISR: yes. */
uint32_t osSemaphoreGetCount(osSemaphoreId_t semaphore_id);

/**
 * Delete; waiters return osErrorResource and the ID becomes invalid.
 * @return osOK; osErrorParameter (invalid ID); osErrorISR. ISR: no.
 */
osStatus_t osSemaphoreDelete(osSemaphoreId_t semaphore_id);

/* ---------------------------------------------------------------------------------------------
 * Memory pools (on tos_mmblk): fixed-size blocks.
 * ------------------------------------------------------------------------------------------- */

/**
 * @param block_count  number of blocks (> 0)
 * @param block_size   bytes per block (> 0; rounded up to a multiple of sizeof(void *))
 * @return the pool ID; NULL (a count or size of 0, attr invalid, heap exhausted, ISR).
 *         ISR: no.
 */
osMemoryPoolId_t osMemoryPoolNew(uint32_t block_count, uint32_t block_size,
                                 const osMemoryPoolAttr_t *attr);

/** @return the name (may be NULL); NULL for an invalid ID. ISR: yes. */
const char *osMemoryPoolGetName(osMemoryPoolId_t mp_id);

/**
 * Take a block, waiting up to `timeout` for one to be freed.
 * @return the block; NULL (none and timeout 0 or timed out, kernel locked, pool deleted while
 *         waiting, wait ended by osThreadSuspend/osThreadResume, invalid ID, or a non-zero
 *         timeout from an ISR). ISR: yes, with timeout 0.
 */
void *osMemoryPoolAlloc(osMemoryPoolId_t mp_id, uint32_t timeout);

/**
 * Return a block (straight to the most urgent waiting allocator, if any).
 * @return osOK; osErrorParameter (invalid ID, block NULL or not a block of this pool);
 *         osErrorResource (every block is already free). ISR: yes.
 */
osStatus_t osMemoryPoolFree(osMemoryPoolId_t mp_id, void *block);

/** @return the number of blocks; 0 for an invalid ID. ISR: yes. */
uint32_t osMemoryPoolGetCapacity(osMemoryPoolId_t mp_id);

/** @return the block size (after rounding); 0 for an invalid ID. ISR: yes. */
uint32_t osMemoryPoolGetBlockSize(osMemoryPoolId_t mp_id);

/** @return the blocks in use; 0 for an invalid ID. ISR: yes. */
uint32_t osMemoryPoolGetCount(osMemoryPoolId_t mp_id);

/** @return the free blocks; 0 for an invalid ID. ISR: yes. */
uint32_t osMemoryPoolGetSpace(osMemoryPoolId_t mp_id);

/**
 * Delete; waiting allocators return NULL and the ID becomes invalid.
 * @return osOK; osErrorParameter (invalid ID); osErrorISR. ISR: no.
 */
osStatus_t osMemoryPoolDelete(osMemoryPoolId_t mp_id);

/* ---------------------------------------------------------------------------------------------
 * Message queues: fixed-size messages copied by value, received most urgent msg_prio first
 * (255 most urgent), first in first out within a priority.
 * ------------------------------------------------------------------------------------------- */

/**
 * @param msg_count  capacity in messages (> 0)
 * @param msg_size   bytes per message (> 0)
 * @return the queue ID; NULL (a count or size of 0, attr invalid, heap exhausted, ISR).
 *         ISR: no.
 */
osMessageQueueId_t osMessageQueueNew(uint32_t msg_count, uint32_t msg_size,
                                     const osMessageQueueAttr_t *attr);

/** @return the name (may be NULL); NULL for an invalid ID. ISR: yes. */
const char *osMessageQueueGetName(osMessageQueueId_t mq_id);

/**
 * Queue a copy of msg_size bytes at msg_ptr with priority msg_prio, waiting up to `timeout`
 * for room when full. A waiting receiver gets it directly.
 * @return osOK; osErrorResource (full and timeout 0, kernel locked, or deleted while
 *         waiting); osErrorTimeout (no room within timeout, or the wait was ended by
 *         osThreadSuspend/osThreadResume); osErrorParameter (invalid ID, msg_ptr NULL, or a
 *         non-zero timeout from an ISR). ISR: yes, with timeout 0.
 */
osStatus_t osMessageQueuePut(osMessageQueueId_t mq_id, const void *msg_ptr, uint8_t msg_prio,
                             uint32_t timeout);

/**
 * Take the most urgent (then oldest) message into msg_ptr (msg_size bytes) and its priority
 * into *msg_prio (if not NULL), waiting up to `timeout` when empty.
 * @return osOK; osErrorResource (empty and timeout 0, kernel locked, or deleted while
 *         waiting); osErrorTimeout (nothing within timeout, or the wait was ended by
 *         osThreadSuspend/osThreadResume); osErrorParameter (invalid ID, msg_ptr NULL, or a
 *         non-zero timeout from an ISR). ISR: yes, with timeout 0.
 */
osStatus_t osMessageQueueGet(osMessageQueueId_t mq_id, void *msg_ptr, uint8_t *msg_prio,
                             uint32_t timeout);

/** @return the capacity in messages; 0 for an invalid ID. ISR: yes. */
uint32_t osMessageQueueGetCapacity(osMessageQueueId_t mq_id);

/** @return the message size in bytes; 0 for an invalid ID. ISR: yes. */
uint32_t osMessageQueueGetMsgSize(osMessageQueueId_t mq_id);

/** @return the queued messages; 0 for an invalid ID. ISR: yes. */
uint32_t osMessageQueueGetCount(osMessageQueueId_t mq_id);

/** @return the free slots; 0 for an invalid ID. ISR: yes. */
uint32_t osMessageQueueGetSpace(osMessageQueueId_t mq_id);

/**
 * Drop every queued message; senders waiting for room then get theirs queued.
 * @return osOK; osErrorParameter (invalid ID); osErrorISR. ISR: no.
 */
osStatus_t osMessageQueueReset(osMessageQueueId_t mq_id);

/**
 * Delete; waiting senders and receivers return osErrorResource and the ID becomes invalid.
 * @return osOK; osErrorParameter (invalid ID); osErrorISR. ISR: no.
 */
osStatus_t osMessageQueueDelete(osMessageQueueId_t mq_id);

#ifdef __cplusplus
}
#endif

#endif /* CMSIS_OS2_H_ */
