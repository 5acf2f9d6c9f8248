/*
 * Sprig Cortex-M port: CPU set-up, interrupt priorities, reset, and the fault report.
 *
 * Every fault (and any exception nobody claimed) prints what happened, where (PC, LR, the
 * fault status registers, the faulting address) and in which task, then ends the run through
 * port_cm_fatal: a fault never hangs silently. With PORT_CM_FAULT_REPORT 0 it ends the run the
 * same way without printing anything: the exit code says it was a fault.
 */
#define PORT_CM_CRITICAL_DEFINE     /* port_cpsr_save/restore, with PORT_CM_CRITICAL_INLINE 0 */
#include "tos_k.h"

#include "cm_internal.h"
#include "cm_regs.h"
#include "port_cm.h"

/* Provided by the board (port_cm.h). */
void board_console_write(const char *buf, size_t len);
__attribute__((noreturn)) void board_exit(int code);

/* Where stacks (and so exception frames) can be: from the board's linker script. */
extern const char __sprig_ram_start[];
extern const char __sprig_ram_end[];

void port_cm_early_init(void)
{
#if PORT_CM_FAULT_REPORT
    /* MemManage, BusFault and UsageFault get their own handlers (and their own names in the
       report) instead of escalating to HardFault (without the report, every fault ends the
       same way in HardFault) */
    CM_SCB_SHCSR |= CM_SHCSR_MEMFAULTENA | CM_SHCSR_BUSFAULTENA | CM_SHCSR_USGFAULTENA;
#endif
    /* integer division by zero faults instead of returning 0; exception frames 8-aligned */
    CM_SCB_CCR |= CM_CCR_DIV_0_TRP | CM_CCR_STKALIGN;
#if PORT_CM_FPU
    /* CP10/CP11 full access; automatic and lazy FP state preservation (the reset values on
       M4F, set anyway: the switch code relies on them) */
    CM_SCB_CPACR |= 0xFu << 20;
    CM_FPU_FPCCR |= CM_FPCCR_ASPEN | CM_FPCCR_LSPEN;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
}

/* The levels the NVIC implements from PORT_CM_BASEPRI down: `prio` picks the nearest of them
   in proportion, so distinct kernel priorities stay distinct as far as the levels allow. */
uint8_t port_cm_kernel_irq_prio(uint8_t prio)
{
    const uint32_t shift = 8u - SPRIG_BOARD_NVIC_PRIO_BITS;
    const uint32_t first = (uint32_t)PORT_CM_BASEPRI >> shift;
    const uint32_t levels = (1u << SPRIG_BOARD_NVIC_PRIO_BITS) - first;
    uint32_t level = first + ((uint32_t)prio * levels + 128u) / 256u;

    if (level > first + levels - 1u) {
        level = first + levels - 1u;
    }
    return (uint8_t)(level << shift);
}

void port_cm_system_reset(void)
{
    __asm__ volatile("dsb" ::: "memory");
    CM_SCB_AIRCR = CM_AIRCR_VECTKEY | (CM_SCB_AIRCR & CM_AIRCR_PRIGROUP_MASK) |
                   CM_AIRCR_SYSRESETREQ;
    __asm__ volatile("dsb" ::: "memory");
    for (;;) {
        /* the reset takes a few cycles to come */
    }
}

__attribute__((weak, noreturn)) void port_cm_fatal(int code)
{
    board_exit(code);
}

/* ---- report output: polled console, no libc (the fault may be in libc) ---- */

void cm_report_str(const char *s)
{
    size_t n = 0;
    while (s[n] != '\0') {
        n++;
    }
    board_console_write(s, n);
}

void cm_report_hex(uint32_t v)
{
    char buf[10];
    buf[0] = '0';
    buf[1] = 'x';
    for (int i = 0; i < 8; i++) {
        buf[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 0xFu];
    }
    board_console_write(buf, sizeof buf);
}

void cm_report_dec(uint32_t v)
{
    char buf[10];
    size_t i = sizeof buf;
    do {
        buf[--i] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0u && i > 0u);
    board_console_write(buf + i, sizeof buf - i);
}

void cm_report_where(void)
{
    if (!tos_knl_is_running() || !k_curr_task) {
        cm_report_str(" before the kernel started");
        return;
    }
    cm_report_str(port_in_isr() ? " in an interrupt handler over task '" : " in task '");
    cm_report_str(k_curr_task->name);
    cm_report_str("'");
}

/* ---- faults ---- */

#if PORT_CM_FAULT_REPORT
static int frame_readable(const uint32_t *frame)
{
    uint32_t a = (uint32_t)frame;
    return a >= (uint32_t)__sprig_ram_start && a + 32u <= (uint32_t)__sprig_ram_end &&
           (a & 3u) == 0u;
}

