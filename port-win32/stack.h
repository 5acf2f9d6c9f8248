/*
 * Win32 port: task stacks are fibers. What the CPU layer (cpu.c) needs beyond port-host/cpu.h:
 * creating a fiber for any entry (the interrupt fiber too), and the fiber to switch to.
 */
#ifndef PORT_WIN32_STACK_H
#define PORT_WIN32_STACK_H

#include <stddef.h>

#include "cpu.h"

/* Create a fiber whose stack reserves `usable` bytes and which runs entry(arg) when first
   switched to. NULL when the host refuses. `owner` NULL is the interrupt fiber. */
struct port_stack *cpu_stack_alloc(size_t usable, k_task_t *owner, void (*entry)(void *),
                                   void *arg);
/* The fiber (for SwitchToFiber). */
void *cpu_stack_fiber(const struct port_stack *s);

#endif /* PORT_WIN32_STACK_H */
