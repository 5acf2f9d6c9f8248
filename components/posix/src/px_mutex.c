/*
 * Sprig POSIX layer: mutexes and their attributes.
 *
 * PTHREAD_PRIO_INHERIT mutexes are kernel mutexes (transitive priority inheritance);
 * PTHREAD_PRIO_NONE and PTHREAD_PRIO_PROTECT ones are kernel semaphores of count 1 (no
 * inheritance; waiters still served by priority). The layer keeps the owner and the recursion
 * depth itself for every protocol: the kernel object is taken once, on the first lock, and given
 * back on the last unlock. Only the owner writes owner/count while it owns the mutex, so a
 * thread may compare `owner` with itself without a CS.
 *
 * PTHREAD_PRIO_PROTECT: the mutex is linked into its owner's list of held ceilings and the
 * owner's kernel base priority is recomputed (px_prio_recompute) on every lock and unlock.
 */
#include "px_internal.h"

#define PX_MUTEXATTR_OK(a)  ((a) && (a)->magic == PX_MAGIC_MUTEXATTR)

/* ---- attributes ---- */

int sprig_pthread_mutexattr_init(sprig_pthread_mutexattr_t *attr)
{
    if (!attr) {
        return EINVAL;
    }
    attr->magic = PX_MAGIC_MUTEXATTR;
    attr->type = SPRIG_PTHREAD_MUTEX_DEFAULT;
    attr->protocol = SPRIG_PTHREAD_PRIO_NONE;
    attr->prioceiling = SPRIG_POSIX_PRIO_MAX;
    attr->pshared = SPRIG_PTHREAD_PROCESS_PRIVATE;
    return 0;
}

int sprig_pthread_mutexattr_destroy(sprig_pthread_mutexattr_t *attr)
{
    if (!PX_MUTEXATTR_OK(attr)) {
        return EINVAL;
    }
    attr->magic = PX_MAGIC_DEAD;
    return 0;
}

static int px_mutex_type_valid(int type)
{
    return type == SPRIG_PTHREAD_MUTEX_NORMAL || type == SPRIG_PTHREAD_MUTEX_ERRORCHECK ||
           type == SPRIG_PTHREAD_MUTEX_RECURSIVE;
}

static int px_protocol_valid(int protocol)
{
    return protocol == SPRIG_PTHREAD_PRIO_NONE || protocol == SPRIG_PTHREAD_PRIO_INHERIT ||
           protocol == SPRIG_PTHREAD_PRIO_PROTECT;
}

static int px_ceiling_valid(int prio)
{
    return prio >= SPRIG_POSIX_PRIO_MIN && prio <= SPRIG_POSIX_PRIO_MAX;
}

int sprig_pthread_mutexattr_settype(sprig_pthread_mutexattr_t *attr, int type)
{
    if (!PX_MUTEXATTR_OK(attr) || !px_mutex_type_valid(type)) {
        return EINVAL;
    }
    attr->type = type;
    return 0;
}

int sprig_pthread_mutexattr_gettype(const sprig_pthread_mutexattr_t *attr, int *type)
{
    if (!PX_MUTEXATTR_OK(attr) || !type) {
        return EINVAL;
    }
    *type = attr->type;
    return 0;
}

int sprig_pthread_mutexattr_setprotocol(sprig_pthread_mutexattr_t *attr, int protocol)
{
    if (!PX_MUTEXATTR_OK(attr) || !px_protocol_valid(protocol)) {
        return EINVAL;
    }
    attr->protocol = protocol;
    return 0;
}

int sprig_pthread_mutexattr_getprotocol(const sprig_pthread_mutexattr_t *attr, int *protocol)
{
    if (!PX_MUTEXATTR_OK(attr) || !protocol) {
        return EINVAL;
    }
    *protocol = attr->protocol;
    return 0;
}

int sprig_pthread_mutexattr_setprioceiling(sprig_pthread_mutexattr_t *attr, int prioceiling)
{
    if (!PX_MUTEXATTR_OK(attr) || !px_ceiling_valid(prioceiling)) {
        return EINVAL;
    }
    attr->prioceiling = prioceiling;
    return 0;
}

int sprig_pthread_mutexattr_getprioceiling(const sprig_pthread_mutexattr_t *attr,
                                           int *prioceiling)
{
    if (!PX_MUTEXATTR_OK(attr) || !prioceiling) {
        return EINVAL;
    }
    *prioceiling = attr->prioceiling;
    return 0;
}

int sprig_pthread_mutexattr_setpshared(sprig_pthread_mutexattr_t *attr, int pshared)
{
    if (!PX_MUTEXATTR_OK(attr) || (pshared != SPRIG_PTHREAD_PROCESS_PRIVATE &&
                                   pshared != SPRIG_PTHREAD_PROCESS_SHARED)) {
        return EINVAL;
    }
    attr->pshared = pshared;
    return 0;
}

