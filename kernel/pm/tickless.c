/*
 * Tickless idle: stop the periodic tick and let a wake-up alarm end the sleep at the next
 * deadline. Unlike TencentOS Tiny, which credits the planned sleep even after an early
 * wake-up, the port accounts the ticks that really passed when it restarts the tick.
 */
#include "tos_k.h"

#if TOS_CFG_TICKLESS_EN > 0u

static k_tickless_wkup_alarm_t *alarms[__LOW_POWER_MODE_DUMMY];

static int tickless_mode_valid(k_cpu_lpwr_mode_t mode)
{
    return mode > TOS_LOW_POWER_MODE_NONE && mode < __LOW_POWER_MODE_DUMMY;
}

__HOOK__ void tos_bsp_tickless_setup(void)
{
}

__KNL__ void tickless_init(void)
{
    for (unsigned i = 0; i < (unsigned)__LOW_POWER_MODE_DUMMY; i++) {
        alarms[i] = K_NULL;
    }
    tos_bsp_tickless_setup();
}

__API__ k_err_t tos_tickless_wkup_alarm_install(k_cpu_lpwr_mode_t mode,
                                                k_tickless_wkup_alarm_t *wkup_alarm)
{
    TOS_CPU_CPSR_ALLOC();

    if (!tickless_mode_valid(mode)) {
        return K_ERR_OBJ_INVALID;
    }
    TOS_CPU_INT_DISABLE();
    alarms[mode] = wkup_alarm;
    TOS_CPU_INT_ENABLE();
    return K_ERR_NONE;
}

__API__ k_err_t tos_tickless_wkup_alarm_init(k_cpu_lpwr_mode_t mode)
{
    if (!tickless_mode_valid(mode)) {
        return K_ERR_OBJ_INVALID;
    }
    if (!alarms[mode]) {
        return K_ERR_TICKLESS_WKUP_ALARM_NOT_INSTALLED;
    }
    if (!alarms[mode]->init) {
        return K_ERR_TICKLESS_WKUP_ALARM_NO_INIT;
    }
    if (alarms[mode]->init() != 0) {
        return K_ERR_TICKLESS_WKUP_ALARM_INIT_FAILED;
    }
    return K_ERR_NONE;
}

__KNL__ int tickless_wkup_alarm_is_installed(k_cpu_lpwr_mode_t mode)
{
    return tickless_mode_valid(mode) && alarms[mode] != K_NULL && alarms[mode]->setup != K_NULL;
}

__KNL__ void tickless_proc(k_cpu_lpwr_mode_t mode)
{
    k_tickless_wkup_alarm_t *alarm = alarms[mode];
    k_tick_t ticks = knl_next_expires_get();
    k_time_t max_ms = alarm->max_delay ? alarm->max_delay() : (k_time_t)0u;
    k_time_t ms;

    if (ticks == TOS_TIME_FOREVER) {
        ms = max_ms;
    } else {
        uint64_t t = (uint64_t)ticks * K_TIME_MILLISEC_PER_SEC / TOS_CFG_CPU_TICK_PER_SECOND;
        ms = t < max_ms ? (k_time_t)t : max_ms;
    }
    if (ms == 0u) {
        /* the deadline is under a millisecond away (or the alarm cannot wait): the tick
           will do */
        pm_cpu_lpwr_mode_enter(mode);
        return;
    }
    port_systick_suspend();
    alarm->setup(ms);
    pm_cpu_lpwr_mode_enter(mode);
    if (alarm->dismiss) {
        alarm->dismiss();
    }
    port_systick_resume();
}

#endif /* TOS_CFG_TICKLESS_EN */
