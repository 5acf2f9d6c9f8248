/*
 * Read-write locks (TOS_CFG_RWLOCK_EN): any number of readers, or one writer.
 *
 * Rules:
 * - Writers are preferred: while a writer holds the lock or waits for it, new readers wait (or
 *   tos_rwlock_rpend_try fails), so a stream of readers cannot starve a writer. When the lock
 *   becomes free and writers wait, the most urgent writer (FIFO among equal priorities) gets
 *   it, even if readers waited longer; readers are admitted, all waiting ones at once, only
 *   when no writer holds or waits. Continuous write traffic can therefore starve readers.
 * - The lock is handed over directly: a waiter woken with K_ERR_NONE already holds it.
 * - The write lock belongs to the task that took it: only that task releases it, and it gets
 *   K_ERR_RWLOCK_IS_WRITTING rather than a deadlock if it asks for the lock again. Read holds
 *   are only counted: any task may release one, and a task may take several (but a reader
 *   that asks again while a writer waits blocks behind that writer: a self-deadlock, as is a
 *   reader asking for the write lock; use the _try calls or a timeout).
 * - A call that fails leaves the lock exactly as it was: it holds nothing afterwards. That
 *   includes a wait that times out or ends with K_ERR_PEND_DESTROY. When the last waiting
 *   writer times out, readers that waited only because of it are admitted as its call
 *   returns (if a waiting writer is destroyed instead, at the next release).
 * - No priority inheritance: a writer or readers holding the lock keep their priority while
 *   more urgent tasks wait for it.
 * - A task destroyed while holding the lock does not release it (destroy the lock to recover).
 * - Task context only: every call returns K_ERR_IN_IRQ from an ISR.
 *
 * Differences from TencentOS Tiny: its rpend returned K_ERR_RWLOCK_READERS_TO_MANY and wpend
 * K_ERR_RWLOCK_WAITING_WRITERS_TO_MANY with its internal lock still held, and any task could
 * release the write lock; the waiting-writer limit is lower (below) so that it can be reached.
 */
#ifndef _TOS_RWLOCK_H_
#define _TOS_RWLOCK_H_

#if TOS_CFG_RWLOCK_EN > 0u

typedef uint16_t    rw_cnt_t;

/* Most read holds at once (one more is K_ERR_RWLOCK_READERS_TO_MANY). */
#define K_RWLOCK_READERS_MAX            ((rw_cnt_t)0xFFFFu)
/* Most writers waiting at once (one more is K_ERR_RWLOCK_WAITING_WRITERS_TO_MANY). */
#define K_RWLOCK_WAITING_WRITERS_MAX    255u

/* Apps may read writer and n_readers (Sprig: documented, read-only); everything else is the
   kernel's. */
typedef struct k_rwlock_st {
    knl_obj_t       knl_obj;
    pend_obj_t      rpend_obj;          /* readers waiting */
    pend_obj_t      wpend_obj;          /* writers waiting */
    k_task_t       *writer;             /* holder of the write lock, NULL if none */
    rw_cnt_t        n_readers;          /* read holds */
} k_rwlock_t;

/**
 * Create a free lock.
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL. Not from an ISR.
 */
__API__ k_err_t tos_rwlock_create(k_rwlock_t *rwlock);

/**
 * Destroy, whoever holds it; every waiter (reader or writer) wakes with K_ERR_PEND_DESTROY.
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID. Not from an ISR.
 */
__API__ k_err_t tos_rwlock_destroy(k_rwlock_t *rwlock);

/**
 * Take a read hold, waiting up to `timeout` ticks (TOS_TIME_NOWAIT, TOS_TIME_FOREVER) while a
 * writer holds the lock or waits for it. Works before tos_knl_start (nobody can write then,
 * so it never has to wait).
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID;
 *         K_ERR_RWLOCK_IS_WRITTING (the caller holds the write lock: it would wait for
 *         itself); K_ERR_RWLOCK_READERS_TO_MANY (K_RWLOCK_READERS_MAX read holds already);
 *         K_ERR_PEND_NOWAIT; K_ERR_PEND_SCHED_LOCKED; K_ERR_PEND_TIMEOUT; K_ERR_PEND_DESTROY.
 *         Not from an ISR.
 */
