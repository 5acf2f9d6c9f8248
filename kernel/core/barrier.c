/*
 * Barriers.
 */
#include "tos_k.h"

#if TOS_CFG_BARRIER_EN > 0u

__API__ k_err_t tos_barrier_create(k_barrier_t *barrier, k_barrier_cnt_t count)
{
    TOS_PTR_SANITY_CHECK(barrier);
    if (count == (k_barrier_cnt_t)0u) {
        return K_ERR_BARRIER_COUNT_INVALID;
    }
    pend_object_init(&barrier->pend_obj);
    barrier->count = count;
    knl_object_init(&barrier->knl_obj, KNL_OBJ_TYPE_BARRIER, KNL_OBJ_ALLOC_TYPE_STATIC);
    return K_ERR_NONE;
}

__API__ k_err_t tos_barrier_destroy(k_barrier_t *barrier)
{
    TOS_OBJ_CHECK(barrier, KNL_OBJ_TYPE_BARRIER);
    pend_object_destroy(&barrier->pend_obj, &barrier->knl_obj);
    barrier->count = (k_barrier_cnt_t)0u;
    knl_sched();
    return K_ERR_NONE;
}

__API__ k_err_t tos_barrier_pend(k_barrier_t *barrier)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;

    TOS_IN_IRQ_CHECK();
    TOS_OBJ_CHECK(barrier, KNL_OBJ_TYPE_BARRIER);

    TOS_CPU_INT_DISABLE();
    if (barrier->count == (k_barrier_cnt_t)0u) {
        TOS_CPU_INT_ENABLE();
        return TOS_TRACE_PEND(barrier, KNL_OBJ_TYPE_BARRIER, 0, K_ERR_BARRIER_OVERFLOW);
    }
    if (barrier->count == (k_barrier_cnt_t)1u) {
        /* the last arrival: release everybody */
        barrier->count = (k_barrier_cnt_t)0u;
        pend_wakeup_all(&barrier->pend_obj, PEND_STATE_POST);
        TOS_CPU_INT_ENABLE();
        TOS_TRACE_POST(barrier, KNL_OBJ_TYPE_BARRIER);
        knl_sched();
        return TOS_TRACE_PEND(barrier, KNL_OBJ_TYPE_BARRIER, 0, K_ERR_NONE);
    }
    err = pend_can_block(TOS_TIME_FOREVER);
    if (err != K_ERR_NONE) {
        TOS_CPU_INT_ENABLE();
        /* not counted as an arrival */
        return TOS_TRACE_PEND(barrier, KNL_OBJ_TYPE_BARRIER, 0, err);
    }
    barrier->count--;
    return TOS_TRACE_PEND(barrier, KNL_OBJ_TYPE_BARRIER, 1,
                          pend_block_and_wait(&barrier->pend_obj, TOS_TIME_FOREVER, cpu_cpsr));
}

__API__ k_err_t tos_barrier_reset(k_barrier_t *barrier, k_barrier_cnt_t count)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_OBJ_CHECK(barrier, KNL_OBJ_TYPE_BARRIER);
    if (count == (k_barrier_cnt_t)0u) {
        return K_ERR_BARRIER_COUNT_INVALID;
    }

    TOS_CPU_INT_DISABLE();
    barrier->count = count;
    TOS_CPU_INT_ENABLE();
    return K_ERR_NONE;
}

#endif /* TOS_CFG_BARRIER_EN */
