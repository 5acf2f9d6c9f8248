/*
 * Kernel micro-benchmarks on the POSIX simulator port, each next to a host reference measured
 * in the same process (POSIX threads doing the same thing), printed as a table.
 *
 *   ./kernel_bench            full run (a few seconds)
 *   ./kernel_bench --quick    short run, for a smoke check that it still builds and works
 *
 * Every scenario runs on a fresh kernel through the conformance harness (tests/kernel/ktest.h),
 * so the numbers are what an app sees, including argument checks (TOS_CFG_OBJECT_VERIFY_EN).
 * Each scenario also checks that what it timed really happened (every call succeeded, every
 * message arrived, the peer ran as often as it should): a failed check ends the run with
 * status 1, which is what the smoke test (ctest label bench) looks at. Times are host
 * wall-clock time, so they are only meaningful in an optimised build on a quiet machine.
 *
 * Besides the table, one line per row starts with RESULT, for bench/run.
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
    const char *key;        /* for the RESULT line */
    const char *what;
    double sprig_ns;
    double ref_ns;          /* < 0: no reference */
    const char *ref_what;
    const char *target;
} row_t;

static row_t rows[32];
static unsigned nrows;
static double result_ns;    /* written by the scenario running in the simulator */

static void add_row(const char *key, const char *what, double sprig_ns, double ref_ns,
                    const char *ref_what, const char *target)
{
    rows[nrows++] = (row_t){ key, what, sprig_ns, ref_ns, ref_what, target };
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
static volatile unsigned long peer_rounds, peer_errors;

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

/* ---- semaphore ---- */

static void sem_uncontended(void)
{
    unsigned long errors = 0;

    KT_ASSERT_EQ(tos_sem_create(&sem_a, 0), K_ERR_NONE);
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < iters; i++) {
        errors += tos_sem_post(&sem_a) != K_ERR_NONE;
        errors += tos_sem_pend(&sem_a, TOS_TIME_NOWAIT) != K_ERR_NONE;
    }
    result_ns = (double)(now_ns() - t0) / (double)iters;
    KT_ASSERT_EQ(errors, 0);
}

static void pingpong_peer(void *arg)
{
    (void)arg;
    for (;;) {
        peer_errors += tos_sem_pend(&sem_a, TOS_TIME_FOREVER) != K_ERR_NONE;
        peer_rounds++;
        tos_sem_post(&sem_b);
    }
}

/* Contended: every post wakes a task blocked on the semaphore, and every pend blocks. */
static void sem_pingpong(void)
{
    unsigned long errors = 0;

    peer_rounds = peer_errors = 0;
    KT_ASSERT_EQ(tos_sem_create(&sem_a, 0), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_create(&sem_b, 0), K_ERR_NONE);
    ktest_task_create(&peer_task, "peer", pingpong_peer, K_NULL, KTEST_MAIN_PRIO, peer_stack);
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < iters; i++) {
        errors += tos_sem_post(&sem_a) != K_ERR_NONE;
        errors += tos_sem_pend(&sem_b, TOS_TIME_FOREVER) != K_ERR_NONE;
    }
    result_ns = (double)(now_ns() - t0) / (double)iters;
    KT_ASSERT_EQ(errors + peer_errors, 0);
    KT_ASSERT_EQ(peer_rounds, iters);
}

/* ---- context switch ---- */

static void yield_peer(void *arg)
{
    (void)arg;
    while (!peer_stop) {
        peer_rounds++;
        tos_task_yield();
    }
}

static void yield(void)
{
    peer_stop = 0;
    peer_rounds = 0;
    ktest_task_create(&peer_task, "peer", yield_peer, K_NULL, KTEST_MAIN_PRIO, peer_stack);
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < iters; i++) {
        tos_task_yield();
    }
    uint64_t t1 = now_ns();
    peer_stop = 1;
    /* each of our yields switches to the peer and the peer's yield switches back */
    result_ns = (double)(t1 - t0) / (double)(2u * iters);
    KT_ASSERT_EQ(peer_rounds, iters);
}

/* ---- mutex ---- */

static k_mutex_t mutex;

static void mutex_uncontended(void)
{
    unsigned long errors = 0;

    KT_ASSERT_EQ(tos_mutex_create(&mutex), K_ERR_NONE);
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < iters; i++) {
        errors += tos_mutex_pend(&mutex) != K_ERR_NONE;
        errors += tos_mutex_post(&mutex) != K_ERR_NONE;
    }
    result_ns = (double)(now_ns() - t0) / (double)iters;
    KT_ASSERT_EQ(errors, 0);
}

