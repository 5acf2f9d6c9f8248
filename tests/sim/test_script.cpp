// Scripted stimulus (sim/script.c): the language's errors name FILE:LINE, steps run in
// virtual time in order, expectations match output and fail on their deadline.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

extern "C" {
#include "sim/clock.h"
#include "sim/script.h"
}

namespace {

// What the fake board saw, as "TIME what" lines (time in ms).
struct Board {
    std::vector<std::string> log;
    int stopped = -1;
};

std::string ms(sim_time_t t)
{
    return std::to_string(t / 1000000u);
}

int find(void *, sim_script_target_kind_t kind, const char *name)
{
    if (kind == SIM_SCRIPT_UART) {
        if (!strcmp(name, "uart0")) return 0;
        if (!strcmp(name, "uart1")) return 1;
        return -1;
    }
    if (!strcmp(name, "button0")) return 0;
    return -1;
}

void send(void *ctx, int uart, const uint8_t *data, size_t n)
{
    auto *b = static_cast<Board *>(ctx);
    b->log.push_back(ms(sim_clock_now()) + " uart" + std::to_string(uart) + " <- " +
                     std::string(reinterpret_cast<const char *>(data), n));
}

void button(void *ctx, int id, bool pressed)
{
    auto *b = static_cast<Board *>(ctx);
    b->log.push_back(ms(sim_clock_now()) + (pressed ? " press " : " release ") +
                     std::to_string(id));
}

void stop(void *ctx, int code)
{
    auto *b = static_cast<Board *>(ctx);
    b->log.push_back(ms(sim_clock_now()) + " stop " + std::to_string(code));
    b->stopped = code;
}

struct ScriptTest : ::testing::Test {
    Board board;
    sim_script_t *s = nullptr;
    char err[256] = "";
    FILE *report = nullptr;
    char *report_text = nullptr;
    size_t report_len = 0;

