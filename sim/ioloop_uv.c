/*
 * The host I/O thread, on libuv. See sim/include/sim/ioloop.h.
 *
 * One libuv loop on its own host thread serves every live channel: the pty master, the TCP
 * listener and its client, a stdin that is a terminal, pipe or socket. The CPU thread talks to
 * it only through each channel's two SPSC rings, a few atomic flags, and uv_async_send() (the
 * one libuv call that is safe from another thread).
 *
 * Rules for this file, because of where it runs:
 *  - No host allocator and no stdio: the POSIX port turns malloc, printf & co. of the
 *    program's own objects into critical sections of the simulated CPU, which must never be
 *    entered from this thread. Everything is allocated by sim_io_thread_start() on the main
 *    thread; input is read straight into the rx ring; output waits in a fixed staging buffer.
 *    (libuv's own allocations are inside the shared library, so they are not redirected.)
 *  - Handles are set up before the thread starts and are touched only by it afterwards.
 *  - Every signal is blocked on this thread, so process signals go to the CPU thread and a
 *    write to a vanished TCP client fails with EPIPE instead of killing the process.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "ioloop_internal.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <uv.h>

#define STOP_GRACE_MS   1000u   /* at exit, how long (host time) queued output may take */

typedef struct {
    sim_io_chan_t *c;
    uv_stream_t   *in;          /* read from (NULL: nothing to read now) */
    uv_stream_t   *out;         /* write to (NULL: output is dropped) */
    union {
        uv_tty_t  tty;
        uv_pipe_t pipe;
        uv_tcp_t  tcp;
    } h;                        /* stdin or the pty master */
    bool          h_open;
    uv_tcp_t      listener;
    bool          listening;
    /* TCP clients: the newest one is served; a slot is busy from accept until its close
       callback, so a client can replace another while the old one is still closing */
    uv_tcp_t      client[2];
    bool          slot_busy[2];
    int           active;           /* the slot being served, -1: none */
    uv_tcp_t      reject;
    bool          reject_busy;
    bool          reading;
    size_t        stage_head;       /* bytes ever staged */
    size_t        stage_tail;       /* bytes ever written or dropped from the stage */
    bool          drop_set;         /* drop what was staged up to drop_until (an old client's) */
    size_t        drop_until;
    uv_write_t    wreq;
    uv_buf_t      wbuf;
    bool          writing;
} uv_chan_t;

static struct {
    uv_loop_t     loop;
    uv_async_t    wake;
    uv_timer_t    grace;
    bool          grace_on;
    pthread_t     thread;
    atomic_bool   running;
    atomic_bool   stopping;
    bool          closing;
    uv_chan_t    *chans;
    size_t        nchans;
} io;

bool sim_io_thread_supported(void)
{
    return true;
}

bool sim_io_thread_running(void)
{
    return atomic_load(&io.running);
}

void sim_io_thread_wake(void)
{
    if (atomic_load(&io.running)) {
        uv_async_send(&io.wake);
    }
}

/* ---- output ---- */

static size_t stage_used(const uv_chan_t *u)
{
    return u->stage_head - u->stage_tail;
}

static void drop_staged(uv_chan_t *u)
{
    if (u->writing) {
        return;         /* the write in flight owns its bytes; its callback drops or keeps them */
    }
    atomic_fetch_add(&u->c->dropped, stage_used(u));
    u->stage_tail = u->stage_head;
}

static void on_write(uv_write_t *req, int status);
static void close_client(uv_chan_t *u);
static void maybe_finish(void);

static void kick_write(uv_chan_t *u)
{
    if (u->writing || !u->out || stage_used(u) == 0u) {
        return;
    }
    size_t at = u->stage_tail % SIM_IO_STAGING;
    size_t len = stage_used(u);
    if (len > SIM_IO_STAGING - at) {
        len = SIM_IO_STAGING - at;
    }
    u->wbuf = uv_buf_init((char *)u->c->staging + at, (unsigned)len);
    u->wreq.data = u;
    if (uv_write(&u->wreq, u->out, &u->wbuf, 1, on_write) != 0) {
        drop_staged(u);
        return;
    }
    u->writing = true;
}

