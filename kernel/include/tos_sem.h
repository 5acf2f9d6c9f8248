/*
 * Counting semaphores (TOS_CFG_SEM_EN).
 */
#ifndef _TOS_SEM_H_
#define _TOS_SEM_H_

#if TOS_CFG_SEM_EN > 0u

/* Apps may read count (the tokens available; non-zero only while nobody waits), count_max and
   whether anybody waits (tos_list_empty(&pend_obj.list)) (Sprig: documented, read-only, under a
   critical section to be coherent); everything else is the kernel's. */
typedef struct k_sem_st {
    knl_obj_t       knl_obj;
    pend_obj_t      pend_obj;
    k_sem_cnt_t     count;
    k_sem_cnt_t     count_max;
} k_sem_t;

/**
 * Create a semaphore with `init_count` (clamped to max_count) and a maximum count.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL. ISR-safe.
 */
__API__ k_err_t tos_sem_create_max(k_sem_t *sem, k_sem_cnt_t init_count, k_sem_cnt_t max_count);

/** tos_sem_create_max with a maximum of 0xFFFF. */
__API__ k_err_t tos_sem_create(k_sem_t *sem, k_sem_cnt_t init_count);

#if TOS_CFG_MMHEAP_EN > 0u
/**
 * Allocate and create a semaphore from the kernel heap.
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL; K_ERR_SEM_OUT_OF_MEMORY.
 */
__API__ k_err_t tos_sem_create_max_dyn(k_sem_t **sem, k_sem_cnt_t init_count, k_sem_cnt_t max_count);
__API__ k_err_t tos_sem_create_dyn(k_sem_t **sem, k_sem_cnt_t init_count);
/** Destroy a _dyn semaphore (waiters get K_ERR_PEND_DESTROY) and free it. */
__API__ k_err_t tos_sem_destroy_dyn(k_sem_t *sem);
#endif

/**
 * Destroy; every waiter wakes with K_ERR_PEND_DESTROY.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_OBJ_INVALID_ALLOC_TYPE
 *         (a _dyn semaphore). ISR-safe.
 */
__API__ k_err_t tos_sem_destroy(k_sem_t *sem);

/**
 * Take one count, waiting up to `timeout` ticks (TOS_TIME_NOWAIT, TOS_TIME_FOREVER).
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_PEND_NOWAIT;
 *         K_ERR_KNL_NOT_RUNNING (would block before tos_knl_start); K_ERR_PEND_SCHED_LOCKED;
 *         K_ERR_PEND_TIMEOUT; K_ERR_PEND_DESTROY. Not from an ISR.
 */
__API__ k_err_t tos_sem_pend(k_sem_t *sem, k_tick_t timeout);

/**
 * Take one count if there is one, never waiting: tos_sem_pend(sem, TOS_TIME_NOWAIT) for any
 * context. (Sprig extension)
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_PEND_NOWAIT (count 0).
 *         ISR-callable; callable inside a critical section and before tos_knl_start.
 */
__API__ k_err_t tos_sem_pend_try(k_sem_t *sem);

/**
 * Give one count: wakes the most urgent waiter, or increments the count.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_SEM_OVERFLOW (count already
 *         at its maximum and nobody waiting). ISR-safe.
 */
__API__ k_err_t tos_sem_post(k_sem_t *sem);

/** Like tos_sem_post but wakes every waiter (or increments the count once). ISR-safe. */
__API__ k_err_t tos_sem_post_all(k_sem_t *sem);

#endif

#endif /* _TOS_SEM_H_ */
