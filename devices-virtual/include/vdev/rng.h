/*
 * Sprig virtual devices: a random number generator peripheral. Its output is a pseudo-random
 * stream seeded from --seed (its own stream, so reading it does not change the simulator's
 * other random choices): a run is reproducible, and different seeds give different numbers.
 * Not for cryptography. No interrupt; data is always ready.
 *
 * Threading: CPU thread only.
 */
#ifndef VDEV_RNG_H
#define VDEV_RNG_H

#include <stddef.h>
#include <stdint.h>

#include "sim/bus.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vdev_rng vdev_rng_t;

vdev_rng_t   *vdev_rng_create(const char *name);
void          vdev_rng_destroy(vdev_rng_t *r);
sim_device_t *vdev_rng_device(vdev_rng_t *r);
void          vdev_rng_read(vdev_rng_t *r, void *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* VDEV_RNG_H */
