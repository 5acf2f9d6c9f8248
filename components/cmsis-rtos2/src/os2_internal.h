/*
 * CMSIS-RTOS2 layer internals shared by the src/ files.
 *
 * Locking: "CS" is a critical section (interrupts masked, TOS_CPU_INT_DISABLE). Layer state of
 * an object is only touched inside one. A blocking kernel call is never made inside one.
 *
 * Waits the kernel has no primitive for (thread and event flags, join, full/empty message
 * queues, empty memory pools, layer mutexes) use a wait record on the waiter's stack: it is
 * linked into the object's wait list (or a single-waiter slot) inside a CS, then the waiter
 * blocks on the record's own semaphore outside it. A waker, inside a CS, unlinks the record,
 * stores the result, marks it done and posts the semaphore; since the record stays linked
 * until then, the waiter (and its stack) cannot have gone. After waking, the waiter looks at
 * `done` first and touches the object only when it is not set (a deleted object would have set
 * it). Wakers that may wake several waiters or keep working after a post hold the scheduler
 * (sprig_os2_sched_hold) so that nobody runs before the CS is over.
 *
 * Only the public kernel API is used, with Sprig's extensions (tos_knl_is_inirq,
 * tos_systick_monotonic_get, tos_knl_next_expires_get, tos_tick_announce, tos_task_wait_abort,
 * tos_task_exit, tos_sem_pend_try, tos_knl_panic), plus reads of documented kernel struct
 * fields: see docs/cmsis-rtos2.md, "Kernel API used".
 */
#ifndef OS2_INTERNAL_H
#define OS2_INTERNAL_H

#include "cmsis_os2.h"
#include "sprig_os2.h"

/* Magic numbers of the control blocks: odd, so the first word of a Sprig task (its saved stack
   pointer, always aligned) can never be taken for a thread. */
#define OS2_MAGIC_THREAD        0xC5A7A001u
#define OS2_MAGIC_TIMER         0xC5A7A003u
#define OS2_MAGIC_EVENT         0xC5A7A005u
#define OS2_MAGIC_MUTEX         0xC5A7A007u
#define OS2_MAGIC_SEMAPHORE     0xC5A7A009u
#define OS2_MAGIC_MEMPOOL       0xC5A7A00Bu
#define OS2_MAGIC_MSGQUEUE      0xC5A7A00Du

/* alloc bits */
#define OS2_ALLOC_CB            0x01u   /* control block from the heap */
#define OS2_ALLOC_MEM           0x02u   /* data / stack from the heap */
#define OS2_ALLOC_TASK          0x04u   /* thread: task made with tos_task_create_dyn */

#define OS2_THREAD_ACTIVE       1u
#define OS2_THREAD_TERMINATED   2u

#define OS2_FLAGS_MASK          0x7FFFFFFFu     /* 31 usable flags */
#define OS2_MUTEX_LOCK_MAX      255u

#define OS2_CS_ALLOC()          TOS_CPU_CPSR_ALLOC()
#define OS2_CS_ENTER()          TOS_CPU_INT_DISABLE()
#define OS2_CS_EXIT()           TOS_CPU_INT_ENABLE()

struct sprig_os2_wait {
    k_list_t            node;       /* in an object's wait list (self-linked otherwise) */
    sprig_os2_wait_t  **slot;       /* or the single-waiter slot it occupies */
    k_task_t           *task;       /* the waiting task */
    osSprigThread_t    *thread;     /* its CMSIS thread, if any */
    osSprigThread_t    *joinee;     /* osThreadJoin: the thread being joined */
    k_sem_t             sem;        /* what it blocks on */
    uint32_t            flags;      /* flags waits: requested flags */
    uint32_t            options;    /* flags waits: options */
    void               *buf;        /* message queue: message in/out; memory pool: block out */
    uint8_t             prio;       /* message queue: message priority in/out */
    uint8_t             done;       /* set by the waker */
    uint32_t            result;     /* the waker's verdict (status or flags) */
};

struct sprig_os2_msg {
    sprig_os2_msg_t    *next;
    uint8_t             prio;
};

