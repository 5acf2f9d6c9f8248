/*
 * Thread-Metric software interrupt on the Cortex-M boards: the first of the board's software
 * lines (board.h), pended through the NVIC. The barriers make the exception happen before
 * tm_cause_interrupt returns, as a trap instruction would.
 */
#include "tos_k.h"

#include "board.h"
#include "cm_regs.h"
#include "port_cm.h"

#include "tm_api.h"

#define TM_IRQ_SOFT_LINE    0u
#define TM_IRQ              (BOARD_SOFT_IRQ_BASE + TM_IRQ_SOFT_LINE)
#define TM_IRQ_PRIO         0x40u   /* kernel-relative; more urgent than the tick */

void tm_interrupt_connect(void (*handler)(void))
{
    board_soft_irq_attach(TM_IRQ_SOFT_LINE, handler);
    CM_NVIC_IPR(TM_IRQ) = port_cm_kernel_irq_prio(TM_IRQ_PRIO);
    CM_NVIC_ICPR(TM_IRQ) = CM_NVIC_BIT(TM_IRQ);
    CM_NVIC_ISER(TM_IRQ) = CM_NVIC_BIT(TM_IRQ);
}

void tm_cause_interrupt(void)
{
    CM_NVIC_ISPR(TM_IRQ) = CM_NVIC_BIT(TM_IRQ);
    __asm__ volatile("dsb\n\tisb" ::: "memory");
}
