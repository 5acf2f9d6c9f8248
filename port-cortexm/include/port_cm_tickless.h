/*
 * Sprig Cortex-M port: the SysTick wake-up alarm for the kernel's tickless mode
 * (TOS_CFG_TICKLESS_EN, see tos_tickless.h). Include after tos_k.h.
 */
#ifndef PORT_CM_TICKLESS_H
#define PORT_CM_TICKLESS_H

#include "tos_k.h"

#if TOS_CFG_TICKLESS_EN > 0u
/* A wake-up alarm that is SysTick itself, run as a one-shot to the deadline (up to 2^24
   cycles). Install it for every mode in which the core clock keeps running (SLEEP on most
   parts; every mode under QEMU) from tos_bsp_tickless_setup(). */
extern k_tickless_wkup_alarm_t port_cm_systick_alarm;
#endif

#endif /* PORT_CM_TICKLESS_H */
