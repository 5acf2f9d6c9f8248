/*
 * Sprig simulator: host byte channels and the host I/O loop.
 *
 * A channel connects a device model on the CPU side (a UART) to something on the host: the
 * terminal, a pty, a TCP client, files. Channels are opened from a backend spec (the value of
 * --uart0=...):
 *
 *   stdio                  output to the simulator's stdout; input from its stdin
 *   pty                    a new pseudo-terminal; its path (/dev/pts/N) is reported, and
 *                          picocom/screen/minicom or a test opens it
 *   tcp:PORT               listen on 127.0.0.1:PORT (0: any free port; the port is reported);
 *                          one client at a time: a new connection replaces the old one
 *   file:OUT               output to the file OUT (created or truncated); no input
 *   file:in=IN[,out=OUT]   input read from IN; output to OUT, or to stdout without out=
 *   loopback               the device's output comes back as its input (the model does it)
 *   none                   not connected: output vanishes, no input
 *
 * Two kinds of ends:
 *  - Deterministic: output to stdout or a file is written synchronously by the caller (the
 *    CPU thread), so it is ordered exactly like everything else the simulator prints and
 *    survives a crash. Input from a file (or a stdin that is a regular file or /dev/null) is
 *    read synchronously when the device asks for the next byte, so the device sees the same
 *    bytes at the same virtual times in every run.
 *  - Live: ptys, TCP clients and a stdin that is a terminal, pipe or socket are served by the
 *    host I/O thread, an event loop (libuv) on its own host thread. Bytes pass between it and
 *    the CPU through one lock-free SPSC ring per direction (sim/spsc.h). Input is delivered to
 *    the device when the CPU takes the bus doorbell (sim/bus.h), i.e. stamped with the virtual
 *    time of delivery. Output the host side does not take (no TCP client, nobody reading the
 *    pty for a long time) is dropped and counted, never stalls the simulation.
 *
 * The I/O thread never calls the host allocator or stdio (the POSIX port wraps those entry
 * points for the simulated CPU); everything it needs is allocated when the channel is opened.
 *
 * Threading: open/close/start/stop on the main (CPU) thread while the machine is not running;
 * read/write/notify on the CPU thread.
 */
#ifndef SIM_IOLOOP_H
#define SIM_IOLOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SIM_IO_PATH_MAX   1024u

typedef enum {
    SIM_IO_NONE = 0,
    SIM_IO_STDIO,
    SIM_IO_PTY,
    SIM_IO_TCP,
    SIM_IO_FILE,
    SIM_IO_LOOPBACK,
} sim_io_kind_t;

typedef struct {
    sim_io_kind_t kind;
    unsigned      port;                      /* SIM_IO_TCP: 0..65535 (0: any free port) */
    char          in_path[SIM_IO_PATH_MAX];  /* SIM_IO_FILE: "" when none */
    char          out_path[SIM_IO_PATH_MAX]; /* SIM_IO_FILE: "" for stdout */
} sim_io_spec_t;

/* Parse a backend spec (see above). Returns 0, or -1 with a reason in `err`. */
int  sim_io_spec_parse(const char *text, sim_io_spec_t *spec, char *err, size_t errlen);
/* The accepted forms, for usage texts. */
#define SIM_IO_SPEC_FORMS "stdio, pty, tcp:PORT, file:OUT, file:in=IN[,out=OUT], loopback or none"

typedef struct sim_io_chan sim_io_chan_t;

/* Open a channel for device `name` ("uart0"). On failure NULL, with a one-line reason in `err`
   that names what could not be opened ("cannot listen on 127.0.0.1:5555: Address already in
   use"). Live channels are served once sim_io_start() has run. */
sim_io_chan_t *sim_io_chan_open(const sim_io_spec_t *spec, const char *name, char *err,
                                size_t errlen);
/* Close (after sim_io_stop). NULL is ignored. */
void sim_io_chan_close(sim_io_chan_t *c);

sim_io_kind_t sim_io_chan_kind(const sim_io_chan_t *c);
/* A description for the user: "pty /dev/pts/4", "tcp 127.0.0.1:5555", "stdio", ... */
const char *sim_io_chan_describe(const sim_io_chan_t *c);
/* SIM_IO_PTY: the path clients open. SIM_IO_TCP: the port listened on. */
const char *sim_io_chan_pty_path(const sim_io_chan_t *c);
unsigned sim_io_chan_tcp_port(const sim_io_chan_t *c);
/* Whether input arrives at host-determined times (served by the I/O thread). */
bool sim_io_chan_live_input(const sim_io_chan_t *c);

/* CPU side. Input: up to `n` bytes now. Deterministic sources read synchronously (0 only at
   end of input); live sources return what the I/O thread has delivered, and when that is
   nothing, arrange for the notify function to be called (from the I/O thread) when more
   arrives. The first read of a live channel starts the host side reading. */
size_t sim_io_chan_read(sim_io_chan_t *c, void *buf, size_t n);
/* Machine reset: a deterministic input starts over from its beginning (an input file is read
   again from its first byte, so every run of the machine sees the same input); live input
   carries on. */
void sim_io_chan_restart_input(sim_io_chan_t *c);
/* No input will ever come (end of file, stdin closed, a write-only backend). */
bool sim_io_chan_input_ended(const sim_io_chan_t *c);
/* Called from the I/O thread when input arrived after a read found none. Must be thread-safe
   (sim_bus_signal is). */
void sim_io_chan_set_notify(sim_io_chan_t *c, void (*fn)(void *arg), void *arg);

/* CPU side. Output: all `n` bytes are taken (written through, queued, or dropped and counted). */
void sim_io_chan_write(sim_io_chan_t *c, const void *buf, size_t n);
/* Output bytes dropped because the host side did not take them. */
uint64_t sim_io_chan_dropped(const sim_io_chan_t *c);

/* Start the host I/O thread if any open channel needs it (idempotent). Returns 0, or -1 with a
   reason in `err`. */
int  sim_io_start(char *err, size_t errlen);
/* Flush queued output (giving the host a moment to take it), stop and join the thread. */
void sim_io_stop(void);
/* Whether this build has the host I/O thread (libuv); without it pty and tcp are refused and a
   live stdin is not read. */
bool sim_io_available(void);

#ifdef __cplusplus
}
#endif

#endif /* SIM_IOLOOP_H */
