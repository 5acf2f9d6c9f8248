/*
 * Board mps2-an386: Arm MPS2 with the AN386 FPGA image (Cortex-M4 with FPU), as QEMU models
 * it. Same memory map and peripherals as AN385 (see ../mps2/include/mps2.h).
 */
#ifndef SPRIG_BOARD_CONFIG_H
#define SPRIG_BOARD_CONFIG_H

#define SPRIG_BOARD_NAME            "mps2-an386"
#define SPRIG_BOARD_CPU             "Cortex-M4F"
#define SPRIG_BOARD_CPU_CLOCK_HZ    25000000u   /* SYSCLK: core, SysTick, APB timers, UARTs */
#define SPRIG_BOARD_NVIC_PRIO_BITS  3u          /* AN386: 8 priority levels */
#define SPRIG_BOARD_IRQ_COUNT       32u
#define SPRIG_BOARD_SEMIHOSTING     1           /* board_exit and the command line use it */

#endif /* SPRIG_BOARD_CONFIG_H */
