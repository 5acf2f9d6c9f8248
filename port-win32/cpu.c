/*
 * The simulated CPU on Windows: one host thread runs every task (each a fiber) and every ISR.
 * This is the host layer under port-host/cpu_core.c (dispatch, PendSV, WFI), see cpu_core.h.
 *
 * Interrupt delivery (docs/windows.md#interrupts):
 *  - Windows has no signals to redirect a running thread; SuspendThread/Get/SetThreadContext
 *    do it instead. A host thread that raises a line (a device model, a test's hammer) does it
 *    itself (cpu_deliver); the port's interrupt thread does it for the busy-budget watchdog,
 *    realtime deadlines, halt requests and retries. The thread suspends the CPU thread, reads
 *    its context, and either redirects it into the trampoline (RIP in the program's own
 *    image, PRIMASK clear), or sets port_cpu_attention (PRIMASK set), or resumes it untouched
 *    and lets the interrupt thread try again shortly (RIP in a DLL: Windows, Wine or the C
 *    runtime may hold a lock there, which the ISRs or the next task could need). Between
 *    SuspendThread and ResumeThread it makes no call but Get/SetThreadContext: no C runtime,
 *    no heap, no lock the suspended thread could hold.
 *  - The trampoline saves the full register state on the interrupted stack and calls
 *    cpu_irq_from_trampoline() on the CPU thread, in ordinary code: ISRs never run on the
 *    interrupt thread, and a debugger can step through them.
 *  - cpu_dispatch() (the core's) runs the outermost ISR on the interrupt fiber here, the MSP
 *    of this CPU.
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tos_k.h"

#include "arch.h"
#include "cpu_core.h"
#include "cpu_win32.h"
#include "stack.h"

#include "sim/clock.h"
#include "sim/host.h"
#include "sim/irqc.h"

#ifndef CREATE_WAITABLE_TIMER_HIGH_RESOLUTION
#define CREATE_WAITABLE_TIMER_HIGH_RESOLUTION 0x00000002
#endif

#define IRQ_FIBER_STACK         (256u * 1024u)
#define IRQ_THREAD_STACK        (64u * 1024u)
/* An interrupt that found the CPU masked is left to the CPU for this long before the
   interrupt thread looks again (e.g. a line more urgent than a long-running ISR). */
#define ATTENTION_RECHECK_NS    1000000u
/* Attempts that found the CPU in DLL code: retried at once this many times, then every ms. */
#define RETRY_FAST              16u

/* ------------------------------------------------------------------------------------------ */
/* host work accounting: written by the CPU thread, read by the interrupt thread                */

static uint32_t host_depth;                 /* CPU thread only */
static _Atomic uint64_t host_since;         /* start of the outermost host call, 0: none */
static _Atomic uint64_t host_total;
static _Atomic uint64_t idle_since;         /* start of the current idle wait, 0: none */
static _Atomic uint64_t idle_total;

static void account_begin(_Atomic uint64_t *since)
{
    uint64_t now = sim_host_monotonic_ns();
    atomic_store_explicit(since, now ? now : 1u, memory_order_release);
}

static void account_end(_Atomic uint64_t *since, _Atomic uint64_t *total)
{
    uint64_t t0 = atomic_load_explicit(since, memory_order_relaxed);
    uint64_t now = sim_host_monotonic_ns();
    atomic_store_explicit(total, atomic_load_explicit(total, memory_order_relaxed) +
                          (now > t0 ? now - t0 : 0u), memory_order_relaxed);
    atomic_store_explicit(since, 0u, memory_order_release);     /* after the total */
}

/* Time accounted so far, including a stretch in progress (interrupt thread). */
static uint64_t account_read(_Atomic uint64_t *since, _Atomic uint64_t *total, uint64_t now)
{
    uint64_t s = atomic_load_explicit(since, memory_order_acquire);
    uint64_t t = atomic_load_explicit(total, memory_order_relaxed);
    if (s && now > s) {
        t += now - s;
    }
    return t;
}

void cpu_host_enter(void)
{
    if (host_depth++ == 0u) {
        account_begin(&host_since);
    }
}

void cpu_host_exit(void)
{
    if (--host_depth == 0u) {
        account_end(&host_since, &host_total);
    }
}

/* ------------------------------------------------------------------------------------------ */

