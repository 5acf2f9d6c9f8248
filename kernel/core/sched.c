/*
 * Ready queue: per-priority FIFO lists and a bitmap of the non-empty ones (see tos_sched.h).
 */
#include "tos_k.h"

readyqueue_t k_rdyq;

__STATIC_INLINE__ unsigned ctz32(uint32_t x)
{
    return (unsigned)__builtin_ctz(x);
}

#if K_PRIO_MASK_WORDS == 1u

__STATIC_INLINE__ void prio_mark(k_prio_t prio)
{
    k_rdyq.prio_mask[0] |= (uint32_t)1u << prio;
}

__STATIC_INLINE__ void prio_unmark(k_prio_t prio)
{
    k_rdyq.prio_mask[0] &= ~((uint32_t)1u << prio);
}

#else

__STATIC_INLINE__ void prio_mark(k_prio_t prio)
{
    unsigned w = prio / 32u;
    k_rdyq.prio_mask[w] |= (uint32_t)1u << (prio % 32u);
    k_rdyq.group_mask |= (uint32_t)1u << w;
}

__STATIC_INLINE__ void prio_unmark(k_prio_t prio)
{
    unsigned w = prio / 32u;
    k_rdyq.prio_mask[w] &= ~((uint32_t)1u << (prio % 32u));
    if (k_rdyq.prio_mask[w] == 0u) {
        k_rdyq.group_mask &= ~((uint32_t)1u << w);
    }
}

#endif

__KNL__ k_list_t *readyqueue_prio_list(k_prio_t prio)
{
    return &k_rdyq.task_list_head[prio];
}

__KNL__ void readyqueue_add_head(k_task_t *task)
{
    tos_list_add(&task->pend_list, &k_rdyq.task_list_head[task->prio]);
    prio_mark(task->prio);
}

__KNL__ void readyqueue_add_tail(k_task_t *task)
{
    tos_list_add_tail(&task->pend_list, &k_rdyq.task_list_head[task->prio]);
    prio_mark(task->prio);
}

__KNL__ void readyqueue_remove(k_task_t *task)
{
    /* the task was alone at its priority if both its neighbours are the list head */
    int alone = task->pend_list.next == task->pend_list.prev;

    tos_list_del_init(&task->pend_list);
    if (alone) {
        prio_unmark(task->prio);
    }
}

__KNL__ k_task_t *readyqueue_highest_ready_task_get(void)
{
    /* the idle task is always ready, so the bitmap is never empty once running */
#if K_PRIO_MASK_WORDS == 1u
    unsigned prio = ctz32(k_rdyq.prio_mask[0]);
#else
    unsigned w = ctz32(k_rdyq.group_mask);
    unsigned prio = w * 32u + ctz32(k_rdyq.prio_mask[w]);
#endif
    return TOS_LIST_FIRST_ENTRY(&k_rdyq.task_list_head[prio], k_task_t, pend_list);
}

__KNL__ int readyqueue_is_prio_onlyone(k_prio_t prio)
{
    k_list_t *head = &k_rdyq.task_list_head[prio];
    return !tos_list_empty(head) && head->next->next == head;
}
