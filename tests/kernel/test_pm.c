/*
 * Conformance: power management and tickless idle (TOS_CFG_PWR_MGR_EN, TOS_CFG_TICKLESS_EN).
 * Built in every configuration; the cases skip where the module is off.
 */
#include "ktest.h"

#if TOS_CFG_PWR_MGR_EN > 0u

static int inits, suspends, resumes;

static int dev_init(void)
{
    inits++;
    return 0;
}

static int dev_suspend(void)
{
    suspends++;
    return 0;
}

static int dev_resume(void)
{
    resumes++;
    return 0;
}

static k_pm_device_t devices[K_PM_DEVICE_MAX_COUNT + 1u];
static char names[K_PM_DEVICE_MAX_COUNT + 1u][8];

static void devices_reset(void)
{
    inits = suspends = resumes = 0;
    for (unsigned i = 0; i <= K_PM_DEVICE_MAX_COUNT; i++) {
        names[i][0] = 'd';
        names[i][1] = (char)('a' + i);
        names[i][2] = '\0';
        devices[i] = (k_pm_device_t){ names[i], dev_init, dev_suspend, dev_resume };
    }
}

#define REQUIRE_PM()
#else
#define REQUIRE_PM() ktest_skip("TOS_CFG_PWR_MGR_EN is off in this configuration")
#endif

KTEST(pm, device_register_checks_its_arguments)
{
    REQUIRE_PM();
#if TOS_CFG_PWR_MGR_EN > 0u
    k_pm_device_t nameless = { K_NULL, K_NULL, K_NULL, K_NULL };
    devices_reset();
    KT_ASSERT_EQ(tos_pm_device_register(K_NULL), K_ERR_OBJ_PTR_NULL);
    KT_ASSERT_EQ(tos_pm_device_register(&nameless), K_ERR_OBJ_PTR_NULL);
    for (unsigned i = 0; i < K_PM_DEVICE_MAX_COUNT; i++) {
        KT_ASSERT_EQ(tos_pm_device_register(&devices[i]), K_ERR_NONE);
    }
    KT_ASSERT_EQ(inits, (int)K_PM_DEVICE_MAX_COUNT);
    KT_ASSERT_EQ(tos_pm_device_register(&devices[K_PM_DEVICE_MAX_COUNT]), K_ERR_PM_DEVICE_OVERFLOW);
    /* a second device with a registered name */
    k_pm_device_t again = { names[0], K_NULL, K_NULL, K_NULL };
    KT_ASSERT_EQ(tos_pm_device_register(&again), K_ERR_PM_DEVICE_ALREADY_REG);
#endif
}

#if TOS_CFG_PWR_MGR_EN > 0u
static volatile k_err_t isr_err;

static void register_isr(void)
{
    tos_knl_irq_enter();
    isr_err = tos_pm_device_register(&devices[0]);
    tos_knl_irq_leave();
}
#endif

KTEST(pm, device_register_from_an_isr_is_refused)
{
    REQUIRE_PM();
#if TOS_CFG_PWR_MGR_EN > 0u
    devices_reset();
    ktest_irq_connect(0, register_isr, 0x40);
    ktest_irq_raise(0);
    KT_ASSERT_EQ(isr_err, K_ERR_IN_IRQ);
    KT_ASSERT_EQ(inits, 0);
#endif
}

KTEST(pm, mode_set_rejects_what_is_not_a_mode)
{
    REQUIRE_PM();
#if TOS_CFG_PWR_MGR_EN > 0u
    KT_ASSERT_EQ(tos_pm_cpu_lpwr_mode_set(__LOW_POWER_MODE_DUMMY), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_pm_cpu_lpwr_mode_set((k_cpu_lpwr_mode_t)77), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_pm_cpu_lpwr_mode_set(TOS_LOW_POWER_MODE_NONE), K_ERR_NONE);
    KT_ASSERT_EQ(tos_pm_cpu_lpwr_mode_set(TOS_LOW_POWER_MODE_SLEEP), K_ERR_NONE);
#endif
}

KTEST(pm, deep_modes_suspend_and_resume_devices_around_each_sleep)
{
    REQUIRE_PM();
#if TOS_CFG_PWR_MGR_EN > 0u
    devices_reset();
    KT_ASSERT_EQ(tos_pm_device_register(&devices[0]), K_ERR_NONE);
    KT_ASSERT_EQ(tos_pm_device_register(&devices[1]), K_ERR_NONE);

    KT_ASSERT_EQ(tos_pm_cpu_lpwr_mode_set(TOS_LOW_POWER_MODE_SLEEP), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_delay(50), K_ERR_NONE);
    KT_ASSERT_EQ(suspends, 0);                      /* SLEEP leaves devices alone */

    KT_ASSERT_EQ(tos_pm_cpu_lpwr_mode_set(TOS_LOW_POWER_MODE_STOP), K_ERR_NONE);
    k_tick_t t0 = tos_systick_get();
    KT_ASSERT_EQ(tos_task_delay(50), K_ERR_NONE);
    KT_ASSERT_EQ(tos_systick_get(), t0 + 50u);     /* woke on time */
    KT_ASSERT_GE(suspends, 2);                      /* both devices, at least one sleep */
    KT_ASSERT_EQ(suspends, resumes);

    int before = suspends;
    KT_ASSERT_EQ(tos_pm_cpu_lpwr_mode_set(TOS_LOW_POWER_MODE_STANDBY), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_delay(50), K_ERR_NONE);
    KT_ASSERT_GT(suspends, before);
    KT_ASSERT_EQ(suspends, resumes);

    KT_ASSERT_EQ(tos_pm_cpu_lpwr_mode_set(TOS_LOW_POWER_MODE_NONE), K_ERR_NONE);
    before = suspends;
    KT_ASSERT_EQ(tos_task_delay(50), K_ERR_NONE);
    KT_ASSERT_EQ(suspends, before);
#endif
}

