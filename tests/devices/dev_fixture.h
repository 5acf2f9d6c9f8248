// Common set-up for the device-model units: a fresh clock, interrupt controller and bus, with
// the simulator board's layout (doorbell on line 2, devices from line 3).
#ifndef SPRIG_TESTS_DEV_FIXTURE_H
#define SPRIG_TESTS_DEV_FIXTURE_H

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <unistd.h>

extern "C" {
#include "sim/bus.h"
#include "sim/clock.h"
#include "sim/irqc.h"
}

class DeviceTest : public ::testing::Test {
protected:
    static constexpr unsigned kDoorbell = 2u;

    void SetUp() override
    {
        sim_irq_reset();
        sim_clock_reset();
        sim_bus_detach_all();
        sim_bus_configure(kDoorbell, 3u, 45u);
    }

    void TearDown() override
    {
        sim_bus_detach_all();
        sim_clock_reset();
        sim_irq_reset();
    }

    // A path in a fresh temporary directory, removed with the fixture's files by the OS.
    static std::string TempPath(const char *name)
    {
        char tmpl[] = "/tmp/sprig-dev-XXXXXX";
        const char *dir = mkdtemp(tmpl);
        EXPECT_NE(dir, nullptr);
        return std::string(dir ? dir : "/tmp") + "/" + name;
    }
};

#endif  // SPRIG_TESTS_DEV_FIXTURE_H
