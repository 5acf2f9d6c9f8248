// The virtual GPIO port (devices-virtual/gpio.c): pad levels, pulls, open drain, edge
// detection and its interrupt line, buttons, and the log of changes with virtual timestamps.
#include "dev_fixture.h"

#include <cstdio>
#include <string>
#include <vector>

extern "C" {
#include "vdev/gpio.h"
}

class Gpio : public DeviceTest {
protected:
    void SetUp() override
    {
        DeviceTest::SetUp();
        g = vdev_gpio_create("gpio0", 16);
        ASSERT_NE(g, nullptr);
        log = tmpfile();
        vdev_gpio_set_log(g, log);
        vdev_gpio_wire(g, 0, "led0", VDEV_GPIO_WIRE_LED, 1, VDEV_GPIO_PULL_NONE);
        vdev_gpio_wire(g, 4, "button0", VDEV_GPIO_WIRE_BUTTON, 0, VDEV_GPIO_PULL_UP);
        line = vdev_gpio_irq(g);
    }
    void TearDown() override
    {
        vdev_gpio_destroy(g);
        fclose(log);
        DeviceTest::TearDown();
    }
    std::string Log()
    {
        fflush(log);
        rewind(log);
        std::string s;
        int c;
        while ((c = fgetc(log)) != EOF) {
            s += static_cast<char>(c);
        }
        return s;
    }
    vdev_gpio_t *g = nullptr;
    FILE *log = nullptr;
    unsigned line = 0;
};

TEST_F(Gpio, PadLevelsFollowModePullsAndDrives)
{
    EXPECT_EQ(vdev_gpio_level(g, 9), 0);                    // floating input reads 0
    vdev_gpio_configure(g, 9, VDEV_GPIO_IN, VDEV_GPIO_PULL_UP);
    EXPECT_EQ(vdev_gpio_level(g, 9), 1);
    vdev_gpio_drive(g, 9, 0);
    EXPECT_EQ(vdev_gpio_level(g, 9), 0);
    vdev_gpio_drive(g, 9, VDEV_GPIO_RELEASE);
    EXPECT_EQ(vdev_gpio_level(g, 9), 1);

    vdev_gpio_configure(g, 10, VDEV_GPIO_OUT, VDEV_GPIO_PULL_NONE);
    vdev_gpio_set_latch(g, 10, 1);
    EXPECT_EQ(vdev_gpio_level(g, 10), 1);
    vdev_gpio_drive(g, 10, 0);                             // push-pull wins
    EXPECT_EQ(vdev_gpio_level(g, 10), 1);

    vdev_gpio_configure(g, 11, VDEV_GPIO_OUT_OD, VDEV_GPIO_PULL_UP);
    EXPECT_EQ(vdev_gpio_level(g, 11), 0);                  // latch 0 drives low
    vdev_gpio_set_latch(g, 11, 1);
    EXPECT_EQ(vdev_gpio_level(g, 11), 1);                  // released: the pull-up
    vdev_gpio_drive(g, 11, 0);
    EXPECT_EQ(vdev_gpio_level(g, 11), 0);                  // another driver pulls it low

    EXPECT_EQ(vdev_gpio_level(g, 4), 1);                   // the button's board pull-up
    EXPECT_EQ(vdev_gpio_level(g, 99), -1);
}

TEST_F(Gpio, EdgesSetPendingBitsAndTheLineFollowsThem)
{
    vdev_gpio_set_edges(g, 4, VDEV_GPIO_EDGE_FALLING);
    vdev_gpio_set_edges(g, 9, VDEV_GPIO_EDGE_RISING | VDEV_GPIO_EDGE_FALLING);
    vdev_gpio_press(g, 4);
    EXPECT_EQ(vdev_gpio_pending(g), 1u << 4);
    EXPECT_TRUE(sim_irq_is_pending(line));
    vdev_gpio_release(g, 4);                               // rising: not enabled for pin 4
    EXPECT_EQ(vdev_gpio_pending(g), 1u << 4);
    vdev_gpio_drive(g, 9, 1);
    vdev_gpio_drive(g, 9, 0);
    EXPECT_EQ(vdev_gpio_pending(g), (1u << 4) | (1u << 9));
    vdev_gpio_clear_pending(g, 1u << 4);
    EXPECT_TRUE(sim_irq_is_pending(line));
    vdev_gpio_clear_pending(g, 1u << 9);
    EXPECT_FALSE(sim_irq_is_pending(line));
}

TEST_F(Gpio, ScheduledDrivesHappenAtTheirVirtualTime)
{
    vdev_gpio_set_edges(g, 4, VDEV_GPIO_EDGE_FALLING);
    vdev_gpio_drive_at(g, 4, 0, SIM_MS(250));
    sim_clock_advance_to(SIM_MS(250) - 1);
    EXPECT_EQ(vdev_gpio_level(g, 4), 1);
    EXPECT_FALSE(sim_irq_is_pending(line));
    sim_clock_advance_to(SIM_MS(250));
    EXPECT_EQ(vdev_gpio_level(g, 4), 0);
    EXPECT_TRUE(sim_irq_is_pending(line));
}

TEST_F(Gpio, ChangesAreLoggedWithVirtualTimestampsAndBoardNames)
{
    vdev_gpio_configure(g, 0, VDEV_GPIO_OUT, VDEV_GPIO_PULL_NONE);   // latch 0: no change
    sim_clock_advance_to(SIM_MS(1500));
    vdev_gpio_set_latch(g, 0, 1);
    vdev_gpio_set_latch(g, 0, 1);                          // same level: not a change
    sim_clock_advance_to(SIM_SEC(2) + 5);
    vdev_gpio_press(g, 4);
    vdev_gpio_drive(g, 12, 1);
    vdev_gpio_release(g, 4);
    vdev_gpio_set_latch(g, 0, 0);
    EXPECT_EQ(Log(),
              "[     1.500000000] led0 on\n"
              "[     2.000000005] button0 pressed\n"
              "[     2.000000005] gpio0.12 high\n"
              "[     2.000000005] button0 released\n"
              "[     2.000000005] led0 off\n");
}

TEST_F(Gpio, PinsAreFoundByBoardNameOrPortDotNumber)
{
    EXPECT_EQ(vdev_gpio_find(g, "button0"), 4);
    EXPECT_EQ(vdev_gpio_find(g, "gpio0.12"), 12);
    EXPECT_EQ(vdev_gpio_find(g, "gpio0.16"), -1);
    EXPECT_EQ(vdev_gpio_find(g, "gpio0."), -1);
    EXPECT_EQ(vdev_gpio_find(g, "led7"), -1);
}

TEST_F(Gpio, ResetReturnsEveryPinToAFloatingInput)
{
    vdev_gpio_configure(g, 0, VDEV_GPIO_OUT, VDEV_GPIO_PULL_NONE);
    vdev_gpio_set_latch(g, 0, 1);
    vdev_gpio_press(g, 4);
    vdev_gpio_set_edges(g, 4, VDEV_GPIO_EDGE_FALLING);
    sim_bus_reset();
    EXPECT_EQ(vdev_gpio_mode(g, 0), VDEV_GPIO_IN);
    EXPECT_EQ(vdev_gpio_level(g, 0), 0);
    EXPECT_EQ(vdev_gpio_level(g, 4), 1);                   // released, board pull-up
    EXPECT_EQ(vdev_gpio_pending(g), 0u);
}
