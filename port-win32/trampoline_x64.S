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
 * look and that store rewinds the exit (arch_x64.c) instead of being left pending: the frame is
 * still intact in memory, so the exit is restarted at arch_irq_reenter or arch_irq_redispatch.
 */
#include "arch_x64_frame.h"

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
    movl    arch_fpstate_size(%rip), %eax
    subq    %rax, %rsp
    andq    $-64, %rsp
    /* XSAVE requires the header's reserved bytes to be zero. */
    xorl    %eax, %eax
    movq    %rax, 512(%rsp)
    movq    %rax, 520(%rsp)
    movq    %rax, 528(%rsp)
    movq    %rax, 536(%rsp)
    movq    %rax, 544(%rsp)
    movq    %rax, 552(%rsp)
    movq    %rax, 560(%rsp)
    movq    %rax, 568(%rsp)
    movl    $-1, %eax
    movl    $-1, %edx
    cmpb    $0, arch_have_xsave(%rip)
    je      1f
    xsave64 (%rsp)
    jmp     2f
1:  fxsave64 (%rsp)
2:  subq    $32, %rsp                   /* shadow space; rsp is 16-byte aligned */
    .globl  arch_irq_redispatch
arch_irq_redispatch:
    movq    %rbx, %rcx                  /* the frame, for debuggers (port_irq_frame) */
    callq   cpu_irq_from_trampoline
    .globl  arch_irq_after_dispatch
arch_irq_after_dispatch:
    /* Something became pending after the dispatcher's last look: go round again. */
    cmpl    $0, port_cpu_attention(%rip)
    jne     arch_irq_redispatch
    movl    $-1, %eax
    movl    $-1, %edx
    cmpb    $0, arch_have_xsave(%rip)
    je      3f
    xrstor64 32(%rsp)
    jmp     4f
3:  fxrstor64 32(%rsp)
4:
    .globl  arch_irq_fp_restored
arch_irq_fp_restored:
    movq    %rbx, %rsp
    .globl  arch_irq_exit_gprs
arch_irq_exit_gprs:
    movq    FRAME_R15(%rsp), %r15
    movq    FRAME_R14(%rsp), %r14
    movq    FRAME_R13(%rsp), %r13
    movq    FRAME_R12(%rsp), %r12
    movq    FRAME_R11(%rsp), %r11
    movq    FRAME_R10(%rsp), %r10
    movq    FRAME_R9(%rsp), %r9
    movq    FRAME_R8(%rsp), %r8
    movq    FRAME_RDI(%rsp), %rdi
    movq    FRAME_RSI(%rsp), %rsi
    movq    FRAME_RBP(%rsp), %rbp
    movq    FRAME_RBX(%rsp), %rbx
    movq    FRAME_RDX(%rsp), %rdx
    movq    FRAME_RCX(%rsp), %rcx
    movq    FRAME_RAX(%rsp), %rax
    leaq    FRAME_RFLAGS(%rsp), %rsp
    .globl  arch_irq_exit_popf
arch_irq_exit_popf:
    popfq
    .globl  arch_irq_exit_unmask
arch_irq_exit_unmask:
    movl    $0, port_cpu_primask(%rip)
    .globl  arch_irq_exit_ret
arch_irq_exit_ret:
    ret
    .seh_endproc
