/*
 * Sprig virtual devices: a UART.
 *
 * A serial port with 16-byte receive and transmit FIFOs, modelled at the timing of the wire:
 * every character is a frame of `frame_bits` bits (10 for 8N1: start, 8 data, stop) at the
 * configured baud rate, so n characters take ceil(n * frame_bits * 1e9 / baud) ns of virtual
 * time, whether they are sent or received.
 *
 * The "registers" a driver uses (port-posix/hal_uart.c is one):
 *   status        RXNE  the receive FIFO holds a character
 *                 TXNF  the transmit FIFO has room
 *                 TC    transmission complete: the last character has left the wire
 *   interrupt mask, same bits: the interrupt line is asserted while (status & mask) != 0
 *                 (level-triggered: it stays pending until the driver empties the FIFO or
 *                 masks the condition)
 *   data          vdev_uart_read() takes a received character; vdev_uart_write() queues one
 *   receiver enable
 *
 * The host end is a channel (sim/ioloop.h): what the UART transmits is handed to the channel
 * as it enters the transmitter (the host sees it at once; the CPU sees the transmitter busy
 * for the frame times). Received characters come from the channel, from stimulus
 * (vdev_uart_inject), or from the transmitter itself with a loopback channel. The line has
 * hardware flow control: the far end only starts a character while the receive FIFO has
 * room, so input is never lost; it waits (in the channel, ultimately in the host's buffers).
 * Live input is stamped with the virtual time at which the bus delivers it; file input and
 * stimulus are deterministic.
 *
 * The console (printf on the simulator) writes through vdev_uart_console_write(), which never
 * refuses: it queues behind whatever is on the wire, like a console DMA channel with an
 * unbounded buffer.
 *
 * Threading: CPU thread only (the channel's notify comes in through the bus doorbell).
 */
#ifndef VDEV_UART_H
#define VDEV_UART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/bus.h"
#include "sim/clock.h"
#include "sim/ioloop.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VDEV_UART_FIFO              16u
#define VDEV_UART_DEFAULT_BAUD      115200u
#define VDEV_UART_DEFAULT_FRAME     10u         /* 8N1 */
#define VDEV_UART_MAX_BAUD          12000000u

#define VDEV_UART_RXNE              (1u << 0)
#define VDEV_UART_TXNF              (1u << 1)
#define VDEV_UART_TC                (1u << 2)

typedef struct vdev_uart vdev_uart_t;

/* Create `name` on the bus with one interrupt line. `chan` may be NULL (nothing attached);
   the UART uses it but does not own it. NULL if the bus refuses (name taken, no lines). */
vdev_uart_t   *vdev_uart_create(const char *name, sim_io_chan_t *chan);
void           vdev_uart_destroy(vdev_uart_t *u);
sim_device_t  *vdev_uart_device(vdev_uart_t *u);
unsigned       vdev_uart_irq(const vdev_uart_t *u);
sim_io_chan_t *vdev_uart_chan(const vdev_uart_t *u);

/* ---- registers (CPU thread) ---- */

/* Baud rate (1..VDEV_UART_MAX_BAUD) and bits per frame (7..13). Returns 0, or -1 (unchanged).
   Characters already on the wire keep their timing. */
int        vdev_uart_set_format(vdev_uart_t *u, uint32_t baud, unsigned frame_bits);
uint32_t   vdev_uart_baud(const vdev_uart_t *u);
unsigned   vdev_uart_frame_bits(const vdev_uart_t *u);
/* Virtual time of `frames` back-to-back characters at the current format. */
sim_time_t vdev_uart_frames_time(const vdev_uart_t *u, uint64_t frames);

/* The receiver: while disabled (the reset state) the far end is held off and nothing is
   received. */
void       vdev_uart_set_rx_enabled(vdev_uart_t *u, bool on);
bool       vdev_uart_rx_enabled(const vdev_uart_t *u);

uint32_t   vdev_uart_status(const vdev_uart_t *u);
void       vdev_uart_set_irq_mask(vdev_uart_t *u, uint32_t mask);
uint32_t   vdev_uart_irq_mask(const vdev_uart_t *u);

/* The oldest received character, or -1 when the receive FIFO is empty. */
int        vdev_uart_read(vdev_uart_t *u);
size_t     vdev_uart_rx_level(const vdev_uart_t *u);

/* Queue one character; false when the transmit FIFO is full. */
bool       vdev_uart_write(vdev_uart_t *u, uint8_t byte);
/* Characters not yet fully sent (the FIFO is full at VDEV_UART_FIFO or more). */
size_t     vdev_uart_tx_level(const vdev_uart_t *u);
/* When the transmitter will be idle (TC); the current time or earlier when it is. */
sim_time_t vdev_uart_tx_done_at(const vdev_uart_t *u);

/* The console path: queue every byte behind what is on the wire, never refusing. */
void       vdev_uart_console_write(vdev_uart_t *u, const void *buf, size_t n);

/* ---- the far end (CPU thread; for stimulus scripts and tests) ---- */

/* Start sending `n` bytes to the receiver now, back to back at the line rate (subject to
   flow control and to what is already being received). */
void       vdev_uart_inject(vdev_uart_t *u, const void *data, size_t n);

/* Called for every transmitted chunk as it enters the transmitter, with the virtual time
   its first character starts; NULL removes it. */
typedef void (*vdev_uart_tx_observer_t)(void *arg, const uint8_t *data, size_t n,
                                        sim_time_t start);
void       vdev_uart_set_tx_observer(vdev_uart_t *u, vdev_uart_tx_observer_t fn, void *arg);

/* Characters transmitted / received since reset. */
uint64_t   vdev_uart_tx_count(const vdev_uart_t *u);
uint64_t   vdev_uart_rx_count(const vdev_uart_t *u);

#ifdef __cplusplus
}
#endif

#endif /* VDEV_UART_H */
