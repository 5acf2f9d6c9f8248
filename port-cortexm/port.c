/*
 * The port contract (kernel/include/port.h) for ARMv7-M: the SysTick tick, tickless sleep,
 * low-power modes, task stacks and panics. The context switch is in switch.c, faults and CPU
 * set-up in cpu.c.
 */
#include "tos_k.h"

#include "cm_internal.h"
#include "cm_regs.h"
#include "port_cm.h"
#if TOS_CFG_TICKLESS_EN > 0u
#include "port_cm_tickless.h"
#endif

#if TOS_CFG_CPU_SYSTICK_PRIO < PORT_CM_BASEPRI || TOS_CFG_CPU_SYSTICK_PRIO > 0xFFu
#error "TOS_CFG_CPU_SYSTICK_PRIO must be between PORT_CM_BASEPRI and 0xFF: the tick ISR calls the kernel, so the kernel's mask must cover it"
#endif

/* SysTick must be strictly more urgent than PendSV (the lowest level the NVIC implements):
   after a tickless sleep the tick ISR has to catch the kernel up before PendSV switches to a
   task the wake-up made ready, and at equal priority PendSV would go first. On an NVIC with few
   priority bits the kernel's default 0xF0 is that lowest level: use the one above it. */
#define PRIO_STEP           (1u << (8u - SPRIG_BOARD_NVIC_PRIO_BITS))
#define PRIO_LOWEST         (0x100u - PRIO_STEP)
#define SYSTICK_PRIO        ((TOS_CFG_CPU_SYSTICK_PRIO & ~(PRIO_STEP - 1u)) < PRIO_LOWEST ? \
                             (TOS_CFG_CPU_SYSTICK_PRIO & ~(PRIO_STEP - 1u)) : PRIO_LOWEST - PRIO_STEP)
#if PORT_CM_BASEPRI > PRIO_LOWEST - PRIO_STEP
#error "PORT_CM_BASEPRI leaves no NVIC level for the tick between it and PendSV's"
#endif

/* CPU clock cycles per tick: SysTick's period. */
#define TICK_CYCLES         ((uint32_t)(TOS_CFG_CPU_CLOCK / TOS_CFG_CPU_TICK_PER_SECOND))
#if TOS_CFG_CPU_CLOCK / TOS_CFG_CPU_TICK_PER_SECOND < 256u
#error "TOS_CFG_CPU_CLOCK / TOS_CFG_CPU_TICK_PER_SECOND is too small for SysTick (under 256 cycles a tick)"
#endif
#if TOS_CFG_CPU_CLOCK / TOS_CFG_CPU_TICK_PER_SECOND > 0x1000000u
#error "TOS_CFG_CPU_CLOCK / TOS_CFG_CPU_TICK_PER_SECOND does not fit SysTick's 24-bit counter"
#endif

/* The longest SysTick sleep, in whole ticks: the 24-bit counter is the limit. */
#define SLEEP_TICKS_MAX     ((CM_SYST_MAX + 1u) / TICK_CYCLES)
/* A restart closer than this to a tick boundary counts that boundary as passed instead: the
   counter must have time to load before it is due. */
#define RESTART_MIN_CYCLES  64u

#define SYST_RUN            (CM_SYST_CSR_CLKSOURCE | CM_SYST_CSR_TICKINT | CM_SYST_CSR_ENABLE)
#define SYST_STOP           (CM_SYST_CSR_CLKSOURCE | CM_SYST_CSR_TICKINT)

/* Whether SysTick ever stops for a sleep (the port's tickless idle, or the kernel's). */
#define CM_TICK_STOPS       (PORT_CM_TICKLESS || TOS_CFG_TICKLESS_EN > 0u)

#if CM_TICK_STOPS
static uint32_t tick_extra;             /* ticks that passed in a sleep, for the next tick ISR */
#endif
static volatile uint32_t idle_count;

#if CM_TICK_STOPS

/* The tick grid across a sleep: SysTick is stopped, the cycles to the next boundary are kept,
   the sleep is measured, and SysTick restarts in phase with the boundaries that passed
   counted. */
static struct {
    uint32_t to_boundary;   /* cycles from the stop to the next tick boundary */
    uint32_t cycles;        /* length of the SysTick one-shot, when SysTick is the alarm */
    uint32_t elapsed;       /* cycles the sleep lasted */
    uint8_t  stopped;       /* SysTick is stopped (a sleep is in progress) */
    uint8_t  measured;      /* `elapsed` is known */
    uint8_t  suspended;     /* the kernel stopped the tick (port_systick_suspend) */
} slp;
#endif

/* ---- the tick ---- */

