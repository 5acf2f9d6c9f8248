/*
 * Sprig HAL: UART (asynchronous serial ports, 8 data bits).
 *
 * Ports are numbered 0..HAL_UART_COUNT-1 (hal_board.h); HAL_UART_CONSOLE is the one printf
 * writes to on boards that retarget it.
 *
 * Model:
 *  - Transmit: hal_uart_write() (task context) queues bytes into the transmitter and blocks
 *    while it is full; it returns once every byte is queued, not when it has been sent.
 *    hal_uart_flush() waits until the last byte has left the wire. Writers are served one at
 *    a time, so the bytes of one call are never interleaved with another task's.
 *  - The transmit-done callback (ISR context) runs each time the transmitter becomes idle
 *    after bytes were queued: the last stop bit has been sent.
 *  - Receive: the interrupt handler moves received bytes into the port's receive buffer;
 *    hal_uart_read() takes them (task context to wait; any context with HAL_NO_WAIT). When the
 *    buffer is full the port stops taking bytes: with hardware flow control the sender waits
 *    (the simulator's UARTs always have it), otherwise further bytes are lost.
 *  - Or, with a receive callback installed, every received chunk goes to the callback (ISR
 *    context) instead of the buffer.
 *
 * A character takes (1 start + 8 data + parity + stop bits) / baud seconds on the wire:
 * 86.8 us at 115200 8N1.
 */
#ifndef HAL_UART_H
#define HAL_UART_H

#include <stddef.h>
#include <stdint.h>

#include "hal_err.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    HAL_UART_PARITY_NONE = 0,
    HAL_UART_PARITY_EVEN,
    HAL_UART_PARITY_ODD,
} hal_uart_parity_t;

typedef struct {
    uint32_t          baud;         /* bits per second; 0 means 115200 */
    hal_uart_parity_t parity;
    uint8_t           stop_bits;    /* 1 or 2; 0 means 1 */
    uint8_t          *rx_buf;       /* receive buffer, NULL: the port's own */
    size_t            rx_buf_size;  /* its size in bytes (>= 1 when rx_buf is given) */
} hal_uart_config_t;

/* 115200 8N1, the port's own receive buffer. */
#define HAL_UART_CONFIG_DEFAULT  { 115200u, HAL_UART_PARITY_NONE, 1u, NULL, 0u }

/* Received bytes, in ISR context. `data` is valid only during the call. */
typedef void (*hal_uart_rx_cb_t)(void *arg, const uint8_t *data, size_t len);
/* The transmitter went idle, in ISR context. */
typedef void (*hal_uart_tx_done_cb_t)(void *arg);

/* Configure and enable `port` (receiver on, receive buffer empty). `cfg` NULL: the defaults.
   Task context or before the kernel starts.
   HAL_OK; HAL_ENODEV (no such port); HAL_EINVAL (baud out of range, parity or stop bits
   invalid, rx_buf_size 0 with an rx_buf); HAL_ESTATE (already open). */
int hal_uart_open(unsigned port, const hal_uart_config_t *cfg);

/* Disable the receiver and the port's interrupts and drop buffered input; bytes already in
   the transmitter still go out. Callbacks are removed. Task context or before the kernel
   starts.
   HAL_OK; HAL_ENODEV; HAL_ESTATE (not open); HAL_EBUSY (a task is blocked on the port). */
int hal_uart_close(unsigned port);

/* Queue `len` bytes for transmission, waiting up to `timeout_ms` for room. Task context.
   Returns the number of bytes queued (`len`, or fewer if the timeout passed);
   HAL_ENODEV; HAL_ESTATE (not open); HAL_EINVAL (buf NULL with len > 0, len > INT_MAX);
   HAL_ECONTEXT. */
int hal_uart_write(unsigned port, const void *buf, size_t len, uint32_t timeout_ms);

/* Wait until everything queued has been sent (the wire is idle). Task context.
   HAL_OK; HAL_ETIMEOUT; HAL_ENODEV; HAL_ESTATE; HAL_ECONTEXT. */
int hal_uart_flush(unsigned port, uint32_t timeout_ms);

/* Take up to `len` received bytes. Waits up to `timeout_ms` for at least one, then returns
   what is there without waiting for more. Task context; with HAL_NO_WAIT any context.
   Only one task may wait on a port at a time.
   Returns the number of bytes read (0 when the timeout passed);
   HAL_ENODEV; HAL_ESTATE (not open, or a receive callback takes the input);
   HAL_EINVAL (buf NULL with len > 0, len > INT_MAX); HAL_EBUSY (another task is waiting);
   HAL_ECONTEXT. */
int hal_uart_read(unsigned port, void *buf, size_t len, uint32_t timeout_ms);

/* Bytes waiting in the receive buffer. Any context.
   >= 0; HAL_ENODEV; HAL_ESTATE (not open). */
int hal_uart_rx_available(unsigned port);

/* Send received bytes to `cb` (ISR context) instead of the buffer; NULL goes back to the
   buffer. Bytes already buffered stay there for hal_uart_read. Any context.
   HAL_OK; HAL_ENODEV; HAL_ESTATE (not open); HAL_EBUSY (a task is waiting in hal_uart_read). */
int hal_uart_set_rx_callback(unsigned port, hal_uart_rx_cb_t cb, void *arg);

/* Call `cb` (ISR context) whenever the transmitter goes idle after bytes were queued; NULL
   removes it. Any context.
   HAL_OK; HAL_ENODEV; HAL_ESTATE (not open). */
int hal_uart_set_tx_done_callback(unsigned port, hal_uart_tx_done_cb_t cb, void *arg);

#ifdef __cplusplus
}
#endif

#endif /* HAL_UART_H */
