/*
 * MPS2 AN385/AN386 peripherals the board code uses (Arm AN385 / QEMU hw/arm/mps2.c): the CMSDK
 * APB UART and timers. Board-internal; apps use board.h.
 */
#ifndef SPRIG_MPS2_H
#define SPRIG_MPS2_H

#include <stdint.h>

#define MPS2_REG(addr)              (*(volatile uint32_t *)(addr))

/* CMSDK APB UART 0: the console (QEMU -serial). */
#define MPS2_UART0_BASE             0x40004000u
#define MPS2_UART_DATA(b)           MPS2_REG((b) + 0x00u)
#define MPS2_UART_STATE(b)          MPS2_REG((b) + 0x04u)
#define MPS2_UART_CTRL(b)           MPS2_REG((b) + 0x08u)
#define MPS2_UART_INTSTATUS(b)      MPS2_REG((b) + 0x0Cu)
#define MPS2_UART_BAUDDIV(b)        MPS2_REG((b) + 0x10u)
#define MPS2_UART_STATE_TXFULL      (1u << 0)
#define MPS2_UART_STATE_RXFULL      (1u << 1)
#define MPS2_UART_CTRL_TXEN         (1u << 0)
#define MPS2_UART_CTRL_RXEN         (1u << 1)

/* CMSDK APB timers: 32-bit down counters on SYSCLK, interrupt and reload at zero. */
#define MPS2_TIMER0_BASE            0x40000000u
#define MPS2_TIMER1_BASE            0x40001000u
#define MPS2_TIMER_CTRL(b)          MPS2_REG((b) + 0x00u)
#define MPS2_TIMER_VALUE(b)         MPS2_REG((b) + 0x04u)
#define MPS2_TIMER_RELOAD(b)        MPS2_REG((b) + 0x08u)
#define MPS2_TIMER_INTCLEAR(b)      MPS2_REG((b) + 0x0Cu)  /* read: INTSTATUS */
#define MPS2_TIMER_CTRL_EN          (1u << 0)
#define MPS2_TIMER_CTRL_IRQEN       (1u << 3)

/* Interrupt lines (NVIC external interrupt numbers). */
#define MPS2_IRQ_UART0_RX           0u
#define MPS2_IRQ_UART0_TX           1u
#define MPS2_IRQ_TIMER0             8u      /* the board watchdog (board_watchdog_start) */
#define MPS2_IRQ_TIMER1             9u      /* the deep-sleep wake-up alarm (tickless) */

#endif /* SPRIG_MPS2_H */
