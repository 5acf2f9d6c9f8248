/*
 * What the two x86-64 host ports share of their architecture layer (port-posix on Linux,
 * System V ABI: arch_x86_64.c, switch_x86_64.S; port-win32, Windows x64 ABI: arch_x64.c,
 * trampoline_x64.S): the FP state (the XSAVE area the interrupt trampoline saves, the FP
 * control words each task and ISR keeps) and the trampoline's exit window, whose instructions
 * are the macros of x86_64_trampoline.inc.
 *
 * The trampolines themselves stay per ABI: who pushes the interrupted RIP, and where (below
 * System V's red zone, or right below RSP on Windows, which has none), the unwind annotations
 * (DWARF CFI or SEH), the frame layout and Windows' shadow space genuinely differ.
 */
#ifndef PORT_HOST_X86_64_H
#define PORT_HOST_X86_64_H

#include <stdbool.h>
#include <stdint.h>

/* Read by the trampoline: the size of the FP/SIMD save area (XSAVE for every component the OS
   enabled in XCR0; at least FXSAVE's 512 bytes plus the XSAVE header the trampoline clears
   either way) and whether to use XSAVE rather than FXSAVE. */
extern uint32_t arch_fpstate_size;
extern uint8_t  arch_have_xsave;

/* Once, from arch_init: find what the CPU and OS offer. */
void x86_64_fpstate_probe(void);

/*
 * An interrupt that finds the CPU in the trampoline's exit (PRIMASK still set, the
 * dispatcher's last look done) must not be left pending with nobody to take it: the
 * interrupted context's frame is still intact in memory, so the exit is rewound to dispatch
 * again from it. Given the CPU's RIP, RSP and RBX: true when it was in that window, with *pc
 * and *sp set to where it must resume (arch_irq_redispatch or arch_irq_reenter).
 */
bool x86_64_irq_exit_rewind(uintptr_t *pc, uintptr_t *sp, uintptr_t rbx);

#endif /* PORT_HOST_X86_64_H */
