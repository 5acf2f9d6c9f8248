/*
 * POSIX port, AArch64 Linux: stack frames and signal-time redirection into the interrupt
 * trampoline (switch_aarch64.S), which resumes the interrupted context with rt_sigreturn.
 */
#if defined(__aarch64__)

#define _GNU_SOURCE
#include <asm/sigcontext.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <ucontext.h>

#include "arch.h"

#include "port_cpu.h"

const bool arch_async_preemption = true;

extern char arch_ctx_start[];
extern char arch_irq_trampoline[];
extern char arch_irq_redispatch[];
extern char arch_irq_after_dispatch[];
extern char arch_irq_exit_svc[];

/* What rt_sigreturn expects at sp: the kernel's rt_sigframe (siginfo, then the ucontext). */
typedef struct {
    siginfo_t  info;
    ucontext_t uc;
} irq_frame_t;

void arch_init(void)
{
}

void *arch_stack_init(void *top, void (*entry)(void *), void *arg)
{
    uintptr_t sp = ((uintptr_t)top & ~(uintptr_t)15u) - 176u;
    uint64_t *f = (uint64_t *)sp;
    memset(f, 0, 176u);
    f[0] = (uint64_t)(uintptr_t)entry;              /* x19 */
    f[1] = (uint64_t)(uintptr_t)arg;                /* x20 */
    f[11] = (uint64_t)(uintptr_t)arch_ctx_start;    /* x30 */
    return f;                                        /* FPCR 0: the ABI default */
}

/* Size of the signal context records, including an extra_context block the kernel may have
   placed after the ucontext for large SVE state. Returns the bytes to copy after `uc` and
   the record that points at them. */
static size_t extra_context(ucontext_t *uc, struct extra_context **rec)
{
    struct _aarch64_ctx *h = (struct _aarch64_ctx *)(void *)uc->uc_mcontext.__reserved;
    uint8_t *end = (uint8_t *)uc->uc_mcontext.__reserved + sizeof uc->uc_mcontext.__reserved;

    *rec = NULL;
    while ((uint8_t *)h + sizeof *h <= end && h->magic != 0) {
        if (h->magic == EXTRA_MAGIC) {
            *rec = (struct extra_context *)h;
            return (*rec)->size;
        }
        h = (struct _aarch64_ctx *)((uint8_t *)h + h->size);
    }
    return 0;
}

bool arch_irq_redirect(void *ucv, bool masked)
{
    ucontext_t *uc = ucv;
    mcontext_t *mc = &uc->uc_mcontext;
    uintptr_t pc = (uintptr_t)mc->pc;

    /* The exit path keeps PRIMASK set until its last store; an interrupt arriving there is
       taken by dispatching again from the same saved frame (sp is the frame throughout). */
    if (pc >= (uintptr_t)arch_irq_after_dispatch && pc < (uintptr_t)arch_irq_exit_svc && masked) {
        mc->pc = (uintptr_t)arch_irq_redispatch;
        return true;
    }
    if (masked) {
        return false;
    }

    struct extra_context *rec;
    size_t extra = extra_context(uc, &rec);
    uintptr_t sp = (uintptr_t)mc->sp - extra;
    uint8_t *extra_dst = (uint8_t *)sp;
    sp = (sp - sizeof(irq_frame_t)) & ~(uintptr_t)15u;
    irq_frame_t *frame = (irq_frame_t *)sp;

    memset(&frame->info, 0, sizeof frame->info);
    memcpy(&frame->uc, uc, sizeof *uc);
    if (extra) {
        struct extra_context *copy = (struct extra_context *)((uint8_t *)&frame->uc +
                                                              ((uint8_t *)rec - (uint8_t *)uc));
        memcpy(extra_dst, (void *)(uintptr_t)rec->datap, extra);
        copy->datap = (uint64_t)(uintptr_t)extra_dst;
    }
    mc->sp = sp;
    mc->pc = (uintptr_t)arch_irq_trampoline;
    return true;
}

void arch_fpctl_save(arch_fpctl_t *s)
{
    uint64_t fpcr;
    __asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
    s->v[0] = (unsigned long)fpcr;
}

void arch_fpctl_restore(const arch_fpctl_t *s)
{
    uint64_t fpcr = s->v[0];
    __asm__ volatile("msr fpcr, %0" : : "r"(fpcr));
}

void *arch_uc_pc(void *ucv)
{
    ucontext_t *uc = ucv;
    return (void *)(uintptr_t)uc->uc_mcontext.pc;
}

#endif /* __aarch64__ */