    void SetUp() override
    {
        sim_clock_set_mode(SIM_CLOCK_VIRTUAL, 1.0);
        sim_clock_reset();
        report = open_memstream(&report_text, &report_len);
    }
    void TearDown() override
    {
        sim_script_free(s);
        fclose(report);
        free(report_text);
        sim_clock_reset();
    }
    std::string parse_error(const char *text)
    {
        err[0] = '\0';
        sim_script_t *bad = sim_script_parse("t.script", text, err, sizeof err);
        EXPECT_EQ(bad, nullptr) << text;
        sim_script_free(bad);
        return err;
    }
    void start(const char *text)
    {
        s = sim_script_parse("t.script", text, err, sizeof err);
        ASSERT_NE(s, nullptr) << err;
        sim_script_binding_t b = {&board, find, send, button, stop};
        ASSERT_EQ(sim_script_bind(s, &b, err, sizeof err), 0) << err;
        sim_script_start(s, report);
    }
    // Run the clock until `t` (ms), feeding `out` to uart0 at the times given.
    void run_to(sim_time_t t_ms)
    {
        sim_clock_advance_to(SIM_MS(t_ms));
    }
    void output(const char *text)
    {
        sim_script_uart_output(s, 0, reinterpret_cast<const uint8_t *>(text), strlen(text));
    }
    std::string reported()
    {
        fflush(report);
        return std::string(report_text ? report_text : "", report_len);
    }
};

TEST_F(ScriptTest, MalformedLinesNameFileAndLine)
{
    EXPECT_EQ(parse_error("# ok\n\nfrobnicate uart0\n"),
              "t.script:3: unknown step 'frobnicate' (want UART \"TEXT\", press, release, "
              "expect, wait or stop)");
    EXPECT_EQ(parse_error("uart0 \"abc\n"), "t.script:1: unterminated string");
    EXPECT_EQ(parse_error("uart0 \"a\\qb\"\n"), "t.script:1: unknown escape '\\q' in a string");
    EXPECT_EQ(parse_error("uart0 \"\\x4\"\n"), "t.script:1: \\x needs two hex digits");
    EXPECT_EQ(parse_error("wait soon\n"),
              "t.script:1: invalid duration 'soon' (want a duration like 500ms)");
    EXPECT_EQ(parse_error("at 1s\n"), "t.script:1: 'at' needs a time and a step");
    EXPECT_EQ(parse_error("at x press button0\n"),
              "t.script:1: invalid time 'x' (want a duration like 500ms)");
    EXPECT_EQ(parse_error("expect uart0 \"x\" in 2s\n"),
              "t.script:1: usage: expect UART \"TEXT\" within DURATION");
    EXPECT_EQ(parse_error("press\n"), "t.script:1: usage: press BUTTON");
    EXPECT_EQ(parse_error("stop 300\n"), "t.script:1: exit status must be 0..255");
    EXPECT_EQ(parse_error("uart0 \"\"\n"), "t.script:1: empty text");
    EXPECT_EQ(parse_error("uart0 \"a\" \"b\"\n"), "t.script:1: extra words after uart0 \"...\"");
    EXPECT_EQ(parse_error("uart0 \"a\"b\n"), "t.script:1: a space must follow a string");
    EXPECT_EQ(parse_error("\"a\"\n"), "t.script:1: a step starts with a word, not a string");
}

TEST_F(ScriptTest, UnknownDevicesAreRefusedWhenBound)
{
    s = sim_script_parse("t.script", "uart0 \"x\"\npress button9\n", err, sizeof err);
    ASSERT_NE(s, nullptr) << err;
    sim_script_binding_t b = {&board, find, send, button, stop};
    EXPECT_EQ(sim_script_bind(s, &b, err, sizeof err), -1);
    EXPECT_STREQ(err, "t.script:2: no button named 'button9' on this board");
}

TEST_F(ScriptTest, MissingFileIsAnError)
{
    EXPECT_EQ(sim_script_load("/nonexistent/x.script", err, sizeof err), nullptr);
    EXPECT_NE(std::string(err).find("cannot open script '/nonexistent/x.script'"),
              std::string::npos)
        << err;
}

TEST_F(ScriptTest, StepsRunInOrderAtTheirTimes)
{
    start("at 1s uart0 \"help\\r\"  # type\n"
          "at 2s press button0\n"
          "wait 250ms\n"
          "release button0\n"
          "at 1s uart1 \"\\x41\"\n"       // already past: runs at once, in order
          "stop 3\n");
    run_to(5000);
    std::vector<std::string> want = {"1000 uart0 <- help\r", "2000 press 0", "2250 release 0",
                                     "2250 uart1 <- A", "2250 stop 3"};
    EXPECT_EQ(board.log, want);
    EXPECT_EQ(sim_script_steps_done(s), sim_script_step_count(s));
    EXPECT_EQ(sim_script_finish(s), 0);
}

TEST_F(ScriptTest, ExpectationsWaitForTextThenTheNextStepRuns)
{
    start("expect uart0 \"tshell>\" within 1s\n"
          "uart0 \"ps\\r\"\n"
          "expect uart0 \"idle\" within 1s\n"
          "stop\n");
    output("boot\r\ntsh");
    run_to(100);
    EXPECT_TRUE(board.log.empty());
    output("ell>");                         // split across chunks, seen at 100 ms
    run_to(200);
    ASSERT_EQ(board.log.size(), 1u);
    EXPECT_EQ(board.log[0], "100 uart0 <- ps\r");
    output("name idle\r\n");
    run_to(300);
    EXPECT_EQ(board.stopped, 0);
    EXPECT_EQ(sim_script_finish(s), 0);
    EXPECT_EQ(reported(), "");
}

TEST_F(ScriptTest, OutputBeforeTheStepCountsButAMatchIsConsumed)
{
    start("expect uart0 \"ok\" within 1s\n"
          "expect uart0 \"ok\" within 1s\n");
    output("ok ok");                        // two matches, printed before anything ran
    run_to(10);
    EXPECT_EQ(sim_script_steps_done(s), 2u);
    EXPECT_EQ(sim_script_finish(s), 0);
}

TEST_F(ScriptTest, AnExpectationNotMetFailsAtItsDeadline)
{
    start("at 1s expect uart0 \"never\" within 2s\nuart0 \"x\"\n");
    output("something \"else\"\r\n");
    run_to(2999);
    EXPECT_EQ(board.stopped, -1);
    run_to(3000);
    EXPECT_EQ(board.stopped, 1);
    EXPECT_TRUE(sim_script_failed(s));
    EXPECT_EQ(reported(),
              "t.script:1: expect uart0 \"never\": not seen within 2s (virtual time "
              "3.000000000s)\n"
              "t.script:1: uart0 output since the last match: \"something \\\"else\\\"\\r\\n\"\n");
    run_to(10000);
    EXPECT_EQ(board.log, std::vector<std::string>{"3000 stop 1"});   // nothing after a failure
    EXPECT_EQ(sim_script_finish(s), 1);
}

TEST_F(ScriptTest, ARunThatEndsWhileWaitingFails)
{
    start("expect uart1 \"late\" within 1h\n");
    run_to(1000);
    EXPECT_EQ(sim_script_finish(s), 1);
    EXPECT_NE(reported().find("t.script:1: expect uart1 \"late\": the run ended while waiting"),
              std::string::npos)
        << reported();
}

TEST_F(ScriptTest, SameScriptSameTimesAfterARestart)
{
    start("at 10ms press button0\nwait 5ms\nrelease button0\n");
    run_to(100);
    std::vector<std::string> first = board.log;
    board.log.clear();
    sim_clock_reset();
    sim_script_start(s, report);
    run_to(100);
    EXPECT_EQ(board.log, first);
}

}  // namespace
