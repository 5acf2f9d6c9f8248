/*
 * The x86-64 host ports' shared architecture code (x86_64.h): FP state probing, the FP control
 * words (arch_fpctl_*, arch.h), and the rewind of the interrupt trampoline's exit.
 */
#include <cpuid.h>

#include "arch.h"
#include "x86_64.h"
#include "x86_64_frame.h"

_Static_assert(sizeof(((arch_fpctl_t *)0)->v) / sizeof(((arch_fpctl_t *)0)->v[0]) >= 2,
               "arch_fpctl_t holds MXCSR and the x87 control word");

uint32_t arch_fpstate_size = 576u;
uint8_t  arch_have_xsave;

/* The exit window's labels (x86_64_trampoline.inc), and where an exit is rewound to. */
extern char arch_irq_reenter[];
extern char arch_irq_redispatch[];
extern char arch_irq_after_dispatch[];
extern char arch_irq_fp_restored[];
extern char arch_irq_exit_gprs[];
extern char arch_irq_exit_popf[];
extern char arch_irq_exit_unmask[];

void x86_64_fpstate_probe(void)
{
    unsigned a, b, c, d;
    if (__get_cpuid(1, &a, &b, &c, &d) && (c & bit_OSXSAVE) &&
        __get_cpuid_count(0xD, 0, &a, &b, &c, &d) && b >= 576u) {
        /* EBX of leaf 0xD/0: bytes needed for the features the OS enabled in XCR0 */
        arch_have_xsave = 1;
        arch_fpstate_size = b;
    }
}

/* MXCSR and the x87 control word: what the ABIs make callee-saved of the FP state. */
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

static inline bool in_range(uintptr_t pc, const char *lo, const char *hi)
{
    return pc >= (uintptr_t)lo && pc < (uintptr_t)hi;
}

bool x86_64_irq_exit_rewind(uintptr_t *pc, uintptr_t *sp, uintptr_t rbx)
{
    uintptr_t frame = 0;

    if (in_range(*pc, arch_irq_after_dispatch, arch_irq_fp_restored)) {
        *pc = (uintptr_t)arch_irq_redispatch;   /* RSP is the FP area (and shadow space): keep */
        return true;
    }
    if (in_range(*pc, arch_irq_fp_restored, arch_irq_exit_gprs)) {
        frame = rbx;
    } else if (in_range(*pc, arch_irq_exit_gprs, arch_irq_exit_popf)) {
        frame = *sp;
    } else if (*pc == (uintptr_t)arch_irq_exit_popf) {
        frame = *sp - FRAME_RFLAGS;
    } else if (*pc == (uintptr_t)arch_irq_exit_unmask) {
        frame = *sp - FRAME_RIP;
    }
    if (!frame) {
        return false;
    }
    *sp = frame;
    *pc = (uintptr_t)arch_irq_reenter;
    return true;
}
