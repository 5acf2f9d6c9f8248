/*
 * The simulator board as the HAL sees it: how many of each peripheral there are and what is
 * wired to the GPIO pins. Apps include "hal.h", which includes this. Another board provides
 * its own hal_board.h with the same names.
 *
 *   uart0        the console (printf goes here); --uart0 picks the host end (default stdio)
 *   uart1        a second port, not connected (for a device model, or tests)
 *   gpio0        32 pins: LEDs on 0..3 (active high), buttons on 4..7 (active low, with a
 *                pull-up on the board)
 *   spi0         4 chip selects, nothing attached unless a device model is
 *   flash0       1 MiB NOR flash, 4 KiB sectors, 256-byte pages (--flash=FILE keeps it)
 *   timer0..3    microsecond timers
 *   rng          seeded from --seed
 */
#ifndef HAL_BOARD_H
#define HAL_BOARD_H

#ifdef __cplusplus
extern "C" {
#endif

#define HAL_UART_COUNT          2u
#define HAL_UART_CONSOLE        0u
#define HAL_UART_BAUD_MAX       12000000u
#define HAL_UART_RX_BUF_SIZE    256u        /* the port's own receive buffer */

#define HAL_GPIO_PIN_COUNT      32u
#define BOARD_LED_COUNT         4u
#define BOARD_LED0              0u
#define BOARD_LED1              1u
#define BOARD_LED2              2u
#define BOARD_LED3              3u
#define BOARD_LED_ON            1           /* level that lights an LED */
#define BOARD_BUTTON_COUNT      4u
#define BOARD_BUTTON0           4u
#define BOARD_BUTTON1           5u
#define BOARD_BUTTON2           6u
#define BOARD_BUTTON3           7u
#define BOARD_BUTTON_PRESSED    0           /* level of a pressed button */

#define HAL_SPI_COUNT           1u
#define HAL_SPI_CS_COUNT        4u
#define HAL_SPI_FREQ_MAX        100000000u

#define HAL_FLASH_COUNT         1u
#define HAL_FLASH_SIZE          (1024u * 1024u)
#define HAL_FLASH_SECTOR_SIZE   4096u
#define HAL_FLASH_PAGE_SIZE     256u

#define HAL_TIMER_COUNT         4u

/* End the run with exit status `code` (0..255) from any task or ISR: the simulator stops the
   machine, finishes its output and exits. (The mps2 boards have the same call.) */
__attribute__((noreturn)) void board_exit(int code);

#ifdef __cplusplus
}
#endif

#endif /* HAL_BOARD_H */
