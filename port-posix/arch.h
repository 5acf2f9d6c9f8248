/*
 * POSIX port, architecture layer: context switch, stack frames and interrupt redirection.
 * Implemented per host ISA (arch_x86_64.c + switch_x86_64.S, arch_aarch64.c +
 * switch_aarch64.S) with a ucontext fallback (arch_ucontext.c) for anything else.
 * Internal to port-posix.
 */
#ifndef PORT_POSIX_ARCH_H
#define PORT_POSIX_ARCH_H

#include <stdbool.h>
#include <stddef.h>

/* One-time probing (e.g. the size of the x86 XSAVE area). */
void arch_init(void);

/* Prepare a fresh context on the stack whose highest usable address is `top` so that switching
   to the returned stack pointer calls entry(arg) on that stack with interrupts as they are.
   `entry` must not return. */
void *arch_stack_init(void *top, void (*entry)(void *), void *arg);

/* Save the current context (callee-saved registers and FP control state), store its stack
   pointer in *save_sp, and resume the context saved at load_sp. Returns when some other context
   switches back to *save_sp. */
void arch_ctx_switch(void **save_sp, void *load_sp);

/* Abandon the current context and resume the one saved at load_sp. */
__attribute__((noreturn)) void arch_ctx_jump(void *load_sp);

/* Run fn(arg) on the stack whose top is `top`, then come back to the current stack. */
void arch_call_on_stack(void *top, void (*fn)(void *), void *arg);

/* Whether interrupts can preempt arbitrary code (false for the ucontext fallback, which takes
   interrupts only when the code unmasks them or calls into the kernel). */
extern const bool arch_async_preemption;

/*
 * Called from the CPU thread's signal handler when an interrupt should be taken. `uc` is the
 * handler's ucontext. `masked` tells whether the virtual PRIMASK is set. Returns true when the
 * interrupted context was redirected into the interrupt trampoline (which runs
 * cpu_irq_from_trampoline() and resumes the context with every register intact), false when it
 * must stay pending until the code unmasks interrupts.
 *
 * While the trampoline is restoring a context it keeps PRIMASK set; an interrupt arriving in
 * that window is taken by rewinding the exit instead of being left pending with nobody to look
 * at it.
 */
bool arch_irq_redirect(void *uc, bool masked);

/* The FP control state (rounding, exception masks) that the C ABI makes callee-saved: an ISR
   run from a plain call must leave it as it found it, as exception return does on hardware.
   x86-64: MXCSR and the x87 control word (port-host/x86_64.c); AArch64: FPCR; the ucontext
   fallback: the rounding mode. */
typedef struct {
    unsigned long v[2];
} arch_fpctl_t;
void arch_fpctl_save(arch_fpctl_t *s);
void arch_fpctl_restore(const arch_fpctl_t *s);

/* Program counter of an interrupted context (fault reports). */
void *arch_uc_pc(void *uc);

/* C side of the trampoline, on the interrupted stack, PRIMASK set. Provided by cpu.c. */
void cpu_irq_from_trampoline(void);

#endif /* PORT_POSIX_ARCH_H */
