/*
 * POSIX port, x86-64 (System V ABI): context switch and interrupt trampoline.
 *
 * Voluntary switch frame (what arch_ctx_switch leaves at the saved stack pointer):
 *     +0  x87 control word (16 bits), +4 MXCSR
 *     +8  r15, r14, r13, r12, rbx, rbp
 *     +56 return address
 * Only callee-saved state is kept: the caller of arch_ctx_switch expects the rest clobbered.
 *
 * Interrupt frame (built when a signal redirects a running context, see arch_x86_64.c):
 *     the handler skips the 128-byte red zone below the interrupted RSP and pushes the
 *     interrupted RIP; the trampoline then pushes RFLAGS and all fifteen GPRs and saves the
 *     complete FP/SIMD state with XSAVE (FXSAVE without it) below, 64-byte aligned:
 *     frame+0 r15 ... +112 rax, +120 rflags, +128 rip
 * The FP state's save and the whole exit are the Win32 port's too
 * (port-host/x86_64_trampoline.inc); the entry and its DWARF unwind annotations are System V's.
 */
#if defined(__x86_64__)

#include "arch_x86_64_frame.h"
#include "x86_64_trampoline.inc"

    .text

.macro PUSHQ_CFI insn:vararg
    \insn
    .cfi_adjust_cfa_offset 8
.endm

/* void arch_ctx_switch(void **save_sp, void *load_sp) */
    .globl  arch_ctx_switch
    .type   arch_ctx_switch, @function
    .p2align 4
arch_ctx_switch:
    .cfi_startproc
    pushq   %rbp
    pushq   %rbx
    pushq   %r12
    pushq   %r13
    pushq   %r14
    pushq   %r15
    subq    $8, %rsp
    fnstcw  (%rsp)
    stmxcsr 4(%rsp)
    movq    %rsp, (%rdi)
    movq    %rsi, %rsp
    jmp     ctx_resume
    .cfi_endproc
    .size   arch_ctx_switch, .-arch_ctx_switch

/* void arch_ctx_jump(void *load_sp) */
    .globl  arch_ctx_jump
    .type   arch_ctx_jump, @function
    .p2align 4
arch_ctx_jump:
    .cfi_startproc
    movq    %rdi, %rsp
ctx_resume:
    fldcw   (%rsp)
    ldmxcsr 4(%rsp)
    addq    $8, %rsp
    popq    %r15
    popq    %r14
    popq    %r13
    popq    %r12
    popq    %rbx
    popq    %rbp
    ret
    .cfi_endproc
    .size   arch_ctx_jump, .-arch_ctx_jump

/* First code of a new context: arch_stack_init put entry in r12 and its argument in r13. */
    .globl  arch_ctx_start
    .type   arch_ctx_start, @function
    .p2align 4
arch_ctx_start:
    .cfi_startproc
    .cfi_undefined rip
    xorl    %ebp, %ebp
    movq    %r13, %rdi
    andq    $-16, %rsp
    callq   *%r12
    ud2
    .cfi_endproc
    .size   arch_ctx_start, .-arch_ctx_start

/* void arch_call_on_stack(void *top, void (*fn)(void *), void *arg) */
    .globl  arch_call_on_stack
    .type   arch_call_on_stack, @function
    .p2align 4
arch_call_on_stack:
    .cfi_startproc
    .cfi_signal_frame       /* the callee runs on another stack: let debuggers unwind across */
    pushq   %rbp
    .cfi_def_cfa_offset 16
    .cfi_offset rbp, -16
    movq    %rsp, %rbp
    .cfi_def_cfa_register rbp
    andq    $-16, %rdi
    movq    %rdi, %rsp
    movq    %rdx, %rdi
    callq   *%rsi
    movq    %rbp, %rsp
    popq    %rbp
    .cfi_def_cfa rsp, 8
    ret
    .cfi_endproc
    .size   arch_call_on_stack, .-arch_call_on_stack

/*
 * Interrupt trampoline. Entered with [rsp] = interrupted RIP and PRIMASK already set by the
 * signal handler; every other register still holds the interrupted context's value.
 */
    .globl  arch_irq_trampoline
    .type   arch_irq_trampoline, @function
    .p2align 4
arch_irq_trampoline:
    .cfi_startproc
    .cfi_signal_frame       /* an interrupt frame: unwind into the interrupted code as is */
    .cfi_def_cfa rsp, 8 + FRAME_REDZONE
    .cfi_offset rip, -8 - FRAME_REDZONE
    PUSHQ_CFI pushfq
    PUSHQ_CFI pushq %rax
    PUSHQ_CFI pushq %rcx
    PUSHQ_CFI pushq %rdx
    PUSHQ_CFI pushq %rsi
    PUSHQ_CFI pushq %rdi
    PUSHQ_CFI pushq %r8
    PUSHQ_CFI pushq %r9
    PUSHQ_CFI pushq %r10
    PUSHQ_CFI pushq %r11
    PUSHQ_CFI pushq %rbx
    PUSHQ_CFI pushq %rbp
    PUSHQ_CFI pushq %r12
    PUSHQ_CFI pushq %r13
    PUSHQ_CFI pushq %r14
    PUSHQ_CFI pushq %r15
    .globl  arch_irq_reenter
arch_irq_reenter:
    /* rsp = frame. Keep it in rbx (callee-saved) and describe it for debuggers, so gdb can
       unwind from an ISR back into the interrupted code. */
    movq    %rsp, %rbx
    .cfi_def_cfa rbx, FRAME_RIP + 8 + FRAME_REDZONE
    .cfi_offset rip, -8 - FRAME_REDZONE
    .cfi_offset rbp, FRAME_RBP - FRAME_RIP - 8 - FRAME_REDZONE
    .cfi_offset rbx, FRAME_RBX - FRAME_RIP - 8 - FRAME_REDZONE
    .cfi_offset r12, FRAME_R12 - FRAME_RIP - 8 - FRAME_REDZONE
    .cfi_offset r13, FRAME_R13 - FRAME_RIP - 8 - FRAME_REDZONE
    .cfi_offset r14, FRAME_R14 - FRAME_RIP - 8 - FRAME_REDZONE
    .cfi_offset r15, FRAME_R15 - FRAME_RIP - 8 - FRAME_REDZONE
    IRQ_FPSTATE_SAVE
    .globl  arch_irq_redispatch
arch_irq_redispatch:
    callq   cpu_irq_from_trampoline
    IRQ_EXIT 0, FRAME_REDZONE
    .cfi_endproc
    .size   arch_irq_trampoline, .-arch_irq_trampoline

#endif /* __x86_64__ */

    .section .note.GNU-stack,"",@progbits