__API__ k_err_t tos_rwlock_rpend_timed(k_rwlock_t *rwlock, k_tick_t timeout);

/**
 * tos_rwlock_rpend_timed(rwlock, TOS_TIME_FOREVER).
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID;
 *         K_ERR_RWLOCK_IS_WRITTING; K_ERR_RWLOCK_READERS_TO_MANY; K_ERR_PEND_SCHED_LOCKED;
 *         K_ERR_PEND_DESTROY. Not from an ISR.
 */
__API__ k_err_t tos_rwlock_rpend(k_rwlock_t *rwlock);

/**
 * Take a read hold if that needs no waiting.
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID;
 *         K_ERR_RWLOCK_IS_WRITTING (a writer holds the lock or waits for it);
 *         K_ERR_RWLOCK_READERS_TO_MANY. Not from an ISR.
 */
__API__ k_err_t tos_rwlock_rpend_try(k_rwlock_t *rwlock);

/**
 * Take the write lock, waiting up to `timeout` ticks while readers or another writer hold it.
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID;
 *         K_ERR_KNL_NOT_RUNNING (before tos_knl_start: the write lock needs an owner task);
 *         K_ERR_RWLOCK_IS_WRITTING (the caller already holds the write lock);
 *         K_ERR_PEND_NOWAIT; K_ERR_PEND_SCHED_LOCKED;
 *         K_ERR_RWLOCK_WAITING_WRITERS_TO_MANY (K_RWLOCK_WAITING_WRITERS_MAX writers wait
 *         already); K_ERR_PEND_TIMEOUT; K_ERR_PEND_DESTROY. Not from an ISR.
 */
__API__ k_err_t tos_rwlock_wpend_timed(k_rwlock_t *rwlock, k_tick_t timeout);

/**
 * tos_rwlock_wpend_timed(rwlock, TOS_TIME_FOREVER).
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID;
 *         K_ERR_KNL_NOT_RUNNING; K_ERR_RWLOCK_IS_WRITTING; K_ERR_PEND_SCHED_LOCKED;
 *         K_ERR_RWLOCK_WAITING_WRITERS_TO_MANY; K_ERR_PEND_DESTROY. Not from an ISR.
 */
__API__ k_err_t tos_rwlock_wpend(k_rwlock_t *rwlock);

/**
 * Take the write lock if that needs no waiting.
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID;
 *         K_ERR_KNL_NOT_RUNNING; K_ERR_RWLOCK_IS_READING (readers hold it);
 *         K_ERR_RWLOCK_IS_WRITTING (a writer, possibly the caller, holds it). Not from an ISR.
 */
__API__ k_err_t tos_rwlock_wpend_try(k_rwlock_t *rwlock);

/**
 * Release one read hold. The last one hands the lock to the most urgent waiting writer.
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID;
 *         K_ERR_RWLOCK_NOT_READING (no read holds). Not from an ISR.
 */
__API__ k_err_t tos_rwlock_rpost(k_rwlock_t *rwlock);

/**
 * Release the write lock (the caller must hold it). Hands it to the most urgent waiting writer,
 * or, if none, admits every waiting reader.
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID;
 *         K_ERR_RWLOCK_NOT_WRITTING (the caller does not hold the write lock: it is free, read,
 *         or written by another task). Not from an ISR.
 */
__API__ k_err_t tos_rwlock_wpost(k_rwlock_t *rwlock);

/**
 * Release what the caller holds: the write lock if it is the writer, else one read hold.
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID;
 *         K_ERR_RWLOCK_NOT_TAKEN (nobody holds the lock); K_ERR_RWLOCK_NOT_WRITTING (another
 *         task holds the write lock). Not from an ISR.
 */
__API__ k_err_t tos_rwlock_post(k_rwlock_t *rwlock);

#endif

#endif /* _TOS_RWLOCK_H_ */
