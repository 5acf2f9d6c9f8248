/*
 * The trace recorder and its Chrome/Perfetto JSON writer. See sim/include/sim/trace.h.
 *
 * Recording is cheap: a record is filled in and pushed on the ring. Formatting happens when the
 * ring is full (or at close), in one batch, with hand-rolled number formatting into a 64 KiB
 * output buffer that is written with fwrite.
 *
 * The writer turns the record stream into events. It keeps only O(1) state: the running task
 * (whose slice it closes at the next switch), the stack of active interrupt lines, the power
 * state, and which tracks it has named. Complete events are written when they end, so the file
 * is not sorted by time; the format does not require it.
 */
#include "sim/trace.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim/irqc.h"
#include "sim/options.h"

#ifndef SPRIG_VERSION
#define SPRIG_VERSION "0.0.0"
#endif

/* ------------------------------------------------------------------------------------------ */
/* ring                                                                                        */

int sim_trace_ring_init(sim_trace_ring_t *r, uint32_t capacity)
{
    memset(r, 0, sizeof *r);
    if (capacity < 2u || (capacity & (capacity - 1u)) != 0u) {
        return -1;
    }
    r->buf = calloc(capacity, sizeof *r->buf);
    if (!r->buf) {
        return -1;
    }
    r->mask = capacity - 1u;
    return 0;
}

void sim_trace_ring_free(sim_trace_ring_t *r)
{
    free(r->buf);
    memset(r, 0, sizeof *r);
}

bool sim_trace_ring_push(sim_trace_ring_t *r, const sim_trace_rec_t *rec)
{
    uint32_t head = r->head;
    uint32_t tail = __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE);
    if (head - tail > r->mask) {
        return false;
    }
    r->buf[head & r->mask] = *rec;
    __atomic_store_n(&r->head, head + 1u, __ATOMIC_RELEASE);
    return true;
}

bool sim_trace_ring_pop(sim_trace_ring_t *r, sim_trace_rec_t *out)
{
    uint32_t tail = r->tail;
    uint32_t head = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE);
    if (head == tail) {
        return false;
    }
    *out = r->buf[tail & r->mask];
    __atomic_store_n(&r->tail, tail + 1u, __ATOMIC_RELEASE);
    return true;
}

uint32_t sim_trace_ring_count(const sim_trace_ring_t *r)
{
    return __atomic_load_n(&r->head, __ATOMIC_ACQUIRE) -
           __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE);
}

uint32_t sim_trace_ring_capacity(const sim_trace_ring_t *r)
{
    return r->buf ? r->mask + 1u : 0u;
}

/* ------------------------------------------------------------------------------------------ */
/* state                                                                                       */

#define OUT_SIZE        (64u * 1024u)
#define OUT_SLACK       1024u           /* one event never needs more */
#define ISR_DEPTH_MAX   SIM_IRQ_LINES
#define KINDS_MAX       64u
#define OBJECTS_MAX     (1u << 20)      /* distinct objects given a number; later ones are '?' */

typedef struct {
    const void *obj;
    const char *kind;
    uint32_t    number;
} obj_slot_t;

static struct {
    bool             active;
    FILE            *f;
    bool             owns;
    char            *label;             /* the file name, for messages */
    char            *program;
    sim_trace_ring_t ring;
    bool             draining;
    uint64_t         records;
    uint64_t         dropped;
    bool             io_failed;
    void           (*work_enter)(void);
    void           (*work_exit)(void);

    /* object numbering (at record time) */
    obj_slot_t      *objs;
    uint32_t         objs_cap;          /* power of two */
    uint32_t         objs_used;
    const char      *kinds[KINDS_MAX];
    uint32_t         kind_count[KINDS_MAX];
    unsigned         nkinds;

    /* writer */
    char            *out;
    size_t           out_len;
    bool             first_event;
    uint32_t         cur_task;          /* 0: none */
    char             cur_name[SIM_TRACE_NAME_MAX];
    unsigned         cur_prio;
    sim_time_t       cur_since;
    unsigned         isr_stack[ISR_DEPTH_MAX];
    sim_time_t       isr_since[ISR_DEPTH_MAX];
    unsigned         isr_depth;
    unsigned         power_state;
    const char      *power_name;
    sim_time_t       power_since;
    uint64_t         irq_named;         /* bit per line */
    bool             power_named, sim_named;
    uint8_t         *task_named;        /* bit per task id */
    uint32_t         task_named_bits;
} tr;

