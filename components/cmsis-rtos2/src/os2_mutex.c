/*
 * CMSIS-RTOS2 mutexes.
 *
 * osMutexPrioInherit mutexes are kernel mutexes (tos_mutex: transitive priority inheritance).
 * Mutexes without it are the layer's (owner, depth, waiters), because a kernel mutex always
 * lends its waiters' priority to the owner. Both kinds are kept on the owning CMSIS thread's
 * `mutexes` list, which decides what happens when the owner terminates:
 *  - osMutexRobust: the mutex is released (the kernel releases its mutexes when a task is
 *    destroyed and wakes the waiters with K_ERR_PEND_OWNER_DIE; they try again, and the most
 *    urgent one gets it; a layer mutex is handed to its most urgent waiter);
 *  - otherwise it stays locked for good ("orphaned"): waiters and later callers wait for their
 *    timeout, as for a mutex nobody releases.
 * Locking a non-recursive mutex one owns is an ordinary failed or timed-out lock.
 */
#include "os2_internal.h"

#define OS2_MUTEX_ATTR_MASK (osMutexRecursive | osMutexPrioInherit | osMutexRobust)

static osSprigMutex_t *os2_mutex_check(osMutexId_t mutex_id)
{
    osSprigMutex_t *m = (osSprigMutex_t *)mutex_id;

    return m && m->magic == OS2_MAGIC_MUTEX ? m : K_NULL;
}

static int os2_mutex_is_pi(const osSprigMutex_t *m)
{
    return (m->attr & osMutexPrioInherit) != 0u;
}

void sprig_os2_mutex_owned(osSprigMutex_t *m, k_task_t *owner)
{
    osSprigThread_t *t = sprig_os2_thread_of(owner);

    tos_list_del_init(&m->owner_node);
    if (t) {
        tos_list_add_tail(&m->owner_node, &t->mutexes);
    }
}

/* CS held: a layer mutex's last level was released; give it to the most urgent waiter. */
static void os2_mutex_hand_over(osSprigMutex_t *m)
{
    sprig_os2_wait_t *w = sprig_os2_wait_first(&m->waiters);

    if (w) {
        m->owner = w->task;
        m->lock = 1u;
        sprig_os2_mutex_owned(m, w->task);
        sprig_os2_wait_wake(w, (uint32_t)osOK);
    } else {
        m->owner = K_NULL;
        m->lock = 0u;
    }
}

void sprig_os2_mutex_owner_gone(osSprigThread_t *t)
{
    while (!tos_list_empty(&t->mutexes)) {
        osSprigMutex_t *m = TOS_LIST_FIRST_ENTRY(&t->mutexes, osSprigMutex_t, owner_node);

        tos_list_del_init(&m->owner_node);
        if (m->attr & osMutexRobust) {
            if (!os2_mutex_is_pi(m)) {
                os2_mutex_hand_over(m);
            }
            /* a kernel mutex is released when the task is destroyed */
        } else {
            m->orphaned = 1u;
            m->dead_owner = t;
        }
    }
}

osMutexId_t osMutexNew(const osMutexAttr_t *attr)
{
    osSprigMutex_t *m;
    uint8_t alloc;

    if (sprig_os2_in_isr()) {
        return K_NULL;
    }
    m = (osSprigMutex_t *)sprig_os2_cb_get(
        attr ? attr->cb_mem : K_NULL, attr ? attr->cb_size : 0u,
        sizeof *m, _Alignof(osSprigMutex_t), OS2_MAGIC_MUTEX, &alloc);
    if (!m) {
        return K_NULL;
    }
    m->alloc = alloc;
    m->attr = (uint8_t)((attr ? attr->attr_bits : 0u) & OS2_MUTEX_ATTR_MASK);
    m->name = attr ? attr->name : K_NULL;
    tos_list_init(&m->waiters);
    tos_list_init(&m->owner_node);
    if (os2_mutex_is_pi(m) && tos_mutex_create(&m->kmutex) != K_ERR_NONE) {
        sprig_os2_cb_put(m, alloc);
        return K_NULL;
    }
    m->magic = OS2_MAGIC_MUTEX;
    return m;
}

const char *osMutexGetName(osMutexId_t mutex_id)
{
    osSprigMutex_t *m = os2_mutex_check(mutex_id);

    return m ? m->name : K_NULL;
}

