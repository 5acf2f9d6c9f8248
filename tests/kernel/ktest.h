/*
 * Sprig kernel conformance suite: the harness every case is written against.
 *
 * Cases are plain C, written once, and run on every port: under GoogleTest on host ports (each
 * case a GoogleTest test), and by a C runner on targets. Every case starts from a fresh kernel:
 * the runner resets the machine, calls tos_knl_init(), creates the case's main task at
 * KTEST_MAIN_PRIO running the case body, and starts the kernel. The case passes when the body
 * returns; the first failed assertion (in any task or ISR) ends it.
 *
 *     KTEST(sem, post_wakes_waiter) {
 *         k_sem_t s;
 *         KT_ASSERT_EQ(tos_sem_create(&s, 0), K_ERR_NONE);
 *         ...
 *     }
 *
 * KTEST_PRESTART(suite, name) declares a case that runs on the boot context after
 * tos_knl_init() but before tos_knl_start() (for "not running" behaviour); it must not block.
 *
 * Registration is by scanning: the build finds every KTEST(...)/KTEST_PRESTART(...) line in
 * the tests/kernel/test_*.c files, so the macro must start its line, and a case must exist in
 * every build (a case a port cannot run calls ktest_skip with the reason, it is not #ifdef'd
 * away).
 *
 * Time in cases is virtual: a case may sleep for simulated hours. A case that runs longer than
 * KTEST_TIMEOUT_TICKS of kernel time fails as a hang.
 */
#ifndef SPRIG_KTEST_H
#define SPRIG_KTEST_H

#include "tos_k.h"

