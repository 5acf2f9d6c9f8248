/*
 * Register-preservation probes for the x86-64 host ports: fill every general-purpose and SIMD
 * register with a known pattern, spin, and check that nothing changed. Interrupts delivered in
 * the middle (POSIX: a signal redirects the CPU thread into the trampoline; Windows: the
 * interrupt thread suspends and redirects it) must restore every register exactly.
 *
 *   uint64_t regcheck_gpr_sse(uint64_t iterations);   0 = intact, else 1 + register number
 *   uint64_t regcheck_avx(uint64_t iterations);       same for ymm0-15 (needs AVX)
 *
 * The probes are the same on both hosts; only their frame follows the host's ABI (the
 * section below), because the two x86-64 ABIs genuinely differ there:
 *   System V (Linux)  the argument in RDI; RBX, RBP and R12-R15 are callee-saved; below RSP is
 *                     a 128-byte red zone that interrupts must leave alone, so the iteration
 *                     counter lives there, which checks that the trampoline skips it;
 *                     ELF symbol and section directives.
 *   Windows x64       the argument in RCX; RDI, RSI and XMM6-XMM15 are callee-saved too; there
 *                     is no red zone (anything below RSP may be overwritten at any time), so
 *                     the counter lives in the function's own frame; COFF directives.
 */
#if defined(__x86_64__)

#if defined(_WIN32)

#define COUNTER     160(%rsp)

.macro FUNC name
    .globl  \name
    .def    \name; .scl 2; .type 32; .endef
\name:
.endm

.macro ENDFUNC name
.endm

/* rbx rbp rdi rsi r12-r15, xmm6-xmm15, and a frame for the counter */
.macro ENTER
    pushq   %rbx
    pushq   %rbp
    pushq   %rdi
    pushq   %rsi
    pushq   %r12
    pushq   %r13
    pushq   %r14
    pushq   %r15
    subq    $(10 * 16 + 8 + 8), %rsp       /* xmm6-15, the counter, alignment */
    movdqu  %xmm6, 0(%rsp)
    movdqu  %xmm7, 16(%rsp)
    movdqu  %xmm8, 32(%rsp)
    movdqu  %xmm9, 48(%rsp)
    movdqu  %xmm10, 64(%rsp)
    movdqu  %xmm11, 80(%rsp)
    movdqu  %xmm12, 96(%rsp)
    movdqu  %xmm13, 112(%rsp)
    movdqu  %xmm14, 128(%rsp)
    movdqu  %xmm15, 144(%rsp)
    movq    %rcx, COUNTER
.endm

.macro LEAVE
    movdqu  0(%rsp), %xmm6
    movdqu  16(%rsp), %xmm7
    movdqu  32(%rsp), %xmm8
    movdqu  48(%rsp), %xmm9
    movdqu  64(%rsp), %xmm10
    movdqu  80(%rsp), %xmm11
    movdqu  96(%rsp), %xmm12
    movdqu  112(%rsp), %xmm13
    movdqu  128(%rsp), %xmm14
    movdqu  144(%rsp), %xmm15
    addq    $(10 * 16 + 8 + 8), %rsp
    popq    %r15
    popq    %r14
    popq    %r13
    popq    %r12
    popq    %rsi
    popq    %rdi
    popq    %rbp
    popq    %rbx
.endm

#define RODATA      .section .rdata,"dr"

#else /* System V */

#define COUNTER     -8(%rsp)    /* in the red zone: interrupts must not touch it */

.macro FUNC name
    .globl  \name
    .type   \name, @function
\name:
.endm

.macro ENDFUNC name
    .size   \name, .-\name
.endm

.macro ENTER
    pushq   %rbx
    pushq   %rbp
    pushq   %r12
    pushq   %r13
    pushq   %r14
    pushq   %r15
    movq    %rdi, COUNTER
.endm

.macro LEAVE
    popq    %r15
    popq    %r14
    popq    %r13
    popq    %r12
    popq    %rbp
    popq    %rbx
.endm

#define RODATA      .section .rodata

#endif

/* ---- the probes ---- */

    .text

.macro CHKG reg, val, code
    movabsq $\val, %rax
    cmpq    %rax, %\reg
    movl    $\code, %eax
    jne     2f
.endm

/* xmm15 is the scratch register of the comparison */
.macro CHKX reg, off, code
    movdqu  \off(%rax), %xmm15
    pcmpeqb %\reg, %xmm15
    pmovmskb %xmm15, %ecx
    cmpl    $0xffff, %ecx
    movl    $\code, %eax
    jne     2f
    leaq    pattern(%rip), %rax
.endm

.macro CHKY reg, off, code
    vpcmpeqb \off(%rax), %\reg, %ymm15
    vpmovmskb %ymm15, %ecx
    cmpl    $-1, %ecx
    movl    $\code, %edx
    jne     2f
.endm

    FUNC    regcheck_gpr_sse
    ENTER
    leaq    pattern(%rip), %rax
    movdqu  0(%rax), %xmm0
    movdqu  16(%rax), %xmm1
    movdqu  32(%rax), %xmm2
    movdqu  48(%rax), %xmm3
    movdqu  64(%rax), %xmm4
    movdqu  80(%rax), %xmm5
    movdqu  96(%rax), %xmm6
    movdqu  112(%rax), %xmm7
    movdqu  128(%rax), %xmm8
    movdqu  144(%rax), %xmm9
    movdqu  160(%rax), %xmm10
    movdqu  176(%rax), %xmm11
    movdqu  192(%rax), %xmm12
    movdqu  208(%rax), %xmm13
    movdqu  224(%rax), %xmm14
