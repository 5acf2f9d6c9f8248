/*
 * The simulator board's set-up, for main() and for tests: which host ends the devices get,
 * and access to the device models (stimulus, inspection). Apps use hal.h instead.
 */
#ifndef HAL_SIM_BOARD_H
#define HAL_SIM_BOARD_H

#include <stdbool.h>
#include <stddef.h>

#include "hal_board.h"

#include "sim/options.h"

#include "vdev/flash.h"
#include "vdev/gpio.h"
#include "vdev/rng.h"
#include "vdev/spi.h"
#include "vdev/timer.h"
#include "vdev/uart.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    const char *prog;                       /* for messages ("hello") */
    const char *uart[HAL_UART_COUNT];       /* backend specs (sim/ioloop.h); NULL: uart0
                                               "stdio", the others "none" */
    const char *flash_path;                 /* NULL: an erased flash in memory */
    const char *gpio_log;                   /* NULL: stderr; "none": off; else a file */
    bool        console;                    /* printf (stdout) goes out through uart0 */
    bool        announce;                   /* say on stderr where pty/tcp backends are */
} hal_sim_board_config_t;

/* Create the devices and open their host ends; start the host I/O thread if needed. Before the
   machine runs. Returns 0, or -1 with a one-line reason in `err` (a backend or flash file that
   cannot be opened). */
int  hal_sim_board_open(const hal_sim_board_config_t *cfg, char *err, size_t errlen);
/* main(): the board as the command line asks (--uart0, --flash, --gpio-log), with the console
   on uart0. On failure prints "PROG: REASON" on stderr and returns -1. */
int  hal_sim_board_open_for(const sim_options_t *opts, const char *argv0);
bool hal_sim_board_is_open(void);
/* Machine reset, after cpu_reset(): devices to their reset state, HAL state cleared, device
   interrupt handlers connected. */
void hal_sim_board_reset(void);
/* End of the run: finish the console, flush and stop host I/O, release the devices. Reports
   output dropped by live backends on stderr. */
void hal_sim_board_close(void);

vdev_uart_t  *hal_sim_uart(unsigned port);
vdev_gpio_t  *hal_sim_gpio(void);
vdev_spi_t   *hal_sim_spi(unsigned bus);
vdev_flash_t *hal_sim_flash(unsigned dev);
vdev_timer_t *hal_sim_timer(void);
vdev_rng_t   *hal_sim_rng(void);

#ifdef __cplusplus
}
#endif

#endif /* HAL_SIM_BOARD_H */
