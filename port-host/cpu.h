/*
 * The simulated CPU of the host ports (port-posix, port-win32), as the rest of the port, the
 * board, the tests' glue and the benchmarks see it: the same functions on every host.
 *
 * Who implements what: port-host/cpu_core.c is the host-independent part (interrupt dispatch,
 * PendSV, WFI, halt requests, reset); each host's cpu.c runs it on a host thread (signals or
 * thread suspension to deliver interrupts, the context switch, idle waits) and its stack.c
 * creates the task stacks (POSIX: mappings with a guard; Windows: fibers).
 * Not part of the port contract; kernel code never includes this.
 */
#ifndef PORT_HOST_CPU_H
#define PORT_HOST_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tos_k.h"

/* ---- the CPU ---- */

/* Once per process, on the thread that will be the CPU: interrupt delivery, the interrupt
   stack, the fault handlers. Safe to call again. */
void cpu_boot(void);

/* Machine reset: interrupts masked, nothing pending, no task stacks, clock and interrupt
   controller back to time 0. */
void cpu_reset(void);

/* Run the kernel from the boot context until cpu_halt(); `first_sp` is the first task's
   context (task->sp). Returns the halt code. */
int  cpu_run(void *first_sp);

/* Stop the machine and return to the boot context (from any task, ISR or event). */
__attribute__((noreturn)) void cpu_halt(int code);
/* The code the last run halted with. */
int  cpu_halt_code(void);
/* Ask the CPU to halt with `code` as soon as it can; from any thread, and async-signal-safe
   (a stop signal's handler, a console control handler). */
void cpu_request_halt(int code);

/* Whether the caller runs on the CPU thread (false before cpu_boot). */
bool cpu_on_cpu_thread(void);

/* How interrupts from other host threads reached the CPU so far in this process: redirected
   into the interrupt trampoline at whatever instruction it was, left pending for its next
   unmask (it was masked), or retried because it was in host code it must not be interrupted in
   (Windows: DLL code; never on POSIX, where the host calls mask interrupts themselves). */
typedef struct {
    uint64_t redirected;
    uint64_t masked;
    uint64_t retried;
} cpu_irq_stats_t;
void cpu_irq_stats(cpu_irq_stats_t *out);

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
 * behalf (creating stacks) is not "the simulated CPU being busy": it does not count against the
 * busy budget that pushes virtual time forward. Otherwise a program that only blocks would see
 * virtual time move during a slow printf or a page-faulting stack map, and stop being
 * deterministic. Call with interrupts masked, on the CPU thread; nests. */
void cpu_host_enter(void);
void cpu_host_exit(void);

/* ---- tracing (trace_port.c) ---- */

/* Start writing the --trace file (the kernel's trace hooks go on); -1 with errno if it cannot
   be created. */
int  port_trace_open(const char *path, const char *program);
/* Finish it: 0, or -1 if it is incomplete (said on stderr). If the run was stopped by the user
   (SIGINT/SIGTERM, Ctrl-C), ends the process afterwards as that would have. */
int  port_trace_close(void);

/* ---- task stacks (each host's stack.c; the lists in stack_list.c) ---- */

struct port_stack;

/* Give `task` a stack of `usable` bytes whose first switch runs cpu_task_entry(task): sets
   task->port_stack and returns the context for task->sp; NULL when the host refuses. */
void *cpu_task_stack_create(k_task_t *task, size_t usable);
/* Release now (must not be the running stack). */
void  cpu_stack_free(struct port_stack *s);
/* Release once the CPU has switched off it (a task destroying itself). */
void  cpu_stack_retire(struct port_stack *s);
/* Release retired stacks; called right after every switch. */
void  cpu_stacks_collect(void);
/* Machine reset: every task stack goes (the interrupt stack stays). */
void  cpu_stacks_release_all(void);
/* Bytes usable by the stack's owner. */
size_t cpu_stack_size(const struct port_stack *s);
/* Deepest use so far, in bytes from the top. */
size_t cpu_stack_depth(const struct port_stack *s);

/* Fatal fault reports naming the task (signal handlers or a vectored exception handler);
   installed by cpu_boot. */
void cpu_faults_install(void);

#endif /* PORT_HOST_CPU_H */
