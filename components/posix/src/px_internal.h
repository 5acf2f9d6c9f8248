/*
 * Sprig POSIX layer internals shared by the src/ files.
 *
 * Locking: "CS" is a critical section (interrupts masked: PX_CS_*). The layer's shared state
 * (lists, object fields) is only changed inside one. A CS never contains a blocking call, and
 * a waker that posts a kernel semaphore inside a CS (which could switch tasks in the middle of
 * it) first holds the scheduler (px_hold), so nobody runs before the CS is over.
 *
 * Waits the kernel has no object for (condition variables, barriers, joins, once, full/empty
 * message queues) use a waiter record on the waiting thread's stack: linked into the object's
 * list inside a CS, then the thread blocks on the record's own semaphore outside it. A waker,
 * inside a CS, unlinks the record, stores the result, sets `done` and posts the semaphore.
 * After its wait ends (posted, timed out, or woken because CLOCK_REALTIME was set), the waiter
 * looks at `done` inside a CS: set, the wait succeeded (a post that raced with a timeout is
 * never lost); not set, it unlinks itself.
 *
 * Only the public kernel API is used, with Sprig's extensions (tos_knl_is_inirq,
 * tos_knl_is_sched_locked, tos_systick_monotonic_get (the monotonic tick, unaffected by
 * tos_systick_set), tos_task_wait_abort (end a blocked thread's wait as its timeout would when
 * CLOCK_REALTIME is set), tos_task_exit, tos_sem_pend_try, tos_knl_panic), plus reads of
 * documented kernel struct fields: see docs/posix.md, "Kernel API used".
 */
#ifndef PX_INTERNAL_H
#define PX_INTERNAL_H

#include <sprig/posix/posix.h>

/* Link names: the layer defines nothing outside sprig_* (tests/posix/check_link_names.cmake). */
#define px                           sprig_px
#define px_in_isr                    sprig_px_in_isr
#define px_block_check               sprig_px_block_check
#define px_hold                      sprig_px_hold
#define px_release                   sprig_px_release
#define px_kerr                      sprig_px_kerr
#define px_fail                      sprig_px_fail
#define px_clock_ticks               sprig_px_clock_ticks
#define px_clock_valid               sprig_px_clock_valid
#define px_ts_valid                  sprig_px_ts_valid
#define px_ts_to_ticks_ceil          sprig_px_ts_to_ticks_ceil
#define px_ticks_to_ts               sprig_px_ticks_to_ts
#define px_deadline_abs              sprig_px_deadline_abs
#define px_deadline_forever          sprig_px_deadline_forever
#define px_deadline_ticks            sprig_px_deadline_ticks
#define px_deadline_begin            sprig_px_deadline_begin
#define px_deadline_end              sprig_px_deadline_end
#define px_deadline_left             sprig_px_deadline_left
#define px_timer_clock_set           sprig_px_timer_clock_set
#define px_waiter_init               sprig_px_waiter_init
#define px_waiter_fini               sprig_px_waiter_fini
#define px_waiter_link               sprig_px_waiter_link
#define px_waiter_wake               sprig_px_waiter_wake
#define px_waiter_first              sprig_px_waiter_first
#define px_waiter_wait               sprig_px_waiter_wait
#define px_state_ready               sprig_px_state_ready
#define px_thread_of                 sprig_px_thread_of
#define px_tinfo_find                sprig_px_tinfo_find
#define px_tinfo_get                 sprig_px_tinfo_get
#define px_task_live                 sprig_px_task_live
#define px_prio_recompute            sprig_px_prio_recompute
#define px_keys_exit                 sprig_px_keys_exit
#define px_keys_forget               sprig_px_keys_forget
#define px_keys_reset                sprig_px_keys_reset
#define px_mq_reset                  sprig_px_mq_reset
#define px_mutex_check               sprig_px_mutex_check
#define px_mutex_release_all         sprig_px_mutex_release_all
#define px_mutex_reacquire           sprig_px_mutex_reacquire

