/*
 * The virtual timer block. See devices-virtual/include/vdev/timer.h.
 */
#include "vdev/timer.h"

#include <stdlib.h>

#include "sim/irqc.h"

typedef struct {
    vdev_timer_t *owner;
    unsigned      index;
    bool          running;
    bool          periodic;
    bool          pending;
    sim_time_t    start;        /* when it was started */
    sim_time_t    period;
    uint64_t      expiries;
    sim_event_t   ev;
} channel_t;

struct vdev_timer {
    sim_device_t dev;
    unsigned     nch;
    channel_t    ch[VDEV_TIMER_MAX_CHANNELS];
};

static void expire(void *arg)
{
    channel_t *c = arg;
    c->expiries++;
    c->pending = true;
    if (c->periodic) {
        sim_event_schedule(&c->ev, c->start + (c->expiries + 1u) * c->period);
    } else {
        c->running = false;
    }
    sim_irq_set_pending(c->owner->dev.irq + c->index);
}

int vdev_timer_start(vdev_timer_t *t, unsigned ch, sim_time_t period, bool periodic)
{
    if (ch >= t->nch || period == 0u) {
        return -1;
    }
    channel_t *c = &t->ch[ch];
    c->running = true;
    c->periodic = periodic;
    c->period = period;
    c->start = sim_clock_now();
    c->expiries = 0u;
    sim_event_schedule(&c->ev, c->start + period);
    return 0;
}

void vdev_timer_stop(vdev_timer_t *t, unsigned ch)
{
    if (ch < t->nch) {
        t->ch[ch].running = false;
        sim_event_cancel(&t->ch[ch].ev);
    }
}

bool vdev_timer_running(const vdev_timer_t *t, unsigned ch)
{
    return ch < t->nch && t->ch[ch].running;
}

sim_time_t vdev_timer_elapsed(const vdev_timer_t *t, unsigned ch)
{
    if (ch >= t->nch || !t->ch[ch].running) {
        return 0u;
    }
    const channel_t *c = &t->ch[ch];
    return sim_clock_now() - (c->start + c->expiries * c->period);
}

bool vdev_timer_pending(const vdev_timer_t *t, unsigned ch)
{
    return ch < t->nch && t->ch[ch].pending;
}

void vdev_timer_ack(vdev_timer_t *t, unsigned ch)
{
    if (ch < t->nch) {
        t->ch[ch].pending = false;
        sim_irq_clear_pending(t->dev.irq + ch);
    }
}

uint64_t vdev_timer_expiries(const vdev_timer_t *t, unsigned ch)
{
    return ch < t->nch ? t->ch[ch].expiries : 0u;
}

static void timer_reset(sim_device_t *dev)
{
    vdev_timer_t *t = dev->ctx;
    for (unsigned i = 0; i < t->nch; i++) {
        channel_t *c = &t->ch[i];
        c->owner = t;
        c->index = i;
        c->running = c->periodic = c->pending = false;
        c->start = c->period = 0u;
        c->expiries = 0u;
        sim_event_init(&c->ev, dev->name, expire, c);
    }
}

static const sim_device_ops_t timer_ops = {
    .reset = timer_reset,
};

vdev_timer_t *vdev_timer_create(const char *name, unsigned channels)
{
    if (channels == 0u || channels > VDEV_TIMER_MAX_CHANNELS) {
        return NULL;
    }
    vdev_timer_t *t = calloc(1, sizeof *t);
    if (!t) {
        return NULL;
    }
    if (sim_bus_attach(&t->dev, name, &timer_ops, t, channels) != 0) {
        free(t);
        return NULL;
    }
    t->nch = channels;
    timer_reset(&t->dev);
    return t;
}

void vdev_timer_destroy(vdev_timer_t *t)
{
    if (!t) {
        return;
    }
    for (unsigned i = 0; i < t->nch; i++) {
        sim_event_cancel(&t->ch[i].ev);
    }
    sim_bus_detach(&t->dev);
    free(t);
}

sim_device_t *vdev_timer_device(vdev_timer_t *t)
{
    return &t->dev;
}

unsigned vdev_timer_channels(const vdev_timer_t *t)
{
    return t->nch;
}

unsigned vdev_timer_irq(const vdev_timer_t *t, unsigned ch)
{
    return t->dev.irq + ch;
}
