/*
 * Host ports: interrupts delivered asynchronously, at arbitrary instructions (POSIX: through
 * signals; Windows: the interrupt thread suspends the CPU thread and redirects it), while
 * tasks use the kernel and the host C library.
 *
 * A host thread (the "hammer") raises an interrupt line at random moments, waiting for each to
 * be taken before the next, so every raise is exactly one interrupt. The ISR posts a semaphore
 * and a message; tasks consume them while other tasks churn malloc/free and printf and run
 * register probes (every GPR, XMM and YMM register, or the AArch64 ones). At the end: every
 * post was consumed (no lost wake-up), every heap block and register kept its contents (no
 * corruption), and the run finished (no deadlock, also with a Windows, Wine or C runtime
 * lock).
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ktest.h"

#include "cpu.h"
#include "host_thread.h"
#include "sim_board/irq_map.h"

#include "sim/irqc.h"
#include "sim/options.h"
#include "sim/rng.h"

/* At least a million on a real CPU, as the POSIX port promises (builds running under an
   emulator set a smaller SPRIG_PREEMPTION_INTERRUPTS_MIN; so does the Win32 port, where each
   injection is a suspend/get/set/resume round trip with the interrupt thread, about 100 us under
   Wine); the environment variable SPRIG_PREEMPTION_INTERRUPTS may ask for more. */
#ifdef SPRIG_PREEMPTION_INTERRUPTS_MIN
#define PREEMPTION_INTERRUPTS_MIN   ((unsigned long)SPRIG_PREEMPTION_INTERRUPTS_MIN)
#else
#define PREEMPTION_INTERRUPTS_MIN   200000ul   /* bounded: the delivery rate swings 10x with host load */
#endif

static unsigned long preemption_interrupts(void)
{
    const char *s = getenv("SPRIG_PREEMPTION_INTERRUPTS");
    unsigned long n = s ? strtoul(s, NULL, 10) : 0ul;
    return n > PREEMPTION_INTERRUPTS_MIN ? n : PREEMPTION_INTERRUPTS_MIN;
}

#if defined(__x86_64__)
uint64_t regcheck_gpr_sse(uint64_t iterations);
uint64_t regcheck_avx(uint64_t iterations);
#elif defined(__aarch64__)
uint64_t regcheck_aarch64(uint64_t iterations);
#endif

static struct {
    atomic_bool       stop;
    unsigned long     target;
    atomic_ulong      raised;
    volatile unsigned long isr_runs;
    volatile unsigned long consumed;
    volatile unsigned long msgs;
    volatile unsigned long worker_rounds[2];
    volatile unsigned long probe_rounds;
    volatile int      corruption;       /* first failure code, 0 if none */
    k_sem_t           sem;
    k_msg_q_t         q;
    void             *q_pool[64];
    k_sem_t           ping, pong;
} st;

static k_task_t consumer_task, msg_task, worker_task[2], probe_task;
KTEST_STACK(consumer_stack);
KTEST_STACK(msg_stack);
KTEST_STACK(worker_stack0);
KTEST_STACK(worker_stack1);
KTEST_STACK(probe_stack);

static void note_corruption(int code)
{
    if (!st.corruption) {
        st.corruption = code;
    }
}

static void hammer_isr(void)
{
    tos_knl_irq_enter();
    st.isr_runs++;
    if (tos_sem_post(&st.sem) != K_ERR_NONE) {
        note_corruption(1);
    }
    if (st.isr_runs % 16u == 0u) {
        if (tos_msg_q_post(&st.q, (void *)(uintptr_t)st.isr_runs) != K_ERR_NONE) {
            note_corruption(2);
        }
    }
    tos_knl_irq_leave();
}

static void hammer_main(void *arg)
{
    sim_rng_t rng;
    unsigned line = SIM_IRQ_TEST_BASE;

    (void)arg;
    sim_rng_init(&rng, sim_options()->seed);
    while (!atomic_load(&st.stop) && atomic_load(&st.raised) < st.target) {
        sim_irq_set_pending(line);
        atomic_fetch_add(&st.raised, 1u);
        while (sim_irq_is_pending(line) && !atomic_load(&st.stop)) {
            host_thread_yield();    /* wait until taken, so no two raises merge */
        }
        for (volatile uint64_t spin = sim_rng_below_r(&rng, 3000u); spin; spin--) {
        }
    }
}

static void consumer_entry(void *arg)
{
    (void)arg;
    for (;;) {
        if (tos_sem_pend(&st.sem, TOS_TIME_FOREVER) != K_ERR_NONE) {
            note_corruption(3);
        }
        st.consumed++;
    }
}

static void msg_entry(void *arg)
{
    unsigned long last = 0;
    void *m;

    (void)arg;
    for (;;) {
        if (tos_msg_q_pend(&st.q, &m, TOS_TIME_FOREVER) != K_ERR_NONE) {
            note_corruption(4);
        }
        unsigned long v = (unsigned long)(uintptr_t)m;
        if (v <= last || v % 16u != 0u) {
            note_corruption(5);         /* out of order or garbage */
        }
        last = v;
        st.msgs++;
    }
}