static struct {
    DWORD             thread_id;
    HANDLE            thread;         /* the CPU thread (suspend, context) */
    bool              booted;
    volatile LONG     runs;           /* cpu_run count: the interrupt thread resets its watchdog */
    void             *boot_fiber;
    arch_fpctl_t      fpctl_initial;  /* what the C runtime set up: every task starts with it */
    int              *errno_ptr;      /* the CPU thread's errno (msvcrt keeps one per thread) */
    /* the interrupt fiber (ISRs run there, like on the MSP) */
    struct port_stack *irq_fiber;
    bool              irq_fiber_busy;
    sim_isr_t         isr_call;
    void             *isr_return_fiber;
    arch_fpctl_t      isr_fpctl;
    /* idle */
    HANDLE            wake_event;
    HANDLE            idle_timer;
    atomic_int        sleeping;
    /* the interrupt thread */
    HANDLE            irq_thread;
    HANDLE            irq_event;
    HANDLE            irq_timer;
    atomic_flag       injecting;      /* one thread at a time suspends the CPU thread */
    _Atomic uint64_t  injected;       /* redirections done */
    _Atomic uint64_t  acked;          /* ... of which the CPU has entered the trampoline */
    volatile uint64_t attention_at;   /* when an injector last set port_cpu_attention */
    sim_host_thread_clock_t busy_clock;   /* the CPU thread's CPU time (kind 0: none) */
    /* busy-budget watchdog: interrupt thread only, but for the two sequence numbers */
    volatile uint64_t wd_kick_seq;    /* budget kicks issued (interrupt thread) */
    _Atomic uint64_t  wd_kick_taken;  /* the last of them the CPU has taken (CPU thread) */
    LONG              wd_runs;
    cpu_budget_t      budget;
    /* statistics (written under `injecting`) */
    volatile uint64_t st_redirects, st_masked, st_retries;
} cpu;

static void cpu_clock_head_changed(void);

bool cpu_on_cpu_thread(void)
{
    return cpu.booted && GetCurrentThreadId() == cpu.thread_id;
}

void cpu_irq_stats(cpu_irq_stats_t *out)
{
    out->redirected = cpu.st_redirects;
    out->masked = cpu.st_masked;
    out->retried = cpu.st_retries;
}

/* ------------------------------------------------------------------------------------------ */
/* the interrupt thread                                                                         */

/* CPU time of the CPU thread, in ns (sim/host.h: QueryThreadCycleTime on Windows, the Linux
   thread clock under Wine), or host monotonic time where neither works; time the CPU spends
   idle is then excluded explicitly. */
static bool cpu_busy_clock_is_cpu_time(void)
{
    return cpu.busy_clock.kind != 0;
}

/* 0 if the clock cannot be read right now */
static uint64_t cpu_busy_clock(uint64_t wall)
{
    return cpu_busy_clock_is_cpu_time() ? sim_host_thread_clock_ns(&cpu.busy_clock) : wall;
}

/* The CPU has taken a clock kick (PRIMASK set): the watchdog counts budgets from here. */
void cpu_os_clock_kick_taken(void)
{
    atomic_store_explicit(&cpu.wd_kick_taken, cpu.wd_kick_seq, memory_order_release);
}

/* Does the virtual clock need the CPU? Sets cpu_core.clock_kick. */
static void cpu_watchdog(void)
{
    uint64_t wall = sim_host_monotonic_ns();

    if (sim_clock_mode() == SIM_CLOCK_REALTIME) {
        if (wall >= sim_clock_head_host_deadline()) {
            cpu_core.clock_kick = 1u;
        }
        return;
    }
    /* Virtual mode: time stands still while the CPU is busy. After the CPU has burnt its
       budget without virtual time moving, push time to the next event. Time inside host
       library calls (and, measuring wall time, idle waits) does not count. */
    uint64_t busy = cpu_busy_clock(wall);
    if (busy == 0u) {
        return;
    }
    uint64_t excl = account_read(&host_since, &host_total, wall);
    if (!cpu_busy_clock_is_cpu_time()) {
        excl += account_read(&idle_since, &idle_total, wall);
    }
    /* Read after the clocks: a kick taken, or time moved, after `busy` was read shows here.
       Until the CPU has taken the last kick, nothing counts: delivering one can take longer
       than a budget on a loaded host (the suspension needs the wineserver and the CPU thread
       scheduled), and a second kick would then land before the first one's effects (a task
       switched in at a tick boundary would see the next tick before running). */
    if (atomic_load_explicit(&cpu.wd_kick_taken, memory_order_acquire) != cpu.wd_kick_seq) {
        return;
    }
    LONG runs = cpu.runs;
    if (runs != cpu.wd_runs) {
        cpu.wd_runs = runs;             /* a new run: count from its start */
        cpu_budget_restart(&cpu.budget, busy, excl);
        return;
    }
    if (cpu_budget_spent(&cpu.budget, busy, excl)) {
        cpu.wd_kick_seq++;
        cpu.budget.advances = UINT64_MAX;   /* count again from when the kick has been taken */
        cpu_core.clock_kick = 1u;
    }
}

