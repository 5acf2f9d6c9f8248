/*
 * Kernel conformance suite: glue for the POSIX simulator. Cases run on the simulated CPU in
 * this process; each starts from a machine reset.
 */
#include "ktest.h"

#include "arch.h"
#include "cpu.h"
#include "sim_board/irq_map.h"

#include "sim/clock.h"
#include "sim/irqc.h"

static sim_event_t timeout_event;
static int timed_out;

static void timeout_fire(void *arg)
{
    (void)arg;
    timed_out = 1;
    cpu_halt(0);
}

void ktest_port_reset(void)
{
    timed_out = 0;
    cpu_reset();
}

void ktest_port_end(void)
{
    cpu_halt(0);
}

void ktest_port_set_timeout(k_tick_t ticks)
{
    sim_event_init(&timeout_event, "ktest-timeout", timeout_fire, NULL);
    sim_event_schedule(&timeout_event,
                       sim_clock_now() + (sim_time_t)ticks * (1000000000u / TOS_CFG_CPU_TICK_PER_SECOND));
}

int ktest_port_timed_out(void)
{
    return timed_out;
}

int ktest_port_async_preemption(void)
{
    return arch_async_preemption;
}

void ktest_port_irq_connect(unsigned n, void (*isr)(void), uint8_t prio)
{
    sim_irq_connect(SIM_IRQ_TEST_BASE + n, isr);
    sim_irq_set_priority(SIM_IRQ_TEST_BASE + n, prio);
    sim_irq_enable(SIM_IRQ_TEST_BASE + n);
}

void ktest_port_irq_raise(unsigned n)
{
    sim_irq_set_pending(SIM_IRQ_TEST_BASE + n);
}
