/*
 * Sprig virtual devices: a hardware timer block with independent channels, one interrupt line
 * each. A channel counts virtual time from when it is started and expires once (one-shot) or
 * every period (periodic). Periodic expiries fall on start + k * period exactly, however late
 * the interrupt is serviced, so they never drift. Each expiry sets the channel's pending flag
 * (the line is asserted while it is set) and counts; vdev_timer_ack() clears it.
 *
 * Threading: CPU thread only.
 */
#ifndef VDEV_TIMER_H
#define VDEV_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/bus.h"
#include "sim/clock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VDEV_TIMER_MAX_CHANNELS  8u

typedef struct vdev_timer vdev_timer_t;

vdev_timer_t *vdev_timer_create(const char *name, unsigned channels);
void          vdev_timer_destroy(vdev_timer_t *t);
sim_device_t *vdev_timer_device(vdev_timer_t *t);
unsigned      vdev_timer_channels(const vdev_timer_t *t);
unsigned      vdev_timer_irq(const vdev_timer_t *t, unsigned ch);

/* Start (or restart) channel `ch`: first expiry `period` ns from now (period > 0). */
int        vdev_timer_start(vdev_timer_t *t, unsigned ch, sim_time_t period, bool periodic);
void       vdev_timer_stop(vdev_timer_t *t, unsigned ch);
bool       vdev_timer_running(const vdev_timer_t *t, unsigned ch);
/* Time since the current period began (0 when stopped). */
sim_time_t vdev_timer_elapsed(const vdev_timer_t *t, unsigned ch);
bool       vdev_timer_pending(const vdev_timer_t *t, unsigned ch);
void       vdev_timer_ack(vdev_timer_t *t, unsigned ch);
/* Expiries since the channel was started. */
uint64_t   vdev_timer_expiries(const vdev_timer_t *t, unsigned ch);

#ifdef __cplusplus
}
#endif

#endif /* VDEV_TIMER_H */