/*
 * Suspend the CPU thread and redirect it into the trampoline, or leave the interrupt pending
 * for when it unmasks. Between SuspendThread and ResumeThread: only Get/SetThreadContext and
 * plain memory accesses (see the file comment).
 */
static arch_irq_result_t cpu_try_inject(uint64_t now)
{
    CONTEXT ctx;
    arch_irq_result_t r = ARCH_IRQ_NOT_HERE;

    if (SuspendThread(cpu.thread) == (DWORD)-1) {
        return ARCH_IRQ_NOT_HERE;
    }
    ctx.ContextFlags = CONTEXT_CONTROL | CONTEXT_INTEGER;
    if (!GetThreadContext(cpu.thread, &ctx)) {
        r = ARCH_IRQ_NOT_HERE;
    } else if (!cpu_core.powered) {
        r = ARCH_IRQ_MASKED;                /* halted meanwhile: nothing to deliver */
    } else {
        r = arch_irq_redirect(&ctx, port_cpu_primask != 0u);
        if (r == ARCH_IRQ_REDIRECTED) {
            ctx.ContextFlags = CONTEXT_CONTROL;
            if (SetThreadContext(cpu.thread, &ctx)) {
                /* the trampoline runs with interrupts masked, like exception entry */
                port_cpu_primask = 1u;
                atomic_fetch_add_explicit(&cpu.injected, 1u, memory_order_relaxed);
            } else {
                r = ARCH_IRQ_NOT_HERE;
            }
        } else if (r == ARCH_IRQ_MASKED) {
            port_cpu_attention = 1u;
            cpu.attention_at = now;
        }
    }
    ResumeThread(cpu.thread);
    return r;
}

/*
 * Get what is pending to the CPU: wake it if it idles, redirect it into the trampoline, or tell
 * it to look when it unmasks. Called by the interrupt thread and, for a line raised by another
 * host thread, by that thread itself (one wake-up of the interrupt thread less: under Wine a
 * SetEvent takes 0.3-1 ms to wake a waiter on a loaded host). Returns true when the CPU was in
 * DLL code and the interrupt thread must try again shortly.
 */
static bool cpu_deliver(void)
{
    if (!cpu_core.powered || (!cpu_core.clock_kick && !sim_irq_should_preempt())) {
        return false;
    }
    if (atomic_load(&cpu.sleeping)) {
        SetEvent(cpu.wake_event);           /* the idle CPU takes it when it wakes */
        return false;
    }
    if (atomic_load_explicit(&cpu.injected, memory_order_relaxed) !=
        atomic_load_explicit(&cpu.acked, memory_order_acquire)) {
        return false;                       /* a redirection is in flight: it takes everything */
    }
    uint64_t now = sim_host_monotonic_ns();
    if (port_cpu_attention && now - cpu.attention_at < ATTENTION_RECHECK_NS) {
        return false;                       /* told already: it takes it when it unmasks */
    }
    if (atomic_flag_test_and_set_explicit(&cpu.injecting, memory_order_acquire)) {
        /* another thread is at it right now: its redirection or its notice covers this line
           (raised before), and if it finds the CPU in a DLL the interrupt thread retries */
        return false;
    }
    bool retry = false;
    switch (cpu_try_inject(now)) {
    case ARCH_IRQ_REDIRECTED:
        cpu.st_redirects++;
        break;
    case ARCH_IRQ_MASKED:
        cpu.st_masked++;
        break;
    case ARCH_IRQ_NOT_HERE:
        cpu.st_retries++;
        retry = true;
        break;
    }
    atomic_flag_clear_explicit(&cpu.injecting, memory_order_release);
    return retry;
}

