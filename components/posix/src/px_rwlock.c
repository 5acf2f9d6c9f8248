/*
 * Sprig POSIX layer: read-write locks, on the kernel's rwlock (tos_rwlock.h).
 */
#include "px_internal.h"

#define PX_RWLOCKATTR_OK(a) ((a) && (a)->magic == PX_MAGIC_RWLOCKATTR)

int sprig_pthread_rwlockattr_init(sprig_pthread_rwlockattr_t *attr)
{
    if (!attr) {
        return EINVAL;
    }
    attr->magic = PX_MAGIC_RWLOCKATTR;
    attr->pshared = SPRIG_PTHREAD_PROCESS_PRIVATE;
    return 0;
}

int sprig_pthread_rwlockattr_destroy(sprig_pthread_rwlockattr_t *attr)
{
    if (!PX_RWLOCKATTR_OK(attr)) {
        return EINVAL;
    }
    attr->magic = PX_MAGIC_DEAD;
    return 0;
}

int sprig_pthread_rwlockattr_setpshared(sprig_pthread_rwlockattr_t *attr, int pshared)
{
    if (!PX_RWLOCKATTR_OK(attr) || (pshared != SPRIG_PTHREAD_PROCESS_PRIVATE &&
                                    pshared != SPRIG_PTHREAD_PROCESS_SHARED)) {
        return EINVAL;
    }
    attr->pshared = pshared;
    return 0;
}

int sprig_pthread_rwlockattr_getpshared(const sprig_pthread_rwlockattr_t *attr, int *pshared)
{
    if (!PX_RWLOCKATTR_OK(attr) || !pshared) {
        return EINVAL;
    }
    *pshared = attr->pshared;
    return 0;
}

/* 0 if `rw` is a rwlock (a statically initialised one is set up now). Task context. */
static int px_rwlock_check(sprig_pthread_rwlock_t *rw)
{
    PX_CS_ALLOC();

    if (!rw) {
        return EINVAL;
    }
    if (rw->magic == PX_MAGIC_RWLOCK) {
        return 0;
    }
    if (rw->magic != 0u) {
        return EINVAL;
    }
    PX_CS_ENTER();
    if (rw->magic == 0u) {
        (void)tos_rwlock_create(&rw->krw);
        rw->magic = PX_MAGIC_RWLOCK;
    }
    PX_CS_EXIT();
    return 0;
}

int sprig_pthread_rwlock_init(sprig_pthread_rwlock_t *rwlock,
                              const sprig_pthread_rwlockattr_t *attr)
{
    if (px_in_isr()) {
        return EPERM;
    }
    if (!rwlock || (attr && !PX_RWLOCKATTR_OK(attr))) {
        return EINVAL;
    }
    (void)tos_rwlock_create(&rwlock->krw);
    rwlock->magic = PX_MAGIC_RWLOCK;
    return 0;
}

int sprig_pthread_rwlock_destroy(sprig_pthread_rwlock_t *rwlock)
{
    PX_CS_ALLOC();
    k_rwlock_t *k;
    int err;

    if (px_in_isr()) {
        return EPERM;
    }
    err = px_rwlock_check(rwlock);
    if (err) {
        return err;
    }
    k = &rwlock->krw;
    PX_CS_ENTER();
    if (k->writer || k->n_readers || !tos_list_empty(&k->rpend_obj.list) ||
        !tos_list_empty(&k->wpend_obj.list)) {
        PX_CS_EXIT();
        return EBUSY;
    }
    rwlock->magic = PX_MAGIC_DEAD;
    PX_CS_EXIT();
    (void)tos_rwlock_destroy(k);
    return 0;
}

static int px_rw_err(k_err_t kerr, int is_try)
{
    switch (kerr) {
    case K_ERR_NONE:
        return 0;
    case K_ERR_RWLOCK_IS_WRITTING:
    case K_ERR_RWLOCK_IS_READING:
        return is_try ? EBUSY : EDEADLK;
    case K_ERR_RWLOCK_READERS_TO_MANY:
    case K_ERR_RWLOCK_WAITING_WRITERS_TO_MANY:
        return EAGAIN;
    default:
        return px_kerr(kerr);
    }
}

