/*
 * POSIX port: every task keeps its own floating-point control state (x87 control word and
 * MXCSR on x86-64, FPCR on AArch64) across switches and interrupts, as on a CPU with per-task
 * FPU context.
 */
#include <fenv.h>

#include "ktest.h"

static k_task_t other_task;
KTEST_STACK(other_stack);
static k_sem_t turn_main, turn_other;
static volatile int other_mode_seen;
static volatile int other_mode_after;

static void other_entry(void *arg)
{
    (void)arg;
    other_mode_seen = fegetround();         /* a new task starts with the default */
    fesetround(FE_TOWARDZERO);
    tos_sem_post(&turn_main);
    tos_sem_pend(&turn_other, TOS_TIME_FOREVER);
    other_mode_after = fegetround();        /* still its own after the main task ran */
    tos_sem_post(&turn_main);
}

static volatile int isr_mode_seen;

static void fp_isr(void)
{
    isr_mode_seen = fegetround();
    fesetround(FE_DOWNWARD);    /* undone at exception return, as Cortex-M4F restores FPSCR */
}

KTEST(fp_state, rounding_mode_is_per_task_across_switches_and_interrupts)
{
    KT_ASSERT_EQ(tos_sem_create(&turn_main, 0), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_create(&turn_other, 0), K_ERR_NONE);
    KT_ASSERT_EQ(fesetround(FE_UPWARD), 0);
    ktest_task_create(&other_task, "other", other_entry, K_NULL, KTEST_MAIN_PRIO + 1, other_stack);
    KT_ASSERT_EQ(tos_sem_pend(&turn_main, TOS_TIME_FOREVER), K_ERR_NONE);
    KT_ASSERT_EQ(other_mode_seen, FE_TONEAREST);
    KT_ASSERT_EQ(fegetround(), FE_UPWARD);

    ktest_irq_connect(0, fp_isr, 0x40);
    ktest_irq_raise(0);
    KT_ASSERT_EQ(isr_mode_seen, FE_UPWARD);
    KT_ASSERT_EQ(fegetround(), FE_UPWARD);

    KT_ASSERT_EQ(tos_sem_post(&turn_other), K_ERR_NONE);
    KT_ASSERT_EQ(tos_sem_pend(&turn_main, TOS_TIME_FOREVER), K_ERR_NONE);
    KT_ASSERT_EQ(other_mode_after, FE_TOWARDZERO);
    KT_ASSERT_EQ(fegetround(), FE_UPWARD);
    fesetround(FE_TONEAREST);
}
