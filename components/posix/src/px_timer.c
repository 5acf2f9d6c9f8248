/*
 * Sprig POSIX layer: per-process timers on kernel software timers.
 *
 * Each POSIX timer owns a k_timer_t, re-created on every timer_settime (the kernel fixes a
 * timer's mode at creation). Its callback runs in the kernel's timer task or tick ISR and only
 * counts: for SIGEV_THREAD it posts the timer's semaphore, on which the timer's notification
 * thread (a detached pthread made by timer_create) waits to call the function; an expiry while
 * a notification is still pending is an overrun. An expiry longer away than one kernel timer
 * can wait (half the tick range) is reached in steps (`defer`).
 *
 * The timer's memory belongs to its notification thread once it has one: timer_delete marks it
 * deleted and wakes the thread, which frees it and ends (after a call in progress returns, so
 * a notification function may delete its own timer).
 */
#include "px_internal.h"

struct sprig_posix_timer {
    uint32_t            magic;
    k_list_t            node;           /* in px.timers while it exists */
    sprig_clockid_t     clock;
    int                 notify;
    union sprig_sigval  value;
    void              (*fn)(union sprig_sigval);
    k_timer_t           kt;
    uint8_t             kt_live;        /* kt has been created */
    uint8_t             abs_rt;         /* armed for a CLOCK_REALTIME time not reached yet */
    uint8_t             deleted;
    uint8_t             pending;        /* a notification waits for the thread */
    int64_t             abs_tick;       /* that time, in CLOCK_REALTIME ticks */
    int64_t             defer;          /* ticks still to wait after kt's first expiry */
    k_tick_t            interval;       /* 0: one-shot */
    int                 overrun_acc;
    int                 overrun;
    k_sem_t             sem;
};

typedef struct sprig_posix_timer px_timer_t;

static void px_timer_fire(void *arg);

/* CS held. */
static void px_timer_disarm(px_timer_t *t)
{
    if (t->kt_live) {
        (void)tos_timer_stop(&t->kt);
        (void)tos_timer_destroy(&t->kt);
        t->kt_live = 0u;
    }
    t->abs_rt = 0u;
    t->defer = 0;
}

/* CS held: start the kernel timer for a first expiry `first` (> 0) ticks from now. */
static void px_timer_start(px_timer_t *t, int64_t first)
{
    k_tick_t delay;
    int periodic = t->interval != 0u;

    if ((uint64_t)first > (uint64_t)PX_WAIT_CHUNK) {
        t->defer = first - (int64_t)PX_WAIT_CHUNK;
        delay = PX_WAIT_CHUNK;
        periodic = 0;                   /* the period starts after the last step */
    } else {
        t->defer = 0;
        delay = (k_tick_t)first;
    }
    (void)tos_timer_create(&t->kt, delay, periodic ? t->interval : 0u, px_timer_fire, t,
                           periodic ? TOS_OPT_TIMER_PERIODIC : TOS_OPT_TIMER_ONESHOT);
    (void)tos_timer_start(&t->kt);
    t->kt_live = 1u;
}

/* Expiry: from the kernel timer, or from arming for a time that has passed. */
static void px_timer_fire(void *arg)
{
    PX_CS_ALLOC();
    px_timer_t *t = (px_timer_t *)arg;
    int held = px_hold();

    PX_CS_ENTER();
    if (t->defer > 0) {
        /* not there yet: the next step */
        int64_t rest = t->defer;
        (void)tos_timer_destroy(&t->kt);
        t->kt_live = 0u;
        px_timer_start(t, rest);
    } else {
        t->abs_rt = 0u;
        if (t->notify == SPRIG_SIGEV_THREAD && !t->deleted) {
            if (!t->pending) {
                t->pending = 1u;
                (void)tos_sem_post(&t->sem);
            } else if (t->overrun_acc < SPRIG_DELAYTIMER_MAX) {
                t->overrun_acc++;
            }
        }
    }
    PX_CS_EXIT();
    px_release(held);
}

