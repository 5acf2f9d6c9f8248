/*
 * ARMv7-M system control space: the few registers the port and the boards touch.
 * Addresses and bits are from the ARMv7-M Architecture Reference Manual (B3.2).
 */
#ifndef CM_REGS_H
#define CM_REGS_H

#include <stdint.h>

#define CM_REG(addr)            (*(volatile uint32_t *)(addr))
#define CM_REG8(addr)           (*(volatile uint8_t *)(addr))

/* System control block */
#define CM_SCB_ICSR             CM_REG(0xE000ED04u)
#define CM_SCB_VTOR             CM_REG(0xE000ED08u)
#define CM_SCB_AIRCR            CM_REG(0xE000ED0Cu)
#define CM_SCB_SCR              CM_REG(0xE000ED10u)
#define CM_SCB_CCR              CM_REG(0xE000ED14u)
#define CM_SCB_SHPR(n)          CM_REG8(0xE000ED18u + (n) - 4u)   /* n: exception number 4..15 */
#define CM_SCB_SHCSR            CM_REG(0xE000ED24u)
#define CM_SCB_CFSR             CM_REG(0xE000ED28u)
#define CM_SCB_HFSR             CM_REG(0xE000ED2Cu)
#define CM_SCB_MMFAR            CM_REG(0xE000ED34u)
#define CM_SCB_BFAR             CM_REG(0xE000ED38u)
#define CM_SCB_CPACR            CM_REG(0xE000ED88u)
#define CM_FPU_FPCCR            CM_REG(0xE000EF34u)

#define CM_ICSR_PENDSVSET       (1u << 28)
#define CM_ICSR_PENDSTSET       (1u << 26)
#define CM_ICSR_PENDSTCLR       (1u << 25)
#define CM_AIRCR_VECTKEY        (0x05FAu << 16)
#define CM_AIRCR_PRIGROUP_MASK  (7u << 8)
#define CM_AIRCR_SYSRESETREQ    (1u << 2)
#define CM_SCR_SLEEPDEEP        (1u << 2)
#define CM_CCR_DIV_0_TRP        (1u << 4)
#define CM_CCR_STKALIGN         (1u << 9)
#define CM_SHCSR_MEMFAULTENA    (1u << 16)
#define CM_SHCSR_BUSFAULTENA    (1u << 17)
#define CM_SHCSR_USGFAULTENA    (1u << 18)
#define CM_HFSR_VECTTBL         (1u << 1)
#define CM_HFSR_FORCED          (1u << 30)
#define CM_FPCCR_ASPEN          (1u << 31)
#define CM_FPCCR_LSPEN          (1u << 30)

/* Exception numbers */
#define CM_EXC_HARDFAULT        3u
#define CM_EXC_MEMMANAGE        4u
#define CM_EXC_BUSFAULT         5u
#define CM_EXC_USAGEFAULT       6u
#define CM_EXC_SVCALL           11u
#define CM_EXC_PENDSV           14u
#define CM_EXC_SYSTICK          15u
#define CM_EXC_IRQ0             16u

/* SysTick */
#define CM_SYST_CSR             CM_REG(0xE000E010u)
#define CM_SYST_RVR             CM_REG(0xE000E014u)
#define CM_SYST_CVR             CM_REG(0xE000E018u)
#define CM_SYST_CSR_ENABLE      (1u << 0)
#define CM_SYST_CSR_TICKINT     (1u << 1)
#define CM_SYST_CSR_CLKSOURCE   (1u << 2)       /* 1: the processor clock */
#define CM_SYST_CSR_COUNTFLAG   (1u << 16)
#define CM_SYST_MAX             0x00FFFFFFu     /* 24-bit counter */

/* NVIC, external interrupt n */
#define CM_NVIC_ISER(n)         CM_REG(0xE000E100u + 4u * ((n) >> 5))
#define CM_NVIC_ICER(n)         CM_REG(0xE000E180u + 4u * ((n) >> 5))
#define CM_NVIC_ISPR(n)         CM_REG(0xE000E200u + 4u * ((n) >> 5))
#define CM_NVIC_ICPR(n)         CM_REG(0xE000E280u + 4u * ((n) >> 5))
#define CM_NVIC_IPR(n)          CM_REG8(0xE000E400u + (n))
#define CM_NVIC_BIT(n)          (1u << ((n) & 31u))

#endif /* CM_REGS_H */
