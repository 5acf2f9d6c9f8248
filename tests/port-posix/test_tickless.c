/*
 * POSIX port: sleeping is free. A task sleeping for an hour costs one wake-up of the simulated
 * CPU, not 3.6 million tick interrupts, and the simulator accounts the time to the power mode.
 */
#include "ktest.h"

#include "sim_board/irq_map.h"

#include "sim/irqc.h"
#include "sim/power.h"

KTEST(tickless, an_hour_of_sleep_is_one_wake_up)
{
    uint64_t ticks0 = sim_irq_count(SIM_IRQ_SYSTICK);
    uint64_t alarms0 = sim_irq_count(SIM_IRQ_ALARM);
    k_tick_t t0 = tos_systick_get();

    KT_ASSERT_EQ(tos_task_delay(3600u * TOS_CFG_CPU_TICK_PER_SECOND), K_ERR_NONE);
    KT_ASSERT_EQ(tos_systick_get(), t0 + 3600u * TOS_CFG_CPU_TICK_PER_SECOND);
    uint64_t wakeups = (sim_irq_count(SIM_IRQ_SYSTICK) - ticks0) + (sim_irq_count(SIM_IRQ_ALARM) - alarms0);
    ktest_log("interrupts for one hour of sleep: %llu", (unsigned long long)wakeups);
    KT_ASSERT_LE(wakeups, 2u);
}

KTEST(tickless, sleep_time_is_accounted_to_the_power_mode)
{
    sim_time_t idle0 = sim_power_time(SIM_POWER_IDLE);
#if TOS_CFG_PWR_MGR_EN > 0u
    sim_time_t stop0 = sim_power_time(SIM_POWER_STOP);
    KT_ASSERT_EQ(tos_pm_cpu_lpwr_mode_set(TOS_LOW_POWER_MODE_STOP), K_ERR_NONE);
    KT_ASSERT_EQ(tos_task_delay(60u * TOS_CFG_CPU_TICK_PER_SECOND), K_ERR_NONE);
    KT_ASSERT_GE(sim_power_time(SIM_POWER_STOP) - stop0, 59u * 1000000000ull);
    KT_ASSERT_EQ(tos_pm_cpu_lpwr_mode_set(TOS_LOW_POWER_MODE_NONE), K_ERR_NONE);
#endif
    KT_ASSERT_EQ(tos_task_delay(60u * TOS_CFG_CPU_TICK_PER_SECOND), K_ERR_NONE);
    KT_ASSERT_GE(sim_power_time(SIM_POWER_IDLE) - idle0, 59u * 1000000000ull);
}
