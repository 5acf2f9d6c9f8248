/*
 * The host-independent core of the simulated CPU: the same on every host port.
 *
 * Interrupt model (docs/architecture.md#interrupts):
 *  - PRIMASK is a variable (port_cpu_primask). Masking is a store; unmasking checks
 *    port_cpu_attention and takes what became pending meanwhile (port_cpu_service).
 *  - A line raised on the CPU thread is taken before the raise returns unless masked, like an
 *    NVIC write. Anything from another host thread goes through the host layer (cpu_os_kick),
 *    which gets the CPU thread into the interrupt trampoline at whatever instruction it is
 *    (POSIX: a signal; Windows: suspend and redirect), or sets port_cpu_attention when it is
 *    masked. Either way the ISRs run here, in cpu_dispatch, on the CPU thread in ordinary code.
 *  - cpu_dispatch() runs the ISRs in NVIC priority order on the interrupt stack, nesting a
 *    more urgent line over a running one, and does the PendSV-style task switch when the
 *    outermost one returns.
 * The host layer (cpu_core.h) provides the interrupt stack, the idle wait and the kick.
 */
#include <stdatomic.h>
#include <stdio.h>

#include "tos_k.h"

#include "cpu_core.h"

#include "sim/clock.h"
#include "sim/options.h"
#include "sim/rng.h"
#include "sim/trace.h"

volatile uint32_t port_cpu_primask = 1u;
volatile uint32_t port_cpu_attention;
volatile uint32_t port_cpu_irq_depth;

cpu_core_t cpu_core;

/* cpu_request_halt: code + 1, 0 for none. Atomic: set by signal handlers and other threads. */
static atomic_int halt_request;

static void (*task_exit_fn)(void);

/* ------------------------------------------------------------------------------------------ */
/* halt                                                                                        */

int cpu_halt_requested(void)
{
    return atomic_load_explicit(&halt_request, memory_order_relaxed);
}

void cpu_halt_if_requested(void)
{
    int req = cpu_halt_requested();
    if (req) {
        cpu_halt(req - 1);
    }
}

void cpu_request_halt(int code)
{
    atomic_store(&halt_request, code + 1);
    cpu_os_halt_requested();
}

int cpu_halt_code(void)
{
    return cpu_core.halt_code;
}

void cpu_power_on(void)
{
    cpu_core.halt_code = 0;
    cpu_core.powered = true;
}

/* The order matters to the interrupt delivery on another thread: once `powered` is clear it
   leaves the CPU alone, so PRIMASK may go up after it. */
void cpu_power_off(int code)
{
    cpu_core.halt_code = code;
    cpu_core.powered = false;
    port_cpu_primask = 1u;
}

/* ------------------------------------------------------------------------------------------ */
/* the busy budget                                                                             */

void cpu_budget_restart(cpu_budget_t *b, uint64_t busy, uint64_t excl)
{
    b->advances = sim_clock_advance_count();
    b->busy_base = busy;
    b->excl_base = excl;
}

bool cpu_budget_spent(cpu_budget_t *b, uint64_t busy, uint64_t excl)
{
    if (sim_clock_advance_count() != b->advances) {
        cpu_budget_restart(b, busy, excl);
        return false;
    }
    uint64_t spent = busy - b->busy_base;
    uint64_t in_host = excl - b->excl_base;
    if (spent > in_host && spent - in_host >= cpu_core.budget_ns) {
        b->busy_base = busy;
        b->excl_base = excl;
        return true;
    }
    return false;
}

/* ------------------------------------------------------------------------------------------ */
/* dispatch                                                                                    */

static void take_clock_kick(void)
{
    cpu_core.clock_kick = 0u;
    cpu_os_clock_kick_taken();
}

static void cpu_clock_service(void)
{
    cpu_halt_if_requested();
    if (sim_clock_mode() == SIM_CLOCK_REALTIME) {
        sim_clock_fire_due();
    } else {
#if TOS_TRACE_EN
        if (port_trace_enabled) {
            sim_trace_note("busy budget spent: time moved to the next event");
        }
#endif
        sim_clock_jump_to_next();       /* the busy budget ran out */
    }
}

