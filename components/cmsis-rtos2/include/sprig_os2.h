/*
 * Sprig specifics of the CMSIS-RTOS2 layer (the counterpart of RTX5's rtx_os.h).
 *
 *  - What the layer needs from the kernel configuration (checked here with #error).
 *  - The priority mapping between osPriority_t and k_prio_t.
 *  - Control-block types and sizes, for static allocation through attr->cb_mem:
 *
 *        static osSprigThread_t worker_cb;
 *        static uint64_t worker_stack[512 / 8];
 *        const osThreadAttr_t worker_attr = {
 *            .name = "worker",
 *            .cb_mem = &worker_cb, .cb_size = sizeof worker_cb,
 *            .stack_mem = worker_stack, .stack_size = sizeof worker_stack,
 *        };
 *
 *  - Memory-size macros for the data of memory pools and message queues (attr->mp_mem,
 *    attr->mq_mem).
 *
 * The fields of the control blocks belong to the layer; applications only allocate them.
 */
#ifndef SPRIG_OS2_H
#define SPRIG_OS2_H

#include "cmsis_os2.h"
#include "tos_k.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- configuration the layer relies on ---- */

#if TOS_CFG_TASK_PRIO_MAX < 64u
#error "CMSIS-RTOS2 needs TOS_CFG_TASK_PRIO_MAX of at least 64 (56 thread priorities, the idle task and room above osPriorityISR for kernel tasks)"
#endif
#if TOS_CFG_SEM_EN == 0u
#error "CMSIS-RTOS2 needs TOS_CFG_SEM_EN (semaphores and every blocking wait)"
#endif
#if TOS_CFG_MUTEX_EN == 0u
#error "CMSIS-RTOS2 needs TOS_CFG_MUTEX_EN (osMutexPrioInherit mutexes)"
#endif
#if TOS_CFG_TIMER_EN == 0u
#error "CMSIS-RTOS2 needs TOS_CFG_TIMER_EN (osTimer*)"
#endif
#if TOS_CFG_TIMER_AS_PROC != 0u
#error "CMSIS-RTOS2 needs TOS_CFG_TIMER_AS_PROC 0: timer callbacks run in a thread (the timer task), not in the tick ISR"
#endif
#if TOS_CFG_MMHEAP_EN == 0u
#error "CMSIS-RTOS2 needs TOS_CFG_MMHEAP_EN (objects created without cb_mem come from the kernel heap)"
#endif
#if TOS_CFG_MMBLK_EN == 0u
#error "CMSIS-RTOS2 needs TOS_CFG_MMBLK_EN (osMemoryPool*)"
#endif
#if TOS_CFG_TASK_DYNAMIC_CREATE_EN == 0u
#error "CMSIS-RTOS2 needs TOS_CFG_TASK_DYNAMIC_CREATE_EN (threads whose stack comes from the heap)"
#endif
#if TOS_CFG_TASK_STACK_DRAUGHT_DEPTH_DETACT_EN == 0u
#error "CMSIS-RTOS2 needs TOS_CFG_TASK_STACK_DRAUGHT_DEPTH_DETACT_EN (osThreadGetStackSpace)"
#endif
#if TOS_CFG_TASK_DESTROY_EN == 0u
#error "CMSIS-RTOS2 needs TOS_CFG_TASK_DESTROY_EN (osThreadTerminate, osThreadExit)"
#endif
#if TOS_CFG_SCHED_LOCK_EN == 0u
#error "CMSIS-RTOS2 needs TOS_CFG_SCHED_LOCK_EN (osKernelLock)"
#endif

/* Stack size of threads created without attr->stack_mem and attr->stack_size. */
#ifndef SPRIG_OS2_THREAD_STACK_SIZE
#define SPRIG_OS2_THREAD_STACK_SIZE     2048u
#endif

/* ---- priorities ----
 * osPriority_t p (osPriorityIdle 1 .. osPriorityISR 56, larger is more urgent) runs at kernel
 * priority TOS_CFG_TASK_PRIO_MAX - 1 - p (0 is the most urgent): osPriorityIdle just above the
 * kernel's idle task, osPriorityISR at TOS_CFG_TASK_PRIO_MAX - 57. The kernel levels above that
 * (0 .. TOS_CFG_TASK_PRIO_MAX - 58) are for kernel tasks such as the timer task. With 64 levels:
 * Idle -> 62, Low -> 55, Normal -> 39, High -> 23, Realtime -> 15, ISR -> 7. */
#define SPRIG_OS2_K_PRIO(p)     ((k_prio_t)(TOS_CFG_TASK_PRIO_MAX - 1u - (uint32_t)(p)))

/* ---- control blocks ---- */

typedef struct sprig_os2_wait sprig_os2_wait_t;     /* a wait in progress (layer-private) */