static const char *irq_names[SIM_IRQ_LINES];
/* The counts of the last closed trace. */
static uint64_t last_records, last_dropped;

/* ------------------------------------------------------------------------------------------ */
/* output buffer                                                                               */

static void out_write_all(void)
{
    if (tr.out_len == 0u) {
        return;
    }
    if (!tr.io_failed && fwrite(tr.out, 1u, tr.out_len, tr.f) != tr.out_len) {
        tr.io_failed = true;
        fprintf(stderr, "sprig: trace '%s': write failed (%s); the rest of the trace is lost\n",
                tr.label, strerror(errno ? errno : EIO));
    }
    tr.out_len = 0u;
}

/* Room for one more event. */
static void out_reserve(void)
{
    if (tr.out_len + OUT_SLACK > OUT_SIZE) {
        out_write_all();
    }
}

static void put(const char *s, size_t n)
{
    if (tr.out_len + n > OUT_SIZE) {
        out_write_all();
        if (n > OUT_SIZE) {                 /* a huge string: straight through */
            memcpy(tr.out, s, OUT_SIZE);
            tr.out_len = OUT_SIZE;
            out_write_all();
            put(s + OUT_SIZE, n - OUT_SIZE);
            return;
        }
    }
    memcpy(tr.out + tr.out_len, s, n);
    tr.out_len += n;
}

static void puts_(const char *s)
{
    put(s, strlen(s));
}

static void put_u64(uint64_t v)
{
    char buf[24];
    size_t i = sizeof buf;
    do {
        buf[--i] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    put(buf + i, sizeof buf - i);
}

static void put_i64(int64_t v)
{
    if (v < 0) {
        put("-", 1u);
        put_u64((uint64_t)0 - (uint64_t)v);
    } else {
        put_u64((uint64_t)v);
    }
}

/* Nanoseconds as microseconds: "1500" or "1500.250". */
static void put_us(uint64_t ns)
{
    uint64_t frac = ns % 1000u;
    put_u64(ns / 1000u);
    if (frac) {
        char buf[4] = { '.', (char)('0' + frac / 100u), (char)('0' + frac / 10u % 10u),
                        (char)('0' + frac % 10u) };
        put(buf, sizeof buf);
    }
}

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    uint32_t cp;
    if (c >= 0xC2u && c <= 0xDFu) {
        len = 2u;
        cp = c & 0x1Fu;
    } else if (c >= 0xE0u && c <= 0xEFu) {
        len = 3u;
        cp = c & 0x0Fu;
    } else if (c >= 0xF0u && c <= 0xF4u) {
        len = 4u;
        cp = c & 0x07u;
    } else {
        return 0u;
    }
    if (n < len) {
        return 0u;
    }
    for (size_t i = 1u; i < len; i++) {
        if ((s[i] & 0xC0u) != 0x80u) {
            return 0u;
        }
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if ((len == 3u && (cp < 0x800u || (cp >= 0xD800u && cp <= 0xDFFFu))) ||
        (len == 4u && (cp < 0x10000u || cp > 0x10FFFFu))) {
        return 0u;
    }
    return len;
}

/* A JSON string. Valid UTF-8 passes through; control characters and invalid bytes become '?'
   (no \u escapes: some importers do not take them). At most `max` bytes of `s` are read. */
static void put_jstr_n(const char *s, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strnlen(s, max);
    put("\"", 1u);
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        if (c == '"' || c == '\\') {
            char esc[2] = { '\\', (char)c };
            put(esc, 2u);
            i++;
        } else if (c < 0x20u || c == 0x7Fu) {
            put("?", 1u);
            i++;
        } else if (c < 0x80u) {
            put((const char *)p + i, 1u);
            i++;
        } else {
            size_t len = utf8_len(p + i, n - i);
            if (len) {
                put((const char *)p + i, len);
                i += len;
            } else {
                put("?", 1u);
                i++;
            }
        }
    }
    put("\"", 1u);
}

static void put_jstr(const char *s)
{
    put_jstr_n(s ? s : "", (size_t)-1);
}

