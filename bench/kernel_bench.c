/*
 * Kernel micro-benchmarks on the POSIX simulator port, each next to a host reference measured
 * in the same process (POSIX threads doing the same thing), printed as a table.
 *
 *   ./kernel_bench            full run (a few seconds)
 *   ./kernel_bench --quick    short run, for a smoke check that it still builds and works
 *
 * Every scenario runs on a fresh kernel through the conformance harness (tests/kernel/ktest.h),
 * so the numbers are what an app sees, including argument checks (TOS_CFG_OBJECT_VERIFY_EN).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ktest.h"

#if defined(_WIN32)     /* Win32 port (mingw-w64, winpthreads): see docs/windows.md */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#endif

#include "arch.h"
#include "cpu.h"
#include "sim_board/irq_map.h"

#include "sim/clock.h"
#include "sim/irqc.h"

static unsigned long iters = 2000000ul;

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- results ---- */

typedef struct {
    const char *what;
    double sprig_ns;
    double ref_ns;          /* < 0: no reference */
    const char *ref_what;
    const char *target;
} row_t;

static row_t rows[16];
static unsigned nrows;
static double result_ns;    /* written by the scenario running in the simulator */

static void add_row(const char *what, double sprig_ns, double ref_ns, const char *ref_what,
                    const char *target)
{
    rows[nrows++] = (row_t){ what, sprig_ns, ref_ns, ref_what, target };
}

static double run_scenario(const char *name, ktest_fn_t fn)
{
    ktest_case_t c = { "bench", name, fn, 0 };
    char msg[1024];
    result_ns = -1.0;
    if (ktest_run(&c, msg, sizeof msg) != KTEST_PASS) {
        fprintf(stderr, "kernel_bench: scenario %s failed: %s\n", name, msg);
        exit(1);
    }
    return result_ns;
}

/* ---- scenarios on the simulated CPU ---- */

static k_task_t peer_task;
static k_stack_t peer_stack[KTEST_STK_SIZE];
static k_sem_t sem_a, sem_b;
static volatile int peer_stop;

static void critical_section(void)
{
    TOS_CPU_CPSR_ALLOC();
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < iters; i++) {
        TOS_CPU_INT_DISABLE();
        __asm__ volatile("" ::: "memory");
        TOS_CPU_INT_ENABLE();
    }
    result_ns = (double)(now_ns() - t0) / (double)iters;
}

static void sem_uncontended(void)
{
    KT_ASSERT_EQ(tos_sem_create(&sem_a, 0), K_ERR_NONE);
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < iters; i++) {
        tos_sem_post(&sem_a);
        tos_sem_pend(&sem_a, TOS_TIME_NOWAIT);
    }
    result_ns = (double)(now_ns() - t0) / (double)iters;
}

static void yield_peer(void *arg)
{
    (void)arg;
    while (!peer_stop) {
        tos_task_yield();
    }
}

static void yield(void)
{
    peer_stop = 0;
    ktest_task_create(&peer_task, "peer", yield_peer, K_NULL, KTEST_MAIN_PRIO, peer_stack);
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < iters; i++) {
        tos_task_yield();
    }
    uint64_t t1 = now_ns();
    peer_stop = 1;
    /* each of our yields switches to the peer and the peer's yield switches back */
    result_ns = (double)(t1 - t0) / (double)(2u * iters);
}

static void pingpong_peer(void *arg)
{
    (void)arg;
    for (;;) {
        tos_sem_pend(&sem_a, TOS_TIME_FOREVER);
        tos_sem_post(&sem_b);
    }
}

static void sem_pingpong(void)
{
    KT_ASSERT_EQ(tos_sem_create(&sem_a, 0), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_create(&sem_b, 0), K_ERR_NONE);
    ktest_task_create(&peer_task, "peer", pingpong_peer, K_NULL, KTEST_MAIN_PRIO, peer_stack);
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < iters; i++) {
        tos_sem_post(&sem_a);
        tos_sem_pend(&sem_b, TOS_TIME_FOREVER);
    }
    result_ns = (double)(now_ns() - t0) / (double)iters;
}