static void mutex_peer(void *arg)
{
    (void)arg;
    for (;;) {
        peer_errors += tos_mutex_pend(&mutex) != K_ERR_NONE;
        peer_rounds++;
        peer_errors += tos_mutex_post(&mutex) != K_ERR_NONE;
        tos_task_suspend(K_NULL);
    }
}

/* Contended: the owner is made to wait on by a more urgent task, which lends it its priority
   and takes the mutex over when it is unlocked. One round: lock, resume the peer (switch),
   the peer blocks on the mutex (switch back, priority inherited), unlock hands the mutex to
   the peer (switch), the peer unlocks and suspends itself (switch back). */
static void mutex_contended(void)
{
    unsigned long errors = 0;

    peer_rounds = peer_errors = 0;
    KT_ASSERT_EQ(tos_mutex_create(&mutex), K_ERR_NONE);
    /* more urgent: it runs one uncontended round at once and suspends itself */
    ktest_task_create(&peer_task, "peer", mutex_peer, K_NULL, KTEST_MAIN_PRIO - 1, peer_stack);
    KT_ASSERT_EQ(peer_rounds, 1);
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < iters; i++) {
        errors += tos_mutex_pend(&mutex) != K_ERR_NONE;
        errors += tos_task_resume(&peer_task) != K_ERR_NONE;
        errors += tos_mutex_post(&mutex) != K_ERR_NONE;
    }
    result_ns = (double)(now_ns() - t0) / (double)iters;
    KT_ASSERT_EQ(errors + peer_errors, 0);
    KT_ASSERT_EQ(peer_rounds, iters + 1u);
}

/* ---- message queue ---- */

#define QUEUE_DEPTH     8u

static k_msg_q_t queue_a, queue_b;
static void *queue_a_pool[QUEUE_DEPTH], *queue_b_pool[QUEUE_DEPTH];

static void queue_uncontended(void)
{
    unsigned long errors = 0;

    KT_ASSERT_EQ(tos_msg_q_create(&queue_a, queue_a_pool, QUEUE_DEPTH), K_ERR_NONE);
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < iters; i++) {
        void *msg = K_NULL;
        errors += tos_msg_q_post(&queue_a, (void *)(uintptr_t)(i + 1u)) != K_ERR_NONE;
        errors += tos_msg_q_pend(&queue_a, &msg, TOS_TIME_NOWAIT) != K_ERR_NONE;
        errors += msg != (void *)(uintptr_t)(i + 1u);
    }
    result_ns = (double)(now_ns() - t0) / (double)iters;
    KT_ASSERT_EQ(errors, 0);
}

static void queue_peer(void *arg)
{
    (void)arg;
    for (;;) {
        void *msg = K_NULL;
        peer_errors += tos_msg_q_pend(&queue_a, &msg, TOS_TIME_FOREVER) != K_ERR_NONE;
        peer_rounds++;
        peer_errors += tos_msg_q_post(&queue_b, msg) != K_ERR_NONE;
    }
}

/* Contended: each message goes to a task blocked on the queue, and the reply is awaited
   blocked (two switches a round, like the semaphore ping-pong). */
static void queue_pingpong(void)
{
    unsigned long errors = 0;

    peer_rounds = peer_errors = 0;
    KT_ASSERT_EQ(tos_msg_q_create(&queue_a, queue_a_pool, QUEUE_DEPTH), K_ERR_NONE);
    KT_ASSERT_EQ(tos_msg_q_create(&queue_b, queue_b_pool, QUEUE_DEPTH), K_ERR_NONE);
    ktest_task_create(&peer_task, "peer", queue_peer, K_NULL, KTEST_MAIN_PRIO, peer_stack);
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < iters; i++) {
        void *msg = K_NULL;
        errors += tos_msg_q_post(&queue_a, (void *)(uintptr_t)(i + 1u)) != K_ERR_NONE;
        errors += tos_msg_q_pend(&queue_b, &msg, TOS_TIME_FOREVER) != K_ERR_NONE;
        errors += msg != (void *)(uintptr_t)(i + 1u);
    }
    result_ns = (double)(now_ns() - t0) / (double)iters;
    KT_ASSERT_EQ(errors + peer_errors, 0);
    KT_ASSERT_EQ(peer_rounds, iters);
}

/* ---- timer ---- */

static k_timer_t timer;
static volatile unsigned long timer_fired;

static void timer_callback(void *arg)
{
    (void)arg;
    timer_fired++;
}