/* Wait on a mutex that cannot be had (orphaned, or a non-recursive mutex the caller owns)
   until `left` ticks pass, or the mutex is deleted. `waited`: the caller has already waited. */
static osStatus_t os2_mutex_wait_stuck(osSprigMutex_t *m, k_tick_t left, int waited)
{
    OS2_CS_ALLOC();
    sprig_os2_wait_t w;
    osStatus_t status;
    k_err_t err;

    if (left == 0u) {
        return waited ? osErrorTimeout : osErrorResource;
    }
    OS2_CS_ENTER();
    if (!os2_can_wait()) {
        OS2_CS_EXIT();
        return osErrorResource;
    }
    sprig_os2_wait_prepare(&w);
    sprig_os2_wait_link(&w, &m->waiters);
    OS2_CS_EXIT();

    err = sprig_os2_wait_block(&w, left);

    OS2_CS_ENTER();
    if (w.done) {
        status = (osStatus_t)(int32_t)w.result;     /* deleted: osErrorResource */
    } else {
        sprig_os2_wait_unlink(&w);
        status = sprig_os2_wait_status(err);
    }
    OS2_CS_EXIT();
    sprig_os2_wait_finish(&w);
    return status;
}

static osStatus_t os2_mutex_acquire_pi(osSprigMutex_t *m, uint32_t timeout)
{
    OS2_CS_ALLOC();
    k_task_t *self = k_curr_task;
    k_tick_t left = timeout == 0u ? TOS_TIME_NOWAIT : sprig_os2_ticks(timeout);
    k_tick_t deadline = 0u;
    int stuck, waited = 0;
    k_err_t err;

    OS2_CS_ENTER();
    stuck = m->orphaned || (m->kmutex.owner == self && !(m->attr & osMutexRecursive));
    OS2_CS_EXIT();
    if (stuck) {
        return os2_mutex_wait_stuck(m, left, 0);
    }
    if (left != TOS_TIME_FOREVER) {
        deadline = tos_systick_monotonic_get() + left;
    }
    for (;;) {
        err = tos_mutex_pend_timed(&m->kmutex, left);
        switch (err) {
        case K_ERR_NONE:
            OS2_CS_ENTER();
            stuck = m->orphaned;    /* orphaned between the check and the lock */
            if (!stuck) {
                sprig_os2_mutex_owned(m, self);
            }
            OS2_CS_EXIT();
            if (!stuck) {
                return osOK;
            }
            (void)tos_mutex_post(&m->kmutex);
            return os2_mutex_wait_stuck(m, left, waited);
        case K_ERR_MUTEX_NESTING:
            return osOK;                    /* one level deeper */
        case K_ERR_PEND_TIMEOUT:
            return osErrorTimeout;
        case K_ERR_PEND_NOWAIT:
            return waited ? osErrorTimeout : osErrorResource;
        case K_ERR_PEND_OWNER_DIE:
            /* the owner was destroyed and the kernel released the mutex */
            waited = 1;
            if (left != TOS_TIME_FOREVER) {
                k_stick_t rest = (k_stick_t)(deadline - tos_systick_monotonic_get());
                left = rest > 0 ? (k_tick_t)rest : 0u;
            }
            if (m->orphaned) {
                return os2_mutex_wait_stuck(m, left, waited);
            }
            continue;                       /* robust: try again */
        default:
            /* K_ERR_MUTEX_NESTING_OVERFLOW, K_ERR_PEND_DESTROY, K_ERR_PEND_SCHED_LOCKED,
               K_ERR_KNL_NOT_RUNNING, K_ERR_OBJ_INVALID (deleted meanwhile) */
            return osErrorResource;
        }
    }
}

