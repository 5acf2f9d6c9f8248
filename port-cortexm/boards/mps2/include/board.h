/*
 * The board API of the mps2 boards (mps2-an385, mps2-an386): console, exit, command line, a
 * watchdog timer and software-raised interrupt lines. There is no HAL yet; this is what apps,
 * tests and the port use. Everything here works before the kernel starts and from any context
 * unless stated otherwise.
 */
#ifndef SPRIG_BOARD_H
#define SPRIG_BOARD_H

#include <stddef.h>
#include <stdint.h>

#include "board_config.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Interrupt lines 28..31 have no device behind them: software raises them (NVIC ISPR), for
   tests and benchmarks. */
#define BOARD_SOFT_IRQ_BASE         28u
#define BOARD_SOFT_IRQ_COUNT        4u

/* Set up the console UART (UART0, 115200 8N1; TX and RX enabled). Called by the start-up code
   before main(); calling it again is harmless. */
void board_console_init(void);

/* Write one character, waiting while the transmitter is full. Polled: safe from any context,
   including fault handlers, but it holds the CPU for the duration. */
void board_console_putc(char c);

/* Write `len` bytes (no newline translation). Polled, like board_console_putc. */
void board_console_write(const char *buf, size_t len);

/* Write a NUL-terminated string. */
void board_console_puts(const char *s);

/* The next received character, or -1 if none is waiting. Never blocks. */
int  board_console_getc(void);

/* End the run with exit status `code` (0..255). Under QEMU (SPRIG_BOARD_SEMIHOSTING) this is
   semihosting SYS_EXIT_EXTENDED, so `code` becomes QEMU's exit status; otherwise the CPU
   stops with interrupts masked. Pending printf output must be flushed first (exit() does). */
__attribute__((noreturn)) void board_exit(int code);

/* Copy the semihosting command line (QEMU: the -semihosting-config arg=... strings, joined by
   spaces, the program name first) into `buf`, NUL-terminated. Returns its length, or -1 when
   there is none (no semihosting, or it does not fit). */
int  board_cmdline(char *buf, size_t size);

/* Call `fn` every `period_ms` milliseconds from the TIMER0 interrupt, at NVIC priority 0:
   above the kernel's BASEPRI, so it also fires inside kernel critical sections. `fn` must not
   call the kernel. For test harness watchdogs. */
void board_watchdog_start(uint32_t period_ms, void (*fn)(void));
void board_watchdog_stop(void);

/* Handler of software line BOARD_SOFT_IRQ_BASE + n (n < BOARD_SOFT_IRQ_COUNT); NULL detaches.
   The line must be enabled and given a priority separately (NVIC). */
void board_soft_irq_attach(unsigned n, void (*handler)(void));

#ifdef __cplusplus
}
#endif

#endif /* SPRIG_BOARD_H */