#define CFSR_IACCVIOL       (1u << 0)
#define CFSR_DACCVIOL       (1u << 1)
#define CFSR_MUNSTKERR      (1u << 3)
#define CFSR_MSTKERR        (1u << 4)
#define CFSR_MLSPERR        (1u << 5)
#define CFSR_MMARVALID      (1u << 7)
#define CFSR_IBUSERR        (1u << 8)
#define CFSR_PRECISERR      (1u << 9)
#define CFSR_IMPRECISERR    (1u << 10)
#define CFSR_UNSTKERR       (1u << 11)
#define CFSR_STKERR         (1u << 12)
#define CFSR_LSPERR         (1u << 13)
#define CFSR_BFARVALID      (1u << 15)
#define CFSR_UNDEFINSTR     (1u << 16)
#define CFSR_INVSTATE       (1u << 17)
#define CFSR_INVPC          (1u << 18)
#define CFSR_NOCP           (1u << 19)
#define CFSR_UNALIGNED      (1u << 24)
#define CFSR_DIVBYZERO      (1u << 25)

static const struct {
    uint32_t    bit;
    const char *what;
} cfsr_names[] = {
    { CFSR_IACCVIOL, "instruction fetch from a protected region" },
    { CFSR_DACCVIOL, "data access to a protected region" },
    { CFSR_MUNSTKERR, "MPU fault while unstacking" },
    { CFSR_MSTKERR, "MPU fault while stacking" },
    { CFSR_MLSPERR, "MPU fault during lazy FP stacking" },
    { CFSR_IBUSERR, "instruction fetch bus error" },
    { CFSR_PRECISERR, "precise data bus error" },
    { CFSR_IMPRECISERR, "imprecise data bus error" },
    { CFSR_UNSTKERR, "bus error while unstacking" },
    { CFSR_STKERR, "bus error while stacking (stack overflow?)" },
    { CFSR_LSPERR, "bus error during lazy FP stacking" },
    { CFSR_UNDEFINSTR, "undefined instruction" },
    { CFSR_INVSTATE, "invalid state (a branch to an even address?)" },
    { CFSR_INVPC, "invalid exception return" },
    { CFSR_NOCP, "coprocessor (FPU) access while disabled" },
    { CFSR_UNALIGNED, "unaligned access" },
    { CFSR_DIVBYZERO, "integer division by zero" },
};

static const char *exception_name(uint32_t exc)
{
    switch (exc) {
    case 2u:                    return "NMI";
    case CM_EXC_HARDFAULT:      return "HardFault";
    case CM_EXC_MEMMANAGE:      return "MemManage fault";
    case CM_EXC_BUSFAULT:       return "BusFault";
    case CM_EXC_USAGEFAULT:     return "UsageFault";
    case CM_EXC_SVCALL:         return "SVCall";
    case 12u:                   return "DebugMonitor";
    case CM_EXC_PENDSV:         return "PendSV";
    case CM_EXC_SYSTICK:        return "SysTick";
    default:                    return exc >= CM_EXC_IRQ0 ? "IRQ" : "reserved exception";
    }
}

static void report_reg(const char *name, uint32_t v)
{
    cm_report_str(name);
    cm_report_hex(v);
}

/* What was running: EXC_RETURN bit 3 set means thread mode, bit 2 the process stack (a
   task); in handler mode the stacked xPSR names the interrupted handler. */
static void report_context(const uint32_t *frame, uint32_t exc_return, int stacked)
{
    if (!tos_knl_is_running() || !k_curr_task) {
        cm_report_str(" before the kernel started");
    } else if ((exc_return & 0x8u) == 0u) {
        uint32_t active = stacked ? frame[7] & 0x1FFu : 0u;
        cm_report_str(" in ");
        if (active != 0u) {
            cm_report_str(exception_name(active));
            if (active >= CM_EXC_IRQ0) {
                cm_report_str(" ");
                cm_report_dec(active - CM_EXC_IRQ0);
            }
            cm_report_str(" handler");
        } else {
            cm_report_str("an exception handler");
        }
        cm_report_str(" over task '");
        cm_report_str(k_curr_task->name);
        cm_report_str("'");
    } else if ((exc_return & 0x4u) != 0u) {
        cm_report_str(" in task '");
        cm_report_str(k_curr_task->name);
        cm_report_str("'");
    } else {
        cm_report_str(" in thread mode on the main stack (not a task)");
    }
}

