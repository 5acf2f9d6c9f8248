/*
 * Sprig simulator: the seeded random source. Every random choice the simulator makes comes from
 * here, so --seed=N reproduces a run. Not for cryptography. CPU thread only.
 */
#ifndef SIM_RNG_H
#define SIM_RNG_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

void     sim_rng_seed(uint64_t seed);
uint64_t sim_rng_next(void);
/* Uniform in [0, bound); bound 0 returns 0. */
uint64_t sim_rng_below(uint64_t bound);

/* An independent generator for code that must not disturb the shared sequence
   (e.g. a test hammer on another host thread). */
typedef struct { uint64_t s[4]; } sim_rng_t;
void     sim_rng_init(sim_rng_t *r, uint64_t seed);
uint64_t sim_rng_next_r(sim_rng_t *r);
uint64_t sim_rng_below_r(sim_rng_t *r, uint64_t bound);

#ifdef __cplusplus
}
#endif

#endif /* SIM_RNG_H */