/* `{"ph":"X","ts":T,"pid":1,"tid":N` — the caller adds the rest and the closing brace. */
static void ev_open(char ph, sim_time_t ts, unsigned tid)
{
    out_reserve();
    if (tr.first_event) {
        tr.first_event = false;
        puts_("\n");
    } else {
        puts_(",\n");
    }
    char head[8] = { '{', '"', 'p', 'h', '"', ':', '"', ph };
    put(head, sizeof head);
    puts_("\",\"ts\":");
    put_us(ts);
    puts_(",\"pid\":1,\"tid\":");
    put_u64(tid);
}

static void ev_meta(unsigned tid, const char *what, const char *key, const char *sval,
                    uint64_t nval)
{
    out_reserve();
    puts_(tr.first_event ? "\n" : ",\n");
    tr.first_event = false;
    puts_("{\"ph\":\"M\",\"pid\":1,\"tid\":");
    put_u64(tid);
    puts_(",\"name\":\"");
    puts_(what);
    puts_("\",\"args\":{\"");
    puts_(key);
    puts_("\":");
    if (sval) {
        put_jstr(sval);
    } else {
        put_u64(nval);
    }
    puts_("}}");
}

static void name_track(unsigned tid, const char *name, uint64_t sort)
{
    ev_meta(tid, "thread_name", "name", name, 0u);
    ev_meta(tid, "thread_sort_index", "sort_index", NULL, sort);
}

/* ------------------------------------------------------------------------------------------ */
/* tracks                                                                                      */

static unsigned task_tid(uint32_t id)
{
    return SIM_TRACE_TID_TASK_BASE + id;
}

static unsigned irq_tid(unsigned line)
{
    return SIM_TRACE_TID_IRQ_BASE + line;
}

static bool task_is_named(uint32_t id)
{
    return id < tr.task_named_bits && (tr.task_named[id / 8u] >> (id % 8u) & 1u);
}

static void task_set_named(uint32_t id)
{
    if (id >= tr.task_named_bits) {
        uint32_t bits = tr.task_named_bits ? tr.task_named_bits : 1024u;
        while (bits <= id) {
            bits *= 2u;
        }
        uint8_t *p = realloc(tr.task_named, bits / 8u);
        if (!p) {
            return;         /* it will be named again; harmless */
        }
        memset(p + tr.task_named_bits / 8u, 0, (bits - tr.task_named_bits) / 8u);
        tr.task_named = p;
        tr.task_named_bits = bits;
    }
    tr.task_named[id / 8u] |= (uint8_t)(1u << (id % 8u));
}

static void task_track(uint32_t id, const char *name)
{
    if (!task_is_named(id)) {
        task_set_named(id);
        name_track(task_tid(id), name, 1000u + id);
    }
}

static void irq_label(unsigned line, char *buf, size_t size)
{
    if (irq_names[line]) {
        snprintf(buf, size, "irq %u %s", line, irq_names[line]);
    } else {
        snprintf(buf, size, "irq %u", line);
    }
}

static void irq_track(unsigned line)
{
    if (!(tr.irq_named >> line & 1u)) {
        char label[64];
        tr.irq_named |= (uint64_t)1u << line;
        irq_label(line, label, sizeof label);
        name_track(irq_tid(line), label, line);
    }
}

static void power_track(void)
{
    if (!tr.power_named) {
        tr.power_named = true;
        name_track(SIM_TRACE_TID_POWER, "CPU power state", 1000000u);
    }
}

static void sim_track(void)
{
    if (!tr.sim_named) {
        tr.sim_named = true;
        name_track(SIM_TRACE_TID_SIM, "simulator", 1000001u);
    }
}

/* The track of whoever is running: the innermost ISR, else the current task. */
static unsigned context_tid(void)
{
    if (tr.isr_depth) {
        return irq_tid(tr.isr_stack[tr.isr_depth - 1u]);
    }
    if (tr.cur_task) {
        return task_tid(tr.cur_task);
    }
    sim_track();
    return SIM_TRACE_TID_SIM;
}

/* ------------------------------------------------------------------------------------------ */
/* events                                                                                      */

static void slice(unsigned tid, sim_time_t from, sim_time_t to, const char *name, size_t name_max,
                  const char *cat)
{
    ev_open('X', from, tid);
    puts_(",\"dur\":");
    put_us(to >= from ? to - from : 0u);
    puts_(",\"name\":");
    put_jstr_n(name, name_max);
    puts_(",\"cat\":\"");
    puts_(cat);
    puts_("\"");
}

