/*
 * Board mps2-an385: Arm MPS2 with the AN385 FPGA image (Cortex-M3), as QEMU models it.
 * Constants the port and the shared mps2 board code need (see ../mps2/include/mps2.h).
 */
#ifndef SPRIG_BOARD_CONFIG_H
#define SPRIG_BOARD_CONFIG_H

#define SPRIG_BOARD_NAME            "mps2-an385"
#define SPRIG_BOARD_CPU             "Cortex-M3"
#define SPRIG_BOARD_CPU_CLOCK_HZ    25000000u   /* SYSCLK: core, SysTick, APB timers, UARTs */
#define SPRIG_BOARD_NVIC_PRIO_BITS  3u          /* AN385: 8 priority levels */
#define SPRIG_BOARD_IRQ_COUNT       32u
#define SPRIG_BOARD_SEMIHOSTING     1           /* board_exit and the command line use it */

#endif /* SPRIG_BOARD_CONFIG_H */
