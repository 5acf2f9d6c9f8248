// Host channels (sim/ioloop.h): backend specs, the deterministic file ends, and the live ends
// served by the host I/O thread (a pty and a TCP listener), driven from this test as the host
// side would be. Waits for the I/O thread are bounded generously in host time; nothing here
// measures host time.
#include "dev_fixture.h"

#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <poll.h>
#include <sstream>
#include <sys/socket.h>
#include <termios.h>
#include <thread>

extern "C" {
#include "sim/ioloop.h"
}

namespace {

sim_io_spec_t Parse(const char *text, int expect = 0, std::string *why = nullptr)
{
    sim_io_spec_t spec;
    char err[200] = "";
    EXPECT_EQ(sim_io_spec_parse(text, &spec, err, sizeof err), expect) << text << ": " << err;
    if (why) {
        *why = err;
    }
    return spec;
}

std::string ReadFile(const std::string &path)
{
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// Read from the channel until `n` bytes came or the host-time limit passed.
std::string ReadChan(sim_io_chan_t *c, size_t n, int seconds = 10)
{
    std::string got;
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (got.size() < n && std::chrono::steady_clock::now() < until) {
        char buf[64];
        size_t k = sim_io_chan_read(c, buf, sizeof buf);
        got.append(buf, k);
        if (k == 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
    return got;
}

std::string ReadFd(int fd, size_t n)
{
    std::string got;
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (got.size() < n && std::chrono::steady_clock::now() < until) {
        pollfd p = { fd, POLLIN, 0 };
        if (poll(&p, 1, 100) > 0) {
            char buf[64];
            ssize_t k = read(fd, buf, sizeof buf);
            if (k <= 0) {
                break;
            }
            got.append(buf, static_cast<size_t>(k));
        }
    }
    return got;
}

std::atomic<int> notified;

void on_notify(void *)
{
    notified++;
}

}  // namespace

using IoLoop = DeviceTest;

TEST_F(IoLoop, SpecsParse)
{
    EXPECT_EQ(Parse("stdio").kind, SIM_IO_STDIO);
    EXPECT_EQ(Parse("pty").kind, SIM_IO_PTY);
    EXPECT_EQ(Parse("none").kind, SIM_IO_NONE);
    EXPECT_EQ(Parse("loopback").kind, SIM_IO_LOOPBACK);
    sim_io_spec_t t = Parse("tcp:5555");
    EXPECT_EQ(t.kind, SIM_IO_TCP);
    EXPECT_EQ(t.port, 5555u);
    EXPECT_EQ(Parse("tcp:0").port, 0u);
    sim_io_spec_t f = Parse("file:out.txt");
    EXPECT_EQ(f.kind, SIM_IO_FILE);
    EXPECT_STREQ(f.out_path, "out.txt");
    EXPECT_STREQ(f.in_path, "");
    f = Parse("file:in=a,b.txt,out=c.txt");
    EXPECT_STREQ(f.in_path, "a,b.txt");
    EXPECT_STREQ(f.out_path, "c.txt");
    f = Parse("file:out=o,in=i");
    EXPECT_STREQ(f.in_path, "i");
    EXPECT_STREQ(f.out_path, "o");
    f = Parse("file:in=only");
    EXPECT_STREQ(f.in_path, "only");
    EXPECT_STREQ(f.out_path, "");
}

TEST_F(IoLoop, BadSpecsSayWhy)
{
    std::string why;
    Parse("serial", -1, &why);
    EXPECT_EQ(why, "want " SIM_IO_SPEC_FORMS);
    Parse("tcp:", -1, &why);
    EXPECT_NE(why.find("tcp:PORT"), std::string::npos);
    Parse("tcp:65536", -1);
    Parse("tcp:12ab", -1);
    Parse("tcp:-1", -1);
    Parse("file:", -1, &why);
    EXPECT_EQ(why, "empty file name");
    Parse("file:in=", -1);
    Parse("file:in=a,in=b", -1, &why);
    EXPECT_EQ(why, "in= given twice");
}

TEST_F(IoLoop, FileChannelsReadAndWriteSynchronously)
{
    std::string in = TempPath("in.txt");
    std::string out = TempPath("out.txt");
    {
        std::ofstream(in) << "input bytes";
    }
    std::string spec_text = "file:in=" + in + ",out=" + out;
    sim_io_spec_t spec = Parse(spec_text.c_str());
    char err[256];
    sim_io_chan_t *c = sim_io_chan_open(&spec, "uart0", err, sizeof err);
    ASSERT_NE(c, nullptr) << err;
    EXPECT_FALSE(sim_io_chan_live_input(c));
    char buf[64];
    size_t n = sim_io_chan_read(c, buf, 5);
    EXPECT_EQ(std::string(buf, n), "input");
    n = sim_io_chan_read(c, buf, sizeof buf);
    EXPECT_EQ(std::string(buf, n), " bytes");
    EXPECT_FALSE(sim_io_chan_input_ended(c));
    EXPECT_EQ(sim_io_chan_read(c, buf, sizeof buf), 0u);
    EXPECT_TRUE(sim_io_chan_input_ended(c));
    sim_io_chan_write(c, "out", 3);
    EXPECT_EQ(ReadFile(out), "out");      // written through at once
    sim_io_chan_close(c);
}

TEST_F(IoLoop, FilesThatCannotBeOpenedAreNamed)
{
    sim_io_spec_t spec = Parse("file:in=/nonexistent/in.txt");
    char err[256];
    EXPECT_EQ(sim_io_chan_open(&spec, "uart0", err, sizeof err), nullptr);
    EXPECT_STREQ(err, "uart0: cannot open input file '/nonexistent/in.txt': "
                      "No such file or directory");
    spec = Parse("file:/nonexistent/dir/out.txt");
    EXPECT_EQ(sim_io_chan_open(&spec, "uart1", err, sizeof err), nullptr);
    EXPECT_STREQ(err, "uart1: cannot open output file '/nonexistent/dir/out.txt': "
                      "No such file or directory");
}

TEST_F(IoLoop, APtyCarriesBytesBothWaysThroughTheIoThread)
{
    if (!sim_io_available()) {
        GTEST_SKIP() << "built without the host I/O thread";
    }
    sim_io_spec_t spec = Parse("pty");
    char err[256];
    sim_io_chan_t *c = sim_io_chan_open(&spec, "uart0", err, sizeof err);
    ASSERT_NE(c, nullptr) << err;
    ASSERT_NE(sim_io_chan_pty_path(c), nullptr);
    EXPECT_EQ(std::string(sim_io_chan_describe(c)), std::string("pty ") + sim_io_chan_pty_path(c));
    notified = 0;
    sim_io_chan_set_notify(c, on_notify, nullptr);
    ASSERT_EQ(sim_io_start(err, sizeof err), 0) << err;

    int fd = open(sim_io_chan_pty_path(c), O_RDWR | O_NOCTTY);
    ASSERT_GE(fd, 0);
    char buf[16];
    EXPECT_EQ(sim_io_chan_read(c, buf, sizeof buf), 0u);    // nothing yet: asks to be told
    ASSERT_EQ(write(fd, "hello\r\n", 7), 7);
    EXPECT_EQ(ReadChan(c, 7), "hello\r\n");                  // raw: no line discipline
    EXPECT_GE(notified.load(), 1);

    sim_io_chan_write(c, "from the device", 15);
    EXPECT_EQ(ReadFd(fd, 15), "from the device");
    close(fd);
    sim_io_stop();
    EXPECT_EQ(sim_io_chan_dropped(c), 0u);
    sim_io_chan_close(c);
}

TEST_F(IoLoop, ATcpListenerServesTheNewestClient)
{
    if (!sim_io_available()) {
        GTEST_SKIP() << "built without the host I/O thread";
    }
    sim_io_spec_t spec = Parse("tcp:0");
    char err[256];
    sim_io_chan_t *c = sim_io_chan_open(&spec, "uart0", err, sizeof err);
    ASSERT_NE(c, nullptr) << err;
    unsigned port = sim_io_chan_tcp_port(c);
    ASSERT_NE(port, 0u);
    EXPECT_EQ(std::string(sim_io_chan_describe(c)), "tcp 127.0.0.1:" + std::to_string(port));

    // the port is now taken: a second listener says so
    std::string again = "tcp:" + std::to_string(port);
    sim_io_spec_t spec2 = Parse(again.c_str());
    EXPECT_EQ(sim_io_chan_open(&spec2, "uart1", err, sizeof err), nullptr);
    EXPECT_EQ(std::string(err), "uart1: cannot listen on TCP 127.0.0.1:" + std::to_string(port) +
                                    ": Address already in use");

    ASSERT_EQ(sim_io_start(err, sizeof err), 0) << err;
    char buf[16];
    EXPECT_EQ(sim_io_chan_read(c, buf, sizeof buf), 0u);

    auto connect_client = [port] {
        int s = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_port = htons(static_cast<uint16_t>(port));
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        EXPECT_EQ(connect(s, reinterpret_cast<sockaddr *>(&sa), sizeof sa), 0);
        return s;
    };
    int first = connect_client();
    ASSERT_EQ(write(first, "ping", 4), 4);
    EXPECT_EQ(ReadChan(c, 4), "ping");
    sim_io_chan_write(c, "pong", 4);
    EXPECT_EQ(ReadFd(first, 4), "pong");

    // a second client takes over; the first is disconnected
    int second = connect_client();
    ASSERT_EQ(write(second, "next", 4), 4);
    EXPECT_EQ(ReadChan(c, 4), "next");
    EXPECT_EQ(ReadFd(first, 1), "");            // end of file: let go
    sim_io_chan_write(c, "ok", 2);
    EXPECT_EQ(ReadFd(second, 2), "ok");
    close(first);
    close(second);

    // and after the last one left, the next is served
    int third = connect_client();
    ASSERT_EQ(write(third, "3", 1), 1);
    EXPECT_EQ(ReadChan(c, 1), "3");
    close(third);
    sim_io_stop();
    sim_io_chan_close(c);
}
