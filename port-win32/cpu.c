/*
 * The simulated CPU on Windows: one host thread runs every task (each a fiber) and every ISR.
 *
 * Interrupt model (docs/windows.md#interrupts):
 *  - PRIMASK is a variable (port_cpu_primask). Masking is a store; unmasking checks
 *    port_cpu_attention and takes what became pending meanwhile (port_cpu_service).
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
 *  - cpu_dispatch() runs the ISRs in NVIC priority order on the interrupt fiber (the MSP of
 *    this CPU), nesting a more urgent line over a running one, and does the PendSV-style task
 *    switch when the outermost one returns.
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
#include "cpu.h"

#include "sim/clock.h"
#include "sim/host.h"
#include "sim/irqc.h"
#include "sim/options.h"
#include "sim/rng.h"
#include "sim/trace.h"

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

volatile uint32_t port_cpu_primask = 1u;
volatile uint32_t port_cpu_attention;
volatile uint32_t port_cpu_irq_depth;

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
    volatile bool     powered;        /* between cpu_run and cpu_halt */
    volatile uint32_t clock_kick;     /* the virtual clock needs service */
    volatile uint32_t pendsv;
    volatile LONG     halt_request;   /* cpu_request_halt: code + 1, 0 for none */
    volatile LONG     runs;           /* cpu_run count: the interrupt thread resets its watchdog */
    void             *boot_fiber;
    int               halt_code;
    uint64_t          budget_ns;
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
    uint64_t          wd_advances;
    uint64_t          wd_busy_base;
    uint64_t          wd_excl_base;
    /* statistics (written under `injecting`) */
    volatile uint64_t st_redirects, st_masked, st_retries;
} cpu;

static void cpu_kick(void);
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

/* The CPU takes a pending clock kick (PRIMASK set). */
static void cpu_take_clock_kick(void)
{
    cpu.clock_kick = 0u;
    atomic_store_explicit(&cpu.wd_kick_taken, cpu.wd_kick_seq, memory_order_release);
}

