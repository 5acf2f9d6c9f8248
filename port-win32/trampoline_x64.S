/*
 * Win32 port, x64: the interrupt trampoline.
 *
 * The interrupt thread suspends the CPU thread and, when its RIP is in the program's own image
 * and the virtual PRIMASK is clear, stores the interrupted RIP in arch_irq_resume_pc, points
 * RIP here (RSP unchanged), sets PRIMASK and resumes it. Every register but RIP therefore still
 * holds the interrupted code's value on entry. The Windows x64 ABI has no red zone: everything
 * below RSP is free, and the CPU thread writes its own stack (a fiber stack grows through its
 * guard page only for its own thread), so the frame is pushed here, not by the interrupt thread.
 *
 * Frame (arch_x64_frame.h), growing down from the interrupted RSP:
 *     frame+128  interrupted RIP   <- where a call's return address would be
 *     frame+120  RFLAGS
 *     frame+0    r15 ... rax (all fifteen GPRs)
 * below it, 64-byte aligned, the complete FP/SIMD state (XSAVE with every XCR0 component, or
 * FXSAVE without XSAVE), then the 32-byte shadow space of the call into C.
 *
 * The unwind information describes the frame as an ordinary call frame (the RIP slot as the
 * return address, the pushes as pushes, RBX as the frame register), so debuggers unwind from an
 * ISR into the interrupted task.
 *
 * Exit: PRIMASK stays set while the registers are restored, and is cleared by a single store
 * right before the final `ret`. An interrupt that finds the CPU between the dispatcher's last
 * look and that store rewinds the exit (port-host/x86_64.c) instead of being left pending: the
 * frame is still intact in memory, so the exit is restarted at arch_irq_reenter or
 * arch_irq_redispatch.
 *
 * The FP state's save and the whole exit are the POSIX port's too
 * (port-host/x86_64_trampoline.inc); the entry, the shadow space and the SEH unwind
 * annotations are the Windows x64 ABI's.
 */
#include "arch_x64_frame.h"
#include "x86_64_trampoline.inc"

    .text

/* What the interrupt thread saw in RIP; read by the first instruction of the trampoline. */
    .data
    .p2align 3
    .globl  arch_irq_resume_pc
arch_irq_resume_pc:
    .quad   0
    .text

    .globl  arch_irq_trampoline
    .def    arch_irq_trampoline; .scl 2; .type 32; .endef
    .p2align 4
    .seh_proc arch_irq_trampoline
arch_irq_trampoline:
    pushq   arch_irq_resume_pc(%rip)    /* frame+128: the "return address" */
    pushfq
    .seh_stackalloc 8
    pushq   %rax
    .seh_pushreg %rax
    pushq   %rcx
    .seh_pushreg %rcx
    pushq   %rdx
    .seh_pushreg %rdx
    pushq   %rbx
    .seh_pushreg %rbx
    pushq   %rbp
    .seh_pushreg %rbp
    pushq   %rsi
    .seh_pushreg %rsi
    pushq   %rdi
    .seh_pushreg %rdi
    pushq   %r8
    .seh_pushreg %r8
    pushq   %r9
    .seh_pushreg %r9
    pushq   %r10
    .seh_pushreg %r10
    pushq   %r11
    .seh_pushreg %r11
    pushq   %r12
    .seh_pushreg %r12
    pushq   %r13
    .seh_pushreg %r13
    pushq   %r14
    .seh_pushreg %r14
    pushq   %r15
    .seh_pushreg %r15
    .globl  arch_irq_reenter
arch_irq_reenter:
    movq    %rsp, %rbx                  /* rbx = frame, for the rest of the trampoline */
    .seh_setframe %rbx, 0
    .seh_endprologue
    cld                                 /* the ABI wants DF clear at calls; popfq restores it */
    IRQ_FPSTATE_SAVE
    subq    $32, %rsp                   /* shadow space; rsp is 16-byte aligned */
    .globl  arch_irq_redispatch
arch_irq_redispatch:
    movq    %rbx, %rcx                  /* the frame, for debuggers (port_irq_frame) */
    callq   cpu_irq_from_trampoline
    IRQ_EXIT 32, 0
    .seh_endproc
