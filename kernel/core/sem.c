/*
 * Counting semaphores.
 */
#include "tos_k.h"

#if TOS_CFG_SEM_EN > 0u

static void sem_init(k_sem_t *sem, k_sem_cnt_t init_count, k_sem_cnt_t max_count,
                     knl_obj_alloc_type_t alloc)
{
    pend_object_init(&sem->pend_obj);
    sem->count = init_count > max_count ? max_count : init_count;
    sem->count_max = max_count;
    knl_object_init(&sem->knl_obj, KNL_OBJ_TYPE_SEMAPHORE, alloc);
}

__API__ k_err_t tos_sem_create_max(k_sem_t *sem, k_sem_cnt_t init_count, k_sem_cnt_t max_count)
{
    TOS_PTR_SANITY_CHECK(sem);
    sem_init(sem, init_count, max_count, KNL_OBJ_ALLOC_TYPE_STATIC);
    return K_ERR_NONE;
}

__API__ k_err_t tos_sem_create(k_sem_t *sem, k_sem_cnt_t init_count)
{
    return tos_sem_create_max(sem, init_count, (k_sem_cnt_t)0xFFFFu);
}

__API__ k_err_t tos_sem_destroy(k_sem_t *sem)
{
    TOS_OBJ_CHECK(sem, KNL_OBJ_TYPE_SEMAPHORE);
    TOS_OBJ_STATIC_CHECK(sem);
    pend_object_destroy(&sem->pend_obj, &sem->knl_obj);
    knl_sched();
    return K_ERR_NONE;
}

#if TOS_CFG_MMHEAP_EN > 0u
__API__ k_err_t tos_sem_create_max_dyn(k_sem_t **sem, k_sem_cnt_t init_count, k_sem_cnt_t max_count)
{
    k_sem_t *the_sem;

    TOS_IN_IRQ_CHECK();
    TOS_PTR_SANITY_CHECK(sem);
    the_sem = tos_mmheap_calloc(1u, sizeof(k_sem_t));
    if (!the_sem) {
        return K_ERR_SEM_OUT_OF_MEMORY;
    }
    sem_init(the_sem, init_count, max_count, KNL_OBJ_ALLOC_TYPE_DYNAMIC);
    *sem = the_sem;
    return K_ERR_NONE;
}

__API__ k_err_t tos_sem_create_dyn(k_sem_t **sem, k_sem_cnt_t init_count)
{
    return tos_sem_create_max_dyn(sem, init_count, (k_sem_cnt_t)0xFFFFu);
}

__API__ k_err_t tos_sem_destroy_dyn(k_sem_t *sem)
{
    TOS_IN_IRQ_CHECK();
    TOS_OBJ_CHECK(sem, KNL_OBJ_TYPE_SEMAPHORE);
    TOS_OBJ_DYNAMIC_CHECK(sem);
    pend_object_destroy(&sem->pend_obj, &sem->knl_obj);
    tos_mmheap_free(sem);
    knl_sched();
    return K_ERR_NONE;
}
#endif

static k_err_t sem_do_post(k_sem_t *sem, opt_post_t opt)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;

    TOS_OBJ_CHECK(sem, KNL_OBJ_TYPE_SEMAPHORE);
    TOS_TRACE_POST(sem, KNL_OBJ_TYPE_SEMAPHORE);

    TOS_CPU_INT_DISABLE();
    if (!pend_is_nopending(&sem->pend_obj)) {
        pend_wakeup(&sem->pend_obj, PEND_STATE_POST, opt);
        knl_sched_unmask(cpu_cpsr);
        return K_ERR_NONE;
    }
    err = K_ERR_SEM_OVERFLOW;
    if (sem->count != sem->count_max) {
        sem->count++;
        err = K_ERR_NONE;
    }
    TOS_CPU_INT_ENABLE();
    return err;
}

__API__ k_err_t tos_sem_post(k_sem_t *sem)
{
    return sem_do_post(sem, OPT_POST_ONE);
}

__API__ k_err_t tos_sem_post_all(k_sem_t *sem)
{
    return sem_do_post(sem, OPT_POST_ALL);
}

__API__ k_err_t tos_sem_pend_try(k_sem_t *sem)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err = K_ERR_PEND_NOWAIT;

    TOS_OBJ_CHECK(sem, KNL_OBJ_TYPE_SEMAPHORE);

    TOS_CPU_INT_DISABLE();
    if (sem->count > 0u) {
        sem->count--;
        err = K_ERR_NONE;
    }
    TOS_CPU_INT_ENABLE();
    return TOS_TRACE_PEND(sem, KNL_OBJ_TYPE_SEMAPHORE, 0, err);
}

__API__ k_err_t tos_sem_pend(k_sem_t *sem, k_tick_t timeout)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;

    TOS_IN_IRQ_CHECK();
    TOS_OBJ_CHECK(sem, KNL_OBJ_TYPE_SEMAPHORE);

    TOS_CPU_INT_DISABLE();
    if (sem->count > 0u) {
        sem->count--;
        TOS_CPU_INT_ENABLE();
        return TOS_TRACE_PEND(sem, KNL_OBJ_TYPE_SEMAPHORE, 0, K_ERR_NONE);
    }
    err = pend_wait(&sem->pend_obj, timeout, cpu_cpsr);
    return TOS_TRACE_PEND(sem, KNL_OBJ_TYPE_SEMAPHORE, pend_waited(err), err);
}

#endif /* TOS_CFG_SEM_EN */