int sprig_pthread_mutexattr_getpshared(const sprig_pthread_mutexattr_t *attr, int *pshared)
{
    if (!PX_MUTEXATTR_OK(attr) || !pshared) {
        return EINVAL;
    }
    *pshared = attr->pshared;
    return 0;
}

/* ---- the mutex ---- */

static void px_mutex_setup(sprig_pthread_mutex_t *m, int type, int protocol, int ceiling)
{
    m->type = (uint8_t)type;
    m->protocol = (uint8_t)protocol;
    m->ceiling = SPRIG_POSIX_PRIO_TO_K(ceiling);
    m->reserved = 0u;
    m->count = 0u;
    m->owner = K_NULL;
    tos_list_init(&m->protect_node);
    if (protocol == SPRIG_PTHREAD_PRIO_INHERIT) {
        (void)tos_mutex_create(&m->u.kmutex);
    } else {
        (void)tos_sem_create_max(&m->u.ksem, 1u, 1u);
    }
    m->magic = PX_MAGIC_MUTEX;
}

/* 0 if `m` is a mutex (a statically initialised one is set up now); EINVAL if not. */
int px_mutex_check(sprig_pthread_mutex_t *m)
{
    PX_CS_ALLOC();

    if (!m) {
        return EINVAL;
    }
    if (m->magic == PX_MAGIC_MUTEX) {
        return 0;
    }
    if (m->magic != 0u) {
        return EINVAL;
    }
    PX_CS_ENTER();
    if (m->magic == 0u) {
        px_mutex_setup(m, SPRIG_PTHREAD_MUTEX_DEFAULT, SPRIG_PTHREAD_PRIO_NONE,
                       SPRIG_POSIX_PRIO_MAX);
    }
    PX_CS_EXIT();
    return 0;
}

int sprig_pthread_mutex_init(sprig_pthread_mutex_t *mutex, const sprig_pthread_mutexattr_t *attr)
{
    if (px_in_isr()) {
        return EPERM;
    }
    if (!mutex || (attr && !PX_MUTEXATTR_OK(attr))) {
        return EINVAL;
    }
    if (attr) {
        if (!px_mutex_type_valid(attr->type) || !px_protocol_valid(attr->protocol) ||
            !px_ceiling_valid(attr->prioceiling)) {
            return EINVAL;
        }
        px_mutex_setup(mutex, attr->type, attr->protocol, attr->prioceiling);
    } else {
        px_mutex_setup(mutex, SPRIG_PTHREAD_MUTEX_DEFAULT, SPRIG_PTHREAD_PRIO_NONE,
                       SPRIG_POSIX_PRIO_MAX);
    }
    return 0;
}

static int px_mutex_has_waiters(const sprig_pthread_mutex_t *m)
{
    if (m->protocol == SPRIG_PTHREAD_PRIO_INHERIT) {
        return !tos_list_empty(&m->u.kmutex.pend_obj.list);
    }
    return !tos_list_empty(&m->u.ksem.pend_obj.list);
}

int sprig_pthread_mutex_destroy(sprig_pthread_mutex_t *mutex)
{
    PX_CS_ALLOC();

    if (px_in_isr()) {
        return EPERM;
    }
    if (!mutex) {
        return EINVAL;
    }
    PX_CS_ENTER();
    if (mutex->magic == 0u) {
        mutex->magic = PX_MAGIC_DEAD;       /* never used */
        PX_CS_EXIT();
        return 0;
    }
    if (mutex->magic != PX_MAGIC_MUTEX) {
        PX_CS_EXIT();
        return EINVAL;
    }
    /* (PRIO_INHERIT: the kernel's owner; the kernel frees the mutex of a task that ended) */
    if ((mutex->protocol == SPRIG_PTHREAD_PRIO_INHERIT ? mutex->u.kmutex.owner != K_NULL
                                                       : mutex->owner != K_NULL) ||
        px_mutex_has_waiters(mutex)) {
        PX_CS_EXIT();
        return EBUSY;
    }
    mutex->magic = PX_MAGIC_DEAD;
    PX_CS_EXIT();
    if (mutex->protocol == SPRIG_PTHREAD_PRIO_INHERIT) {
        (void)tos_mutex_destroy(&mutex->u.kmutex);
    } else {
        (void)tos_sem_destroy(&mutex->u.ksem);
    }
    return 0;
}

