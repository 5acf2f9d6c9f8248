/*
 * Host channels: what ioloop.c (opening, the CPU side) shares with the I/O thread
 * (ioloop_uv.c, or ioloop_nouv.c in builds without libuv). Not a public header.
 */
#ifndef SIM_IOLOOP_INTERNAL_H
#define SIM_IOLOOP_INTERNAL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "sim/ioloop.h"
#include "sim/spsc.h"

#define SIM_IO_RX_RING     4096u        /* host -> CPU */
#define SIM_IO_TX_RING     16384u       /* CPU -> host */
#define SIM_IO_STAGING     (256u * 1024u)   /* output the host has not taken yet */

struct sim_io_chan {
    char           name[24];
    char           describe[SIM_IO_PATH_MAX * 2u + 32u];
    sim_io_kind_t  kind;

    /* deterministic ends, used by the CPU thread */
    int            in_fd;           /* -1: none */
    int            out_fd;          /* -1: none (or live) */
    bool           in_owned;        /* close in_fd at close */
    bool           out_owned;
    bool           in_eof;

    /* live ends, served by the I/O thread */
    bool           live_in;
    bool           live_out;
    int            fd;              /* pty master, listening socket, or a dup of stdin; -1 */
    int            slave_fd;        /* pty: held open so the master never sees a hang-up */
    int            stdin_flags;     /* stdin's file status flags, restored at close; -1 */
    char           pty_path[64];
    unsigned       tcp_port;
    sim_spsc_t     rx;              /* I/O thread produces, CPU consumes */
    sim_spsc_t     tx;              /* CPU produces, I/O thread consumes */
    uint8_t       *rx_store;
    uint8_t       *tx_store;
    uint8_t       *staging;         /* SIM_IO_STAGING bytes, I/O thread only */
    atomic_bool    input_wanted;    /* the CPU has asked for input: read the host side */
    atomic_bool    notify_armed;    /* a CPU read found nothing: notify on the next bytes */
    atomic_bool    rx_stalled;      /* the I/O thread stopped reading: the rx ring was full */
    atomic_bool    live_eof;        /* the live input ended */
    _Atomic uint64_t dropped;
    void         (*notify)(void *arg);
    void          *notify_arg;
    void          *impl;            /* the I/O thread's per-channel state */

    sim_io_chan_t *next;            /* every open channel */
};

/* Every open channel, in opening order. */
extern sim_io_chan_t *sim_io_chans;

/* ---- provided by the I/O thread implementation ---- */

bool sim_io_thread_supported(void);
/* Start serving every live channel in sim_io_chans. */
int  sim_io_thread_start(char *err, size_t errlen);
bool sim_io_thread_running(void);
/* Any thread (async-signal-safe): look at the channels' rings and flags again. */
void sim_io_thread_wake(void);
/* Flush (bounded by a short host-time grace period), close the handles, join. */
void sim_io_thread_stop(void);

#endif /* SIM_IOLOOP_INTERNAL_H */