/* ---- environment ---- */
int         sprig_os2_in_isr(void);
k_tick_t    sprig_os2_ticks(uint32_t timeout);      /* osWaitForever -> TOS_TIME_FOREVER */
int         sprig_os2_sched_hold(void);             /* lock the scheduler in task context */
void        sprig_os2_sched_release(int held);
osPriority_t sprig_os2_prio_from_k(k_prio_t prio);

/* ---- control-block memory ---- */
/* cb_mem given: it must be `align`-aligned, cb_size >= need, and not hold a live object of
   this kind (`magic`); otherwise cb_size must be 0 and the block comes from the heap
   (OS2_ALLOC_CB set in *alloc). NULL when invalid or no memory. The block is zeroed. */
void       *sprig_os2_cb_get(void *cb_mem, uint32_t cb_size, size_t need, size_t align,
                             uint32_t magic, uint8_t *alloc);
void        sprig_os2_cb_put(void *cb, uint8_t alloc);

/* ---- waits ---- */
/* Whether a task may block at all (the kernel has started). */
#define os2_can_wait()          tos_knl_is_running()
/* Prepare `w` for the running task (CS held or not). */
void        sprig_os2_wait_prepare(sprig_os2_wait_t *w);
/* CS held: link into `list` by the waiter's priority (FIFO among equals), or into `slot`. */
void        sprig_os2_wait_link(sprig_os2_wait_t *w, k_list_t *list);
void        sprig_os2_wait_link_slot(sprig_os2_wait_t *w, sprig_os2_wait_t **slot);
/* CS not held: block until woken or `timeout` (never 0) expires. Returns the kernel's verdict
   (K_ERR_NONE, K_ERR_PEND_TIMEOUT, or why it could not block). Afterwards, under a CS, the
   caller checks w->done and calls sprig_os2_wait_unlink if it is not set. */
k_err_t     sprig_os2_wait_block(sprig_os2_wait_t *w, k_tick_t timeout);
/* CS held: take `w` off its list or slot (no-op if not linked) and forget it in its thread. */
void        sprig_os2_wait_unlink(sprig_os2_wait_t *w);
/* CS held: end the wait of a thread from outside (suspend, resume, terminate): unlink it and
   undo what linking it did to the object. */
void        sprig_os2_wait_abort(sprig_os2_wait_t *w);
/* CS held: unlink `w`, record `result`, mark done and wake its task. */
void        sprig_os2_wait_wake(sprig_os2_wait_t *w, uint32_t result);
/* CS held: wake every waiter of `list` with `result`. */
void        sprig_os2_wait_wake_all(k_list_t *list, uint32_t result);
/* CS held: the first (most urgent) waiter of `list`, NULL if none. */
sprig_os2_wait_t *sprig_os2_wait_first(k_list_t *list);
/* Done with `w` (its semaphore). */
void        sprig_os2_wait_finish(sprig_os2_wait_t *w);
/* What a wait that was not satisfied returns: timeout, or resource when it could not block. */
osStatus_t  sprig_os2_wait_status(k_err_t err);

/* ---- threads ---- */
osSprigThread_t *sprig_os2_thread_of(k_task_t *task);  /* NULL if not a CMSIS thread */
osSprigThread_t *sprig_os2_thread_self(void);
/* CS held: the owner of `m` (a CMSIS thread or not) now holds it. */
void        sprig_os2_mutex_owned(osSprigMutex_t *m, k_task_t *owner);
/* CS held: thread `t` is terminating: release robust mutexes, orphan the others. */
void        sprig_os2_mutex_owner_gone(osSprigThread_t *t);

/* ---- kernel state ---- */
void        sprig_os2_kernel_unlock_for_exit(void); /* drop osKernelLock before a thread ends */
int         sprig_os2_kernel_locked(void);          /* osKernelLock in force */
void        sprig_os2_zombie_add(osSprigThread_t *t);   /* CS held */
void        sprig_os2_zombie_reap(void);

#endif /* OS2_INTERNAL_H */