/*
 * The interrupt thread's timer. Virtual mode: periodic, twice per busy budget (at least every
 * millisecond, the shortest period Windows offers), armed once per run, so each look costs one
 * wait (under Wine every Win32 wait or timer call is a round trip to the wineserver, which the
 * suspensions need too). Realtime mode: one-shot at the earliest event's host deadline.
 */
static void cpu_irq_timer_arm(bool *periodic)
{
    LARGE_INTEGER due;

    if (sim_clock_mode() == SIM_CLOCK_VIRTUAL) {
        if (!*periodic) {
            uint64_t half = cpu_core.budget_ns / 2u;
            LONG period_ms = (LONG)((half + 999999u) / 1000000u);
            due.QuadPart = -(LONGLONG)(half / 100u);
            if (due.QuadPart == 0) {
                due.QuadPart = -1;
            }
            SetWaitableTimer(cpu.irq_timer, &due, period_ms > 0 ? period_ms : 1, NULL, NULL, FALSE);
            *periodic = true;
        }
        return;
    }
    *periodic = false;
    uint64_t d = sim_clock_head_host_deadline();
    if (d == UINT64_MAX) {
        CancelWaitableTimer(cpu.irq_timer);
        return;
    }
    uint64_t now = sim_host_monotonic_ns();
    /* already due: the CPU has been told; look again in 100 us, not in a tight loop */
    due.QuadPart = -(LONGLONG)(d > now ? (d - now + 99u) / 100u : 1000u);
    SetWaitableTimer(cpu.irq_timer, &due, 0, NULL, NULL, FALSE);
}

static DWORD WINAPI cpu_irq_thread_main(LPVOID arg)
{
    unsigned retries = 0;
    bool periodic = false;
    LONG armed_run = -1;
    (void)arg;

    for (;;) {
        HANDLE waits[2] = { cpu.irq_event, cpu.irq_timer };
        if (retries) {
            if (retries < RETRY_FAST) {
                SwitchToThread();
            } else {
                WaitForMultipleObjects(2, waits, FALSE, 1);
            }
        } else if (cpu_core.powered) {
            if (armed_run != cpu.runs) {
                armed_run = cpu.runs;
                periodic = false;           /* a new run: the budget may have changed */
            }
            cpu_irq_timer_arm(&periodic);
            WaitForMultipleObjects(2, waits, FALSE, INFINITE);
        } else {
            if (periodic) {
                CancelWaitableTimer(cpu.irq_timer);
                periodic = false;
            }
            WaitForSingleObject(cpu.irq_event, INFINITE);
        }

        if (!cpu_core.powered) {
            retries = 0;
            continue;
        }
        cpu_watchdog();
        if (cpu_halt_requested()) {
            cpu_core.clock_kick = 1u;
        }
        retries = cpu_deliver() ? retries + 1u : 0u;
    }
    return 0;
}

/* The innermost context an injected interrupt interrupted (NULL: none); for debuggers, since
   an ISR's own backtrace ends on the interrupt fiber: `p *port_irq_frame`, `list
   *port_irq_frame->rip` (docs/windows.md#debugging). */
const arch_irq_frame_t *volatile port_irq_frame;

/* ------------------------------------------------------------------------------------------ */
/* interrupts on the CPU thread                                                                */

/* The interrupt fiber: runs the outermost ISR of each dispatch, then returns to the fiber that
   took the interrupt. */
static void cpu_irq_fiber_main(void *arg)
{
    (void)arg;
    for (;;) {
        arch_fpctl_restore(&cpu.isr_fpctl);     /* the ISR sees the interrupted FP control */
        cpu.isr_call();
        SwitchToFiber(cpu.isr_return_fiber);
    }
}

static void cpu_irq_fiber_create(void)
{
    cpu.irq_fiber = cpu_stack_alloc(IRQ_FIBER_STACK, NULL, cpu_irq_fiber_main, NULL);
    if (!cpu.irq_fiber) {
        fprintf(stderr, "sprig: cannot create the interrupt fiber (error %lu)\n", GetLastError());
        exit(1);
    }
    cpu.irq_fiber_busy = false;
}

/* The outermost ISR moves to the interrupt fiber, as the hardware switches to MSP. A fiber
   switch does not carry the FP control state: the fiber sets the interrupted code's. */
