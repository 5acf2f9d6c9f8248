/*
 * Sprig POSIX layer: types, constants, limits and configuration (see docs/posix.md).
 *
 * Every type and constant of the layer has a sprig_/SPRIG_ name. Unless SPRIG_POSIX_NO_NAMES is
 * defined before the first of the layer's headers, the standard names are macros for them
 * (pthread_t -> sprig_pthread_t, struct sched_param -> struct sprig_sched_param,
 * PTHREAD_MUTEX_RECURSIVE -> SPRIG_PTHREAD_MUTEX_RECURSIVE ...), so POSIX code compiles
 * unchanged against the layer, while the C library's own pthread_create, sem_post, mq_open,
 * clock_gettime, timer_create ... (used by the simulator's host threads and by the test runner)
 * keep their names and are never defined by the layer.
 *
 * Configuration: the layer needs these kernel modules in tos_config.h:
 * TOS_CFG_MUTEX_EN, TOS_CFG_SEM_EN, TOS_CFG_RWLOCK_EN, TOS_CFG_TIMER_EN, TOS_CFG_MMHEAP_EN
 * (threads, queues and timers come from the kernel heap) and TOS_CFG_ROUND_ROBIN_EN (SCHED_RR).
 * Its own options (defaults below) may be set in tos_config.h too.
 */
#ifndef SPRIG_POSIX_TYPES_H
#define SPRIG_POSIX_TYPES_H

#include <sprig/posix/prelude.h>

#if TOS_CFG_MUTEX_EN == 0u || TOS_CFG_SEM_EN == 0u || TOS_CFG_RWLOCK_EN == 0u
#error "the Sprig POSIX layer needs TOS_CFG_MUTEX_EN, TOS_CFG_SEM_EN and TOS_CFG_RWLOCK_EN"
#endif
#if TOS_CFG_TIMER_EN == 0u || TOS_CFG_MMHEAP_EN == 0u
#error "the Sprig POSIX layer needs TOS_CFG_TIMER_EN and TOS_CFG_MMHEAP_EN"
#endif
#if TOS_CFG_ROUND_ROBIN_EN == 0u
#error "the Sprig POSIX layer needs TOS_CFG_ROUND_ROBIN_EN (SCHED_RR is the kernel's round robin)"
#endif
#if TOS_CFG_TASK_DESTROY_EN == 0u || TOS_CFG_SCHED_LOCK_EN == 0u
#error "the Sprig POSIX layer needs TOS_CFG_TASK_DESTROY_EN (pthread_exit) and TOS_CFG_SCHED_LOCK_EN"
#endif

/* ---- options (override in tos_config.h) ---- */

/* Thread-specific data keys (PTHREAD_KEYS_MAX; POSIX asks for at least 128). A thread's value
   table (one pointer per key) is allocated from the kernel heap when it first sets a value. */
#ifndef SPRIG_POSIX_KEYS_MAX
#define SPRIG_POSIX_KEYS_MAX                128u
#endif
/* Message queue descriptors open at once (MQ_OPEN_MAX). */
#ifndef SPRIG_POSIX_MQ_OPEN_MAX
#define SPRIG_POSIX_MQ_OPEN_MAX             16u
#endif
/* Longest message queue name, in characters, the leading '/' included. */
#ifndef SPRIG_POSIX_MQ_NAME_MAX
#define SPRIG_POSIX_MQ_NAME_MAX             31u
#endif
/* mq_open(O_CREAT) with a NULL attribute creates a queue of this geometry. */
#ifndef SPRIG_POSIX_MQ_DEFAULT_MAXMSG
#define SPRIG_POSIX_MQ_DEFAULT_MAXMSG       10
#endif
#ifndef SPRIG_POSIX_MQ_DEFAULT_MSGSIZE
#define SPRIG_POSIX_MQ_DEFAULT_MSGSIZE      64
#endif
/* Stack of a thread whose attributes give none (bytes, from the kernel heap). On host ports the
   port adds its headroom for host library frames. */
