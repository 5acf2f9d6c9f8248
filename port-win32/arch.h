/*
 * Win32 port, architecture layer (x64): the interrupt trampoline, how the interrupt thread
 * redirects the suspended CPU thread into it, the FP control state, and the range of the
 * program's own code. Internal to port-win32.
 */
#ifndef PORT_WIN32_ARCH_H
#define PORT_WIN32_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One-time probing: the XSAVE area size, the program's code range. */
void arch_init(void);

/* Interrupts preempt arbitrary code of the program (a pure spin loop included). */
extern const bool arch_async_preemption;

/* Whether `pc` is in the executable sections of the program's own image (the .exe that
   contains the port), as opposed to Windows/Wine DLL code. */
bool arch_pc_in_image(uintptr_t pc);

/*
 * Called by the interrupt thread with the CPU thread suspended. `ctx` is the CPU thread's
 * CONTEXT (CONTEXT_CONTROL | CONTEXT_INTEGER), `masked` whether the virtual PRIMASK is set.
 *
 *   ARCH_IRQ_REDIRECTED   ctx now resumes in the interrupt trampoline (write it back with
 *                         SetThreadContext, then set PRIMASK as exception entry does). Also
 *                         returned when the CPU was in the trampoline's exit sequence: the exit
 *                         is rewound to dispatch again from the same frame.
 *   ARCH_IRQ_MASKED       interrupts are masked: leave the interrupt pending and set
 *                         port_cpu_attention; the CPU takes it when it unmasks.
 *   ARCH_IRQ_NOT_HERE     unmasked, but the CPU is outside the program's image (in Windows,
 *                         Wine or C runtime DLL code, which may hold a loader, heap or CRT
 *                         lock): resume it untouched and try again a moment later.
 *
 * Touches nothing but `ctx`, a variable of the port and (for the return-in-progress case) one
 * word of the CPU's stack the CPU thread wrote itself: no C runtime, no heap, no lock.
 */
typedef enum {
    ARCH_IRQ_REDIRECTED,
    ARCH_IRQ_MASKED,
    ARCH_IRQ_NOT_HERE,
} arch_irq_result_t;
arch_irq_result_t arch_irq_redirect(void *ctx, bool masked);

/* The FP control state the x64 ABI makes callee-saved: v[0] MXCSR, v[1] the x87 control word
   (the POSIX port's layout: port-host/x86_64.c saves and restores it for both). An ISR run
   from a plain call must leave it as it found it, as exception return does on hardware, and
   every task has its own. */
typedef struct {
    unsigned long v[2];
} arch_fpctl_t;
void arch_fpctl_save(arch_fpctl_t *s);
void arch_fpctl_restore(const arch_fpctl_t *s);
/* The same, skipping the (serialising) loads when nothing changed: the common case on a
   context switch. */
void arch_fpctl_restore_if_changed(const arch_fpctl_t *s);

/* Program counter and stack pointer of a CONTEXT (fault reports). */
uintptr_t arch_ctx_pc(const void *ctx);
uintptr_t arch_ctx_sp(const void *ctx);

/* The running fiber and the thread's NT_TIB (TEB), read from GS like GetCurrentFiber() and
   NtCurrentTeb() do; spelled out here because GCC 12 warns (-Warray-bounds) about the mingw-w64
   headers' __readgsqword at optimisation levels above -O1. */
static inline void *arch_current_fiber(void)
{
    void *fiber;
    __asm__("movq %%gs:0x20, %0" : "=r"(fiber));
    return fiber;
}

static inline void *arch_current_tib(void)
{
    void *tib;
    __asm__("movq %%gs:0x30, %0" : "=r"(tib));
    return tib;
}

/* The registers of an interrupted context, as the trampoline saved them (arch_x64_frame.h);
   the interrupted RSP is the frame's address + sizeof(arch_irq_frame_t). */
typedef struct {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8, rdi, rsi, rbp, rbx, rdx, rcx, rax;
    uint64_t rflags;
    uint64_t rip;
} arch_irq_frame_t;

/* C side of the trampoline, on the interrupted stack, PRIMASK set. Provided by cpu.c. */
void cpu_irq_from_trampoline(const arch_irq_frame_t *frame);

#endif /* PORT_WIN32_ARCH_H */