static void on_write(uv_write_t *req, int status)
{
    uv_chan_t *u = req->data;
    u->writing = false;
    u->stage_tail += u->wbuf.len;
    if (status < 0) {
        /* the client went away (or the loop is closing): what was queued for it is lost */
        atomic_fetch_add(&u->c->dropped, u->wbuf.len);
        drop_staged(u);
        if (req->handle == u->out && u->active >= 0) {
            close_client(u);
        }
    }
    if (u->drop_set) {
        /* a new client replaced the one these bytes were for */
        u->drop_set = false;
        if ((ptrdiff_t)(u->drop_until - u->stage_tail) > 0) {
            atomic_fetch_add(&u->c->dropped, u->drop_until - u->stage_tail);
            u->stage_tail = u->drop_until;
        }
    }
    kick_write(u);
    maybe_finish();
}

/* Move what the CPU queued into the staging buffer (dropping what does not fit, or
   everything while nobody is connected) and start writing. */
static void drain_tx(uv_chan_t *u)
{
    sim_io_chan_t *c = u->c;
    if (!c->live_out) {
        return;
    }
    for (;;) {
        size_t len;
        const uint8_t *src = sim_spsc_read_region(&c->tx, &len);
        if (len == 0u) {
            break;
        }
        size_t take = 0u;
        if (u->out) {
            size_t room = SIM_IO_STAGING - stage_used(u);
            take = len < room ? len : room;
            for (size_t done = 0u; done < take;) {
                size_t at = (u->stage_head + done) % SIM_IO_STAGING;
                size_t piece = take - done;
                if (piece > SIM_IO_STAGING - at) {
                    piece = SIM_IO_STAGING - at;
                }
                memcpy(c->staging + at, src + done, piece);
                done += piece;
            }
            u->stage_head += take;
        }
        if (take < len) {
            atomic_fetch_add(&c->dropped, len - take);
        }
        sim_spsc_consume(&c->tx, len);
    }
    kick_write(u);
}

/* ---- input ---- */

static void on_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf)
{
    uv_chan_t *u = handle->data;
    size_t len;
    uint8_t *region = sim_spsc_write_region(&u->c->rx, &len);
    (void)suggested;
    *buf = uv_buf_init((char *)region, (unsigned)len);     /* len 0: UV_ENOBUFS in on_read */
}

static void stop_reading(uv_chan_t *u)
{
    if (u->reading && u->in) {
        uv_read_stop(u->in);
    }
    u->reading = false;
}

static void notify_cpu(sim_io_chan_t *c)
{
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_exchange(&c->notify_armed, false) && c->notify) {
        c->notify(c->notify_arg);
    }
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
    uv_chan_t *u = stream->data;
    sim_io_chan_t *c = u->c;
    (void)buf;
    if (nread > 0) {
        sim_spsc_commit(&c->rx, (size_t)nread);
        notify_cpu(c);
    } else if (nread == UV_ENOBUFS) {
        /* the ring is full: stop until the CPU has taken some (it wakes us if it sees the
           flag; look again after setting it, in case it took some just now) */
        atomic_store(&c->rx_stalled, true);
        atomic_thread_fence(memory_order_seq_cst);
        if (sim_spsc_free(&c->rx) == 0u) {
            stop_reading(u);
        } else {
            atomic_store(&c->rx_stalled, false);
        }
    } else if (nread < 0) {
        if (u->active >= 0 && stream == (uv_stream_t *)&u->client[u->active]) {
            close_client(u);            /* the TCP client left; wait for the next one */
        } else {
            stop_reading(u);
            atomic_store(&c->live_eof, true);
            atomic_store(&c->notify_armed, true);
            notify_cpu(c);
        }
    }
}

static void start_reading(uv_chan_t *u)
{
    if (u->reading || !u->in || atomic_load(&u->c->live_eof)) {
        return;
    }
    atomic_store(&u->c->rx_stalled, false);
    if (uv_read_start(u->in, on_alloc, on_read) == 0) {
        u->reading = true;
    }
}

/* ---- TCP clients ---- */

static void on_client_closed(uv_handle_t *h)
{
    uv_chan_t *u = h->data;
    u->slot_busy[(uv_tcp_t *)h == &u->client[0] ? 0 : 1] = false;
    maybe_finish();
}

