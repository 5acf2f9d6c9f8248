/*
 * Register-preservation probe for the AArch64 POSIX port: fill the general-purpose and SIMD
 * registers with known patterns, spin, check nothing changed. Interrupts delivered in the middle
 * (signal -> trampoline -> rt_sigreturn) must restore every register exactly.
 *
 *   uint64_t regcheck_aarch64(uint64_t iterations);   0 = intact, else 1 + register number
 *   (32 + n for vn)
 */
#if defined(__aarch64__)
    .text
    .globl  regcheck_aarch64
    .type   regcheck_aarch64, %function
    .p2align 4
regcheck_aarch64:
    stp     x19, x20, [sp, #-96]!
    stp     x21, x22, [sp, #16]
    stp     x23, x24, [sp, #32]
    stp     x25, x26, [sp, #48]
    stp     x27, x28, [sp, #64]
    stp     d8, d9, [sp, #80]
    mov     x17, x0                 /* iterations */
    /* v0..v31 = byte pattern n + 1 */
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    movi    v\n\().16b, #(\n + 1)
    .endr
1:
    /* x1..x15 and x19..x28 = 0x0101010101010101 * n */
    .irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,19,20,21,22,23,24,25,26,27,28
    mov     x\n, #\n
    orr     x\n, x\n, x\n, lsl #8
    orr     x\n, x\n, x\n, lsl #16
    orr     x\n, x\n, x\n, lsl #32
    .endr
    mov     x16, #300
2:  subs    x16, x16, #1
    b.ne    2b
    .irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,19,20,21,22,23,24,25,26,27,28
    mov     x16, #\n
    orr     x16, x16, x16, lsl #8
    orr     x16, x16, x16, lsl #16
    orr     x16, x16, x16, lsl #32
    cmp     x16, x\n
    mov     x0, #(\n + 1)
    b.ne    9f
    .endr
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    umov    x16, v\n\().d[0]
    mov     x0, #(\n + 1)
    orr     x0, x0, x0, lsl #8
    orr     x0, x0, x0, lsl #16
    orr     x0, x0, x0, lsl #32
    cmp     x16, x0
    mov     x0, #(32 + \n)
    b.ne    9f
    umov    x16, v\n\().d[1]
    mov     x0, #(\n + 1)
    orr     x0, x0, x0, lsl #8
    orr     x0, x0, x0, lsl #16
    orr     x0, x0, x0, lsl #32
    cmp     x16, x0
    mov     x0, #(32 + \n)
    b.ne    9f
    .endr
    subs    x17, x17, #1
    b.ne    1b
    mov     x0, #0
9:
    ldp     d8, d9, [sp, #80]
    ldp     x27, x28, [sp, #64]
    ldp     x25, x26, [sp, #48]
    ldp     x23, x24, [sp, #32]
    ldp     x21, x22, [sp, #16]
    ldp     x19, x20, [sp], #96
    ret
    .size   regcheck_aarch64, .-regcheck_aarch64
#endif
    .section .note.GNU-stack,"",%progbits
