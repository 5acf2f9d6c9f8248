/*
 * Sprig POSIX layer: unnamed semaphores, on the kernel's counting semaphore.
 */
#include "px_internal.h"

static int px_sem_ok(const sprig_sem_t *sem)
{
    return sem && sem->magic == PX_MAGIC_SEM;
}

int sprig_sem_init(sprig_sem_t *sem, int pshared, unsigned value)
{
    (void)pshared;      /* one address space: every semaphore is shared by all tasks */
    if (!sem || value > (unsigned)SPRIG_SEM_VALUE_MAX) {
        return px_fail(EINVAL);
    }
    (void)tos_sem_create_max(&sem->ksem, (k_sem_cnt_t)value, (k_sem_cnt_t)SPRIG_SEM_VALUE_MAX);
    sem->magic = PX_MAGIC_SEM;
    return 0;
}

int sprig_sem_destroy(sprig_sem_t *sem)
{
    PX_CS_ALLOC();

    if (!px_sem_ok(sem)) {
        return px_fail(EINVAL);
    }
    PX_CS_ENTER();
    if (!tos_list_empty(&sem->ksem.pend_obj.list)) {
        PX_CS_EXIT();
        return px_fail(EBUSY);
    }
    sem->magic = PX_MAGIC_DEAD;
    PX_CS_EXIT();
    (void)tos_sem_destroy(&sem->ksem);
    return 0;
}

int sprig_sem_trywait(sprig_sem_t *sem)
{
    if (!px_sem_ok(sem)) {
        return px_fail(EINVAL);
    }
    /* (tos_sem_pend refuses ISRs even without waiting) */
    return tos_sem_pend_try(&sem->ksem) == K_ERR_NONE ? 0 : px_fail(EAGAIN);
}

static int px_sem_wait(sprig_sem_t *sem, px_deadline_t *d, int d_err)
{
    k_err_t kerr;
    int err;

    if (px_in_isr()) {
        return EPERM;
    }
    if (!px_sem_ok(sem)) {
        return EINVAL;
    }
    if (sprig_sem_trywait(sem) == 0) {
        return 0;
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
        kerr = tos_sem_pend(&sem->ksem, left == 0u ? TOS_TIME_NOWAIT : left);
        if (kerr == K_ERR_NONE) {
            err = 0;
            break;
        }
        if (kerr == K_ERR_PEND_NOWAIT && left == 0u) {
            err = ETIMEDOUT;
            break;
        }
        if (kerr != K_ERR_PEND_TIMEOUT) {
            err = px_kerr(kerr);
            break;
        }
    }
    px_deadline_end(d);
    return err;
}

int sprig_sem_wait(sprig_sem_t *sem)
{
    px_deadline_t d;
    int err;

    px_deadline_forever(&d);
    err = px_sem_wait(sem, &d, 0);
    return err ? px_fail(err) : 0;
}

int sprig_sem_timedwait(sprig_sem_t *sem, const struct timespec *abstime)
{
    px_deadline_t d;
    int d_err = px_deadline_abs(&d, SPRIG_CLOCK_REALTIME, abstime);
    int err = px_sem_wait(sem, &d, d_err);

    return err ? px_fail(err) : 0;
}

int sprig_sem_post(sprig_sem_t *sem)
{
    k_err_t kerr;

    if (!px_sem_ok(sem)) {
        return px_fail(EINVAL);
    }
    kerr = tos_sem_post(&sem->ksem);
    if (kerr == K_ERR_SEM_OVERFLOW) {
        return px_fail(EOVERFLOW);
    }
    return kerr == K_ERR_NONE ? 0 : px_fail(EINVAL);
}

int sprig_sem_getvalue(sprig_sem_t *sem, int *sval)
{
    if (!px_sem_ok(sem) || !sval) {
        return px_fail(EINVAL);
    }
    *sval = (int)sem->ksem.count;
    return 0;
}
