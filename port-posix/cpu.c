/*
 * The simulated CPU on a POSIX host: one host thread runs every task and ISR. This is the host
 * layer under port-host/cpu_core.c (dispatch, PendSV, WFI), see cpu_core.h.
 *
 * Interrupt delivery (docs/architecture.md#interrupts): anything that may need the CPU's
 * attention (a line raised by another host thread, the host timer that watches the virtual
 * clock) sends CPU_SIGNAL to the CPU thread. The handler does the minimum: if interrupts are
 * masked it sets port_cpu_attention; otherwise it redirects the interrupted context into the
 * architecture's trampoline, which saves the full register state on the interrupted stack and
 * calls cpu_irq_from_trampoline() outside the handler. ISRs therefore never run inside a signal
 * handler. Tasks and the outermost ISR run on stacks of our own (stack.c), switched by the
 * architecture layer (arch.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "tos_k.h"

#include "arch.h"
#include "cpu_core.h"
#include "fiber.h"
#include "stack.h"

#include "sim/clock.h"
#include "sim/irqc.h"

/* SIGURG: ignored by default and passed silently by gdb, so a debugger session is not
   interrupted by every simulated interrupt. */
#define CPU_SIGNAL      SIGURG
#define ALTSTACK_SIZE   (64u * 1024u)

/* host work accounting (cpu_host_enter/exit); read by the watchdog in the signal handler */
static volatile uint32_t cpu_host_depth;
static volatile uint64_t cpu_host_t0;
static volatile uint64_t cpu_host_ns;

static uint64_t cpu_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void cpu_host_enter(void)
{
    if (cpu_host_depth++ == 0u) {
        cpu_host_t0 = cpu_mono_ns();
    }
}

void cpu_host_exit(void)
{
    if (--cpu_host_depth == 0u) {
        cpu_host_ns += cpu_mono_ns() - cpu_host_t0;
    }
}

static struct {
    pid_t             pid;            /* process the per-process resources belong to */
    pthread_t         thread;
    bool              booted;
    void             *boot_sp;
    const void       *boot_stack_bottom;
    size_t            boot_stack_size;
    timer_t           timer;
    cpu_budget_t      budget;         /* the watchdog's; touched only by the signal handler */
    int               wake_fd;
    atomic_int        sleeping;
    void             *altstack;
    /* statistics; touched only by the signal handler */
    uint64_t          st_redirects, st_masked;
} cpu;

static void cpu_clock_head_changed(void);
static void cpu_timer_program(void);

bool cpu_on_cpu_thread(void)
{
    return cpu.booted && pthread_equal(pthread_self(), cpu.thread);
}

void cpu_irq_stats(cpu_irq_stats_t *out)
{
    out->redirected = cpu.st_redirects;
    out->masked = cpu.st_masked;
    out->retried = 0u;
}

/* ------------------------------------------------------------------------------------------ */
/* signal side                                                                                 */

static uint64_t thread_cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Called for host-timer signals: does the virtual clock need the CPU? */
static void cpu_watchdog(void)
{
    if (sim_clock_mode() == SIM_CLOCK_REALTIME) {
        if (sim_clock_host_now() >= sim_clock_head_host_deadline()) {
            cpu_core.clock_kick = 1u;
        }
        return;
    }
    /* Virtual mode: time stands still while the CPU is busy. After the CPU has burnt its
       budget of host CPU time without virtual time moving, push time to the next event.
       Time inside host library calls does not count (see cpu_host_enter). */
    uint64_t host = cpu_host_ns;
    if (cpu_host_depth) {
        host += cpu_mono_ns() - cpu_host_t0;    /* a host call in progress */
    }
    if (cpu_budget_spent(&cpu.budget, thread_cpu_ns(), host)) {
        cpu_core.clock_kick = 1u;
    }
}

static void cpu_on_signal(int sig, siginfo_t *si, void *uc)
{
    int saved_errno = errno;
    (void)sig;

    if (!cpu_core.powered || !pthread_equal(pthread_self(), cpu.thread)) {
        goto out;
    }
    if (si->si_code == SI_TIMER) {
        cpu_watchdog();
    }
    if (cpu_halt_requested()) {
        cpu_core.clock_kick = 1u;
    }
    if (!cpu_core.clock_kick && !sim_irq_should_preempt()) {
        goto out;
    }
    if (arch_irq_redirect(uc, port_cpu_primask != 0u)) {
        /* the trampoline runs with interrupts masked, like exception entry */
        port_cpu_primask = 1u;
        cpu.st_redirects++;
    } else {
        port_cpu_attention = 1u;
        cpu.st_masked++;
    }
out:
    errno = saved_errno;
}