typedef struct osSprigThread_s {
    uint32_t            magic;
    uint8_t             state;          /* active / terminated */
    uint8_t             alloc;          /* what came from the heap */
    uint8_t             joinable;
    k_task_t           *task;           /* &task_mem, or a task from tos_task_create_dyn */
    const char         *name;
    osThreadFunc_t      func;
    void               *argument;
    uint32_t            stack_size;
    uint32_t            flags;          /* thread flags */
    sprig_os2_wait_t   *flags_wait;     /* its osThreadFlagsWait in progress */
    sprig_os2_wait_t   *join_wait;      /* the osThreadJoin waiting for it */
    sprig_os2_wait_t   *wait;           /* any layer wait of this thread in progress */
    k_list_t            mutexes;        /* CMSIS mutexes it owns */
    struct osSprigThread_s *zombie_next;
    k_task_t            task_mem;       /* the task, when the stack is the caller's */
} osSprigThread_t;

typedef struct osSprigTimer_s {
    uint32_t            magic;
    uint8_t             alloc;
    uint8_t             type;
    const char         *name;
    k_timer_t           timer;
} osSprigTimer_t;

typedef struct osSprigEventFlags_s {
    uint32_t            magic;
    uint8_t             alloc;
    const char         *name;
    uint32_t            flags;
    k_list_t            waiters;
} osSprigEventFlags_t;

typedef struct osSprigMutex_s {
    uint32_t            magic;
    uint8_t             alloc;
    uint8_t             attr;           /* osMutexRecursive | osMutexPrioInherit | osMutexRobust */
    uint8_t             orphaned;       /* a non-robust owner terminated: locked for good */
    const char         *name;
    k_mutex_t           kmutex;         /* osMutexPrioInherit: the kernel mutex */
    k_task_t           *owner;          /* otherwise: the owner task */
    uint32_t            lock;           /* otherwise: its lock depth */
    k_list_t            waiters;        /* layer waiters (and waiters of an orphaned mutex) */
    k_list_t            owner_node;     /* in the owning CMSIS thread's `mutexes` */
    osSprigThread_t    *dead_owner;     /* the terminated owner of an orphaned mutex */
} osSprigMutex_t;

typedef struct osSprigSemaphore_s {
    uint32_t            magic;
    uint8_t             alloc;
    const char         *name;
    k_sem_t             sem;
} osSprigSemaphore_t;

typedef struct osSprigMemoryPool_s {
    uint32_t            magic;
    uint8_t             alloc;
    const char         *name;
    uint32_t            block_size;     /* rounded up to sizeof(void *) */
    k_mmblk_pool_t      pool;
    k_list_t            waiters;
} osSprigMemoryPool_t;

typedef struct sprig_os2_msg sprig_os2_msg_t;      /* a message slot (layer-private) */

typedef struct osSprigMessageQueue_s {
    uint32_t            magic;
    uint8_t             alloc;
    const char         *name;
    uint32_t            msg_size;
    uint32_t            capacity;
    uint32_t            count;
    uint32_t            slot_size;
    void               *mem;
    sprig_os2_msg_t    *head;           /* queued, most urgent first */
    sprig_os2_msg_t    *tail;
    sprig_os2_msg_t    *free;
    k_list_t            receivers;      /* waiting in osMessageQueueGet */
    k_list_t            senders;        /* waiting in osMessageQueuePut */
} osSprigMessageQueue_t;

#define osSprigThreadCbSize         ((uint32_t)sizeof(osSprigThread_t))
#define osSprigTimerCbSize          ((uint32_t)sizeof(osSprigTimer_t))
#define osSprigEventFlagsCbSize     ((uint32_t)sizeof(osSprigEventFlags_t))
#define osSprigMutexCbSize          ((uint32_t)sizeof(osSprigMutex_t))
#define osSprigSemaphoreCbSize      ((uint32_t)sizeof(osSprigSemaphore_t))
#define osSprigMemoryPoolCbSize     ((uint32_t)sizeof(osSprigMemoryPool_t))
#define osSprigMessageQueueCbSize   ((uint32_t)sizeof(osSprigMessageQueue_t))

/* Bytes of attr->mp_mem / attr->mq_mem needed for `count` blocks or messages of `size` bytes. */
#define SPRIG_OS2_ALIGN_UP(n)       (((n) + sizeof(void *) - 1u) & ~(sizeof(void *) - 1u))
#define osSprigMemoryPoolMemSize(count, size) \
    ((uint32_t)((count) * SPRIG_OS2_ALIGN_UP((size_t)(size))))
#define SPRIG_OS2_MSG_HEADER_SIZE   (2u * sizeof(void *))
#define osSprigMessageQueueMemSize(count, size) \
    ((uint32_t)((count) * (SPRIG_OS2_MSG_HEADER_SIZE + SPRIG_OS2_ALIGN_UP((size_t)(size)))))

/**
 * Forget every piece of layer state (kernel state, lock, pending releases). Only for programs
 * that re-initialise the kernel with tos_knl_init() after using CMSIS-RTOS2, as the simulator's
 * test runner does before every case: call it right after tos_knl_init(). (osKernelInitialize
 * does it itself when it initialises the kernel.) Not from an ISR.
 */
void sprig_os2_reset(void);

#ifdef __cplusplus
}
#endif

#endif /* SPRIG_OS2_H */
