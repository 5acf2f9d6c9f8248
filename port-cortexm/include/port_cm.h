/*
 * Sprig Cortex-M port: what the port offers boards, test harnesses and apps beyond the kernel
 * contract (kernel/include/port.h). Plain C types only, so board start-up code can include it
 * without a kernel configuration.
 *
 * What the port needs from a board (see docs/porting.md, "Cortex-M"):
 *   board_config.h              SPRIG_BOARD_CPU_CLOCK_HZ, SPRIG_BOARD_NVIC_PRIO_BITS
 *   board_console_write()       the fault and panic reports go there (polled, any context)
 *   board_exit()                how a fatal error ends the run (QEMU: semihosting exit)
 *   linker symbols              __sprig_ram_start, __sprig_ram_end: where stacks may live
 *   vector table                PendSV_Handler, SysTick_Handler and the four fault handlers
 *                               below, and a call to port_cm_early_init() before main()
 */
#ifndef PORT_CM_H
#define PORT_CM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Exit codes of a run (semihosting SYS_EXIT_EXTENDED under QEMU). QEMU exits 0 when it is
   killed, so success is a distinctive non-zero code. */
#define PORT_CM_EXIT_PASS       0x53    /* 'S': the run succeeded */
#define PORT_CM_EXIT_FAIL       0x01    /* a test reported failures */
#define PORT_CM_EXIT_FAULT      0x46    /* 'F': a fault (HardFault, MemManage, BusFault, ...) */
#define PORT_CM_EXIT_STACK      0x4F    /* 'O': a task overflowed its stack */
#define PORT_CM_EXIT_PANIC      0x50    /* 'P': a kernel assertion failed (port_panic) */

/* Called by the board's reset handler before main(): enables the separate fault handlers,
   divide-by-zero trapping and (on M4F) the FPU with lazy stacking. */
void port_cm_early_init(void);

/* Exception handlers the board's vector table must point to. */
void PendSV_Handler(void);
void SysTick_Handler(void);
void HardFault_Handler(void);
void MemManage_Handler(void);
void BusFault_Handler(void);
void UsageFault_Handler(void);
/* For vector table slots nobody claimed: reports "unexpected exception N" as a fault. */
void port_cm_unexpected_handler(void);

/* Leave the kernel from any task or interrupt: tos_knl_start() returns to its caller, in
   whatever mode the CPU was (a handler stays active) and with PRIMASK set, so the caller may
   only report and then reset (port_cm_system_reset). Used by the test runner. */
__attribute__((noreturn)) void port_cm_halt(void);

/* Reset the whole system (AIRCR.SYSRESETREQ). */
__attribute__((noreturn)) void port_cm_system_reset(void);

/* A fatal error (fault, stack overflow, panic) has been reported on the console; `code` is one
   of the PORT_CM_EXIT_* codes. The default (weak) calls board_exit(code); a test runner may
   override it to record the crash and carry on. Must not return. */
__attribute__((noreturn)) void port_cm_fatal(int code);

/* NVIC priority for an interrupt that uses the kernel, from a kernel-relative priority `prio`
   (0 most urgent .. 255): spread over the levels the NVIC implements from PORT_CM_BASEPRI
   down, keeping the order, so no such interrupt is ever above the kernel's mask. */
uint8_t port_cm_kernel_irq_prio(uint8_t prio);

/* Ticks the kernel has counted since tos_knl_start (wraps). ISR-safe. */
uint32_t port_cm_ticks(void);

/* How many times the CPU has gone to sleep in port_idle/port_cpu_lpwr_enter. */
uint32_t port_cm_idle_count(void);

/* ---- tickless support for a board's wake-up alarm (TOS_CFG_TICKLESS_EN) ----
   Between port_systick_suspend and port_systick_resume the kernel runs the board's alarm.
   An alarm that uses another timer (one that keeps counting in deep sleep) calls
   port_cm_sleep_cycles() in setup() to learn how many CPU clock cycles away the tick boundary
   `ms` milliseconds ahead is (wake at or a little before it, never after), and reports how
   many cycles really passed with port_cm_sleep_elapsed() in dismiss(); resume then accounts
   the ticks and restarts SysTick in phase. The port's own alarm, port_cm_systick_alarm
   (port_cm_tickless.h), uses SysTick itself and is right for modes where the core clock runs. */
uint32_t port_cm_sleep_cycles(uint32_t ms);
void     port_cm_sleep_elapsed(uint32_t cycles);

#ifdef __cplusplus
}
#endif

#endif /* PORT_CM_H */