static void cpu_run_isr(sim_isr_t isr)
{
    arch_fpctl_t fpctl;

    /* an ISR leaves the FP control state as it found it, as exception return does */
    arch_fpctl_save(&fpctl);
    if (port_cpu_irq_depth++ == 0u) {
        cpu_os_run_outermost_isr(isr, &fpctl);
    } else {
        isr();
    }
    port_cpu_irq_depth--;
    arch_fpctl_restore(&fpctl);
}

static void cpu_unhandled_irq(int line)
{
    static uint64_t reported;
    if (!(reported & ((uint64_t)1u << line))) {
        reported |= (uint64_t)1u << line;
        fprintf(stderr, "sprig: interrupt line %d is enabled and pending but has no handler\n", line);
    }
}

void cpu_dispatch(void)
{
    for (;;) {
        port_cpu_attention = 0u;
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        if (cpu_core.clock_kick) {
            take_clock_kick();
            cpu_clock_service();
        }
        int line = sim_irq_next();
        if (line < 0) {
            break;
        }
        sim_isr_t isr = sim_irq_activate((unsigned)line);
        TOS_TRACE_ISR_ENTER((unsigned)line);
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        port_cpu_primask = 0u;          /* a more urgent line may nest */
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        if (isr) {
            cpu_run_isr(isr);
        } else {
            cpu_unhandled_irq(line);
        }
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        port_cpu_primask = 1u;
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        TOS_TRACE_ISR_EXIT((unsigned)line);
        sim_irq_complete((unsigned)line);
    }
    if (cpu_core.pendsv && sim_irq_nesting() == 0u) {
        cpu_core.pendsv = 0u;
        cpu_switch_to_next();
    }
}

void port_cpu_service(void)
{
    while (port_cpu_attention && cpu_core.powered) {
        port_cpu_primask = 1u;
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        cpu_dispatch();
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        port_cpu_primask = 0u;
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
    }
}

void cpu_pend_switch(void)
{
    cpu_core.pendsv = 1u;
}

void cpu_kick(void)
{
    if (!cpu_on_cpu_thread()) {
        cpu_os_kick();
        return;
    }
    /* raised by code on the CPU itself: taken now unless masked, like an NVIC write */
    port_cpu_attention = 1u;
    if (port_cpu_primask == 0u && cpu_core.powered) {
        port_cpu_service();
    }
}

/* ------------------------------------------------------------------------------------------ */
/* tasks                                                                                       */

void cpu_set_task_exit(void (*exit_fn)(void))
{
    task_exit_fn = exit_fn;
}

void cpu_task_run(k_task_t *task)
{
    cpu_stacks_collect();
    port_cpsr_restore(0u);
    task->entry(task->arg);
    task_exit_fn();
}

/* ------------------------------------------------------------------------------------------ */
/* idle                                                                                        */

void cpu_wait_for_interrupt(void)
{
    for (;;) {
        cpu_halt_if_requested();
        port_cpu_attention = 0u;
        take_clock_kick();              /* idle: time moves to the next event anyway */
        if (sim_irq_should_preempt()) {
            /* leave it pending, and make the caller's unmask take it: an event fired in the
               round before (a device completing) may have raised it after attention was
               cleared */
            port_cpu_attention = 1u;
            return;
        }
        if (sim_clock_mode() == SIM_CLOCK_VIRTUAL) {
            /* nothing runs until the next event: jump straight to it */
            if (!sim_clock_jump_to_next()) {
                cpu_os_block(UINT64_MAX);   /* only another host thread can wake us now */
            }
        } else if (!sim_clock_fire_due()) {
            cpu_os_block(sim_clock_head_host_deadline());
        }
    }
}

/* ------------------------------------------------------------------------------------------ */
/* reset                                                                                       */

void cpu_reset(void)
{
    const sim_options_t *o = sim_options();

    cpu_boot();
    port_cpu_primask = 1u;
    port_cpu_attention = 0u;
    port_cpu_irq_depth = 0u;
    cpu_core.pendsv = 0u;
    take_clock_kick();
    atomic_store(&halt_request, 0);
    cpu_core.powered = false;
    cpu_core.budget_ns = o->busy_budget;
    cpu_stacks_release_all();
    cpu_os_reset();

    sim_irq_reset();
    sim_clock_reset();
    sim_clock_set_mode(o->mode, o->speed);
    sim_rng_seed(o->seed);
}