/* Arm a one-shot timer a second ahead and disarm it: the timer list insert and removal. */
static void timer_start_stop(void)
{
    unsigned long errors = 0;

    timer_fired = 0;
    KT_ASSERT_EQ(tos_timer_create(&timer, TOS_CFG_CPU_TICK_PER_SECOND, 0u, timer_callback, K_NULL,
                                  TOS_OPT_TIMER_ONESHOT), K_ERR_NONE);
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < iters; i++) {
        errors += tos_timer_start(&timer) != K_ERR_NONE;
        errors += tos_timer_stop(&timer) != K_ERR_NONE;
    }
    result_ns = (double)(now_ns() - t0) / (double)iters;
    KT_ASSERT_EQ(errors, 0);
    /* and it still works: started once more, it fires once */
    KT_ASSERT_EQ(tos_timer_start(&timer), K_ERR_NONE);
    tos_task_delay(2u * TOS_CFG_CPU_TICK_PER_SECOND);
    KT_ASSERT_EQ(timer_fired, 1);
}

/* ---- heap: the kernel's (TLSF) and, as the reference, the host's malloc ---- */

#define HEAP_FIXED_SIZE     64u
#define HEAP_LIVE           32u     /* blocks held at once in the mixed pattern */
#define HEAP_SIZES          256u

/* The mixed pattern's sizes, 16..512 bytes, the same sequence for both allocators. */
static size_t heap_sizes[HEAP_SIZES];

static void heap_sizes_init(void)
{
    uint32_t x = 2463534242u;
    for (unsigned i = 0; i < HEAP_SIZES; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        heap_sizes[i] = 16u + x % 497u;
    }
}

static void mmheap_fixed(void)
{
    unsigned long errors = 0;
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < iters; i++) {
        void *p = tos_mmheap_alloc(HEAP_FIXED_SIZE);
        errors += p == K_NULL;
        tos_mmheap_free(p);
    }
    result_ns = (double)(now_ns() - t0) / (double)iters;
    KT_ASSERT_EQ(errors, 0);
}

/* Keep HEAP_LIVE blocks of mixed sizes; each step frees the oldest and allocates another. */
static void mmheap_mixed(void)
{
    void *live[HEAP_LIVE] = { 0 };
    unsigned long errors = 0;
    k_mmheap_info_t info;

    KT_ASSERT_EQ(tos_mmheap_check(&info), K_ERR_NONE);
    size_t used_before = info.used;
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < iters; i++) {
        unsigned k = (unsigned)(i % HEAP_LIVE);
        tos_mmheap_free(live[k]);                   /* NULL the first time round: a no-op */
        live[k] = tos_mmheap_alloc(heap_sizes[i % HEAP_SIZES]);
        errors += live[k] == K_NULL;
    }
    result_ns = (double)(now_ns() - t0) / (double)iters;
    for (unsigned k = 0; k < HEAP_LIVE; k++) {
        tos_mmheap_free(live[k]);
    }
    KT_ASSERT_EQ(errors, 0);
    KT_ASSERT_EQ(tos_mmheap_check(&info), K_ERR_NONE);
    KT_ASSERT_EQ(info.used, used_before);           /* everything came back */
}

/* ---- interrupts ---- */

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
    KT_ASSERT_EQ(atomic_load(&isr_hits), xt.n);     /* one ISR run per raise, none lost */
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

/* The host's allocator, in the same patterns as mmheap_fixed and mmheap_mixed. Called from a
   host thread that never runs tasks, so malloc is glibc's own (hostcall.h: only the CPU
   thread's calls are wrapped). */
static double ref_malloc_fixed(void)
{
    unsigned long errors = 0;
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < iters; i++) {
        void *p = malloc(HEAP_FIXED_SIZE);
        errors += p == NULL;
        __asm__ volatile("" : : "r"(p) : "memory");     /* keep the pair from being elided */
        free(p);
    }
    double r = (double)(now_ns() - t0) / (double)iters;
    return errors ? -1.0 : r;
}

static double ref_malloc_mixed(void)
{
    void *live[HEAP_LIVE] = { 0 };
    unsigned long errors = 0;
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < iters; i++) {
        unsigned k = (unsigned)(i % HEAP_LIVE);
        free(live[k]);
        live[k] = malloc(heap_sizes[i % HEAP_SIZES]);
        errors += live[k] == NULL;
    }
    double r = (double)(now_ns() - t0) / (double)iters;
    for (unsigned k = 0; k < HEAP_LIVE; k++) {
        free(live[k]);
    }
    return errors ? -1.0 : r;
}

#if !defined(_WIN32)
/* A POSIX timer armed a second ahead and disarmed (two system calls). */
static double ref_timer_start_stop(void)
{
    struct sigevent sev;
    timer_t tm;
    struct itimerspec arm = { { 0, 0 }, { 1, 0 } }, disarm = { { 0, 0 }, { 0, 0 } };
    unsigned long n = iters / 20u;

    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_NONE;
    if (timer_create(CLOCK_MONOTONIC, &sev, &tm) != 0) {
        return -1.0;
    }
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < n; i++) {
        timer_settime(tm, 0, &arm, NULL);
        timer_settime(tm, 0, &disarm, NULL);
    }
    double r = (double)(now_ns() - t0) / (double)n;
    timer_delete(tm);
    return r;
}
#endif

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

