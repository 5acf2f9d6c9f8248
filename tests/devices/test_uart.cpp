// The virtual UART (devices-virtual/uart.c): line timing at the baud rate in virtual time,
// the FIFOs, flow control, the interrupt line, loopback and deterministic file input.
#include "dev_fixture.h"

#include <fstream>
#include <string>
#include <vector>

extern "C" {
#include "vdev/uart.h"
}

namespace {

// ceil(n * bits * 1e9 / baud): when the n-th back-to-back character has finished
sim_time_t Frames(uint64_t n, uint32_t baud = 115200, unsigned bits = 10)
{
    return (n * bits * 1000000000ull + baud - 1) / baud;
}

struct Chunk {
    std::string data;
    sim_time_t start;
};

void record(void *arg, const uint8_t *data, size_t n, sim_time_t start)
{
    static_cast<std::vector<Chunk> *>(arg)->push_back(
        { std::string(reinterpret_cast<const char *>(data), n), start });
}

}  // namespace

class Uart : public DeviceTest {
protected:
    void SetUp() override
    {
        DeviceTest::SetUp();
        u = vdev_uart_create("uart0", nullptr);
        ASSERT_NE(u, nullptr);
        line = vdev_uart_irq(u);
    }
    void TearDown() override
    {
        vdev_uart_destroy(u);
        DeviceTest::TearDown();
    }
    vdev_uart_t *u = nullptr;
    unsigned line = 0;
};

TEST_F(Uart, ResetsTo115200EightNOne)
{
    EXPECT_EQ(vdev_uart_baud(u), 115200u);
    EXPECT_EQ(vdev_uart_frame_bits(u), 10u);
    EXPECT_EQ(vdev_uart_frames_time(u, 1), 86806u);     // 86.805 us, rounded up
    EXPECT_EQ(vdev_uart_frames_time(u, 3), Frames(3));
    EXPECT_EQ(vdev_uart_status(u), VDEV_UART_TXNF | VDEV_UART_TC);
    EXPECT_EQ(line, 3u);
}

TEST_F(Uart, TransmittedBytesTakeTheirFrameTimes)
{
    std::vector<Chunk> seen;
    vdev_uart_set_tx_observer(u, record, &seen);
    ASSERT_TRUE(vdev_uart_write(u, 'a'));
    ASSERT_TRUE(vdev_uart_write(u, 'b'));
    ASSERT_TRUE(vdev_uart_write(u, 'c'));
    EXPECT_EQ(vdev_uart_tx_level(u), 3u);
    EXPECT_FALSE(vdev_uart_status(u) & VDEV_UART_TC);
    EXPECT_EQ(vdev_uart_tx_done_at(u), Frames(3));

    sim_clock_advance_to(Frames(1) - 1);
    EXPECT_EQ(vdev_uart_tx_level(u), 3u);
    sim_clock_advance_to(Frames(1));
    EXPECT_EQ(vdev_uart_tx_level(u), 2u);
    sim_clock_advance_to(Frames(3) - 1);
    EXPECT_EQ(vdev_uart_tx_level(u), 1u);
    EXPECT_FALSE(vdev_uart_status(u) & VDEV_UART_TC);
    sim_clock_advance_to(Frames(3));
    EXPECT_EQ(vdev_uart_tx_level(u), 0u);
    EXPECT_TRUE(vdev_uart_status(u) & VDEV_UART_TC);

    // each byte starts where the previous one ended
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[0].start, 0u);
    EXPECT_EQ(seen[1].start, Frames(1));
    EXPECT_EQ(seen[2].start, Frames(2));
    EXPECT_EQ(vdev_uart_tx_count(u), 3u);
}

TEST_F(Uart, TheTransmitFifoHoldsSixteenAndRefusesMore)
{
    for (int i = 0; i < 16; i++) {
        ASSERT_TRUE(vdev_uart_write(u, static_cast<uint8_t>(i))) << i;
    }
    EXPECT_FALSE(vdev_uart_status(u) & VDEV_UART_TXNF);
    EXPECT_FALSE(vdev_uart_write(u, 16));
    sim_clock_advance_to(Frames(1));
    EXPECT_TRUE(vdev_uart_status(u) & VDEV_UART_TXNF);
    EXPECT_TRUE(vdev_uart_write(u, 16));
    EXPECT_EQ(vdev_uart_tx_done_at(u), Frames(17));     // still one back-to-back burst
}

