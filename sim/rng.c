/*
 * xoshiro256** seeded through splitmix64: small, fast, and good enough for simulation.
 */
#include "sim/rng.h"

static sim_rng_t shared;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

void sim_rng_init(sim_rng_t *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++) {
        r->s[i] = splitmix64(&seed);
    }
}

uint64_t sim_rng_next_r(sim_rng_t *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5u, 7) * 9u;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint64_t sim_rng_below_r(sim_rng_t *r, uint64_t bound)
{
    if (bound == 0) {
        return 0;
    }
    /* rejection sampling keeps the distribution uniform */
    uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    uint64_t x;
    do {
        x = sim_rng_next_r(r);
    } while (x >= limit);
    return x % bound;
}

void sim_rng_seed(uint64_t seed)
{
    sim_rng_init(&shared, seed);
}

uint64_t sim_rng_next(void)
{
    return sim_rng_next_r(&shared);
}

uint64_t sim_rng_below(uint64_t bound)
{
    return sim_rng_below_r(&shared, bound);
}