#define PX_MAGIC_ATTR           0x50A70001u
#define PX_MAGIC_MUTEXATTR      0x50A70003u
#define PX_MAGIC_CONDATTR       0x50A70005u
#define PX_MAGIC_RWLOCKATTR     0x50A70007u
#define PX_MAGIC_BARRIERATTR    0x50A70009u
#define PX_MAGIC_MUTEX          0x50A7000Bu
#define PX_MAGIC_COND           0x50A7000Du
#define PX_MAGIC_RWLOCK         0x50A7000Fu
#define PX_MAGIC_BARRIER        0x50A70011u
#define PX_MAGIC_SPIN           0x50A70013u
#define PX_MAGIC_SEM            0x50A70015u
#define PX_MAGIC_TIMER          0x50A70017u
#define PX_MAGIC_THREAD         0x50A70019u
#define PX_MAGIC_DEAD           0x50A7DEADu

#define PX_CS_ALLOC()           TOS_CPU_CPSR_ALLOC()
#define PX_CS_ENTER()           TOS_CPU_INT_DISABLE()
#define PX_CS_EXIT()            TOS_CPU_INT_ENABLE()

/* Kernel slice of a SCHED_FIFO thread: the largest, so round robin never moves it. */
#define PX_FIFO_SLICE           ((k_timeslice_t)-1)
/* Longest single kernel wait (below TOS_TIME_FOREVER; longer waits are made of several). */
#define PX_WAIT_CHUNK           ((k_tick_t)((k_tick_t)-1 >> 1))

#define PX_NSEC_PER_SEC         1000000000LL
#define PX_HZ                   ((int64_t)TOS_CFG_CPU_TICK_PER_SECOND)

/* ---- per-thread information: in the thread's control block for threads made by
   pthread_create, allocated on demand ("adopted") for other tasks ---- */
typedef struct px_tinfo {
    k_list_t        node;       /* adopted: in px.adopted */
    k_task_t       *task;
    void          **keys;       /* SPRIG_POSIX_KEYS_MAX values, from the heap on first use */
    k_list_t        protect;    /* held PTHREAD_PRIO_PROTECT mutexes (their protect_node) */
    k_prio_t        base;       /* kernel base priority the app asked for */
    uint8_t         policy;
    uint8_t         adopted;
    k_task_entry_t  entry;      /* adopted: the task when adopted, to notice a reused k_task_t */
    k_stack_t      *stk_base;
} px_tinfo_t;

/* A waiter record (see the top of this file). */
typedef struct px_waiter {
    k_list_t        node;
    k_task_t       *task;
    k_prio_t        prio;
    volatile uint8_t done;
    int             result;
    k_sem_t         sem;
    const void     *key;        /* what it waits for, where a list holds several objects' waiters */
    void           *buf;        /* message queues: the message (in or out) */
    size_t          len;
    unsigned        msg_prio;
} px_waiter_t;

/* A thread made by pthread_create. The task comes first: pthread_t == &task == the block. */
#define PX_THREAD_RUNNING       0u
#define PX_THREAD_EXITED        1u

typedef struct px_thread {
    k_task_t        task;
    px_tinfo_t      info;
    uint32_t        magic;
    k_list_t        node;       /* in px.threads, then px.zombies */
    void         *(*start)(void *);
    void           *arg;
    void           *retval;
    k_stack_t      *stack_alloc;    /* from the heap, NULL if the caller's */
    uint8_t         detached;
    uint8_t         state;
    px_waiter_t    *joiner;
    struct px_thread *joining;      /* the thread this one is joining (deadlock detection) */
} px_thread_t;

/* An absolute deadline on a clock, or none (forever). */
typedef struct px_deadline {
    int             forever;
    sprig_clockid_t clock;
    int64_t         tick;       /* the clock's tick count at the deadline (rounded up) */
    k_list_t        rt_node;    /* in px.rt_waits while a CLOCK_REALTIME wait is in progress */
    k_task_t       *task;
} px_deadline_t;

/* ---- environment ---- */
int         px_in_isr(void);
/* 0 if the caller may block; EPERM (ISR, kernel not running); EDEADLK (scheduler locked). */
int         px_block_check(void);
/* Hold the scheduler in task context (returns whether it did); release after the CS. */
int         px_hold(void);
void        px_release(int held);
/* errno for a kernel error of a blocking call. */
int         px_kerr(k_err_t err);
/* Set errno, return -1. */
int         px_fail(int err);

