/*
 * The virtual UART. See devices-virtual/include/vdev/uart.h.
 *
 * Transmitter: no per-character events. A "burst" is a run of back-to-back characters that
 * started at burst_start; character k of it (0-based) is on the wire during
 * [burst_start + T(k), burst_start + T(k+1)), where T(n) = ceil(n * bits * 1e9 / baud). The FIFO
 * level at time t is the number of characters not yet finished. An event is scheduled only when
 * an enabled interrupt condition (TXNF, TC) will become true later.
 *
 * Receiver: one event per character, at the end of its frame. The characters waiting at the far
 * end are the "wire" queue, each with the earliest time it may start (the moment it was
 * delivered, or for loopback the moment it was sent); host channels are read only when the
 * wire is empty, so flow control reaches back to the host.
 */
#include "vdev/uart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/irqc.h"

typedef struct {
    sim_time_t t;           /* may not start before */
    uint8_t    b;
} wire_char_t;

struct vdev_uart {
    sim_device_t   dev;
    sim_io_chan_t *chan;
    bool           loopback;
    uint32_t       baud;
    unsigned       bits;
    uint32_t       mask;
    /* receiver */
    bool           rx_on;
    uint8_t        rx_fifo[VDEV_UART_FIFO];
    unsigned       rx_head;         /* next to read */
    unsigned       rx_level;
    bool           rx_busy;         /* a character is being received */
    uint8_t        rx_cur;
    sim_time_t     rx_burst_start;
    uint64_t       rx_burst_n;      /* characters in the current receive burst */
    sim_time_t     rx_burst_end;
    sim_event_t    rx_ev;
    wire_char_t   *wire;            /* ring, capacity a power of two */
    size_t         wire_cap;
    size_t         wire_head;       /* next to start */
    size_t         wire_count;
    /* transmitter */
    sim_time_t     tx_burst_start;
    uint64_t       tx_burst_n;
    sim_time_t     tx_end;
    sim_event_t    tx_ev;
    vdev_uart_tx_observer_t observer;
    void          *observer_arg;
    uint64_t       tx_count;
    uint64_t       rx_count;
};

static void uart_rx_try_start(vdev_uart_t *u);
static void uart_update_irq(vdev_uart_t *u);

/* ---- timing ---- */

sim_time_t vdev_uart_frames_time(const vdev_uart_t *u, uint64_t frames)
{
    unsigned __int128 num = (unsigned __int128)frames * u->bits * 1000000000u;
    return (sim_time_t)((num + u->baud - 1u) / u->baud);
}

/* Whole frames that fit in `d` ns: the largest k with T(k) <= d. */
static uint64_t frames_within(const vdev_uart_t *u, sim_time_t d)
{
    unsigned __int128 num = (unsigned __int128)d * u->baud;
    return (uint64_t)(num / ((unsigned __int128)u->bits * 1000000000u));
}

static size_t tx_level_at(const vdev_uart_t *u, sim_time_t now)
{
    if (now >= u->tx_end) {
        return 0u;
    }
    uint64_t done = frames_within(u, now - u->tx_burst_start);
    return done >= u->tx_burst_n ? 0u : (size_t)(u->tx_burst_n - done);
}

/* ---- the wire queue ---- */

static bool wire_push(vdev_uart_t *u, sim_time_t t, uint8_t b)
{
    if (u->wire_count == u->wire_cap) {
        size_t cap = u->wire_cap ? u->wire_cap * 2u : 64u;
        wire_char_t *w = malloc(cap * sizeof *w);
        if (!w) {
            return false;
        }
        for (size_t i = 0; i < u->wire_count; i++) {
            w[i] = u->wire[(u->wire_head + i) & (u->wire_cap - 1u)];
        }
        free(u->wire);
        u->wire = w;
        u->wire_cap = cap;
        u->wire_head = 0u;
    }
    u->wire[(u->wire_head + u->wire_count) & (u->wire_cap - 1u)] = (wire_char_t){ t, b };
    u->wire_count++;
    return true;
}