#ifndef SPRIG_POSIX_THREAD_STACK_DEFAULT
#define SPRIG_POSIX_THREAD_STACK_DEFAULT    2048u
#endif
/* Smallest stack pthread_attr_setstacksize/setstack accept (PTHREAD_STACK_MIN). */
#ifndef SPRIG_POSIX_THREAD_STACK_MIN
#define SPRIG_POSIX_THREAD_STACK_MIN        512u
#endif

#if SPRIG_POSIX_THREAD_STACK_MIN < K_TASK_STK_SIZE_MIN
#error "SPRIG_POSIX_THREAD_STACK_MIN is below the kernel's minimum stack"
#endif

/* ---- priorities ----
   POSIX priorities grow with urgency; kernel priorities shrink (0 is the most urgent). POSIX
   priority p is kernel priority K_TASK_PRIO_IDLE - p, so the range is 1 (kernel
   K_TASK_PRIO_IDLE - 1, the least urgent a task may have) .. K_TASK_PRIO_IDLE (kernel 0), the
   same for SCHED_FIFO, SCHED_RR and SCHED_OTHER. With TOS_CFG_TASK_PRIO_MAX >= 33 that is at
   least the 32 levels POSIX asks for. */
#define SPRIG_POSIX_PRIO_MIN                1
#define SPRIG_POSIX_PRIO_MAX                ((int)K_TASK_PRIO_IDLE)
#define SPRIG_POSIX_PRIO_TO_K(p)            ((k_prio_t)((int)K_TASK_PRIO_IDLE - (int)(p)))
#define SPRIG_POSIX_PRIO_FROM_K(k)          ((int)K_TASK_PRIO_IDLE - (int)(k))

__CDECLS_BEGIN

/* ---- constants ---- */
#define SPRIG_PTHREAD_CREATE_JOINABLE       0
#define SPRIG_PTHREAD_CREATE_DETACHED       1
#define SPRIG_PTHREAD_INHERIT_SCHED         0
#define SPRIG_PTHREAD_EXPLICIT_SCHED        1
#define SPRIG_PTHREAD_SCOPE_SYSTEM          0
#define SPRIG_PTHREAD_SCOPE_PROCESS         1
#define SPRIG_PTHREAD_PROCESS_PRIVATE       0
#define SPRIG_PTHREAD_PROCESS_SHARED        1
#define SPRIG_PTHREAD_MUTEX_NORMAL          0
#define SPRIG_PTHREAD_MUTEX_ERRORCHECK      1
#define SPRIG_PTHREAD_MUTEX_RECURSIVE       2
/* POSIX leaves relocking a default mutex undefined: Sprig's default mutex is an errorcheck
   mutex (relock -> EDEADLK, unlock by a non-owner -> EPERM). */
#define SPRIG_PTHREAD_MUTEX_DEFAULT         SPRIG_PTHREAD_MUTEX_ERRORCHECK
#define SPRIG_PTHREAD_PRIO_NONE             0
#define SPRIG_PTHREAD_PRIO_INHERIT          1
#define SPRIG_PTHREAD_PRIO_PROTECT          2
#define SPRIG_PTHREAD_BARRIER_SERIAL_THREAD (-1)
#define SPRIG_SCHED_OTHER                   0
#define SPRIG_SCHED_FIFO                    1
#define SPRIG_SCHED_RR                      2
#define SPRIG_CLOCK_REALTIME                0
#define SPRIG_CLOCK_MONOTONIC               1
#define SPRIG_TIMER_ABSTIME                 1
#define SPRIG_SIGEV_SIGNAL                  0   /* defined for completeness; EINVAL (no signals) */
#define SPRIG_SIGEV_NONE                    1
#define SPRIG_SIGEV_THREAD                  2

/* ---- limits ---- */
#define SPRIG_PTHREAD_KEYS_MAX              ((int)SPRIG_POSIX_KEYS_MAX)
#define SPRIG_PTHREAD_DESTRUCTOR_ITERATIONS 4
#define SPRIG_PTHREAD_STACK_MIN             ((size_t)SPRIG_POSIX_THREAD_STACK_MIN)
#define SPRIG_SEM_VALUE_MAX                 0xFFFF      /* k_sem_cnt_t */
#define SPRIG_MQ_PRIO_MAX                   32
#define SPRIG_MQ_OPEN_MAX                   ((int)SPRIG_POSIX_MQ_OPEN_MAX)
#define SPRIG_DELAYTIMER_MAX                INT_MAX
#define SPRIG_PTHREAD_MUTEX_RECURSION_MAX   255         /* recursive locks of one mutex */

