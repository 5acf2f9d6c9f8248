/*
 * POSIX port internals: the simulated CPU (one host thread), its task stacks and its faults.
 * Not part of the port contract; kernel code never includes this.
 */
#ifndef PORT_POSIX_CPU_H
#define PORT_POSIX_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tos_k.h"

/* ---- the CPU (cpu.c) ---- */

/* Once per process, on the thread that will be the CPU: signals, the interrupt stack,
   the fault handlers. Safe to call again. */
void cpu_boot(void);

/* Machine reset: interrupts masked, nothing pending, no stacks, clock and interrupt controller
   back to time 0 (sim_machine_reset). */
void cpu_reset(void);

/* Run the kernel from the boot context until cpu_halt(). Returns the halt code. */
int  cpu_run(void *first_sp);

/* Stop the machine and return to the boot context (from any task, ISR or event). */
__attribute__((noreturn)) void cpu_halt(int code);
/* The code the last run halted with. */
int  cpu_halt_code(void);
/* Ask the CPU to halt with `code` as soon as it can (async-signal-safe: for signal handlers). */
void cpu_request_halt(int code);

/* Switch from k_curr_task to k_next_task (PRIMASK set). */
void cpu_switch_to_next(void);

/* Ask for a switch when the outermost interrupt returns (PendSV). */
void cpu_pend_switch(void);

/* First code of every task (on its own stack): enables interrupts, runs task->entry(arg) and
   then the kernel's exit function registered with cpu_set_task_exit. */
void cpu_task_entry(void *task);
void cpu_set_task_exit(void (*exit_fn)(void));

/* WFI with PRIMASK set: returns when an interrupt is pending, moving virtual time as needed. */
void cpu_wait_for_interrupt(void);

/* ---- host work accounting ----
 * Time spent inside host library calls and host system calls the port makes on the CPU's
 * behalf (mapping stacks) is not "the simulated CPU being busy": it does not count against the
 * busy budget that pushes virtual time forward. Otherwise a program that only blocks would see
 * virtual time move during a slow printf or a page-faulting stack map, and stop being
 * deterministic. Call with interrupts masked; nests. */
void cpu_host_enter(void);
void cpu_host_exit(void);

/* ---- tracing (trace_port.c) ---- */

/* Start writing the --trace file (the kernel's trace hooks go on); -1 with errno if it cannot
   be created. */
int  port_trace_open(const char *path, const char *program);
/* Finish it: 0, or -1 if it is incomplete (said on stderr). If the run was stopped by SIGINT or
   SIGTERM, raises that signal again afterwards. */
int  port_trace_close(void);

/* ---- task stacks (stack.c) ---- */

struct port_stack;

/* Map a stack with `usable` bytes above a guard page. NULL when the host refuses. */
struct port_stack *cpu_stack_alloc(size_t usable, k_task_t *owner);
/* Release now (must not be the running stack). */
void  cpu_stack_free(struct port_stack *s);
/* Release once the CPU has switched off it (a task destroying itself). */
void  cpu_stack_retire(struct port_stack *s);
/* Release retired stacks; called right after every switch. */
void  cpu_stacks_collect(void);
/* Machine reset: every stack goes. */
void  cpu_stacks_release_all(void);
void *cpu_stack_top(const struct port_stack *s);
void *cpu_stack_bottom(const struct port_stack *s);
size_t cpu_stack_size(const struct port_stack *s);
/* Deepest use so far, in bytes from the top. */
size_t cpu_stack_depth(const struct port_stack *s);

/* The interrupt stack: mapped once, reused across resets. */
struct port_stack *cpu_irq_stack(void);

/* SIGSEGV/SIGBUS reporting with the task's name; installed by cpu_boot. */
void cpu_faults_install(void);

#endif /* PORT_POSIX_CPU_H */