static atomic_ulong isr_hits;
static volatile uint64_t isr_t1;

static void count_isr(void)
{
    isr_t1 = now_ns();
    atomic_fetch_add_explicit(&isr_hits, 1u, memory_order_release);   /* publishes isr_t1 */
}

static void irq_sync(void)
{
    atomic_store(&isr_hits, 0u);
    ktest_irq_connect(0, count_isr, 0x40);
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < iters; i++) {
        ktest_irq_raise(0);
    }
    result_ns = (double)(now_ns() - t0) / (double)iters;
    KT_ASSERT_EQ(atomic_load(&isr_hits), iters);
}

static struct {
    unsigned long n;
    double total_ns;
    atomic_bool done;
} xt;

/* Another host thread raises the line (as a device model on the I/O thread does) and times
   raise -> ISR entry while the CPU is busy running a task. */
static void *raiser(void *arg)
{
    (void)arg;
#if !defined(_WIN32)    /* the Win32 port has no kick signal: its interrupt thread injects */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGURG);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
#endif
    for (unsigned long i = 0; i < xt.n; i++) {
        unsigned long before = atomic_load(&isr_hits);
        uint64_t t0 = now_ns();
        sim_irq_set_pending(SIM_IRQ_TEST_BASE);
        while (atomic_load_explicit(&isr_hits, memory_order_acquire) == before) {
            sched_yield();
        }
        xt.total_ns += (double)(isr_t1 - t0);
    }
    atomic_store(&xt.done, true);
    return NULL;
}

static void irq_cross_thread(void)
{
    pthread_t t;
    atomic_store(&isr_hits, 0u);
    xt.n = iters / 50u;
    xt.total_ns = 0;
    atomic_store(&xt.done, false);
    ktest_irq_connect(0, count_isr, 0x40);
    KT_ASSERT_EQ(pthread_create(&t, NULL, raiser, NULL), 0);
    while (!atomic_load(&xt.done)) {
        /* busy task: the interrupt must preempt it */
    }
    pthread_join(t, NULL);
    result_ns = xt.total_ns / (double)xt.n;
}

static k_task_t sensor_task;
static k_stack_t sensor_stack[KTEST_STK_SIZE];
static volatile unsigned long wakeups;

static void sensor_entry(void *arg)
{
    (void)arg;
    for (;;) {
        tos_task_delay(TOS_CFG_CPU_TICK_PER_SECOND);
        wakeups++;
    }
}

static void one_day(void)
{
    wakeups = 0;
    ktest_task_create(&sensor_task, "sensor", sensor_entry, K_NULL, KTEST_MAIN_PRIO - 1,
                      sensor_stack);
    uint64_t t0 = now_ns();
    tos_task_delay((k_tick_t)TOS_CFG_CPU_TICK_PER_SECOND * 86400u + 1u);
    result_ns = (double)(now_ns() - t0);
    KT_ASSERT_EQ(wakeups, 86400u);
}

/* ---- host references ---- */

static sem_t hsem_a, hsem_b;
static atomic_bool href_stop;

static double ref_mutex_uncontended(void)
{
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < iters; i++) {
        pthread_mutex_lock(&m);
        __asm__ volatile("" ::: "memory");
        pthread_mutex_unlock(&m);
    }
    return (double)(now_ns() - t0) / (double)iters;
}

static double ref_sem_uncontended(void)
{
    sem_init(&hsem_a, 0, 0);
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < iters; i++) {
        sem_post(&hsem_a);
        sem_trywait(&hsem_a);
    }
    double r = (double)(now_ns() - t0) / (double)iters;
    sem_destroy(&hsem_a);
    return r;
}

/* Thread-per-task references run with both threads pinned to one core, as a simulated CPU
   would be (FreeRTOS's POSIX port works this way). */
