/* Layout of the Win32 port's x64 interrupt frame; shared by trampoline_x64.S and arch_x64.c.
   The frame is what the trampoline pushes below the interrupted stack pointer: the interrupted
   RIP (where a return address would be), RFLAGS and the fifteen general-purpose registers. */
#ifndef PORT_WIN32_ARCH_X64_FRAME_H
#define PORT_WIN32_ARCH_X64_FRAME_H

#include "x86_64_frame.h"   /* the top: RFLAGS, RIP */

#define FRAME_R15     0
#define FRAME_R14     8
#define FRAME_R13     16
#define FRAME_R12     24
#define FRAME_R11     32
#define FRAME_R10     40
#define FRAME_R9      48
#define FRAME_R8      56
#define FRAME_RDI     64
#define FRAME_RSI     72
#define FRAME_RBP     80
#define FRAME_RBX     88
#define FRAME_RDX     96
#define FRAME_RCX     104
#define FRAME_RAX     112
#define FRAME_SIZE    136   /* the interrupted RSP is frame + FRAME_SIZE */

#endif
