/*
 * The port contract (kernel/include/port.h) for the POSIX simulator: the CPU (cpu.c), task
 * stacks (stack.c) and the system tick, which runs tickless while the CPU idles.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

#include "tos_k.h"

#include "arch.h"
#include "cpu.h"
#include "sim_board/irq_map.h"

#include "sim/clock.h"
#include "sim/irqc.h"
#include "sim/systick.h"

#define TICK_NS     ((sim_time_t)(1000000000u / TOS_CFG_CPU_TICK_PER_SECOND))

/* Ticks of the systick the kernel has been told about. */
static uint64_t ticks_announced;

/* The tick ISR accounts every boundary the clock has passed: one in the periodic case, many
   after a tickless sleep. */
static void port_tick_isr(void)
{
    tos_knl_irq_enter();
    uint64_t now = sim_systick_count_at(sim_clock_now());
    if (now > ticks_announced) {
        k_tick_t elapsed = (k_tick_t)(now - ticks_announced);
        ticks_announced = now;
        knl_tick_announce(elapsed);
    }
    tos_knl_irq_leave();
}

__PORT__ void port_init(void)
{
    ticks_announced = sim_systick_count_at(sim_clock_now());
    sim_irq_connect(SIM_IRQ_SYSTICK, port_tick_isr);
    sim_irq_set_priority(SIM_IRQ_SYSTICK, (uint8_t)TOS_CFG_CPU_SYSTICK_PRIO);
    sim_irq_enable(SIM_IRQ_SYSTICK);
    sim_systick_start(SIM_IRQ_SYSTICK, TICK_NS);
}

__PORT__ void port_sched_start(void)
{
    (void)cpu_run(k_curr_task->sp);
}

__PORT__ void port_context_switch(void)
{
    cpu_switch_to_next();
}

__PORT__ void port_irq_context_switch(void)
{
    cpu_pend_switch();
}

__PORT__ void port_idle(k_tick_t ticks)
{
    /* tickless: no tick interrupts until the kernel's next deadline */
    if (ticks == TOS_TIME_FOREVER) {
        sim_systick_skip_to(UINT64_MAX);
    } else if (ticks > 1u) {
        sim_systick_skip_to(ticks_announced + ticks);
    }
    cpu_wait_for_interrupt();
    sim_systick_resume();
    if (sim_systick_count_at(sim_clock_now()) > ticks_announced) {
        /* woken early by another interrupt: let the tick ISR catch the kernel up before
           anything the wake-up made ready gets to run */
        sim_irq_set_pending(SIM_IRQ_SYSTICK);
    }
}

__PORT__ k_err_t port_task_stack_init(k_task_t *task, k_task_entry_t entry, void *arg,
                                      void (*exit_fn)(void))
{
    struct port_stack *s = cpu_stack_alloc(task->stk_size + PORT_HOST_STACK_HEADROOM, task);
    (void)entry;
    (void)arg;
    if (!s) {
        return K_ERR_TASK_OUT_OF_MEMORY;
    }
    cpu_set_task_exit(exit_fn);
    task->port_stack = s;
    task->sp = arch_stack_init(cpu_stack_top(s), cpu_task_entry, task);
    return K_ERR_NONE;
}

__PORT__ void port_task_stack_release(k_task_t *task)
{
    struct port_stack *s = task->port_stack;
    if (!s) {
        return;
    }
    task->port_stack = NULL;
    if (task == k_curr_task && tos_knl_is_running()) {
        cpu_stack_retire(s);        /* still running on it: free after the switch */
    } else {
        cpu_stack_free(s);
    }
}

__PORT__ k_err_t port_task_stack_depth(k_task_t *task, int *depth)
{
    struct port_stack *s = task->port_stack;
    size_t used = s ? cpu_stack_depth(s) : 0u;
    *depth = (int)used;
    return s && used >= cpu_stack_size(s) ? K_ERR_TASK_STK_OVERFLOW : K_ERR_NONE;
}

__PORT__ void port_panic(const char *what, const char *file, int line)
{
    fflush(stdout);
    fprintf(stderr, "sprig: panic: %s (%s:%d)", what, file, line);
    if (k_curr_task && tos_knl_is_running()) {
        fprintf(stderr, " in %s '%s'", port_in_isr() ? "an interrupt of task" : "task",
                k_curr_task->name);
    }
    fputc('\n', stderr);
    abort();
}
