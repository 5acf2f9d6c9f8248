/*
 * Helpers of the CMSIS-RTOS2 suite.
 */
#include "os2_test.h"

uint32_t os2_bogus[16];

/* Every case starts from a fresh kernel (the runner calls ktest_port_reset, then tos_knl_init):
   the layer's state must start afresh too. The executable is linked with
   --wrap=ktest_port_reset. */
void __real_ktest_port_reset(void);
void __wrap_ktest_port_reset(void);

void __wrap_ktest_port_reset(void)
{
    __real_ktest_port_reset();
    sprig_os2_reset();
}

static k_task_t boot_task;
KTEST_STACK(boot_stack);
static volatile int boot_init_status, boot_start_status;

static void boot_entry(void *arg)
{
    (void)arg;
    boot_init_status = osKernelInitialize();
    boot_start_status = osKernelStart();        /* does not return */
}

void os2_boot(void)
{
    boot_init_status = 99;
    boot_start_status = 99;
    ktest_task_create(&boot_task, "boot", boot_entry, K_NULL, KTEST_MAIN_PRIO - 1u, boot_stack);
    KT_ASSERT_EQ(boot_init_status, osOK);
    KT_ASSERT_EQ(boot_start_status, 99);
    KT_ASSERT_EQ(boot_task.state, K_TASK_STATE_DELETED);
    KT_ASSERT_EQ(osKernelGetState(), osKernelRunning);
}

static void (*isr_fn)(void *);
static void *isr_arg;
static volatile int isr_ran;

static void isr_trampoline(void)
{
    tos_knl_irq_enter();
    isr_fn(isr_arg);
    isr_ran = 1;
    tos_knl_irq_leave();
}

void os2_in_isr(void (*fn)(void *), void *arg)
{
    isr_fn = fn;
    isr_arg = arg;
    isr_ran = 0;
    ktest_irq_connect(3u, isr_trampoline, 0x40u);
    ktest_irq_raise(3u);
    KT_ASSERT_EQ(isr_ran, 1);
}

void os2_sleep(uint32_t ticks)
{
    KT_ASSERT_EQ(tos_task_delay((k_tick_t)ticks), K_ERR_NONE);
}

osThreadAttr_t os2_attr(const char *name, osPriority_t prio, int joinable)
{
    osThreadAttr_t a;

    memset(&a, 0, sizeof a);
    a.name = name;
    a.priority = prio;
    a.attr_bits = joinable ? osThreadJoinable : osThreadDetached;
    return a;
}
