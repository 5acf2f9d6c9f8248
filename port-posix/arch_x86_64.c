/*
 * POSIX port, x86-64: stack frames, FP-state probing and signal-time redirection into the
 * interrupt trampoline (switch_x86_64.S).
 */
#if defined(__x86_64__)

#define _GNU_SOURCE
#include <cpuid.h>
#include <signal.h>
#include <stdint.h>
#include <ucontext.h>

#include "arch.h"
#include "arch_x86_64_frame.h"

#include "port_cpu.h"

const bool arch_async_preemption = true;

/* Read by the trampoline. */
uint32_t arch_fpstate_size = 576u;
uint8_t  arch_have_xsave;

extern char arch_ctx_start[];
extern char arch_irq_trampoline[];
extern char arch_irq_reenter[];
extern char arch_irq_redispatch[];
extern char arch_irq_after_dispatch[];
extern char arch_irq_fp_restored[];
extern char arch_irq_exit_gprs[];
extern char arch_irq_exit_lea[];
extern char arch_irq_exit_popf[];
extern char arch_irq_exit_unmask[];
extern char arch_irq_exit_ret[];

void arch_init(void)
{
    unsigned a, b, c, d;
    if (__get_cpuid(1, &a, &b, &c, &d) && (c & bit_OSXSAVE) &&
        __get_cpuid_count(0xD, 0, &a, &b, &c, &d) && b >= 576u) {
        /* EBX of leaf 0xD/0: bytes needed for the features the OS enabled in XCR0 */
        arch_have_xsave = 1;
        arch_fpstate_size = b;
    }
}

void *arch_stack_init(void *top, void (*entry)(void *), void *arg)
{
    uintptr_t sp = (uintptr_t)top & ~(uintptr_t)15u;
    uint64_t *f = (uint64_t *)(sp - 8u * 8u);
    f[0] = 0x037Fu | ((uint64_t)0x1F80u << 32);   /* x87 CW, MXCSR: the ABI's initial values */
    f[1] = 0;                                      /* r15 */
    f[2] = 0;                                      /* r14 */
    f[3] = (uint64_t)(uintptr_t)arg;               /* r13 */
    f[4] = (uint64_t)(uintptr_t)entry;             /* r12 */
    f[5] = 0;                                      /* rbx */
    f[6] = 0;                                      /* rbp */
    f[7] = (uint64_t)(uintptr_t)arch_ctx_start;    /* return address */
    return f;
}

static inline int in_range(uintptr_t pc, const char *lo, const char *hi)
{
    return pc >= (uintptr_t)lo && pc < (uintptr_t)hi;
}

bool arch_irq_redirect(void *ucv, bool masked)
{
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    uintptr_t pc = (uintptr_t)g[REG_RIP];
    uintptr_t sp = (uintptr_t)g[REG_RSP];

    /*
     * The trampoline's exit keeps PRIMASK set until its last instruction. An interrupt that
     * arrives there is taken by rewinding: the interrupted context's frame is still intact in
     * memory, so dispatch again from it.
     */
    if (in_range(pc, arch_irq_after_dispatch, arch_irq_fp_restored)) {
        g[REG_RIP] = (greg_t)(uintptr_t)arch_irq_redispatch;   /* RSP is the FP area: keep */
        return true;
    }
    uintptr_t frame = 0;
    if (in_range(pc, arch_irq_fp_restored, arch_irq_exit_gprs)) {
        frame = (uintptr_t)g[REG_RBX];
    } else if (in_range(pc, arch_irq_exit_gprs, arch_irq_exit_popf)) {
        frame = sp;
    } else if (pc == (uintptr_t)arch_irq_exit_popf) {
        frame = sp - FRAME_RFLAGS;
    } else if (pc == (uintptr_t)arch_irq_exit_unmask) {
        frame = sp - FRAME_RIP;
    }
    if (frame) {
        g[REG_RSP] = (greg_t)frame;
        g[REG_RIP] = (greg_t)(uintptr_t)arch_irq_reenter;
        return true;
    }

    if (masked) {
        return false;
    }

    if (pc == (uintptr_t)arch_irq_exit_ret) {
        /* About to return from an interrupt with every register restored: finish that return
           here instead of stacking a second frame on top of the first. */
        pc = *(uint64_t *)sp;
        sp += 8u + FRAME_REDZONE;
    }

    sp -= FRAME_REDZONE + 8u;
    *(uint64_t *)sp = pc;
    g[REG_RSP] = (greg_t)sp;
    g[REG_RIP] = (greg_t)(uintptr_t)arch_irq_trampoline;
    return true;
}

void arch_fpctl_save(arch_fpctl_t *s)
{
    uint32_t mxcsr;
    uint16_t cw;
    __asm__ volatile("stmxcsr %0\n\tfnstcw %1" : "=m"(mxcsr), "=m"(cw));
    s->v[0] = mxcsr;
    s->v[1] = cw;
}

void arch_fpctl_restore(const arch_fpctl_t *s)
{
    uint32_t mxcsr = (uint32_t)s->v[0];
    uint16_t cw = (uint16_t)s->v[1];
    __asm__ volatile("ldmxcsr %0\n\tfldcw %1" : : "m"(mxcsr), "m"(cw));
}

void *arch_uc_pc(void *ucv)
{
    ucontext_t *uc = ucv;
    return (void *)(uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
}

#endif /* __x86_64__ */