static void task_slice_end(sim_time_t t)
{
    if (tr.cur_task) {
        slice(task_tid(tr.cur_task), tr.cur_since, t, tr.cur_name, sizeof tr.cur_name, "task");
        puts_(",\"args\":{\"prio\":");
        put_u64(tr.cur_prio);
        puts_("}}");
        tr.cur_task = 0u;
    }
}

static void isr_slice(unsigned line, sim_time_t from, sim_time_t to)
{
    char label[64];
    irq_label(line, label, sizeof label);
    slice(irq_tid(line), from, to, label, sizeof label, "irq");
    puts_(",\"args\":{\"line\":");
    put_u64(line);
    puts_("}}");
}

static void power_slice_end(sim_time_t t)
{
    if (tr.power_state != 0u) {
        power_track();
        slice(SIM_TRACE_TID_POWER, tr.power_since, t, tr.power_name ? tr.power_name : "?",
              (size_t)-1, "power");
        puts_(",\"args\":{\"state\":");
        put_u64(tr.power_state);
        puts_("}}");
    }
}

static void object_label(const char *kind, uint32_t number)
{
    put("\"", 1u);
    puts_(kind);
    if (number) {
        put("#", 1u);
        put_u64(number);
    } else {
        put("#?", 2u);
    }
    put("\"", 1u);
}

static void instant_open(const sim_trace_rec_t *r, unsigned tid, const char *cat)
{
    ev_open('i', r->t, tid);
    puts_(",\"s\":\"t\",\"cat\":\"");
    puts_(cat);
    puts_("\",\"name\":");
}

