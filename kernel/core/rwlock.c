/*
 * Read-write locks, writers preferred (see tos_rwlock.h).
 *
 * State: `writer` (the write holder), `n_readers` (read holds), and a wait list for each kind.
 * Invariants, with interrupts enabled:
 * - writer != NULL implies n_readers == 0;
 * - a reader waits only while a writer holds the lock or waits for it;
 * - a writer waits only while the lock is held;
 * so a free lock has nobody waiting. Every release re-establishes them with rwlock_grant(),
 * which hands the lock to waiters before they run: a woken waiter owns what it asked for.
 */
#include "tos_k.h"

#if TOS_CFG_RWLOCK_EN > 0u

/* Give the lock to whoever may have it now (interrupts masked). Writers first: a free lock
   goes to the most urgent waiting writer; with no writer holding or waiting, every waiting
   reader (up to the read-hold limit) is admitted. Returns whether anybody was woken. */
static int rwlock_grant(k_rwlock_t *rwlock)
{
    int woken = K_FALSE;

    if (rwlock->writer) {
        return K_FALSE;
    }
    if (!pend_is_nopending(&rwlock->wpend_obj)) {
        if (rwlock->n_readers > 0u) {
            return K_FALSE;
        }
        rwlock->writer = pend_highest_pending_task_get(&rwlock->wpend_obj);
        pend_task_wakeup(rwlock->writer, PEND_STATE_POST);
        return K_TRUE;
    }
    while (!pend_is_nopending(&rwlock->rpend_obj) && rwlock->n_readers < K_RWLOCK_READERS_MAX) {
        rwlock->n_readers++;
        pend_wakeup_one(&rwlock->rpend_obj, PEND_STATE_POST);
        woken = K_TRUE;
    }
    return woken;
}

/* Whether K_RWLOCK_WAITING_WRITERS_MAX writers wait already. The wait list is counted rather
   than a counter kept, so a waiting writer that is destroyed cannot leave a stale count. */
static int rwlock_writers_waiting_full(const k_rwlock_t *rwlock)
{
    const k_list_t *curr;
    unsigned n = 0u;

    for (curr = rwlock->wpend_obj.list.next; curr != &rwlock->wpend_obj.list; curr = curr->next) {
        if (++n >= K_RWLOCK_WAITING_WRITERS_MAX) {
            return K_TRUE;
        }
    }
    return K_FALSE;
}

__API__ k_err_t tos_rwlock_create(k_rwlock_t *rwlock)
{
    TOS_IN_IRQ_CHECK();
    TOS_PTR_SANITY_CHECK(rwlock);
    pend_object_init(&rwlock->rpend_obj);
    pend_object_init(&rwlock->wpend_obj);
    rwlock->writer = K_NULL;
    rwlock->n_readers = (rw_cnt_t)0u;
    knl_object_init(&rwlock->knl_obj, KNL_OBJ_TYPE_RWLOCK, KNL_OBJ_ALLOC_TYPE_STATIC);
    return K_ERR_NONE;
}

__API__ k_err_t tos_rwlock_destroy(k_rwlock_t *rwlock)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_IN_IRQ_CHECK();
    TOS_OBJ_CHECK(rwlock, KNL_OBJ_TYPE_RWLOCK);

    TOS_CPU_INT_DISABLE();
    pend_wakeup_all(&rwlock->rpend_obj, PEND_STATE_DESTROY);
    pend_object_deinit(&rwlock->rpend_obj);
    rwlock->writer = K_NULL;
    rwlock->n_readers = (rw_cnt_t)0u;
    pend_object_destroy(&rwlock->wpend_obj, &rwlock->knl_obj);
    knl_sched_unmask(cpu_cpsr);
    return K_ERR_NONE;
}