static void pin_to_cpu0(void)
{
#if defined(_WIN32)
    SetThreadAffinityMask(GetCurrentThread(), 1u);
#else
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(0, &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
#endif
}

static void *ref_pong(void *arg)
{
    (void)arg;
    pin_to_cpu0();
    while (!atomic_load(&href_stop)) {
        sem_wait(&hsem_a);
        sem_post(&hsem_b);
    }
    return NULL;
}

static void *ref_yielder(void *arg)
{
    (void)arg;
    pin_to_cpu0();
    while (!atomic_load(&href_stop)) {
        sched_yield();
    }
    return NULL;
}

static void *ref_thread_main(void *arg)
{
    double *out = arg;
    unsigned long n = iters / 20u;
    pthread_t peer;

    pin_to_cpu0();
    /* ping-pong */
    sem_init(&hsem_a, 0, 0);
    sem_init(&hsem_b, 0, 0);
    atomic_store(&href_stop, false);
    pthread_create(&peer, NULL, ref_pong, NULL);
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < n; i++) {
        sem_post(&hsem_a);
        sem_wait(&hsem_b);
    }
    out[0] = (double)(now_ns() - t0) / (double)n;
    atomic_store(&href_stop, true);
    sem_post(&hsem_a);
    pthread_join(peer, NULL);
    sem_destroy(&hsem_a);
    sem_destroy(&hsem_b);

    /* yield */
    atomic_store(&href_stop, false);
    pthread_create(&peer, NULL, ref_yielder, NULL);
    t0 = now_ns();
    for (unsigned long i = 0; i < n; i++) {
        sched_yield();
    }
    out[1] = (double)(now_ns() - t0) / (double)(2u * n);
    atomic_store(&href_stop, true);
    pthread_join(peer, NULL);
    return NULL;
}

/* ---- main ---- */

static void print_table(void)
{
    printf("\n%-44s %12s %14s  %-30s %s\n", "operation", "Sprig", "host reference", "(reference)",
           "target");
    for (unsigned i = 0; i < nrows; i++) {
        const row_t *r = &rows[i];
        char sprig[32], ref[32];
        if (r->sprig_ns >= 1e6) {
            snprintf(sprig, sizeof sprig, "%.3f s", r->sprig_ns / 1e9);
        } else {
            snprintf(sprig, sizeof sprig, "%.1f ns", r->sprig_ns);
        }
        if (r->ref_ns < 0) {
            snprintf(ref, sizeof ref, "-");
        } else {
            snprintf(ref, sizeof ref, "%.1f ns", r->ref_ns);
        }
        printf("%-44s %12s %14s  %-30s %s\n", r->what, sprig, ref, r->ref_what ? r->ref_what : "",
               r->target ? r->target : "");
    }
}

int main(int argc, char **argv)
{
    double ref_threads[2];
    pthread_t t;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) {
            iters = 20000ul;
        } else {
            fprintf(stderr, "kernel_bench: unknown option '%s'\nusage: kernel_bench [--quick]\n",
                    argv[i]);
            return 2;
        }
    }

    pthread_create(&t, NULL, ref_thread_main, ref_threads);
    pthread_join(t, NULL);

    add_row("critical section enter+exit", run_scenario("critical_section", critical_section),
            ref_mutex_uncontended(), "pthread_mutex lock+unlock", "");
    add_row("semaphore post+pend, uncontended", run_scenario("sem_uncontended", sem_uncontended),
            ref_sem_uncontended(), "sem_post+sem_trywait", "< 15 ns");
    add_row("yield (one task switch)", run_scenario("yield", yield), ref_threads[1],
            "sched_yield, 2 threads, 1 core", "< 40 ns");
    add_row("semaphore ping-pong round trip", run_scenario("sem_pingpong", sem_pingpong),
            ref_threads[0], "sem ping-pong, 2 threads, 1 core", "");
    add_row("IRQ raise -> ISR entry, same thread", run_scenario("irq_sync", irq_sync), -1.0, NULL,
            "");
    if (arch_async_preemption) {    /* the scenario preempts a spinning task */
        add_row("IRQ raise -> ISR entry, other host thread",
                run_scenario("irq_cross_thread", irq_cross_thread), -1.0, NULL, "");
    }
    if (iters >= 1000000ul) {
        add_row("1 simulated day, task waking every second", run_scenario("one_day", one_day),
                -1.0, NULL, "< 1 s");
    }
    print_table();
    return 0;
}