1:
    movabsq $0x1111111111111111, %rbx
    movabsq $0x2222222222222222, %rcx
    movabsq $0x3333333333333333, %rdx
    movabsq $0x4444444444444444, %rsi
    movabsq $0x5555555555555555, %rdi
    movabsq $0x6666666666666666, %rbp
    movabsq $0x7777777777777777, %r8
    movabsq $0x8888888888888888, %r9
    movabsq $0x9999999999999999, %r10
    movabsq $0xaaaaaaaaaaaaaaaa, %r11
    movabsq $0xbbbbbbbbbbbbbbbb, %r12
    movabsq $0xcccccccccccccccc, %r13
    movabsq $0xdddddddddddddddd, %r14
    movabsq $0xeeeeeeeeeeeeeeee, %r15
    /* burn time with the registers live */
    movl    $200, %eax
3:  decl    %eax
    jnz     3b
    CHKG    rbx, 0x1111111111111111, 2
    CHKG    rcx, 0x2222222222222222, 3
    CHKG    rdx, 0x3333333333333333, 4
    CHKG    rsi, 0x4444444444444444, 5
    CHKG    rdi, 0x5555555555555555, 6
    CHKG    rbp, 0x6666666666666666, 7
    CHKG    r8,  0x7777777777777777, 8
    CHKG    r9,  0x8888888888888888, 9
    CHKG    r10, 0x9999999999999999, 10
    CHKG    r11, 0xaaaaaaaaaaaaaaaa, 11
    CHKG    r12, 0xbbbbbbbbbbbbbbbb, 12
    CHKG    r13, 0xcccccccccccccccc, 13
    CHKG    r14, 0xdddddddddddddddd, 14
    CHKG    r15, 0xeeeeeeeeeeeeeeee, 15
    leaq    pattern(%rip), %rax
    CHKX    xmm0, 0, 20
    CHKX    xmm3, 48, 23
    CHKX    xmm6, 96, 26
    CHKX    xmm7, 112, 27
    CHKX    xmm10, 160, 30
    CHKX    xmm13, 208, 33
    CHKX    xmm14, 224, 34
    decq    COUNTER
    jnz     1b
    xorl    %eax, %eax
2:
    LEAVE
    ret
    ENDFUNC regcheck_gpr_sse

    FUNC    regcheck_avx
    ENTER
    leaq    pattern(%rip), %rax
    vmovdqu 0(%rax), %ymm0
    vmovdqu 32(%rax), %ymm1
    vmovdqu 64(%rax), %ymm2
    vmovdqu 96(%rax), %ymm3
    vmovdqu 128(%rax), %ymm4
    vmovdqu 160(%rax), %ymm5
    vmovdqu 192(%rax), %ymm6
    vmovdqu 224(%rax), %ymm7
    vmovdqu 16(%rax), %ymm8
    vmovdqu 48(%rax), %ymm9
    vmovdqu 80(%rax), %ymm10
    vmovdqu 112(%rax), %ymm11
    vmovdqu 144(%rax), %ymm12
    vmovdqu 176(%rax), %ymm13
    vmovdqu 208(%rax), %ymm14
1:
    movl    $200, %ecx
3:  decl    %ecx
    jnz     3b
    /* compare registers against memory; any mismatch clears a bit of the mask */
    CHKY    ymm0, 0, 40
    CHKY    ymm3, 96, 43
    CHKY    ymm6, 192, 46
    CHKY    ymm7, 224, 47
    CHKY    ymm8, 16, 48
    CHKY    ymm14, 208, 54
    decq    COUNTER
    jnz     1b
    xorl    %edx, %edx
2:
    vzeroupper
    movl    %edx, %eax
    LEAVE
    ret
    ENDFUNC regcheck_avx

    RODATA
    .p2align 5
pattern:
    .quad 0x0123456789abcdef, 0xfedcba9876543210, 0x0f1e2d3c4b5a6978, 0x8796a5b4c3d2e1f0
    .quad 0x1122334455667788, 0x99aabbccddeeff00, 0x1357924680ace0bd, 0xdeadbeefcafebabe
    .quad 0x0badf00d0ddba11a, 0x5555aaaa5555aaaa, 0x0102030405060708, 0x090a0b0c0d0e0f10
    .quad 0x1112131415161718, 0x191a1b1c1d1e1f20, 0x2122232425262728, 0x292a2b2c2d2e2f30
    .quad 0x3132333435363738, 0x393a3b3c3d3e3f40, 0x4142434445464748, 0x494a4b4c4d4e4f50
    .quad 0x5152535455565758, 0x595a5b5c5d5e5f60, 0x6162636465666768, 0x696a6b6c6d6e6f70
    .quad 0x7172737475767778, 0x797a7b7c7d7e7f80, 0x8182838485868788, 0x898a8b8c8d8e8f90
    .quad 0x9192939495969798, 0x999a9b9c9d9e9fa0, 0xa1a2a3a4a5a6a7a8, 0xa9aaabacadaeafb0
    .quad 0xb1b2b3b4b5b6b7b8, 0xb9babbbcbdbebfc0, 0xc1c2c3c4c5c6c7c8, 0xc9cacbcccdcecfd0
#endif /* __x86_64__ */

#if defined(__ELF__)
    .section .note.GNU-stack,"",@progbits
#endif
