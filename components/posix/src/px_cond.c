/*
 * Sprig POSIX layer: condition variables (waiter records, see px_internal.h).
 */
#include "px_internal.h"

#define PX_CONDATTR_OK(a)   ((a) && (a)->magic == PX_MAGIC_CONDATTR)

int sprig_pthread_condattr_init(sprig_pthread_condattr_t *attr)
{
    if (!attr) {
        return EINVAL;
    }
    attr->magic = PX_MAGIC_CONDATTR;
    attr->clock = SPRIG_CLOCK_REALTIME;
    attr->pshared = SPRIG_PTHREAD_PROCESS_PRIVATE;
    return 0;
}

int sprig_pthread_condattr_destroy(sprig_pthread_condattr_t *attr)
{
    if (!PX_CONDATTR_OK(attr)) {
        return EINVAL;
    }
    attr->magic = PX_MAGIC_DEAD;
    return 0;
}

int sprig_pthread_condattr_setclock(sprig_pthread_condattr_t *attr, sprig_clockid_t clock_id)
{
    if (!PX_CONDATTR_OK(attr) || !px_clock_valid(clock_id)) {
        return EINVAL;
    }
    attr->clock = clock_id;
    return 0;
}

int sprig_pthread_condattr_getclock(const sprig_pthread_condattr_t *attr,
                                    sprig_clockid_t *clock_id)
{
    if (!PX_CONDATTR_OK(attr) || !clock_id) {
        return EINVAL;
    }
    *clock_id = attr->clock;
    return 0;
}

int sprig_pthread_condattr_setpshared(sprig_pthread_condattr_t *attr, int pshared)
{
    if (!PX_CONDATTR_OK(attr) || (pshared != SPRIG_PTHREAD_PROCESS_PRIVATE &&
                                  pshared != SPRIG_PTHREAD_PROCESS_SHARED)) {
        return EINVAL;
    }
    attr->pshared = pshared;
    return 0;
}

int sprig_pthread_condattr_getpshared(const sprig_pthread_condattr_t *attr, int *pshared)
{
    if (!PX_CONDATTR_OK(attr) || !pshared) {
        return EINVAL;
    }
    *pshared = attr->pshared;
    return 0;
}

static void px_cond_setup(sprig_pthread_cond_t *c, sprig_clockid_t clock)
{
    c->clock = clock;
    tos_list_init(&c->waiters);
    c->mutex = K_NULL;
    c->magic = PX_MAGIC_COND;
}

/* 0 if `c` is a condition variable (a statically initialised one is set up now). */
static int px_cond_check(sprig_pthread_cond_t *c)
{
    PX_CS_ALLOC();

    if (!c) {
        return EINVAL;
    }
    if (c->magic == PX_MAGIC_COND) {
        return 0;
    }
    if (c->magic != 0u) {
        return EINVAL;
    }
    PX_CS_ENTER();
    if (c->magic == 0u) {
        px_cond_setup(c, SPRIG_CLOCK_REALTIME);
    }
    PX_CS_EXIT();
    return 0;
}

int sprig_pthread_cond_init(sprig_pthread_cond_t *cond, const sprig_pthread_condattr_t *attr)
{
    if (px_in_isr()) {
        return EPERM;
    }
    if (!cond || (attr && (!PX_CONDATTR_OK(attr) || !px_clock_valid(attr->clock)))) {
        return EINVAL;
    }
    px_cond_setup(cond, attr ? attr->clock : SPRIG_CLOCK_REALTIME);
    return 0;
}

int sprig_pthread_cond_destroy(sprig_pthread_cond_t *cond)
{
    PX_CS_ALLOC();
    int err;

    if (px_in_isr()) {
        return EPERM;
    }
    err = px_cond_check(cond);
    if (err) {
        return err;
    }
    PX_CS_ENTER();
    if (!tos_list_empty(&cond->waiters)) {
        PX_CS_EXIT();
        return EBUSY;
    }
    cond->magic = PX_MAGIC_DEAD;
    PX_CS_EXIT();
    return 0;
}

static int px_cond_wait(sprig_pthread_cond_t *c, sprig_pthread_mutex_t *m, px_deadline_t *d)
{
    PX_CS_ALLOC();
    px_waiter_t w;
    uint16_t depth;
    int err, done, wait_err = 0;

    if (px_in_isr()) {
        return EPERM;
    }
    err = px_cond_check(c);
    if (!err) {
        err = px_mutex_check(m);
    }
    if (err) {
        return err;
    }
    if (m->owner != k_curr_task || !k_curr_task) {
        return EPERM;
    }
    err = px_block_check();
    if (err) {
        return err;
    }
    px_waiter_init(&w);
    PX_CS_ENTER();
    if (c->mutex && c->mutex != m && !tos_list_empty(&c->waiters)) {
        PX_CS_EXIT();
        px_waiter_fini(&w);
        return EINVAL;
    }
    c->mutex = m;
    px_waiter_link(&w, &c->waiters);
    PX_CS_EXIT();

    /* a signal from now on finds us linked */
    err = px_mutex_release_all(m, &depth);
    if (err) {
        PX_CS_ENTER();
        tos_list_del_init(&w.node);
        PX_CS_EXIT();
        px_waiter_fini(&w);
        return err;
    }
    done = px_waiter_wait(&w, d, &wait_err);
    px_waiter_fini(&w);
    if (!done) {
        PX_CS_ENTER();
        if (tos_list_empty(&c->waiters)) {
            c->mutex = K_NULL;
        }
        PX_CS_EXIT();
    }
    err = px_mutex_reacquire(m, depth);
    if (err) {
        return err;
    }
    return done ? 0 : wait_err;
}

int sprig_pthread_cond_wait(sprig_pthread_cond_t *cond, sprig_pthread_mutex_t *mutex)
{
    px_deadline_t d;

    px_deadline_forever(&d);
    return px_cond_wait(cond, mutex, &d);
}

int sprig_pthread_cond_timedwait(sprig_pthread_cond_t *cond, sprig_pthread_mutex_t *mutex,
                                 const struct timespec *abstime)
{
    px_deadline_t d;
    int err = px_cond_check(cond);

    if (err) {
        return err;
    }
    if (px_deadline_abs(&d, cond->clock, abstime)) {
        return EINVAL;
    }
    return px_cond_wait(cond, mutex, &d);
}

static int px_cond_wake(sprig_pthread_cond_t *c, int all)
{
    PX_CS_ALLOC();
    int err = px_cond_check(c);
    int held;

    if (err) {
        return err;
    }
    held = px_hold();
    PX_CS_ENTER();
    do {
        px_waiter_t *w = px_waiter_first(&c->waiters);
        if (!w) {
            break;
        }
        px_waiter_wake(w, 0);
    } while (all);
    if (tos_list_empty(&c->waiters)) {
        c->mutex = K_NULL;
    }
    PX_CS_EXIT();
    px_release(held);
    return 0;
}

int sprig_pthread_cond_signal(sprig_pthread_cond_t *cond)
{
    return px_cond_wake(cond, 0);
}

int sprig_pthread_cond_broadcast(sprig_pthread_cond_t *cond)
{
    return px_cond_wake(cond, 1);
}
