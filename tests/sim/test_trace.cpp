// The trace recorder: its ring buffer and the Chrome/Perfetto JSON it writes.
#include <gtest/gtest.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

extern "C" {
#include "sim/clock.h"
#include "sim/trace.h"
}

namespace {

// ---- a strict JSON reader (RFC 8259), enough to check what the writer produces ----

struct Json {
    enum Kind { Null, Bool, Number, String, Array, Object } kind = Null;
    bool b = false;
    double n = 0;
    std::string s;
    std::vector<Json> a;
    std::vector<std::pair<std::string, Json>> o;

    const Json *get(const std::string &key) const
    {
        for (auto &kv : o) {
            if (kv.first == key) {
                return &kv.second;
            }
        }
        return nullptr;
    }
    std::string str(const std::string &key) const
    {
        const Json *v = get(key);
        return v && v->kind == String ? v->s : std::string("<none>");
    }
    double num(const std::string &key) const
    {
        const Json *v = get(key);
        return v && v->kind == Number ? v->n : -1.0;
    }
};

class Reader {
public:
    explicit Reader(const std::string &text) : t_(text) {}

    bool parse(Json *out, std::string *why)
    {
        bool ok = value(out, 0) && (ws(), p_ == t_.size());
        if (!ok) {
            *why = "JSON error at byte " + std::to_string(p_) + ": " +
                   t_.substr(p_ < 40 ? 0 : p_ - 40, 80);
        }
        return ok;
    }

private:
    void ws()
    {
        while (p_ < t_.size() && strchr(" \t\r\n", t_[p_])) {
            p_++;
        }
    }
    bool lit(const char *w)
    {
        size_t n = strlen(w);
        if (t_.compare(p_, n, w) != 0) {
            return false;
        }
        p_ += n;
        return true;
    }
    bool value(Json *v, int depth)
    {
        if (depth > 64) {
            return false;
        }
        ws();
        if (p_ >= t_.size()) {
            return false;
        }
        char c = t_[p_];
        if (c == '{') {
            v->kind = Json::Object;
            p_++;
            ws();
            if (p_ < t_.size() && t_[p_] == '}') {
                p_++;
                return true;
            }
            for (;;) {
                std::pair<std::string, Json> kv;
                ws();
                if (!string(&kv.first)) {
                    return false;
                }
                ws();
                if (p_ >= t_.size() || t_[p_++] != ':') {
                    return false;
                }
                if (!value(&kv.second, depth + 1)) {
                    return false;
                }
                v->o.push_back(std::move(kv));
                ws();
                if (p_ < t_.size() && t_[p_] == ',') {
                    p_++;
                    continue;
                }
                return p_ < t_.size() && t_[p_++] == '}';
            }
        }
        if (c == '[') {
            v->kind = Json::Array;
            p_++;
            ws();
            if (p_ < t_.size() && t_[p_] == ']') {
                p_++;
                return true;
            }
            for (;;) {
                Json e;
                if (!value(&e, depth + 1)) {
                    return false;
                }
                v->a.push_back(std::move(e));
                ws();
                if (p_ < t_.size() && t_[p_] == ',') {
                    p_++;
                    continue;
                }
                return p_ < t_.size() && t_[p_++] == ']';
            }
        }
        if (c == '"') {
            v->kind = Json::String;
            return string(&v->s);
        }
        if (lit("true")) {
            v->kind = Json::Bool;
            v->b = true;
            return true;
        }
        if (lit("false")) {
            v->kind = Json::Bool;
            return true;
        }
        if (lit("null")) {
            return true;
        }
        return number(v);
    }
    bool number(Json *v)
    {
        size_t s = p_;
        if (p_ < t_.size() && t_[p_] == '-') {
            p_++;
        }
        if (p_ >= t_.size() || !isdigit((unsigned char)t_[p_])) {
            return false;
        }
        if (t_[p_] == '0') {
            p_++;
        } else {
            while (p_ < t_.size() && isdigit((unsigned char)t_[p_])) {
                p_++;
            }
        }
        if (p_ < t_.size() && t_[p_] == '.') {
            p_++;
            size_t d = p_;
            while (p_ < t_.size() && isdigit((unsigned char)t_[p_])) {
                p_++;
            }
            if (p_ == d) {
                return false;
            }
        }
        if (p_ < t_.size() && (t_[p_] == 'e' || t_[p_] == 'E')) {
            p_++;
            if (p_ < t_.size() && (t_[p_] == '+' || t_[p_] == '-')) {
                p_++;
            }
            size_t d = p_;
            while (p_ < t_.size() && isdigit((unsigned char)t_[p_])) {
                p_++;
            }
            if (p_ == d) {
                return false;
            }
        }
        v->kind = Json::Number;
        v->n = strtod(t_.substr(s, p_ - s).c_str(), nullptr);
        return true;
    }
    bool string(std::string *out)
    {
        if (p_ >= t_.size() || t_[p_] != '"') {
            return false;
        }
        p_++;
        while (p_ < t_.size()) {
            unsigned char c = (unsigned char)t_[p_++];
            if (c == '"') {
                return true;
            }
            if (c < 0x20) {
                return false;           // control characters must be escaped
            }
            if (c == '\\') {
                if (p_ >= t_.size()) {
                    return false;
                }
                char e = t_[p_++];
                const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
                const char *k = strchr(from, e);
                if (e == 'u') {
                    return false;       // the writer never emits \u (some importers reject it)
                }
                if (!k || !e) {
                    return false;
                }
                out->push_back(to[k - from]);
                continue;
            }
            out->push_back((char)c);
        }
        return false;
    }

