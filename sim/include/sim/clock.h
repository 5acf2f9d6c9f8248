/*
 * Sprig simulator: the virtual clock.
 *
 * Virtual time is a 64-bit count of nanoseconds since the machine was reset. Everything that
 * happens "at a time" in the simulator (the systick, device completions, --stop-at) is a
 * sim_event_t on one ordered queue. Two modes:
 *
 *  - SIM_CLOCK_VIRTUAL (default): time moves only when the CPU is idle or has exhausted its busy
 *    budget; it then jumps straight to the next event. Deterministic.
 *  - SIM_CLOCK_REALTIME: virtual time follows the host monotonic clock times `speed`, mapped
 *    from one fixed origin (absolute deadlines, so no drift accumulates).
 *
 * Threading: every function here is for the CPU thread only, except sim_clock_due_host() which
 * is async-signal-safe and may be called from the CPU thread's signal handler.
 */
#ifndef SIM_CLOCK_H
#define SIM_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint64_t sim_time_t;                    /* nanoseconds of virtual time */

#define SIM_TIME_NEVER   UINT64_MAX
#define SIM_NS(x)        ((sim_time_t)(x))
#define SIM_US(x)        ((sim_time_t)(x) * 1000u)
#define SIM_MS(x)        ((sim_time_t)(x) * 1000000u)
#define SIM_SEC(x)       ((sim_time_t)(x) * 1000000000u)

typedef enum {
    SIM_CLOCK_VIRTUAL = 0,
    SIM_CLOCK_REALTIME = 1,
} sim_clock_mode_t;

typedef void (*sim_event_fn_t)(void *arg);

/* One scheduled happening. Owned by its device; the clock only links it into the queue. */
typedef struct sim_event {
    sim_time_t        when;
    uint64_t          seq;       /* insertion order: equal times fire first-scheduled first */
    struct sim_event *next;
    sim_event_fn_t    fn;
    void             *arg;
    const char       *name;      /* for traces and diagnostics */
    bool              queued;
} sim_event_t;

/* Host time source in nanoseconds (monotonic). Replaceable so tests can drive realtime mode. */
typedef uint64_t (*sim_host_time_fn_t)(void);

/* Back to time 0 with an empty queue; keeps the mode. Queued events are dropped without being
   touched, so sim_event_init() an event again before scheduling it after a reset. */
void sim_clock_reset(void);

/* Select the mode. speed > 0 is the ratio virtual/host time in realtime mode (1.0 = real time).
   Takes effect from "now": the realtime origin is (host now, virtual now). */
void sim_clock_set_mode(sim_clock_mode_t mode, double speed);
sim_clock_mode_t sim_clock_mode(void);
double sim_clock_speed(void);

/* Use another host time source (tests). NULL restores CLOCK_MONOTONIC. */
void sim_clock_set_host_source(sim_host_time_fn_t fn);
uint64_t sim_clock_host_now(void);

/* Current virtual time. In realtime mode it follows the host clock but never passes an event
   that has not fired yet and never goes backwards. */
sim_time_t sim_clock_now(void);

void sim_event_init(sim_event_t *ev, const char *name, sim_event_fn_t fn, void *arg);
/* Queue (or move) `ev` to absolute virtual time `when`; a time in the past fires at the next
   service. */
void sim_event_schedule(sim_event_t *ev, sim_time_t when);
void sim_event_cancel(sim_event_t *ev);
static inline bool sim_event_is_queued(const sim_event_t *ev) { return ev->queued; }

/* Time of the earliest queued event, SIM_TIME_NEVER if none. */
sim_time_t sim_clock_next_event(void);

/* Fire every event whose time is <= `t` in time order (ties in scheduling order), moving the
   clock to each event's time and finally to `t`. Events may schedule further events; those
   due by `t` fire in the same call. */
void sim_clock_advance_to(sim_time_t t);

/* Virtual mode: move to the earliest event and fire everything due then. Returns false when the
   queue is empty. */
bool sim_clock_jump_to_next(void);

/* Realtime mode: fire everything whose host deadline has passed. Returns true if any fired. */
bool sim_clock_fire_due(void);

/* Realtime mode: host time (per the host source) at which virtual time `t` is reached. */
uint64_t sim_clock_host_deadline(sim_time_t t);

/* Async-signal-safe: host deadline of the earliest queued event, UINT64_MAX if none.
   Maintained by the functions above whenever the queue head changes. */
uint64_t sim_clock_head_host_deadline(void);

/* Incremented every time virtual time moves; lets the CPU's busy-budget watchdog tell whether
   time has advanced since it last looked (async-signal-safe read). */
uint64_t sim_clock_advance_count(void);

/* Called (on the CPU thread) whenever the earliest event changes; the CPU uses it to re-arm
   its host timer in realtime mode. */
void sim_clock_set_head_hook(void (*fn)(void));

/* Number of events fired since reset (statistics). */
uint64_t sim_clock_events_fired(void);

#ifdef __cplusplus
}
#endif

#endif /* SIM_CLOCK_H */
