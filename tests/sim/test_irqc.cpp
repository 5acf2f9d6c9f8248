// The NVIC-like interrupt controller model.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

extern "C" {
#include "sim/irqc.h"
}

namespace {

std::atomic<int> kicks;
void count_kick()
{
    kicks++;
}
void isr_a() {}
void isr_b() {}

struct IrqcTest : ::testing::Test {
    void SetUp() override
    {
        sim_irq_reset();
        kicks = 0;
        sim_irq_set_kick(count_kick);
    }
    void TearDown() override
    {
        sim_irq_set_kick(nullptr);
        sim_irq_reset();
    }
};

TEST_F(IrqcTest, RejectsLinesOutOfRange)
{
    EXPECT_EQ(sim_irq_connect(SIM_IRQ_LINES, isr_a), -1);
    EXPECT_EQ(sim_irq_enable(SIM_IRQ_LINES), -1);
    EXPECT_EQ(sim_irq_set_pending(1000), -1);
    EXPECT_EQ(sim_irq_set_priority(SIM_IRQ_LINES, 3), -1);
    EXPECT_FALSE(sim_irq_is_pending(SIM_IRQ_LINES));
}

TEST_F(IrqcTest, PendingButDisabledIsNotTakenUntilEnabled)
{
    sim_irq_connect(5, isr_a);
    EXPECT_EQ(sim_irq_set_pending(5), 0);
    EXPECT_EQ(kicks.load(), 1);
    EXPECT_TRUE(sim_irq_is_pending(5));
    EXPECT_EQ(sim_irq_next(), -1);
    sim_irq_enable(5);
    EXPECT_EQ(kicks.load(), 2);                // enabling a pending line rings the doorbell
    EXPECT_EQ(sim_irq_next(), 5);
}

TEST_F(IrqcTest, MostUrgentFirstTiesToLowestLine)
{
    for (unsigned l : {3u, 9u, 12u}) {
        sim_irq_connect(l, isr_a);
        sim_irq_enable(l);
    }
    sim_irq_set_priority(3, 0x80);
    sim_irq_set_priority(9, 0x20);
    sim_irq_set_priority(12, 0x20);
    sim_irq_set_pending(3);
    sim_irq_set_pending(12);
    sim_irq_set_pending(9);
    EXPECT_EQ(sim_irq_next(), 9);
    EXPECT_EQ(sim_irq_activate(9), isr_a);
    EXPECT_FALSE(sim_irq_is_pending(9));
    EXPECT_TRUE(sim_irq_is_active(9));
    // 12 has the same priority as the active 9: it must wait (no preemption on equal priority)
    EXPECT_EQ(sim_irq_next(), -1);
    sim_irq_complete(9);
    EXPECT_EQ(sim_irq_next(), 12);
}

TEST_F(IrqcTest, NestingTracksExecutionPriority)
{
    sim_irq_connect(1, isr_a);
    sim_irq_connect(2, isr_b);
    sim_irq_set_priority(1, 0xC0);
    sim_irq_set_priority(2, 0x40);
    sim_irq_enable(1);
    sim_irq_enable(2);
    EXPECT_EQ(sim_irq_exec_priority(), SIM_IRQ_PRIO_THREAD);
    sim_irq_set_pending(1);
    sim_irq_activate(1);
    EXPECT_EQ(sim_irq_exec_priority(), 0xC0u);
    sim_irq_set_pending(2);
    EXPECT_EQ(sim_irq_next(), 2);              // more urgent: preempts
    sim_irq_activate(2);
    EXPECT_EQ(sim_irq_nesting(), 2u);
    EXPECT_EQ(sim_irq_exec_priority(), 0x40u);
    sim_irq_complete(2);
    EXPECT_EQ(sim_irq_exec_priority(), 0xC0u);
    sim_irq_complete(1);
    EXPECT_EQ(sim_irq_nesting(), 0u);
    EXPECT_EQ(sim_irq_taken(), 2u);
}

TEST_F(IrqcTest, BasepriMasksLessUrgentLines)
{
    sim_irq_connect(4, isr_a);
    sim_irq_set_priority(4, 0x80);
    sim_irq_enable(4);
    sim_irq_set_basepri(0x80);
    sim_irq_set_pending(4);
    EXPECT_EQ(sim_irq_next(), -1);
    sim_irq_set_basepri(0x90);
    EXPECT_EQ(sim_irq_next(), 4);
    sim_irq_set_basepri(0);
    EXPECT_EQ(sim_irq_next(), 4);
}

TEST_F(IrqcTest, RaisingFromManyThreadsLosesNothing)
{
    std::thread t[4];
    for (unsigned i = 0; i < 4; i++) {
        t[i] = std::thread([i] {
            for (unsigned k = 0; k < 1000; k++) {
                sim_irq_set_pending(10 + i);
            }
        });
    }
    for (auto &th : t) {
        th.join();
    }
    for (unsigned i = 0; i < 4; i++) {
        EXPECT_TRUE(sim_irq_is_pending(10 + i));
    }
    EXPECT_EQ(kicks.load(), 4000);
}

}  // namespace
