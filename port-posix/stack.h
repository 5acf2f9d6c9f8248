/*
 * POSIX port: the task stacks as the CPU layer (cpu.c) and the architecture layer see them,
 * beyond what port-host/cpu.h offers every host: mappings of our own, whose top an initial
 * context is built at (arch_stack_init) and whose bounds the sanitizer annotations need.
 */
#ifndef PORT_POSIX_STACK_H
#define PORT_POSIX_STACK_H

#include <stddef.h>

#include "cpu.h"

/* Map a stack with `usable` bytes above a guard region, for `owner` (NULL: the interrupt
   stack). NULL when the host refuses. */
struct port_stack *cpu_stack_alloc(size_t usable, k_task_t *owner);
void *cpu_stack_top(const struct port_stack *s);
void *cpu_stack_bottom(const struct port_stack *s);

/* The interrupt stack: mapped once, reused across resets. */
struct port_stack *cpu_irq_stack(void);

#endif /* PORT_POSIX_STACK_H */
