/*
 * Scripted stimulus: parsing (FILE:LINE errors) and running the steps on the virtual clock.
 * See sim/include/sim/script.h for the language.
 */
#include "sim/script.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sim/options.h"

#define MAX_UARTS        16          /* UART ids the board may hand out */
#define CAPTURE_LIMIT    (1u << 20)  /* output kept for expectations, per UART */
#define NAME_MAX_LEN     31u

typedef enum { OP_SEND, OP_PRESS, OP_RELEASE, OP_EXPECT, OP_WAIT, OP_STOP } op_t;

typedef struct {
    op_t       op;
    unsigned   line;
    bool       has_at;
    sim_time_t at;
    char       target[NAME_MAX_LEN + 1];
    int        id;              /* bound UART or button */
    uint8_t   *text;            /* send / expect */
    size_t     len;
    sim_time_t dur;             /* wait / within */
    int        code;            /* stop */
} step_t;

typedef struct {
    uint8_t *buf;
    size_t   len, cap;
} capture_t;

struct sim_script {
    char                *name;
    step_t              *steps;
    unsigned             n, cap;
    sim_script_binding_t b;
    bool                 bound;
    /* the run */
    FILE                *report;
    unsigned             next;          /* the step running or due next */
    sim_time_t           not_before;    /* end of the last wait */
    bool                 expecting;     /* steps[next] is an expectation, waiting */
    bool                 failed;
    bool                 stopped;
    sim_event_t          due_ev;
    sim_event_t          deadline_ev;
    capture_t            out[MAX_UARTS];
};

/* ---- parsing ---- */

typedef struct {
    bool     quoted;
    char    *word;          /* words: NUL-terminated; strings: bytes, len */
    size_t   len;
} token_t;

#define MAX_TOKENS 8