/* CS held, scheduler held: arm for a first expiry `first` ticks from now (<= 0: now). */
static void px_timer_arm(px_timer_t *t, int64_t first, k_tick_t interval)
{
    px_timer_disarm(t);
    t->interval = interval;
    if (first <= 0) {
        px_timer_fire(t);
        if (!interval) {
            return;
        }
        first = (int64_t)interval;
    }
    px_timer_start(t, first);
}

void px_timer_clock_set(void)
{
    px_timer_t *t;

    TOS_LIST_FOR_EACH_ENTRY(t, px_timer_t, node, &px.timers) {
        if (t->abs_rt) {
            int64_t abs = t->abs_tick;
            px_timer_arm(t, abs - px_clock_ticks(SPRIG_CLOCK_REALTIME), t->interval);
            if (t->kt_live && abs > px_clock_ticks(SPRIG_CLOCK_REALTIME)) {
                t->abs_rt = 1u;
                t->abs_tick = abs;
            }
        }
    }
}

/* The timer, or NULL if `timerid` is none. */
static px_timer_t *px_timer_lookup(sprig_timer_t timerid)
{
    PX_CS_ALLOC();
    px_timer_t *t, *found = K_NULL;

    px_state_ready();
    PX_CS_ENTER();
    TOS_LIST_FOR_EACH_ENTRY(t, px_timer_t, node, &px.timers) {
        if (t == timerid && t->magic == PX_MAGIC_TIMER) {
            found = t;
            break;
        }
    }
    PX_CS_EXIT();
    return found;
}

static void *px_timer_thread(void *arg)
{
    PX_CS_ALLOC();
    px_timer_t *t = (px_timer_t *)arg;

    for (;;) {
        void (*fn)(union sprig_sigval);
        union sprig_sigval v;

        (void)tos_sem_pend(&t->sem, TOS_TIME_FOREVER);
        PX_CS_ENTER();
        if (t->deleted) {
            PX_CS_EXIT();
            break;
        }
        t->pending = 0u;
        t->overrun = t->overrun_acc;
        t->overrun_acc = 0;
        fn = t->fn;
        v = t->value;
        PX_CS_EXIT();
        fn(v);
    }
    (void)tos_sem_destroy(&t->sem);
    tos_mmheap_free(t);
    return K_NULL;
}

int sprig_timer_create(sprig_clockid_t clock_id, struct sprig_sigevent *evp,
                       sprig_timer_t *timerid)
{
    PX_CS_ALLOC();
    sprig_pthread_attr_t attr;
    sprig_pthread_t thread;
    px_timer_t *t;
    int err;

    if (px_in_isr()) {
        return px_fail(EPERM);
    }
    if (!px_clock_valid(clock_id) || !evp || !timerid) {
        return px_fail(EINVAL);
    }
    if (evp->sigev_notify == SPRIG_SIGEV_THREAD) {
        if (!evp->sigev_notify_function) {
            return px_fail(EINVAL);
        }
        if (evp->sigev_notify_attributes) {
            if (evp->sigev_notify_attributes->magic != PX_MAGIC_ATTR) {
                return px_fail(EINVAL);
            }
            attr = *evp->sigev_notify_attributes;
        } else {
            (void)sprig_pthread_attr_init(&attr);
        }
        attr.detachstate = SPRIG_PTHREAD_CREATE_DETACHED;
    } else if (evp->sigev_notify != SPRIG_SIGEV_NONE) {
        return px_fail(EINVAL);         /* SIGEV_SIGNAL: there are no signals */
    }
    px_state_ready();
    t = tos_mmheap_calloc(1u, sizeof *t);
    if (!t) {
        return px_fail(EAGAIN);
    }
    tos_list_init(&t->node);
    t->clock = clock_id;
    t->notify = evp->sigev_notify;
    t->value = evp->sigev_value;
    t->fn = evp->sigev_notify_function;
    (void)tos_sem_create(&t->sem, 0u);
    if (t->notify == SPRIG_SIGEV_THREAD) {
        err = sprig_pthread_create(&thread, &attr, px_timer_thread, t);
        if (err) {
            (void)tos_sem_destroy(&t->sem);
            tos_mmheap_free(t);
            return px_fail(err == EINVAL ? EINVAL : EAGAIN);
        }
    }
    PX_CS_ENTER();
    t->magic = PX_MAGIC_TIMER;
    tos_list_add_tail(&t->node, &px.timers);
    PX_CS_EXIT();
    *timerid = t;
    return 0;
}

