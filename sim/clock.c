/*
 * Virtual clock and event queue. See sim/include/sim/clock.h.
 *
 * The queue is a sorted singly linked list: a simulated board has a handful of live events
 * (systick, a few device timers), so insertion cost is dominated by the first comparisons.
 */
#include "sim/clock.h"

#include <math.h>
#include <stdatomic.h>
#include <stddef.h>

#include "sim/host.h"

static struct {
    sim_time_t         now;          /* virtual time of the last advance */
    sim_event_t       *head;
    uint64_t           seq;
    uint64_t           fired;
    sim_clock_mode_t   mode;
    double             speed;
    /* realtime origin: virtual `origin_virt` corresponds to host `origin_host` */
    sim_time_t         origin_virt;
    uint64_t           origin_host;
    sim_host_time_fn_t host_fn;
    void             (*head_hook)(void);
    /* read from the signal handler, hence atomics (relaxed: same thread, just not torn) */
    _Atomic uint64_t   head_host_deadline;
    _Atomic uint64_t   advances;
} clk = { .speed = 1.0, .head_host_deadline = UINT64_MAX };

uint64_t sim_clock_host_now(void)
{
    return clk.host_fn ? clk.host_fn() : sim_host_monotonic_ns();
}

void sim_clock_set_host_source(sim_host_time_fn_t fn)
{
    clk.host_fn = fn;
}

uint64_t sim_clock_host_deadline(sim_time_t t)
{
    if (t == SIM_TIME_NEVER) {
        return UINT64_MAX;
    }
    if (t <= clk.origin_virt) {
        return clk.origin_host;
    }
    double host = (double)(t - clk.origin_virt) / clk.speed;
    if (host >= 1.8e19) {
        return UINT64_MAX;
    }
    return clk.origin_host + (uint64_t)ceil(host);
}

/* Virtual time the host clock currently maps to (realtime mode). */
static sim_time_t host_mapped_now(void)
{
    uint64_t h = sim_clock_host_now();
    if (h <= clk.origin_host) {
        return clk.origin_virt;
    }
    return clk.origin_virt + (sim_time_t)((double)(h - clk.origin_host) * clk.speed);
}

static void head_changed(void)
{
    uint64_t d = UINT64_MAX;
    if (clk.head) {
        d = clk.mode == SIM_CLOCK_REALTIME ? sim_clock_host_deadline(clk.head->when) : 0;
    }
    atomic_store_explicit(&clk.head_host_deadline, d, memory_order_relaxed);
    if (clk.head_hook) {
        clk.head_hook();
    }
}

void sim_clock_set_head_hook(void (*fn)(void))
{
    clk.head_hook = fn;
}

static void move_to(sim_time_t t)
{
    if (t > clk.now) {
        clk.now = t;
        atomic_fetch_add_explicit(&clk.advances, 1, memory_order_relaxed);
    }
}

void sim_clock_reset(void)
{
    /* The queued events are forgotten without touching them: their owners may be gone (a
       reset ends a whole machine). Owners re-initialise their events before reuse. */
    clk.head = NULL;
    clk.now = 0;
    clk.seq = 0;
    clk.fired = 0;
    clk.origin_virt = 0;
    clk.origin_host = sim_clock_host_now();
    atomic_fetch_add_explicit(&clk.advances, 1, memory_order_relaxed);
    head_changed();
}

void sim_clock_set_mode(sim_clock_mode_t mode, double speed)
{
    sim_time_t now = sim_clock_now();
    clk.mode = mode;
    clk.speed = speed > 0.0 ? speed : 1.0;
    clk.origin_virt = now;
    clk.origin_host = sim_clock_host_now();
    clk.now = now;
    head_changed();
}

sim_clock_mode_t sim_clock_mode(void)
{
    return clk.mode;
}

double sim_clock_speed(void)
{
    return clk.speed;
}

sim_time_t sim_clock_now(void)
{
    if (clk.mode == SIM_CLOCK_REALTIME) {
        sim_time_t t = host_mapped_now();
        sim_time_t limit = clk.head ? clk.head->when : SIM_TIME_NEVER;
        if (t > limit) {
            t = limit;
        }
        move_to(t);
    }
    return clk.now;
}

void sim_event_init(sim_event_t *ev, const char *name, sim_event_fn_t fn, void *arg)
{
    ev->when = 0;
    ev->seq = 0;
    ev->next = NULL;
    ev->fn = fn;
    ev->arg = arg;
    ev->name = name;
    ev->queued = false;
}

static void unlink_event(sim_event_t *ev)
{
    sim_event_t **pp = &clk.head;
    while (*pp && *pp != ev) {
        pp = &(*pp)->next;
    }
    if (*pp) {
        *pp = ev->next;
    }
    ev->next = NULL;
    ev->queued = false;
}

void sim_event_schedule(sim_event_t *ev, sim_time_t when)
{
    sim_event_t *old_head = clk.head;
    if (ev->queued) {
        unlink_event(ev);
    }
    ev->when = when;
    ev->seq = clk.seq++;
    sim_event_t **pp = &clk.head;
    while (*pp && (*pp)->when <= when) {
        pp = &(*pp)->next;
    }
    ev->next = *pp;
    *pp = ev;
    ev->queued = true;
    if (clk.head != old_head || clk.head == ev) {
        head_changed();
    }
}

void sim_event_cancel(sim_event_t *ev)
{
    if (!ev->queued) {
        return;
    }
    bool was_head = clk.head == ev;
    unlink_event(ev);
    if (was_head) {
        head_changed();
    }
}

sim_time_t sim_clock_next_event(void)
{
    return clk.head ? clk.head->when : SIM_TIME_NEVER;
}

/* Pop and run the head event, moving time to it. */
static void fire_head(void)
{
    sim_event_t *ev = clk.head;
    clk.head = ev->next;
    ev->next = NULL;
    ev->queued = false;
    move_to(ev->when);
    head_changed();
    clk.fired++;
    ev->fn(ev->arg);
}

void sim_clock_advance_to(sim_time_t t)
{
    while (clk.head && clk.head->when <= t) {
        fire_head();
    }
    move_to(t);
}

bool sim_clock_jump_to_next(void)
{
    if (!clk.head) {
        return false;
    }
    sim_time_t t = clk.head->when;
    if (t < clk.now) {
        t = clk.now;
    }
    sim_clock_advance_to(t);
    return true;
}

bool sim_clock_fire_due(void)
{
    bool any = false;
    sim_time_t mapped = host_mapped_now();
    while (clk.head && clk.head->when <= mapped) {
        fire_head();
        any = true;
    }
    move_to(mapped < (clk.head ? clk.head->when : SIM_TIME_NEVER) ? mapped : clk.now);
    return any;
}

uint64_t sim_clock_head_host_deadline(void)
{
    return atomic_load_explicit(&clk.head_host_deadline, memory_order_relaxed);
}

uint64_t sim_clock_advance_count(void)
{
    return atomic_load_explicit(&clk.advances, memory_order_relaxed);
}

uint64_t sim_clock_events_fired(void)
{
    return clk.fired;
}
