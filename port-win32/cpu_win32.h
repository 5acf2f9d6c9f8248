/*
 * Win32 port: what its simulated CPU offers beyond port-host/cpu.h, for debuggers: the context
 * an injected interrupt interrupted.
 */
#ifndef PORT_WIN32_CPU_WIN32_H
#define PORT_WIN32_CPU_WIN32_H

#include "arch.h"
#include "cpu.h"

/* The registers of the innermost context an injected interrupt interrupted while its ISRs run
   (NULL otherwise): ISRs run on the interrupt fiber, whose backtrace does not reach the task. */
extern const arch_irq_frame_t *volatile port_irq_frame;

#endif /* PORT_WIN32_CPU_WIN32_H */