static void write_record(const sim_trace_rec_t *r)
{
    switch ((sim_trace_type_t)r->type) {
    case SIM_TR_TASK_NEW:
        task_track(r->id, r->u.name);
        instant_open(r, task_tid(r->id), "task");
        puts_("\"create\",\"args\":{\"name\":");
        put_jstr_n(r->u.name, sizeof r->u.name);
        puts_(",\"prio\":");
        put_u64(r->small);
        puts_(",\"id\":");
        put_u64(r->id);
        puts_("}}");
        break;
    case SIM_TR_TASK_GONE:
        instant_open(r, task_tid(r->id), "task");
        puts_("\"destroy\",\"args\":{\"id\":");
        put_u64(r->id);
        puts_("}}");
        break;
    case SIM_TR_SWITCH:
        task_slice_end(r->t);
        if (r->id) {
            task_track(r->id, r->u.name);
            tr.cur_task = r->id;
            memcpy(tr.cur_name, r->u.name, sizeof tr.cur_name);
            tr.cur_prio = r->small;
            tr.cur_since = r->t;
        }
        break;
    case SIM_TR_ISR_ENTER:
        irq_track(r->small);
        if (tr.isr_depth < ISR_DEPTH_MAX) {
            tr.isr_stack[tr.isr_depth] = r->small;
            tr.isr_since[tr.isr_depth] = r->t;
            tr.isr_depth++;
        }
        break;
    case SIM_TR_ISR_EXIT:
        /* normally the innermost; search anyway so a lost enter cannot wedge the stack */
        for (unsigned i = tr.isr_depth; i-- > 0u;) {
            if (tr.isr_stack[i] == r->small) {
                isr_slice(r->small, tr.isr_since[i], r->t);
                memmove(&tr.isr_stack[i], &tr.isr_stack[i + 1u],
                        (tr.isr_depth - i - 1u) * sizeof tr.isr_stack[0]);
                memmove(&tr.isr_since[i], &tr.isr_since[i + 1u],
                        (tr.isr_depth - i - 1u) * sizeof tr.isr_since[0]);
                tr.isr_depth--;
                break;
            }
        }
        break;
    case SIM_TR_POST:
    case SIM_TR_PEND: {
        bool post = r->type == SIM_TR_POST;
        instant_open(r, context_tid(), "object");
        put("\"", 1u);
        puts_(post ? "post " : "pend ");
        puts_(r->u.s.kind);
        if (r->id) {
            put("#", 1u);
            put_u64(r->id);
        } else {
            put("#?", 2u);
        }
        puts_("\",\"args\":{\"object\":");
        object_label(r->u.s.kind, r->id);
        if (!post) {
            puts_(r->flag ? ",\"blocked\":true,\"result\":" : ",\"blocked\":false,\"result\":");
            put_i64(r->value);
            puts_(",\"outcome\":");
            put_jstr(r->u.s.text);
        }
        puts_("}}");
        break;
    }
    case SIM_TR_TIMER:
        instant_open(r, context_tid(), "timer");
        puts_("\"timer");
        if (r->id) {
            put("#", 1u);
            put_u64(r->id);
        } else {
            put("#?", 2u);
        }
        puts_(" fired\",\"args\":{\"object\":");
        object_label("timer", r->id);
        puts_("}}");
        break;
    case SIM_TR_POWER:
        if (r->small != tr.power_state) {
            power_slice_end(r->t);
            tr.power_state = r->small;
            tr.power_name = r->u.s.text;
            tr.power_since = r->t;
        }
        break;
    case SIM_TR_NOTE:
        sim_track();
        instant_open(r, SIM_TRACE_TID_SIM, "sim");
        put_jstr(r->u.s.text);
        puts_("}");
        break;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* recording                                                                                   */

static void drain(void)
{
    sim_trace_rec_t r;

    if (tr.draining) {
        return;
    }
    tr.draining = true;
    if (tr.work_enter) {
        tr.work_enter();
    }
    while (sim_trace_ring_pop(&tr.ring, &r)) {
        if (tr.io_failed) {
            tr.dropped++;
        } else {
            write_record(&r);
        }
    }
    out_write_all();
    if (!tr.io_failed && fflush(tr.f) != 0) {
        tr.io_failed = true;
        fprintf(stderr, "sprig: trace '%s': write failed (%s); the rest of the trace is lost\n",
                tr.label, strerror(errno ? errno : EIO));
    }
    if (tr.work_exit) {
        tr.work_exit();
    }
    tr.draining = false;
}

static void record(sim_trace_rec_t *r)
{
    r->t = sim_clock_now();
    tr.records++;
    if (!sim_trace_ring_push(&tr.ring, r)) {
        drain();
        if (!sim_trace_ring_push(&tr.ring, r)) {
            tr.dropped++;       /* only if recorded from inside a drain */
        }
    }
}

static uint32_t kind_next(const char *kind)
{
    for (unsigned i = 0; i < tr.nkinds; i++) {
        if (tr.kinds[i] == kind || strcmp(tr.kinds[i], kind) == 0) {
            return ++tr.kind_count[i];
        }
    }
    if (tr.nkinds == KINDS_MAX) {
        return 0u;
    }
    tr.kinds[tr.nkinds] = kind;
    tr.kind_count[tr.nkinds] = 1u;
    tr.nkinds++;
    return 1u;
}

static uint32_t obj_hash(const void *obj, const char *kind)
{
    uint64_t k = (uint64_t)(uintptr_t)obj ^ ((uint64_t)(uintptr_t)kind << 17);
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    return (uint32_t)k;
}

static bool objs_grow(void)
{
    uint32_t cap = tr.objs_cap ? tr.objs_cap * 2u : 256u;
    obj_slot_t *n = calloc(cap, sizeof *n);
    if (!n) {
        return false;
    }
    for (uint32_t i = 0; i < tr.objs_cap; i++) {
        if (tr.objs[i].obj) {
            uint32_t h = obj_hash(tr.objs[i].obj, tr.objs[i].kind) & (cap - 1u);
            while (n[h].obj) {
                h = (h + 1u) & (cap - 1u);
            }
            n[h] = tr.objs[i];
        }
    }
    free(tr.objs);
    tr.objs = n;
    tr.objs_cap = cap;
    return true;
}

/* The object's number within its kind, in order of first appearance; 0 when not tracked. */
static uint32_t object_number(const char *kind, const void *obj)
{
    if (!obj) {
        return 0u;
    }
    if (tr.objs_cap) {
        uint32_t h = obj_hash(obj, kind) & (tr.objs_cap - 1u);
        while (tr.objs[h].obj) {
            if (tr.objs[h].obj == obj && tr.objs[h].kind == kind) {
                return tr.objs[h].number;
            }
            h = (h + 1u) & (tr.objs_cap - 1u);
        }
    }
    if (tr.objs_used >= OBJECTS_MAX) {
        return 0u;
    }
    if ((tr.objs_used + 1u) * 2u > tr.objs_cap && !objs_grow()) {
        return 0u;
    }
    uint32_t h = obj_hash(obj, kind) & (tr.objs_cap - 1u);
    while (tr.objs[h].obj) {
        h = (h + 1u) & (tr.objs_cap - 1u);
    }
    tr.objs[h].obj = obj;
    tr.objs[h].kind = kind;
    tr.objs[h].number = kind_next(kind);
    tr.objs_used++;
    return tr.objs[h].number;
}

/* ------------------------------------------------------------------------------------------ */
/* open / close                                                                                */

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1u;
    char *d = malloc(n);
    if (d) {
        memcpy(d, s, n);
    }
    return d;
}

static void reset_state(void)
{
    free(tr.label);
    free(tr.program);
    free(tr.out);
    free(tr.objs);
    free(tr.task_named);
    sim_trace_ring_free(&tr.ring);
    void (*enter)(void) = tr.work_enter;
    void (*leave)(void) = tr.work_exit;
    memset(&tr, 0, sizeof tr);
    tr.work_enter = enter;
    tr.work_exit = leave;
}

int sim_trace_open_stream(FILE *f, const char *label, const char *program, uint32_t capacity,
                          bool owns)
{
    if (tr.active) {
        sim_trace_close();
    }
    reset_state();
    last_records = last_dropped = 0u;
    tr.label = dup_str(label ? label : "trace");
    tr.program = dup_str(program ? program : "sprig");
    tr.out = malloc(OUT_SIZE);
    if (!tr.label || !tr.program || !tr.out || sim_trace_ring_init(&tr.ring, capacity) != 0) {
        reset_state();
        errno = ENOMEM;
        return -1;
    }
    tr.f = f;
    tr.owns = owns;
    tr.first_event = true;
    tr.active = true;
    puts_("{\"traceEvents\":[");
    ev_meta(0u, "process_name", "name", tr.program, 0u);
    return 0;
}

int sim_trace_open(const char *path, const char *program)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        return -1;
    }
    if (sim_trace_open_stream(f, path, program, SIM_TRACE_RING_DEFAULT, true) != 0) {
        int e = errno;
        fclose(f);
        remove(path);
        errno = e;
        return -1;
    }
    return 0;
}