static int perr(char *err, size_t errlen, const char *file, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int perr(char *err, size_t errlen, const char *file, unsigned line, const char *fmt, ...)
{
    char why[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    snprintf(err, errlen, "%s:%u: %s", file, line, why);
    return -1;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Split `p` (one line, modified in place: strings are unescaped into it) into tokens. */
static int tokenize(char *p, token_t *tok, unsigned *count, const char *file, unsigned line,
                    char *err, size_t errlen)
{
    unsigned n = 0;
    for (;;) {
        while (*p == ' ' || *p == '\t') {
            p++;
        }
        if (*p == '\0' || *p == '#') {
            break;
        }
        if (n == MAX_TOKENS) {
            return perr(err, errlen, file, line, "too many words");
        }
        if (*p == '"') {
            char *out = ++p;
            tok[n].quoted = true;
            tok[n].word = out;
            for (;;) {
                char c = *p++;
                if (c == '\0') {
                    return perr(err, errlen, file, line, "unterminated string");
                }
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    char e = *p++;
                    switch (e) {
                    case 'r': c = '\r'; break;
                    case 'n': c = '\n'; break;
                    case 't': c = '\t'; break;
                    case '\\': c = '\\'; break;
                    case '"': c = '"'; break;
                    case 'x': {
                        int hi = hexval(p[0]);
                        int lo = hi < 0 ? -1 : hexval(p[1]);
                        if (lo < 0) {
                            return perr(err, errlen, file, line,
                                        "\\x needs two hex digits");
                        }
                        c = (char)(hi * 16 + lo);
                        p += 2;
                        break;
                    }
                    default:
                        return perr(err, errlen, file, line, "unknown escape '\\%c' in a string",
                                    e ? e : '0');
                    }
                }
                *out++ = c;
            }
            tok[n].len = (size_t)(out - tok[n].word);
            if (*p != '\0' && *p != ' ' && *p != '\t' && *p != '#') {
                return perr(err, errlen, file, line, "a space must follow a string");
            }
            n++;
            continue;
        }
        tok[n].quoted = false;
        tok[n].word = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '#' && *p != '"') {
            p++;
        }
        tok[n].len = (size_t)(p - tok[n].word);
        if (*p == '"') {
            return perr(err, errlen, file, line, "a space must separate a word and a string");
        }
        if (*p == '#') {
            /* a comment right after a word: end the word here, then the line */
            *p = '\0';
            n++;
            break;
        }
        if (*p) {
            *p++ = '\0';
        }
        n++;
    }
    *count = n;
    return 0;
}

static bool is_word(const token_t *t, const char *w)
{
    return !t->quoted && strcmp(t->word, w) == 0;
}

static int take_name(step_t *st, const token_t *t, const char *what, const char *file,
                     unsigned line, char *err, size_t errlen)
{
    if (t->quoted) {
        return perr(err, errlen, file, line, "expected a %s name, not a string", what);
    }
    if (t->len == 0 || t->len > NAME_MAX_LEN) {
        return perr(err, errlen, file, line, "bad %s name '%s'", what, t->word);
    }
    memcpy(st->target, t->word, t->len + 1);
    return 0;
}

static int take_duration(sim_time_t *d, const token_t *t, const char *what, const char *file,
                         unsigned line, char *err, size_t errlen)
{
    if (t->quoted || sim_parse_duration(t->word, d) != 0) {
        return perr(err, errlen, file, line, "invalid %s '%s' (want a duration like 500ms)",
                    what, t->quoted ? "\"...\"" : t->word);
    }
    return 0;
}

static int take_text(step_t *st, const token_t *t, const char *file, unsigned line, char *err,
                     size_t errlen)
{
    if (!t->quoted) {
        return perr(err, errlen, file, line, "expected \"TEXT\" after %s, not '%s'", st->target,
                    t->word);
    }
    if (t->len == 0) {
        return perr(err, errlen, file, line, "empty text");
    }
    st->text = malloc(t->len);
    if (!st->text) {
        return perr(err, errlen, file, line, "out of memory");
    }
    memcpy(st->text, t->word, t->len);
    st->len = t->len;
    return 0;
}

static int parse_line(step_t *st, char *text, const char *file, unsigned line, bool *empty,
                      char *err, size_t errlen)
{
    token_t tok[MAX_TOKENS];
    unsigned n = 0, i = 0;
    memset(st, 0, sizeof *st);          /* (the caller frees st->text on failure) */
    *empty = true;
    if (tokenize(text, tok, &n, file, line, err, errlen) != 0) {
        return -1;
    }
    *empty = n == 0;
    if (n == 0) {
        return 0;
    }
    st->line = line;
    st->id = -1;
    if (is_word(&tok[0], "at")) {
        if (n < 3) {
            return perr(err, errlen, file, line, "'at' needs a time and a step");
        }
        if (take_duration(&st->at, &tok[1], "time", file, line, err, errlen) != 0) {
            return -1;
        }
        st->has_at = true;
        i = 2;
    }
    const token_t *verb = &tok[i];
    unsigned args = n - i - 1;          /* words after the verb */
    if (verb->quoted) {
        return perr(err, errlen, file, line, "a step starts with a word, not a string");
    }
    if (is_word(verb, "press") || is_word(verb, "release")) {
        st->op = is_word(verb, "press") ? OP_PRESS : OP_RELEASE;
        if (args != 1) {
            return perr(err, errlen, file, line, "usage: %s BUTTON", verb->word);
        }
        return take_name(st, &tok[i + 1], "button", file, line, err, errlen);
    }
    if (is_word(verb, "expect")) {
        st->op = OP_EXPECT;
        if (args != 4 || !is_word(&tok[i + 3], "within")) {
            return perr(err, errlen, file, line, "usage: expect UART \"TEXT\" within DURATION");
        }
        if (take_name(st, &tok[i + 1], "UART", file, line, err, errlen) != 0 ||
            take_text(st, &tok[i + 2], file, line, err, errlen) != 0) {
            return -1;
        }
        return take_duration(&st->dur, &tok[i + 4], "duration", file, line, err, errlen);
    }
    if (is_word(verb, "wait")) {
        st->op = OP_WAIT;
        if (args != 1) {
            return perr(err, errlen, file, line, "usage: wait DURATION");
        }
        return take_duration(&st->dur, &tok[i + 1], "duration", file, line, err, errlen);
    }
    if (is_word(verb, "stop")) {
        st->op = OP_STOP;
        if (args > 1) {
            return perr(err, errlen, file, line, "usage: stop [EXIT-STATUS]");
        }
        if (args == 1) {
            char *end;
            errno = 0;
            long v = tok[i + 1].quoted ? -1 : strtol(tok[i + 1].word, &end, 10);
            if (tok[i + 1].quoted || errno || *end || end == tok[i + 1].word || v < 0 ||
                v > 255) {
                return perr(err, errlen, file, line, "exit status must be 0..255");
            }
            st->code = (int)v;
        }
        return 0;
    }
    /* UART "TEXT" */
    if (args == 1 && tok[i + 1].quoted) {
        st->op = OP_SEND;
        if (take_name(st, verb, "UART", file, line, err, errlen) != 0) {
            return -1;
        }
        return take_text(st, &tok[i + 1], file, line, err, errlen);
    }
    if (args >= 1 && tok[i + 1].quoted) {
        return perr(err, errlen, file, line, "extra words after %s \"...\"", verb->word);
    }
    return perr(err, errlen, file, line,
                "unknown step '%s' (want UART \"TEXT\", press, release, expect, wait or stop)",
                verb->word);
}

sim_script_t *sim_script_parse(const char *name, const char *text, char *err, size_t errlen)
{
    sim_script_t *s = calloc(1, sizeof *s);
    char *copy = strdup(text);
    if (!s || !copy || !(s->name = strdup(name))) {
        snprintf(err, errlen, "%s: out of memory", name);
        free(copy);
        sim_script_free(s);
        return NULL;
    }
    unsigned line = 0;
    char *p = copy;
    while (*p) {
        char *eol = strchr(p, '\n');
        char *next = eol ? eol + 1 : p + strlen(p);
        if (eol) {
            *eol = '\0';
            if (eol > p && eol[-1] == '\r') {
                eol[-1] = '\0';
            }
        }
        line++;
        if (s->n == s->cap) {
            unsigned cap = s->cap ? 2 * s->cap : 16u;
            step_t *grown = realloc(s->steps, cap * sizeof *grown);
            if (!grown) {
                snprintf(err, errlen, "%s: out of memory", name);
                goto fail;
            }
            s->steps = grown;
            s->cap = cap;
        }
        bool empty;
        step_t *st = &s->steps[s->n];
        if (parse_line(st, p, name, line, &empty, err, errlen) != 0) {
            free(st->text);
            goto fail;
        }
        if (!empty) {
            s->n++;
        }
        p = next;
    }
    free(copy);
    return s;
fail:
    free(copy);
    sim_script_free(s);
    return NULL;
}

sim_script_t *sim_script_load(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open script '%s': %s", path, strerror(errno));
        return NULL;
    }
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap + 1);
    for (;;) {
        if (!buf) {
            fclose(f);
            snprintf(err, errlen, "%s: out of memory", path);
            return NULL;
        }
        len += fread(buf + len, 1, cap - len, f);
        if (len < cap) {
            break;
        }
        cap *= 2;
        char *grown = realloc(buf, cap + 1);
        if (!grown) {
            free(buf);
        }
        buf = grown;
    }
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad) {
        free(buf);
        snprintf(err, errlen, "cannot read script '%s'", path);
        return NULL;
    }
    buf[len] = '\0';
    if (strlen(buf) != len) {
        free(buf);
        snprintf(err, errlen, "%s: not a text file (it contains a NUL byte)", path);
        return NULL;
    }
    sim_script_t *s = sim_script_parse(path, buf, err, errlen);
    free(buf);
    return s;
}

