/*
 * Win32 port internals: the simulated CPU (one host thread, tasks as fibers), its interrupt
 * thread, task stacks and faults. Not part of the port contract; kernel code never includes
 * this. The names follow port-posix/cpu.h, so host-port test glue (tests/port-posix/
 * ktest_port.c) and bench/ build against either port.
 */
#ifndef PORT_WIN32_CPU_H
#define PORT_WIN32_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tos_k.h"

#include "arch.h"

/* ---- the CPU (cpu.c) ---- */

/* Once per process, on the thread that will be the CPU: the thread becomes a fiber, the
   interrupt thread starts, the fault handler is installed. Safe to call again. */
void cpu_boot(void);

/* Machine reset: interrupts masked, nothing pending, no task fibers, clock and interrupt
   controller back to time 0. */
void cpu_reset(void);

/* Run the kernel from the boot fiber until cpu_halt(); `first_sp` is the first task's fiber.
   Returns the halt code. */
int  cpu_run(void *first_sp);

/* Stop the machine and return to the boot fiber (from any task, ISR or event). */
__attribute__((noreturn)) void cpu_halt(int code);
/* The code the last run halted with. */
int  cpu_halt_code(void);
/* Ask the CPU to halt with `code` as soon as it can (from any thread, e.g. a console control
   handler). */
void cpu_request_halt(int code);

/* Switch from k_curr_task to k_next_task (PRIMASK set). */
void cpu_switch_to_next(void);

/* Ask for a switch when the outermost interrupt returns (PendSV). */
void cpu_pend_switch(void);

/* First code of every task's fiber: enables interrupts, runs task->entry(arg) and then the
   kernel's exit function registered with cpu_set_task_exit. */
void cpu_task_entry(void *task);
void cpu_set_task_exit(void (*exit_fn)(void));

/* WFI with PRIMASK set: returns when an interrupt is pending, moving virtual time as needed. */
void cpu_wait_for_interrupt(void);

/* The registers of the innermost context an injected interrupt interrupted while its ISRs run
   (NULL otherwise): ISRs run on the interrupt fiber, whose backtrace does not reach the task. */
extern const arch_irq_frame_t *volatile port_irq_frame;

/* Whether the caller runs on the CPU thread. */
bool cpu_on_cpu_thread(void);

/* What the interrupt thread did so far in this process: redirections into the trampoline,
   interrupts left pending because the CPU was masked, and attempts retried because the CPU
   was in DLL code. */
typedef struct {
    uint64_t redirected;
    uint64_t masked;
    uint64_t retried;
} cpu_irq_stats_t;
void cpu_irq_stats(cpu_irq_stats_t *out);

/* ---- host work accounting ----
 * Time inside host library calls (and stack set-up) is not "the simulated CPU being busy": it
 * does not count against the busy budget that pushes virtual time forward. Call with
 * interrupts masked, on the CPU thread; nests. */
void cpu_host_enter(void);
void cpu_host_exit(void);

/* ---- tracing (trace_port.c) ---- */

int  port_trace_open(const char *path, const char *program);
int  port_trace_close(void);

/* ---- task stacks: fibers (stack.c) ---- */

struct port_stack;

/* Create a fiber whose stack reserves `usable` bytes and which runs entry(arg) when first
   switched to. NULL when the host refuses. `owner` NULL is the interrupt fiber. */
struct port_stack *cpu_stack_alloc(size_t usable, k_task_t *owner, void (*entry)(void *),
                                   void *arg);
/* Delete now (must not be the running fiber). */
void  cpu_stack_free(struct port_stack *s);
/* Delete once the CPU has switched off it (a task destroying itself). */
void  cpu_stack_retire(struct port_stack *s);
/* Delete retired fibers; called right after every switch. */
void  cpu_stacks_collect(void);
/* Machine reset: every task fiber goes. */
void  cpu_stacks_release_all(void);
/* The fiber (for SwitchToFiber). */
void *cpu_stack_fiber(const struct port_stack *s);
/* Called on the fiber itself when it starts: records where its stack is. */
void  cpu_stack_started(struct port_stack *s);
/* Bytes reserved for the stack (what the app asked for plus the headroom, rounded up by the
   host). */
size_t cpu_stack_size(const struct port_stack *s);
/* Deepest use so far, in bytes from the top. */
size_t cpu_stack_depth(const struct port_stack *s);

/* Fatal exception reports naming the task (vectored exception handler); cpu_boot installs. */
void cpu_faults_install(void);

#endif /* PORT_WIN32_CPU_H */
