/*
 * Win32 port, x64: the program's code range, and how the interrupt thread redirects the
 * suspended CPU thread into the trampoline (trampoline_x64.S). The FP state and the
 * trampoline's exit are the x86-64 host ports' (port-host/x86_64.c).
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include <stddef.h>

#include "arch.h"
#include "arch_x64_frame.h"
#include "x86_64.h"

#include "port_cpu.h"

const bool arch_async_preemption = true;

_Static_assert(sizeof(arch_irq_frame_t) == FRAME_SIZE, "arch_irq_frame_t matches the trampoline");
_Static_assert(offsetof(arch_irq_frame_t, rip) == FRAME_RIP, "arch_irq_frame_t matches the trampoline");
_Static_assert(offsetof(arch_irq_frame_t, rbx) == FRAME_RBX, "arch_irq_frame_t matches the trampoline");

/* Read by the trampoline. */
extern volatile uint64_t arch_irq_resume_pc;

extern char arch_irq_trampoline[];
extern char arch_irq_exit_ret[];

/* The executable sections of the image that contains this code. */
static uintptr_t image_lo, image_hi;

static void image_range(void)
{
    HMODULE self = NULL;
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                            GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                            (LPCWSTR)(void *)image_range, &self)) {
        self = GetModuleHandleW(NULL);
    }
    const uint8_t *base = (const uint8_t *)self;
    const IMAGE_DOS_HEADER *dos = (const IMAGE_DOS_HEADER *)(const void *)base;
    const IMAGE_NT_HEADERS *nt = (const IMAGE_NT_HEADERS *)(const void *)(base + dos->e_lfanew);
    const IMAGE_SECTION_HEADER *sec = IMAGE_FIRST_SECTION(nt);
    uintptr_t lo = UINTPTR_MAX, hi = 0;

    for (unsigned i = 0; i < nt->FileHeader.NumberOfSections; i++) {
        if (sec[i].Characteristics & IMAGE_SCN_MEM_EXECUTE) {
            uintptr_t s = (uintptr_t)base + sec[i].VirtualAddress;
            uintptr_t e = s + sec[i].Misc.VirtualSize;
            if (s < lo) {
                lo = s;
            }
            if (e > hi) {
                hi = e;
            }
        }
    }
    image_lo = lo;
    image_hi = hi;
}

void arch_init(void)
{
    x86_64_fpstate_probe();
    image_range();
}

bool arch_pc_in_image(uintptr_t pc)
{
    return pc >= image_lo && pc < image_hi;
}

arch_irq_result_t arch_irq_redirect(void *ctxv, bool masked)
{
    CONTEXT *ctx = ctxv;
    uintptr_t pc = (uintptr_t)ctx->Rip;
    uintptr_t sp = (uintptr_t)ctx->Rsp;

    /* in the trampoline's exit, with PRIMASK still set: dispatch again from its frame */
    if (x86_64_irq_exit_rewind(&pc, &sp, (uintptr_t)ctx->Rbx)) {
        ctx->Rsp = (DWORD64)sp;
        ctx->Rip = (DWORD64)pc;
        return ARCH_IRQ_REDIRECTED;
    }

    if (masked) {
        return ARCH_IRQ_MASKED;
    }
    if (pc == (uintptr_t)arch_irq_exit_ret) {
        /* About to return from an interrupt with every register restored: finish that return
           here instead of stacking a second frame on top of the first. The word was written
           by the CPU thread itself, so its page is committed. */
        pc = (uintptr_t)*(volatile uint64_t *)sp;
        sp += 8u;
    }
    if (!arch_pc_in_image(pc)) {
        return ARCH_IRQ_NOT_HERE;
    }
    arch_irq_resume_pc = pc;
    ctx->Rsp = (DWORD64)sp;
    ctx->Rip = (DWORD64)(uintptr_t)arch_irq_trampoline;
    return ARCH_IRQ_REDIRECTED;
}

void arch_fpctl_restore_if_changed(const arch_fpctl_t *s)
{
    arch_fpctl_t now;
    arch_fpctl_save(&now);
    if (now.v[0] != s->v[0] || now.v[1] != s->v[1]) {
        arch_fpctl_restore(s);
    }
}

uintptr_t arch_ctx_pc(const void *ctx)
{
    return (uintptr_t)((const CONTEXT *)ctx)->Rip;
}

uintptr_t arch_ctx_sp(const void *ctx)
{
    return (uintptr_t)((const CONTEXT *)ctx)->Rsp;
}
