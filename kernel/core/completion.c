/*
 * Completions.
 */
#include "tos_k.h"

#if TOS_CFG_COMPLETION_EN > 0u

__API__ k_err_t tos_completion_create(k_completion_t *completion)
{
    TOS_PTR_SANITY_CHECK(completion);
    pend_object_init(&completion->pend_obj);
    completion->done = (completion_done_t)0u;
    knl_object_init(&completion->knl_obj, KNL_OBJ_TYPE_COMPLETION, KNL_OBJ_ALLOC_TYPE_STATIC);
    return K_ERR_NONE;
}

__API__ k_err_t tos_completion_destroy(k_completion_t *completion)
{
    TOS_OBJ_CHECK(completion, KNL_OBJ_TYPE_COMPLETION);
    pend_object_destroy(&completion->pend_obj, &completion->knl_obj);
    completion->done = (completion_done_t)0u;
    knl_sched();
    return K_ERR_NONE;
}

__API__ k_err_t tos_completion_pend_timed(k_completion_t *completion, k_tick_t timeout)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;

    TOS_IN_IRQ_CHECK();
    TOS_OBJ_CHECK(completion, KNL_OBJ_TYPE_COMPLETION);

    TOS_CPU_INT_DISABLE();
    if (completion->done > (completion_done_t)0u) {
        TOS_CPU_INT_ENABLE();
        return TOS_TRACE_PEND(completion, KNL_OBJ_TYPE_COMPLETION, 0, K_ERR_NONE);
    }
    err = pend_wait(&completion->pend_obj, timeout, cpu_cpsr);
    return TOS_TRACE_PEND(completion, KNL_OBJ_TYPE_COMPLETION, pend_waited(err), err);
}

__API__ k_err_t tos_completion_pend(k_completion_t *completion)
{
    return tos_completion_pend_timed(completion, TOS_TIME_FOREVER);
}

static k_err_t completion_do_post(k_completion_t *completion, opt_post_t opt)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_OBJ_CHECK(completion, KNL_OBJ_TYPE_COMPLETION);
    TOS_TRACE_POST(completion, KNL_OBJ_TYPE_COMPLETION);

    TOS_CPU_INT_DISABLE();
    if (completion->done == (completion_done_t)-1) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_COMPLETION_OVERFLOW;
    }
    completion->done++;
    if (pend_is_nopending(&completion->pend_obj)) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_NONE;
    }
    pend_wakeup(&completion->pend_obj, PEND_STATE_POST, opt);
    knl_sched_unmask(cpu_cpsr);
    return K_ERR_NONE;
}

__API__ k_err_t tos_completion_post(k_completion_t *completion)
{
    return completion_do_post(completion, OPT_POST_ONE);
}

__API__ k_err_t tos_completion_post_all(k_completion_t *completion)
{
    return completion_do_post(completion, OPT_POST_ALL);
}

__API__ k_err_t tos_completion_reset(k_completion_t *completion)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_OBJ_CHECK(completion, KNL_OBJ_TYPE_COMPLETION);

    TOS_CPU_INT_DISABLE();
    completion->done = (completion_done_t)0u;
    TOS_CPU_INT_ENABLE();
    return K_ERR_NONE;
}

__API__ int tos_completion_is_done(k_completion_t *completion)
{
    TOS_OBJ_CHECK_RC(completion, KNL_OBJ_TYPE_COMPLETION, K_FALSE);
    /* one aligned 16-bit load: no critical section needed */
    return completion->done > (completion_done_t)0u ? K_TRUE : K_FALSE;
}

#endif /* TOS_CFG_COMPLETION_EN */