static void close_client(uv_chan_t *u)
{
    if (u->active < 0) {
        return;
    }
    stop_reading(u);
    uv_tcp_t *old = &u->client[u->active];
    u->active = -1;
    u->in = u->out = NULL;
    if (u->writing) {
        u->drop_set = true;             /* on_write drops the rest */
        u->drop_until = u->stage_head;
    } else {
        drop_staged(u);
    }
    uv_close((uv_handle_t *)old, on_client_closed);
}

static void on_reject_closed(uv_handle_t *h)
{
    uv_chan_t *u = h->data;
    u->reject_busy = false;
}

static void on_connection(uv_stream_t *server, int status)
{
    uv_chan_t *u = server->data;
    if (status < 0 || io.closing) {
        return;
    }
    int slot = !u->slot_busy[0] ? 0 : !u->slot_busy[1] ? 1 : -1;
    if (slot < 0) {
        /* two clients already coming and going: turn this one away */
        if (!u->reject_busy && uv_tcp_init(&io.loop, &u->reject) == 0) {
            u->reject.data = u;
            u->reject_busy = true;
            (void)uv_accept(server, (uv_stream_t *)&u->reject);
            uv_close((uv_handle_t *)&u->reject, on_reject_closed);
        }
        return;
    }
    uv_tcp_t *c = &u->client[slot];
    if (uv_tcp_init(&io.loop, c) != 0) {
        return;
    }
    c->data = u;
    u->slot_busy[slot] = true;
    if (uv_accept(server, (uv_stream_t *)c) != 0) {
        uv_close((uv_handle_t *)c, on_client_closed);
        return;
    }
    /* the newest client is served: one that is still attached is let go */
    close_client(u);
    uv_tcp_nodelay(c, 1);
    u->active = slot;
    u->in = u->out = (uv_stream_t *)c;
    if (atomic_load(&u->c->input_wanted)) {
        start_reading(u);
    }
}

/* ---- the loop ---- */

static void on_closed_quietly(uv_handle_t *h)
{
    (void)h;
}

static void close_all(void)
{
    if (io.closing) {
        return;
    }
    io.closing = true;
    for (size_t i = 0; i < io.nchans; i++) {
        uv_chan_t *u = &io.chans[i];
        stop_reading(u);
        if (u->h_open) {
            uv_close((uv_handle_t *)&u->h, on_closed_quietly);
        }
        if (u->listening) {
            uv_close((uv_handle_t *)&u->listener, on_closed_quietly);
        }
        if (u->active >= 0) {
            uv_close((uv_handle_t *)&u->client[u->active], on_client_closed);
            u->active = -1;
            u->in = u->out = NULL;
        }
    }
    if (io.grace_on) {
        uv_close((uv_handle_t *)&io.grace, on_closed_quietly);
    }
    uv_close((uv_handle_t *)&io.wake, on_closed_quietly);
}

/* While stopping: close everything once all queued output is written. */
static void maybe_finish(void)
{
    if (!atomic_load(&io.stopping) || io.closing) {
        return;
    }
    for (size_t i = 0; i < io.nchans; i++) {
        if (io.chans[i].writing || (io.chans[i].out && stage_used(&io.chans[i]) != 0u)) {
            return;
        }
    }
    close_all();
}

static void on_grace_over(uv_timer_t *t)
{
    (void)t;
    close_all();
}

static void on_wake(uv_async_t *a)
{
    (void)a;
    if (io.closing) {
        return;
    }
    for (size_t i = 0; i < io.nchans; i++) {
        uv_chan_t *u = &io.chans[i];
        sim_io_chan_t *c = u->c;
        if (!atomic_load(&io.stopping) && c->live_in && atomic_load(&c->input_wanted) &&
            !u->reading && sim_spsc_free(&c->rx) != 0u) {
            start_reading(u);
        }
        drain_tx(u);
    }
    if (atomic_load(&io.stopping)) {
        for (size_t i = 0; i < io.nchans; i++) {
            stop_reading(&io.chans[i]);
        }
        if (!io.grace_on && uv_timer_init(&io.loop, &io.grace) == 0) {
            io.grace_on = true;
            uv_timer_start(&io.grace, on_grace_over, STOP_GRACE_MS, 0);
        }
        maybe_finish();
    }
}

static void *io_thread_main(void *arg)
{
    (void)arg;
    uv_run(&io.loop, UV_RUN_DEFAULT);
    return NULL;
}

