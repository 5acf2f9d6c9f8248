// Simulator command line.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

extern "C" {
#include "sim/options.h"
}

namespace {

struct Parsed {
    sim_options_result_t result;
    sim_options_t opts;
    std::string out, err;
};

Parsed parse(std::vector<std::string> args)
{
    args.insert(args.begin(), "/path/to/app");
    std::vector<char *> argv;
    for (auto &a : args) {
        argv.push_back(a.data());
    }
    Parsed p;
    char *obuf = nullptr, *ebuf = nullptr;
    size_t olen = 0, elen = 0;
    FILE *out = open_memstream(&obuf, &olen);
    FILE *err = open_memstream(&ebuf, &elen);
    p.result = sim_options_parse(&p.opts, (int)argv.size(), argv.data(), out, err);
    fclose(out);
    fclose(err);
    p.out = obuf;
    p.err = ebuf;
    free(obuf);
    free(ebuf);
    return p;
}

TEST(Options, DefaultsAreVirtualTimeSeedOneNoStop)
{
    Parsed p = parse({});
    ASSERT_EQ(p.result, SIM_OPTIONS_RUN);
    EXPECT_EQ(p.opts.mode, SIM_CLOCK_VIRTUAL);
    EXPECT_EQ(p.opts.stop_at, SIM_TIME_NEVER);
    EXPECT_EQ(p.opts.seed, 1u);
    EXPECT_EQ(p.opts.busy_budget, SIM_DEFAULT_BUSY_BUDGET);
}

TEST(Options, ParsesEveryOption)
{
    Parsed p = parse({"--stop-at=1.5h", "--seed=0x2A", "--speed=0.5", "--busy-budget=50us"});
    ASSERT_EQ(p.result, SIM_OPTIONS_RUN) << p.err;
    EXPECT_EQ(p.opts.stop_at, SIM_SEC(5400));
    EXPECT_EQ(p.opts.seed, 42u);
    EXPECT_EQ(p.opts.mode, SIM_CLOCK_REALTIME);
    EXPECT_DOUBLE_EQ(p.opts.speed, 0.5);
    EXPECT_EQ(p.opts.busy_budget, SIM_US(50));
    EXPECT_EQ(parse({"--realtime"}).opts.mode, SIM_CLOCK_REALTIME);
}

TEST(Options, Durations)
{
    sim_time_t t;
    EXPECT_EQ(sim_parse_duration("10", &t), 0);
    EXPECT_EQ(t, SIM_SEC(10));
    EXPECT_EQ(sim_parse_duration("250ms", &t), 0);
    EXPECT_EQ(t, SIM_MS(250));
    EXPECT_EQ(sim_parse_duration("3us", &t), 0);
    EXPECT_EQ(t, SIM_US(3));
    EXPECT_EQ(sim_parse_duration("7ns", &t), 0);
    EXPECT_EQ(t, 7u);
    EXPECT_EQ(sim_parse_duration("2m", &t), 0);
    EXPECT_EQ(t, SIM_SEC(120));
    EXPECT_EQ(sim_parse_duration("0.001s", &t), 0);
    EXPECT_EQ(t, SIM_MS(1));
    for (const char *bad : {"", "-1s", "+3", "1x", "s", "1e400", "5 ms", "nan", "100000000000h"}) {
        EXPECT_EQ(sim_parse_duration(bad, &t), -1) << bad;
    }
}

TEST(Options, UnknownOptionIsAnErrorWithUsage)
{
    Parsed p = parse({"--frobnicate"});
    EXPECT_EQ(p.result, SIM_OPTIONS_ERROR);
    EXPECT_NE(p.err.find("app: unknown option '--frobnicate'"), std::string::npos) << p.err;
    EXPECT_NE(p.err.find("usage: app"), std::string::npos);
}

TEST(Options, BadValuesNameTheOptionAndValue)
{
    struct { const char *arg, *expect; } cases[] = {
        {"--stop-at=soon", "invalid --stop-at value 'soon'"},
        {"--seed=-4", "invalid --seed value '-4'"},
        {"--seed=12abc", "invalid --seed value '12abc'"},
        {"--speed=0", "invalid --speed value '0'"},
        {"--speed=fast", "invalid --speed value 'fast'"},
        {"--busy-budget=0", "invalid --busy-budget value '0'"},
        {"--busy-budget=49us", "invalid --busy-budget value '49us'"},
        {"positional", "unknown option 'positional'"},
    };
    for (auto &c : cases) {
        Parsed p = parse({c.arg});
        EXPECT_EQ(p.result, SIM_OPTIONS_ERROR) << c.arg;
        EXPECT_NE(p.err.find(c.expect), std::string::npos) << p.err;
    }
}

TEST(Options, TraceTakesAFileName)
{
    EXPECT_EQ(parse({}).opts.trace_path, nullptr);

    // trace_path points into argv, so keep the arguments alive while looking at it
    char prog[] = "app", arg[] = "--trace=out/run.json";
    char *argv[] = {prog, arg};
    sim_options_t o;
    FILE *null = fopen("/dev/null", "w");
    ASSERT_EQ(sim_options_parse(&o, 2, argv, null, null), SIM_OPTIONS_RUN);
    fclose(null);
    ASSERT_NE(o.trace_path, nullptr);
    EXPECT_STREQ(o.trace_path, "out/run.json");

    Parsed empty = parse({"--trace="});
    EXPECT_EQ(empty.result, SIM_OPTIONS_ERROR);
    EXPECT_NE(empty.err.find("invalid --trace value ''"), std::string::npos) << empty.err;
    EXPECT_EQ(parse({"--trace"}).result, SIM_OPTIONS_ERROR);    // the value is required
}

TEST(Options, DefaultsClearEveryFieldOfAnUninitialisedStruct)
{
    sim_options_t o;
    memset(&o, 0xA5, sizeof o);             // what a stack variable may hold
    sim_options_defaults(&o);
    EXPECT_EQ(o.trace_path, nullptr);
    EXPECT_EQ(o.uart0, nullptr);
    EXPECT_EQ(o.flash_path, nullptr);
    EXPECT_EQ(o.gpio_log, nullptr);
    EXPECT_EQ(o.script_path, nullptr);
    EXPECT_FALSE(o.stats);
}

TEST(Options, ScriptTakesAFileName)
{
    EXPECT_STREQ(parse({"--script=demo.script"}).opts.script_path, "demo.script");
    Parsed empty = parse({"--script="});
    EXPECT_EQ(empty.result, SIM_OPTIONS_ERROR);
    EXPECT_EQ(empty.err.substr(0, empty.err.find('\n')),
              "app: invalid --script value '' (want a file name)");
}

TEST(Options, HelpAndVersionPrintAndExitZero)
{
    Parsed h = parse({"--help"});
    EXPECT_EQ(h.result, SIM_OPTIONS_EXIT_OK);
    EXPECT_NE(h.out.find("--stop-at=T"), std::string::npos);
    EXPECT_NE(h.out.find("--trace=FILE"), std::string::npos);
    Parsed v = parse({"--version"});
    EXPECT_EQ(v.result, SIM_OPTIONS_EXIT_OK);
    EXPECT_NE(v.out.find("Sprig simulator"), std::string::npos);
}

}  // namespace