/* Take the kernel object, waiting up to `timeout`. */
static k_err_t px_mutex_pend(sprig_pthread_mutex_t *m, k_tick_t timeout)
{
    if (m->protocol == SPRIG_PTHREAD_PRIO_INHERIT) {
        return tos_mutex_pend_timed(&m->u.kmutex, timeout);
    }
    return tos_sem_pend(&m->u.ksem, timeout);
}

static k_err_t px_mutex_post(sprig_pthread_mutex_t *m)
{
    if (m->protocol == SPRIG_PTHREAD_PRIO_INHERIT) {
        return tos_mutex_post(&m->u.kmutex);
    }
    return tos_sem_post(&m->u.ksem);
}

/* The caller's priority as POSIX sees it (its own, without inheritance or ceilings). */
static k_prio_t px_self_base(void)
{
    px_tinfo_t *info = px_tinfo_find(k_curr_task);

    return info ? info->base : k_curr_task->prio_base;
}

/* Now the owner: count, and apply the ceiling. */
static void px_mutex_owned(sprig_pthread_mutex_t *m, px_tinfo_t *info)
{
    PX_CS_ALLOC();

    m->owner = k_curr_task;
    m->count = 1u;
    if (info) {
        PX_CS_ENTER();
        tos_list_add_tail(&m->protect_node, &info->protect);
        PX_CS_EXIT();
        px_prio_recompute(info);
    }
}

/*
 * Lock: try (only try), or wait until the deadline `d` (NULL: forever; d_err: the deadline was
 * invalid, which matters only if the call would wait).
 */
static int px_mutex_lock(sprig_pthread_mutex_t *m, int try_only, px_deadline_t *d, int d_err)
{
    px_tinfo_t *info = K_NULL;
    px_deadline_t forever;
    k_err_t kerr;
    int err;

    if (px_in_isr()) {
        return EPERM;
    }
    err = px_mutex_check(m);
    if (err) {
        return err;
    }
    if (!tos_knl_is_running()) {
        return EPERM;               /* a mutex needs an owner task */
    }
    if (!d) {
        px_deadline_forever(&forever);
        d = &forever;
    }
    if (m->owner == k_curr_task) {
        if (m->type == SPRIG_PTHREAD_MUTEX_RECURSIVE) {
            if (m->count >= SPRIG_PTHREAD_MUTEX_RECURSION_MAX) {
                return EAGAIN;
            }
            m->count++;
            return 0;
        }
        if (try_only) {
            return EBUSY;
        }
        if (m->type == SPRIG_PTHREAD_MUTEX_ERRORCHECK) {
            return EDEADLK;
        }
        /* NORMAL: relocking deadlocks (POSIX): wait for the deadline, which never comes for
           pthread_mutex_lock */
        if (d_err) {
            return d_err;
        }
        err = px_block_check();
        if (err) {
            return err;
        }
        px_deadline_begin(d);
        for (;;) {
            k_tick_t left = px_deadline_left(d);
            if (left == 0u) {
                break;
            }
            if (tos_task_delay(left == TOS_TIME_FOREVER ? PX_WAIT_CHUNK : left) != K_ERR_NONE) {
                break;
            }
        }
        px_deadline_end(d);
        return ETIMEDOUT;
    }
    if (m->protocol == SPRIG_PTHREAD_PRIO_PROTECT) {
        if (px_self_base() < m->ceiling) {
            return EINVAL;          /* the caller is more urgent than the ceiling */
        }
        info = px_tinfo_get(k_curr_task);
        if (!info) {
            return EAGAIN;
        }
    }

    kerr = px_mutex_pend(m, TOS_TIME_NOWAIT);
    if (kerr == K_ERR_NONE) {
        px_mutex_owned(m, info);
        return 0;
    }
    if (kerr != K_ERR_PEND_NOWAIT && kerr != K_ERR_PEND_OWNER_DIE) {
        return px_kerr(kerr);
    }
    if (try_only) {
        return EBUSY;
    }
    if (d_err) {
        return d_err;
    }
    err = px_block_check();
    if (err) {
        return err;
    }
    px_deadline_begin(d);
    for (;;) {
        k_tick_t left = px_deadline_left(d);
        kerr = px_mutex_pend(m, left == 0u ? TOS_TIME_NOWAIT : left);
        if (kerr == K_ERR_NONE) {
            err = 0;
            break;
        }
        if (kerr == K_ERR_PEND_NOWAIT && left == 0u) {
            err = ETIMEDOUT;
            break;
        }
        if (kerr == K_ERR_PEND_TIMEOUT || kerr == K_ERR_PEND_OWNER_DIE ||
            kerr == K_ERR_PEND_NOWAIT) {
            continue;   /* look at the deadline again; an owner that died freed it */
        }
        err = px_kerr(kerr);
        break;
    }
    px_deadline_end(d);
    if (err == 0) {
        px_mutex_owned(m, info);
    }
    return err;
}