void SysTick_Handler(void)
{
    uint32_t n = 1u;            /* the boundary that raised this... */

#if !PORT_IRQ_NEST_HW
    tos_knl_irq_enter();        /* (does nothing when the hardware does the nesting) */
#endif
#if CM_TICK_STOPS
    n += tick_extra;            /* ...and any a sleep skipped */
    tick_extra = 0u;
#endif
    knl_tick_announce((k_tick_t)n);
    tos_knl_irq_leave();
}

__PORT__ void port_init(void)
{
#if CM_TICK_STOPS
    tick_extra = 0u;
    slp.stopped = slp.measured = slp.suspended = 0u;
#endif
    CM_SCB_SHPR(CM_EXC_PENDSV) = 0xFFu;     /* switches wait for every ISR */
    CM_SCB_SHPR(CM_EXC_SYSTICK) = (uint8_t)SYSTICK_PRIO;
    CM_SYST_CSR = SYST_STOP;
    CM_SYST_RVR = TICK_CYCLES - 1u;
    CM_SYST_CVR = 0u;
    CM_SCB_ICSR = CM_ICSR_PENDSTCLR;
    CM_SYST_CSR = SYST_RUN;
}

/* (the kernel's own count: the port announces every tick to it) */
uint32_t port_cm_ticks(void)
{
    return (uint32_t)tick_now();
}

uint32_t port_cm_idle_count(void)
{
    return idle_count;
}

/* ---- context switches: PendSV does them once no ISR is active (switch.c); both calls of the
   port contract only pend it (port_cm_pendsv, inline in port_cpu.h) ---- */

/* ---- sleeping ---- */

/* Wait for an interrupt with the kernel's BASEPRI mask up. BASEPRI would also keep the masked
   interrupts from waking the core, so for the WFI itself PRIMASK does the masking: whatever
   wakes the core stays pending until the kernel unmasks. */
static void cpu_wait(int deep)
{
    uint32_t mask;

    if (deep) {
        CM_SCB_SCR |= CM_SCR_SLEEPDEEP;
    }
    __asm__ volatile("mrs   %0, basepri\n\t"
                     "cpsid i\n\t"
                     "msr   basepri, %1\n\t"
                     "dsb\n\t"
                     "wfi\n\t"
                     "msr   basepri, %0\n\t"
                     "cpsie i\n\t"
                     "isb"
                     : "=&r"(mask) : "r"(0u) : "memory");
    if (deep) {
        CM_SCB_SCR &= ~CM_SCR_SLEEPDEEP;
    }
    idle_count++;
}

#if CM_TICK_STOPS
/* Stop SysTick for a sleep. Returns 0 (and leaves it running) when a tick is due now: the
   sleep must not start past it. */
static int tick_stop(void)
{
    uint32_t left;

    CM_SYST_CSR = SYST_STOP;
    left = CM_SYST_CVR;
    if (left == 0u || (CM_SCB_ICSR & CM_ICSR_PENDSTSET) != 0u) {
        CM_SYST_CSR = SYST_RUN;
        return 0;
    }
    slp.to_boundary = left;
    slp.stopped = 1u;
    slp.measured = 0u;
    slp.elapsed = 0u;
    return 1;
}

/* Cycles from the stop to the boundary `ticks` ticks ahead (the first one is the boundary that
   was next when SysTick stopped). */
static uint32_t boundary_cycles(uint32_t ticks)
{
    uint64_t c = (uint64_t)slp.to_boundary + (uint64_t)(ticks - 1u) * TICK_CYCLES;
    return c > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)c;
}

/* SysTick as the alarm: one period of `cycles`, then the interrupt. */
static void systick_oneshot(uint32_t cycles)
{
    if (cycles > CM_SYST_MAX + 1u) {
        cycles = CM_SYST_MAX + 1u;
    }
    slp.cycles = cycles;
    CM_SYST_RVR = cycles - 1u;
    CM_SYST_CVR = 0u;                   /* also clears COUNTFLAG */
    CM_SYST_CSR = SYST_RUN;
}

/* Stop the one-shot and measure how long it ran. The counter loads RVR on its first clock,
   counts down to 0 (the interrupt, COUNTFLAG) and reloads RVR again. */
static void systick_oneshot_measure(void)
{
    uint32_t csr, now, len = slp.cycles;

    CM_SYST_CSR = SYST_STOP;
    csr = CM_SYST_CSR;
    now = CM_SYST_CVR;
    if ((csr & CM_SYST_CSR_COUNTFLAG) != 0u) {
        slp.elapsed = now == 0u ? len : len + (len - now);
    } else {
        slp.elapsed = now == 0u ? 0u : len - now;
    }
    slp.measured = 1u;
}

