/*
 * Interrupt lines of the simulated board (the sim's "vector table" layout).
 */
#ifndef SIM_BOARD_IRQ_MAP_H
#define SIM_BOARD_IRQ_MAP_H

#define SIM_IRQ_SYSTICK         0u      /* system tick */
#define SIM_IRQ_ALARM           1u      /* wake-up alarm (tickless sleep) */
#define SIM_IRQ_TEST_BASE       56u     /* 56..63: software lines for tests and benchmarks */
#define SIM_IRQ_TEST_COUNT      8u

#endif /* SIM_BOARD_IRQ_MAP_H */
