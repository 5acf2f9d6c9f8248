// The smaller device models: the timer block, the SPI controller with a peripheral model on a
// chip select, and the RNG.
#include "dev_fixture.h"

#include <cstring>
#include <vector>

extern "C" {
#include "sim/options.h"
#include "vdev/rng.h"
#include "vdev/spi.h"
#include "vdev/timer.h"
}

using Periph = DeviceTest;

TEST_F(Periph, PeriodicTimersExpireOnExactMultiplesWithoutDrift)
{
    vdev_timer_t *t = vdev_timer_create("timer0", 2);
    ASSERT_NE(t, nullptr);
    unsigned line = vdev_timer_irq(t, 1);
    sim_clock_advance_to(SIM_US(3));
    ASSERT_EQ(vdev_timer_start(t, 1, SIM_US(250), true), 0);
    sim_clock_advance_to(SIM_US(3) + SIM_US(250) - 1);
    EXPECT_FALSE(sim_irq_is_pending(line));
    EXPECT_EQ(vdev_timer_elapsed(t, 1), SIM_US(250) - 1);
    sim_clock_advance_to(SIM_US(3) + SIM_US(250));
    EXPECT_TRUE(sim_irq_is_pending(line));
    EXPECT_TRUE(vdev_timer_pending(t, 1));
    vdev_timer_ack(t, 1);
    EXPECT_FALSE(sim_irq_is_pending(line));
    // serviced late or not: expiry k is at start + k * period
    sim_clock_advance_to(SIM_US(3) + 1000u * SIM_US(250));
    EXPECT_EQ(vdev_timer_expiries(t, 1), 1000u);
    EXPECT_EQ(vdev_timer_elapsed(t, 1), 0u);
    vdev_timer_stop(t, 1);
    EXPECT_FALSE(vdev_timer_running(t, 1));
    EXPECT_EQ(vdev_timer_start(t, 0, 0, false), -1);
    ASSERT_EQ(vdev_timer_start(t, 0, SIM_MS(1), false), 0);
    sim_clock_advance_to(sim_clock_now() + SIM_MS(5));
    EXPECT_EQ(vdev_timer_expiries(t, 0), 1u);               // one-shot
    EXPECT_FALSE(vdev_timer_running(t, 0));
    vdev_timer_destroy(t);
}

namespace {

// A peripheral that answers each byte with its complement, and counts selects.
struct Echo {
    int selects = 0;
    bool selected = false;
    std::vector<uint8_t> seen;
};

void echo_select(void *ctx, bool on)
{
    auto *e = static_cast<Echo *>(ctx);
    e->selected = on;
    e->selects += on;
}

uint8_t echo_exchange(void *ctx, uint8_t mosi, unsigned mode)
{
    auto *e = static_cast<Echo *>(ctx);
    (void)mode;
    e->seen.push_back(mosi);
    return static_cast<uint8_t>(~mosi);
}

const vdev_spi_peer_t echo_peer = { echo_select, echo_exchange };

}  // namespace

TEST_F(Periph, SpiTransfersTakeTheirClockTimeAndReachTheSelectedPeripheral)
{
    vdev_spi_t *s = vdev_spi_create("spi0", 4);
    ASSERT_NE(s, nullptr);
    Echo e;
    ASSERT_EQ(vdev_spi_attach(s, 2, &echo_peer, &e), 0);
    ASSERT_EQ(vdev_spi_configure(s, 2000000, 0), 0);
    EXPECT_EQ(vdev_spi_configure(s, 2000000, 4), -1);
    vdev_spi_set_irq_enabled(s, true);

    vdev_spi_select(s, 2);
    EXPECT_TRUE(e.selected);
    const uint8_t tx[] = { 0x01, 0x80, 0xFF };
    uint8_t rx[3] = {};
    ASSERT_EQ(vdev_spi_start(s, tx, rx, 3), 0);
    EXPECT_EQ(vdev_spi_start(s, tx, rx, 3), -1);            // busy
    EXPECT_EQ(sim_clock_next_event(), SIM_US(12));          // 24 bits at 2 MHz
    sim_clock_advance_to(SIM_US(12));
    EXPECT_TRUE(sim_irq_is_pending(vdev_spi_irq(s)));
    EXPECT_EQ(rx[0], 0xFE);
    EXPECT_EQ(rx[1], 0x7F);
    EXPECT_EQ(rx[2], 0x00);
    vdev_spi_ack(s);
    EXPECT_FALSE(sim_irq_is_pending(vdev_spi_irq(s)));

    vdev_spi_select(s, 1);                                  // nothing there: MISO pulled up
    EXPECT_FALSE(e.selected);
    ASSERT_EQ(vdev_spi_start(s, tx, rx, 1), 0);
    sim_clock_advance_to(sim_clock_now() + SIM_US(4));
    EXPECT_EQ(rx[0], 0xFF);
    EXPECT_EQ(e.seen.size(), 3u);
    EXPECT_EQ(e.selects, 1);
    vdev_spi_destroy(s);
}

TEST_F(Periph, TheRngFollowsTheSeed)
{
    sim_options_t o;
    sim_options_defaults(&o);
    std::vector<uint8_t> a(40), b(40), c(40);
    o.seed = 7;
    sim_options_set_current(&o);
    vdev_rng_t *r = vdev_rng_create("rng0");
    vdev_rng_read(r, a.data(), a.size());
    sim_bus_reset();
    vdev_rng_read(r, b.data(), b.size());
    EXPECT_EQ(a, b);                                        // reset: same seed, same numbers
    o.seed = 8;
    sim_options_set_current(&o);
    sim_bus_reset();
    vdev_rng_read(r, c.data(), c.size());
    EXPECT_NE(a, c);
    vdev_rng_destroy(r);
    sim_options_defaults(&o);
    sim_options_set_current(&o);
}
