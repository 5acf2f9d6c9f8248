/*
 * The x86-64 interrupt frame, as both x86-64 host ports' trampolines build it below the
 * interrupted stack pointer: the interrupted RIP where a call's return address would be,
 * RFLAGS below it, and below that the fifteen general-purpose registers (frame+0 .. +112), in
 * an order of each port's own (its arch_*_frame.h, which includes this). For C and assembly.
 */
#ifndef PORT_HOST_X86_64_FRAME_H
#define PORT_HOST_X86_64_FRAME_H

#define FRAME_RFLAGS  120
#define FRAME_RIP     128

#endif