typedef struct {
    double pingpong, yield, malloc_fixed, malloc_mixed, timer;
} host_refs_t;

static void *ref_thread_main(void *arg)
{
    host_refs_t *out = arg;
    unsigned long n = iters / 20u;
    pthread_t peer;

    out->malloc_fixed = ref_malloc_fixed();
    out->malloc_mixed = ref_malloc_mixed();
#if defined(_WIN32)
    out->timer = -1.0;
#else
    out->timer = ref_timer_start_stop();
#endif

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
    out->pingpong = (double)(now_ns() - t0) / (double)n;
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
    out->yield = (double)(now_ns() - t0) / (double)(2u * n);
    atomic_store(&href_stop, true);
    pthread_join(peer, NULL);
    return NULL;
}

/* ---- main ---- */

static void print_table(void)
{
    printf("\n%-46s %12s %14s  %-34s %s\n", "operation", "Sprig", "host reference", "(reference)",
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
        printf("%-46s %12s %14s  %-34s %s\n", r->what, sprig, ref, r->ref_what ? r->ref_what : "",
               r->target ? r->target : "");
    }
    printf("\n");
    for (unsigned i = 0; i < nrows; i++) {
        const row_t *r = &rows[i];
        printf("RESULT micro %s ns=%.2f ref_ns=%.2f what=\"%s\" ref=\"%s\" target=\"%s\"\n", r->key,
               r->sprig_ns, r->ref_ns, r->what, r->ref_what ? r->ref_what : "",
               r->target ? r->target : "");
    }
}

int main(int argc, char **argv)
{
    host_refs_t refs;
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
    heap_sizes_init();

    pthread_create(&t, NULL, ref_thread_main, &refs);
    pthread_join(t, NULL);

    add_row("critical_section", "critical section enter+exit",
            run_scenario("critical_section", critical_section), ref_mutex_uncontended(),
            "pthread_mutex lock+unlock", "");
    add_row("yield", "context switch: yield (one task switch)", run_scenario("yield", yield),
            refs.yield, "sched_yield, 2 threads, 1 core", "< 40 ns");
    add_row("sem_uncontended", "semaphore post+pend, uncontended",
            run_scenario("sem_uncontended", sem_uncontended), ref_sem_uncontended(),
            "sem_post+sem_trywait", "< 15 ns");
    add_row("sem_contended", "semaphore contended: ping-pong round trip",
            run_scenario("sem_pingpong", sem_pingpong), refs.pingpong,
            "sem ping-pong, 2 threads, 1 core", "");
    add_row("mutex_uncontended", "mutex lock+unlock, uncontended",
            run_scenario("mutex_uncontended", mutex_uncontended), ref_mutex_uncontended(),
            "pthread_mutex lock+unlock", "");
    add_row("mutex_contended", "mutex contended: handover round (4 switches)",
            run_scenario("mutex_contended", mutex_contended), -1.0, NULL, "");
    add_row("queue_uncontended", "message queue post+pend, uncontended",
            run_scenario("queue_uncontended", queue_uncontended), -1.0, NULL, "");
    add_row("queue_contended", "message queue contended: ping-pong round trip",
            run_scenario("queue_pingpong", queue_pingpong), refs.pingpong,
            "sem ping-pong, 2 threads, 1 core", "");
    add_row("timer_start_stop", "timer start+stop",
            run_scenario("timer_start_stop", timer_start_stop), refs.timer,
            "timer_settime arm+disarm", "");
    add_row("mmheap_fixed", "mmheap alloc+free, 64 bytes", run_scenario("mmheap_fixed", mmheap_fixed),
            refs.malloc_fixed, "malloc+free, 64 bytes", "");
    add_row("mmheap_mixed", "mmheap alloc+free, 16-512 bytes, 32 live",
            run_scenario("mmheap_mixed", mmheap_mixed), refs.malloc_mixed,
            "malloc+free, same pattern", "");
    add_row("irq_sync", "IRQ raise -> ISR entry, same thread", run_scenario("irq_sync", irq_sync),
            -1.0, NULL, "");
    if (arch_async_preemption) {    /* the scenario preempts a spinning task */
        add_row("irq_cross_thread", "IRQ raise -> ISR entry, other host thread",
                run_scenario("irq_cross_thread", irq_cross_thread), -1.0, NULL, "");
    }
    if (iters >= 1000000ul) {
        add_row("one_day", "1 simulated day, task waking every second",
                run_scenario("one_day", one_day), -1.0, NULL, "< 1 s");
    }
    print_table();
    return 0;
}
