// The device bus (sim/bus.h): attachment and interrupt lines, reset, the doorbell, stimulus.
#include "dev_fixture.h"

#include <cstring>

extern "C" {
#include "vdev/gpio.h"
#include "vdev/uart.h"
}

namespace {

struct Counter {
    int resets = 0;
    int services = 0;
};

void count_reset(sim_device_t *dev)
{
    static_cast<Counter *>(dev->ctx)->resets++;
}

void count_service(sim_device_t *dev)
{
    static_cast<Counter *>(dev->ctx)->services++;
}

const sim_device_ops_t counting_ops = { count_reset, count_service, nullptr, nullptr };

}  // namespace

using Bus = DeviceTest;

TEST_F(Bus, HandsOutLinesInAttachmentOrderAndRefusesDuplicates)
{
    sim_device_t a{}, b{}, c{}, dup{};
    Counter ca, cb, cc;
    ASSERT_EQ(sim_bus_attach(&a, "a", &counting_ops, &ca, 1), 0);
    ASSERT_EQ(sim_bus_attach(&b, "b", &counting_ops, &cb, 4), 0);
    ASSERT_EQ(sim_bus_attach(&c, "c", &counting_ops, &cc, 0), 0);
    EXPECT_EQ(a.irq, 3u);
    EXPECT_EQ(b.irq, 4u);
    EXPECT_EQ(b.irq_count, 4u);
    EXPECT_EQ(sim_bus_attach(&dup, "b", &counting_ops, &cb, 1), -1);
    EXPECT_EQ(sim_bus_attach(&dup, "", &counting_ops, &cb, 1), -1);
    EXPECT_EQ(sim_bus_attach(&dup, "big", &counting_ops, &cb, 100), -1);    // out of lines
    EXPECT_EQ(sim_bus_find("b"), &b);
    EXPECT_EQ(sim_bus_find("zz"), nullptr);
    EXPECT_EQ(sim_bus_first(), &a);
    EXPECT_EQ(a.next, &b);
    sim_bus_detach(&b);
    EXPECT_EQ(sim_bus_find("b"), nullptr);
    EXPECT_EQ(a.next, &c);
}

TEST_F(Bus, ResetConnectsTheDoorbellAndResetsEveryDevice)
{
    sim_device_t a{}, b{};
    Counter ca, cb;
    sim_bus_attach(&a, "a", &counting_ops, &ca, 1);
    sim_bus_attach(&b, "b", &counting_ops, &cb, 1);
    sim_bus_reset();
    EXPECT_EQ(ca.resets, 1);
    EXPECT_EQ(cb.resets, 1);
    EXPECT_TRUE(sim_irq_is_enabled(kDoorbell));
    EXPECT_EQ(sim_irq_priority(kDoorbell), 0u);
}

TEST_F(Bus, SignalRingsTheDoorbellAndServiceCallsOnlySignalledDevices)
{
    sim_device_t a{}, b{};
    Counter ca, cb;
    sim_bus_attach(&a, "a", &counting_ops, &ca, 1);
    sim_bus_attach(&b, "b", &counting_ops, &cb, 1);
    sim_bus_reset();
    EXPECT_FALSE(sim_irq_is_pending(kDoorbell));
    sim_bus_signal(&b);
    EXPECT_TRUE(sim_irq_is_pending(kDoorbell));
    sim_bus_service();
    EXPECT_EQ(ca.services, 0);
    EXPECT_EQ(cb.services, 1);
    sim_bus_service();      // nothing new
    EXPECT_EQ(cb.services, 1);
}

TEST_F(Bus, StimulusReachesTheDeviceOrPinThatOwnsTheName)
{
    vdev_uart_t *u = vdev_uart_create("uart0", nullptr);
    vdev_gpio_t *g = vdev_gpio_create("gpio0", 8);
    ASSERT_NE(u, nullptr);
    ASSERT_NE(g, nullptr);
    vdev_gpio_set_log(g, nullptr);
    vdev_gpio_wire(g, 4, "button0", VDEV_GPIO_WIRE_BUTTON, 0, VDEV_GPIO_PULL_UP);
    char err[160];

    EXPECT_EQ(vdev_gpio_level(g, 4), 1);
    EXPECT_EQ(sim_bus_stimulus("button0", "press", nullptr, 0, err, sizeof err), 0) << err;
    EXPECT_EQ(vdev_gpio_level(g, 4), 0);
    EXPECT_EQ(sim_bus_stimulus("button0", "release", nullptr, 0, err, sizeof err), 0);
    EXPECT_EQ(vdev_gpio_level(g, 4), 1);
    EXPECT_EQ(sim_bus_stimulus("gpio0.6", "high", nullptr, 0, err, sizeof err), 0);
    EXPECT_EQ(vdev_gpio_level(g, 6), 1);

    vdev_uart_set_rx_enabled(u, true);
    EXPECT_EQ(sim_bus_stimulus("uart0", "send", "hi", 2, err, sizeof err), 0);
    sim_clock_advance_to(SIM_MS(1));
    EXPECT_EQ(vdev_uart_read(u), 'h');
    EXPECT_EQ(vdev_uart_read(u), 'i');

    EXPECT_EQ(sim_bus_stimulus("button0", "wiggle", nullptr, 0, err, sizeof err), -1);
    EXPECT_NE(std::strstr(err, "unknown action 'wiggle'"), nullptr) << err;
    EXPECT_EQ(sim_bus_stimulus("nothing", "press", nullptr, 0, err, sizeof err), -1);
    EXPECT_STREQ(err, "no device or pin named 'nothing'");

    vdev_gpio_destroy(g);
    vdev_uart_destroy(u);
}