int sprig_timer_delete(sprig_timer_t timerid)
{
    PX_CS_ALLOC();
    px_timer_t *t;
    int held;

    if (px_in_isr()) {
        return px_fail(EPERM);
    }
    t = px_timer_lookup(timerid);
    if (!t) {
        return px_fail(EINVAL);
    }
    held = px_hold();
    PX_CS_ENTER();
    tos_list_del_init(&t->node);
    t->magic = PX_MAGIC_DEAD;
    px_timer_disarm(t);
    if (t->notify == SPRIG_SIGEV_THREAD) {
        t->deleted = 1u;
        (void)tos_sem_post(&t->sem);    /* the thread frees it */
        t = K_NULL;
    }
    PX_CS_EXIT();
    px_release(held);
    if (t) {
        (void)tos_sem_destroy(&t->sem);
        tos_mmheap_free(t);
    }
    return 0;
}

/* CS held. */
static void px_timer_get(px_timer_t *t, struct sprig_itimerspec *v)
{
    int64_t left = 0;

    if (t->kt_live && t->kt.state == TIMER_STATE_RUNNING) {
        k_stick_t d = (k_stick_t)(t->kt.expires - tos_systick_monotonic_get());
        left = (d > 0 ? (int64_t)d : 0) + t->defer;
    }
    px_ticks_to_ts(left, &v->it_value);
    px_ticks_to_ts((int64_t)t->interval, &v->it_interval);
}

int sprig_timer_gettime(sprig_timer_t timerid, struct sprig_itimerspec *value)
{
    PX_CS_ALLOC();
    px_timer_t *t = px_timer_lookup(timerid);

    if (!t || !value) {
        return px_fail(EINVAL);
    }
    PX_CS_ENTER();
    px_timer_get(t, value);
    PX_CS_EXIT();
    return 0;
}

static k_tick_t px_interval_ticks(const struct timespec *ts)
{
    int64_t n = px_ts_to_ticks_ceil(ts);

    return (uint64_t)n > (uint64_t)PX_WAIT_CHUNK ? PX_WAIT_CHUNK : (k_tick_t)n;
}

int sprig_timer_settime(sprig_timer_t timerid, int flags, const struct sprig_itimerspec *value,
                        struct sprig_itimerspec *ovalue)
{
    PX_CS_ALLOC();
    px_timer_t *t = px_timer_lookup(timerid);
    struct sprig_itimerspec old;
    int abs = (flags & SPRIG_TIMER_ABSTIME) != 0;
    int held;

    if (!t || !value || (flags & ~SPRIG_TIMER_ABSTIME) != 0 ||
        !px_ts_valid(&value->it_value) || !px_ts_valid(&value->it_interval) ||
        value->it_interval.tv_sec < 0 || (!abs && value->it_value.tv_sec < 0)) {
        return px_fail(EINVAL);
    }
    held = px_hold();
    PX_CS_ENTER();
    px_timer_get(t, &old);
    if (value->it_value.tv_sec == 0 && value->it_value.tv_nsec == 0) {
        px_timer_disarm(t);
        t->interval = px_interval_ticks(&value->it_interval);
    } else if (abs) {
        int64_t at = px_ts_to_ticks_ceil(&value->it_value);
        int64_t first = at - px_clock_ticks(t->clock);
        px_timer_arm(t, first, px_interval_ticks(&value->it_interval));
        if (t->clock == SPRIG_CLOCK_REALTIME && first > 0) {
            t->abs_rt = 1u;
            t->abs_tick = at;
        }
    } else {
        px_timer_arm(t, px_ts_to_ticks_ceil(&value->it_value),
                     px_interval_ticks(&value->it_interval));
    }
    PX_CS_EXIT();
    px_release(held);
    if (ovalue) {
        *ovalue = old;
    }
    return 0;
}

int sprig_timer_getoverrun(sprig_timer_t timerid)
{
    px_timer_t *t = px_timer_lookup(timerid);

    if (!t) {
        return px_fail(EINVAL);
    }
    return t->notify == SPRIG_SIGEV_THREAD ? t->overrun : 0;
}