/* Put the channel's host end on the loop; libuv takes over its descriptor. */
static int setup_chan(uv_chan_t *u, char *err, size_t errlen)
{
    sim_io_chan_t *c = u->c;
    int r = 0;
    const char *what = "";

    if (c->kind == SIM_IO_TCP) {
        what = "the TCP listener";
        r = uv_tcp_init(&io.loop, &u->listener);
        if (r == 0) {
            u->listener.data = u;
            r = uv_tcp_open(&u->listener, c->fd);
            u->listening = true;
            if (r == 0) {
                c->fd = -1;                 /* closed by uv_close */
                r = uv_listen((uv_stream_t *)&u->listener, 1, on_connection);
            }
        }
    } else if (c->kind == SIM_IO_PTY || c->kind == SIM_IO_STDIO) {
        uv_handle_type t = c->kind == SIM_IO_PTY ? UV_NAMED_PIPE : uv_guess_handle(c->fd);
        what = c->kind == SIM_IO_PTY ? "the pty" : "stdin";
        if (t == UV_TTY) {
            r = uv_tty_init(&io.loop, &u->h.tty, c->fd, 1);
        } else if (t == UV_TCP) {
            r = uv_tcp_init(&io.loop, &u->h.tcp);
            if (r == 0) {
                u->h_open = true;
                r = uv_tcp_open(&u->h.tcp, c->fd);
            }
        } else {
            r = uv_pipe_init(&io.loop, &u->h.pipe, 0);
            if (r == 0) {
                u->h_open = true;
                r = uv_pipe_open(&u->h.pipe, c->fd);
            }
        }
        if (r == 0) {
            uv_os_fd_t used;
            u->h_open = true;
            u->h.pipe.data = u;
            /* libuv owns the descriptor now unless it opened its own (a terminal) */
            if (uv_fileno((uv_handle_t *)&u->h, &used) == 0 && used == c->fd) {
                c->fd = -1;
            }
            u->in = (uv_stream_t *)&u->h;
            u->out = c->live_out ? (uv_stream_t *)&u->h : NULL;
        }
    }
    if (r != 0) {
        snprintf(err, errlen, "%s: cannot serve %s: %s", c->name, what, uv_strerror(r));
        return -1;
    }
    return 0;
}

int sim_io_thread_start(char *err, size_t errlen)
{
    sigset_t all, old;
    size_t n = 0u;
    int r;

    for (sim_io_chan_t *c = sim_io_chans; c; c = c->next) {
        n += (c->live_in || c->live_out) ? 1u : 0u;
    }
    memset(&io, 0, sizeof io);
    io.chans = calloc(n, sizeof *io.chans);
    if (!io.chans || (r = uv_loop_init(&io.loop)) != 0) {
        snprintf(err, errlen, "cannot start the host I/O loop");
        free(io.chans);
        io.chans = NULL;
        return -1;
    }
    uv_async_init(&io.loop, &io.wake, on_wake);
    for (sim_io_chan_t *c = sim_io_chans; c; c = c->next) {
        if (!(c->live_in || c->live_out)) {
            continue;
        }
        uv_chan_t *u = &io.chans[io.nchans++];
        u->c = c;
        u->active = -1;
        c->impl = u;
        if (setup_chan(u, err, errlen) != 0) {
            atomic_store(&io.stopping, true);
            close_all();
            uv_run(&io.loop, UV_RUN_DEFAULT);
            uv_loop_close(&io.loop);
            free(io.chans);
            io.chans = NULL;
            return -1;
        }
    }
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    r = pthread_create(&io.thread, NULL, io_thread_main, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (r != 0) {
        snprintf(err, errlen, "cannot start the host I/O thread: %s", strerror(r));
        return -1;
    }
    pthread_setname_np(io.thread, "sprig-io");
    atomic_store(&io.running, true);
    uv_async_send(&io.wake);        /* pick up whatever the CPU asked for already */
    return 0;
}

void sim_io_thread_stop(void)
{
    if (!atomic_load(&io.running)) {
        return;
    }
    atomic_store(&io.stopping, true);
    uv_async_send(&io.wake);
    pthread_join(io.thread, NULL);
    atomic_store(&io.running, false);
    uv_loop_close(&io.loop);
    for (size_t i = 0; i < io.nchans; i++) {
        io.chans[i].c->impl = NULL;
    }
    free(io.chans);
    io.chans = NULL;
    io.nchans = 0u;
}
