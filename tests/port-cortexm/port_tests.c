/*
 * The Cortex-M port's own scenarios, one per QEMU run, named on the semihosting command line:
 *
 *   fault_bus fault_undef fault_div0 fault_in_isr unexpected_irq   a fault: report, exit 0x46
 *   stack_overflow stack_canary                                   overflow: report, exit 0x4F
 *   panic assert                                                   assertion: report, exit 0x50
 *   basepri fpu tickless                                           checks: exit 0x53 on success
 *
 * ctest (CMakeLists.txt) checks each exit code and the report's wording. Bad input must give a
 * readable report and a non-zero exit, never a silent hang.
 */
#undef NDEBUG
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tos_k.h"

#include "board.h"
#include "cm_regs.h"
#include "mps2.h"
#include "port_cm.h"
#include "scenario.h"

#define MAIN_PRIO   SCENARIO_MAIN_PRIO
#define STK         2048u

static k_task_t  tk[3];
static k_stack_t tk_stack[3][STK] __attribute__((aligned(8)));
static k_sem_t   sem;
static int       failures;

#define CHECK(cond) \
    do { \
        if (!(cond)) { \
            printf("FAIL: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
            failures++; \
        } \
    } while (0)

/* Task `i` (its entry gets i as the argument). */
static void spawn(unsigned i, const char *name, k_task_entry_t entry, k_prio_t prio,
                  k_timeslice_t slice)
{
    k_err_t err = tos_task_create(&tk[i], (char *)name, entry, (void *)(uintptr_t)i, prio,
                                  tk_stack[i], sizeof tk_stack[i], slice);
    if (err != K_ERR_NONE) {
        printf("FAIL: cannot create task %s: %d\n", name, (int)err);
        exit(1);
    }
}

static void finish(void)
{
    printf("%s\n", failures ? "FAILED" : "PASSED");
    exit(failures ? 1 : 0);
}

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

static uint32_t read_basepri(void)
{
    uint32_t v;
    __asm__ volatile("mrs %0, basepri" : "=r"(v));
    return v;
}

static uint32_t read_primask(void)
{
    uint32_t v;
    __asm__ volatile("mrs %0, primask" : "=r"(v));
    return v;
}

/* ---- faults ---- */

#define NO_MEMORY   0x90000000u     /* nothing is mapped there on mps2: a bus error */

static void fault_bus(void)
{
    printf("reading %#lx from a task\n", (unsigned long)NO_MEMORY);
    fflush(stdout);
    (void)*(volatile uint32_t *)NO_MEMORY;
    printf("FAIL: no fault\n");
}

static void fault_undef(void)
{
    printf("executing an undefined instruction\n");
    fflush(stdout);
    __asm__ volatile(".short 0xde00");      /* UDF #0 */
    printf("FAIL: no fault\n");
}

static void fault_div0(void)
{
    volatile int zero = 0;
    printf("dividing by zero\n");
    fflush(stdout);
    printf("FAIL: no fault, got %d\n", 10 / zero);
}

/* At NVIC priority 0 the BusFault (also priority 0) cannot preempt: it escalates. */
static void bad_isr(void)
{
    (void)*(volatile uint32_t *)NO_MEMORY;
}

static void fault_in_isr(void)
{
    printf("reading %#lx from an interrupt handler\n", (unsigned long)NO_MEMORY);
    fflush(stdout);
    soft_irq_setup(0u, bad_isr, 0u);
    soft_irq_raise(0u);
    printf("FAIL: no fault\n");
}

static void unexpected_irq(void)
{
    printf("raising a line that has no handler\n");
    fflush(stdout);
    soft_irq_setup(3u, K_NULL, port_cm_kernel_irq_prio(0x80u));
    soft_irq_raise(3u);
    printf("FAIL: no report\n");
}

/* ---- stack overflow ---- */

/* The overflowing task's stack, with a guard below it for the overflow to land in. */
static struct {
    uint8_t   guard[4096];
    k_stack_t stk[1024];
} ov __attribute__((aligned(8)));
static k_task_t ov_task;

__attribute__((noinline)) static int deep(int n, int block_at_bottom)
{
    volatile uint8_t buf[64];
    for (unsigned i = 0; i < sizeof buf; i++) {
        buf[i] = (uint8_t)(n + 1);
    }
    if (n > 0) {
        return deep(n - 1, block_at_bottom) + buf[n & 63];
    }
    if (block_at_bottom) {
        (void)tos_task_delay(1u);           /* switch while below the bottom */
    }
    return buf[0];
}

static void ov_entry(void *arg)
{
    (void)deep(18, arg != K_NULL);          /* ~18 x 80 bytes: past the 1 KiB stack */
    (void)tos_task_delay(1u);               /* back in range, the canary is gone */
    printf("FAIL: the overflow went unnoticed\n");
    exit(1);
}

static void stack_test(int below)
{
    printf("task 'overflow' recurses past its 1024-byte stack%s\n",
           below ? " and blocks there" : ", returns, then blocks");
    fflush(stdout);
    (void)tos_task_create(&ov_task, "overflow", ov_entry, below ? (void *)1 : K_NULL, 3u,
                          ov.stk, sizeof ov.stk, 0u);
    (void)tos_task_delay(10u);
    printf("FAIL: no report\n");
}

static void stack_overflow(void)
{
    stack_test(1);
}

static void stack_canary(void)
{
    stack_test(0);
}

/* ---- assertions ---- */

static void locker_entry(void *arg)
{
    (void)arg;
    (void)tos_knl_sched_lock();             /* and return: the kernel asserts */
}

static void panic(void)
{
    printf("task 'locker' returns with the scheduler locked\n");
    fflush(stdout);
    spawn(0, "locker", locker_entry, 3u, 0u);
    printf("FAIL: no panic\n");
}

static void assert_fails(void)
{
    volatile int two = 2;
    printf("a C assert() fails\n");
    fflush(stdout);
    assert(two + two == 5);
    printf("FAIL: no report\n");
}

/* ---- BASEPRI critical sections ---- */

static volatile int zl_runs, k_runs;
static volatile uint32_t zl_basepri_seen;

static void zero_latency_isr(void)
{
    zl_runs++;                              /* must not (and does not) use the kernel */
}

static void kernel_isr(void)
{
    tos_knl_irq_enter();
    k_runs++;
    tos_knl_irq_leave();
}

static void basepri(void)
{
    TOS_CPU_CPSR_ALLOC();
    unsigned bits = 0;
    uint8_t probe;

    /* the NVIC's implemented priority bits: write all ones, count what sticks */
    CM_NVIC_IPR(BOARD_SOFT_IRQ_BASE + 2u) = 0xFFu;
    probe = CM_NVIC_IPR(BOARD_SOFT_IRQ_BASE + 2u);
    for (unsigned b = 0; b < 8u; b++) {
        bits += (probe >> b) & 1u;
    }
    printf("NVIC priority bits: %u (board says %u); PORT_CM_BASEPRI %#x\n", bits,
           (unsigned)SPRIG_BOARD_NVIC_PRIO_BITS, (unsigned)PORT_CM_BASEPRI);
    CHECK(bits >= SPRIG_BOARD_NVIC_PRIO_BITS);

    /* every kernel-relative priority maps at or below the mask, keeping the order */
    for (unsigned p = 0; p < 256u; p++) {
        CHECK(port_cm_kernel_irq_prio((uint8_t)p) >= PORT_CM_BASEPRI);
        if (p > 0u) {
            CHECK(port_cm_kernel_irq_prio((uint8_t)p) >= port_cm_kernel_irq_prio((uint8_t)(p - 1u)));
        }
    }
    CHECK(port_cm_kernel_irq_prio(0x00u) != port_cm_kernel_irq_prio(0x20u));
    CHECK(port_cm_kernel_irq_prio(0x20u) != port_cm_kernel_irq_prio(0x40u));
    CHECK(port_cm_kernel_irq_prio(0x40u) != port_cm_kernel_irq_prio(0x80u));
    /* the port's exception priorities: PendSV least urgent, the tick in the kernel's range */
    CHECK(CM_SCB_SHPR(CM_EXC_PENDSV) == (0xFFu & (0xFFu << (8u - bits))));
    CHECK(CM_SCB_SHPR(CM_EXC_SYSTICK) >= PORT_CM_BASEPRI);

    soft_irq_setup(0u, zero_latency_isr, (uint8_t)(PORT_CM_BASEPRI - (1 << (8 - SPRIG_BOARD_NVIC_PRIO_BITS))));
    soft_irq_setup(1u, kernel_isr, port_cm_kernel_irq_prio(0x40u));

    CHECK(read_basepri() == 0u);
    TOS_CPU_INT_DISABLE();
    CHECK(read_basepri() == PORT_CM_BASEPRI);
    CHECK(read_primask() == 0u);            /* the kernel never uses PRIMASK */
    soft_irq_raise(0u);
    CHECK(zl_runs == 1);                    /* above the mask: taken at once */
    soft_irq_raise(1u);
    CHECK(k_runs == 0);                     /* at the mask: waits */
    {
        cpu_cpsr_t inner = tos_cpu_cpsr_save();   /* nested: the inner restore keeps the mask */
        tos_cpu_cpsr_restore(inner);
    }
    CHECK(read_basepri() == PORT_CM_BASEPRI);
    CHECK(k_runs == 0);
    TOS_CPU_INT_ENABLE();
    CHECK(k_runs == 1);                     /* taken when the mask drops */
    CHECK(read_basepri() == 0u);

    /* a zero-latency interrupt also gets in while PendSV switches tasks and the tick runs */
    board_watchdog_start(1u, zero_latency_isr);
    for (int i = 0; i < 200; i++) {
        (void)tos_task_delay(1u);
    }
    board_watchdog_stop();
    printf("zero-latency interrupts taken: %d, kernel interrupts: %d\n", zl_runs, k_runs);
    CHECK(zl_runs > 150);
    finish();
}

/* ---- FPU: lazy stacking, per-task FP state ---- */

#if PORT_CM_FPU
#define FP_ROUNDS   6
#define FP_SPINS    150000u         /* about 10 ms of virtual time: several preemptions */
/* FPSCR control bits a task owns: AHP, DN, FZ, RMode */
#define FPSCR_CTRL  0x07C00000u

static volatile int fp_isr_runs, fp_done[2], int_spins;
static volatile int spin_stop;

/* Load s0-s31 and FPSCR, spin with them live (preemption happens here), store them back.
   One asm statement, so the compiler cannot touch the registers in between. */
static void fp_hold(const uint32_t *in, uint32_t *out, uint32_t fpscr_in, uint32_t *fpscr_out)
{
    uint32_t n = FP_SPINS, fo;
    __asm__ volatile("vmsr   fpscr, %[fi]\n\t"
                     "vldmia %[in], {s0-s31}\n"
                     "1:\n\t"
                     "subs   %[n], %[n], #1\n\t"
                     "bne    1b\n\t"
                     "vstmia %[out], {s0-s31}\n\t"
                     "vmrs   %[fo], fpscr\n\t"
                     : [n] "+r"(n), [fo] "=&r"(fo)
                     : [in] "r"(in), [out] "r"(out), [fi] "r"(fpscr_in)
                     : "memory", "cc",
                       "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11",
                       "s12", "s13", "s14", "s15", "s16", "s17", "s18", "s19", "s20", "s21",
                       "s22", "s23", "s24", "s25", "s26", "s27", "s28", "s29", "s30", "s31");
    *fpscr_out = fo;
}

/* An ISR that uses the FPU: scribbles over s0-s15 and FPSCR, which lazy stacking must have
   saved for the interrupted task. */
static void fp_isr(void)
{
    static const uint32_t junk[16] = {
        0xDEAD0000u, 0xDEAD0001u, 0xDEAD0002u, 0xDEAD0003u, 0xDEAD0004u, 0xDEAD0005u,
        0xDEAD0006u, 0xDEAD0007u, 0xDEAD0008u, 0xDEAD0009u, 0xDEAD000Au, 0xDEAD000Bu,
        0xDEAD000Cu, 0xDEAD000Du, 0xDEAD000Eu, 0xDEAD000Fu,
    };
    __asm__ volatile("vldmia %0, {s0-s15}\n\t"
                     "vmsr   fpscr, %1\n\t"
                     : : "r"(junk), "r"(0x03C00000u)
                     : "memory", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9",
                       "s10", "s11", "s12", "s13", "s14", "s15");
    fp_isr_runs++;
}

static void fp_entry(void *arg)
{
    unsigned id = (unsigned)(uintptr_t)arg;
    /* task 0 rounds towards +inf, task 1 towards -inf with flush-to-zero */
    uint32_t fpscr = id == 0u ? 0x00400000u : 0x01800000u;
    uint32_t in[32], out[32], fo;

    for (int round = 0; round < FP_ROUNDS; round++) {
        for (unsigned i = 0; i < 32u; i++) {
            in[i] = (id + 1u) << 24 | (unsigned)round << 16 | i;
        }
        fp_hold(in, out, fpscr, &fo);
        for (unsigned i = 0; i < 32u; i++) {
            if (out[i] != in[i]) {
                printf("FAIL: task %u round %d: s%u = %#lx, expected %#lx\n", id, round, i,
                       (unsigned long)out[i], (unsigned long)in[i]);
                failures++;
                break;
            }
        }
        if ((fo & FPSCR_CTRL) != fpscr) {
            printf("FAIL: task %u round %d: FPSCR %#lx, expected control %#lx\n", id, round,
                   (unsigned long)fo, (unsigned long)fpscr);
            failures++;
        }
    }
    fp_done[id] = 1;
    (void)tos_sem_post(&sem);
}

/* A task that never touches the FPU, switching with the two that do. */
static void int_entry(void *arg)
{
    (void)arg;
    while (!spin_stop) {
        int_spins++;
    }
}

static void fpu(void)
{
    printf("two FP tasks and an integer task share the CPU (1-tick slices) under a 1 kHz "
           "FP-using interrupt\n");
    (void)tos_sem_create(&sem, 0u);
    board_watchdog_start(1u, fp_isr);
    spawn(0, "fp0", fp_entry, 6u, 1u);
    spawn(1, "fp1", fp_entry, 6u, 1u);
    spawn(2, "int", int_entry, 6u, 1u);
    (void)tos_sem_pend(&sem, TOS_TIME_FOREVER);
    (void)tos_sem_pend(&sem, TOS_TIME_FOREVER);
    spin_stop = 1;
    board_watchdog_stop();
    printf("FP interrupts: %d, integer task spins: %d\n", fp_isr_runs, int_spins);
    CHECK(fp_done[0] && fp_done[1]);
    CHECK(fp_isr_runs > 20);
    CHECK(int_spins > 0);
    finish();
}
#else
static void fpu(void)
{
    printf("this CPU has no FPU\n");
    exit(1);
}
#endif

/* ---- tickless idle ---- */

#define CYCLES_PER_TICK (SPRIG_BOARD_CPU_CLOCK_HZ / TOS_CFG_CPU_TICK_PER_SECOND)
#define SLEEP_MAX_TICKS (0x1000000u / CYCLES_PER_TICK)      /* one SysTick period, at most */

static volatile k_tick_t waiter_woke, isr_tick;
static volatile k_err_t waiter_err;
static volatile uint32_t wake_rvr, wake_cvr;

/* Kernel priority, pended by wake_timer: runs before the tick ISR's catch-up (it is more
   urgent), so the tick count it sees is the one from before the sleep. */
static void wake_isr(void)
{
    tos_knl_irq_enter();
    isr_tick = tos_systick_get();
    (void)tos_sem_post(&sem);
    tos_knl_irq_leave();
}

/* Zero-latency, first to run on the wake-up: how far SysTick's one-shot had counted. Reads
   RVR and CVR only (reading CSR would clear COUNTFLAG, which the port uses). */
static void wake_timer(void)
{
    wake_rvr = CM_SYST_RVR;
    wake_cvr = CM_SYST_CVR;
    board_watchdog_stop();
    soft_irq_raise(0u);
}

static void waiter_entry(void *arg)
{
    (void)arg;
    waiter_err = tos_sem_pend(&sem, 5000u);
    waiter_woke = tos_systick_get();
}

/* TIMER1 free-running at the CPU clock: the APB timers' view of time. */
static uint32_t cycles_now(void)
{
    return ~MPS2_TIMER_VALUE(MPS2_TIMER1_BASE);
}

static void tickless(void)
{
    k_tick_t t0, t1;
    uint32_t c0, idle0, idle1, len, done, first, expect;

    MPS2_TIMER_CTRL(MPS2_TIMER1_BASE) = 0u;
    MPS2_TIMER_RELOAD(MPS2_TIMER1_BASE) = 0xFFFFFFFFu;
    MPS2_TIMER_VALUE(MPS2_TIMER1_BASE) = 0xFFFFFFFFu;
    MPS2_TIMER_CTRL(MPS2_TIMER1_BASE) = MPS2_TIMER_CTRL_EN;

    /* the periodic tick runs at the CPU clock / TOS_CFG_CPU_TICK_PER_SECOND */
    (void)tos_task_delay(1u);
    t0 = tos_systick_get();
    c0 = cycles_now();
    while (tos_systick_get() != t0 + 100u) {
    }
    printf("100 busy ticks: %lu cycles of TIMER1\n", (unsigned long)(cycles_now() - c0));
    CHECK(cycles_now() - c0 >= 99u * CYCLES_PER_TICK && cycles_now() - c0 <= 101u * CYCLES_PER_TICK);

    /* a long sleep: one wake-up per SysTick period at most, not one per tick, and it ends
       on the exact tick */
    (void)tos_task_delay(1u);
    t0 = tos_systick_get();
    idle0 = port_cm_idle_count();
    (void)tos_task_delay(10000u);
    t1 = tos_systick_get();
    idle1 = port_cm_idle_count();
    printf("10000-tick sleep: %lu ticks, %lu wake-ups (SysTick holds %lu ticks)\n",
           (unsigned long)(t1 - t0), (unsigned long)(idle1 - idle0),
           (unsigned long)SLEEP_MAX_TICKS);
    CHECK(t1 - t0 == 10000u);
    CHECK(idle1 - idle0 <= 10000u / SLEEP_MAX_TICKS + 2u);

    /* an interrupt in the middle of a sleep: the ticks that passed (by SysTick's own count)
       are announced before the task it wakes runs */
    (void)tos_sem_create(&sem, 0u);
    soft_irq_setup(0u, wake_isr, port_cm_kernel_irq_prio(0x40u));
    spawn(0, "waiter", waiter_entry, 3u, 0u);
    t0 = tos_systick_get();
    board_watchdog_start(1700u, wake_timer);
    (void)tos_task_delay(3000u);
    t1 = tos_systick_get();
    /* the one-shot was `len` cycles to a tick boundary; its first boundary `first` cycles in */
    len = wake_rvr + 1u;
    done = len - wake_cvr;
    first = len % CYCLES_PER_TICK ? len % CYCLES_PER_TICK : CYCLES_PER_TICK;
    expect = done < first ? 0u : 1u + (done - first) / CYCLES_PER_TICK;
    printf("woken at tick +%lu by an interrupt (the ISR saw +%lu; SysTick had run %lu of %lu "
           "cycles: %lu ticks); the sleeper woke at +%lu\n",
           (unsigned long)(waiter_woke - t0), (unsigned long)(isr_tick - t0),
           (unsigned long)done, (unsigned long)len, (unsigned long)expect,
           (unsigned long)(t1 - t0));
    CHECK(waiter_err == K_ERR_NONE);
    CHECK(expect > 0u);
    CHECK(waiter_woke == isr_tick + expect);
    CHECK(waiter_woke - t0 > 1u && waiter_woke - t0 < 3000u);
    CHECK(t1 - t0 == 3000u);
    finish();
}

/* ---- driver ---- */

const cm_scenario_t cm_scenarios[] = {
    { "fault_bus", fault_bus },
    { "fault_undef", fault_undef },
    { "fault_div0", fault_div0 },
    { "fault_in_isr", fault_in_isr },
    { "unexpected_irq", unexpected_irq },
    { "stack_overflow", stack_overflow },
    { "stack_canary", stack_canary },
    { "panic", panic },
    { "assert", assert_fails },
    { "basepri", basepri },
    { "fpu", fpu },
    { "tickless", tickless },
};

const unsigned cm_scenario_count = sizeof cm_scenarios / sizeof cm_scenarios[0];
const char cm_scenario_program[] = "port_tests";
const char cm_scenario_banner[] = "";
