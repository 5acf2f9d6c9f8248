/*
 * Sprig HAL: random numbers from the MCU's generator. Any context, never blocks. On the
 * simulator the numbers are pseudo-random from --seed, so runs are reproducible; on hardware
 * they come from the true RNG. Not a substitute for a cryptographic DRBG.
 */
#ifndef HAL_RNG_H
#define HAL_RNG_H

#include <stddef.h>

#include "hal_err.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Fill `buf` with `len` random bytes. HAL_OK; HAL_EINVAL (buf NULL with len > 0);
   HAL_EIO (the generator failed its health check). */
int hal_rng_read(void *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* HAL_RNG_H */