    const std::string &t_;
    size_t p_ = 0;
};

// ---- helpers ----

std::string capture(const std::function<void()> &session, uint32_t capacity = 4096)
{
    char *buf = nullptr;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    EXPECT_NE(f, nullptr);
    sim_clock_reset();
    EXPECT_EQ(sim_trace_open_stream(f, "mem", "unit", capacity, false), 0);
    EXPECT_TRUE(sim_trace_active());
    session();
    EXPECT_EQ(sim_trace_close(), 0);
    fclose(f);
    std::string s(buf, len);
    free(buf);
    return s;
}

Json parse_ok(const std::string &text)
{
    Json j;
    std::string why;
    EXPECT_TRUE(Reader(text).parse(&j, &why)) << why;
    return j;
}

// Structural rules of the trace-event format that ui.perfetto.dev and chrome://tracing rely on.
void check_structure(const Json &doc)
{
    ASSERT_EQ(doc.kind, Json::Object);
    const Json *ev = doc.get("traceEvents");
    ASSERT_NE(ev, nullptr);
    ASSERT_EQ(ev->kind, Json::Array);
    const Json *other = doc.get("otherData");
    ASSERT_NE(other, nullptr);
    for (auto &kv : other->o) {
        EXPECT_EQ(kv.second.kind, Json::String) << kv.first << ": otherData values are strings";
    }
    EXPECT_EQ(doc.get("displayTimeUnit"), nullptr) << "viewers disagree on what it means";
    for (auto &e : ev->a) {
        ASSERT_EQ(e.kind, Json::Object);
        std::string ph = e.str("ph");
        EXPECT_EQ(e.num("pid"), 1.0);
        EXPECT_GE(e.num("tid"), 0.0);
        for (auto &kv : e.o) {
            EXPECT_NE(kv.second.kind, Json::Array) << "an array in an event (Perfetto rejects it)";
        }
        if (ph == "M") {
            EXPECT_NE(e.get("args"), nullptr);
            continue;
        }
        EXPECT_GE(e.num("ts"), 0.0);
        EXPECT_NE(e.str("name"), "<none>");
        EXPECT_NE(e.str("cat"), "<none>");
        if (ph == "X") {
            EXPECT_GE(e.num("dur"), 0.0);
        } else if (ph == "i") {
            EXPECT_EQ(e.str("s"), "t");
        } else {
            ADD_FAILURE() << "unexpected phase " << ph;
        }
    }
}

std::vector<const Json *> events(const Json &doc, const std::string &ph, double tid = -1)
{
    std::vector<const Json *> r;
    for (auto &e : doc.get("traceEvents")->a) {
        if (e.str("ph") == ph && (tid < 0 || e.num("tid") == tid)) {
            r.push_back(&e);
        }
    }
    return r;
}

std::string thread_name(const Json &doc, double tid)
{
    for (const Json *e : events(doc, "M", tid)) {
        if (e->str("name") == "thread_name") {
            return e->get("args")->str("name");
        }
    }
    return "<unnamed>";
}

void at(sim_time_t ns)
{
    sim_clock_advance_to(ns);
}

// ---- ring ----

TEST(TraceRing, CapacityMustBeAPowerOfTwo)
{
    sim_trace_ring_t r;
    EXPECT_EQ(sim_trace_ring_init(&r, 0), -1);
    EXPECT_EQ(sim_trace_ring_init(&r, 1), -1);
    EXPECT_EQ(sim_trace_ring_init(&r, 12), -1);
    ASSERT_EQ(sim_trace_ring_init(&r, 16), 0);
    EXPECT_EQ(sim_trace_ring_capacity(&r), 16u);
    sim_trace_ring_free(&r);
}

TEST(TraceRing, FifoUpToCapacityThenFullAcrossManyWraps)
{
    sim_trace_ring_t r;
    ASSERT_EQ(sim_trace_ring_init(&r, 8), 0);
    uint32_t next_in = 0, next_out = 0;
    for (int round = 0; round < 1000; round++) {
        int n = 1 + round % 8;
        for (int i = 0; i < n; i++) {
            sim_trace_rec_t rec{};
            rec.id = next_in;
            if (sim_trace_ring_push(&r, &rec)) {
                next_in++;
            }
        }
        EXPECT_LE(sim_trace_ring_count(&r), 8u);
        int m = round % 3 + 1;
        for (int i = 0; i < m; i++) {
            sim_trace_rec_t out;
            if (!sim_trace_ring_pop(&r, &out)) {
                break;
            }
            ASSERT_EQ(out.id, next_out);
            next_out++;
        }
    }
    EXPECT_GT(next_out, 1000u);
    sim_trace_rec_t rec{};
    while (sim_trace_ring_count(&r) < 8u) {
        ASSERT_TRUE(sim_trace_ring_push(&r, &rec));
    }
    EXPECT_FALSE(sim_trace_ring_push(&r, &rec));
    sim_trace_rec_t out;
    for (int i = 0; i < 8; i++) {
        ASSERT_TRUE(sim_trace_ring_pop(&r, &out));
    }
    EXPECT_FALSE(sim_trace_ring_pop(&r, &out));
    EXPECT_EQ(sim_trace_ring_count(&r), 0u);
    sim_trace_ring_free(&r);
}

// ---- the JSON ----

int sem_a, sem_b, queue_a, timer_a;     // objects are only told apart by address

void scripted_session()
{
    sim_trace_name_irq(0, "systick");
    sim_trace_task_new(1, "idle", 9);
    sim_trace_task_new(2, "worker", 3);
    sim_trace_task_switch(0, 2, "worker", 3);
    at(1000);
    sim_trace_post("sem", &sem_a);
    sim_trace_pend("sem", &sem_a, false, 0, "ok");
    sim_trace_post("sem", &sem_b);
    sim_trace_post("msg_q", &queue_a);
    at(2500);
    sim_trace_isr_enter(0);
    sim_trace_post("sem", &sem_b);         // from the ISR: on the interrupt's track
    sim_trace_timer_fire(&timer_a);
    at(3000);
    sim_trace_isr_exit(0);
    at(5000);
    sim_trace_pend("sem", &sem_a, true, 1202, "timeout");
    sim_trace_task_switch(2, 1, "idle", 9);
    sim_trace_power(1, "idle");
    at(1000000);
    sim_trace_power(0, "run");
    at(2000000);
}

TEST(TraceJson, ScriptedSessionGivesTheDocumentedTracks)
{
    std::string text = capture(scripted_session);
    Json doc = parse_ok(text);
    check_structure(doc);

    EXPECT_EQ(thread_name(doc, SIM_TRACE_TID_TASK_BASE + 1), "idle");
    EXPECT_EQ(thread_name(doc, SIM_TRACE_TID_TASK_BASE + 2), "worker");
    EXPECT_EQ(thread_name(doc, SIM_TRACE_TID_IRQ_BASE + 0), "irq 0 systick");
    EXPECT_EQ(thread_name(doc, SIM_TRACE_TID_POWER), "CPU power state");

    // running slices: worker [0, 5us), idle [5us, close at 2ms)
    auto worker = events(doc, "X", SIM_TRACE_TID_TASK_BASE + 2);
    ASSERT_EQ(worker.size(), 1u);
    EXPECT_EQ(worker[0]->str("name"), "worker");
    EXPECT_EQ(worker[0]->num("ts"), 0.0);
    EXPECT_EQ(worker[0]->num("dur"), 5.0);
    EXPECT_EQ(worker[0]->get("args")->num("prio"), 3.0);
    auto idle = events(doc, "X", SIM_TRACE_TID_TASK_BASE + 1);
    ASSERT_EQ(idle.size(), 1u);
    EXPECT_EQ(idle[0]->num("ts"), 5.0);
    EXPECT_EQ(idle[0]->num("dur"), 1995.0);

    // the ISR, with nanosecond decimals
    auto isr = events(doc, "X", SIM_TRACE_TID_IRQ_BASE + 0);
    ASSERT_EQ(isr.size(), 1u);
    EXPECT_EQ(isr[0]->num("ts"), 2.5);
    EXPECT_EQ(isr[0]->num("dur"), 0.5);
    EXPECT_NE(text.find("\"ts\":2.500,"), std::string::npos);

    // instants: objects numbered per kind in order of first appearance
    auto on_worker = events(doc, "i", SIM_TRACE_TID_TASK_BASE + 2);
    std::vector<std::string> names;
    for (const Json *e : on_worker) {
        names.push_back(e->str("name"));
    }
    EXPECT_EQ(names, (std::vector<std::string>{"create", "post sem#1", "pend sem#1", "post sem#2",
                                                "post msg_q#1", "pend sem#1"}));
    const Json *timeout = on_worker.back();
    EXPECT_EQ(timeout->get("args")->get("blocked")->b, true);
    EXPECT_EQ(timeout->get("args")->num("result"), 1202.0);
    EXPECT_EQ(timeout->get("args")->str("outcome"), "timeout");
    EXPECT_EQ(on_worker[2]->get("args")->get("blocked")->b, false);

    auto on_irq = events(doc, "i", SIM_TRACE_TID_IRQ_BASE + 0);
    ASSERT_EQ(on_irq.size(), 2u);
    EXPECT_EQ(on_irq[0]->str("name"), "post sem#2");
    EXPECT_EQ(on_irq[1]->str("name"), "timer#1 fired");

    // the power state: idle from 5us to 1ms
    auto power = events(doc, "X", SIM_TRACE_TID_POWER);
    ASSERT_EQ(power.size(), 1u);
    EXPECT_EQ(power[0]->str("name"), "idle");
    EXPECT_EQ(power[0]->num("ts"), 5.0);
    EXPECT_EQ(power[0]->num("dur"), 995.0);

    const Json *other = doc.get("otherData");
    EXPECT_EQ(other->str("dropped_records"), "0");
    EXPECT_EQ(other->str("records"), "15");
    EXPECT_EQ(other->str("end_ns"), "2000000");
    EXPECT_EQ(other->str("program"), "unit");
}

TEST(TraceJson, StreamingThroughATinyRingWritesTheSameBytes)
{
    auto long_session = [] {
        sim_trace_task_new(1, "a", 1);
        sim_trace_task_new(2, "b", 2);
        for (unsigned i = 0; i < 5000; i++) {
            at(i * 1000u + 1u);
            sim_trace_task_switch(1 + i % 2, 2 - i % 2, i % 2 ? "a" : "b", 1 + (i + 1) % 2);
            sim_trace_isr_enter(i % 3);
            sim_trace_post("sem", &sem_a);
            sim_trace_isr_exit(i % 3);
        }
    };
    std::string big = capture(long_session, 1u << 16);
    std::string tiny = capture(long_session, 4u);
    EXPECT_EQ(big, tiny);
    EXPECT_EQ(sim_trace_dropped(), 0u);
    EXPECT_EQ(sim_trace_records(), 2u + 5000u * 4u);
    Json doc = parse_ok(tiny);
    check_structure(doc);
    EXPECT_EQ(events(doc, "X", SIM_TRACE_TID_IRQ_BASE + 1).size(), 1667u);
}

TEST(TraceJson, ObjectsAreNamedByOrderNotAddress)
{
    auto session_on = [](std::vector<int> *objs) {
        return [objs] {
            sim_trace_task_switch(0, 1, "t", 1);
            for (int i = 0; i < 3; i++) {
                sim_trace_post("sem", &(*objs)[i]);
                sim_trace_pend("sem", &(*objs)[2 - i], true, 0, "ok");
            }
        };
    };
    auto a = std::make_unique<std::vector<int>>(3);
    auto pad = std::make_unique<std::vector<int>>(1000);
    auto b = std::make_unique<std::vector<int>>(3);
    ASSERT_NE(&(*a)[0], &(*b)[0]);
    EXPECT_EQ(capture(session_on(a.get())), capture(session_on(b.get())));
}

TEST(TraceJson, NamesAreEscapedIntoValidUtf8)
{
    std::string text = capture([] {
        sim_trace_task_new(1, "q\"b\\s\x01\x7f", 1);
        sim_trace_task_new(2, "caf\xc3\xa9", 2);          // valid UTF-8 passes through
        sim_trace_task_new(3, "bad\xff\xc3", 3);          // invalid bytes are replaced
        sim_trace_task_new(4, "0123456789abcdefXYZ", 4);  // cut to 15 bytes
    });
    Json doc = parse_ok(text);
    check_structure(doc);
    EXPECT_EQ(thread_name(doc, SIM_TRACE_TID_TASK_BASE + 1), "q\"b\\s??");
    EXPECT_EQ(thread_name(doc, SIM_TRACE_TID_TASK_BASE + 2), "caf\xc3\xa9");
    EXPECT_EQ(thread_name(doc, SIM_TRACE_TID_TASK_BASE + 3), "bad??");
    EXPECT_EQ(thread_name(doc, SIM_TRACE_TID_TASK_BASE + 4), "0123456789abcde");
}

TEST(TraceJson, AStringLongerThanTheOutputBufferIsWrittenWhole)
{
    std::string program(200000, 'p');
    char *buf = nullptr;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    sim_clock_reset();
    ASSERT_EQ(sim_trace_open_stream(f, "mem", program.c_str(), 16u, false), 0);
    sim_trace_task_new(1, "t", 1);
    ASSERT_EQ(sim_trace_close(), 0);
    fclose(f);
    std::string text(buf, len);
    free(buf);
    Json doc = parse_ok(text);
    check_structure(doc);
    EXPECT_EQ(doc.get("otherData")->str("program"), program);
    EXPECT_EQ(doc.get("traceEvents")->a[0].get("args")->str("name"), program);
}

TEST(TraceJson, OpenSlicesAreClosedAtTheEnd)
{
    std::string text = capture([] {
        sim_trace_task_switch(0, 7, "busy", 2);
        at(100);
        sim_trace_isr_enter(5);
        sim_trace_power(3, "stop");
        at(400);
    });
    Json doc = parse_ok(text);
    check_structure(doc);
    auto task = events(doc, "X", SIM_TRACE_TID_TASK_BASE + 7);
    ASSERT_EQ(task.size(), 1u);
    EXPECT_EQ(task[0]->num("dur"), 0.4);
    auto isr = events(doc, "X", SIM_TRACE_TID_IRQ_BASE + 5);
    ASSERT_EQ(isr.size(), 1u);
    EXPECT_EQ(isr[0]->num("dur"), 0.3);
    EXPECT_EQ(thread_name(doc, SIM_TRACE_TID_TASK_BASE + 7), "busy");   // named by its switch
    EXPECT_EQ(events(doc, "X", SIM_TRACE_TID_POWER).size(), 1u);
}

TEST(TraceJson, NothingIsRecordedWithoutAnOpenTrace)
{
    EXPECT_FALSE(sim_trace_active());
    sim_trace_task_new(1, "x", 1);
    sim_trace_post("sem", &sem_a);
    sim_trace_note("nothing");
    EXPECT_EQ(sim_trace_close(), 0);
    EXPECT_EQ(sim_trace_open_stream(stdout, "x", "x", 3u, false), -1);     // bad capacity
    EXPECT_FALSE(sim_trace_active());
}

TEST(TraceJson, AFileThatCannotBeCreatedIsAnError)
{
    errno = 0;
    EXPECT_EQ(sim_trace_open("/nonexistent-dir/trace.json", "x"), -1);
    EXPECT_EQ(errno, ENOENT);
    EXPECT_FALSE(sim_trace_active());
}

// Recording from inside a drain (which the CPU never does) cannot recurse: the record is
// dropped, and the loss is reported in the metadata and on stderr.
int notes_from_drain;
void note_while_draining()
{
    notes_from_drain++;
    sim_trace_note("recorded while draining");
}

TEST(TraceJson, ADroppedRecordIsReportedNotHidden)
{
    char *buf = nullptr;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    sim_clock_reset();
    ASSERT_EQ(sim_trace_open_stream(f, "mem", "unit", 4u, false), 0);
    sim_trace_set_host_work(note_while_draining, nullptr);
    testing::internal::CaptureStderr();
    for (int i = 0; i < 5; i++) {
        sim_trace_task_new((uint32_t)i + 1u, "t", 1);
    }
    EXPECT_EQ(sim_trace_close(), -1);
    std::string err = testing::internal::GetCapturedStderr();
    sim_trace_set_host_work(nullptr, nullptr);
    fclose(f);
    std::string text(buf, len);
    free(buf);

    EXPECT_GE(notes_from_drain, 1);
    EXPECT_EQ(sim_trace_dropped(), 1u);
    EXPECT_NE(err.find("sprig: trace 'mem': 1 of "), std::string::npos) << err;
    EXPECT_NE(err.find("records were not written"), std::string::npos) << err;
    Json doc = parse_ok(text);
    check_structure(doc);
    EXPECT_EQ(doc.get("otherData")->str("dropped_records"), "1");
}

TEST(TraceJson, AWriteErrorIsReported)
{
    FILE *f = fopen("/dev/full", "w");
    if (!f) {
        GTEST_SKIP() << "no /dev/full";
    }
    sim_clock_reset();
    ASSERT_EQ(sim_trace_open_stream(f, "/dev/full", "unit", 4u, true), 0);
    testing::internal::CaptureStderr();
    for (int i = 0; i < 20; i++) {
        sim_trace_task_new((uint32_t)i + 1u, "t", 1);
    }
    EXPECT_EQ(sim_trace_close(), -1);
    std::string err = testing::internal::GetCapturedStderr();
    EXPECT_NE(err.find("sprig: trace '/dev/full': write failed"), std::string::npos) << err;
    EXPECT_GT(sim_trace_dropped(), 0u);
}

}  // namespace