/* ---- types ---- */

/* A thread: the address of its Sprig task. (k_task_t *)pthread_self() is the running task, and
   every task is a thread for pthread_self, pthread_equal and pthread_get/setschedparam; tasks
   not made by pthread_create cannot be joined or detached. */
typedef struct sprig_pthread_opaque *sprig_pthread_t;

typedef int                         sprig_clockid_t;
typedef struct sprig_posix_timer   *sprig_timer_t;
typedef unsigned int                sprig_pthread_key_t;
typedef int                         sprig_mqd_t;

struct sprig_sched_param {
    int sched_priority;
};

union sprig_sigval {
    int   sival_int;
    void *sival_ptr;
};

typedef struct {
    uint32_t                    magic;
    int                         detachstate;
    int                         inheritsched;
    int                         schedpolicy;
    int                         scope;
    struct sprig_sched_param    schedparam;
    void                       *stackaddr;
    size_t                      stacksize;
} sprig_pthread_attr_t;

/* glibc's struct sigevent reaches these two members through macros naming a union; ours has
   real members of those names, so the macros go (the C library's struct sigevent cannot use
   these two names after the layer's headers, even with SPRIG_POSIX_NO_NAMES). */
#undef sigev_notify_function
#undef sigev_notify_attributes

struct sprig_sigevent {
    int                     sigev_notify;       /* SIGEV_NONE or SIGEV_THREAD */
    int                     sigev_signo;        /* unused */
    union sprig_sigval      sigev_value;
    void                  (*sigev_notify_function)(union sprig_sigval);
    sprig_pthread_attr_t   *sigev_notify_attributes;
};

struct sprig_itimerspec {
    struct timespec it_interval;
    struct timespec it_value;
};

struct sprig_mq_attr {
    long mq_flags;      /* 0 or O_NONBLOCK */
    long mq_maxmsg;
    long mq_msgsize;
    long mq_curmsgs;
};

typedef struct {
    uint32_t    magic;
    int         type;
    int         protocol;
    int         prioceiling;
    int         pshared;
} sprig_pthread_mutexattr_t;

typedef struct {
    uint32_t        magic;
    sprig_clockid_t clock;
    int             pshared;
} sprig_pthread_condattr_t;

typedef struct {
    uint32_t    magic;
    int         pshared;
} sprig_pthread_rwlockattr_t;

typedef struct {
    uint32_t    magic;
    int         pshared;
} sprig_pthread_barrierattr_t;

/* Objects. Their contents are the layer's; a zero magic is the static initializer (the kernel
   object is created on first use). */
typedef struct {
    uint32_t    magic;
    uint8_t     type;
    uint8_t     protocol;
    k_prio_t    ceiling;            /* kernel priority of the ceiling (PTHREAD_PRIO_PROTECT) */
    uint8_t     reserved;
    uint16_t    count;              /* recursion depth of the owner */
    k_task_t   *owner;
    k_list_t    protect_node;       /* in the owner's list of held PRIO_PROTECT mutexes */
    union {
        k_mutex_t   kmutex;         /* PTHREAD_PRIO_INHERIT */
        k_sem_t     ksem;           /* PTHREAD_PRIO_NONE, PTHREAD_PRIO_PROTECT */
    } u;
} sprig_pthread_mutex_t;

typedef struct {
    uint32_t                magic;
    sprig_clockid_t         clock;
    k_list_t                waiters;
    sprig_pthread_mutex_t  *mutex;  /* the mutex of the current waiters */
} sprig_pthread_cond_t;

typedef struct {
    uint32_t    magic;
    k_rwlock_t  krw;
} sprig_pthread_rwlock_t;

typedef struct {
    uint32_t    magic;
    unsigned    count;
    unsigned    arrived;
    k_list_t    waiters;
} sprig_pthread_barrier_t;