/* Does the virtual clock need the CPU? Sets cpu.clock_kick. */
static void cpu_watchdog(void)
{
    uint64_t wall = sim_host_monotonic_ns();

    if (sim_clock_mode() == SIM_CLOCK_REALTIME) {
        if (wall >= sim_clock_head_host_deadline()) {
            cpu.clock_kick = 1u;
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
    uint64_t adv = sim_clock_advance_count();
    LONG runs = cpu.runs;
    if (adv != cpu.wd_advances || runs != cpu.wd_runs) {
        cpu.wd_runs = runs;
        cpu.wd_advances = adv;
        cpu.wd_busy_base = busy;
        cpu.wd_excl_base = excl;
        return;
    }
    uint64_t spent = busy - cpu.wd_busy_base;
    uint64_t in_host = excl - cpu.wd_excl_base;
    if (spent > in_host && spent - in_host >= cpu.budget_ns) {
        cpu.wd_busy_base = busy;
        cpu.wd_excl_base = excl;
        cpu.wd_kick_seq++;
        cpu.wd_advances = UINT64_MAX;   /* count again from when the kick has been taken */
        cpu.clock_kick = 1u;
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
    } else if (!cpu.powered) {
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
    if (!cpu.powered || (!cpu.clock_kick && !sim_irq_should_preempt())) {
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
            uint64_t half = cpu.budget_ns / 2u;
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
        } else if (cpu.powered) {
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

        if (!cpu.powered) {
            retries = 0;
            continue;
        }
        cpu_watchdog();
        if (cpu.halt_request) {
            cpu.clock_kick = 1u;
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
/* dispatch                                                                                    */

static void cpu_halt_if_requested(void)
{
    LONG req = cpu.halt_request;
    if (req) {
        cpu_halt((int)req - 1);
    }
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

static void cpu_run_isr(sim_isr_t isr)
{
    arch_fpctl_t fpctl;

    arch_fpctl_save(&fpctl);
    if (port_cpu_irq_depth++ == 0u) {
        /* outermost: move to the interrupt fiber, as the hardware switches to MSP */
        cpu.isr_call = isr;
        cpu.isr_fpctl = fpctl;
        cpu.isr_return_fiber = arch_current_fiber();
        cpu.irq_fiber_busy = true;
        SwitchToFiber(cpu_stack_fiber(cpu.irq_fiber));
        cpu.irq_fiber_busy = false;
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

/* Take pending interrupts in priority order. PRIMASK is set on entry and on return. */
static void cpu_dispatch(void)
{
    for (;;) {
        port_cpu_attention = 0u;
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        if (cpu.clock_kick) {
            cpu_take_clock_kick();
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
    if (cpu.pendsv && sim_irq_nesting() == 0u) {
        cpu.pendsv = 0u;
        port_irq_frame = NULL;          /* the next task was not interrupted by these ISRs */
        cpu_switch_to_next();
    }
}

void port_cpu_service(void)
{
    while (port_cpu_attention && cpu.powered) {
        port_cpu_primask = 1u;
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        cpu_dispatch();
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        port_cpu_primask = 0u;
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
    }
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

void cpu_pend_switch(void)
{
    cpu.pendsv = 1u;
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
    SwitchToFiber(next->sp);

    arch_fpctl_restore_if_changed(&fpctl);
    SetLastError(saved_error);
    *cpu.errno_ptr = saved_errno;
    cpu_stacks_collect();
}

static void (*task_exit_fn)(void);

void cpu_set_task_exit(void (*exit_fn)(void))
{
    task_exit_fn = exit_fn;
}

void cpu_task_entry(void *arg)
{
    k_task_t *task = arg;

    arch_fpctl_restore(&cpu.fpctl_initial);
    errno = 0;
    SetLastError(0);
    cpu_stacks_collect();
    port_cpsr_restore(0u);
    task->entry(task->arg);
    task_exit_fn();
    fprintf(stderr, "sprig: the kernel's task exit function returned\n");
    TerminateProcess(GetCurrentProcess(), 3);
}

int cpu_run(void *first_sp)
{
    int saved_errno = errno;
    DWORD saved_error = GetLastError();
    arch_fpctl_t fpctl;

    arch_fpctl_save(&fpctl);
    cpu.halt_code = 0;
    cpu.powered = true;
    InterlockedIncrement(&cpu.runs);
    SetEvent(cpu.irq_event);            /* the interrupt thread starts watching this run */
    TOS_TRACE_TASK_SWITCH(NULL, k_curr_task);
    SwitchToFiber(first_sp);
    arch_fpctl_restore(&fpctl);
    SetLastError(saved_error);
    errno = saved_errno;
    return cpu.halt_code;
}

void cpu_halt(int code)
{
    cpu.halt_code = code;
    port_cpu_primask = 1u;
    cpu.powered = false;
    if (arch_current_fiber() != cpu.boot_fiber) {
        SwitchToFiber(cpu.boot_fiber);
    }
    /* never resumed: a halted machine's fibers are deleted at the next reset */
    fprintf(stderr, "sprig: cpu_halt outside a running machine\n");
    TerminateProcess(GetCurrentProcess(), 3);
    for (;;) {
    }
}

int cpu_halt_code(void)
{
    return cpu.halt_code;
}

void cpu_request_halt(int code)
{
    InterlockedExchange(&cpu.halt_request, (LONG)code + 1);
    if (cpu.booted) {
        SetEvent(cpu.irq_event);
        SetEvent(cpu.wake_event);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* idle                                                                                        */

/* Sleep until another thread kicks us or the host clock reaches `host_deadline`. */
static void cpu_block(uint64_t host_deadline)
{
    atomic_store(&cpu.sleeping, 1);
    /* pairs with the fence in cpu_kick: either we see the pending line or it sees us asleep */
    atomic_thread_fence(memory_order_seq_cst);
    if (!sim_irq_should_preempt() && !cpu.clock_kick && !cpu.halt_request) {
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

void cpu_wait_for_interrupt(void)
{
    for (;;) {
        cpu_halt_if_requested();
        port_cpu_attention = 0u;
        cpu_take_clock_kick();          /* idle: time moves to the next event anyway */
        if (sim_irq_should_preempt()) {
            return;
        }
        if (sim_clock_mode() == SIM_CLOCK_VIRTUAL) {
            /* nothing runs until the next event: jump straight to it */
            if (!sim_clock_jump_to_next()) {
                cpu_block(UINT64_MAX);      /* only another host thread can wake us now */
            }
        } else if (!sim_clock_fire_due()) {
            cpu_block(sim_clock_head_host_deadline());
        }
    }
}

/* ------------------------------------------------------------------------------------------ */
/* doorbell                                                                                    */

static void cpu_kick(void)
{
    if (!cpu.booted) {
        return;
    }
    if (GetCurrentThreadId() == cpu.thread_id) {
        /* raised by code on the CPU itself: taken now unless masked, like an NVIC write */
        port_cpu_attention = 1u;
        if (port_cpu_primask == 0u && cpu.powered) {
            port_cpu_service();
        }
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
    if (cpu.powered && sim_clock_mode() == SIM_CLOCK_REALTIME) {
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

void cpu_reset(void)
{
    const sim_options_t *o = sim_options();

    cpu_boot();
    port_cpu_primask = 1u;
    port_cpu_attention = 0u;
    port_cpu_irq_depth = 0u;
    cpu.pendsv = 0u;
    cpu_take_clock_kick();
    cpu.halt_request = 0;
    cpu.powered = false;
    cpu.budget_ns = o->busy_budget;
    atomic_store(&cpu.acked, atomic_load(&cpu.injected));
    cpu_stacks_release_all();
    if (cpu.irq_fiber_busy) {
        /* the last run halted inside an ISR: that fiber is stuck mid-handler */
        cpu_stack_free(cpu.irq_fiber);
        cpu_irq_fiber_create();
    }

    sim_irq_reset();
    sim_clock_reset();
    sim_clock_set_mode(o->mode, o->speed);
    sim_rng_seed(o->seed);
}