void sim_script_free(sim_script_t *s)
{
    if (!s) {
        return;
    }
    if (s->bound) {
        sim_event_cancel(&s->due_ev);
        sim_event_cancel(&s->deadline_ev);
    }
    for (unsigned i = 0; i < s->n; i++) {
        free(s->steps[i].text);
    }
    for (unsigned i = 0; i < MAX_UARTS; i++) {
        free(s->out[i].buf);
    }
    free(s->steps);
    free(s->name);
    free(s);
}

int sim_script_bind(sim_script_t *s, const sim_script_binding_t *b, char *err, size_t errlen)
{
    for (unsigned i = 0; i < s->n; i++) {
        step_t *st = &s->steps[i];
        sim_script_target_kind_t kind;
        switch (st->op) {
        case OP_SEND:
        case OP_EXPECT:
            kind = SIM_SCRIPT_UART;
            break;
        case OP_PRESS:
        case OP_RELEASE:
            kind = SIM_SCRIPT_BUTTON;
            break;
        default:
            continue;
        }
        st->id = b->find(b->ctx, kind, st->target);
        if (st->id < 0 || (kind == SIM_SCRIPT_UART && st->id >= MAX_UARTS)) {
            return perr(err, errlen, s->name, st->line, "no %s named '%s' on this board",
                        kind == SIM_SCRIPT_UART ? "UART" : "button", st->target);
        }
    }
    s->b = *b;
    s->bound = true;
    sim_event_init(&s->due_ev, "script", NULL, NULL);
    sim_event_init(&s->deadline_ev, "script-deadline", NULL, NULL);
    return 0;
}

