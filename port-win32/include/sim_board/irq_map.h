/*
 * Interrupt lines of the simulated board (the sim's "vector table" layout). The same lines as
 * the POSIX simulator's board, so tests and device models use the same numbers on both.
 */
#ifndef SIM_BOARD_IRQ_MAP_H
#define SIM_BOARD_IRQ_MAP_H

#define SIM_IRQ_SYSTICK         0u      /* system tick */
#define SIM_IRQ_ALARM           1u      /* wake-up alarm (tickless sleep) */
/* 2..47: the device bus and its devices on the POSIX board; reserved here, so that a line
   number means the same on both boards */
#define SIM_IRQ_BUS             2u
#define SIM_IRQ_DEVICE_BASE     3u
#define SIM_IRQ_DEVICE_COUNT    45u     /* 3..47 */
#define SIM_IRQ_TEST_BASE       56u     /* 56..63: software lines for tests and benchmarks */
#define SIM_IRQ_TEST_COUNT      8u

#endif /* SIM_BOARD_IRQ_MAP_H */
