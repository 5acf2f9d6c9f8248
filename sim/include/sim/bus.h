/*
 * Sprig simulator: the device bus.
 *
 * Device models (devices-virtual/) attach here. The bus gives each one its interrupt lines,
 * resets it with the machine, lets host threads tell the CPU side that a device has input
 * waiting, and finds devices by name for stimulus scripts and tests.
 *
 * How host input reaches a model (docs/architecture.md#devices-and-host-io):
 *
 *   host I/O thread                          CPU thread
 *   --------------                           ----------
 *   bytes arrive on a pty/socket/stdin
 *   -> pushed on the device's SPSC ring
 *   -> sim_bus_signal(dev) ---------------->  the bus doorbell line is pending; when the CPU
 *      (flag + doorbell line pending,         takes it (PRIMASK permitting), the doorbell
 *       which kicks the CPU)                  handler calls sim_bus_service(): every signalled
 *                                             device's service() pulls its input at the
 *                                             current virtual time
 *
 * So live input is stamped with the virtual time at which the CPU takes it. Deterministic
 * input (stimulus scripts, input files) never goes through the doorbell: it is scheduled as
 * clock events at virtual times (sim/clock.h) and fed to the models on the CPU thread.
 *
 * Threading: sim_bus_signal() from any thread (it is also async-signal-safe); everything else
 * on the CPU thread (attach/detach before the machine runs or between runs).
 */
#ifndef SIM_BUS_H
#define SIM_BUS_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sim_device sim_device_t;

typedef struct {
    /* Machine reset: back to the power-on state. Clock events were dropped by the clock's
       reset, so re-initialise them here. Host-side state (open files, sockets) survives. */
    void (*reset)(sim_device_t *dev);
    /* Host input was signalled for this device: take it now (CPU thread, current virtual
       time, in the doorbell interrupt). May be NULL. */
    void (*service)(sim_device_t *dev);
    /* Stimulus from a script or a test, addressed to `target` (the device's name, or a name
       it owns, like a GPIO pin's "button0"): `action` with optional data (e.g. "send" and the
       bytes for a UART; "press", "release", "high", "low", "float" for a pin).
       Returns 0 when done, 1 when `target` is not this device's, -1 with a reason in `err`.
       May be NULL. */
    int  (*stimulus)(sim_device_t *dev, const char *target, const char *action,
                     const void *data, size_t len, char *err, size_t errlen);
    /* End of the run: finish host-side work (flush output). May be NULL. */
    void (*shutdown)(sim_device_t *dev);
} sim_device_ops_t;

struct sim_device {
    const char             *name;       /* "uart0"; must outlive the attachment */
    const sim_device_ops_t *ops;
    void                   *ctx;        /* the model's own state */
    unsigned                irq;        /* first interrupt line */
    unsigned                irq_count;
    /* bus-private */
    sim_device_t           *next;
    unsigned                signalled;  /* accessed atomically */
};

/* The board's layout: the doorbell line and the range of lines handed to devices.
   Call before attaching (once per process). */
void sim_bus_configure(unsigned doorbell_line, unsigned first_line, unsigned line_count);
unsigned sim_bus_doorbell_line(void);

/* Attach `dev` with `irq_count` interrupt lines (allocated in order from the device range, so
   a board that attaches the same devices in the same order gets the same lines). Returns 0, or
   -1 when the name is taken, the name is empty, or the lines ran out. */
int  sim_bus_attach(sim_device_t *dev, const char *name, const sim_device_ops_t *ops, void *ctx,
                    unsigned irq_count);
/* Detach one device (its lines are not reused). */
void sim_bus_detach(sim_device_t *dev);
/* Detach everything and start allocating lines from the beginning again (tests). */
void sim_bus_detach_all(void);

sim_device_t *sim_bus_find(const char *name);
/* Iteration in attachment order: sim_bus_first(), then dev->next. */
sim_device_t *sim_bus_first(void);

/* Machine reset (after sim_irq_reset): connect and enable the doorbell line, name the lines
   for traces, reset every device in attachment order. */
void sim_bus_reset(void);

/* Any thread: `dev` has host input waiting. */
void sim_bus_signal(sim_device_t *dev);
/* CPU thread: call service() of every signalled device (the doorbell handler does this). */
void sim_bus_service(void);

/* Deliver a stimulus to whichever device owns `target` (see sim_device_ops_t). Returns 0, or -1
   with a one-line reason in `err` (unknown target, bad action, ...). CPU thread. */
int  sim_bus_stimulus(const char *target, const char *action, const void *data, size_t len,
                      char *err, size_t errlen);

/* End of the run: every device's shutdown(). */
void sim_bus_shutdown(void);

/* Host work accounting: models bracket host system calls they make on the CPU thread (writing
   the console, reading an input file) with these, so the time does not count against the busy
   budget. The port installs its hooks; without them these do nothing. Nest. */
void sim_bus_set_host_work(void (*enter)(void), void (*exit)(void));
void sim_bus_host_enter(void);
void sim_bus_host_exit(void);

#ifdef __cplusplus
}
#endif

#endif /* SIM_BUS_H */