/* Churn the host allocator and stdio from two tasks that preempt each other. */
static void worker_entry(void *arg)
{
    unsigned id = (unsigned)(uintptr_t)arg;
    FILE *devnull = fopen(HOST_NULL_DEVICE, "w");
    uint32_t x = 0x9E3779B9u * (id + 1u);
    char line[128];

    if (!devnull) {
        note_corruption(6);
        return;
    }
    for (;;) {
        size_t n = 16u + (x % 4000u);
        unsigned char *p = malloc(n);
        unsigned char tag = (unsigned char)(x >> 24);
        if (!p) {
            note_corruption(7);
            continue;
        }
        memset(p, tag, n);
        snprintf(line, sizeof line, "worker %u round %lu size %zu %.3f", id,
                 st.worker_rounds[id], n, (double)n / 7.0);
        fprintf(devnull, "%s\n", line);
        printf("%s", "");           /* stdout's lock too */
        for (size_t i = 0; i < n; i++) {
            if (p[i] != tag) {
                note_corruption(8);
                break;
            }
        }
        free(p);
        /* ping-pong so the two workers also switch through the kernel */
        if (id == 0u) {
            tos_sem_post(&st.ping);
            tos_sem_pend(&st.pong, 10u);
        } else {
            tos_sem_pend(&st.ping, 10u);
            tos_sem_post(&st.pong);
        }
        x = x * 1664525u + 1013904223u;
        st.worker_rounds[id]++;
    }
}

/* Integer and floating-point work whose result is known: any register the trampoline failed
   to restore shows up as a wrong answer. */
static void probe_entry(void *arg)
{
    (void)arg;
    for (;;) {
        uint64_t a = 0;
        double d = 0.0;
        for (uint64_t i = 1; i <= 20000u; i++) {
            a += i * i;
            d += (double)i * 0.5;
        }
        if (a != 20000ull * 20001ull * 40001ull / 6ull || d != 20000.0 * 20001.0 / 4.0) {
            note_corruption(9);
        }
#if defined(__x86_64__)
        uint64_t r = regcheck_gpr_sse(2000u);
        if (r) {
            note_corruption((int)(100 + r));
        }
        if (__builtin_cpu_supports("avx")) {
            r = regcheck_avx(2000u);
            if (r) {
                note_corruption((int)(100 + r));
            }
        }
#elif defined(__aarch64__)
        uint64_t r = regcheck_aarch64(200u);
        if (r) {
            note_corruption((int)(100 + r));
        }
#endif
        st.probe_rounds++;
    }
}

KTEST(preemption, interrupts_at_random_points)
{
    ktest_require_async_preemption();   /* the point is interrupts between any two instructions */
    memset((void *)&st, 0, sizeof st);
    st.target = preemption_interrupts();
    KT_ASSERT_EQ(tos_sem_create(&st.sem, 0), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_create(&st.ping, 0), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_create(&st.pong, 0), K_ERR_NONE);
    KT_ASSERT_EQ(tos_msg_q_create(&st.q, st.q_pool, TOS_COUNT_OF(st.q_pool)), K_ERR_NONE);
    ktest_irq_connect(0, hammer_isr, 0x40);

    ktest_task_create(&consumer_task, "consumer", consumer_entry, K_NULL, 4, consumer_stack);
    ktest_task_create(&msg_task, "msgs", msg_entry, K_NULL, 5, msg_stack);
    ktest_task_create(&worker_task[0], "worker0", worker_entry, (void *)0, 12, worker_stack0);
    ktest_task_create(&worker_task[1], "worker1", worker_entry, (void *)1, 12, worker_stack1);
    ktest_task_create(&probe_task, "probe", probe_entry, K_NULL, 12, probe_stack);

    KT_ASSERT(host_thread_start(hammer_main, NULL));
    while (atomic_load(&st.raised) < st.target && !st.corruption) {
        tos_task_delay(50);
    }
    atomic_store(&st.stop, true);
    host_thread_join();
    tos_task_delay(100);        /* let the consumers drain */

    ktest_log("interrupts %lu, consumed %lu, messages %lu, worker rounds %lu/%lu, probe rounds %lu",
              st.isr_runs, st.consumed, st.msgs, st.worker_rounds[0], st.worker_rounds[1],
              st.probe_rounds);
    cpu_irq_stats_t is;
    cpu_irq_stats(&is);
    ktest_log("interrupt delivery: %llu redirected into the trampoline, %llu left pending for "
              "the unmask, %llu retried (CPU in host code it must not be interrupted in)",
              (unsigned long long)is.redirected, (unsigned long long)is.masked,
              (unsigned long long)is.retried);
    KT_ASSERT_EQ(st.corruption, 0);
    KT_ASSERT_EQ(st.isr_runs, atomic_load(&st.raised));
    KT_ASSERT_GE(st.isr_runs, st.target);
    KT_ASSERT_EQ(st.consumed, st.isr_runs);
    KT_ASSERT_EQ(st.msgs, st.isr_runs / 16u);
    KT_ASSERT_GT(st.worker_rounds[0], 0);
    KT_ASSERT_GT(st.worker_rounds[1], 0);
    KT_ASSERT_GT(st.probe_rounds, 0);
}
