/*
 * The device bus. See sim/include/sim/bus.h.
 */
#include "sim/bus.h"

#include <stdio.h>
#include <string.h>

#include "sim/irqc.h"
#include "sim/trace.h"

static struct {
    sim_device_t *first;
    sim_device_t *last;
    unsigned      doorbell;         /* SIM_IRQ_LINES: none */
    unsigned      first_line;
    unsigned      line_count;
    unsigned      next_line;
    unsigned      any_signalled;    /* accessed atomically */
    void        (*host_enter)(void);
    void        (*host_exit)(void);
} bus = { .doorbell = SIM_IRQ_LINES };

void sim_bus_configure(unsigned doorbell_line, unsigned first_line, unsigned line_count)
{
    bus.doorbell = doorbell_line;
    bus.first_line = first_line;
    bus.line_count = line_count;
    bus.next_line = first_line;
}

unsigned sim_bus_doorbell_line(void)
{
    return bus.doorbell;
}

int sim_bus_attach(sim_device_t *dev, const char *name, const sim_device_ops_t *ops, void *ctx,
                   unsigned irq_count)
{
    if (!dev || !name || !*name || !ops || sim_bus_find(name)) {
        return -1;
    }
    if (irq_count > bus.first_line + bus.line_count - bus.next_line) {
        return -1;
    }
    dev->name = name;
    dev->ops = ops;
    dev->ctx = ctx;
    dev->irq = bus.next_line;
    dev->irq_count = irq_count;
    dev->next = NULL;
    __atomic_store_n(&dev->signalled, 0u, __ATOMIC_SEQ_CST);
    bus.next_line += irq_count;
    if (bus.last) {
        bus.last->next = dev;
    } else {
        bus.first = dev;
    }
    bus.last = dev;
    return 0;
}

void sim_bus_detach(sim_device_t *dev)
{
    sim_device_t **pp = &bus.first;
    sim_device_t *prev = NULL;
    while (*pp) {
        if (*pp == dev) {
            *pp = dev->next;
            if (bus.last == dev) {
                bus.last = prev;
            }
            dev->next = NULL;
            return;
        }
        prev = *pp;
        pp = &(*pp)->next;
    }
}

void sim_bus_detach_all(void)
{
    while (bus.first) {
        sim_bus_detach(bus.first);
    }
    bus.next_line = bus.first_line;
}

sim_device_t *sim_bus_find(const char *name)
{
    for (sim_device_t *d = bus.first; d; d = d->next) {
        if (strcmp(d->name, name) == 0) {
            return d;
        }
    }
    return NULL;
}

sim_device_t *sim_bus_first(void)
{
    return bus.first;
}

static void bus_doorbell_isr(void)
{
    sim_bus_service();
}

void sim_bus_reset(void)
{
    if (bus.doorbell < SIM_IRQ_LINES) {
        sim_irq_connect(bus.doorbell, bus_doorbell_isr);
        sim_irq_set_priority(bus.doorbell, 0u);
        sim_irq_enable(bus.doorbell);
        sim_trace_name_irq(bus.doorbell, "host-io");
        /* input signalled before the reset is still waiting in the rings */
        if (__atomic_load_n(&bus.any_signalled, __ATOMIC_SEQ_CST)) {
            sim_irq_set_pending(bus.doorbell);
        }
    }
    for (sim_device_t *d = bus.first; d; d = d->next) {
        for (unsigned i = 0; i < d->irq_count; i++) {
            sim_trace_name_irq(d->irq + i, d->name);
        }
        if (d->ops->reset) {
            d->ops->reset(d);
        }
    }
}

void sim_bus_signal(sim_device_t *dev)
{
    __atomic_store_n(&dev->signalled, 1u, __ATOMIC_SEQ_CST);
    __atomic_store_n(&bus.any_signalled, 1u, __ATOMIC_SEQ_CST);
    if (bus.doorbell < SIM_IRQ_LINES) {
        sim_irq_set_pending(bus.doorbell);
    }
}

void sim_bus_service(void)
{
    if (!__atomic_exchange_n(&bus.any_signalled, 0u, __ATOMIC_SEQ_CST)) {
        return;
    }
    for (sim_device_t *d = bus.first; d; d = d->next) {
        if (__atomic_exchange_n(&d->signalled, 0u, __ATOMIC_SEQ_CST) && d->ops->service) {
            d->ops->service(d);
        }
    }
}

int sim_bus_stimulus(const char *target, const char *action, const void *data, size_t len,
                     char *err, size_t errlen)
{
    if (err && errlen) {
        err[0] = '\0';
    }
    for (sim_device_t *d = bus.first; d; d = d->next) {
        if (!d->ops->stimulus) {
            if (strcmp(d->name, target) == 0) {
                if (err && errlen) {
                    snprintf(err, errlen, "%s takes no stimulus", target);
                }
                return -1;
            }
            continue;
        }
        int r = d->ops->stimulus(d, target, action, data, len, err, errlen);
        if (r != 1) {
            return r;
        }
    }
    if (err && errlen) {
        snprintf(err, errlen, "no device or pin named '%s'", target);
    }
    return -1;
}

void sim_bus_shutdown(void)
{
    for (sim_device_t *d = bus.first; d; d = d->next) {
        if (d->ops->shutdown) {
            d->ops->shutdown(d);
        }
    }
}

void sim_bus_set_host_work(void (*enter)(void), void (*exit)(void))
{
    bus.host_enter = enter;
    bus.host_exit = exit;
}

void sim_bus_host_enter(void)
{
    if (bus.host_enter) {
        bus.host_enter();
    }
}

void sim_bus_host_exit(void)
{
    if (bus.host_exit) {
        bus.host_exit();
    }
}
