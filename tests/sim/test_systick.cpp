// The systick model: periodic boundaries and tickless skips.
#include <gtest/gtest.h>

extern "C" {
#include "sim/clock.h"
#include "sim/irqc.h"
#include "sim/systick.h"
}

namespace {

struct SystickTest : ::testing::Test {
    void SetUp() override
    {
        sim_irq_set_kick(nullptr);
        sim_irq_reset();
        sim_clock_set_mode(SIM_CLOCK_VIRTUAL, 1.0);
        sim_clock_reset();
    }
    void TearDown() override
    {
        sim_systick_stop();
        sim_clock_reset();
        sim_irq_reset();
    }
};

TEST_F(SystickTest, ZeroPeriodIsRejected)
{
    EXPECT_EQ(sim_systick_start(0, 0), -1);
}

TEST_F(SystickTest, FiresOnExactBoundaries)
{
    ASSERT_EQ(sim_systick_start(7, SIM_MS(1)), 0);
    for (int k = 1; k <= 1000; k++) {
        ASSERT_TRUE(sim_clock_jump_to_next());
        ASSERT_EQ(sim_clock_now(), SIM_MS(k));
        ASSERT_TRUE(sim_irq_is_pending(7));
        sim_irq_clear_pending(7);
    }
    EXPECT_EQ(sim_systick_count_at(sim_clock_now()), 1000u);
}

TEST_F(SystickTest, SkipPushesTheNextInterruptAndResumeBringsItBack)
{
    sim_systick_start(7, SIM_MS(1));
    sim_systick_skip_to(500);
    ASSERT_TRUE(sim_clock_jump_to_next());
    EXPECT_EQ(sim_clock_now(), SIM_MS(500));   // one wake-up, not 500
    ASSERT_TRUE(sim_clock_jump_to_next());
    EXPECT_EQ(sim_clock_now(), SIM_MS(501));   // periodic again

    sim_systick_skip_to(900);
    sim_clock_advance_to(SIM_MS(600) + 300);   // woken early by something else
    sim_systick_resume();
    EXPECT_EQ(sim_clock_next_event(), SIM_MS(601));
}

TEST_F(SystickTest, SkipForeverStopsTicksUntilResumed)
{
    sim_systick_start(7, SIM_MS(1));
    sim_systick_skip_to(UINT64_MAX);
    EXPECT_EQ(sim_clock_next_event(), SIM_TIME_NEVER);
    sim_systick_resume();
    EXPECT_EQ(sim_clock_next_event(), SIM_MS(1));
}

}  // namespace
