/*
 * Sprig HAL: the MCU peripherals an app and the portable drivers use, the same on every port.
 * Reference: docs/hal.md. Each port implements these headers and provides hal_board.h, which
 * says how many of each peripheral the board has and names its pins (BOARD_LED0, ...).
 */
#ifndef HAL_H
#define HAL_H

#include "hal_err.h"
#include "hal_board.h"
#include "hal_uart.h"
#include "hal_gpio.h"
#include "hal_spi.h"
#include "hal_flash.h"
#include "hal_timer.h"
#include "hal_rng.h"

#endif /* HAL_H */