/* ---- time ---- */
int64_t     px_clock_ticks(sprig_clockid_t clock);  /* CS-safe; the clock's tick count */
int         px_clock_valid(sprig_clockid_t clock);
int         px_ts_valid(const struct timespec *ts);
int64_t     px_ts_to_ticks_ceil(const struct timespec *ts);
void        px_ticks_to_ts(int64_t ticks, struct timespec *ts);
/* Deadlines: from an absolute timespec (EINVAL if invalid), or none. */
int         px_deadline_abs(px_deadline_t *d, sprig_clockid_t clock, const struct timespec *abs);
void        px_deadline_forever(px_deadline_t *d);
void        px_deadline_ticks(px_deadline_t *d, int64_t mono_tick);
/* Bracket the waits of one call: a CLOCK_REALTIME deadline is registered so that
   clock_settime can wake the waiter to recompute it. */
void        px_deadline_begin(px_deadline_t *d);
void        px_deadline_end(px_deadline_t *d);
/* Ticks to wait now: TOS_TIME_FOREVER, 0 (the deadline has passed), or at most PX_WAIT_CHUNK. */
k_tick_t    px_deadline_left(px_deadline_t *d);
/* clock_settime moved CLOCK_REALTIME: wake the registered waiters, re-arm timers (CS held,
   scheduler held). */
void        px_timer_clock_set(void);

/* ---- waiters ---- */
void        px_waiter_init(px_waiter_t *w);
void        px_waiter_fini(px_waiter_t *w);
/* CS held: link by priority (FIFO among equals). */
void        px_waiter_link(px_waiter_t *w, k_list_t *list);
/* CS held (and the scheduler held in task context): unlink, record, mark done, post. */
void        px_waiter_wake(px_waiter_t *w, int result);
/* CS held: the first waiter, NULL if none. */
px_waiter_t *px_waiter_first(k_list_t *list);
/* Wait until woken or the deadline: returns 1 when done (w->result holds the waker's
   verdict), or 0 with *err set (ETIMEDOUT, or why it could not wait) after unlinking w. */
int         px_waiter_wait(px_waiter_t *w, px_deadline_t *d, int *err);

/* ---- threads ---- */
extern struct px_state {
    int             ready;
    k_list_t        threads;        /* px_thread_t: running, or exited and not yet joined */
    k_list_t        zombies;        /* px_thread_t whose memory waits for its task to be gone */
    k_list_t        adopted;        /* px_tinfo_t of other tasks */
    k_list_t        rt_waits;       /* px_deadline_t */
    k_list_t        once_waits;     /* px_waiter_t keyed by the once control */
    k_list_t        once_runs;      /* px_waiter_t of running init routines (task = runner) */
    k_list_t        mqs;            /* named message queues */
    k_list_t        timers;         /* live timers */
    uint64_t        mono;           /* extended monotonic tick (32-bit kernel ticks) */
    k_tick_t        mono_last;
    int64_t         rt_offset;      /* CLOCK_REALTIME - CLOCK_MONOTONIC, ticks */
} px;

void        px_state_ready(void);
px_thread_t *px_thread_of(k_task_t *task);          /* NULL if not made by pthread_create */
px_tinfo_t *px_tinfo_find(k_task_t *task);          /* no allocation */
px_tinfo_t *px_tinfo_get(k_task_t *task);           /* adopts; NULL when out of memory */
int         px_task_live(k_task_t *task);
/* Recompute a thread's kernel base priority: its own, raised to the ceilings it holds. */
void        px_prio_recompute(px_tinfo_t *info);
/* Keys: run the destructors of a thread's values, free its table. */
void        px_keys_exit(px_tinfo_t *info);
/* Forget key `k` in every thread (CS held). */
void        px_keys_forget(unsigned k);
void        px_keys_reset(void);
void        px_mq_reset(void);

/* ---- mutexes (for condition variables) ---- */
int         px_mutex_check(sprig_pthread_mutex_t *m);
/* Release entirely (the caller must own it); *depth gets the recursion depth. */
int         px_mutex_release_all(sprig_pthread_mutex_t *m, uint16_t *depth);
/* Lock again, waiting as long as it takes, to `depth`. */
int         px_mutex_reacquire(sprig_pthread_mutex_t *m, uint16_t depth);

#endif /* PX_INTERNAL_H */
