// The lock-free SPSC byte ring (sim/spsc.h): semantics on one thread, then a producer and a
// consumer on two threads passing a long counting sequence through a small ring.
#include <gtest/gtest.h>

#include <cstdint>
#include <thread>
#include <vector>

extern "C" {
#include "sim/spsc.h"
}

TEST(Spsc, RejectsCapacitiesThatAreNotPowersOfTwo)
{
    sim_spsc_t r;
    uint8_t store[16];
    EXPECT_EQ(sim_spsc_init(&r, store, 0), -1);
    EXPECT_EQ(sim_spsc_init(&r, store, 1), -1);
    EXPECT_EQ(sim_spsc_init(&r, store, 12), -1);
    EXPECT_EQ(sim_spsc_init(&r, nullptr, 16), -1);
    EXPECT_EQ(sim_spsc_init(&r, store, 16), 0);
    EXPECT_EQ(sim_spsc_capacity(&r), 16u);
}

TEST(Spsc, PushesWhatFitsAndPopsInOrderAcrossTheWrap)
{
    sim_spsc_t r;
    uint8_t store[8];
    ASSERT_EQ(sim_spsc_init(&r, store, sizeof store), 0);
    const uint8_t a[] = { 1, 2, 3, 4, 5, 6 };
    EXPECT_EQ(sim_spsc_push(&r, a, 6), 6u);
    uint8_t out[8] = {};
    EXPECT_EQ(sim_spsc_pop(&r, out, 4), 4u);
    EXPECT_EQ(out[0], 1);
    EXPECT_EQ(out[3], 4);
    // 2 used, 6 free; this push wraps around the end of the buffer and is cut at 6
    const uint8_t b[] = { 7, 8, 9, 10, 11, 12, 13, 14 };
    EXPECT_EQ(sim_spsc_push(&r, b, 8), 6u);
    EXPECT_EQ(sim_spsc_used(&r), 8u);
    EXPECT_EQ(sim_spsc_free(&r), 0u);
    EXPECT_EQ(sim_spsc_push(&r, b, 1), 0u);
    EXPECT_EQ(sim_spsc_pop(&r, out, 8), 8u);
    const uint8_t want[] = { 5, 6, 7, 8, 9, 10, 11, 12 };
    for (int i = 0; i < 8; i++) {
        EXPECT_EQ(out[i], want[i]) << i;
    }
    EXPECT_EQ(sim_spsc_pop(&r, out, 1), 0u);
}

TEST(Spsc, ZeroCopyRegionsStopAtTheEndOfTheBuffer)
{
    sim_spsc_t r;
    uint8_t store[8];
    ASSERT_EQ(sim_spsc_init(&r, store, sizeof store), 0);
    size_t len;
    uint8_t *w = sim_spsc_write_region(&r, &len);
    EXPECT_EQ(len, 8u);
    w[0] = 42;
    sim_spsc_commit(&r, 6);
    const uint8_t *rd = sim_spsc_read_region(&r, &len);
    EXPECT_EQ(len, 6u);
    EXPECT_EQ(rd[0], 42);
    sim_spsc_consume(&r, 6);
    w = sim_spsc_write_region(&r, &len);
    EXPECT_EQ(len, 2u);         // up to the end; the rest is at the start
    EXPECT_EQ(w, store + 6);
}

TEST(Spsc, TwoThreadsPassAMillionBytesWithoutLossOrReordering)
{
    sim_spsc_t r;
    static uint8_t store[64];
    ASSERT_EQ(sim_spsc_init(&r, store, sizeof store), 0);
    constexpr uint32_t kTotal = 1u << 20;
    std::thread producer([&] {
        uint32_t next = 0;
        uint8_t chunk[23];
        while (next < kTotal) {
            size_t n = 0;
            while (n < sizeof chunk && next + n < kTotal) {
                chunk[n] = static_cast<uint8_t>((next + n) * 7u);
                n++;
            }
            size_t pushed = sim_spsc_push(&r, chunk, n);
            next += static_cast<uint32_t>(pushed);
            if (pushed == 0) {
                std::this_thread::yield();
            }
        }
    });
    uint32_t got = 0;
    uint32_t bad = 0;
    uint8_t buf[17];
    while (got < kTotal) {
        size_t n = sim_spsc_pop(&r, buf, sizeof buf);
        for (size_t i = 0; i < n; i++) {
            bad += buf[i] != static_cast<uint8_t>((got + i) * 7u);
        }
        got += static_cast<uint32_t>(n);
        if (n == 0) {
            std::this_thread::yield();
        }
    }
    producer.join();
    EXPECT_EQ(got, kTotal);
    EXPECT_EQ(bad, 0u);
    EXPECT_EQ(sim_spsc_used(&r), 0u);
}