/* ---- running ---- */

static void step_due(void *arg);
static void expect_deadline(void *arg);

static void schedule_next(sim_script_t *s)
{
    if (s->next >= s->n || s->stopped) {
        return;
    }
    const step_t *st = &s->steps[s->next];
    sim_time_t due = sim_clock_now();
    if (s->not_before > due) {
        due = s->not_before;
    }
    if (st->has_at && st->at > due) {
        due = st->at;
    }
    /* through the clock even when due now: steps never nest inside a device callback */
    sim_event_schedule(&s->due_ev, due);
}

static void put_escaped(FILE *f, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        if (c == '\r') {
            fputs("\\r", f);
        } else if (c == '\n') {
            fputs("\\n", f);
        } else if (c == '"' || c == '\\') {
            fprintf(f, "\\%c", c);
        } else if (c < 0x20 || c >= 0x7f) {
            fprintf(f, "\\x%02x", c);
        } else {
            fputc(c, f);
        }
    }
}

static void report_expect(sim_script_t *s, const step_t *st, const char *what)
{
    FILE *f = s->report;
    sim_time_t now = sim_clock_now();
    fprintf(f, "%s:%u: expect %s \"", s->name, st->line, st->target);
    put_escaped(f, st->text, st->len);
    fprintf(f, "\": %s (virtual time %llu.%09llus)\n", what,
            (unsigned long long)(now / 1000000000u), (unsigned long long)(now % 1000000000u));
    const capture_t *c = &s->out[st->id];
    size_t shown = c->len > 400u ? 400u : c->len;
    fprintf(f, "%s:%u: %s output since the last match%s: \"", s->name, st->line, st->target,
            shown < c->len ? " (its end)" : "");
    put_escaped(f, c->buf + (c->len - shown), shown);
    fputs("\"\n", f);
    fflush(f);
}

/* (memmem is not in every C library the simulator is built with) */
static const uint8_t *find_bytes(const uint8_t *hay, size_t n, const uint8_t *needle, size_t k)
{
    for (size_t i = 0; i + k <= n; i++) {
        if (hay[i] == needle[0] && memcmp(hay + i, needle, k) == 0) {
            return hay + i;
        }
    }
    return NULL;
}

/* If the waiting expectation's text is in its UART's output: consume up to the end of the
   match and go on. */
static void try_match(sim_script_t *s)
{
    const step_t *st = &s->steps[s->next];
    capture_t *c = &s->out[st->id];
    if (c->len < st->len) {
        return;
    }
    const uint8_t *hit = find_bytes(c->buf, c->len, st->text, st->len);
    if (!hit) {
        return;
    }
    size_t used = (size_t)(hit - c->buf) + st->len;
    memmove(c->buf, c->buf + used, c->len - used);
    c->len -= used;
    s->expecting = false;
    sim_event_cancel(&s->deadline_ev);
    s->next++;
    schedule_next(s);
}

