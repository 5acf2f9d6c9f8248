/*
 * The ready queue (kernel-internal): one FIFO list per priority plus a bitmap of the non-empty
 * lists, so finding the most urgent ready task is a count-trailing-zeros: O(1) for any
 * TOS_CFG_TASK_PRIO_MAX up to 256. Up to 32 priorities the bitmap is one word; above, it is
 * two-level (a word per 32 priorities and a word of the non-empty words). The running task
 * stays at the head of its list.
 */
#ifndef _TOS_SCHED_H_
#define _TOS_SCHED_H_

#define K_PRIO_MASK_WORDS   ((TOS_CFG_TASK_PRIO_MAX + 31u) / 32u)

typedef struct readyqueue_st {
    k_list_t    task_list_head[TOS_CFG_TASK_PRIO_MAX];
    uint32_t    prio_mask[K_PRIO_MASK_WORDS];   /* bit p%32 of word p/32: list p not empty */
#if K_PRIO_MASK_WORDS > 1u
    uint32_t    group_mask;                     /* bit w: prio_mask[w] != 0 */
#endif
} readyqueue_t;

extern readyqueue_t k_rdyq;

/* Empty the ready queue (tos_knl_init: inline, its only caller). */
__STATIC_INLINE__ void readyqueue_init(void)
{
    for (unsigned i = 0; i < TOS_CFG_TASK_PRIO_MAX; i++) {
        tos_list_init(&k_rdyq.task_list_head[i]);
    }
    for (unsigned i = 0; i < K_PRIO_MASK_WORDS; i++) {
        k_rdyq.prio_mask[i] = 0u;
    }
#if K_PRIO_MASK_WORDS > 1u
    k_rdyq.group_mask = 0u;
#endif
}

__KNL__ void        readyqueue_add_head(k_task_t *task);
__KNL__ void        readyqueue_add_tail(k_task_t *task);
/* Add a task that became ready (woken, resumed): at the tail of its priority. */
__STATIC_INLINE__ void readyqueue_add(k_task_t *task)
{
    readyqueue_add_tail(task);
}
/* Take a task that is on the ready queue (state READY) off it. */
__KNL__ void        readyqueue_remove(k_task_t *task);
__KNL__ k_task_t   *readyqueue_highest_ready_task_get(void);
__KNL__ int         readyqueue_is_prio_onlyone(k_prio_t prio);
__KNL__ k_list_t   *readyqueue_prio_list(k_prio_t prio);

#endif /* _TOS_SCHED_H_ */
