/*
 * Host channels: opening them (main thread, before the machine runs) and their CPU-side ends.
 * The I/O thread's side is in ioloop_uv.c. See sim/include/sim/ioloop.h.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "ioloop_internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "sim/bus.h"

sim_io_chan_t *sim_io_chans;

static bool stdin_taken;

/* A terminal on stdin is a serial console: characters go to the UART as they are typed and
   are not echoed by the terminal (the app echoes, as firmware on a real serial line does).
   Signals (Ctrl-C) and output processing stay as they were. Restored when the channel closes
   and at exit. */
static struct termios saved_tio;
static bool tio_saved;

static void terminal_restore(void)
{
    if (tio_saved) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
        tio_saved = false;
    }
}

static void terminal_make_console(void)
{
    static bool registered;
    struct termios tio;
    if (tio_saved || tcgetattr(STDIN_FILENO, &saved_tio) != 0) {
        return;
    }
    tio = saved_tio;
    tio.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON);
    tio.c_cc[VMIN] = 1;
    tio.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &tio) != 0) {
        return;
    }
    tio_saved = true;
    if (!registered) {
        registered = true;
        atexit(terminal_restore);
    }
}

static sim_io_chan_t *chan_fail(sim_io_chan_t *c, char *err, size_t errlen, const char *fmt,
                                const char *what, int e)
{
    if (err && errlen) {
        char why[256];
        snprintf(why, sizeof why, fmt, what);
        snprintf(err, errlen, "%s: %s: %s", c->name, why, strerror(e));
    }
    sim_io_chan_close(c);
    return NULL;
}

static int alloc_rings(sim_io_chan_t *c)
{
    c->rx_store = malloc(SIM_IO_RX_RING);
    c->tx_store = malloc(SIM_IO_TX_RING);
    c->staging = malloc(SIM_IO_STAGING);
    if (!c->rx_store || !c->tx_store || !c->staging) {
        errno = ENOMEM;
        return -1;
    }
    sim_spsc_init(&c->rx, c->rx_store, SIM_IO_RX_RING);
    sim_spsc_init(&c->tx, c->tx_store, SIM_IO_TX_RING);
    return 0;
}

/* stdin as input: a regular file or a non-terminal character device (/dev/null) is read like
   an input file (deterministic); a terminal, pipe or socket is live. */
static int open_stdin(sim_io_chan_t *c, char *err, size_t errlen)
{
    struct stat st;
    if (stdin_taken) {
        snprintf(err, errlen, "%s: stdin already feeds another device", c->name);
        return -1;
    }
    stdin_taken = true;
    if (fstat(STDIN_FILENO, &st) != 0) {
        return 0;                       /* stdin closed: no input */
    }
    if (S_ISREG(st.st_mode) || (S_ISCHR(st.st_mode) && !isatty(STDIN_FILENO))) {
        c->in_fd = STDIN_FILENO;
        return 0;
    }
    if (!sim_io_thread_supported()) {
        return 0;                       /* no I/O thread in this build: stdin is not read */
    }
    c->fd = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
    if (c->fd < 0) {
        snprintf(err, errlen, "%s: cannot use stdin: %s", c->name, strerror(errno));
        return -1;
    }
    c->stdin_flags = fcntl(STDIN_FILENO, F_GETFL);
    c->live_in = true;
    if (isatty(STDIN_FILENO)) {
        terminal_make_console();
    }
    return 0;
}

