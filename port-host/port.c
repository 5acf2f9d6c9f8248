/*
 * The port contract (kernel/include/port.h) of the host ports (port-posix, port-win32): the
 * system tick, which runs tickless while the CPU idles, the wake-up alarm, task stacks and the
 * panic report, on the simulated CPU (cpu.h). Both hosts simulate the same machine, so this is
 * one file; what differs (how a task's stack is made, how the process ends) is behind
 * cpu_task_stack_create and fault_abort.
 */
#include <stdio.h>

#include "tos_k.h"

#include "cpu.h"
#include "fault_report.h"
#include "sim_board/irq_map.h"

#include "sim/alarm.h"
#include "sim/clock.h"
#include "sim/irqc.h"
#include "sim/power.h"
#include "sim/systick.h"

#define TICK_NS     ((sim_time_t)(1000000000u / TOS_CFG_CPU_TICK_PER_SECOND))

/* Ticks of the systick the kernel has been told about. */
static uint64_t ticks_announced;
/* The kernel stopped the tick for a tickless sleep (port_systick_suspend). */
static bool tick_suspended;
/* Tasks created so far in this process: the next one's port_task_id is this plus one. */
static uint32_t tasks_created;

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

/* The wake-up alarm only has to wake the CPU. */
static void port_alarm_isr(void)
{
}

__PORT__ void port_init(void)
{
    ticks_announced = sim_systick_count_at(sim_clock_now());
    tick_suspended = false;
    sim_power_reset();
    sim_alarm_init(SIM_IRQ_ALARM);
    sim_irq_connect(SIM_IRQ_ALARM, port_alarm_isr);
    sim_irq_set_priority(SIM_IRQ_ALARM, (uint8_t)TOS_CFG_CPU_SYSTICK_PRIO);
    sim_irq_enable(SIM_IRQ_ALARM);
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

/* Restart the tick after it was pushed out; if ticks passed meanwhile, pend the tick interrupt
   so its ISR accounts them before anything the wake-up made ready gets to run. */
static void port_tick_restart(void)
{
    sim_systick_resume();
    if (sim_systick_count_at(sim_clock_now()) > ticks_announced) {
        sim_irq_set_pending(SIM_IRQ_SYSTICK);
    }
}

/* Wait for an interrupt in power state `state`. Unless the kernel stopped the tick itself, the
   simulator still does not deliver ticks nobody needs: it pushes the tick out to the kernel's
   next deadline (`ticks` away), which the kernel cannot tell from a tick every period. */
static void port_wait(sim_power_state_t state, k_tick_t ticks)
{
    if (!tick_suspended) {
        if (ticks == TOS_TIME_FOREVER) {
            sim_systick_skip_to(UINT64_MAX);
        } else if (ticks > 1u) {
            sim_systick_skip_to(ticks_announced + ticks);
        }
    }
    sim_power_set(state);
    cpu_wait_for_interrupt();
    sim_power_set(SIM_POWER_RUN);
    if (!tick_suspended) {
        port_tick_restart();
    }
}

__PORT__ void port_idle(k_tick_t ticks)
{
    port_wait(SIM_POWER_IDLE, ticks);
}

#if TOS_CFG_PWR_MGR_EN > 0u
__PORT__ void port_cpu_lpwr_enter(k_cpu_lpwr_mode_t mode)
{
    sim_power_state_t state = mode == TOS_LOW_POWER_MODE_STANDBY ? SIM_POWER_STANDBY :
                              mode == TOS_LOW_POWER_MODE_STOP    ? SIM_POWER_STOP :
                              mode == TOS_LOW_POWER_MODE_SLEEP   ? SIM_POWER_SLEEP :
                                                                   SIM_POWER_IDLE;
    port_wait(state, knl_next_expires_get());
}
#endif

#if TOS_CFG_TICKLESS_EN > 0u
__PORT__ void port_systick_suspend(void)
{
    tick_suspended = true;
    sim_systick_skip_to(UINT64_MAX);
}

__PORT__ void port_systick_resume(void)
{
    tick_suspended = false;
    port_tick_restart();
}

/* The board's wake-up alarm for every low-power mode: the simulator's alarm device, which
   keeps counting virtual time in any mode. */
static int board_alarm_init(void)
{
    return 0;
}

static int board_alarm_setup(k_time_t millisecond)
{
    sim_alarm_set(SIM_MS(millisecond));
    return 0;
}

static int board_alarm_dismiss(void)
{
    sim_alarm_cancel();
    sim_irq_clear_pending(SIM_IRQ_ALARM);
    return 0;
}

static k_time_t board_alarm_max_delay(void)
{
    return (k_time_t)(24u * 3600u * 1000u);     /* a day */
}

static k_tickless_wkup_alarm_t board_alarm = {
    .init = board_alarm_init,
    .setup = board_alarm_setup,
    .dismiss = board_alarm_dismiss,
    .max_delay = board_alarm_max_delay,
};

void tos_bsp_tickless_setup(void)
{
    tos_tickless_wkup_alarm_install(TOS_LOW_POWER_MODE_SLEEP, &board_alarm);
    tos_tickless_wkup_alarm_install(TOS_LOW_POWER_MODE_STOP, &board_alarm);
    tos_tickless_wkup_alarm_install(TOS_LOW_POWER_MODE_STANDBY, &board_alarm);
}
#endif

__PORT__ k_err_t port_task_stack_init(k_task_t *task, k_task_entry_t entry, void *arg,
                                      void (*exit_fn)(void))
{
    size_t want = task->stk_size + PORT_HOST_STACK_HEADROOM;
    void *sp = NULL;
    (void)entry;                    /* cpu_task_entry runs task->entry(task->arg) */
    (void)arg;
    if (want > task->stk_size) {    /* no wrap-around */
        sp = cpu_task_stack_create(task, want);
    }
    if (!sp) {
        return K_ERR_TASK_OUT_OF_MEMORY;
    }
    cpu_set_task_exit(exit_fn);
    task->port_task_id = ++tasks_created;
    task->sp = sp;
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
        cpu_stack_retire(s);        /* still running on it: release after the switch */
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
    port_cpu_primask = 1u;          /* no interrupt in the middle of the report */
    fflush(stdout);
    if (what) {
        fprintf(stderr, "sprig: panic: %s (%s:%d)", what, file, line);
    } else {
        fputs("sprig: panic", stderr);      /* (TOS_CFG_ASSERT_EN 0: no text) */
    }
    if (k_curr_task && tos_knl_is_running()) {
        fprintf(stderr, " in %s '%s'", port_in_isr() ? "an interrupt of task" : "task",
                k_curr_task->name);
    }
    fputc('\n', stderr);
    fflush(stderr);
    (void)port_trace_close();       /* keep what was traced up to here */
    fault_abort();
}