static k_err_t rwlock_do_rpend(k_rwlock_t *rwlock, k_tick_t timeout, int is_try)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;

    TOS_IN_IRQ_CHECK();
    TOS_OBJ_CHECK(rwlock, KNL_OBJ_TYPE_RWLOCK);

    TOS_CPU_INT_DISABLE();
    if (!rwlock->writer && pend_is_nopending(&rwlock->wpend_obj)) {
        if (rwlock->n_readers == K_RWLOCK_READERS_MAX) {
            TOS_CPU_INT_ENABLE();
            return TOS_TRACE_PEND(rwlock, KNL_OBJ_TYPE_RWLOCK, 0, K_ERR_RWLOCK_READERS_TO_MANY);
        }
        rwlock->n_readers++;
        TOS_CPU_INT_ENABLE();
        return TOS_TRACE_PEND(rwlock, KNL_OBJ_TYPE_RWLOCK, 0, K_ERR_NONE);
    }
    if (is_try || (rwlock->writer && rwlock->writer == k_curr_task)) {
        TOS_CPU_INT_ENABLE();
        return TOS_TRACE_PEND(rwlock, KNL_OBJ_TYPE_RWLOCK, 0, K_ERR_RWLOCK_IS_WRITTING);
    }
    err = pend_can_block(timeout);
    if (err != K_ERR_NONE) {
        TOS_CPU_INT_ENABLE();
        return TOS_TRACE_PEND(rwlock, KNL_OBJ_TYPE_RWLOCK, 0, err);
    }
    /* on success the granter has already counted us */
    return TOS_TRACE_PEND(rwlock, KNL_OBJ_TYPE_RWLOCK, 1,
                          pend_block_and_wait(&rwlock->rpend_obj, timeout, cpu_cpsr));
}

__API__ k_err_t tos_rwlock_rpend_timed(k_rwlock_t *rwlock, k_tick_t timeout)
{
    return rwlock_do_rpend(rwlock, timeout, K_FALSE);
}

__API__ k_err_t tos_rwlock_rpend(k_rwlock_t *rwlock)
{
    return rwlock_do_rpend(rwlock, TOS_TIME_FOREVER, K_FALSE);
}

__API__ k_err_t tos_rwlock_rpend_try(k_rwlock_t *rwlock)
{
    return rwlock_do_rpend(rwlock, TOS_TIME_NOWAIT, K_TRUE);
}

static k_err_t rwlock_do_wpend(k_rwlock_t *rwlock, k_tick_t timeout, int is_try)
{
    TOS_CPU_CPSR_ALLOC();
    k_err_t err;
    int woken;

    TOS_IN_IRQ_CHECK();
    TOS_OBJ_CHECK(rwlock, KNL_OBJ_TYPE_RWLOCK);
    if (unlikely(!knl_is_running())) {
        return K_ERR_KNL_NOT_RUNNING;       /* the write lock needs an owner task */
    }

    TOS_CPU_INT_DISABLE();
    if (!rwlock->writer && rwlock->n_readers == 0u) {
        rwlock->writer = k_curr_task;
        TOS_CPU_INT_ENABLE();
        return TOS_TRACE_PEND(rwlock, KNL_OBJ_TYPE_RWLOCK, 0, K_ERR_NONE);
    }
    if (is_try || rwlock->writer == k_curr_task) {
        err = rwlock->n_readers > 0u ? K_ERR_RWLOCK_IS_READING : K_ERR_RWLOCK_IS_WRITTING;
        TOS_CPU_INT_ENABLE();
        return TOS_TRACE_PEND(rwlock, KNL_OBJ_TYPE_RWLOCK, 0, err);
    }
    err = pend_can_block(timeout);
    if (err == K_ERR_NONE && rwlock_writers_waiting_full(rwlock)) {
        err = K_ERR_RWLOCK_WAITING_WRITERS_TO_MANY;
    }
    if (err != K_ERR_NONE) {
        TOS_CPU_INT_ENABLE();
        return TOS_TRACE_PEND(rwlock, KNL_OBJ_TYPE_RWLOCK, 0, err);
    }
    /* on success the granter has already made us the writer */
    err = pend_block_and_wait(&rwlock->wpend_obj, timeout, cpu_cpsr);
    if (err != K_ERR_PEND_TIMEOUT) {
        return TOS_TRACE_PEND(rwlock, KNL_OBJ_TYPE_RWLOCK, 1, err);
    }
    /* We stopped waiting without the lock. Readers that waited only because of us may be
       admitted now. (After a destroy there is nothing to do; the object check also covers a
       lock destroyed between our timeout and now.) */
    TOS_CPU_INT_DISABLE();
    woken = knl_object_verify(&rwlock->knl_obj, KNL_OBJ_TYPE_RWLOCK) && rwlock_grant(rwlock);
    TOS_CPU_INT_ENABLE();
    if (woken) {
        knl_sched();
    }
    return TOS_TRACE_PEND(rwlock, KNL_OBJ_TYPE_RWLOCK, 1, err);
}

