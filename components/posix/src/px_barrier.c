/*
 * Sprig POSIX layer: barriers (waiter records) and spinlocks (see sprig/posix/pthread.h for why
 * a spinlock locks the scheduler instead of spinning).
 */
#include "px_internal.h"

#define PX_BARRIERATTR_OK(a)    ((a) && (a)->magic == PX_MAGIC_BARRIERATTR)

int sprig_pthread_barrierattr_init(sprig_pthread_barrierattr_t *attr)
{
    if (!attr) {
        return EINVAL;
    }
    attr->magic = PX_MAGIC_BARRIERATTR;
    attr->pshared = SPRIG_PTHREAD_PROCESS_PRIVATE;
    return 0;
}

int sprig_pthread_barrierattr_destroy(sprig_pthread_barrierattr_t *attr)
{
    if (!PX_BARRIERATTR_OK(attr)) {
        return EINVAL;
    }
    attr->magic = PX_MAGIC_DEAD;
    return 0;
}

int sprig_pthread_barrierattr_setpshared(sprig_pthread_barrierattr_t *attr, int pshared)
{
    if (!PX_BARRIERATTR_OK(attr) || (pshared != SPRIG_PTHREAD_PROCESS_PRIVATE &&
                                     pshared != SPRIG_PTHREAD_PROCESS_SHARED)) {
        return EINVAL;
    }
    attr->pshared = pshared;
    return 0;
}

int sprig_pthread_barrierattr_getpshared(const sprig_pthread_barrierattr_t *attr, int *pshared)
{
    if (!PX_BARRIERATTR_OK(attr) || !pshared) {
        return EINVAL;
    }
    *pshared = attr->pshared;
    return 0;
}

int sprig_pthread_barrier_init(sprig_pthread_barrier_t *barrier,
                               const sprig_pthread_barrierattr_t *attr, unsigned count)
{
    if (px_in_isr()) {
        return EPERM;
    }
    if (!barrier || count == 0u || (attr && !PX_BARRIERATTR_OK(attr))) {
        return EINVAL;
    }
    barrier->count = count;
    barrier->arrived = 0u;
    tos_list_init(&barrier->waiters);
    barrier->magic = PX_MAGIC_BARRIER;
    return 0;
}

int sprig_pthread_barrier_destroy(sprig_pthread_barrier_t *barrier)
{
    PX_CS_ALLOC();

    if (px_in_isr()) {
        return EPERM;
    }
    if (!barrier || barrier->magic != PX_MAGIC_BARRIER) {
        return EINVAL;
    }
    PX_CS_ENTER();
    if (!tos_list_empty(&barrier->waiters)) {
        PX_CS_EXIT();
        return EBUSY;
    }
    barrier->magic = PX_MAGIC_DEAD;
    PX_CS_EXIT();
    return 0;
}

int sprig_pthread_barrier_wait(sprig_pthread_barrier_t *barrier)
{
    PX_CS_ALLOC();
    px_waiter_t w;
    px_deadline_t d;
    int held, err, block_err;

    if (px_in_isr()) {
        return EPERM;
    }
    if (!barrier || barrier->magic != PX_MAGIC_BARRIER) {
        return EINVAL;
    }
    block_err = px_block_check();       /* before px_hold, which locks the scheduler itself */
    px_waiter_init(&w);
    held = px_hold();
    PX_CS_ENTER();
    if (barrier->arrived + 1u >= barrier->count) {
        /* the last one: release this round and return at once */
        barrier->arrived = 0u;
        while (!tos_list_empty(&barrier->waiters)) {
            px_waiter_wake(px_waiter_first(&barrier->waiters), 0);
        }
        PX_CS_EXIT();
        px_release(held);
        px_waiter_fini(&w);
        return SPRIG_PTHREAD_BARRIER_SERIAL_THREAD;
    }
    if (block_err) {
        PX_CS_EXIT();
        px_release(held);
        px_waiter_fini(&w);
        return block_err;               /* it does not count as arrived */
    }
    barrier->arrived++;
    px_waiter_link(&w, &barrier->waiters);
    PX_CS_EXIT();
    px_release(held);

    px_deadline_forever(&d);
    (void)px_waiter_wait(&w, &d, &err);     /* no deadline: ends only when released */
    px_waiter_fini(&w);
    return 0;
}