static osStatus_t os2_mutex_acquire_layer(osSprigMutex_t *m, uint32_t timeout)
{
    OS2_CS_ALLOC();
    k_task_t *self = k_curr_task;
    sprig_os2_wait_t w;
    osStatus_t status;
    k_err_t err;

    OS2_CS_ENTER();
    if (!m->orphaned && self) {
        if (!m->owner) {
            m->owner = self;
            m->lock = 1u;
            sprig_os2_mutex_owned(m, self);
            OS2_CS_EXIT();
            return osOK;
        }
        if (m->owner == self && (m->attr & osMutexRecursive)) {
            status = osOK;
            if (m->lock >= OS2_MUTEX_LOCK_MAX) {
                status = osErrorResource;
            } else {
                m->lock++;
            }
            OS2_CS_EXIT();
            return status;
        }
    }
    if (timeout == 0u || !os2_can_wait()) {
        OS2_CS_EXIT();
        return osErrorResource;
    }
    sprig_os2_wait_prepare(&w);
    sprig_os2_wait_link(&w, &m->waiters);
    OS2_CS_EXIT();

    err = sprig_os2_wait_block(&w, sprig_os2_ticks(timeout));

    OS2_CS_ENTER();
    if (w.done) {
        status = (osStatus_t)(int32_t)w.result;     /* osOK: handed over; deleted: resource */
    } else {
        sprig_os2_wait_unlink(&w);
        status = sprig_os2_wait_status(err);
    }
    OS2_CS_EXIT();
    sprig_os2_wait_finish(&w);
    return status;
}

osStatus_t osMutexAcquire(osMutexId_t mutex_id, uint32_t timeout)
{
    osSprigMutex_t *m;

    if (sprig_os2_in_isr()) {
        return osErrorISR;
    }
    m = os2_mutex_check(mutex_id);
    if (!m) {
        return osErrorParameter;
    }
    return os2_mutex_is_pi(m) ? os2_mutex_acquire_pi(m, timeout)
                              : os2_mutex_acquire_layer(m, timeout);
}

osStatus_t osMutexRelease(osMutexId_t mutex_id)
{
    OS2_CS_ALLOC();
    osSprigMutex_t *m;
    osStatus_t status = osOK;
    k_err_t err;
    int held;

    if (sprig_os2_in_isr()) {
        return osErrorISR;
    }
    m = os2_mutex_check(mutex_id);
    if (!m) {
        return osErrorParameter;
    }
    held = sprig_os2_sched_hold();
    if (os2_mutex_is_pi(m)) {
        if (m->orphaned) {
            status = osErrorResource;
        } else {
            err = tos_mutex_post(&m->kmutex);
            if (err == K_ERR_NONE) {
                /* the new owner (if any) cannot run before this: the scheduler is held */
                OS2_CS_ENTER();
                tos_list_del_init(&m->owner_node);
                OS2_CS_EXIT();
            } else if (err != K_ERR_MUTEX_NESTING) {
                status = osErrorResource;   /* not the owner */
            }
        }
    } else {
        OS2_CS_ENTER();
        if (m->orphaned || m->owner != k_curr_task) {
            status = osErrorResource;
        } else if (--m->lock == 0u) {
            tos_list_del_init(&m->owner_node);
            os2_mutex_hand_over(m);
        }
        OS2_CS_EXIT();
    }
    sprig_os2_sched_release(held);
    return status;
}

osThreadId_t osMutexGetOwner(osMutexId_t mutex_id)
{
    OS2_CS_ALLOC();
    osSprigMutex_t *m;
    osThreadId_t owner;

    if (sprig_os2_in_isr()) {
        return K_NULL;
    }
    m = os2_mutex_check(mutex_id);
    if (!m) {
        return K_NULL;
    }
    OS2_CS_ENTER();
    if (m->orphaned) {
        owner = m->dead_owner;
    } else {
        owner = sprig_os2_thread_of(os2_mutex_is_pi(m) ? m->kmutex.owner : m->owner);
    }
    OS2_CS_EXIT();
    return owner;
}

osStatus_t osMutexDelete(osMutexId_t mutex_id)
{
    OS2_CS_ALLOC();
    osSprigMutex_t *m;
    int held;

    if (sprig_os2_in_isr()) {
        return osErrorISR;
    }
    m = os2_mutex_check(mutex_id);
    if (!m) {
        return osErrorParameter;
    }
    held = sprig_os2_sched_hold();
    OS2_CS_ENTER();
    m->magic = 0u;
    sprig_os2_wait_wake_all(&m->waiters, (uint32_t)osErrorResource);
    tos_list_del_init(&m->owner_node);
    OS2_CS_EXIT();
    if (os2_mutex_is_pi(m)) {
        /* waiters return K_ERR_PEND_DESTROY; the owner gets its priority back */
        (void)tos_mutex_destroy(&m->kmutex);
    }
    sprig_os2_cb_put(m, m->alloc);
    sprig_os2_sched_release(held);
    return osOK;
}