/* Read or write lock: try only, or wait until `d` (invalid deadline: d_err). */
static int px_rwlock_lock(sprig_pthread_rwlock_t *rw, int write, int try_only,
                          px_deadline_t *d, int d_err)
{
    px_deadline_t forever;
    k_err_t kerr;
    int err;

    if (px_in_isr()) {
        return EPERM;
    }
    err = px_rwlock_check(rw);
    if (err) {
        return err;
    }
    if (!tos_knl_is_running()) {
        return EPERM;
    }
    kerr = write ? tos_rwlock_wpend_try(&rw->krw) : tos_rwlock_rpend_try(&rw->krw);
    if (kerr == K_ERR_NONE || try_only) {
        return px_rw_err(kerr, 1);
    }
    if (kerr == K_ERR_RWLOCK_READERS_TO_MANY) {
        return EAGAIN;
    }
    if (rw->krw.writer == k_curr_task) {
        return EDEADLK;             /* it would wait for itself */
    }
    if (d_err) {
        return d_err;
    }
    err = px_block_check();
    if (err) {
        return err;
    }
    if (!d) {
        px_deadline_forever(&forever);
        d = &forever;
    }
    px_deadline_begin(d);
    for (;;) {
        k_tick_t left = px_deadline_left(d);
        if (left == 0u) {
            kerr = write ? tos_rwlock_wpend_try(&rw->krw) : tos_rwlock_rpend_try(&rw->krw);
            err = kerr == K_ERR_NONE ? 0 : ETIMEDOUT;
            break;
        }
        kerr = write ? tos_rwlock_wpend_timed(&rw->krw, left)
                     : tos_rwlock_rpend_timed(&rw->krw, left);
        if (kerr != K_ERR_PEND_TIMEOUT) {
            err = px_rw_err(kerr, 0);
            break;
        }
    }
    px_deadline_end(d);
    return err;
}

int sprig_pthread_rwlock_rdlock(sprig_pthread_rwlock_t *rwlock)
{
    return px_rwlock_lock(rwlock, 0, 0, K_NULL, 0);
}

int sprig_pthread_rwlock_tryrdlock(sprig_pthread_rwlock_t *rwlock)
{
    return px_rwlock_lock(rwlock, 0, 1, K_NULL, 0);
}

int sprig_pthread_rwlock_timedrdlock(sprig_pthread_rwlock_t *rwlock,
                                     const struct timespec *abstime)
{
    px_deadline_t d;
    int d_err = px_deadline_abs(&d, SPRIG_CLOCK_REALTIME, abstime);

    return px_rwlock_lock(rwlock, 0, 0, &d, d_err);
}

int sprig_pthread_rwlock_wrlock(sprig_pthread_rwlock_t *rwlock)
{
    return px_rwlock_lock(rwlock, 1, 0, K_NULL, 0);
}

int sprig_pthread_rwlock_trywrlock(sprig_pthread_rwlock_t *rwlock)
{
    return px_rwlock_lock(rwlock, 1, 1, K_NULL, 0);
}

int sprig_pthread_rwlock_timedwrlock(sprig_pthread_rwlock_t *rwlock,
                                     const struct timespec *abstime)
{
    px_deadline_t d;
    int d_err = px_deadline_abs(&d, SPRIG_CLOCK_REALTIME, abstime);

    return px_rwlock_lock(rwlock, 1, 0, &d, d_err);
}

int sprig_pthread_rwlock_unlock(sprig_pthread_rwlock_t *rwlock)
{
    int err;

    if (px_in_isr()) {
        return EPERM;
    }
    if (rwlock && rwlock->magic == 0u) {
        return EPERM;               /* statically initialised, never locked */
    }
    err = px_rwlock_check(rwlock);
    if (err) {
        return err;
    }
    return tos_rwlock_post(&rwlock->krw) == K_ERR_NONE ? 0 : EPERM;
}
