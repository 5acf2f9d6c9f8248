/*
 * Sprig POSIX layer: environment checks, time conversions, deadlines, waiter records and the
 * layer's global state.
 */
#include "px_internal.h"

struct px_state px;

/* ------------------------------------------------------------------------------------------ */
/* state                                                                                       */

static void px_state_init(void)
{
    tos_list_init(&px.threads);
    tos_list_init(&px.zombies);
    tos_list_init(&px.adopted);
    tos_list_init(&px.rt_waits);
    tos_list_init(&px.once_waits);
    tos_list_init(&px.once_runs);
    tos_list_init(&px.mqs);
    tos_list_init(&px.timers);
    px.mono = 0u;
    px.mono_last = 0u;
    px.rt_offset = 0;
}

void px_state_ready(void)
{
    PX_CS_ALLOC();

    if (likely(px.ready)) {
        return;
    }
    PX_CS_ENTER();
    if (!px.ready) {
        px_state_init();
        px.ready = 1;
    }
    PX_CS_EXIT();
}

void sprig_posix_reset(void)
{
    PX_CS_ALLOC();

    PX_CS_ENTER();
    px_state_init();
    px.ready = 1;
    px_keys_reset();
    px_mq_reset();
    PX_CS_EXIT();
}

/* ------------------------------------------------------------------------------------------ */
/* environment                                                                                 */

int px_in_isr(void)
{
    return tos_knl_is_inirq();
}

int px_block_check(void)
{
    if (tos_knl_is_inirq() || !tos_knl_is_running()) {
        return EPERM;
    }
    if (tos_knl_is_sched_locked()) {
        return EDEADLK;
    }
    return 0;
}

int px_hold(void)
{
    if (tos_knl_is_inirq() || !tos_knl_is_running()) {
        return 0;       /* nothing switches tasks in an ISR or before the start */
    }
    return tos_knl_sched_lock() == K_ERR_NONE;
}

void px_release(int held)
{
    if (held) {
        (void)tos_knl_sched_unlock();
    }
}

int px_kerr(k_err_t err)
{
    switch (err) {
    case K_ERR_NONE:
        return 0;
    case K_ERR_PEND_TIMEOUT:
        return ETIMEDOUT;
    case K_ERR_IN_IRQ:
    case K_ERR_KNL_NOT_RUNNING:
        return EPERM;
    case K_ERR_PEND_SCHED_LOCKED:
    case K_ERR_SCHED_LOCKED:
        return EDEADLK;
    case K_ERR_PEND_NOWAIT:
        return EBUSY;
    default:
        return EINVAL;      /* destroyed under the waiter, not an object */
    }
}

int px_fail(int err)
{
    errno = err;
    return -1;
}

/* ------------------------------------------------------------------------------------------ */
/* time                                                                                        */

static int64_t px_mono_ticks(void)
{
#if TOS_CFG_TICK_64BIT_EN > 0u
    return (int64_t)tos_systick_monotonic_get();
#else
    /* extend the 32-bit kernel tick: correct as long as the clock is read at least once per
       2^32 ticks (the layer's own timeouts and timers read it) */
    PX_CS_ALLOC();
    uint64_t now;

    PX_CS_ENTER();
    k_tick_t t = tos_systick_monotonic_get();
    px.mono += (k_tick_t)(t - px.mono_last);
    px.mono_last = t;
    now = px.mono;
    PX_CS_EXIT();
    return (int64_t)now;
#endif
}

int px_clock_valid(sprig_clockid_t clock)
{
    return clock == SPRIG_CLOCK_REALTIME || clock == SPRIG_CLOCK_MONOTONIC;
}

int64_t px_clock_ticks(sprig_clockid_t clock)
{
    int64_t t = px_mono_ticks();

    if (clock == SPRIG_CLOCK_REALTIME) {
        PX_CS_ALLOC();
        PX_CS_ENTER();
        t += px.rt_offset;
        PX_CS_EXIT();
    }
    return t;
}

int px_ts_valid(const struct timespec *ts)
{
    return ts && ts->tv_nsec >= 0 && ts->tv_nsec < PX_NSEC_PER_SEC;
}

/* Seconds beyond which tick counts are clamped (far beyond any real deadline, and far from
   int64 overflow). */
#define PX_SEC_LIMIT    ((int64_t)(INT64_MAX / 4 / PX_HZ))

int64_t px_ts_to_ticks_ceil(const struct timespec *ts)
{
    int64_t sec = (int64_t)ts->tv_sec;
    int64_t sub;

    if (sec > PX_SEC_LIMIT) {
        return PX_SEC_LIMIT * PX_HZ;
    }
    if (sec < -PX_SEC_LIMIT) {
        return -PX_SEC_LIMIT * PX_HZ;
    }
    sub = ((int64_t)ts->tv_nsec * PX_HZ + PX_NSEC_PER_SEC - 1) / PX_NSEC_PER_SEC;
    return sec * PX_HZ + sub;
}