void cpu_os_run_outermost_isr(sim_isr_t isr, const arch_fpctl_t *fpctl)
{
    cpu.isr_call = isr;
    cpu.isr_fpctl = *fpctl;
    cpu.isr_return_fiber = arch_current_fiber();
    cpu.irq_fiber_busy = true;
    SwitchToFiber(cpu_stack_fiber(cpu.irq_fiber));
    cpu.irq_fiber_busy = false;
}

void cpu_irq_from_trampoline(const arch_irq_frame_t *frame)
{
    /* errno and the Win32 last error belong to the thread: the interrupted code keeps its own */
    int saved_errno = errno;
    DWORD saved_error = GetLastError();
    const arch_irq_frame_t *outer = port_irq_frame;

    port_irq_frame = frame;

    atomic_store_explicit(&cpu.acked, atomic_load_explicit(&cpu.injected, memory_order_relaxed),
                          memory_order_release);
    cpu_dispatch();
    port_irq_frame = outer;
    SetLastError(saved_error);
    errno = saved_errno;
}

/* ------------------------------------------------------------------------------------------ */
/* context switching                                                                           */

void cpu_switch_to_next(void)
{
    k_task_t *prev = k_curr_task;
    k_task_t *next = k_next_task;

    if (prev == next) {
        return;
    }
    /* per-thread state that is per task on a CPU: errno, the last error, FP control */
    int saved_errno = *cpu.errno_ptr;
    DWORD saved_error = GetLastError();
    arch_fpctl_t fpctl;
    arch_fpctl_save(&fpctl);

    TOS_TRACE_TASK_SWITCH(prev, next);
    k_curr_task = next;
    port_irq_frame = NULL;          /* the next task was not interrupted by the current ISRs */
    SwitchToFiber(next->sp);

    arch_fpctl_restore_if_changed(&fpctl);
    SetLastError(saved_error);
    *cpu.errno_ptr = saved_errno;
    cpu_stacks_collect();
}

void cpu_task_entry(void *arg)
{
    arch_fpctl_restore(&cpu.fpctl_initial);
    errno = 0;
    SetLastError(0);
    cpu_task_run(arg);
    fprintf(stderr, "sprig: the kernel's task exit function returned\n");
    TerminateProcess(GetCurrentProcess(), 3);
}

int cpu_run(void *first_sp)
{
    int saved_errno = errno;
    DWORD saved_error = GetLastError();
    arch_fpctl_t fpctl;

    arch_fpctl_save(&fpctl);
    cpu_power_on();
    InterlockedIncrement(&cpu.runs);
    SetEvent(cpu.irq_event);            /* the interrupt thread starts watching this run */
    TOS_TRACE_TASK_SWITCH(NULL, k_curr_task);
    SwitchToFiber(first_sp);
    arch_fpctl_restore(&fpctl);
    SetLastError(saved_error);
    errno = saved_errno;
    return cpu_halt_code();
}

void cpu_halt(int code)
{
    cpu_power_off(code);
    if (arch_current_fiber() != cpu.boot_fiber) {
        SwitchToFiber(cpu.boot_fiber);
    }
    /* never resumed: a halted machine's fibers are deleted at the next reset */
    fprintf(stderr, "sprig: cpu_halt outside a running machine\n");
    TerminateProcess(GetCurrentProcess(), 3);
    for (;;) {
    }
}

/* From any thread (a console control handler): the interrupt thread delivers the halt, or the
   idle CPU wakes up to it. */