static void step_due(void *arg)
{
    sim_script_t *s = arg;
    if (s->next >= s->n || s->stopped) {
        return;
    }
    const step_t *st = &s->steps[s->next];
    switch (st->op) {
    case OP_SEND:
        s->next++;
        s->b.send(s->b.ctx, st->id, st->text, st->len);
        break;
    case OP_PRESS:
    case OP_RELEASE:
        s->next++;
        s->b.button(s->b.ctx, st->id, st->op == OP_PRESS);
        break;
    case OP_WAIT:
        s->next++;
        s->not_before = sim_clock_now() + st->dur;
        break;
    case OP_STOP:
        s->next++;
        s->stopped = true;
        s->b.stop(s->b.ctx, st->code);
        return;
    case OP_EXPECT:
        s->expecting = true;
        sim_event_schedule(&s->deadline_ev, sim_clock_now() + st->dur);
        try_match(s);
        return;
    }
    schedule_next(s);
}

static void expect_deadline(void *arg)
{
    sim_script_t *s = arg;
    if (!s->expecting) {
        return;
    }
    const step_t *st = &s->steps[s->next];
    char what[64];
    snprintf(what, sizeof what, "not seen within %.9gs", (double)st->dur / 1e9);
    report_expect(s, st, what);
    s->expecting = false;
    s->failed = true;
    s->stopped = true;
    s->b.stop(s->b.ctx, 1);
}

void sim_script_start(sim_script_t *s, FILE *report)
{
    s->report = report ? report : stderr;
    s->next = 0;
    s->not_before = 0;
    s->expecting = false;
    s->failed = false;
    s->stopped = false;
    for (unsigned i = 0; i < MAX_UARTS; i++) {
        s->out[i].len = 0;
    }
    sim_event_init(&s->due_ev, "script", step_due, s);
    sim_event_init(&s->deadline_ev, "script-deadline", expect_deadline, s);
    schedule_next(s);
}

void sim_script_uart_output(sim_script_t *s, int uart, const uint8_t *data, size_t n)
{
    if (uart < 0 || uart >= MAX_UARTS || n == 0) {
        return;
    }
    capture_t *c = &s->out[uart];
    if (c->len + n > CAPTURE_LIMIT) {
        /* keep the newest half: an expectation searches recent output */
        size_t keep = CAPTURE_LIMIT / 2u > n ? CAPTURE_LIMIT / 2u - n : 0u;
        if (keep > c->len) {
            keep = c->len;
        }
        memmove(c->buf, c->buf + (c->len - keep), keep);
        c->len = keep;
        if (n > CAPTURE_LIMIT) {
            data += n - CAPTURE_LIMIT;
            n = CAPTURE_LIMIT;
        }
    }
    if (c->len + n > c->cap) {
        size_t cap = c->cap ? c->cap : 1024u;
        while (cap < c->len + n) {
            cap *= 2u;
        }
        uint8_t *grown = realloc(c->buf, cap);
        if (!grown) {
            return;             /* (the expectation will time out and say what it saw) */
        }
        c->buf = grown;
        c->cap = cap;
    }
    memcpy(c->buf + c->len, data, n);
    c->len += n;
    if (s->expecting && s->steps[s->next].id == uart) {
        try_match(s);
    }
}

int sim_script_finish(sim_script_t *s)
{
    if (s->expecting) {
        report_expect(s, &s->steps[s->next], "the run ended while waiting for it");
        s->expecting = false;
        s->failed = true;
    }
    sim_event_cancel(&s->due_ev);
    sim_event_cancel(&s->deadline_ev);
    return s->failed ? 1 : 0;
}

unsigned sim_script_steps_done(const sim_script_t *s)
{
    return s->next;
}

unsigned sim_script_step_count(const sim_script_t *s)
{
    return s->n;
}

bool sim_script_failed(const sim_script_t *s)
{
    return s->failed;
}