/* ---- spinlocks ---- */

int sprig_pthread_spin_init(sprig_pthread_spinlock_t *lock, int pshared)
{
    if (!lock || (pshared != SPRIG_PTHREAD_PROCESS_PRIVATE &&
                  pshared != SPRIG_PTHREAD_PROCESS_SHARED)) {
        return EINVAL;
    }
    lock->holder = K_NULL;
    lock->in_isr = 0u;
    lock->sched_locked = 0u;
    lock->magic = PX_MAGIC_SPIN;
    return 0;
}

static int px_spin_held(const sprig_pthread_spinlock_t *lock)
{
    return lock->holder != K_NULL || lock->in_isr;
}

int sprig_pthread_spin_destroy(sprig_pthread_spinlock_t *lock)
{
    PX_CS_ALLOC();

    if (!lock || lock->magic != PX_MAGIC_SPIN) {
        return EINVAL;
    }
    PX_CS_ENTER();
    if (px_spin_held(lock)) {
        PX_CS_EXIT();
        return EBUSY;
    }
    lock->magic = PX_MAGIC_DEAD;
    PX_CS_EXIT();
    return 0;
}

/* Take it if free (CS-protected); 0, or EBUSY. */
static int px_spin_take(sprig_pthread_spinlock_t *lock)
{
    PX_CS_ALLOC();
    int in_isr = px_in_isr();
    int locked = 0;

    if (!in_isr && tos_knl_is_running()) {
        k_err_t kerr = tos_knl_sched_lock();
        if (kerr != K_ERR_NONE) {
            return EAGAIN;
        }
        locked = 1;
    }
    PX_CS_ENTER();
    if (px_spin_held(lock)) {
        PX_CS_EXIT();
        if (locked) {
            (void)tos_knl_sched_unlock();
        }
        return EBUSY;
    }
    if (in_isr) {
        lock->in_isr = 1u;
    } else {
        lock->holder = k_curr_task ? k_curr_task : (k_task_t *)(void *)lock;
    }
    lock->sched_locked = (uint8_t)locked;
    PX_CS_EXIT();
    return 0;
}

int sprig_pthread_spin_trylock(sprig_pthread_spinlock_t *lock)
{
    if (!lock || lock->magic != PX_MAGIC_SPIN) {
        return EINVAL;
    }
    return px_spin_take(lock);
}

int sprig_pthread_spin_lock(sprig_pthread_spinlock_t *lock)
{
    if (!lock || lock->magic != PX_MAGIC_SPIN) {
        return EINVAL;
    }
    if (px_in_isr()) {
        int err = px_spin_take(lock);
        return err == EBUSY ? EDEADLK : err;    /* an ISR cannot wait for anybody */
    }
    if (lock->holder && lock->holder == k_curr_task) {
        return EDEADLK;
    }
    for (;;) {
        int err = px_spin_take(lock);
        if (err != EBUSY) {
            return err;
        }
        /* held by an ISR that kept it, or taken before the kernel started: let time pass
           rather than spin (a spinning task would starve everything below it) */
        if (!tos_knl_is_running() || tos_knl_is_sched_locked() ||
            tos_task_delay(1u) != K_ERR_NONE) {
            return EDEADLK;
        }
    }
}

int sprig_pthread_spin_unlock(sprig_pthread_spinlock_t *lock)
{
    PX_CS_ALLOC();
    int unlock_sched;

    if (!lock || lock->magic != PX_MAGIC_SPIN) {
        return EINVAL;
    }
    PX_CS_ENTER();
    if (px_in_isr()) {
        if (!lock->in_isr) {
            PX_CS_EXIT();
            return EPERM;
        }
        lock->in_isr = 0u;
        PX_CS_EXIT();
        return 0;
    }
    if (!lock->holder ||
        lock->holder != (k_curr_task ? k_curr_task : (k_task_t *)(void *)lock)) {
        PX_CS_EXIT();
        return EPERM;
    }
    lock->holder = K_NULL;
    unlock_sched = lock->sched_locked;
    lock->sched_locked = 0u;
    PX_CS_EXIT();
    if (unlock_sched) {
        (void)tos_knl_sched_unlock();
    }
    return 0;
}
