// Virtual clock and event queue.
#include <gtest/gtest.h>

#include <string>
#include <vector>

extern "C" {
#include "sim/clock.h"
}

namespace {

std::vector<std::string> fired;

void record(void *arg)
{
    fired.push_back(static_cast<const char *>(arg));
}

struct ClockTest : ::testing::Test {
    void SetUp() override
    {
        fired.clear();
        sim_clock_set_host_source(nullptr);
        sim_clock_set_mode(SIM_CLOCK_VIRTUAL, 1.0);
        sim_clock_reset();
    }
    void TearDown() override
    {
        sim_clock_set_host_source(nullptr);
        sim_clock_set_mode(SIM_CLOCK_VIRTUAL, 1.0);
        sim_clock_reset();
    }
};

TEST_F(ClockTest, StartsAtZeroWithNoEvents)
{
    EXPECT_EQ(sim_clock_now(), 0u);
    EXPECT_EQ(sim_clock_next_event(), SIM_TIME_NEVER);
    EXPECT_FALSE(sim_clock_jump_to_next());
}

TEST_F(ClockTest, EventsFireInTimeOrderThenSchedulingOrder)
{
    sim_event_t a, b, c, d;
    sim_event_init(&a, "a", record, (void *)"a");
    sim_event_init(&b, "b", record, (void *)"b");
    sim_event_init(&c, "c", record, (void *)"c");
    sim_event_init(&d, "d", record, (void *)"d");
    sim_event_schedule(&a, SIM_MS(5));
    sim_event_schedule(&b, SIM_MS(1));
    sim_event_schedule(&c, SIM_MS(5));
    sim_event_schedule(&d, SIM_MS(3));
    EXPECT_EQ(sim_clock_next_event(), SIM_MS(1));
    sim_clock_advance_to(SIM_MS(10));
    EXPECT_EQ(fired, (std::vector<std::string>{"b", "d", "a", "c"}));
    EXPECT_EQ(sim_clock_now(), SIM_MS(10));
    EXPECT_EQ(sim_clock_events_fired(), 4u);
}

TEST_F(ClockTest, JumpMovesStraightToTheNextEvent)
{
    sim_event_t a;
    sim_event_init(&a, "a", record, (void *)"a");
    sim_event_schedule(&a, SIM_SEC(3600));
    uint64_t before = sim_clock_advance_count();
    EXPECT_TRUE(sim_clock_jump_to_next());
    EXPECT_EQ(sim_clock_now(), SIM_SEC(3600));
    EXPECT_EQ(fired.size(), 1u);
    EXPECT_GT(sim_clock_advance_count(), before);
}

TEST_F(ClockTest, RescheduleAndCancel)
{
    sim_event_t a, b;
    sim_event_init(&a, "a", record, (void *)"a");
    sim_event_init(&b, "b", record, (void *)"b");
    sim_event_schedule(&a, SIM_MS(1));
    sim_event_schedule(&b, SIM_MS(2));
    sim_event_schedule(&a, SIM_MS(3));     // moved behind b
    EXPECT_TRUE(sim_event_is_queued(&a));
    sim_event_cancel(&b);
    EXPECT_FALSE(sim_event_is_queued(&b));
    sim_event_cancel(&b);                  // cancelling twice is harmless
    sim_clock_advance_to(SIM_MS(5));
    EXPECT_EQ(fired, (std::vector<std::string>{"a"}));
}

sim_event_t chain_ev;
int chain_left;

void chain(void *)
{
    fired.push_back("chain");
    if (--chain_left > 0) {
        sim_event_schedule(&chain_ev, sim_clock_now() + SIM_MS(1));
    }
}

TEST_F(ClockTest, EventsScheduledByEventsFireInTheSameAdvance)
{
    chain_left = 4;
    sim_event_init(&chain_ev, "chain", chain, nullptr);
    sim_event_schedule(&chain_ev, SIM_MS(1));
    sim_clock_advance_to(SIM_MS(3));
    EXPECT_EQ(fired.size(), 3u);           // at 1, 2, 3 ms
    EXPECT_EQ(sim_clock_next_event(), SIM_MS(4));
}

TEST_F(ClockTest, PastEventsFireAtTheNextServiceWithoutTimeGoingBack)
{
    sim_event_t a;
    sim_event_init(&a, "a", record, (void *)"a");
    sim_clock_advance_to(SIM_MS(10));
    sim_event_schedule(&a, SIM_MS(2));
    EXPECT_TRUE(sim_clock_jump_to_next());
    EXPECT_EQ(sim_clock_now(), SIM_MS(10));
    EXPECT_EQ(fired.size(), 1u);
}

uint64_t fake_host;
uint64_t fake_host_now()
{
    return fake_host;
}

TEST_F(ClockTest, RealtimeFollowsTheHostClockTimesSpeedWithoutDrift)
{
    fake_host = 1000000000u;
    sim_clock_set_host_source(fake_host_now);
    sim_clock_reset();
    sim_clock_set_mode(SIM_CLOCK_REALTIME, 2.0);
    sim_event_t a;
    sim_event_init(&a, "a", record, (void *)"a");
    sim_event_schedule(&a, SIM_SEC(10));
    // deadlines come from one origin: 10 s of virtual time is 5 s of host time at speed 2
    EXPECT_EQ(sim_clock_head_host_deadline(), 1000000000u + SIM_SEC(5));
    // 1000 late services must not accumulate error
    for (int i = 0; i < 1000; i++) {
        fake_host += SIM_MS(4) + 7u;       // odd steps, always a little late
        sim_clock_fire_due();
    }
    EXPECT_EQ(fired.size(), 0u);
    EXPECT_EQ(sim_clock_now(), 2u * (SIM_MS(4000) + 7000u));
    fake_host = 1000000000u + SIM_SEC(5);
    EXPECT_TRUE(sim_clock_fire_due());
    EXPECT_EQ(fired.size(), 1u);
    EXPECT_EQ(sim_clock_now(), SIM_SEC(10));
}

TEST_F(ClockTest, RealtimeNowNeverPassesAnUnfiredEvent)
{
    fake_host = 0;
    sim_clock_set_host_source(fake_host_now);
    sim_clock_reset();
    sim_clock_set_mode(SIM_CLOCK_REALTIME, 1.0);
    sim_event_t a;
    sim_event_init(&a, "a", record, (void *)"a");
    sim_event_schedule(&a, SIM_MS(5));
    fake_host = SIM_MS(9);
    EXPECT_EQ(sim_clock_now(), SIM_MS(5));  // clamped until the event is serviced
    fake_host = SIM_MS(3);                   // host clock cannot make virtual time go back
    EXPECT_EQ(sim_clock_now(), SIM_MS(5));
    sim_event_cancel(&a);
}

int hook_calls;
void head_hook()
{
    hook_calls++;
}

TEST_F(ClockTest, HeadHookRunsWhenTheEarliestEventChanges)
{
    sim_event_t a, b;
    sim_event_init(&a, "a", record, (void *)"a");
    sim_event_init(&b, "b", record, (void *)"b");
    hook_calls = 0;
    sim_clock_set_head_hook(head_hook);
    sim_event_schedule(&a, SIM_MS(5));
    EXPECT_EQ(hook_calls, 1);
    sim_event_schedule(&b, SIM_MS(9));     // not the head
    EXPECT_EQ(hook_calls, 1);
    sim_event_schedule(&b, SIM_MS(1));     // new head
    EXPECT_EQ(hook_calls, 2);
    sim_clock_set_head_hook(nullptr);
    sim_event_cancel(&a);
    sim_event_cancel(&b);
}

}  // namespace