int sprig_pthread_mutex_lock(sprig_pthread_mutex_t *mutex)
{
    return px_mutex_lock(mutex, 0, K_NULL, 0);
}

int sprig_pthread_mutex_trylock(sprig_pthread_mutex_t *mutex)
{
    return px_mutex_lock(mutex, 1, K_NULL, 0);
}

int sprig_pthread_mutex_timedlock(sprig_pthread_mutex_t *mutex, const struct timespec *abstime)
{
    px_deadline_t d;
    int d_err = px_deadline_abs(&d, SPRIG_CLOCK_REALTIME, abstime);

    return px_mutex_lock(mutex, 0, &d, d_err);
}

/* Give the kernel object back (the caller was the owner at depth 1). */
static int px_mutex_give(sprig_pthread_mutex_t *m)
{
    PX_CS_ALLOC();
    px_tinfo_t *info = K_NULL;
    k_err_t kerr;
    int held;

    if (m->protocol == SPRIG_PTHREAD_PRIO_PROTECT) {
        info = px_tinfo_find(k_curr_task);
    }
    /* release and drop the ceiling together: nobody runs in between */
    held = px_hold();
    m->owner = K_NULL;
    m->count = 0u;
    PX_CS_ENTER();
    tos_list_del_init(&m->protect_node);
    PX_CS_EXIT();
    kerr = px_mutex_post(m);
    if (info) {
        px_prio_recompute(info);
    }
    px_release(held);
    return kerr == K_ERR_NONE ? 0 : EPERM;
}

int sprig_pthread_mutex_unlock(sprig_pthread_mutex_t *mutex)
{
    if (px_in_isr()) {
        return EPERM;
    }
    if (!mutex) {
        return EINVAL;
    }
    if (mutex->magic == 0u) {
        return EPERM;               /* statically initialised, never locked */
    }
    if (mutex->magic != PX_MAGIC_MUTEX) {
        return EINVAL;
    }
    if (mutex->owner != k_curr_task || !k_curr_task) {
        return EPERM;
    }
    if (mutex->count > 1u) {
        mutex->count--;
        return 0;
    }
    return px_mutex_give(mutex);
}

int px_mutex_release_all(sprig_pthread_mutex_t *m, uint16_t *depth)
{
    if (m->magic != PX_MAGIC_MUTEX || m->owner != k_curr_task || !k_curr_task) {
        return m->magic == PX_MAGIC_MUTEX || m->magic == 0u ? EPERM : EINVAL;
    }
    *depth = m->count;
    return px_mutex_give(m);
}

int px_mutex_reacquire(sprig_pthread_mutex_t *m, uint16_t depth)
{
    int err = px_mutex_lock(m, 0, K_NULL, 0);

    if (err == 0) {
        m->count = depth;
    }
    return err;
}

int sprig_pthread_mutex_getprioceiling(const sprig_pthread_mutex_t *mutex, int *prioceiling)
{
    if (!mutex || !prioceiling) {
        return EINVAL;
    }
    if (mutex->magic == 0u) {
        *prioceiling = SPRIG_POSIX_PRIO_MAX;
        return 0;
    }
    if (mutex->magic != PX_MAGIC_MUTEX) {
        return EINVAL;
    }
    *prioceiling = SPRIG_POSIX_PRIO_FROM_K(mutex->ceiling);
    return 0;
}

int sprig_pthread_mutex_setprioceiling(sprig_pthread_mutex_t *mutex, int prioceiling,
                                       int *old_ceiling)
{
    int err, locked = 0;
    int old;

    if (px_in_isr()) {
        return EPERM;
    }
    if (!px_ceiling_valid(prioceiling)) {
        return EINVAL;
    }
    err = px_mutex_check(mutex);
    if (err) {
        return err;
    }
    if (mutex->owner != k_curr_task) {
        err = px_mutex_lock(mutex, 0, K_NULL, 0);
        if (err) {
            return err;
        }
        locked = 1;
    }
    old = SPRIG_POSIX_PRIO_FROM_K(mutex->ceiling);
    mutex->ceiling = SPRIG_POSIX_PRIO_TO_K(prioceiling);
    if (mutex->protocol == SPRIG_PTHREAD_PRIO_PROTECT) {
        px_tinfo_t *info = px_tinfo_find(k_curr_task);
        if (info) {
            px_prio_recompute(info);
        }
    }
    if (locked) {
        (void)sprig_pthread_mutex_unlock(mutex);
    }
    if (old_ceiling) {
        *old_ceiling = old;
    }
    return 0;
}
