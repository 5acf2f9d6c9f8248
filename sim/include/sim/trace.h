/*
 * Sprig simulator: the trace recorder (--trace=FILE).
 *
 * The CPU side reports what the machine does (task switches, ISRs, kernel object operations,
 * timers, power states) through the sim_trace_*() calls below. Each becomes a fixed-size record
 * stamped with the virtual time, in a ring buffer; when the ring fills up it is drained into the
 * file as Chrome/Perfetto trace-event JSON (ui.perfetto.dev, chrome://tracing), so a long run
 * never holds more than the ring in memory. Nothing is dropped silently: a record that cannot be
 * written is counted, reported on stderr and in the file's metadata.
 *
 * The file (see docs/simulator.md#tracing):
 *   {"traceEvents":[ ...one event per line... ],
 *    "otherData":{"generator":...,"records":"N","dropped_records":"0",...}}
 * One process (pid 1); tracks (tid): 1 power, 2 simulator, 10+N interrupt line N, 100+id the
 * task numbered `id`. Running slices of tasks and ISRs and non-run power states are complete
 * ("X") events; posts, pends, timer expiries, task creation and deletion are thread-scoped
 * instant ("i") events on the track of whoever did them. Timestamps are virtual time in
 * microseconds with nanosecond decimals; objects are named by kind and order of first
 * appearance ("msg_q#1"), never by address, so identical runs give identical files.
 *
 * Threading: CPU thread only (the caller keeps interrupts masked around each call).
 */
#ifndef SIM_TRACE_H
#define SIM_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/clock.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Track ids (the "tid" of the events). */
#define SIM_TRACE_TID_POWER      1u
#define SIM_TRACE_TID_SIM        2u
#define SIM_TRACE_TID_IRQ_BASE   10u
#define SIM_TRACE_TID_TASK_BASE  100u

#define SIM_TRACE_RING_DEFAULT   16384u     /* records buffered before a drain */
#define SIM_TRACE_NAME_MAX       16u        /* task names are cut to 15 bytes */

/* ---- recording ---- */

typedef enum {
    SIM_TR_TASK_NEW = 1,    /* id, small = prio, name */
    SIM_TR_TASK_GONE,       /* id */
    SIM_TR_SWITCH,          /* id = to (0: none), id2 = from, small = prio, name = to's */
    SIM_TR_ISR_ENTER,       /* small = line */
    SIM_TR_ISR_EXIT,        /* small = line */
    SIM_TR_POST,            /* id = object number, s.kind */
    SIM_TR_PEND,            /* id = object number, s.kind, flag = blocked, value = result,
                               s.text = outcome */
    SIM_TR_TIMER,           /* id = timer number */
    SIM_TR_POWER,           /* small = state (0 = running), s.text = its name */
    SIM_TR_NOTE,            /* s.text */
} sim_trace_type_t;

typedef struct {
    sim_time_t t;           /* virtual ns */
    uint8_t    type;        /* sim_trace_type_t */
    uint8_t    flag;
    uint16_t   small;
    uint32_t   id;
    uint32_t   id2;
    int32_t    value;
    union {
        char name[SIM_TRACE_NAME_MAX];
        struct {
            const char *kind;   /* static strings only */
            const char *text;
        } s;
    } u;
} sim_trace_rec_t;

/* Single-producer single-consumer ring of records (capacity a power of two). Today both ends
   are on the CPU thread; the indices are published with release/acquire so a writer thread
   could take the consumer end. */
typedef struct {
    sim_trace_rec_t *buf;
    uint32_t         mask;
    uint32_t         head;      /* next slot to write (producer) */
    uint32_t         tail;      /* next slot to read (consumer) */
} sim_trace_ring_t;

/* capacity: a power of two >= 2. Returns 0, or -1 (bad capacity, no memory). */
int      sim_trace_ring_init(sim_trace_ring_t *r, uint32_t capacity);
void     sim_trace_ring_free(sim_trace_ring_t *r);
bool     sim_trace_ring_push(sim_trace_ring_t *r, const sim_trace_rec_t *rec);   /* false: full */
bool     sim_trace_ring_pop(sim_trace_ring_t *r, sim_trace_rec_t *out);         /* false: empty */
uint32_t sim_trace_ring_count(const sim_trace_ring_t *r);
uint32_t sim_trace_ring_capacity(const sim_trace_ring_t *r);

/* ---- the trace file ---- */

/* Start writing `path` (created or truncated). `program` names the process in the viewer.
   Returns 0, or -1 with errno set (the file cannot be created; nothing is traced). */
int  sim_trace_open(const char *path, const char *program);
/* Same on an open stream (tests), with `capacity` records in the ring (a power of two);
   `owns` closes the stream at sim_trace_close. */
int  sim_trace_open_stream(FILE *f, const char *label, const char *program, uint32_t capacity,
                           bool owns);
bool sim_trace_active(void);
/* Close open slices at the current virtual time, write the metadata and close the file.
   Returns 0, or -1 when records were lost or the file could not be completed (said on stderr). */
int  sim_trace_close(void);
/* Drain the ring into the file now (the ring drains itself when full). */
void sim_trace_flush(void);
/* Called around every drain: the CPU uses them to keep the work out of its busy budget. */
void sim_trace_set_host_work(void (*enter)(void), void (*exit)(void));

uint64_t sim_trace_records(void);   /* recorded since open */
uint64_t sim_trace_dropped(void);   /* of them, not written */

/* ---- events (no-ops while no trace is open) ---- */

/* A display name for interrupt line `line` ("systick"); `name` must stay valid. */
void sim_trace_name_irq(unsigned line, const char *name);
void sim_trace_task_new(uint32_t id, const char *name, unsigned prio);
void sim_trace_task_gone(uint32_t id);
void sim_trace_task_switch(uint32_t from, uint32_t to, const char *to_name, unsigned to_prio);
void sim_trace_isr_enter(unsigned line);
void sim_trace_isr_exit(unsigned line);
/* `kind` is a static string ("sem"); objects are told apart by `obj` but never named by it. */
void sim_trace_post(const char *kind, const void *obj);
void sim_trace_pend(const char *kind, const void *obj, bool blocked, int result,
                    const char *outcome);
void sim_trace_timer_fire(const void *timer);
/* The CPU enters power state `state` (0 = running; `name` a static string like "sleep"). */
void sim_trace_power(unsigned state, const char *name);
/* Something the simulator itself did (a static string), on the simulator track. */
void sim_trace_note(const char *text);

#ifdef __cplusplus
}
#endif

#endif /* SIM_TRACE_H */