/* Restart SysTick on the tick grid after a sleep of slp.elapsed cycles, and make the tick ISR
   announce every boundary that passed before anything the wake-up made ready can run. */
static void tick_restart(void)
{
    uint32_t elapsed = slp.measured ? slp.elapsed : 0u;
    uint32_t passed, next;

    if (elapsed < slp.to_boundary) {
        passed = 0u;
        next = slp.to_boundary - elapsed;
    } else {
        uint32_t over = elapsed - slp.to_boundary;
        passed = 1u + over / TICK_CYCLES;
        next = TICK_CYCLES - over % TICK_CYCLES;
    }
    if (next < RESTART_MIN_CYCLES) {
        next += TICK_CYCLES;
        passed++;
    }
    CM_SYST_RVR = next - 1u;
    CM_SYST_CVR = 0u;
    CM_SYST_CSR = SYST_RUN;
    while (CM_SYST_CVR == 0u) {
        /* the counter loads RVR on its first clock edge; only then may RVR change */
    }
    CM_SYST_RVR = TICK_CYCLES - 1u;
    slp.stopped = 0u;
    if (passed > 0u) {
        tick_extra += passed - 1u;
        CM_SCB_ICSR = CM_ICSR_PENDSTSET;    /* (already pending if the one-shot fired) */
    }
}
#endif

/* Sleep until an interrupt, at most to the kernel's deadline `ticks` away. */
static void cpu_sleep(k_tick_t ticks, int deep)
{
#if PORT_CM_TICKLESS
    if (ticks > 1u && !slp.suspended && tick_stop()) {
        uint32_t n = ticks > SLEEP_TICKS_MAX ? SLEEP_TICKS_MAX : (uint32_t)ticks;
        systick_oneshot(boundary_cycles(n));
        cpu_wait(deep);
        systick_oneshot_measure();
        tick_restart();
        return;
    }
#else
    (void)ticks;
#endif
    cpu_wait(deep);
}

__PORT__ void port_idle(k_tick_t ticks)
{
    cpu_sleep(ticks, 0);
}

#if TOS_CFG_PWR_MGR_EN > 0u
/* On QEMU every mode is WFI; on silicon SLEEPDEEP selects the vendor's deep modes (which may
   stop SysTick: a board then installs a wake-up alarm that keeps counting, see
   port_cm_sleep_cycles). */
__PORT__ void port_cpu_lpwr_enter(k_cpu_lpwr_mode_t mode)
{
    int deep = mode == TOS_LOW_POWER_MODE_STOP || mode == TOS_LOW_POWER_MODE_STANDBY;

#if CM_TICK_STOPS
    if (slp.suspended) {
        cpu_wait(deep);                 /* the kernel's tickless sleep: the alarm wakes us */
        return;
    }
#endif
    cpu_sleep(knl_next_expires_get(), deep);
}
#endif

#if TOS_CFG_TICKLESS_EN > 0u
__PORT__ void port_systick_suspend(void)
{
    slp.suspended = 1u;
    (void)tick_stop();
}

__PORT__ void port_systick_resume(void)
{
    if (slp.stopped) {
        tick_restart();
    }
    slp.suspended = 0u;
}

uint32_t port_cm_sleep_cycles(uint32_t ms)
{
    uint64_t ticks = (uint64_t)ms * TOS_CFG_CPU_TICK_PER_SECOND / K_TIME_MILLISEC_PER_SEC;

    if (!slp.stopped) {
        return 1u;                      /* a tick is pending: wake at once */
    }
    if (ticks == 0u) {
        ticks = 1u;
    }
    return boundary_cycles(ticks > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)ticks);
}

void port_cm_sleep_elapsed(uint32_t cycles)
{
    slp.elapsed = cycles;
    slp.measured = 1u;
}

static int systick_alarm_init(void)
{
    return 0;
}

static int systick_alarm_setup(k_time_t ms)
{
    if (slp.stopped) {
        systick_oneshot(port_cm_sleep_cycles(ms));
    }
    return 0;
}

static int systick_alarm_dismiss(void)
{
    if (slp.stopped) {
        systick_oneshot_measure();
    }
    return 0;
}

static k_time_t systick_alarm_max_delay(void)
{
    return (k_time_t)((uint64_t)SLEEP_TICKS_MAX * K_TIME_MILLISEC_PER_SEC /
                      TOS_CFG_CPU_TICK_PER_SECOND);
}

k_tickless_wkup_alarm_t port_cm_systick_alarm = {
    .init = systick_alarm_init,
    .setup = systick_alarm_setup,
    .dismiss = systick_alarm_dismiss,
    .max_delay = systick_alarm_max_delay,
};
#endif

/* ---- task stacks ---- */

