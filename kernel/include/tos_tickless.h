/*
 * Tickless idle (TOS_CFG_TICKLESS_EN, needs TOS_CFG_PWR_MGR_EN). A wake-up alarm per low-power
 * mode lets the idle task stop the periodic tick until the next deadline: an hour of sleep is
 * one wake-up instead of 3.6 million ticks. The board installs the alarms from
 * tos_bsp_tickless_setup(), which tos_knl_init calls; the simulator's board provides one for
 * every mode.
 */
#ifndef _TOS_TICKLESS_H_
#define _TOS_TICKLESS_H_

#if TOS_CFG_TICKLESS_EN > 0u

/* A timer that keeps running in a low-power mode and wakes the CPU. */
typedef struct k_tickless_wakeup_alarm_st {
    int      (*init)(void);                 /* 0 on success */
    int      (*setup)(k_time_t millisecond);/* wake the CPU that long from now */
    int      (*dismiss)(void);              /* cancel (after any wake-up) */
    k_time_t (*max_delay)(void);            /* longest setup() accepts, in ms */
} k_tickless_wkup_alarm_t;

/**
 * Install `wkup_alarm` as the wake-up source of `mode` (SLEEP, STOP or STANDBY); NULL removes it.
 * @return K_ERR_NONE; K_ERR_OBJ_INVALID (not a sleeping mode). ISR-safe.
 */
__API__ k_err_t tos_tickless_wkup_alarm_install(k_cpu_lpwr_mode_t mode,
                                                k_tickless_wkup_alarm_t *wkup_alarm);

/**
 * Run the init function of the alarm installed for `mode`.
 * @return K_ERR_NONE; K_ERR_TICKLESS_WKUP_ALARM_NOT_INSTALLED; K_ERR_TICKLESS_WKUP_ALARM_NO_INIT
 *         (the alarm has no init); K_ERR_TICKLESS_WKUP_ALARM_INIT_FAILED (init returned
 *         non-zero); K_ERR_OBJ_INVALID (not a sleeping mode).
 */
__API__ k_err_t tos_tickless_wkup_alarm_init(k_cpu_lpwr_mode_t mode);

/* Board hook, called once per tos_knl_init: install the board's alarms. The kernel's default
   (a weak definition) does nothing. */
void tos_bsp_tickless_setup(void);

/* ---- kernel-internal ---- */
__KNL__ void tickless_init(void);
__KNL__ int  tickless_wkup_alarm_is_installed(k_cpu_lpwr_mode_t mode);
/* Sleep in `mode` with the tick stopped until the next deadline (interrupts masked). */
__KNL__ void tickless_proc(k_cpu_lpwr_mode_t mode);

#endif /* TOS_CFG_TICKLESS_EN */

#endif /* _TOS_TICKLESS_H_ */