bool sim_trace_active(void)
{
    return tr.active;
}

void sim_trace_set_host_work(void (*enter)(void), void (*exit_)(void))
{
    tr.work_enter = enter;
    tr.work_exit = exit_;
}

void sim_trace_flush(void)
{
    if (tr.active) {
        drain();
    }
}

uint64_t sim_trace_records(void)
{
    return tr.active ? tr.records : last_records;
}

uint64_t sim_trace_dropped(void)
{
    return tr.active ? tr.dropped : last_dropped;
}

static void other_data(const char *key, const char *sval, uint64_t nval, bool first)
{
    puts_(first ? "\n\"" : ",\n\"");
    puts_(key);
    puts_("\":");
    if (sval) {
        put_jstr(sval);
    } else {
        char num[24];
        snprintf(num, sizeof num, "%llu", (unsigned long long)nval);
        put_jstr(num);      /* otherData values are strings */
    }
}

int sim_trace_close(void)
{
    int rc = 0;

    if (!tr.active) {
        return 0;
    }
    sim_time_t end = sim_clock_now();
    drain();
    tr.active = false;          /* from here on nothing more is recorded */
    tr.draining = true;
    if (tr.work_enter) {
        tr.work_enter();
    }
    if (!tr.io_failed) {
        const sim_options_t *o = sim_options();
        task_slice_end(end);
        while (tr.isr_depth) {
            tr.isr_depth--;
            isr_slice(tr.isr_stack[tr.isr_depth], tr.isr_since[tr.isr_depth], end);
        }
        power_slice_end(end);
        puts_("\n],\n\"otherData\":{");
        other_data("generator", "Sprig simulator " SPRIG_VERSION, 0u, true);
        other_data("program", tr.program, 0u, false);
        other_data("clock", o->mode == SIM_CLOCK_REALTIME ? "realtime" : "virtual", 0u, false);
        other_data("seed", NULL, o->seed, false);
        other_data("time_unit", "ts and dur are microseconds of virtual time", 0u, false);
        other_data("end_ns", NULL, end, false);
        other_data("records", NULL, tr.records, false);
        other_data("dropped_records", NULL, tr.dropped, false);
        other_data("objects_untracked", NULL,
                   tr.objs_used >= OBJECTS_MAX ? 1u : 0u, false);
        puts_("\n}}\n");
        out_write_all();
    }
    if (tr.work_exit) {
        tr.work_exit();
    }
    if (tr.owns) {
        if (fclose(tr.f) != 0 && !tr.io_failed) {
            tr.io_failed = true;
            fprintf(stderr, "sprig: trace '%s': write failed (%s)\n", tr.label, strerror(errno));
        }
    } else if (fflush(tr.f) != 0 && !tr.io_failed) {
        tr.io_failed = true;
        fprintf(stderr, "sprig: trace '%s': write failed (%s)\n", tr.label, strerror(errno));
    }
    if (tr.dropped) {
        fprintf(stderr, "sprig: trace '%s': %llu of %llu records were not written\n", tr.label,
                (unsigned long long)tr.dropped, (unsigned long long)tr.records);
    }
    if (tr.io_failed || tr.dropped) {
        rc = -1;
    }
    last_records = tr.records;
    last_dropped = tr.dropped;
    reset_state();
    return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* events                                                                                      */

void sim_trace_name_irq(unsigned line, const char *name)
{
    if (line < SIM_IRQ_LINES) {
        irq_names[line] = name;
    }
}

static void copy_name(char *dst, const char *name)
{
    memset(dst, 0, SIM_TRACE_NAME_MAX);
    if (name) {
        strncpy(dst, name, SIM_TRACE_NAME_MAX - 1u);
    }
}

void sim_trace_task_new(uint32_t id, const char *name, unsigned prio)
{
    if (!tr.active) {
        return;
    }
    sim_trace_rec_t r = { .type = SIM_TR_TASK_NEW, .small = (uint16_t)prio, .id = id };
    copy_name(r.u.name, name);
    record(&r);
}

void sim_trace_task_gone(uint32_t id)
{
    if (!tr.active) {
        return;
    }
    sim_trace_rec_t r = { .type = SIM_TR_TASK_GONE, .id = id };
    record(&r);
}

void sim_trace_task_switch(uint32_t from, uint32_t to, const char *to_name, unsigned to_prio)
{
    if (!tr.active) {
        return;
    }
    sim_trace_rec_t r = { .type = SIM_TR_SWITCH, .small = (uint16_t)to_prio, .id = to,
                          .id2 = from };
    copy_name(r.u.name, to_name);
    record(&r);
}

void sim_trace_isr_enter(unsigned line)
{
    if (!tr.active || line >= SIM_IRQ_LINES) {
        return;
    }
    sim_trace_rec_t r = { .type = SIM_TR_ISR_ENTER, .small = (uint16_t)line };
    record(&r);
}

void sim_trace_isr_exit(unsigned line)
{
    if (!tr.active || line >= SIM_IRQ_LINES) {
        return;
    }
    sim_trace_rec_t r = { .type = SIM_TR_ISR_EXIT, .small = (uint16_t)line };
    record(&r);
}

void sim_trace_post(const char *kind, const void *obj)
{
    if (!tr.active) {
        return;
    }
    kind = kind ? kind : "object";
    sim_trace_rec_t r = { .type = SIM_TR_POST, .id = object_number(kind, obj) };
    r.u.s.kind = kind;
    record(&r);
}

void sim_trace_pend(const char *kind, const void *obj, bool blocked, int result,
                    const char *outcome)
{
    if (!tr.active) {
        return;
    }
    kind = kind ? kind : "object";
    sim_trace_rec_t r = { .type = SIM_TR_PEND, .flag = blocked ? 1u : 0u,
                          .id = object_number(kind, obj), .value = result };
    r.u.s.kind = kind;
    r.u.s.text = outcome ? outcome : "";
    record(&r);
}

void sim_trace_timer_fire(const void *timer)
{
    static const char timer_kind[] = "timer";
    if (!tr.active) {
        return;
    }
    sim_trace_rec_t r = { .type = SIM_TR_TIMER, .id = object_number(timer_kind, timer) };
    record(&r);
}

void sim_trace_power(unsigned state, const char *name)
{
    if (!tr.active) {
        return;
    }
    sim_trace_rec_t r = { .type = SIM_TR_POWER, .small = (uint16_t)state };
    r.u.s.text = name ? name : "?";
    record(&r);
}

void sim_trace_note(const char *text)
{
    if (!tr.active) {
        return;
    }
    sim_trace_rec_t r = { .type = SIM_TR_NOTE };
    r.u.s.text = text ? text : "";
    record(&r);
}