#ifdef __cplusplus
extern "C" {
#endif

#define KTEST_MAIN_PRIO         10u
#define KTEST_STK_SIZE          2048u
/* One simulated week. */
#define KTEST_TIMEOUT_TICKS     ((k_tick_t)TOS_CFG_CPU_TICK_PER_SECOND * 86400u * 7u)

#define KTEST(suite, name) \
    void ktest_##suite##__##name(void); \
    void ktest_##suite##__##name(void)
#define KTEST_PRESTART(suite, name) KTEST(suite, name)

/* printf-style format checking. mingw-w64 (Win32 port) builds use its C99 printf, whose
   format archetype is gnu_printf; plain `printf` there means the Microsoft runtime's. */
#if defined(__MINGW32__)
#define KTEST_PRINTF_LIKE(f, a)     __attribute__((format(gnu_printf, f, a)))
#else
#define KTEST_PRINTF_LIKE(f, a)     __attribute__((format(printf, f, a)))
#endif

/* ---- assertions: record the failure and end the case ---- */

__NO_RETURN__ void ktest_fail(const char *file, int line, const char *fmt, ...)
    KTEST_PRINTF_LIKE(3, 4);

#define KT_FAIL(...)    ktest_fail(__FILE__, __LINE__, __VA_ARGS__)

#define KT_ASSERT(cond) \
    do { if (!(cond)) { KT_FAIL("assertion failed: %s", #cond); } } while (0)

#define KT_ASSERT_OP_(a, op, b) \
    do { \
        long long ka_ = (long long)(a), kb_ = (long long)(b); \
        if (!(ka_ op kb_)) { \
            KT_FAIL("expected %s %s %s, got %lld vs %lld", #a, #op, #b, ka_, kb_); \
        } \
    } while (0)

#define KT_ASSERT_EQ(a, b)  KT_ASSERT_OP_(a, ==, b)
#define KT_ASSERT_NE(a, b)  KT_ASSERT_OP_(a, !=, b)
#define KT_ASSERT_LT(a, b)  KT_ASSERT_OP_(a, <, b)
#define KT_ASSERT_LE(a, b)  KT_ASSERT_OP_(a, <=, b)
#define KT_ASSERT_GT(a, b)  KT_ASSERT_OP_(a, >, b)
#define KT_ASSERT_GE(a, b)  KT_ASSERT_OP_(a, >=, b)

#define KT_ASSERT_PTR_EQ(a, b) \
    do { \
        const void *pa_ = (const void *)(a), *pb_ = (const void *)(b); \
        if (pa_ != pb_) { KT_FAIL("expected %s == %s, got %p vs %p", #a, #b, pa_, pb_); } \
    } while (0)

#define KT_ASSERT_STR_EQ(a, b) \
    do { \
        const char *sa_ = (a), *sb_ = (b); \
        if (!sa_ || !sb_ || strcmp(sa_, sb_) != 0) { \
            KT_FAIL("expected %s == %s, got \"%s\" vs \"%s\"", #a, #b, sa_ ? sa_ : "(null)", \
                    sb_ ? sb_ : "(null)"); \
        } \
    } while (0)

/* ---- helpers ---- */

/* Create a task on `stack` (KTEST_STK_SIZE bytes: declare with KTEST_STACK) with the default
   time slice; asserts success. */
#define KTEST_STACK(var)    static k_stack_t var[KTEST_STK_SIZE]
void ktest_task_create(k_task_t *task, const char *name, k_task_entry_t entry, void *arg,
                       k_prio_t prio, k_stack_t *stack);

/* Test interrupt lines 0..KTEST_IRQ_LINES-1: connect an ISR (which must bracket itself with
   tos_knl_irq_enter/leave to use the kernel) and raise the line from a task or another ISR.
   A raised, enabled line preempts the caller at once unless interrupts are masked. Priority
   0 is the most urgent; the tick runs at TOS_CFG_CPU_SYSTICK_PRIO. */
#define KTEST_IRQ_LINES     4u
void ktest_irq_connect(unsigned n, void (*isr)(void), uint8_t prio);

#if TOS_CFG_MMHEAP_EN > 0u
/* Take every byte of the kernel heap (for out-of-memory paths); ktest_heap_restore gives it
   back. A case that exhausts must restore before it ends. */
void ktest_heap_exhaust(void);
void ktest_heap_restore(void);
/* Bytes in use in the kernel heap (checked: a corrupt heap fails the case). */
uint32_t ktest_heap_used(void);
#endif
void ktest_irq_raise(unsigned n);

/* Busy-wait (no blocking) until the tick count reaches `tick`: spins make progress on every
   port (the simulator pushes virtual time forward for busy CPUs). */
void ktest_spin_until(k_tick_t tick);

/* End the case as skipped, for a capability the port lacks; `reason` is reported. */
__NO_RETURN__ void ktest_skip(const char *reason);

/* Skip unless interrupts can preempt code that never calls the kernel (a pure spin loop).
   Every target can; the simulator's portable ucontext fallback cannot. */
void ktest_require_async_preemption(void);

/* Informational output, shown with the case's result. */
void ktest_log(const char *fmt, ...) KTEST_PRINTF_LIKE(1, 2);

/* ---- runner side ---- */

typedef void (*ktest_fn_t)(void);

typedef struct {
    const char *suite;
    const char *name;
    ktest_fn_t  fn;
    int         prestart;
} ktest_case_t;

typedef enum {
    KTEST_PASS = 0,
    KTEST_FAILED,
    KTEST_TIMEOUT,
    KTEST_SKIPPED,
} ktest_result_t;

/* The registered cases (generated table). */
extern const ktest_case_t ktest_cases[];
extern const unsigned ktest_case_count;

/* Run one case from a fresh kernel. `msg` receives the failure report (may be NULL). */
ktest_result_t ktest_run(const ktest_case_t *c, char *msg, size_t msg_size);

/* ---- port glue (one implementation per port) ---- */

/* Reset the machine so tos_knl_init starts from scratch. */
void ktest_port_reset(void);
/* End the running case (from any task or ISR): tos_knl_start returns to ktest_run. */
__NO_RETURN__ void ktest_port_end(void);
/* Arm the hang detector: end the case (as a timeout) after `ticks` of kernel time. */
void ktest_port_set_timeout(k_tick_t ticks);
int  ktest_port_timed_out(void);
int  ktest_port_async_preemption(void);
void ktest_port_irq_connect(unsigned n, void (*isr)(void), uint8_t prio);
void ktest_port_irq_raise(unsigned n);

#ifdef __cplusplus
}
#endif

#endif /* SPRIG_KTEST_H */