/* ------------------------------------------------------------------------------------------ */
/* interrupts                                                                                  */

typedef struct {
    sim_isr_t isr;
    const void *from_bottom;
    size_t from_size;
} isr_call_t;

static void cpu_isr_on_irq_stack(void *p)
{
    isr_call_t *call = p;
    fiber_arrive(NULL, &call->from_bottom, &call->from_size);
    call->isr();
    fiber_leave(NULL, call->from_bottom, call->from_size);
}

/* The interrupt stack is called into on the same thread: the FP control state comes along. */
void cpu_os_run_outermost_isr(sim_isr_t isr, const arch_fpctl_t *fpctl)
{
    struct port_stack *is = cpu_irq_stack();
    isr_call_t call = { .isr = isr };
    void *fake = NULL;
    (void)fpctl;
    fiber_leave(&fake, cpu_stack_bottom(is), cpu_stack_size(is));
    arch_call_on_stack(cpu_stack_top(is), cpu_isr_on_irq_stack, &call);
    fiber_arrive(fake, NULL, NULL);
}

void cpu_irq_from_trampoline(void)
{
    int saved_errno = errno;
    cpu_dispatch();
    errno = saved_errno;
}

/* ------------------------------------------------------------------------------------------ */
/* context switching                                                                           */

void cpu_switch_to_next(void)
{
    k_task_t *prev = k_curr_task;
    k_task_t *next = k_next_task;
    int saved_errno = errno;        /* errno is per host thread; keep it per task */
    void *fake = NULL;

    if (prev == next) {
        return;
    }
    TOS_TRACE_TASK_SWITCH(prev, next);
    k_curr_task = next;
    fiber_leave(prev->state == K_TASK_STATE_DELETED ? NULL : &fake,
                cpu_stack_bottom(next->port_stack), cpu_stack_size(next->port_stack));
    arch_ctx_switch((void **)&prev->sp, next->sp);
    fiber_arrive(fake, NULL, NULL);
    errno = saved_errno;
    cpu_stacks_collect();
}

void cpu_task_entry(void *arg)
{
    fiber_arrive(NULL, NULL, NULL);
    cpu_task_run(arg);
    abort();        /* the exit function destroys the task and never returns */
}

int cpu_run(void *first_sp)
{
    void *fake = NULL;

    cpu_power_on();
    cpu_budget_restart(&cpu.budget, thread_cpu_ns(), cpu_host_ns);
    cpu_timer_program();
    TOS_TRACE_TASK_SWITCH(NULL, k_curr_task);
    fiber_leave(&fake, cpu_stack_bottom(k_curr_task->port_stack),
                cpu_stack_size(k_curr_task->port_stack));
    arch_ctx_switch(&cpu.boot_sp, first_sp);
    fiber_arrive(fake, NULL, NULL);
    return cpu_halt_code();
}

void cpu_halt(int code)
{
    struct itimerspec off;

    memset(&off, 0, sizeof off);
    cpu_power_off(code);
    timer_settime(cpu.timer, 0, &off, NULL);
    fiber_leave(NULL, cpu.boot_stack_bottom, cpu.boot_stack_size);
    arch_ctx_jump(cpu.boot_sp);
}

void cpu_os_halt_requested(void)
{
    if (cpu.booted) {
        pthread_kill(cpu.thread, CPU_SIGNAL);   /* async-signal-safe */
    }
}

/* ------------------------------------------------------------------------------------------ */
/* idle                                                                                        */

void cpu_os_block(uint64_t host_deadline)
{
    struct pollfd pfd = { .fd = cpu.wake_fd, .events = POLLIN };
    struct timespec ts, *tsp = NULL;

    atomic_store(&cpu.sleeping, 1);
    /* pairs with the fence in cpu_os_kick: either we see the pending line or it sees us asleep */
    atomic_thread_fence(memory_order_seq_cst);
    if (!sim_irq_should_preempt() && !cpu_core.clock_kick) {
        if (host_deadline != UINT64_MAX) {
            uint64_t now = sim_clock_host_now();
            uint64_t left = host_deadline > now ? host_deadline - now : 0u;
            ts.tv_sec = (time_t)(left / 1000000000u);
            ts.tv_nsec = (long)(left % 1000000000u);
            tsp = &ts;
        }
        if (ppoll(&pfd, 1, tsp, NULL) > 0) {
            uint64_t drained;
            ssize_t n = read(cpu.wake_fd, &drained, sizeof drained);
            (void)n;
        }
    }
    atomic_store(&cpu.sleeping, 0);
}

/* ------------------------------------------------------------------------------------------ */
/* doorbell and host timer                                                                     */