static int open_pty(sim_io_chan_t *c)
{
    struct termios tio;
    c->fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (c->fd < 0 || grantpt(c->fd) != 0 || unlockpt(c->fd) != 0 ||
        ptsname_r(c->fd, c->pty_path, sizeof c->pty_path) != 0) {
        return -1;
    }
    /* Hold the other end open: the master then never reads a hang-up (EIO) while no client is
       attached, and the terminal settings below stay put between clients. */
    c->slave_fd = open(c->pty_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (c->slave_fd < 0 || tcgetattr(c->slave_fd, &tio) != 0) {
        return -1;
    }
    cfmakeraw(&tio);            /* a serial line: bytes pass untouched, no echo */
    if (tcsetattr(c->slave_fd, TCSANOW, &tio) != 0) {
        return -1;
    }
    c->live_in = c->live_out = true;
    return 0;
}

static int open_tcp(sim_io_chan_t *c, unsigned port)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    int one = 1;
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (c->fd < 0) {
        return -1;
    }
    setsockopt(c->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(c->fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(c->fd, 1) != 0 ||
        getsockname(c->fd, (struct sockaddr *)&sa, &len) != 0) {
        return -1;
    }
    c->tcp_port = ntohs(sa.sin_port);
    c->live_in = c->live_out = true;
    return 0;
}

sim_io_chan_t *sim_io_chan_open(const sim_io_spec_t *spec, const char *name, char *err,
                                size_t errlen)
{
    sim_io_chan_t *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "%s: out of memory", name);
        return NULL;
    }
    snprintf(c->name, sizeof c->name, "%s", name);
    c->kind = spec->kind;
    c->in_fd = c->out_fd = c->fd = c->slave_fd = c->stdin_flags = -1;
    atomic_init(&c->input_wanted, false);
    atomic_init(&c->notify_armed, false);
    atomic_init(&c->rx_stalled, false);
    atomic_init(&c->live_eof, false);
    atomic_init(&c->dropped, 0u);

    switch (spec->kind) {
    case SIM_IO_NONE:
        snprintf(c->describe, sizeof c->describe, "none");
        break;
    case SIM_IO_LOOPBACK:
        snprintf(c->describe, sizeof c->describe, "loopback");
        break;
    case SIM_IO_STDIO:
        snprintf(c->describe, sizeof c->describe, "stdio");
        c->out_fd = STDOUT_FILENO;
        if (open_stdin(c, err, errlen) != 0) {
            sim_io_chan_close(c);
            return NULL;
        }
        break;
    case SIM_IO_FILE:
        if (spec->in_path[0]) {
            c->in_fd = open(spec->in_path, O_RDONLY | O_CLOEXEC);
            if (c->in_fd < 0) {
                return chan_fail(c, err, errlen, "cannot open input file '%s'", spec->in_path,
                                 errno);
            }
            c->in_owned = true;
        }
        if (spec->out_path[0]) {
            c->out_fd = open(spec->out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
            if (c->out_fd < 0) {
                return chan_fail(c, err, errlen, "cannot open output file '%s'",
                                 spec->out_path, errno);
            }
            c->out_owned = true;
        } else {
            c->out_fd = STDOUT_FILENO;
        }
        snprintf(c->describe, sizeof c->describe, "file in=%s out=%s",
                 spec->in_path[0] ? spec->in_path : "(none)",
                 spec->out_path[0] ? spec->out_path : "(stdout)");
        break;
    case SIM_IO_PTY:
        if (!sim_io_thread_supported()) {
            snprintf(err, errlen, "%s: the pty backend needs the host I/O thread, and this "
                     "simulator was built without libuv", c->name);
            sim_io_chan_close(c);
            return NULL;
        }
        if (open_pty(c) != 0) {
            return chan_fail(c, err, errlen, "cannot create a pty%s", "", errno);
        }
        snprintf(c->describe, sizeof c->describe, "pty %s", c->pty_path);
        break;
    case SIM_IO_TCP:
        if (!sim_io_thread_supported()) {
            snprintf(err, errlen, "%s: the tcp backend needs the host I/O thread, and this "
                     "simulator was built without libuv", c->name);
            sim_io_chan_close(c);
            return NULL;
        }
        if (open_tcp(c, spec->port) != 0) {
            char what[32];
            snprintf(what, sizeof what, "%u", spec->port);
            return chan_fail(c, err, errlen, "cannot listen on TCP 127.0.0.1:%s", what,
                             errno);
        }
        snprintf(c->describe, sizeof c->describe, "tcp 127.0.0.1:%u", c->tcp_port);
        break;
    }
    if ((c->live_in || c->live_out) && alloc_rings(c) != 0) {
        return chan_fail(c, err, errlen, "cannot set up%s", "", errno);
    }
    c->next = sim_io_chans;
    sim_io_chans = c;
    return c;
}

void sim_io_chan_close(sim_io_chan_t *c)
{
    if (!c) {
        return;
    }
    for (sim_io_chan_t **pp = &sim_io_chans; *pp; pp = &(*pp)->next) {
        if (*pp == c) {
            *pp = c->next;
            break;
        }
    }
    if (c->in_owned && c->in_fd >= 0) {
        close(c->in_fd);
    }
    if (c->out_owned && c->out_fd >= 0) {
        close(c->out_fd);
    }
    if (c->kind == SIM_IO_STDIO) {
        stdin_taken = false;
        terminal_restore();
        if (c->stdin_flags >= 0) {
            fcntl(STDIN_FILENO, F_SETFL, c->stdin_flags);    /* the I/O thread made it O_NONBLOCK */
        }
    }
    if (c->fd >= 0) {
        close(c->fd);
    }
    if (c->slave_fd >= 0) {
        close(c->slave_fd);
    }
    free(c->rx_store);
    free(c->tx_store);
    free(c->staging);
    free(c);
}

sim_io_kind_t sim_io_chan_kind(const sim_io_chan_t *c)
{
    return c->kind;
}

const char *sim_io_chan_describe(const sim_io_chan_t *c)
{
    return c->describe;
}

const char *sim_io_chan_pty_path(const sim_io_chan_t *c)
{
    return c->kind == SIM_IO_PTY ? c->pty_path : NULL;
}

