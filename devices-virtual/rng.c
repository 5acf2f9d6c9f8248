/*
 * The virtual RNG. See devices-virtual/include/vdev/rng.h.
 */
#include "vdev/rng.h"

#include <stdlib.h>
#include <string.h>

#include "sim/options.h"
#include "sim/rng.h"

#define RNG_STREAM  0x5eed0f5eed0f0001ull   /* keeps this stream apart from the shared one */

struct vdev_rng {
    sim_device_t dev;
    sim_rng_t    gen;
};

static void rng_reset(sim_device_t *dev)
{
    vdev_rng_t *r = dev->ctx;
    sim_rng_init(&r->gen, sim_options()->seed ^ RNG_STREAM);
}

static const sim_device_ops_t rng_ops = {
    .reset = rng_reset,
};

void vdev_rng_read(vdev_rng_t *r, void *buf, size_t len)
{
    uint8_t *p = buf;
    while (len) {
        uint64_t v = sim_rng_next_r(&r->gen);
        size_t n = len < sizeof v ? len : sizeof v;
        memcpy(p, &v, n);
        p += n;
        len -= n;
    }
}

vdev_rng_t *vdev_rng_create(const char *name)
{
    vdev_rng_t *r = calloc(1, sizeof *r);
    if (!r) {
        return NULL;
    }
    if (sim_bus_attach(&r->dev, name, &rng_ops, r, 0u) != 0) {
        free(r);
        return NULL;
    }
    rng_reset(&r->dev);
    return r;
}

void vdev_rng_destroy(vdev_rng_t *r)
{
    if (r) {
        sim_bus_detach(&r->dev);
        free(r);
    }
}

sim_device_t *vdev_rng_device(vdev_rng_t *r)
{
    return &r->dev;
}