/* A line raised by another host thread: wake the idle CPU, and signal it, whose handler
   redirects it into the trampoline or leaves the line for its next unmask. */
void cpu_os_kick(void)
{
    if (!cpu.booted) {
        return;
    }
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load(&cpu.sleeping)) {
        uint64_t one = 1u;
        ssize_t n = write(cpu.wake_fd, &one, sizeof one);
        (void)n;
    }
    pthread_kill(cpu.thread, CPU_SIGNAL);
}

static void cpu_timer_program(void)
{
    struct itimerspec its;

    memset(&its, 0, sizeof its);
    if (!cpu_core.powered) {
        timer_settime(cpu.timer, 0, &its, NULL);
        return;
    }
    if (sim_clock_mode() == SIM_CLOCK_VIRTUAL) {
        /* the watchdog looks twice per budget, so a busy stretch is cut within 1.5 budgets */
        uint64_t period = cpu_core.budget_ns / 2u;
        if (period < 10000u) {
            period = 10000u;
        }
        its.it_value.tv_sec = (time_t)(period / 1000000000u);
        its.it_value.tv_nsec = (long)(period % 1000000000u);
        its.it_interval = its.it_value;
        timer_settime(cpu.timer, 0, &its, NULL);
    } else {
        uint64_t d = sim_clock_head_host_deadline();
        if (d != UINT64_MAX) {
            its.it_value.tv_sec = (time_t)(d / 1000000000u);
            its.it_value.tv_nsec = (long)(d % 1000000000u);
            if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0) {
                its.it_value.tv_nsec = 1;   /* zero would disarm */
            }
        }
        timer_settime(cpu.timer, TIMER_ABSTIME, &its, NULL);
    }
}

static void cpu_clock_head_changed(void)
{
    if (cpu_core.powered && sim_clock_mode() == SIM_CLOCK_REALTIME) {
        cpu_timer_program();
    }
}

/* ------------------------------------------------------------------------------------------ */
/* boot and reset                                                                              */

static void cpu_fatal(const char *what)
{
    fprintf(stderr, "sprig: cannot start the simulated CPU: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* Resources that belong to one process (a fork, e.g. a death test, needs its own). */
static void cpu_boot_process(void)
{
    struct sigevent sev;

    if (cpu.pid == getpid()) {
        return;
    }
    if (cpu.pid != 0) {
        close(cpu.wake_fd);             /* inherited from the parent */
    }
    cpu.pid = getpid();
    cpu.wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (cpu.wake_fd < 0) {
        cpu_fatal("eventfd");
    }
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_THREAD_ID;
    sev.sigev_signo = CPU_SIGNAL;
    sev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
    if (timer_create(CLOCK_MONOTONIC, &sev, &cpu.timer) != 0) {
        cpu_fatal("timer_create");
    }
}

void cpu_boot(void)
{
    struct sigaction sa;
    stack_t ss;
    sigset_t set;
    pthread_attr_t attr;

    if (cpu.booted) {
        cpu_boot_process();
        return;
    }
    cpu.thread = pthread_self();
    arch_init();
    /* realtime mode sleeps to exact deadlines; the default 50us slack would show as jitter */
    prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);

    cpu.altstack = malloc(ALTSTACK_SIZE);
    if (!cpu.altstack) {
        cpu_fatal("signal stack");
    }
    ss.ss_sp = cpu.altstack;
    ss.ss_size = ALTSTACK_SIZE;
    ss.ss_flags = 0;
    if (sigaltstack(&ss, NULL) != 0) {
        cpu_fatal("sigaltstack");
    }

    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = cpu_on_signal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    if (sigaction(CPU_SIGNAL, &sa, NULL) != 0) {
        cpu_fatal("sigaction");
    }
    sigemptyset(&set);
    sigaddset(&set, CPU_SIGNAL);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);

    /* the boot context's stack, for the sanitizer's bookkeeping */
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        void *addr;
        size_t size;
        if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
            cpu.boot_stack_bottom = addr;
            cpu.boot_stack_size = size;
        }
        pthread_attr_destroy(&attr);
    }

    cpu_faults_install();
    sim_irq_set_kick(cpu_kick);
    sim_clock_set_head_hook(cpu_clock_head_changed);
    cpu.booted = true;
    cpu_boot_process();
    (void)cpu_irq_stack();
}

/* Nothing is kept per run: the timer is re-armed by cpu_run, the stacks went with the core's
   reset. */
void cpu_os_reset(void)
{
}

/* The watchdog runs in the signal handler on the CPU thread itself, so a kick it issued is
   always taken before it looks again: nothing to track. */
void cpu_os_clock_kick_taken(void)
{
}