typedef struct {
    uint32_t    magic;
    k_task_t   *holder;
    uint8_t     in_isr;             /* taken by an interrupt handler */
    uint8_t     sched_locked;       /* taking it locked the scheduler */
} sprig_pthread_spinlock_t;

typedef struct {
    volatile int state;
} sprig_pthread_once_t;

typedef struct {
    uint32_t    magic;
    k_sem_t     ksem;
} sprig_sem_t;

#define SPRIG_PTHREAD_MUTEX_INITIALIZER     { 0 }
#define SPRIG_PTHREAD_COND_INITIALIZER      { 0 }
#define SPRIG_PTHREAD_RWLOCK_INITIALIZER    { 0 }
#define SPRIG_PTHREAD_ONCE_INIT             { 0 }

/**
 * Forget every thread, key, queue and timer of the layer, and set CLOCK_REALTIME back to the
 * Epoch. Call it when the kernel is initialised again (tos_knl_init a second time: the kernel
 * heap and every task are gone then), before any task runs; the simulator's test runner does.
 * An app that initialises the kernel once never needs it (the layer's state starts zeroed).
 * It touches no kernel object, so it may come before or after tos_knl_init. Not from an ISR.
 */
void sprig_posix_reset(void);

__CDECLS_END

/* ---- the standard names ---- */
#ifndef SPRIG_POSIX_NO_NAMES

#undef PTHREAD_CREATE_JOINABLE
#define PTHREAD_CREATE_JOINABLE         SPRIG_PTHREAD_CREATE_JOINABLE
#undef PTHREAD_CREATE_DETACHED
#define PTHREAD_CREATE_DETACHED         SPRIG_PTHREAD_CREATE_DETACHED
#undef PTHREAD_INHERIT_SCHED
#define PTHREAD_INHERIT_SCHED           SPRIG_PTHREAD_INHERIT_SCHED
#undef PTHREAD_EXPLICIT_SCHED
#define PTHREAD_EXPLICIT_SCHED          SPRIG_PTHREAD_EXPLICIT_SCHED
#undef PTHREAD_SCOPE_SYSTEM
#define PTHREAD_SCOPE_SYSTEM            SPRIG_PTHREAD_SCOPE_SYSTEM
#undef PTHREAD_SCOPE_PROCESS
#define PTHREAD_SCOPE_PROCESS           SPRIG_PTHREAD_SCOPE_PROCESS
#undef PTHREAD_PROCESS_PRIVATE
#define PTHREAD_PROCESS_PRIVATE         SPRIG_PTHREAD_PROCESS_PRIVATE
#undef PTHREAD_PROCESS_SHARED
#define PTHREAD_PROCESS_SHARED          SPRIG_PTHREAD_PROCESS_SHARED
#undef PTHREAD_MUTEX_NORMAL
#define PTHREAD_MUTEX_NORMAL            SPRIG_PTHREAD_MUTEX_NORMAL
#undef PTHREAD_MUTEX_ERRORCHECK
#define PTHREAD_MUTEX_ERRORCHECK        SPRIG_PTHREAD_MUTEX_ERRORCHECK
#undef PTHREAD_MUTEX_RECURSIVE
#define PTHREAD_MUTEX_RECURSIVE         SPRIG_PTHREAD_MUTEX_RECURSIVE
#undef PTHREAD_MUTEX_DEFAULT
#define PTHREAD_MUTEX_DEFAULT           SPRIG_PTHREAD_MUTEX_DEFAULT
#undef PTHREAD_PRIO_NONE
#define PTHREAD_PRIO_NONE               SPRIG_PTHREAD_PRIO_NONE
#undef PTHREAD_PRIO_INHERIT
#define PTHREAD_PRIO_INHERIT            SPRIG_PTHREAD_PRIO_INHERIT
#undef PTHREAD_PRIO_PROTECT
#define PTHREAD_PRIO_PROTECT            SPRIG_PTHREAD_PRIO_PROTECT
#undef PTHREAD_BARRIER_SERIAL_THREAD
#define PTHREAD_BARRIER_SERIAL_THREAD   SPRIG_PTHREAD_BARRIER_SERIAL_THREAD
#undef PTHREAD_MUTEX_INITIALIZER
#define PTHREAD_MUTEX_INITIALIZER       SPRIG_PTHREAD_MUTEX_INITIALIZER
#undef PTHREAD_COND_INITIALIZER
#define PTHREAD_COND_INITIALIZER        SPRIG_PTHREAD_COND_INITIALIZER
#undef PTHREAD_RWLOCK_INITIALIZER
#define PTHREAD_RWLOCK_INITIALIZER      SPRIG_PTHREAD_RWLOCK_INITIALIZER
#undef PTHREAD_ONCE_INIT
#define PTHREAD_ONCE_INIT               SPRIG_PTHREAD_ONCE_INIT
#undef PTHREAD_KEYS_MAX
#define PTHREAD_KEYS_MAX                SPRIG_PTHREAD_KEYS_MAX
#undef PTHREAD_DESTRUCTOR_ITERATIONS
#define PTHREAD_DESTRUCTOR_ITERATIONS   SPRIG_PTHREAD_DESTRUCTOR_ITERATIONS
#undef PTHREAD_STACK_MIN
#define PTHREAD_STACK_MIN               SPRIG_PTHREAD_STACK_MIN
#undef SEM_VALUE_MAX
#define SEM_VALUE_MAX                   SPRIG_SEM_VALUE_MAX
#undef MQ_PRIO_MAX
#define MQ_PRIO_MAX                     SPRIG_MQ_PRIO_MAX
#undef MQ_OPEN_MAX
#define MQ_OPEN_MAX                     SPRIG_MQ_OPEN_MAX
#undef DELAYTIMER_MAX
#define DELAYTIMER_MAX                  SPRIG_DELAYTIMER_MAX
#undef SCHED_OTHER
#define SCHED_OTHER                     SPRIG_SCHED_OTHER
#undef SCHED_FIFO
#define SCHED_FIFO                      SPRIG_SCHED_FIFO
#undef SCHED_RR
#define SCHED_RR                        SPRIG_SCHED_RR
#undef CLOCK_REALTIME
#define CLOCK_REALTIME                  SPRIG_CLOCK_REALTIME
#undef CLOCK_MONOTONIC
#define CLOCK_MONOTONIC                 SPRIG_CLOCK_MONOTONIC
#undef TIMER_ABSTIME
#define TIMER_ABSTIME                   SPRIG_TIMER_ABSTIME
#undef SIGEV_SIGNAL
#define SIGEV_SIGNAL                    SPRIG_SIGEV_SIGNAL
#undef SIGEV_NONE
#define SIGEV_NONE                      SPRIG_SIGEV_NONE
#undef SIGEV_THREAD
#define SIGEV_THREAD                    SPRIG_SIGEV_THREAD

