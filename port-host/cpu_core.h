/*
 * Inside the simulated CPU of the host ports: what the host-independent core
 * (port-host/cpu_core.c: interrupt dispatch, PendSV, WFI, halt requests, reset) shares with
 * each host's CPU thread layer (port-posix/cpu.c: signals, eventfd, POSIX timers;
 * port-win32/cpu.c: an interrupt thread that suspends the CPU thread, events, waitable timers),
 * and the few functions the core asks of that layer (cpu_os_*).
 * Only the CPU's own files include this.
 */
#ifndef PORT_HOST_CPU_CORE_H
#define PORT_HOST_CPU_CORE_H

#include <stdbool.h>
#include <stdint.h>

#include "arch.h"
#include "cpu.h"

#include "sim/irqc.h"

/* State of the machine both layers read and write. */
typedef struct {
    volatile bool     powered;      /* between cpu_run and cpu_halt */
    /* The virtual clock needs the CPU: the busy budget is spent, a realtime deadline is due or
       a halt was requested. Set by the interrupt delivery (POSIX: the signal handler; Windows:
       the interrupt thread), taken by the CPU in cpu_dispatch and cpu_wait_for_interrupt. */
    volatile uint32_t clock_kick;
    volatile uint32_t pendsv;       /* a task switch waits for the outermost ISR to return */
    int               halt_code;
    uint64_t          budget_ns;    /* --busy-budget */
} cpu_core_t;

extern cpu_core_t cpu_core;

/* The busy-budget rule (virtual time): once the CPU has been busy for a budget
   (cpu_core.budget_ns) without virtual time moving, the clock is pushed to the next event, so
   spin-waits and round robin make progress. The host layer's watchdog measures (the CPU
   thread's CPU time, or wall time, and the time within it that does not count: host work,
   idle waits); this decides. */
typedef struct {
    uint64_t advances;      /* sim_clock_advance_count() when counting started; UINT64_MAX:
                               start again at the next look */
    uint64_t busy_base;     /* the busy clock then */
    uint64_t excl_base;     /* the excluded time then */
} cpu_budget_t;

/* Count from here. */
void cpu_budget_restart(cpu_budget_t *b, uint64_t busy, uint64_t excl);
/* Has a budget been spent? `busy` is the CPU's busy clock now, `excl` the time within it that
   does not count. Counting starts again when virtual time moved, and after a budget spent. */
bool cpu_budget_spent(cpu_budget_t *b, uint64_t busy, uint64_t excl);

/* The core's side of the CPU thread layer. */

/* cpu_request_halt's code + 1, or 0 when none is pending. */
int  cpu_halt_requested(void);
/* cpu_halt(code) if a halt was requested (PRIMASK set). */
void cpu_halt_if_requested(void);
/* Take pending interrupts in priority order. PRIMASK is set on entry and on return. */
void cpu_dispatch(void);
/* The interrupt controller's doorbell (sim_irq_set_kick): a line became pending. */
void cpu_kick(void);
/* cpu_run's and cpu_halt's bookkeeping: the machine powered on or off (cpu_halt_code). */
void cpu_power_on(void);
void cpu_power_off(int code);
/* The part of cpu_task_entry that is the same everywhere: unmask, run task->entry(arg), then
   the kernel's exit function. Returns only if that function does (it must not). */
void cpu_task_run(k_task_t *task);

/* What the core asks of each host's CPU thread layer. */

/* Run the outermost ISR on the interrupt stack (as the hardware switches to MSP), with the FP
   control state `fpctl` the interrupted code had. */
void cpu_os_run_outermost_isr(sim_isr_t isr, const arch_fpctl_t *fpctl);
/* Sleep until another thread kicks the CPU or the host clock reaches `host_deadline`
   (UINT64_MAX: no deadline). Returns at once if something is pending already. */
void cpu_os_block(uint64_t host_deadline);
/* cpu_kick from a host thread other than the CPU's: wake or interrupt the CPU thread. Does
   nothing before cpu_boot. */
void cpu_os_kick(void);
/* The CPU has taken cpu_core.clock_kick (the Win32 watchdog counts budgets from there). */
void cpu_os_clock_kick_taken(void);
/* cpu_request_halt was called: make the CPU thread notice (from any thread, async-signal-safe).
   Does nothing before cpu_boot. */
void cpu_os_halt_requested(void);
/* Machine reset, after the core's: what the host layer keeps per run. */
void cpu_os_reset(void);

#endif /* PORT_HOST_CPU_CORE_H */