TEST_F(Uart, TransmitInterruptsComeAtTheRightVirtualTimes)
{
    for (int i = 0; i < 20; i++) {
        vdev_uart_console_write(u, "x", 1);       // the console path never refuses
    }
    EXPECT_EQ(vdev_uart_tx_level(u), 20u);
    vdev_uart_set_irq_mask(u, VDEV_UART_TXNF);
    EXPECT_FALSE(sim_irq_is_pending(line));
    // room again once the 5th character has gone (20 - 16 + 1)
    EXPECT_EQ(sim_clock_next_event(), Frames(5));
    sim_clock_advance_to(Frames(5) - 1);
    EXPECT_FALSE(sim_irq_is_pending(line));
    sim_clock_advance_to(Frames(5));
    EXPECT_TRUE(sim_irq_is_pending(line));

    vdev_uart_set_irq_mask(u, VDEV_UART_TC);      // level-triggered: follows the condition
    EXPECT_FALSE(sim_irq_is_pending(line));
    sim_clock_advance_to(Frames(20) - 1);
    EXPECT_FALSE(sim_irq_is_pending(line));
    sim_clock_advance_to(Frames(20));
    EXPECT_TRUE(sim_irq_is_pending(line));
    vdev_uart_set_irq_mask(u, 0);
    EXPECT_FALSE(sim_irq_is_pending(line));
}

TEST_F(Uart, ReceivedBytesArriveAtTheLineRateAndRaiseTheInterrupt)
{
    vdev_uart_set_rx_enabled(u, true);
    vdev_uart_set_irq_mask(u, VDEV_UART_RXNE);
    sim_clock_advance_to(SIM_US(100));
    vdev_uart_inject(u, "ok", 2);
    sim_clock_advance_to(SIM_US(100) + Frames(1) - 1);
    EXPECT_FALSE(vdev_uart_status(u) & VDEV_UART_RXNE);
    EXPECT_FALSE(sim_irq_is_pending(line));
    sim_clock_advance_to(SIM_US(100) + Frames(1));
    EXPECT_TRUE(sim_irq_is_pending(line));
    EXPECT_EQ(vdev_uart_read(u), 'o');
    EXPECT_FALSE(sim_irq_is_pending(line));      // the FIFO is empty again
    EXPECT_EQ(vdev_uart_read(u), -1);
    sim_clock_advance_to(SIM_US(100) + Frames(2));
    EXPECT_TRUE(sim_irq_is_pending(line));
    EXPECT_EQ(vdev_uart_read(u), 'k');
    EXPECT_EQ(vdev_uart_rx_count(u), 2u);
}

TEST_F(Uart, FlowControlHoldsTheSenderOffAndLosesNothing)
{
    std::string sent;
    for (int i = 0; i < 40; i++) {
        sent += static_cast<char>('A' + i % 26);
    }
    vdev_uart_set_rx_enabled(u, true);
    vdev_uart_inject(u, sent.data(), sent.size());
    sim_clock_advance_to(SIM_SEC(1));
    EXPECT_EQ(vdev_uart_rx_level(u), 16u);        // full; the rest waits at the far end
    EXPECT_EQ(vdev_uart_rx_count(u), 16u);
    std::string got;
    int b;
    while ((b = vdev_uart_read(u)) >= 0) {
        got += static_cast<char>(b);
    }
    // reading made room: the next character starts now and takes one frame
    sim_time_t t = sim_clock_now();
    sim_clock_advance_to(t + Frames(1) - 1);
    EXPECT_EQ(vdev_uart_rx_level(u), 0u);
    sim_clock_advance_to(SIM_SEC(2));
    while ((b = vdev_uart_read(u)) >= 0) {
        got += static_cast<char>(b);
        sim_clock_advance_to(sim_clock_now() + SIM_MS(10));
    }
    EXPECT_EQ(got, sent);
}

TEST_F(Uart, NothingIsReceivedWhileTheReceiverIsOff)
{
    vdev_uart_inject(u, "z", 1);
    sim_clock_advance_to(SIM_MS(5));
    EXPECT_EQ(vdev_uart_rx_level(u), 0u);
    vdev_uart_set_rx_enabled(u, true);          // the far end starts now
    sim_clock_advance_to(SIM_MS(5) + Frames(1) - 1);
    EXPECT_EQ(vdev_uart_rx_level(u), 0u);
    sim_clock_advance_to(SIM_MS(5) + Frames(1));
    EXPECT_EQ(vdev_uart_read(u), 'z');
}