void px_ticks_to_ts(int64_t ticks, struct timespec *ts)
{
    if (ticks < 0) {
        ticks = 0;
    }
    ts->tv_sec = (time_t)(ticks / PX_HZ);
    ts->tv_nsec = (long)((ticks % PX_HZ) * PX_NSEC_PER_SEC / PX_HZ);
}

int px_deadline_abs(px_deadline_t *d, sprig_clockid_t clock, const struct timespec *abs)
{
    d->forever = 0;
    d->clock = clock;
    d->task = K_NULL;
    tos_list_init(&d->rt_node);
    if (!px_ts_valid(abs)) {
        d->tick = 0;
        return EINVAL;
    }
    d->tick = px_ts_to_ticks_ceil(abs);
    return 0;
}

void px_deadline_forever(px_deadline_t *d)
{
    d->forever = 1;
    d->clock = SPRIG_CLOCK_MONOTONIC;
    d->tick = 0;
    d->task = K_NULL;
    tos_list_init(&d->rt_node);
}

void px_deadline_ticks(px_deadline_t *d, int64_t mono_tick)
{
    px_deadline_forever(d);
    d->forever = 0;
    d->tick = mono_tick;
}

void px_deadline_begin(px_deadline_t *d)
{
    PX_CS_ALLOC();

    if (d->forever || d->clock != SPRIG_CLOCK_REALTIME) {
        return;
    }
    px_state_ready();
    d->task = k_curr_task;
    PX_CS_ENTER();
    tos_list_add_tail(&d->rt_node, &px.rt_waits);
    PX_CS_EXIT();
}

void px_deadline_end(px_deadline_t *d)
{
    PX_CS_ALLOC();

    if (d->forever || d->clock != SPRIG_CLOCK_REALTIME) {
        return;
    }
    PX_CS_ENTER();
    tos_list_del_init(&d->rt_node);
    PX_CS_EXIT();
}

k_tick_t px_deadline_left(px_deadline_t *d)
{
    int64_t left;

    if (d->forever) {
        return TOS_TIME_FOREVER;
    }
    left = d->tick - px_clock_ticks(d->clock);
    if (left <= 0) {
        return 0u;
    }
    if ((uint64_t)left > (uint64_t)PX_WAIT_CHUNK) {
        return PX_WAIT_CHUNK;
    }
    return (k_tick_t)left;
}

/* CS held, scheduler held: CLOCK_REALTIME was set. A registered waiter that is blocked (in a
   kernel wait or a delay) ends that wait as a timeout would; its call then recomputes the
   deadline on the new clock. One that has registered but not blocked yet computes its wait
   from the clock it read before: it may wake later than the new clock says, never earlier
   (it recomputes then). */
static void px_rt_waits_wake(void)
{
    px_deadline_t *d;

    TOS_LIST_FOR_EACH_ENTRY(d, px_deadline_t, rt_node, &px.rt_waits) {
        if (d->task) {
            /* K_ERR_TASK_NOT_DELAY for one not blocked (the caller among them) */
            (void)tos_task_wait_abort(d->task);
        }
    }
}

/* ---- the clock calls ---- */

int sprig_clock_gettime(sprig_clockid_t clock_id, struct timespec *tp)
{
    if (!px_clock_valid(clock_id) || !tp) {
        return px_fail(EINVAL);
    }
    px_ticks_to_ts(px_clock_ticks(clock_id), tp);
    return 0;
}

int sprig_clock_getres(sprig_clockid_t clock_id, struct timespec *res)
{
    if (!px_clock_valid(clock_id)) {
        return px_fail(EINVAL);
    }
    if (res) {
        res->tv_sec = (time_t)(PX_HZ == 1 ? 1 : 0);
        res->tv_nsec = PX_HZ == 1 ? 0L : (long)((PX_NSEC_PER_SEC + PX_HZ - 1) / PX_HZ);
    }
    return 0;
}

int sprig_clock_settime(sprig_clockid_t clock_id, const struct timespec *tp)
{
    PX_CS_ALLOC();
    int64_t mono, want;
    int held;

    if (clock_id != SPRIG_CLOCK_REALTIME || !px_ts_valid(tp) || tp->tv_sec < 0) {
        return px_fail(EINVAL);
    }
    px_state_ready();
    /* truncated to the clock's resolution, as POSIX specifies */
    want = (int64_t)tp->tv_sec * PX_HZ + (int64_t)tp->tv_nsec * PX_HZ / PX_NSEC_PER_SEC;
    if ((int64_t)tp->tv_sec > PX_SEC_LIMIT) {
        want = PX_SEC_LIMIT * PX_HZ;
    }
    held = px_hold();
    PX_CS_ENTER();
    mono = px_mono_ticks();
    px.rt_offset = want - mono;
    px_rt_waits_wake();
    px_timer_clock_set();
    PX_CS_EXIT();
    px_release(held);
    return 0;
}

