/*
 * Countdown latches.
 */
#include "tos_k.h"

#if TOS_CFG_COUNTDOWNLATCH_EN > 0u

__API__ k_err_t tos_countdownlatch_create(k_countdownlatch_t *countdownlatch,
                                          k_countdownlatch_cnt_t count)
{
    TOS_PTR_SANITY_CHECK(countdownlatch);
    pend_object_init(&countdownlatch->pend_obj);
    countdownlatch->count = count;
    knl_object_init(&countdownlatch->knl_obj, KNL_OBJ_TYPE_COUNTDOWNLATCH,
                    KNL_OBJ_ALLOC_TYPE_STATIC);
    return K_ERR_NONE;
}

__API__ k_err_t tos_countdownlatch_destroy(k_countdownlatch_t *countdownlatch)
{
    TOS_OBJ_CHECK(countdownlatch, KNL_OBJ_TYPE_COUNTDOWNLATCH);
    pend_object_destroy(&countdownlatch->pend_obj, &countdownlatch->knl_obj);
    countdownlatch->count = (k_countdownlatch_cnt_t)0u;
    knl_sched();
    return K_ERR_NONE;
}

__API__ k_err_t tos_countdownlatch_pend_timed(k_countdownlatch_t *countdownlatch,
                                              k_tick_t timeout)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;

    TOS_IN_IRQ_CHECK();
    TOS_OBJ_CHECK(countdownlatch, KNL_OBJ_TYPE_COUNTDOWNLATCH);

    TOS_CPU_INT_DISABLE();
    if (countdownlatch->count == (k_countdownlatch_cnt_t)0u) {
        TOS_CPU_INT_ENABLE();
        return TOS_TRACE_PEND(countdownlatch, KNL_OBJ_TYPE_COUNTDOWNLATCH, 0, K_ERR_NONE);
    }
    err = pend_wait(&countdownlatch->pend_obj, timeout, cpu_cpsr);
    return TOS_TRACE_PEND(countdownlatch, KNL_OBJ_TYPE_COUNTDOWNLATCH, pend_waited(err), err);
}

__API__ k_err_t tos_countdownlatch_pend(k_countdownlatch_t *countdownlatch)
{
    return tos_countdownlatch_pend_timed(countdownlatch, TOS_TIME_FOREVER);
}

__API__ k_err_t tos_countdownlatch_post(k_countdownlatch_t *countdownlatch)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_OBJ_CHECK(countdownlatch, KNL_OBJ_TYPE_COUNTDOWNLATCH);
    TOS_TRACE_POST(countdownlatch, KNL_OBJ_TYPE_COUNTDOWNLATCH);

    TOS_CPU_INT_DISABLE();
    if (countdownlatch->count == (k_countdownlatch_cnt_t)0u) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_COUNTDOWNLATCH_OVERFLOW;
    }
    if (--countdownlatch->count > (k_countdownlatch_cnt_t)0u) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_NONE;
    }
    pend_wakeup_all(&countdownlatch->pend_obj, PEND_STATE_POST);
    knl_sched_unmask(cpu_cpsr);
    return K_ERR_NONE;
}

__API__ k_err_t tos_countdownlatch_reset(k_countdownlatch_t *countdownlatch,
                                         k_countdownlatch_cnt_t count)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_OBJ_CHECK(countdownlatch, KNL_OBJ_TYPE_COUNTDOWNLATCH);

    TOS_CPU_INT_DISABLE();
    countdownlatch->count = count;
    if (count > (k_countdownlatch_cnt_t)0u) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_NONE;
    }
    /* open: nobody may stay blocked on an open latch */
    pend_wakeup_all(&countdownlatch->pend_obj, PEND_STATE_POST);
    knl_sched_unmask(cpu_cpsr);
    return K_ERR_NONE;
}

#endif /* TOS_CFG_COUNTDOWNLATCH_EN */