void cpu_os_halt_requested(void)
{
    if (cpu.booted) {
        SetEvent(cpu.irq_event);
        SetEvent(cpu.wake_event);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* idle                                                                                        */

void cpu_os_block(uint64_t host_deadline)
{
    atomic_store(&cpu.sleeping, 1);
    /* pairs with the fence in cpu_os_kick: either we see the pending line or it sees us asleep */
    atomic_thread_fence(memory_order_seq_cst);
    if (!sim_irq_should_preempt() && !cpu_core.clock_kick && !cpu_halt_requested()) {
        HANDLE waits[2] = { cpu.wake_event, cpu.idle_timer };
        DWORD n = 1;
        if (host_deadline != UINT64_MAX) {
            uint64_t now = sim_clock_host_now();
            LARGE_INTEGER due;
            due.QuadPart = -(LONGLONG)(host_deadline > now ? (host_deadline - now + 99u) / 100u : 1u);
            SetWaitableTimer(cpu.idle_timer, &due, 0, NULL, NULL, FALSE);
            n = 2;
        }
        account_begin(&idle_since);
        WaitForMultipleObjects(n, waits, FALSE, INFINITE);
        account_end(&idle_since, &idle_total);
        if (n == 2) {
            CancelWaitableTimer(cpu.idle_timer);
        }
    }
    atomic_store(&cpu.sleeping, 0);
}

/* ------------------------------------------------------------------------------------------ */
/* doorbell                                                                                    */

/* A line raised by another host thread: wake the idle CPU, or deliver it from this thread. */
void cpu_os_kick(void)
{
    if (!cpu.booted) {
        return;
    }
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load(&cpu.sleeping)) {
        SetEvent(cpu.wake_event);
    } else if (cpu_deliver()) {
        SetEvent(cpu.irq_event);            /* the CPU is in a DLL: the interrupt thread retries */
    }
}

static void cpu_clock_head_changed(void)
{
    if (cpu_core.powered && sim_clock_mode() == SIM_CLOCK_REALTIME) {
        SetEvent(cpu.irq_event);        /* the interrupt thread re-arms its timer */
    }
}

/* ------------------------------------------------------------------------------------------ */
/* boot and reset                                                                              */

static void cpu_fatal(const char *what)
{
    fprintf(stderr, "sprig: cannot start the simulated CPU: %s (error %lu)\n", what,
            GetLastError());
    exit(1);
}

static HANDLE make_timer(void)
{
    HANDLE t = CreateWaitableTimerExW(NULL, NULL, CREATE_WAITABLE_TIMER_HIGH_RESOLUTION,
                                      TIMER_ALL_ACCESS);
    if (!t) {
        t = CreateWaitableTimerW(NULL, FALSE, NULL);
    }
    if (!t) {
        cpu_fatal("CreateWaitableTimer");
    }
    return t;
}

void cpu_boot(void)
{
    if (cpu.booted) {
        return;
    }
    cpu.thread_id = GetCurrentThreadId();
    if (!DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(),
                         &cpu.thread, 0, FALSE, DUPLICATE_SAME_ACCESS)) {
        cpu_fatal("DuplicateHandle");
    }
    arch_init();
    arch_fpctl_save(&cpu.fpctl_initial);
    cpu.errno_ptr = &errno;
    cpu.boot_fiber = IsThreadAFiber() ? arch_current_fiber() : ConvertThreadToFiber(NULL);
    if (!cpu.boot_fiber) {
        cpu_fatal("ConvertThreadToFiber");
    }
    cpu.wake_event = CreateEventW(NULL, FALSE, FALSE, NULL);
    cpu.irq_event = CreateEventW(NULL, FALSE, FALSE, NULL);
    if (!cpu.wake_event || !cpu.irq_event) {
        cpu_fatal("CreateEvent");
    }
    cpu.idle_timer = make_timer();
    cpu.irq_timer = make_timer();
    if (sim_host_thread_clock_init(&cpu.busy_clock) != 0) {
        cpu.busy_clock.kind = 0;        /* the watchdog measures wall time instead */
    }
    cpu_faults_install();
    sim_irq_set_kick(cpu_kick);
    sim_clock_set_head_hook(cpu_clock_head_changed);
    cpu.booted = true;
    cpu_irq_fiber_create();
    cpu.irq_thread = CreateThread(NULL, IRQ_THREAD_STACK, cpu_irq_thread_main, NULL,
                                  STACK_SIZE_PARAM_IS_A_RESERVATION, NULL);
    if (!cpu.irq_thread) {
        cpu_fatal("CreateThread");
    }
    /* it should win the host CPU from the simulated one when both are runnable */
    SetThreadPriority(cpu.irq_thread, THREAD_PRIORITY_ABOVE_NORMAL);
}

void cpu_os_reset(void)
{
    atomic_store(&cpu.acked, atomic_load(&cpu.injected));
    if (cpu.irq_fiber_busy) {
        /* the last run halted inside an ISR: that fiber is stuck mid-handler */
        cpu_stack_free(cpu.irq_fiber);
        cpu_irq_fiber_create();
    }
}
