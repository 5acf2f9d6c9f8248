/*
 * Power management (TOS_CFG_PWR_MGR_EN): the low-power mode the idle task puts the CPU in, and
 * the devices to suspend around the deep modes.
 *
 * When nothing is ready the idle task enters the selected mode. TOS_LOW_POWER_MODE_NONE waits
 * for an interrupt as the kernel does without power management. SLEEP stops the CPU clock; STOP
 * and STANDBY also suspend every registered device first and resume them after. With
 * TOS_CFG_TICKLESS_EN the tick is stopped too and a wake-up alarm (see tos_tickless.h) ends the
 * sleep at the next deadline.
 */
#ifndef _TOS_PM_H_
#define _TOS_PM_H_

#if TOS_CFG_PWR_MGR_EN > 0u

#define K_PM_DEVICE_MAX_COUNT       10u

typedef enum k_cpu_low_power_mode_en {
    TOS_LOW_POWER_MODE_NONE = 0,    /* wait for an interrupt, nothing else */
    TOS_LOW_POWER_MODE_SLEEP,       /* CPU clock off; any interrupt wakes */
    TOS_LOW_POWER_MODE_STOP,        /* most clocks off; devices suspended */
    TOS_LOW_POWER_MODE_STANDBY,     /* deepest; devices suspended */
    __LOW_POWER_MODE_DUMMY,
} k_cpu_lpwr_mode_t;

/* A device whose state must be saved around STOP and STANDBY. Functions may be NULL; their
   return values are informational. */
typedef struct k_pm_device_st {
    char   *name;
    int   (*init)(void);
    int   (*suspend)(void);
    int   (*resume)(void);
} k_pm_device_t;

/**
 * Select the mode the idle task uses (default TOS_LOW_POWER_MODE_SLEEP).
 * @return K_ERR_NONE; K_ERR_PM_WKUP_SOURCE_NOT_INSTALL (TOS_CFG_TICKLESS_EN and no wake-up
 *         alarm is installed for a sleeping mode); K_ERR_OBJ_INVALID (not a mode). ISR-safe.
 */
__API__ k_err_t tos_pm_cpu_lpwr_mode_set(k_cpu_lpwr_mode_t cpu_lpwr_mode);

/**
 * Register a device (its init, if any, runs now). Names are unique.
 * @return K_ERR_NONE; K_ERR_OBJ_PTR_NULL (device or its name); K_ERR_PM_DEVICE_ALREADY_REG;
 *         K_ERR_PM_DEVICE_OVERFLOW (K_PM_DEVICE_MAX_COUNT registered). Not from an ISR.
 */
__API__ k_err_t tos_pm_device_register(k_pm_device_t *device);

/* ---- kernel-internal ---- */
__KNL__ void pm_init(void);
__KNL__ k_cpu_lpwr_mode_t pm_cpu_lpwr_mode_get(void);
/* Enter `mode` until an interrupt is pending (interrupts masked), suspending and resuming
   devices around the deep modes. */
__KNL__ void pm_cpu_lpwr_mode_enter(k_cpu_lpwr_mode_t mode);
/* The idle task's power manager (interrupts masked). */
__KNL__ void pm_power_manager(void);

#endif /* TOS_CFG_PWR_MGR_EN */

#endif /* _TOS_PM_H_ */
