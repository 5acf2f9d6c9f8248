/*
 * Power management: the idle task's low-power mode and the registered devices.
 */
#include "tos_k.h"

#if TOS_CFG_PWR_MGR_EN > 0u

static struct {
    k_cpu_lpwr_mode_t mode;
    uint8_t           count;
    k_pm_device_t    *devices[K_PM_DEVICE_MAX_COUNT];
} pm;

__KNL__ void pm_init(void)
{
    pm.mode = TOS_LOW_POWER_MODE_SLEEP;
    pm.count = 0u;
}

__KNL__ k_cpu_lpwr_mode_t pm_cpu_lpwr_mode_get(void)
{
    return pm.mode;
}

__API__ k_err_t tos_pm_cpu_lpwr_mode_set(k_cpu_lpwr_mode_t cpu_lpwr_mode)
{
    TOS_CPU_CPSR_ALLOC();

    if ((unsigned)cpu_lpwr_mode >= (unsigned)__LOW_POWER_MODE_DUMMY) {
        return K_ERR_OBJ_INVALID;
    }
#if TOS_CFG_TICKLESS_EN > 0u
    if (cpu_lpwr_mode != TOS_LOW_POWER_MODE_NONE &&
        !tickless_wkup_alarm_is_installed(cpu_lpwr_mode)) {
        return K_ERR_PM_WKUP_SOURCE_NOT_INSTALL;
    }
#endif
    TOS_CPU_INT_DISABLE();
    pm.mode = cpu_lpwr_mode;
    TOS_CPU_INT_ENABLE();
    return K_ERR_NONE;
}

__API__ k_err_t tos_pm_device_register(k_pm_device_t *device)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_IN_IRQ_CHECK();
    TOS_PTR_SANITY_CHECK(device);
    TOS_PTR_SANITY_CHECK(device->name);

    TOS_CPU_INT_DISABLE();
    for (uint8_t i = 0; i < pm.count; i++) {
        if (strcmp(pm.devices[i]->name, device->name) == 0) {
            TOS_CPU_INT_ENABLE();
            return K_ERR_PM_DEVICE_ALREADY_REG;
        }
    }
    if (pm.count >= K_PM_DEVICE_MAX_COUNT) {
        TOS_CPU_INT_ENABLE();
        return K_ERR_PM_DEVICE_OVERFLOW;
    }
    pm.devices[pm.count++] = device;
    TOS_CPU_INT_ENABLE();

    if (device->init) {
        device->init();
    }
    return K_ERR_NONE;
}

static void pm_devices_suspend(void)
{
    /* last registered first, as they may depend on earlier ones */
    for (uint8_t i = pm.count; i > 0u; i--) {
        if (pm.devices[i - 1u]->suspend) {
            pm.devices[i - 1u]->suspend();
        }
    }
}

static void pm_devices_resume(void)
{
    for (uint8_t i = 0; i < pm.count; i++) {
        if (pm.devices[i]->resume) {
            pm.devices[i]->resume();
        }
    }
}

__KNL__ void pm_cpu_lpwr_mode_enter(k_cpu_lpwr_mode_t mode)
{
    int deep = mode == TOS_LOW_POWER_MODE_STOP || mode == TOS_LOW_POWER_MODE_STANDBY;

    if (deep) {
        pm_devices_suspend();
    }
    TOS_TRACE_POWER_ENTER(mode);
    port_cpu_lpwr_enter(mode);
    TOS_TRACE_POWER_EXIT(mode);
    if (deep) {
        pm_devices_resume();
    }
}

__KNL__ void pm_power_manager(void)
{
    k_cpu_lpwr_mode_t mode = pm.mode;

    if (mode == TOS_LOW_POWER_MODE_NONE) {
        TOS_TRACE_POWER_ENTER(mode);
        port_idle(knl_next_expires_get());
        TOS_TRACE_POWER_EXIT(mode);
        return;
    }
#if TOS_CFG_TICKLESS_EN > 0u
    if (tickless_wkup_alarm_is_installed(mode)) {
        tickless_proc(mode);
        return;
    }
#endif
    /* the periodic tick (or any other interrupt) ends the sleep */
    pm_cpu_lpwr_mode_enter(mode);
}

#endif /* TOS_CFG_PWR_MGR_EN */
