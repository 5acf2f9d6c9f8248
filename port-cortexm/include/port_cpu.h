/*
 * Sprig Cortex-M port (ARMv7-M: Cortex-M3, Cortex-M4/M4F): CPU types and critical sections.
 *
 * Kernel critical sections raise BASEPRI to PORT_CM_BASEPRI instead of setting PRIMASK, so an
 * interrupt more urgent than that (a numerically lower priority) is never delayed by the
 * kernel. Such "zero-latency" interrupts must not call the kernel. Every interrupt that does
 * call it (the tick, device ISRs using tos_* calls) must have a priority value of at least
 * PORT_CM_BASEPRI.
 *
 * Included by kernel/include/port.h through tos_k.h; applications use the TOS_CPU_* macros.
 */
#ifndef PORT_CPU_H
#define PORT_CPU_H

#include <stddef.h>
#include <stdint.h>

#include "board_config.h"   /* the board's clock and NVIC width (SPRIG_BOARD_*) */

#ifdef __cplusplus
extern "C" {
#endif

typedef uint32_t cpu_addr_t;
typedef uint32_t cpu_data_t;
typedef uint32_t cpu_cpsr_t;    /* the BASEPRI value to restore */

/* 32-bit tick: a 1 kHz tick wraps after 49 days, which the kernel's signed compares handle. */
#define PORT_TICK_64BIT_DEFAULT      0

/* With an FPU the port saves s16-s31 of tasks that used it (lazy stacking does the rest). */
#if defined(__ARM_FP)
#define PORT_CM_FPU                  1
#else
#define PORT_CM_FPU                  0
#endif

/* Smallest stk_size tos_task_create accepts: the initial context frame (8 words the hardware
   pops, 8 callee-saved registers, and the EXC_RETURN word with an FPU), the overflow canary
   word below it, and up to 10 bytes lost aligning a byte array (bottom to 4, top to 8). */
#if PORT_CM_FPU
#define PORT_TASK_STK_SIZE_MIN       88u
#else
#define PORT_TASK_STK_SIZE_MIN       80u
#endif

/* errno per task: newlib keeps one errno for the whole program, so the context switch saves
   the outgoing task's and restores the incoming one's (4 bytes per task). 0 saves that. */
#ifndef PORT_CM_ERRNO_PER_TASK
#define PORT_CM_ERRNO_PER_TASK       1
#endif
#define PORT_ERRNO_PER_TASK          PORT_CM_ERRNO_PER_TASK

#if PORT_CM_ERRNO_PER_TASK
#define PORT_TASK_FIELDS             int port_errno;
#else
#define PORT_TASK_FIELDS
#endif

/* Priority (NVIC encoding, 0 most urgent) at and below which the kernel masks interrupts.
   Interrupts with a numerically lower priority are never masked and must not use the kernel.
   Must be non-zero and representable in the board's SPRIG_BOARD_NVIC_PRIO_BITS. Override in
   tos_config.h with a plain integer literal (no u suffix: the switch code's assembly uses it). */
#ifndef PORT_CM_BASEPRI
#define PORT_CM_BASEPRI              0x20
#endif
#if PORT_CM_BASEPRI == 0u || PORT_CM_BASEPRI > 0xFFu
#error "PORT_CM_BASEPRI must be between 1 and 255 (0 would mask nothing)"
#endif
#if (PORT_CM_BASEPRI & ((1u << (8u - SPRIG_BOARD_NVIC_PRIO_BITS)) - 1u)) != 0u
#error "PORT_CM_BASEPRI uses priority bits this board's NVIC does not implement (SPRIG_BOARD_NVIC_PRIO_BITS)"
#endif

/* Tickless idle: while idle, SysTick is reprogrammed to fire at the kernel's next deadline
   instead of every tick. 0 keeps the periodic tick (and WFI between ticks). */
#ifndef PORT_CM_TICKLESS
#define PORT_CM_TICKLESS             1
#endif
/* Without it port_idle does not use the kernel's deadline: the kernel need not work it out. */
#define PORT_IDLE_DEADLINE_EN        PORT_CM_TICKLESS

/* The timer task runs timer callbacks, which often print: newlib's printf needs about 500
   bytes of stack on its own here, so the kernel's 512-byte default is raised unless
   tos_config.h sets a size. */
#ifndef TOS_CFG_TIMER_TASK_STK_SIZE
#define TOS_CFG_TIMER_TASK_STK_SIZE  1024u
#endif

/* Check the outgoing task's stack on every context switch (saved sp within the stack, canary
   word at its bottom intact); an overflow is reported with the task's name. 0 also leaves the
   canary out of a new task's stack (nothing else reads it, unless the draught depth fill is on). */
#ifndef PORT_CM_STACK_CHECK
#define PORT_CM_STACK_CHECK          1
#endif

/* The fatal reports: 1 prints them on the console (a fault decoded from the fault status
   registers, with the exception frame and the task; a panic with its message, file, line and
   task; a stack overflow with the task and its stack). 0 prints nothing: every fatal error
   stops at once through port_cm_fatal with its exit code (PORT_CM_EXIT_FAULT, _PANIC,
   _STACK), about 2.4 KB less code than 1. */
#ifndef PORT_CM_FAULT_REPORT
#define PORT_CM_FAULT_REPORT         1
#endif

/* The CPU clock SysTick counts, unless tos_config.h sets it: the board's. */
#ifndef TOS_CFG_CPU_CLOCK
#define TOS_CFG_CPU_CLOCK            SPRIG_BOARD_CPU_CLOCK_HZ
#endif

/* Whether the CPU is running an exception handler: IPSR holds its number, 0 in thread mode. */
static inline int port_in_isr(void)
{
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    return ipsr != 0u;
}

/* Both context switch calls of the port contract only pend PendSV (ICSR.PENDSVSET): one store,
   inline. From a task the switch happens when the caller unmasks, from an ISR once the last ISR
   has returned (switch.c). */
static inline void port_cm_pendsv(void)
{
    *(volatile uint32_t *)0xE000ED04u = 1u << 28;
}
#define port_context_switch          port_cm_pendsv
#define port_irq_context_switch      port_cm_pendsv

/* Interrupt nesting: 1 lets the kernel count it (tos_knl_irq_enter/leave), as on any port; 0
   relies on the hardware: IPSR says whether an ISR runs, and PendSV, the least urgent
   exception, switches only once the outermost ISR has returned, so every tos_knl_irq_leave may
   ask for the switch (less code; tos_knl_irq_enter then does nothing). */
#ifndef PORT_CM_IRQ_NEST_COUNT
#define PORT_CM_IRQ_NEST_COUNT       1
#endif
#if PORT_CM_IRQ_NEST_COUNT
#define PORT_IRQ_NEST_HW             0
#else
#define PORT_IRQ_NEST_HW             1
#endif

/* Kernel critical sections inline (1), or calls to the two functions in cpu.c (0): about 10
   bytes less code per critical section, for a call and a return more in each. */
#ifndef PORT_CM_CRITICAL_INLINE
#define PORT_CM_CRITICAL_INLINE      1
#endif

#if PORT_CM_CRITICAL_INLINE
#define PORT_CM_CRITICAL_STATIC      static inline
#else
#define PORT_CM_CRITICAL_STATIC
cpu_cpsr_t port_cpsr_save(void);
void       port_cpsr_restore(cpu_cpsr_t cpsr);
#endif

#if PORT_CM_CRITICAL_INLINE || defined(PORT_CM_CRITICAL_DEFINE)
/* BASEPRI_MAX only ever raises the mask, so a caller that masked more than the kernel does
   keeps its mask. The ISB makes the new mask hold for the very next instruction. */
PORT_CM_CRITICAL_STATIC cpu_cpsr_t port_cpsr_save(void)
{
    uint32_t old;
    uint32_t mask = PORT_CM_BASEPRI;
    __asm__ volatile("mrs %0, basepri\n\t"
                     "msr basepri_max, %1\n\t"
                     "isb"
                     : "=&r"(old) : "r"(mask) : "memory");
    return old;
}

/* Lowering BASEPRI lets a pending interrupt (or PendSV) in: the ISB makes it happen here. */
PORT_CM_CRITICAL_STATIC void port_cpsr_restore(cpu_cpsr_t cpsr)
{
    __asm__ volatile("msr basepri, %0\n\t"
                     "isb"
                     : : "r"(cpsr) : "memory");
}
#endif

#ifdef __cplusplus
}
#endif

#endif /* PORT_CPU_H */
