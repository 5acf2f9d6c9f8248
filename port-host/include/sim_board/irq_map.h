/*
 * Interrupt lines of the simulated board (the sim's "vector table" layout), the same on the
 * POSIX and the Win32 board, so tests, benchmarks and device models use the same numbers on
 * both.
 */
#ifndef SIM_BOARD_IRQ_MAP_H
#define SIM_BOARD_IRQ_MAP_H

#define SIM_IRQ_SYSTICK         0u      /* system tick */
#define SIM_IRQ_ALARM           1u      /* wake-up alarm (tickless sleep) */
/* Device bus (sim/bus.h, port-posix/hal_board.c): the doorbell through which the host I/O
   thread hands input to the devices, and the lines the bus gives the devices in the order the
   board attaches them: uart0 3, uart1 4, gpio0 5, spi0 6, flash0 7, timer0 channels 8..11.
   The Win32 board has no devices yet: there these lines are reserved. */
#define SIM_IRQ_BUS             2u
#define SIM_IRQ_DEVICE_BASE     3u
#define SIM_IRQ_DEVICE_COUNT    45u     /* 3..47 */
#define SIM_IRQ_TEST_BASE       56u     /* 56..63: software lines for tests and benchmarks */
#define SIM_IRQ_TEST_COUNT      8u

#endif /* SIM_BOARD_IRQ_MAP_H */