/* Take what the host channel has for us, delivered now. */
static void wire_refill(vdev_uart_t *u)
{
    uint8_t buf[64];
    if (!u->chan || u->loopback) {
        return;
    }
    size_t n = sim_io_chan_read(u->chan, buf, sizeof buf);
    sim_time_t now = sim_clock_now();
    for (size_t i = 0; i < n; i++) {
        if (!wire_push(u, now, buf[i])) {
            break;
        }
    }
}

/* ---- receiver ---- */

static void uart_rx_done(void *arg)
{
    vdev_uart_t *u = arg;
    u->rx_busy = false;
    u->rx_fifo[(u->rx_head + u->rx_level) % VDEV_UART_FIFO] = u->rx_cur;
    u->rx_level++;
    u->rx_count++;
    uart_rx_try_start(u);
    uart_update_irq(u);
}

static void uart_rx_try_start(vdev_uart_t *u)
{
    /* flow control: the far end starts a character only while the FIFO has room for it */
    if (!u->rx_on || u->rx_busy || u->rx_level >= VDEV_UART_FIFO) {
        return;
    }
    if (u->wire_count == 0u) {
        wire_refill(u);
        if (u->wire_count == 0u) {
            return;             /* a live channel notifies us when bytes arrive */
        }
    }
    wire_char_t c = u->wire[u->wire_head];
    u->wire_head = (u->wire_head + 1u) & (u->wire_cap - 1u);
    u->wire_count--;

    sim_time_t now = sim_clock_now();
    sim_time_t start = c.t > now ? c.t : now;
    if (u->rx_burst_n != 0u && start == u->rx_burst_end) {
        u->rx_burst_n++;                    /* back to back: keep exact line timing */
    } else {
        u->rx_burst_start = start;
        u->rx_burst_n = 1u;
    }
    u->rx_burst_end = u->rx_burst_start + vdev_uart_frames_time(u, u->rx_burst_n);
    u->rx_busy = true;
    u->rx_cur = c.b;
    sim_event_schedule(&u->rx_ev, u->rx_burst_end);
}

/* ---- interrupts ---- */

static void uart_tx_event(void *arg)
{
    uart_update_irq(arg);
}

uint32_t vdev_uart_status(const vdev_uart_t *u)
{
    sim_time_t now = sim_clock_now();
    uint32_t s = 0u;
    if (u->rx_level) {
        s |= VDEV_UART_RXNE;
    }
    if (tx_level_at(u, now) < VDEV_UART_FIFO) {
        s |= VDEV_UART_TXNF;
    }
    if (now >= u->tx_end) {
        s |= VDEV_UART_TC;
    }
    return s;
}

/* The line follows (status & mask); the transmitter conditions that will come true later get
   an event. */
static void uart_update_irq(vdev_uart_t *u)
{
    uint32_t s = vdev_uart_status(u);
    sim_time_t wake = SIM_TIME_NEVER;
    if ((u->mask & VDEV_UART_TXNF) && !(s & VDEV_UART_TXNF)) {
        /* room again when character (n - FIFO) of the burst has finished */
        wake = u->tx_burst_start +
               vdev_uart_frames_time(u, u->tx_burst_n - VDEV_UART_FIFO + 1u);
    }
    if ((u->mask & VDEV_UART_TC) && !(s & VDEV_UART_TC) && u->tx_end < wake) {
        wake = u->tx_end;
    }
    if (wake != SIM_TIME_NEVER) {
        sim_event_schedule(&u->tx_ev, wake);
    } else if (sim_event_is_queued(&u->tx_ev)) {
        sim_event_cancel(&u->tx_ev);
    }
    if (s & u->mask) {
        sim_irq_set_pending(u->dev.irq);
    } else {
        sim_irq_clear_pending(u->dev.irq);
    }
}

/* ---- transmitter ---- */

