/*
 * Sprig Win32 port: CPU types and the virtual interrupt mask.
 *
 * One host thread is the simulated CPU; every task is a Windows fiber on it. Interrupt masking
 * is a variable owned by that thread (a virtual PRIMASK): disabling interrupts is a store,
 * enabling them checks whether an interrupt became pending meanwhile and takes it right there,
 * as the hardware does. No system call is made for a critical section.
 *
 * The port's interrupt thread reads PRIMASK (and may set it, together with
 * port_cpu_attention) only while the CPU thread is suspended, so the CPU thread needs nothing
 * stronger than compiler fences (a suspension is a full barrier).
 *
 * Included by kernel/include/port.h; applications should use the TOS_CPU_* macros instead.
 */
#ifndef PORT_CPU_H
#define PORT_CPU_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uintptr_t cpu_addr_t;
typedef uint32_t  cpu_data_t;
typedef uint32_t  cpu_cpsr_t;

/* Host ports default to a 64-bit tick (a 1 kHz 32-bit tick wraps in 49 simulated days). */
#define PORT_TICK_64BIT_DEFAULT      1

/* Smallest stk_size accepted by tos_task_create: the same as a Cortex-M context frame, so an
   app that is valid on the board is valid here and vice versa. */
#define PORT_TASK_STK_SIZE_MIN       64u

/* Every task runs on a fiber stack the port creates: the stk_size the app asked for plus this
   headroom, because host frames (the C runtime, Win32) are far larger than an MCU's. The
   stack is reserved at that size (Windows rounds the reservation up to its allocation
   granularity, 64 KiB; Wine to at least 1 MiB) and committed as it grows. Override in
   tos_config.h. */
#ifndef PORT_HOST_STACK_HEADROOM
#  define PORT_HOST_STACK_HEADROOM   (64u * 1024u)
#endif

/* Per-task port data, embedded in k_task_t: the task's fiber and stack, and a number given in
   creation order (1, 2, ...) that names the task in traces and debugger views. */
#define PORT_TASK_FIELDS             struct port_stack *port_stack; uint32_t port_task_id;

/* The kernel's trace hooks (tos_trace.h) are compiled in and forwarded to the simulator's
   trace writer (--trace=FILE). `#define PORT_TRACE_EN 0` in tos_config.h compiles them out. */
#ifndef PORT_TRACE_EN
#define PORT_TRACE_EN                1
#endif

/* The virtual PRIMASK and the "look at the interrupt controller" flag. */
extern volatile uint32_t port_cpu_primask;
extern volatile uint32_t port_cpu_attention;

/* Interrupt handlers currently running (nesting depth); non-zero means ISR context. */
extern volatile uint32_t port_cpu_irq_depth;

/* Whether the CPU is running an interrupt handler (like reading IPSR on Cortex-M). */
static inline int port_in_isr(void)
{
    return port_cpu_irq_depth != 0u;
}

/* Take whatever became pending while interrupts were masked. */
void port_cpu_service(void);

static inline cpu_cpsr_t port_cpsr_save(void)
{
    cpu_cpsr_t old = port_cpu_primask;
    port_cpu_primask = 1u;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    return old;
}

static inline void port_cpsr_restore(cpu_cpsr_t cpsr)
{
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    port_cpu_primask = cpsr;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    if (cpsr == 0u && port_cpu_attention != 0u) {
        port_cpu_service();
    }
}

#ifdef __cplusplus
}
#endif

#endif /* PORT_CPU_H */
