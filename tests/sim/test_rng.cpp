// The seeded random source.
#include <gtest/gtest.h>

#include <set>

extern "C" {
#include "sim/rng.h"
}

TEST(Rng, SameSeedSameSequenceDifferentSeedDifferentSequence)
{
    sim_rng_t a, b, c;
    sim_rng_init(&a, 42);
    sim_rng_init(&b, 42);
    sim_rng_init(&c, 43);
    bool differs = false;
    for (int i = 0; i < 100; i++) {
        uint64_t x = sim_rng_next_r(&a);
        EXPECT_EQ(x, sim_rng_next_r(&b));
        differs |= x != sim_rng_next_r(&c);
    }
    EXPECT_TRUE(differs);
}

TEST(Rng, BelowStaysInRangeAndCoversIt)
{
    sim_rng_t r;
    sim_rng_init(&r, 7);
    std::set<uint64_t> seen;
    for (int i = 0; i < 10000; i++) {
        uint64_t v = sim_rng_below_r(&r, 10);
        ASSERT_LT(v, 10u);
        seen.insert(v);
    }
    EXPECT_EQ(seen.size(), 10u);
    EXPECT_EQ(sim_rng_below_r(&r, 0), 0u);
}

TEST(Rng, SharedGeneratorFollowsTheSeed)
{
    sim_rng_seed(5);
    uint64_t first = sim_rng_next();
    sim_rng_seed(5);
    EXPECT_EQ(sim_rng_next(), first);
}
