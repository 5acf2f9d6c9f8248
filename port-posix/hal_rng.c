/*
 * HAL RNG for the simulator's generator (devices-virtual/rng.c). See hal/include/hal_rng.h.
 */
#include "hal_sim.h"

int hal_rng_read(void *buf, size_t len)
{
    vdev_rng_t *r = hal_sim_rng();
    if (!buf && len) {
        return HAL_EINVAL;
    }
    if (!r) {
        return HAL_EIO;
    }
    cpu_cpsr_t s = port_cpsr_save();
    vdev_rng_read(r, buf, len);
    port_cpsr_restore(s);
    return HAL_OK;
}
