/*
 * POSIX port, x86-64: stack frames and signal-time redirection into the interrupt trampoline
 * (switch_x86_64.S). The FP state and the trampoline's exit are the x86-64 host ports'
 * (port-host/x86_64.c).
 */
#if defined(__x86_64__)

#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <ucontext.h>

#include "arch.h"
#include "arch_x86_64_frame.h"
#include "x86_64.h"

#include "port_cpu.h"

const bool arch_async_preemption = true;

extern char arch_ctx_start[];
extern char arch_irq_trampoline[];
extern char arch_irq_exit_ret[];

void arch_init(void)
{
    x86_64_fpstate_probe();
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

bool arch_irq_redirect(void *ucv, bool masked)
{
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    uintptr_t pc = (uintptr_t)g[REG_RIP];
    uintptr_t sp = (uintptr_t)g[REG_RSP];

    /* in the trampoline's exit, with PRIMASK still set: dispatch again from its frame */
    if (x86_64_irq_exit_rewind(&pc, &sp, (uintptr_t)g[REG_RBX])) {
        g[REG_RSP] = (greg_t)sp;
        g[REG_RIP] = (greg_t)pc;
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

void *arch_uc_pc(void *ucv)
{
    ucontext_t *uc = ucv;
    return (void *)(uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
}

#endif /* __x86_64__ */
