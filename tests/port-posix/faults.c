/*
 * Scenarios that must stop the simulator with a readable report (driven by test_faults.cpp as
 * death tests, each in a child process).
 */
#include <string.h>

#include "ktest.h"

#include "faults.h"

static k_task_t deep_task;
KTEST_STACK(deep_stack);

/* Each level keeps a page-sized frame alive, so the recursion walks down the stack. The
   limit is never reached: the guard page stops it first. */
static volatile unsigned depth_limit = 0xFFFFFFFFu;

static unsigned recurse(unsigned depth)
{
    volatile char frame[4096];
    memset((char *)frame, (int)depth, sizeof frame);
    if (depth >= depth_limit) {
        return frame[0];
    }
    return recurse(depth + 1u) + frame[depth % sizeof frame];
}

static void deep_entry(void *arg)
{
    (void)arg;
    recurse(0);
}

void fault_task_stack_overflow(void)
{
    ktest_task_create(&deep_task, "deep", deep_entry, K_NULL, KTEST_MAIN_PRIO - 1, deep_stack);
    KT_FAIL("the task overflowed its stack and the machine kept running");
}

static void deep_isr(void)
{
    recurse(0);
}

void fault_irq_stack_overflow(void)
{
    ktest_irq_connect(0, deep_isr, 0x10);
    ktest_irq_raise(0);
    KT_FAIL("the ISR overflowed the interrupt stack and the machine kept running");
}

void fault_kernel_assertion(void)
{
    volatile int two = 2;
    TOS_ASSERT(1 == two);
    KT_FAIL("a failed kernel assertion returned");
}

static void panic_isr(void)
{
    tos_knl_irq_enter();
    tos_knl_panic("the app gave up", "app.c", 42);
}

void fault_knl_panic_in_isr(void)
{
    ktest_irq_connect(0, panic_isr, 0x40);
    ktest_irq_raise(0);
    KT_FAIL("tos_knl_panic returned");
}

void fault_task_exit_sched_locked(void)
{
    KT_ASSERT_EQ(tos_knl_sched_lock(), K_ERR_NONE);
    tos_task_exit();
}

static void task_exit_isr(void)
{
    tos_knl_irq_enter();
    tos_task_exit();
}

void fault_task_exit_in_isr(void)
{
    ktest_irq_connect(0, task_exit_isr, 0x40);
    ktest_irq_raise(0);
    KT_FAIL("tos_task_exit returned in an ISR");
}

void fault_bad_pointer_write(void)
{
    /* not NULL: UBSan would report a NULL store before the CPU faults */
    volatile int *volatile p = (volatile int *)(uintptr_t)0x10u;
    *p = 1;
    KT_FAIL("the write through a bad pointer returned");
}