unsigned sim_io_chan_tcp_port(const sim_io_chan_t *c)
{
    return c->tcp_port;
}

bool sim_io_chan_live_input(const sim_io_chan_t *c)
{
    return c->live_in;
}

void sim_io_chan_set_notify(sim_io_chan_t *c, void (*fn)(void *arg), void *arg)
{
    c->notify = fn;
    c->notify_arg = arg;
}

uint64_t sim_io_chan_dropped(const sim_io_chan_t *c)
{
    return atomic_load(&((sim_io_chan_t *)c)->dropped);
}

/* ---- CPU side ---- */

static size_t live_read(sim_io_chan_t *c, void *buf, size_t n)
{
    if (!atomic_load(&c->input_wanted)) {
        atomic_store(&c->input_wanted, true);
        sim_io_thread_wake();
    }
    size_t got = sim_spsc_pop(&c->rx, buf, n);
    if (got == 0u) {
        /* ask to be told; then look again, in case the bytes came in meanwhile */
        atomic_store(&c->notify_armed, true);
        atomic_thread_fence(memory_order_seq_cst);
        got = sim_spsc_pop(&c->rx, buf, n);
    }
    if (got != 0u) {
        atomic_thread_fence(memory_order_seq_cst);
        if (atomic_load(&c->rx_stalled)) {
            sim_io_thread_wake();       /* there is room again: read on */
        }
    }
    return got;
}

size_t sim_io_chan_read(sim_io_chan_t *c, void *buf, size_t n)
{
    if (n == 0u) {
        return 0u;
    }
    if (c->live_in) {
        return live_read(c, buf, n);
    }
    if (c->in_fd < 0 || c->in_eof) {
        return 0u;
    }
    ssize_t r;
    sim_bus_host_enter();
    do {
        r = read(c->in_fd, buf, n);
    } while (r < 0 && errno == EINTR);
    sim_bus_host_exit();
    if (r <= 0) {
        c->in_eof = true;       /* end of file, or an error: no more input either way */
        return 0u;
    }
    return (size_t)r;
}

void sim_io_chan_restart_input(sim_io_chan_t *c)
{
    if (!c->live_in && c->in_fd >= 0 && lseek(c->in_fd, 0, SEEK_SET) == 0) {
        c->in_eof = false;
    }
}

bool sim_io_chan_input_ended(const sim_io_chan_t *c)
{
    if (c->live_in) {
        return atomic_load(&((sim_io_chan_t *)c)->live_eof) && sim_spsc_used(&c->rx) == 0u;
    }
    return c->in_fd < 0 || c->in_eof;
}

static void write_through(sim_io_chan_t *c, const uint8_t *p, size_t n)
{
    sim_bus_host_enter();
    while (n) {
        ssize_t w = write(c->out_fd, p, n);
        if (w > 0) {
            p += w;
            n -= (size_t)w;
        } else if (w < 0 && errno == EINTR) {
            continue;
        } else if (w < 0 && errno == EAGAIN) {
            struct pollfd pfd = { .fd = c->out_fd, .events = POLLOUT };
            (void)poll(&pfd, 1, 100);   /* someone made our stdout non-blocking */
        } else {
            atomic_fetch_add(&c->dropped, n);   /* closed or failing: nothing more to do */
            break;
        }
    }
    sim_bus_host_exit();
}

static void live_write(sim_io_chan_t *c, const uint8_t *p, size_t n)
{
    while (n) {
        if (!sim_io_thread_running()) {
            atomic_fetch_add(&c->dropped, n);
            return;
        }
        size_t k = sim_spsc_push(&c->tx, p, n);
        p += k;
        n -= k;
        sim_io_thread_wake();
        if (n) {
            /* the I/O thread drains the ring continuously (dropping what the host side does
               not take), so this wait is short; it is host work, not simulated time */
            struct timespec ts = { 0, 20000 };
            sim_bus_host_enter();
            nanosleep(&ts, NULL);
            sim_bus_host_exit();
        }
    }
}

void sim_io_chan_write(sim_io_chan_t *c, const void *buf, size_t n)
{
    if (n == 0u) {
        return;
    }
    if (c->live_out) {
        live_write(c, buf, n);
    } else if (c->out_fd >= 0) {
        write_through(c, buf, n);
    }
    /* none/loopback: nothing reaches the host */
}

/* ---- the I/O thread ---- */

int sim_io_start(char *err, size_t errlen)
{
    if (sim_io_thread_running()) {
        return 0;
    }
    for (sim_io_chan_t *c = sim_io_chans; c; c = c->next) {
        if (c->live_in || c->live_out) {
            return sim_io_thread_start(err, errlen);
        }
    }
    return 0;
}

void sim_io_stop(void)
{
    if (sim_io_thread_running()) {
        sim_io_thread_stop();
    }
}

bool sim_io_available(void)
{
    return sim_io_thread_supported();
}
