/*
 * Kernel conformance suite: the portable part of the harness (see ktest.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>

#include "ktest.h"

static struct {
    const ktest_case_t *current;
    ktest_result_t      result;
    char                msg[2048];
    size_t              msg_len;
    jmp_buf             prestart_exit;   /* failures before tos_knl_start */
    k_task_t            main_task;
} kt;

static k_stack_t ktest_main_stack[KTEST_STK_SIZE * 2u];

static void msg_vappend(const char *fmt, va_list ap)
{
    if (kt.msg_len >= sizeof kt.msg - 1u) {
        return;
    }
    int n = vsnprintf(kt.msg + kt.msg_len, sizeof kt.msg - kt.msg_len, fmt, ap);
    if (n > 0) {
        kt.msg_len += (size_t)n;
        if (kt.msg_len > sizeof kt.msg - 1u) {
            kt.msg_len = sizeof kt.msg - 1u;
        }
    }
}

static void msg_append(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    msg_vappend(fmt, ap);
    va_end(ap);
}

void ktest_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    msg_vappend(fmt, ap);
    va_end(ap);
    msg_append("\n");
}

void ktest_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    msg_append("%s:%d: ", file, line);
    va_start(ap, fmt);
    msg_vappend(fmt, ap);
    va_end(ap);
    if (tos_knl_is_running() && k_curr_task) {
        msg_append(" (in %s '%s')", tos_knl_is_running() && knl_is_inirq() ? "an ISR over task"
                                                                           : "task",
                   k_curr_task->name);
    }
    msg_append("\n");
    kt.result = KTEST_FAILED;
    if (!tos_knl_is_running()) {
        longjmp(kt.prestart_exit, 1);
    }
    ktest_port_end();
}

void ktest_skip(const char *reason)
{
    msg_append("skipped: %s\n", reason);
    kt.result = KTEST_SKIPPED;
    if (!tos_knl_is_running()) {
        longjmp(kt.prestart_exit, 1);
    }
    ktest_port_end();
}

void ktest_require_async_preemption(void)
{
    if (!ktest_port_async_preemption()) {
        ktest_skip("this port takes interrupts only where code unmasks them; the case needs "
                   "a spin loop to be preempted");
    }
}

void ktest_task_create(k_task_t *task, const char *name, k_task_entry_t entry, void *arg,
                       k_prio_t prio, k_stack_t *stack)
{
    k_err_t err = tos_task_create(task, (char *)name, entry, arg, prio, stack, KTEST_STK_SIZE, 0u);
    if (err != K_ERR_NONE) {
        KT_FAIL("ktest_task_create(%s): error %d", name, (int)err);
    }
}

void ktest_irq_connect(unsigned n, void (*isr)(void), uint8_t prio)
{
    if (n >= KTEST_IRQ_LINES) {
        KT_FAIL("ktest_irq_connect: no test line %u", n);
    }
    ktest_port_irq_connect(n, isr, prio);
}

void ktest_irq_raise(unsigned n)
{
    if (n >= KTEST_IRQ_LINES) {
        KT_FAIL("ktest_irq_raise: no test line %u", n);
    }
    ktest_port_irq_raise(n);
}

void ktest_spin_until(k_tick_t tick)
{
    while ((k_stick_t)(tos_systick_get() - tick) < 0) {
        /* busy: the CPU's busy budget moves time on */
    }
}

static void ktest_main_entry(void *arg)
{
    (void)arg;
    kt.current->fn();
    ktest_port_end();
}

ktest_result_t ktest_run(const ktest_case_t *c, char *msg, size_t msg_size)
{
    k_err_t err;

    kt.current = c;
    kt.result = KTEST_PASS;
    kt.msg[0] = '\0';
    kt.msg_len = 0;

    ktest_port_reset();
    err = tos_knl_init();
    if (err != K_ERR_NONE) {
        msg_append("tos_knl_init failed: error %d\n", (int)err);
        kt.result = KTEST_FAILED;
    } else if (c->prestart) {
        if (setjmp(kt.prestart_exit) == 0) {
            c->fn();
        }
    } else {
        ktest_port_set_timeout(KTEST_TIMEOUT_TICKS);
        err = tos_task_create(&kt.main_task, "ktest", ktest_main_entry, K_NULL,
                              (k_prio_t)KTEST_MAIN_PRIO, ktest_main_stack,
                              sizeof ktest_main_stack, 0u);
        if (err != K_ERR_NONE) {
            msg_append("cannot create the case's task: error %d\n", (int)err);
            kt.result = KTEST_FAILED;
        } else {
            tos_knl_start();
            if (ktest_port_timed_out() && kt.result == KTEST_PASS) {
                msg_append("timed out: still running after %llu ticks of kernel time\n",
                           (unsigned long long)KTEST_TIMEOUT_TICKS);
                kt.result = KTEST_TIMEOUT;
            }
        }
    }
    if (msg && msg_size) {
        snprintf(msg, msg_size, "%s", kt.msg);
    }
    return kt.result;
}

#if TOS_CFG_MMHEAP_EN > 0u
#define HEAP_HOLD_MAX   512u
static void *heap_hold[HEAP_HOLD_MAX];
static unsigned heap_held;

void ktest_heap_exhaust(void)
{
    size_t size = 0x100000u;

    heap_held = 0u;
    while (size > 0u && heap_held < HEAP_HOLD_MAX) {
        void *p = tos_mmheap_alloc(size);
        if (p) {
            heap_hold[heap_held++] = p;
        } else {
            size /= 2u;
        }
    }
    KT_ASSERT(tos_mmheap_alloc(1u) == K_NULL);
}

uint32_t ktest_heap_used(void)
{
    k_mmheap_info_t info;

    KT_ASSERT_EQ(tos_mmheap_check(&info), K_ERR_NONE);
    return info.used;
}

void ktest_heap_restore(void)
{
    while (heap_held > 0u) {
        tos_mmheap_free(heap_hold[--heap_held]);
    }
}
#endif
