/*
 * Event flags.
 */
#include "tos_k.h"

#if TOS_CFG_EVENT_EN > 0u

/* Whether `flag` satisfies a wait for `expect` with `opt`; on success *match gets the bits. */
static int event_is_match(k_event_flag_t flag, k_event_flag_t expect, k_event_flag_t *match,
                          k_opt_t opt)
{
    if (opt & TOS_OPT_EVENT_PEND_ALL) {
        if ((flag & expect) == expect) {
            *match = expect;
            return K_TRUE;
        }
    } else if (flag & expect) {
        *match = flag & expect;
        return K_TRUE;
    }
    return K_FALSE;
}

static void event_init(k_event_t *event, k_event_flag_t init_flag, knl_obj_alloc_type_t alloc)
{
    pend_object_init(&event->pend_obj);
    event->flag = init_flag;
    knl_object_init(&event->knl_obj, KNL_OBJ_TYPE_EVENT, alloc);
}

__API__ k_err_t tos_event_create(k_event_t *event, k_event_flag_t init_flag)
{
    TOS_PTR_SANITY_CHECK(event);
    event_init(event, init_flag, KNL_OBJ_ALLOC_TYPE_STATIC);
    return K_ERR_NONE;
}

static void event_do_destroy(k_event_t *event)
{
    pend_object_destroy(&event->pend_obj, &event->knl_obj);
    event->flag = 0u;
}

__API__ k_err_t tos_event_destroy(k_event_t *event)
{
    TOS_OBJ_CHECK(event, KNL_OBJ_TYPE_EVENT);
    TOS_OBJ_STATIC_CHECK(event);
    event_do_destroy(event);
    knl_sched();
    return K_ERR_NONE;
}

#if TOS_CFG_MMHEAP_EN > 0u
__API__ k_err_t tos_event_create_dyn(k_event_t **event, k_event_flag_t init_flag)
{
    k_event_t *the_event;

    TOS_IN_IRQ_CHECK();
    TOS_PTR_SANITY_CHECK(event);
    the_event = tos_mmheap_calloc(1u, sizeof(k_event_t));
    if (!the_event) {
        return K_ERR_OUT_OF_MEMORY;
    }
    event_init(the_event, init_flag, KNL_OBJ_ALLOC_TYPE_DYNAMIC);
    *event = the_event;
    return K_ERR_NONE;
}

__API__ k_err_t tos_event_destroy_dyn(k_event_t *event)
{
    TOS_IN_IRQ_CHECK();
    TOS_OBJ_CHECK(event, KNL_OBJ_TYPE_EVENT);
    TOS_OBJ_DYNAMIC_CHECK(event);
    event_do_destroy(event);
    tos_mmheap_free(event);
    knl_sched();
    return K_ERR_NONE;
}
#endif

__API__ k_err_t tos_event_pend(k_event_t *event, k_event_flag_t flag_expect,
                               k_event_flag_t *flag_match, k_tick_t timeout, k_opt_t opt)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;
    k_opt_t mode = opt & (TOS_OPT_EVENT_PEND_ANY | TOS_OPT_EVENT_PEND_ALL);

    TOS_IN_IRQ_CHECK();
    TOS_PTR_SANITY_CHECK(event);
    TOS_PTR_SANITY_CHECK(flag_match);
    TOS_OBJ_VERIFY(event, KNL_OBJ_TYPE_EVENT);
    if (mode != TOS_OPT_EVENT_PEND_ANY && mode != TOS_OPT_EVENT_PEND_ALL) {
        return K_ERR_EVENT_PEND_OPT_INVALID;
    }
    if (opt & ~(TOS_OPT_EVENT_PEND_ANY | TOS_OPT_EVENT_PEND_ALL | TOS_OPT_EVENT_PEND_CLR)) {
        return K_ERR_EVENT_PEND_OPT_INVALID;
    }

    TOS_CPU_INT_DISABLE();
    if (event_is_match(event->flag, flag_expect, flag_match, opt)) {
        if (opt & TOS_OPT_EVENT_PEND_CLR) {
            event->flag = 0u;
        }
        TOS_CPU_INT_ENABLE();
        return TOS_TRACE_PEND(event, KNL_OBJ_TYPE_EVENT, 0, K_ERR_NONE);
    }
    err = pend_can_block(timeout);
    if (err != K_ERR_NONE) {
        TOS_CPU_INT_ENABLE();
        return TOS_TRACE_PEND(event, KNL_OBJ_TYPE_EVENT, 0, err);
    }
    k_curr_task->flag_expect = flag_expect;
    k_curr_task->flag_match = flag_match;
    k_curr_task->opt_event_pend = opt;
    err = pend_block_and_wait(&event->pend_obj, timeout, cpu_cpsr);
    k_curr_task->flag_match = K_NULL;
    return TOS_TRACE_PEND(event, KNL_OBJ_TYPE_EVENT, 1, err);
}

static k_err_t event_do_post(k_event_t *event, k_event_flag_t flag, int keep)
{
    TOS_CPU_CPSR_ALLOC();
    k_task_t *task, *tmp;

    TOS_OBJ_CHECK(event, KNL_OBJ_TYPE_EVENT);
    TOS_TRACE_POST(event, KNL_OBJ_TYPE_EVENT);

    TOS_CPU_INT_DISABLE();
    event->flag = keep ? (event->flag | flag) : flag;
    TOS_LIST_FOR_EACH_ENTRY_SAFE(task, tmp, k_task_t, pend_list, &event->pend_obj.list) {
        if (event_is_match(event->flag, task->flag_expect, task->flag_match, task->opt_event_pend)) {
            pend_task_wakeup(task, PEND_STATE_POST);
            if (task->opt_event_pend & TOS_OPT_EVENT_PEND_CLR) {
                /* TencentOS Tiny semantics: a clearing waiter consumes the whole word */
                event->flag = 0u;
                break;
            }
        }
    }
    knl_sched_unmask(cpu_cpsr);
    return K_ERR_NONE;
}

__API__ k_err_t tos_event_post(k_event_t *event, k_event_flag_t flag)
{
    return event_do_post(event, flag, K_FALSE);
}

__API__ k_err_t tos_event_post_keep(k_event_t *event, k_event_flag_t flag)
{
    return event_do_post(event, flag, K_TRUE);
}

#endif /* TOS_CFG_EVENT_EN */