/* ---- sleeps ---- */

static int px_sleep_until(px_deadline_t *d)
{
    int err = 0;

    px_deadline_begin(d);
    for (;;) {
        k_tick_t left = px_deadline_left(d);
        k_err_t kerr;

        if (left == 0u) {
            break;
        }
        kerr = tos_task_delay(left);
        if (kerr != K_ERR_NONE) {
            err = px_kerr(kerr);
            break;
        }
    }
    px_deadline_end(d);
    return err;
}

int sprig_clock_nanosleep(sprig_clockid_t clock_id, int flags, const struct timespec *rqtp,
                          struct timespec *rmtp)
{
    px_deadline_t d;
    int err;

    (void)rmtp;         /* never interrupted: nothing remains */
    if (!px_clock_valid(clock_id) || !px_ts_valid(rqtp) ||
        (flags & ~SPRIG_TIMER_ABSTIME) != 0) {
        return EINVAL;
    }
    err = px_block_check();
    if (err) {
        return err;
    }
    if (flags & SPRIG_TIMER_ABSTIME) {
        (void)px_deadline_abs(&d, clock_id, rqtp);
    } else {
        if (rqtp->tv_sec < 0) {
            return EINVAL;
        }
        if (rqtp->tv_sec == 0 && rqtp->tv_nsec == 0) {
            tos_task_yield();
            return 0;
        }
        px_deadline_ticks(&d, px_clock_ticks(SPRIG_CLOCK_MONOTONIC) + px_ts_to_ticks_ceil(rqtp));
    }
    return px_sleep_until(&d);
}

int sprig_nanosleep(const struct timespec *rqtp, struct timespec *rmtp)
{
    int err = sprig_clock_nanosleep(SPRIG_CLOCK_MONOTONIC, 0, rqtp, rmtp);

    return err ? px_fail(err) : 0;
}

/* ------------------------------------------------------------------------------------------ */
/* waiters                                                                                     */

void px_waiter_init(px_waiter_t *w)
{
    tos_list_init(&w->node);
    w->task = k_curr_task;
    w->prio = k_curr_task ? k_curr_task->prio : 0u;
    w->done = 0u;
    w->result = 0;
    w->key = K_NULL;
    w->buf = K_NULL;
    w->len = 0u;
    w->msg_prio = 0u;
    (void)tos_sem_create_max(&w->sem, 0u, 1u);
}

void px_waiter_fini(px_waiter_t *w)
{
    (void)tos_sem_destroy(&w->sem);
}

void px_waiter_link(px_waiter_t *w, k_list_t *list)
{
    k_list_t *curr;

    /* after the last waiter of equal or more urgent priority */
    TOS_LIST_FOR_EACH_PREV(curr, list) {
        px_waiter_t *other = TOS_LIST_ENTRY(curr, px_waiter_t, node);
        if (other->prio <= w->prio) {
            break;
        }
    }
    tos_list_add(&w->node, curr);
}

void px_waiter_wake(px_waiter_t *w, int result)
{
    tos_list_del_init(&w->node);
    w->result = result;
    w->done = 1u;
    (void)tos_sem_post(&w->sem);
}

px_waiter_t *px_waiter_first(k_list_t *list)
{
    return TOS_LIST_FIRST_ENTRY_OR_NULL(list, px_waiter_t, node);
}

int px_waiter_wait(px_waiter_t *w, px_deadline_t *d, int *err)
{
    PX_CS_ALLOC();
    int done;
    int e = 0;

    px_deadline_begin(d);
    for (;;) {
        k_tick_t left = px_deadline_left(d);
        k_err_t kerr;

        if (w->done) {
            break;
        }
        if (left == 0u) {
            e = ETIMEDOUT;
            break;
        }
        kerr = tos_sem_pend(&w->sem, left);
        if (kerr == K_ERR_NONE) {
            continue;           /* posted: done is set */
        }
        if (kerr != K_ERR_PEND_TIMEOUT) {
            e = px_kerr(kerr);
            break;
        }
        /* timed out (or CLOCK_REALTIME was set): look at the deadline again */
    }
    px_deadline_end(d);
    PX_CS_ENTER();
    done = w->done;
    if (!done) {
        tos_list_del_init(&w->node);
    }
    PX_CS_EXIT();
    if (!done) {
        *err = e ? e : ETIMEDOUT;
    }
    return done;
}
