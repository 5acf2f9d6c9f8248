/*
 * Barriers (TOS_CFG_BARRIER_EN): `count` tasks meet; none goes on until all have arrived.
 *
 * The barrier holds the number of tasks still to arrive. Each arriving task but the last
 * blocks; the last one releases every waiter and returns at once. A barrier is used once: after
 * it has released its tasks every further arrival is refused with K_ERR_BARRIER_OVERFLOW until
 * tos_barrier_reset arms it again (TencentOS Tiny semantics). Waiting has no timeout (the call
 * has no timeout argument); tos_barrier_destroy releases waiters with K_ERR_PEND_DESTROY.
 */
#ifndef _TOS_BARRIER_H_
#define _TOS_BARRIER_H_

#if TOS_CFG_BARRIER_EN > 0u

typedef struct k_barrier_st {
    knl_obj_t           knl_obj;
    pend_obj_t          pend_obj;
    k_barrier_cnt_t     count;          /* tasks still to arrive; 0: used up */
} k_barrier_t;

/**
 * Create a barrier for `count` tasks (1 .. 0xFFFF).
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_BARRIER_COUNT_INVALID (count 0; the barrier
 *         is not created). ISR-safe.
 */
__API__ k_err_t tos_barrier_create(k_barrier_t *barrier, k_barrier_cnt_t count);

/**
 * Destroy; every waiter wakes with K_ERR_PEND_DESTROY.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID. ISR-safe.
 */
__API__ k_err_t tos_barrier_destroy(k_barrier_t *barrier);

/**
 * Arrive at the barrier: wait (no timeout) until the last of its tasks has arrived. The last
 * arrival wakes every waiter (most urgent first, FIFO among equal priorities) and returns at
 * once, also with the scheduler locked or before tos_knl_start. A refused call does not count
 * as an arrival.
 * @return K_ERR_NONE; K_ERR_IN_IRQ; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID;
 *         K_ERR_BARRIER_OVERFLOW (the barrier has already released its tasks: reset it);
 *         K_ERR_KNL_NOT_RUNNING (would block before tos_knl_start); K_ERR_PEND_SCHED_LOCKED
 *         (would block with the scheduler locked); K_ERR_PEND_DESTROY. Not from an ISR.
 */
__API__ k_err_t tos_barrier_pend(k_barrier_t *barrier);

/**
 * Arm the barrier for `count` more arrivals. Tasks already waiting keep waiting: they are
 * released together with the next `count` arrivals.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL; K_ERR_OBJ_INVALID; K_ERR_BARRIER_COUNT_INVALID
 *         (count 0; nothing changes). ISR-safe.
 */
__API__ k_err_t tos_barrier_reset(k_barrier_t *barrier, k_barrier_cnt_t count);

#endif

#endif /* _TOS_BARRIER_H_ */
