/*
 * Kernel conformance suite: glue for the Cortex-M port under QEMU (see ktest.h).
 *
 * A case ends (ktest_port_end) by port_cm_halt, which makes tos_knl_start return to
 * ktest_run from any task or ISR; the runner then resets the system before the next case.
 * Test interrupt lines are the board's software lines; their priorities are kernel-relative
 * (port_cm_kernel_irq_prio), so every test ISR may use the kernel.
 *
 * Hang detection, by the board watchdog (TIMER0, above the kernel's BASEPRI, so it fires even
 * in a critical section that never ends), once per second of virtual time:
 *   - the case's kernel-time budget (ktest_port_set_timeout) is spent, or
 *   - the CPU has not gone idle for KTEST_CM_BUSY_LIMIT_S seconds of virtual time: the
 *     busiest case (mmheap.randomized_stress) computes for about 29 s, and at QEMU's speed
 *     the host's week of busy time would never end.
 */
#include "ktest.h"
#include "ktest_cm.h"

#include "board.h"
#include "cm_regs.h"
#include "port_cm.h"

#define WATCHDOG_MS             1000u

static volatile int timed_out;
static volatile ktest_cm_timeout_t timeout_kind;
static uint32_t deadline;           /* port_cm_ticks() value that ends the case */
static uint32_t last_idle;
static uint32_t busy_seconds;

static void watchdog(void)
{
    uint32_t idle = port_cm_idle_count();

    if (idle != last_idle) {
        last_idle = idle;
        busy_seconds = 0u;
    } else {
        busy_seconds++;
    }
    if ((int32_t)(port_cm_ticks() - deadline) >= 0) {
        timeout_kind = KTEST_CM_TIMEOUT_KERNEL_TIME;
    } else if (busy_seconds >= KTEST_CM_BUSY_LIMIT_S) {
        timeout_kind = KTEST_CM_TIMEOUT_BUSY;
    } else {
        return;
    }
    timed_out = 1;
    board_watchdog_stop();
    port_cm_halt();
}

void ktest_port_reset(void)
{
    /* the runner resets the system before every case: only the glue's own state is left */
    timed_out = 0;
    timeout_kind = KTEST_CM_TIMEOUT_NONE;
}

void ktest_port_end(void)
{
    board_watchdog_stop();
    port_cm_halt();
}

void ktest_port_set_timeout(k_tick_t ticks)
{
    deadline = port_cm_ticks() + (uint32_t)ticks;
    last_idle = port_cm_idle_count();
    busy_seconds = 0u;
    board_watchdog_start(WATCHDOG_MS, watchdog);
}

int ktest_port_timed_out(void)
{
    return timed_out;
}

ktest_cm_timeout_t ktest_cm_timeout_kind(void)
{
    return timeout_kind;
}

int ktest_port_async_preemption(void)
{
    return 1;
}

void ktest_port_irq_connect(unsigned n, void (*isr)(void), uint8_t prio)
{
    unsigned irq = BOARD_SOFT_IRQ_BASE + n;

    board_soft_irq_attach(n, isr);
    CM_NVIC_IPR(irq) = port_cm_kernel_irq_prio(prio);
    CM_NVIC_ICPR(irq) = CM_NVIC_BIT(irq);
    CM_NVIC_ISER(irq) = CM_NVIC_BIT(irq);
}

void ktest_port_irq_raise(unsigned n)
{
    unsigned irq = BOARD_SOFT_IRQ_BASE + n;

    CM_NVIC_ISPR(irq) = CM_NVIC_BIT(irq);
    /* taken before this returns unless masked or not more urgent than the caller */
    __asm__ volatile("dsb\n\tisb" ::: "memory");
}