/* The initial context: r4-r11, EXC_RETURN with an FPU, then the frame exception entry pushes
   (r0-r3, r12, lr, pc, xPSR): the task starts by "returning" into entry. */
#define FRAME_WORDS         (PORT_CM_FPU ? 17u : 16u)
#define FRAME_R0            (FRAME_WORDS - 8u)

__PORT__ k_err_t port_task_stack_init(k_task_t *task, k_task_entry_t entry, void *arg,
                                      void (*exit_fn)(void))
{
    uint32_t *sp = (uint32_t *)cm_stack_top(task) - FRAME_WORDS;

#if PORT_CM_ERRNO_PER_TASK
    task->port_errno = 0;
#endif
    /* (the kernel has checked stk_size >= PORT_TASK_STK_SIZE_MIN: the frame and the canary word
       below it always fit) */
#if TOS_CFG_TASK_STACK_DRAUGHT_DEPTH_DETACT_EN > 0u
    for (uint32_t *p = (uint32_t *)cm_stack_bottom(task); p < sp; p++) {
        *p = CM_STACK_FILL;             /* the depth is where the fill ends */
    }
#elif PORT_CM_STACK_CHECK
    *(uint32_t *)cm_stack_bottom(task) = CM_STACK_FILL;     /* the canary cm_switch_check reads */
#endif
    for (unsigned i = 0; i < FRAME_WORDS; i++) {
        sp[i] = 0u;                     /* r4-r11, r1-r3, r12 */
    }
#if PORT_CM_FPU
    sp[8] = 0xFFFFFFFDu;                /* EXC_RETURN: thread mode, PSP, no FP context yet */
#endif
    sp[FRAME_R0] = (uint32_t)arg;
    sp[FRAME_R0 + 5u] = (uint32_t)exit_fn;          /* LR: entry returns into exit_fn */
    sp[FRAME_R0 + 6u] = (uint32_t)entry & ~1u;      /* PC */
    sp[FRAME_R0 + 7u] = 0x01000000u;                /* xPSR: Thumb state */
    task->sp = (k_stack_t *)sp;
    return K_ERR_NONE;
}

__PORT__ void port_task_stack_release(k_task_t *task)
{
    (void)task;                         /* stacks belong to the caller (or the kernel heap) */
}

__PORT__ k_err_t port_task_stack_depth(k_task_t *task, int *depth)
{
    const uint32_t *p = (const uint32_t *)cm_stack_bottom(task);
    const uint32_t *top = (const uint32_t *)cm_stack_top(task);

    if (*p != CM_STACK_FILL) {
        *depth = (int)task->stk_size;
        return K_ERR_TASK_STK_OVERFLOW;
    }
    while (p < top && *p == CM_STACK_FILL) {
        p++;
    }
    *depth = (int)((uint32_t)top - (uint32_t)p);
    return K_ERR_NONE;
}

/* PendSV has just saved `task` at `sp`: the save must have stayed inside its stack, and the
   canary must be intact (the task may have been deeper before). */
void cm_switch_check(uint32_t sp, k_task_t *task)
{
    uint32_t bottom = cm_stack_bottom(task);

    if (sp >= bottom + 4u && *(const uint32_t *)bottom == CM_STACK_FILL) {
        return;
    }
    if (task->state == K_TASK_STATE_DELETED) {
        return;                         /* a task that destroyed itself: its stack is not ours */
    }
    __asm__ volatile("cpsid i" ::: "memory");
#if PORT_CM_FAULT_REPORT
    cm_report_str("\nsprig: stack overflow in task '");
    cm_report_str(task->name);
    cm_report_str("' (stack ");
    cm_report_hex(bottom);
    cm_report_str("..");
    cm_report_hex(cm_stack_top(task));
    cm_report_str(", saved sp ");
    cm_report_hex(sp);
    cm_report_str(sp < bottom + 4u ? ", below the bottom" : ", lowest word overwritten");
    cm_report_str(")\n");
#endif
    port_cm_fatal(PORT_CM_EXIT_STACK);
}

/* ---- panics ---- */

__PORT__ void port_panic(const char *what, const char *file, int line)
{
    __asm__ volatile("cpsid i" ::: "memory");
#if PORT_CM_FAULT_REPORT
    cm_report_str("\nsprig: panic");
    if (what) {
        cm_report_str(": ");
        cm_report_str(what);
        cm_report_str(" (");
        cm_report_str(file);
        cm_report_str(":");
        cm_report_dec((uint32_t)line);
        cm_report_str(")");
    }
    cm_report_where();
    cm_report_str("\n");
#else
    (void)what;
    (void)file;
    (void)line;
#endif
    port_cm_fatal(PORT_CM_EXIT_PANIC);
}
