/*
 * Sprig host ports (port-posix, port-win32): CPU types and the virtual interrupt mask.
 *
 * One host thread is the simulated CPU (on Windows every task is a fiber on it). Interrupt
 * masking is a variable owned by that thread (a virtual PRIMASK): disabling interrupts is a
 * store, enabling them checks whether an interrupt became pending meanwhile and takes it right
 * there, as the hardware does. No system call is made for a critical section.
 *
 * Besides the CPU thread, only the interrupt delivery touches PRIMASK and port_cpu_attention:
 * on POSIX a signal handler on the CPU thread itself, on Windows the interrupt thread while the
 * CPU thread is suspended (a suspension is a full barrier). Either way the CPU thread needs
 * nothing stronger than volatile accesses and compiler (signal) fences.
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

/* Host ports default to a 64-bit tick: a 1 kHz tick would wrap a 32-bit counter in 49 days of
   simulated time, which a test can reach in seconds. */
#define PORT_TICK_64BIT_DEFAULT      1

/* Smallest stk_size accepted by tos_task_create: the same as a Cortex-M context frame, so an
   app that is valid on the board is valid here and vice versa. */
#define PORT_TASK_STK_SIZE_MIN       64u

/* Every task runs on a stack the port creates: the stk_size the app asked for plus this
   headroom, because host frames (libc or the C runtime, sanitizers, Win32) are far larger than
   an MCU's. POSIX maps exactly that much above a guard region; Windows reserves a fiber stack of
   that size, rounded up to its allocation granularity (64 KiB; Wine: at least 1 MiB), and
   commits it as it grows. Override in tos_config.h. */
#ifndef PORT_HOST_STACK_HEADROOM
#  if defined(__SANITIZE_ADDRESS__)
#    define PORT_HOST_STACK_HEADROOM (256u * 1024u)
#  elif defined(__has_feature)
#    if __has_feature(address_sanitizer)
#      define PORT_HOST_STACK_HEADROOM (256u * 1024u)
#    endif
#  endif
#endif
#ifndef PORT_HOST_STACK_HEADROOM
#  define PORT_HOST_STACK_HEADROOM   (64u * 1024u)
#endif

/* The context switch keeps errno per task (host errno is per thread, and one thread runs every
   task). */
#define PORT_ERRNO_PER_TASK          1

/* Per-task port data, embedded in k_task_t: the stack (POSIX: a mapping; Windows: a fiber) the
   port created, and a number given in creation order (1, 2, ...) that names the task in traces
   and debugger views. */
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