TEST_F(Uart, ChangingTheFormatChangesTheTiming)
{
    ASSERT_EQ(vdev_uart_set_format(u, 9600, 11), 0);   // 8E1
    EXPECT_EQ(vdev_uart_frames_time(u, 1), Frames(1, 9600, 11));
    EXPECT_EQ(vdev_uart_set_format(u, 0, 10), -1);
    EXPECT_EQ(vdev_uart_set_format(u, 9600, 6), -1);
    EXPECT_EQ(vdev_uart_set_format(u, VDEV_UART_MAX_BAUD + 1, 10), -1);
    vdev_uart_write(u, 'q');
    EXPECT_EQ(vdev_uart_tx_done_at(u), Frames(1, 9600, 11));
}

TEST_F(Uart, ResetClearsEverything)
{
    vdev_uart_set_format(u, 9600, 10);
    vdev_uart_set_rx_enabled(u, true);
    vdev_uart_inject(u, "abc", 3);
    vdev_uart_write(u, 'x');
    sim_clock_reset();
    sim_irq_reset();
    sim_bus_reset();
    EXPECT_EQ(vdev_uart_baud(u), 115200u);
    EXPECT_FALSE(vdev_uart_rx_enabled(u));
    EXPECT_EQ(vdev_uart_rx_level(u), 0u);
    EXPECT_EQ(vdev_uart_tx_level(u), 0u);
    vdev_uart_set_rx_enabled(u, true);
    sim_clock_advance_to(SIM_SEC(1));
    EXPECT_EQ(vdev_uart_rx_level(u), 0u);       // the injected bytes went with the reset
}

class UartChannels : public DeviceTest {};

TEST_F(UartChannels, LoopbackReceivesEachByteAsItsLastBitIsSent)
{
    sim_io_spec_t spec;
    char err[128];
    ASSERT_EQ(sim_io_spec_parse("loopback", &spec, err, sizeof err), 0);
    sim_io_chan_t *c = sim_io_chan_open(&spec, "uart1", err, sizeof err);
    vdev_uart_t *u = vdev_uart_create("uart1", c);
    vdev_uart_set_rx_enabled(u, true);
    sim_clock_advance_to(SIM_US(7));
    vdev_uart_console_write(u, "loop", 4);
    for (int i = 1; i <= 4; i++) {
        sim_clock_advance_to(SIM_US(7) + Frames(i) - 1);
        EXPECT_EQ(vdev_uart_rx_level(u), static_cast<size_t>(i - 1)) << i;
        sim_clock_advance_to(SIM_US(7) + Frames(i));
        EXPECT_EQ(vdev_uart_rx_level(u), static_cast<size_t>(i)) << i;
    }
    std::string got;
    int b;
    while ((b = vdev_uart_read(u)) >= 0) {
        got += static_cast<char>(b);
    }
    EXPECT_EQ(got, "loop");
    vdev_uart_destroy(u);
    sim_io_chan_close(c);
}

TEST_F(UartChannels, FileInputIsDeliveredBackToBackFromWhenTheReceiverStarts)
{
    std::string in = TempPath("in.txt");
    std::string out = TempPath("out.txt");
    {
        std::ofstream(in) << "hello\n";
    }
    std::string text = "file:in=" + in + ",out=" + out;
    sim_io_spec_t spec;
    char err[256];
    ASSERT_EQ(sim_io_spec_parse(text.c_str(), &spec, err, sizeof err), 0);

    // twice: the same bytes at the same virtual times
    std::vector<sim_time_t> runs[2];
    for (auto &times : runs) {
        sim_clock_reset();
        sim_irq_reset();
        sim_io_chan_t *c = sim_io_chan_open(&spec, "uart1", err, sizeof err);
        ASSERT_NE(c, nullptr) << err;
        vdev_uart_t *u = vdev_uart_create("uart1", c);
        sim_clock_advance_to(SIM_MS(3));
        vdev_uart_set_rx_enabled(u, true);
        std::string got;
        while (got.size() < 6 && sim_clock_next_event() != SIM_TIME_NEVER) {
            sim_clock_jump_to_next();
            int b = vdev_uart_read(u);
            if (b >= 0) {
                got += static_cast<char>(b);
                times.push_back(sim_clock_now());
            }
        }
        EXPECT_EQ(got, "hello\n");
        vdev_uart_console_write(u, "echo", 4);
        vdev_uart_destroy(u);
        sim_io_chan_close(c);
    }
    ASSERT_EQ(runs[0].size(), 6u);
    EXPECT_EQ(runs[0], runs[1]);
    for (size_t i = 0; i < 6; i++) {
        EXPECT_EQ(runs[0][i], SIM_MS(3) + Frames(i + 1)) << i;
    }
    std::ifstream f(out);
    std::string written((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    EXPECT_EQ(written, "echo");
}
