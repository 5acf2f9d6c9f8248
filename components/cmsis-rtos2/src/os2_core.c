/*
 * CMSIS-RTOS2 layer: environment helpers, control-block memory and the wait records every
 * layer-implemented wait uses (see os2_internal.h).
 */
#include "os2_internal.h"

int sprig_os2_in_isr(void)
{
    return tos_knl_is_inirq();
}

k_tick_t sprig_os2_ticks(uint32_t timeout)
{
    return timeout == osWaitForever ? TOS_TIME_FOREVER : (k_tick_t)timeout;
}

int sprig_os2_sched_hold(void)
{
    if (sprig_os2_in_isr() || !tos_knl_is_running()) {
        return 0;       /* nothing can switch anyway */
    }
    return tos_knl_sched_lock() == K_ERR_NONE;
}

void sprig_os2_sched_release(int held)
{
    if (held) {
        (void)tos_knl_sched_unlock();
    }
}

osPriority_t sprig_os2_prio_from_k(k_prio_t prio)
{
    int32_t p = (int32_t)TOS_CFG_TASK_PRIO_MAX - 1 - (int32_t)prio;

    /* an inherited priority can come from a kernel task above osPriorityISR */
    if (p > (int32_t)osPriorityISR) {
        p = (int32_t)osPriorityISR;
    }
    if (p < (int32_t)osPriorityIdle) {
        p = (int32_t)osPriorityIdle;
    }
    return (osPriority_t)p;
}

void *sprig_os2_cb_get(void *cb_mem, uint32_t cb_size, size_t need, size_t align,
                       uint32_t magic, uint8_t *alloc)
{
    void *cb;

    *alloc = 0u;
    if (cb_mem) {
        if (((uintptr_t)cb_mem & (align - 1u)) != 0u || cb_size < need ||
            *(const uint32_t *)cb_mem == magic) {
            return K_NULL;
        }
        cb = cb_mem;
    } else {
        if (cb_size != 0u) {
            return K_NULL;
        }
        cb = tos_mmheap_alloc(need);
        if (!cb) {
            return K_NULL;
        }
        *alloc = OS2_ALLOC_CB;
    }
    memset(cb, 0, need);
    return cb;
}

void sprig_os2_cb_put(void *cb, uint8_t alloc)
{
    if (alloc & OS2_ALLOC_CB) {
        tos_mmheap_free(cb);
    }
}

/* ---- waits ---- */

void sprig_os2_wait_prepare(sprig_os2_wait_t *w)
{
    tos_list_init(&w->node);
    w->slot = K_NULL;
    w->task = k_curr_task;
    w->thread = sprig_os2_thread_of(w->task);
    w->joinee = K_NULL;
    (void)tos_sem_create_max(&w->sem, 0u, 1u);
    w->flags = 0u;
    w->options = 0u;
    w->buf = K_NULL;
    w->prio = 0u;
    w->done = 0u;
    w->result = 0u;
}

static void os2_wait_track(sprig_os2_wait_t *w)
{
    if (w->thread) {
        w->thread->wait = w;
    }
}

void sprig_os2_wait_link(sprig_os2_wait_t *w, k_list_t *list)
{
    k_list_t *curr;

    /* after the last waiter that is at least as urgent */
    TOS_LIST_FOR_EACH_PREV(curr, list) {
        sprig_os2_wait_t *other = TOS_LIST_ENTRY(curr, sprig_os2_wait_t, node);
        if (other->task->prio <= w->task->prio) {
            break;
        }
    }
    tos_list_add(&w->node, curr);
    os2_wait_track(w);
}

void sprig_os2_wait_link_slot(sprig_os2_wait_t *w, sprig_os2_wait_t **slot)
{
    *slot = w;
    w->slot = slot;
    os2_wait_track(w);
}

k_err_t sprig_os2_wait_block(sprig_os2_wait_t *w, k_tick_t timeout)
{
    return tos_sem_pend(&w->sem, timeout);
}

void sprig_os2_wait_unlink(sprig_os2_wait_t *w)
{
    if (w->slot) {
        if (*w->slot == w) {
            *w->slot = K_NULL;
        }
        w->slot = K_NULL;
    }
    tos_list_del_init(&w->node);
    if (w->thread && w->thread->wait == w) {
        w->thread->wait = K_NULL;
    }
}

void sprig_os2_wait_abort(sprig_os2_wait_t *w)
{
    sprig_os2_wait_unlink(w);
    if (w->joinee) {
        w->joinee->joinable = 1u;       /* the join gave up: it may be joined again */
        w->joinee = K_NULL;
    }
}

void sprig_os2_wait_wake(sprig_os2_wait_t *w, uint32_t result)
{
    sprig_os2_wait_unlink(w);
    w->result = result;
    w->done = 1u;
    (void)tos_sem_post(&w->sem);
}

void sprig_os2_wait_wake_all(k_list_t *list, uint32_t result)
{
    while (!tos_list_empty(list)) {
        sprig_os2_wait_wake(TOS_LIST_FIRST_ENTRY(list, sprig_os2_wait_t, node), result);
    }
}

sprig_os2_wait_t *sprig_os2_wait_first(k_list_t *list)
{
    return TOS_LIST_FIRST_ENTRY_OR_NULL(list, sprig_os2_wait_t, node);
}

void sprig_os2_wait_finish(sprig_os2_wait_t *w)
{
    (void)tos_sem_destroy(&w->sem);
}

osStatus_t sprig_os2_wait_status(k_err_t err)
{
    return err == K_ERR_PEND_TIMEOUT ? osErrorTimeout : osErrorResource;
}
