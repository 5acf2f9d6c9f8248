/*
 * Thread-Metric software interrupt on the simulator's board (POSIX and Win32 ports): the first
 * of the board's software lines (sim_board/irq_map.h). Raising it from the CPU's own thread is
 * like an NVIC pend: the handler runs before sim_irq_set_pending returns, on the interrupt
 * stack, with the kernel's usual interrupt exit.
 */
#include "tos_k.h"

#include "sim_board/irq_map.h"
#include "sim/irqc.h"

#include "tm_api.h"

#define TM_IRQ_LINE     SIM_IRQ_TEST_BASE
#define TM_IRQ_PRIO     0x40u   /* more urgent than the tick (TOS_CFG_CPU_SYSTICK_PRIO) */

void tm_interrupt_connect(void (*handler)(void))
{
    sim_irq_connect(TM_IRQ_LINE, handler);
    sim_irq_set_priority(TM_IRQ_LINE, TM_IRQ_PRIO);
    sim_irq_enable(TM_IRQ_LINE);
}

void tm_cause_interrupt(void)
{
    sim_irq_set_pending(TM_IRQ_LINE);
}