#if TOS_CFG_TICKLESS_EN > 0u
static int alarm_init_ok(void)
{
    return 0;
}

static int alarm_init_fails(void)
{
    return -5;
}

static int alarm_setup(k_time_t ms)
{
    (void)ms;
    return 0;
}

static k_tickless_wkup_alarm_t no_init = { K_NULL, alarm_setup, K_NULL, K_NULL };
static k_tickless_wkup_alarm_t bad_init = { alarm_init_fails, alarm_setup, K_NULL, K_NULL };
static k_tickless_wkup_alarm_t good_init = { alarm_init_ok, alarm_setup, K_NULL, K_NULL };
#endif

KTEST(pm, tickless_alarm_install_and_init_report_each_problem)
{
#if TOS_CFG_TICKLESS_EN > 0u
    /* the board installed its alarms at tos_knl_init; replace STOP's for this case (the case
       never sleeps in STOP, so it does not need a working one) */
    KT_ASSERT_EQ(tos_tickless_wkup_alarm_install(TOS_LOW_POWER_MODE_NONE, &good_init), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_tickless_wkup_alarm_install(__LOW_POWER_MODE_DUMMY, &good_init), K_ERR_OBJ_INVALID);
    KT_ASSERT_EQ(tos_tickless_wkup_alarm_init(TOS_LOW_POWER_MODE_NONE), K_ERR_OBJ_INVALID);

    KT_ASSERT_EQ(tos_tickless_wkup_alarm_install(TOS_LOW_POWER_MODE_STOP, K_NULL), K_ERR_NONE);
    KT_ASSERT_EQ(tos_tickless_wkup_alarm_init(TOS_LOW_POWER_MODE_STOP), K_ERR_TICKLESS_WKUP_ALARM_NOT_INSTALLED);
    KT_ASSERT_EQ(tos_pm_cpu_lpwr_mode_set(TOS_LOW_POWER_MODE_STOP), K_ERR_PM_WKUP_SOURCE_NOT_INSTALL);

    KT_ASSERT_EQ(tos_tickless_wkup_alarm_install(TOS_LOW_POWER_MODE_STOP, &no_init), K_ERR_NONE);
    KT_ASSERT_EQ(tos_tickless_wkup_alarm_init(TOS_LOW_POWER_MODE_STOP), K_ERR_TICKLESS_WKUP_ALARM_NO_INIT);
    KT_ASSERT_EQ(tos_tickless_wkup_alarm_install(TOS_LOW_POWER_MODE_STOP, &bad_init), K_ERR_NONE);
    KT_ASSERT_EQ(tos_tickless_wkup_alarm_init(TOS_LOW_POWER_MODE_STOP), K_ERR_TICKLESS_WKUP_ALARM_INIT_FAILED);
    KT_ASSERT_EQ(tos_tickless_wkup_alarm_install(TOS_LOW_POWER_MODE_STOP, &good_init), K_ERR_NONE);
    KT_ASSERT_EQ(tos_tickless_wkup_alarm_init(TOS_LOW_POWER_MODE_STOP), K_ERR_NONE);
    /* the mode stays where it was after the refused change */
    KT_ASSERT_EQ(tos_pm_cpu_lpwr_mode_set(TOS_LOW_POWER_MODE_SLEEP), K_ERR_NONE);
#else
    ktest_skip("TOS_CFG_TICKLESS_EN is off in this configuration");
#endif
}

#if TOS_CFG_PWR_MGR_EN > 0u
static k_task_t sleeper;
KTEST_STACK(sleeper_stack);
static volatile k_tick_t sleeper_woke;

static void sleeper_entry(void *arg)
{
    (void)arg;
    tos_task_delay(777);
    sleeper_woke = tos_systick_get();
}
#endif

KTEST(pm, long_sleeps_wake_on_the_exact_tick_in_every_mode)
{
    REQUIRE_PM();
#if TOS_CFG_PWR_MGR_EN > 0u
    static const k_cpu_lpwr_mode_t modes[] = { TOS_LOW_POWER_MODE_NONE, TOS_LOW_POWER_MODE_SLEEP,
                                               TOS_LOW_POWER_MODE_STOP, TOS_LOW_POWER_MODE_STANDBY };
    for (unsigned i = 0; i < TOS_COUNT_OF(modes); i++) {
        KT_ASSERT_EQ(tos_pm_cpu_lpwr_mode_set(modes[i]), K_ERR_NONE);
        k_tick_t t0 = tos_systick_get();
        KT_ASSERT_EQ(tos_task_delay(3600u * TOS_CFG_CPU_TICK_PER_SECOND), K_ERR_NONE);
        KT_ASSERT_EQ(tos_systick_get(), t0 + 3600u * TOS_CFG_CPU_TICK_PER_SECOND);
        /* and an early wake-up (another task's deadline) is accounted exactly too */
        sleeper_woke = 0;
        t0 = tos_systick_get();
        ktest_task_create(&sleeper, "sleeper", sleeper_entry, K_NULL, KTEST_MAIN_PRIO - 1, sleeper_stack);
        KT_ASSERT_EQ(tos_task_delay(5000), K_ERR_NONE);
        KT_ASSERT_EQ(sleeper_woke, t0 + 777u);
        KT_ASSERT_EQ(tos_systick_get(), t0 + 5000u);
    }
#endif
}