#define pthread_t                       sprig_pthread_t
#define pthread_attr_t                  sprig_pthread_attr_t
#define pthread_mutex_t                 sprig_pthread_mutex_t
#define pthread_mutexattr_t             sprig_pthread_mutexattr_t
#define pthread_cond_t                  sprig_pthread_cond_t
#define pthread_condattr_t              sprig_pthread_condattr_t
#define pthread_rwlock_t                sprig_pthread_rwlock_t
#define pthread_rwlockattr_t            sprig_pthread_rwlockattr_t
#define pthread_barrier_t               sprig_pthread_barrier_t
#define pthread_barrierattr_t           sprig_pthread_barrierattr_t
#define pthread_spinlock_t              sprig_pthread_spinlock_t
#define pthread_once_t                  sprig_pthread_once_t
#define pthread_key_t                   sprig_pthread_key_t
#define sem_t                           sprig_sem_t
#define mqd_t                           sprig_mqd_t
#define clockid_t                       sprig_clockid_t
#define timer_t                         sprig_timer_t
#define sched_param                     sprig_sched_param
#define sigval                          sprig_sigval
#define sigevent                        sprig_sigevent
#define itimerspec                      sprig_itimerspec
#define mq_attr                         sprig_mq_attr

#endif /* SPRIG_POSIX_NO_NAMES */

#endif /* SPRIG_POSIX_TYPES_H */