static void uart_tx_append(vdev_uart_t *u, const uint8_t *p, size_t n)
{
    sim_time_t now = sim_clock_now();
    if (n == 0u) {
        return;
    }
    if (now >= u->tx_end) {
        u->tx_burst_start = now;            /* the line was idle: a new burst */
        u->tx_burst_n = 0u;
    }
    sim_time_t first = u->tx_burst_start + vdev_uart_frames_time(u, u->tx_burst_n);
    if (u->loopback) {
        for (size_t i = 0; i < n; i++) {
            wire_push(u, u->tx_burst_start + vdev_uart_frames_time(u, u->tx_burst_n + i), p[i]);
        }
    } else if (u->chan) {
        sim_io_chan_write(u->chan, p, n);
    }
    u->tx_burst_n += n;
    u->tx_end = u->tx_burst_start + vdev_uart_frames_time(u, u->tx_burst_n);
    u->tx_count += n;
    if (u->observer) {
        u->observer(u->observer_arg, p, n, first);
    }
    if (u->loopback) {
        uart_rx_try_start(u);
    }
    uart_update_irq(u);
}

bool vdev_uart_write(vdev_uart_t *u, uint8_t byte)
{
    if (tx_level_at(u, sim_clock_now()) >= VDEV_UART_FIFO) {
        return false;
    }
    uart_tx_append(u, &byte, 1u);
    return true;
}

void vdev_uart_console_write(vdev_uart_t *u, const void *buf, size_t n)
{
    uart_tx_append(u, buf, n);
}

size_t vdev_uart_tx_level(const vdev_uart_t *u)
{
    return tx_level_at(u, sim_clock_now());
}

sim_time_t vdev_uart_tx_done_at(const vdev_uart_t *u)
{
    return u->tx_end;
}

/* ---- registers ---- */

int vdev_uart_set_format(vdev_uart_t *u, uint32_t baud, unsigned frame_bits)
{
    if (baud == 0u || baud > VDEV_UART_MAX_BAUD || frame_bits < 7u || frame_bits > 13u) {
        return -1;
    }
    if (baud != u->baud || frame_bits != u->bits) {
        /* the transmitter's remaining time keeps its old rate: restart its burst at its end */
        sim_time_t now = sim_clock_now();
        if (u->tx_end > now) {
            u->tx_burst_start = u->tx_end;
            u->tx_burst_n = 0u;
        }
        u->rx_burst_n = 0u;
        u->baud = baud;
        u->bits = frame_bits;
        uart_update_irq(u);
    }
    return 0;
}

uint32_t vdev_uart_baud(const vdev_uart_t *u)
{
    return u->baud;
}

unsigned vdev_uart_frame_bits(const vdev_uart_t *u)
{
    return u->bits;
}

void vdev_uart_set_rx_enabled(vdev_uart_t *u, bool on)
{
    u->rx_on = on;
    if (on) {
        uart_rx_try_start(u);
    }
}

bool vdev_uart_rx_enabled(const vdev_uart_t *u)
{
    return u->rx_on;
}

void vdev_uart_set_irq_mask(vdev_uart_t *u, uint32_t mask)
{
    u->mask = mask & (VDEV_UART_RXNE | VDEV_UART_TXNF | VDEV_UART_TC);
    uart_update_irq(u);
}

uint32_t vdev_uart_irq_mask(const vdev_uart_t *u)
{
    return u->mask;
}

int vdev_uart_read(vdev_uart_t *u)
{
    if (u->rx_level == 0u) {
        return -1;
    }
    int b = u->rx_fifo[u->rx_head];
    u->rx_head = (u->rx_head + 1u) % VDEV_UART_FIFO;
    u->rx_level--;
    uart_rx_try_start(u);       /* the far end may go on */
    uart_update_irq(u);
    return b;
}

size_t vdev_uart_rx_level(const vdev_uart_t *u)
{
    return u->rx_level;
}

/* ---- far end ---- */

