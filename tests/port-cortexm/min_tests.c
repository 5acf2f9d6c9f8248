/*
 * The minimal footprint configuration (tools/footprint/minimal/tos_config.h) on the Cortex-M
 * port, one scenario per QEMU run, named on the semihosting command line:
 *
 *   run            the kernel checks shared with the simulator (tests/minimal), and interrupts
 *                  with the hardware doing the nesting (PORT_CM_IRQ_NEST_COUNT 0): exit 0x53
 *   task_return    a task returns from its entry (no task destroy): a panic, exit 0x50
 *   assert         a C assert() fails: a panic, exit 0x50
 *   fault          a bus error: exit 0x46
 *
 * Without the reports (PORT_CM_FAULT_REPORT 0) the port prints nothing for the last three: the
 * exit code alone says what happened (ctest rejects any "sprig:" line).
 */
#undef NDEBUG
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tos_k.h"

#include "board.h"
#include "cm_regs.h"
#include "minimal_checks.h"
#include "port_cm.h"
#include "scenario.h"

#if PORT_CM_FAULT_REPORT || PORT_CM_IRQ_NEST_COUNT || PORT_CM_CRITICAL_INLINE
#error "min_tests.c is built with the minimal configuration (tools/footprint/minimal)"
#endif

#define MAIN_PRIO   SCENARIO_MAIN_PRIO

static k_task_t  isr_waiter, returner;
static k_stack_t isr_waiter_stack[1024] __attribute__((aligned(8)));
static k_stack_t returner_stack[1024] __attribute__((aligned(8)));

static void soft_irq_setup(unsigned n, void (*isr)(void), uint8_t nvic_prio)
{
    unsigned irq = BOARD_SOFT_IRQ_BASE + n;
    board_soft_irq_attach(n, isr);
    CM_NVIC_IPR(irq) = nvic_prio;
    CM_NVIC_ICPR(irq) = CM_NVIC_BIT(irq);
    CM_NVIC_ISER(irq) = CM_NVIC_BIT(irq);
}

static void soft_irq_raise(unsigned n)
{
    unsigned irq = BOARD_SOFT_IRQ_BASE + n;
    CM_NVIC_ISPR(irq) = CM_NVIC_BIT(irq);
    __asm__ volatile("dsb\n\tisb" ::: "memory");
}

/* ---- run: interrupts that wake a task ---- */

static k_sem_t s_isr;
static volatile unsigned waiter_runs, waiter_runs_seen_by_outer;
static volatile k_err_t isr_pend_err;

static void isr_waiter_entry(void *arg)
{
    (void)arg;
    for (;;) {
        if (tos_sem_pend(&s_isr, TOS_TIME_FOREVER) == K_ERR_NONE) {
            waiter_runs++;
        }
    }
}

/* Posts from an ISR; a blocking call there is refused. */
static void inner_isr(void)
{
    tos_knl_irq_enter();
    (void)tos_sem_post(&s_isr);
    isr_pend_err = tos_sem_pend(&s_isr, 10u);
    tos_knl_irq_leave();
}

/* Raises the more urgent inner_isr, which preempts it; the woken task must wait until this
   one has returned too. */
static void outer_isr(void)
{
    tos_knl_irq_enter();
    soft_irq_raise(1u);
    waiter_runs_seen_by_outer = waiter_runs;
    tos_knl_irq_leave();
}

static void run(void)
{
    minimal_checks();

    printf("an interrupt wakes a more urgent task, which runs as soon as it returns\n");
    MIN_CHECK(tos_sem_create(&s_isr, 0u) == K_ERR_NONE);
    MIN_CHECK(tos_task_create(&isr_waiter, "isr_waiter", isr_waiter_entry, K_NULL,
                              MAIN_PRIO - 3u, isr_waiter_stack, sizeof isr_waiter_stack,
                              0u) == K_ERR_NONE);
    soft_irq_setup(1u, inner_isr, port_cm_kernel_irq_prio(0x40u));
    soft_irq_setup(0u, outer_isr, port_cm_kernel_irq_prio(0x80u));
    isr_pend_err = K_ERR_NONE;
    soft_irq_raise(1u);
    MIN_CHECK(waiter_runs == 1u);
    MIN_CHECK(isr_pend_err == K_ERR_IN_IRQ);

    printf("... and only once the outermost of two nested interrupts has returned\n");
    soft_irq_raise(0u);
    MIN_CHECK(waiter_runs_seen_by_outer == 1u);
    MIN_CHECK(waiter_runs == 2u);

    printf("%s\n", minimal_failures ? "FAILED" : "PASSED");
    exit(minimal_failures ? 1 : 0);
}

/* ---- stops ---- */

static void returner_entry(void *arg)
{
    (void)arg;                              /* and return: no destroy in this configuration */
}

static void task_return(void)
{
    printf("task 'returner' returns from its entry\n");
    fflush(stdout);
    (void)tos_task_create(&returner, "returner", returner_entry, K_NULL, MAIN_PRIO - 1u,
                          returner_stack, sizeof returner_stack, 0u);
    printf("FAIL: no panic\n");
}

static void assert_fails(void)
{
    volatile int two = 2;
    printf("a C assert() fails\n");
    fflush(stdout);
    assert(two + two == 5);
    printf("FAIL: no panic\n");
}

static void fault(void)
{
    printf("reading 0x90000000 (nothing there) from a task\n");
    fflush(stdout);
    (void)*(volatile uint32_t *)0x90000000u;
    printf("FAIL: no fault\n");
}

const cm_scenario_t cm_scenarios[] = {
    { "run", run },
    { "task_return", task_return },
    { "assert", assert_fails },
    { "fault", fault },
};

const unsigned cm_scenario_count = sizeof cm_scenarios / sizeof cm_scenarios[0];
const char cm_scenario_program[] = "min_tests";
const char cm_scenario_banner[] = ", minimal configuration";