/* Entered from the naked handlers with the stacked frame and EXC_RETURN. */
__attribute__((noreturn, used)) void cm_fault_report(const uint32_t *frame, uint32_t exc_return);
void cm_fault_report(const uint32_t *frame, uint32_t exc_return)
{
    uint32_t ipsr, cfsr = CM_SCB_CFSR, hfsr = CM_SCB_HFSR;
    uint32_t mmfar = CM_SCB_MMFAR, bfar = CM_SCB_BFAR;
    int fault, stacked;

    __asm__ volatile("cpsid i\n\tmrs %0, ipsr" : "=r"(ipsr) : : "memory");
    ipsr &= 0x1FFu;
    fault = ipsr >= CM_EXC_HARDFAULT && ipsr <= CM_EXC_USAGEFAULT;

    cm_report_str(fault ? "\nsprig: fault: " : "\nsprig: fault: unexpected exception: ");
    cm_report_str(exception_name(ipsr));
    if (ipsr >= CM_EXC_IRQ0) {
        cm_report_str(" ");
        cm_report_dec(ipsr - CM_EXC_IRQ0);
        cm_report_str(" has no handler");
    }
    if (ipsr == CM_EXC_HARDFAULT) {
        if (hfsr & CM_HFSR_VECTTBL) {
            cm_report_str(" (bus error reading the vector table)");
        } else if (hfsr & CM_HFSR_FORCED) {
            cm_report_str(" (escalated: the fault could not run at its own priority)");
        }
    }
    if (fault) {
        for (unsigned i = 0; i < sizeof cfsr_names / sizeof cfsr_names[0]; i++) {
            if (cfsr & cfsr_names[i].bit) {
                cm_report_str(": ");
                cm_report_str(cfsr_names[i].what);
                if (cfsr_names[i].bit == CFSR_DACCVIOL && (cfsr & CFSR_MMARVALID)) {
                    report_reg(" at ", mmfar);
                }
                if (cfsr_names[i].bit == CFSR_PRECISERR && (cfsr & CFSR_BFARVALID)) {
                    report_reg(" at ", bfar);
                }
            }
        }
    }
    cm_report_str("\n");

    stacked = !(cfsr & (CFSR_MSTKERR | CFSR_STKERR)) && frame_readable(frame);
    if (stacked) {
        report_reg("sprig:   pc ", frame[6]);
        report_reg("  lr ", frame[5]);
        report_reg("  psr ", frame[7]);
        report_reg("  sp ", (uint32_t)frame);
        cm_report_str("\n");
        report_reg("sprig:   r0 ", frame[0]);
        report_reg("  r1 ", frame[1]);
        report_reg("  r2 ", frame[2]);
        report_reg("  r3 ", frame[3]);
        report_reg("  r12 ", frame[4]);
        cm_report_str("\n");
    } else {
        report_reg("sprig:   no readable exception frame (sp ", (uint32_t)frame);
        cm_report_str(")\n");
    }
    report_reg("sprig:   cfsr ", cfsr);
    report_reg("  hfsr ", hfsr);
    report_reg("  mmfar ", mmfar);
    report_reg("  bfar ", bfar);
    report_reg("  exc_return ", exc_return);
    cm_report_str("\nsprig:  ");
    report_context(frame, exc_return, stacked);
    cm_report_str("\n");
    port_cm_fatal(PORT_CM_EXIT_FAULT);
}

/* The stacked frame is on the stack EXC_RETURN names: MSP (bit 2 clear) or PSP. */
__attribute__((naked)) void HardFault_Handler(void)
{
    __asm__ volatile("tst   lr, #4\n\t"
                     "ite   eq\n\t"
                     "mrseq r0, msp\n\t"
                     "mrsne r0, psp\n\t"
                     "mov   r1, lr\n\t"
                     "b     cm_fault_report\n\t");
}
#else
#define STR_(x) #x
#define STR(x)  STR_(x)

/* No report: stop at once with the fault's exit code (a debugger sees the stop in
   port_cm_fatal, with the exception still active and its frame on the stack). */
__attribute__((naked)) void HardFault_Handler(void)
{
    __asm__ volatile("cpsid i\n\t"
                     "movs  r0, #" STR(PORT_CM_EXIT_FAULT) "\n\t"
                     "b     port_cm_fatal\n\t");
}
#endif

void MemManage_Handler(void) __attribute__((alias("HardFault_Handler")));
void BusFault_Handler(void) __attribute__((alias("HardFault_Handler")));
void UsageFault_Handler(void) __attribute__((alias("HardFault_Handler")));
void port_cm_unexpected_handler(void) __attribute__((alias("HardFault_Handler")));