void vdev_uart_inject(vdev_uart_t *u, const void *data, size_t n)
{
    const uint8_t *p = data;
    sim_time_t now = sim_clock_now();
    for (size_t i = 0; i < n; i++) {
        if (!wire_push(u, now, p[i])) {
            break;
        }
    }
    uart_rx_try_start(u);
}

void vdev_uart_set_tx_observer(vdev_uart_t *u, vdev_uart_tx_observer_t fn, void *arg)
{
    u->observer = fn;
    u->observer_arg = arg;
}

uint64_t vdev_uart_tx_count(const vdev_uart_t *u)
{
    return u->tx_count;
}

uint64_t vdev_uart_rx_count(const vdev_uart_t *u)
{
    return u->rx_count;
}

/* ---- the bus ---- */

static void uart_reset(sim_device_t *dev)
{
    vdev_uart_t *u = dev->ctx;
    sim_event_init(&u->rx_ev, u->dev.name, uart_rx_done, u);
    sim_event_init(&u->tx_ev, u->dev.name, uart_tx_event, u);
    u->baud = VDEV_UART_DEFAULT_BAUD;
    u->bits = VDEV_UART_DEFAULT_FRAME;
    u->mask = 0u;
    u->rx_on = false;
    u->rx_head = u->rx_level = 0u;
    u->rx_busy = false;
    u->rx_burst_n = 0u;
    u->rx_burst_start = u->rx_burst_end = 0u;
    u->wire_head = u->wire_count = 0u;
    u->tx_burst_start = u->tx_end = sim_clock_now();
    u->tx_burst_n = 0u;
    u->tx_count = u->rx_count = 0u;
    if (u->chan) {
        sim_io_chan_restart_input(u->chan);     /* the far end starts over, too */
    }
}

static void uart_service(sim_device_t *dev)
{
    uart_rx_try_start(dev->ctx);
}

static int uart_stimulus(sim_device_t *dev, const char *target, const char *action,
                         const void *data, size_t len, char *err, size_t errlen)
{
    if (strcmp(target, dev->name) != 0) {
        return 1;
    }
    if (strcmp(action, "send") != 0) {
        snprintf(err, errlen, "%s: unknown action '%s' (want send)", dev->name, action);
        return -1;
    }
    vdev_uart_inject(dev->ctx, data, len);
    return 0;
}

static const sim_device_ops_t uart_ops = {
    .reset = uart_reset,
    .service = uart_service,
    .stimulus = uart_stimulus,
};

static void uart_notify(void *arg)
{
    vdev_uart_t *u = arg;
    sim_bus_signal(&u->dev);        /* from the I/O thread: thread-safe */
}

vdev_uart_t *vdev_uart_create(const char *name, sim_io_chan_t *chan)
{
    vdev_uart_t *u = calloc(1, sizeof *u);
    if (!u) {
        return NULL;
    }
    if (sim_bus_attach(&u->dev, name, &uart_ops, u, 1u) != 0) {
        free(u);
        return NULL;
    }
    u->chan = chan;
    u->loopback = chan && sim_io_chan_kind(chan) == SIM_IO_LOOPBACK;
    if (chan) {
        sim_io_chan_set_notify(chan, uart_notify, u);
    }
    uart_reset(&u->dev);
    return u;
}

void vdev_uart_destroy(vdev_uart_t *u)
{
    if (!u) {
        return;
    }
    if (u->chan) {
        sim_io_chan_set_notify(u->chan, NULL, NULL);
    }
    sim_event_cancel(&u->rx_ev);
    sim_event_cancel(&u->tx_ev);
    sim_bus_detach(&u->dev);
    free(u->wire);
    free(u);
}

sim_device_t *vdev_uart_device(vdev_uart_t *u)
{
    return &u->dev;
}

unsigned vdev_uart_irq(const vdev_uart_t *u)
{
    return u->dev.irq;
}

sim_io_chan_t *vdev_uart_chan(const vdev_uart_t *u)
{
    return u->chan;
}
