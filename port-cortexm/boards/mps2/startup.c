/*
 * mps2 start-up: the vector table, the reset handler, and the board's own interrupt handlers
 * (software lines, the watchdog timer).
 *
 * Memory (mps2.ld): the image runs from ZBT SSRAM1 at 0 (on the real board the MCC copies it
 * there from the SD card; QEMU loads the ELF there), data and stacks are in SSRAM2/3 at
 * 0x20000000, and PSRAM at 0x21000000 holds .noinit, which a system reset leaves alone.
 */
#include <stdint.h>
#include <stdlib.h>

#include "board.h"
#include "mps2.h"
#include "port_cm.h"

int main(void);

/* From the linker script. */
extern uint32_t __sprig_stack_top[];
extern uint32_t __sprig_data_load[], __sprig_data_start[], __sprig_data_end[];
extern uint32_t __sprig_bss_start[], __sprig_bss_end[];

void Reset_Handler(void);
void board_stdio_init(void);

/* used by name from assembly */
__attribute__((used)) static void (*volatile soft_irq_handler[BOARD_SOFT_IRQ_COUNT])(void);
static void (*volatile watchdog_fn)(void);

/* Slots nobody claimed report the exception and stop (port_cm_unexpected_handler). Naked, so
   the handler sees the exception's own LR (EXC_RETURN). */
__attribute__((naked)) static void unclaimed(void)
{
    __asm__ volatile("b port_cm_unexpected_handler");
}

/* Software lines: tail-call the attached handler (so it returns straight from the exception),
   or report an unexpected interrupt if there is none. */
#define SOFT_IRQ_TRAMPOLINE(n) \
    __attribute__((naked)) static void irq_soft##n(void) \
    { \
        __asm__ volatile("movw r0, #:lower16:soft_irq_handler\n\t" \
                         "movt r0, #:upper16:soft_irq_handler\n\t" \
                         "ldr  r0, [r0, #" #n " * 4]\n\t" \
                         "cbz  r0, 1f\n\t" \
                         "bx   r0\n" \
                         "1:   b port_cm_unexpected_handler\n\t"); \
    }
SOFT_IRQ_TRAMPOLINE(0)
SOFT_IRQ_TRAMPOLINE(1)
SOFT_IRQ_TRAMPOLINE(2)
SOFT_IRQ_TRAMPOLINE(3)

static void irq_timer0(void)
{
    MPS2_TIMER_INTCLEAR(MPS2_TIMER0_BASE) = 1u;
    if (watchdog_fn) {
        watchdog_fn();
    }
}

/* TIMER1 is the deep-sleep wake-up alarm (bsp.c): waking the core is all it has to do. */
static void irq_timer1(void)
{
    MPS2_TIMER_INTCLEAR(MPS2_TIMER1_BASE) = 1u;
}

typedef void (*vector_t)(void);

__attribute__((section(".isr_vector"), used))
const vector_t board_vectors[16u + SPRIG_BOARD_IRQ_COUNT] = {
    (vector_t)(uintptr_t)__sprig_stack_top,
    Reset_Handler,
    unclaimed,              /* NMI */
    HardFault_Handler,
    MemManage_Handler,
    BusFault_Handler,
    UsageFault_Handler,
    0, 0, 0, 0,
    unclaimed,              /* SVCall: the port does not use SVC */
    unclaimed,              /* DebugMonitor */
    0,
    PendSV_Handler,
    SysTick_Handler,
    /* external interrupts 0..31 */
    unclaimed, unclaimed, unclaimed, unclaimed, unclaimed, unclaimed, unclaimed, unclaimed,
    irq_timer0, irq_timer1, unclaimed, unclaimed, unclaimed, unclaimed, unclaimed, unclaimed,
    unclaimed, unclaimed, unclaimed, unclaimed, unclaimed, unclaimed, unclaimed, unclaimed,
    unclaimed, unclaimed, unclaimed, unclaimed, irq_soft0, irq_soft1, irq_soft2, irq_soft3,
};

void Reset_Handler(void)
{
    uint32_t *src, *dst;

    port_cm_early_init();       /* first: on M4F the FPU must be on before any FP code */
    for (src = __sprig_data_load, dst = __sprig_data_start; dst < __sprig_data_end;) {
        *dst++ = *src++;
    }
    for (dst = __sprig_bss_start; dst < __sprig_bss_end;) {
        *dst++ = 0u;
    }
    board_console_init();
    board_stdio_init();
    exit(main());
}

void board_soft_irq_attach(unsigned n, void (*handler)(void))
{
    if (n < BOARD_SOFT_IRQ_COUNT) {
        soft_irq_handler[n] = handler;
    }
}

#define NVIC_ISER0      MPS2_REG(0xE000E100u)
#define NVIC_ICER0      MPS2_REG(0xE000E180u)
#define NVIC_ICPR0      MPS2_REG(0xE000E280u)
#define NVIC_IPR(n)     (*(volatile uint8_t *)(0xE000E400u + (n)))

void board_watchdog_start(uint32_t period_ms, void (*fn)(void))
{
    uint32_t cycles = period_ms * (SPRIG_BOARD_CPU_CLOCK_HZ / 1000u);

    watchdog_fn = fn;
    MPS2_TIMER_CTRL(MPS2_TIMER0_BASE) = 0u;
    MPS2_TIMER_INTCLEAR(MPS2_TIMER0_BASE) = 1u;
    MPS2_TIMER_RELOAD(MPS2_TIMER0_BASE) = cycles;
    MPS2_TIMER_VALUE(MPS2_TIMER0_BASE) = cycles;
    NVIC_IPR(MPS2_IRQ_TIMER0) = 0u;     /* above any BASEPRI: never masked by the kernel */
    NVIC_ICPR0 = 1u << MPS2_IRQ_TIMER0;
    NVIC_ISER0 = 1u << MPS2_IRQ_TIMER0;
    MPS2_TIMER_CTRL(MPS2_TIMER0_BASE) = MPS2_TIMER_CTRL_EN | MPS2_TIMER_CTRL_IRQEN;
}

void board_watchdog_stop(void)
{
    MPS2_TIMER_CTRL(MPS2_TIMER0_BASE) = 0u;
    NVIC_ICER0 = 1u << MPS2_IRQ_TIMER0;
    MPS2_TIMER_INTCLEAR(MPS2_TIMER0_BASE) = 1u;
    NVIC_ICPR0 = 1u << MPS2_IRQ_TIMER0;
    watchdog_fn = 0;
}