__API__ k_err_t tos_rwlock_wpend_timed(k_rwlock_t *rwlock, k_tick_t timeout)
{
    return rwlock_do_wpend(rwlock, timeout, K_FALSE);
}

__API__ k_err_t tos_rwlock_wpend(k_rwlock_t *rwlock)
{
    return rwlock_do_wpend(rwlock, TOS_TIME_FOREVER, K_FALSE);
}

__API__ k_err_t tos_rwlock_wpend_try(k_rwlock_t *rwlock)
{
    return rwlock_do_wpend(rwlock, TOS_TIME_NOWAIT, K_TRUE);
}

/* Release one read hold or the write lock (interrupts masked). */
static void rwlock_release_read(k_rwlock_t *rwlock)
{
    rwlock->n_readers--;
    (void)rwlock_grant(rwlock);
}

static void rwlock_release_write(k_rwlock_t *rwlock)
{
    rwlock->writer = K_NULL;
    (void)rwlock_grant(rwlock);
}

static int rwlock_caller_writes(const k_rwlock_t *rwlock)
{
    return rwlock->writer && rwlock->writer == k_curr_task;
}

__API__ k_err_t tos_rwlock_rpost(k_rwlock_t *rwlock)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_IN_IRQ_CHECK();
    TOS_OBJ_CHECK(rwlock, KNL_OBJ_TYPE_RWLOCK);
    TOS_TRACE_POST(rwlock, KNL_OBJ_TYPE_RWLOCK);

    TOS_CPU_INT_DISABLE();
    if (rwlock->n_readers == 0u) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_RWLOCK_NOT_READING;
    }
    rwlock_release_read(rwlock);
    knl_sched_unmask(cpu_cpsr);
    return K_ERR_NONE;
}

__API__ k_err_t tos_rwlock_wpost(k_rwlock_t *rwlock)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_IN_IRQ_CHECK();
    TOS_OBJ_CHECK(rwlock, KNL_OBJ_TYPE_RWLOCK);
    TOS_TRACE_POST(rwlock, KNL_OBJ_TYPE_RWLOCK);

    TOS_CPU_INT_DISABLE();
    if (!rwlock_caller_writes(rwlock)) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_RWLOCK_NOT_WRITTING;
    }
    rwlock_release_write(rwlock);
    knl_sched_unmask(cpu_cpsr);
    return K_ERR_NONE;
}

__API__ k_err_t tos_rwlock_post(k_rwlock_t *rwlock)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_IN_IRQ_CHECK();
    TOS_OBJ_CHECK(rwlock, KNL_OBJ_TYPE_RWLOCK);
    TOS_TRACE_POST(rwlock, KNL_OBJ_TYPE_RWLOCK);

    TOS_CPU_INT_DISABLE();
    if (rwlock_caller_writes(rwlock)) {
        rwlock_release_write(rwlock);
    } else if (rwlock->n_readers > 0u) {
        rwlock_release_read(rwlock);
    } else {
        k_err_t err = rwlock->writer ? K_ERR_RWLOCK_NOT_WRITTING : K_ERR_RWLOCK_NOT_TAKEN;
        TOS_CPU_INT_ENABLE();
        return err;
    }
    knl_sched_unmask(cpu_cpsr);
    return K_ERR_NONE;
}

#endif /* TOS_CFG_RWLOCK_EN */
