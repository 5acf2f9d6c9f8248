/*
 * CMSIS-RTOS2 semaphores on tos_sem (k_sem_cnt_t: at most 65535 tokens).
 */
#include "os2_internal.h"

#define OS2_SEM_MAX     0xFFFFu

static osSprigSemaphore_t *os2_sem_check(osSemaphoreId_t semaphore_id)
{
    osSprigSemaphore_t *s = (osSprigSemaphore_t *)semaphore_id;

    return s && s->magic == OS2_MAGIC_SEMAPHORE ? s : K_NULL;
}

osSemaphoreId_t osSemaphoreNew(uint32_t max_count, uint32_t initial_count,
                               const osSemaphoreAttr_t *attr)
{
    osSprigSemaphore_t *s;
    uint8_t alloc;

    if (sprig_os2_in_isr() || max_count == 0u || max_count > OS2_SEM_MAX ||
        initial_count > max_count) {
        return K_NULL;
    }
    s = (osSprigSemaphore_t *)sprig_os2_cb_get(
        attr ? attr->cb_mem : K_NULL, attr ? attr->cb_size : 0u,
        sizeof *s, _Alignof(osSprigSemaphore_t), OS2_MAGIC_SEMAPHORE, &alloc);
    if (!s) {
        return K_NULL;
    }
    (void)tos_sem_create_max(&s->sem, (k_sem_cnt_t)initial_count, (k_sem_cnt_t)max_count);
    s->alloc = alloc;
    s->name = attr ? attr->name : K_NULL;
    s->magic = OS2_MAGIC_SEMAPHORE;
    return s;
}

const char *osSemaphoreGetName(osSemaphoreId_t semaphore_id)
{
    osSprigSemaphore_t *s = os2_sem_check(semaphore_id);

    return s ? s->name : K_NULL;
}

osStatus_t osSemaphoreAcquire(osSemaphoreId_t semaphore_id, uint32_t timeout)
{
    osSprigSemaphore_t *s = os2_sem_check(semaphore_id);

    if (!s) {
        return osErrorParameter;
    }
    if (sprig_os2_in_isr()) {
        if (timeout != 0u) {
            return osErrorParameter;
        }
        /* (tos_sem_pend refuses ISRs even without waiting) */
        return tos_sem_pend_try(&s->sem) == K_ERR_NONE ? osOK : osErrorResource;
    }
    switch (tos_sem_pend(&s->sem, sprig_os2_ticks(timeout))) {
    case K_ERR_NONE:
        return osOK;
    case K_ERR_PEND_TIMEOUT:
        return osErrorTimeout;
    default:
        /* K_ERR_PEND_NOWAIT, K_ERR_PEND_DESTROY, K_ERR_PEND_SCHED_LOCKED, K_ERR_KNL_NOT_RUNNING */
        return osErrorResource;
    }
}

osStatus_t osSemaphoreRelease(osSemaphoreId_t semaphore_id)
{
    osSprigSemaphore_t *s = os2_sem_check(semaphore_id);

    if (!s) {
        return osErrorParameter;
    }
    return tos_sem_post(&s->sem) == K_ERR_NONE ? osOK : osErrorResource;
}

uint32_t osSemaphoreGetCount(osSemaphoreId_t semaphore_id)
{
    osSprigSemaphore_t *s = os2_sem_check(semaphore_id);

    return s ? (uint32_t)s->sem.count : 0u;
}

osStatus_t osSemaphoreDelete(osSemaphoreId_t semaphore_id)
{
    osSprigSemaphore_t *s;
    int held;

    if (sprig_os2_in_isr()) {
        return osErrorISR;
    }
    s = os2_sem_check(semaphore_id);
    if (!s) {
        return osErrorParameter;
    }
    held = sprig_os2_sched_hold();
    s->magic = 0u;
    (void)tos_sem_destroy(&s->sem);     /* waiters return K_ERR_PEND_DESTROY */
    sprig_os2_cb_put(s, s->alloc);
    sprig_os2_sched_release(held);
    return osOK;
}
