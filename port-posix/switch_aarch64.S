/*
 * POSIX port, AArch64 (AAPCS64, Linux): context switch and interrupt trampoline.
 *
 * Voluntary switch frame (176 bytes at the saved stack pointer):
 *     +0   x19 x20 | x21 x22 | x23 x24 | x25 x26 | x27 x28 | x29 x30
 *     +96  d8 d9 | d10 d11 | d12 d13 | d14 d15
 *     +160 FPCR, padding
 *
 * Interrupts: the signal handler copies the interrupted context (a complete ucontext, with the
 * FP/SIMD record) onto the interrupted stack in the layout the kernel's rt_sigreturn reads, and
 * redirects the context here with sp pointing at it. After dispatch the trampoline returns
 * through rt_sigreturn, which restores every register, the PC and PSTATE exactly: on AArch64
 * there is no way to jump to an arbitrary PC without clobbering a register.
 */
#if defined(__aarch64__)

    .text

/* void arch_ctx_switch(void **save_sp, void *load_sp) */
    .globl  arch_ctx_switch
    .type   arch_ctx_switch, %function
    .p2align 4
arch_ctx_switch:
    sub     sp, sp, #176
    stp     x19, x20, [sp, #0]
    stp     x21, x22, [sp, #16]
    stp     x23, x24, [sp, #32]
    stp     x25, x26, [sp, #48]
    stp     x27, x28, [sp, #64]
    stp     x29, x30, [sp, #80]
    stp     d8, d9, [sp, #96]
    stp     d10, d11, [sp, #112]
    stp     d12, d13, [sp, #128]
    stp     d14, d15, [sp, #144]
    mrs     x9, fpcr
    str     x9, [sp, #160]
    mov     x9, sp
    str     x9, [x0]
    mov     sp, x1
    b       ctx_resume
    .size   arch_ctx_switch, .-arch_ctx_switch

/* void arch_ctx_jump(void *load_sp) */
    .globl  arch_ctx_jump
    .type   arch_ctx_jump, %function
    .p2align 4
arch_ctx_jump:
    mov     sp, x0
ctx_resume:
    ldr     x9, [sp, #160]
    msr     fpcr, x9
    ldp     x19, x20, [sp, #0]
    ldp     x21, x22, [sp, #16]
    ldp     x23, x24, [sp, #32]
    ldp     x25, x26, [sp, #48]
    ldp     x27, x28, [sp, #64]
    ldp     x29, x30, [sp, #80]
    ldp     d8, d9, [sp, #96]
    ldp     d10, d11, [sp, #112]
    ldp     d12, d13, [sp, #128]
    ldp     d14, d15, [sp, #144]
    add     sp, sp, #176
    ret
    .size   arch_ctx_jump, .-arch_ctx_jump

/* First code of a new context: arch_stack_init put entry in x19 and its argument in x20. */
    .globl  arch_ctx_start
    .type   arch_ctx_start, %function
    .p2align 4
arch_ctx_start:
    mov     x29, #0
    mov     x0, x20
    blr     x19
    brk     #0
    .size   arch_ctx_start, .-arch_ctx_start

/* void arch_call_on_stack(void *top, void (*fn)(void *), void *arg) */
    .globl  arch_call_on_stack
    .type   arch_call_on_stack, %function
    .p2align 4
arch_call_on_stack:
    stp     x29, x30, [sp, #-32]!
    str     x19, [sp, #16]
    mov     x29, sp
    mov     x19, sp
    and     x0, x0, #~15
    mov     sp, x0
    mov     x0, x2
    blr     x1
    mov     sp, x19
    ldr     x19, [sp, #16]
    ldp     x29, x30, [sp], #32
    ret
    .size   arch_call_on_stack, .-arch_call_on_stack

/* Interrupt trampoline: sp points at the saved frame, PRIMASK is set. */
    .globl  arch_irq_trampoline
    .type   arch_irq_trampoline, %function
    .p2align 4
arch_irq_trampoline:
    .globl  arch_irq_redispatch
arch_irq_redispatch:
    bl      cpu_irq_from_trampoline
    .globl  arch_irq_after_dispatch
arch_irq_after_dispatch:
    adrp    x1, port_cpu_attention
    ldr     w2, [x1, :lo12:port_cpu_attention]
    cbnz    w2, arch_irq_redispatch
    adrp    x1, port_cpu_primask
    str     wzr, [x1, :lo12:port_cpu_primask]
    .globl  arch_irq_exit_svc
arch_irq_exit_svc:
    mov     x8, #139                /* __NR_rt_sigreturn */
    svc     #0
    brk     #1
    .size   arch_irq_trampoline, .-arch_irq_trampoline

#endif /* __aarch64__ */

    .section .note.GNU-stack,"",%progbits
