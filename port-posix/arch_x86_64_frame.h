/* Layout of the POSIX port's x86-64 interrupt frame; shared by switch_x86_64.S and
   arch_x86_64.c. The top (RFLAGS, RIP) is the x86-64 host ports' (x86_64_frame.h). */
#ifndef PORT_POSIX_ARCH_X86_64_FRAME_H
#define PORT_POSIX_ARCH_X86_64_FRAME_H

#include "x86_64_frame.h"

#define FRAME_R15     0
#define FRAME_R14     8
#define FRAME_R13     16
#define FRAME_R12     24
#define FRAME_RBP     32
#define FRAME_RBX     40
#define FRAME_R11     48
#define FRAME_R10     56
#define FRAME_R9      64
#define FRAME_R8      72
#define FRAME_RDI     80
#define FRAME_RSI     88
#define FRAME_RDX     96
#define FRAME_RCX     104
#define FRAME_RAX     112
#define FRAME_REDZONE 128   /* System V red zone below the interrupted RSP, never touched */

#endif
