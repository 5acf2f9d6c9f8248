/*
 * The HAL cases (tests/hal/test_*.c) are kernel-level cases (tests/kernel/ktest.h) written
 * against hal.h only, so they can run on any port that implements the HAL. What they need
 * from the board beyond the HAL (a clock to check timing, stimulus on pins, what a UART's far
 * end sent and received) comes from this glue; tests/hal/hal_test_sim.c implements it for the
 * simulator, where uart0 is wired in loopback and uart1 to files.
 */
#ifndef SPRIG_HAL_TEST_H
#define SPRIG_HAL_TEST_H

#include <stddef.h>
#include <stdint.h>

#include "ktest.h"
#include "hal.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Time in nanoseconds (virtual time on the simulator). */
uint64_t hal_test_now_ns(void);

/* Drive `pin` from outside to `level` (0, 1, or -1 to let go) `delay_us` from now. */
void hal_test_gpio_drive_at(unsigned pin, int level, uint32_t delay_us);
/* The board's record of pin changes so far (the simulator's GPIO log), NUL-terminated. */
size_t hal_test_gpio_log(char *buf, size_t size);

/* Attach a test peripheral to `cs` of `bus` that answers every byte with its complement. */
void hal_test_spi_attach_complement(unsigned bus, unsigned cs);

/* The port wired back to itself (what it sends, it receives). */
#define HAL_TEST_UART_LOOP      0u
/* The port whose far end is scripted: it sends hal_test_uart_far_input() from every reset
   on, and records what it receives. */
#define HAL_TEST_UART_FAR       1u
const char *hal_test_uart_far_input(void);
/* What the far end has received so far (since the test program started), NUL-terminated. */
size_t hal_test_uart_far_output(char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* SPRIG_HAL_TEST_H */
