/*
 * mps2 board support that depends on the kernel configuration: the tickless wake-up alarms
 * (TOS_CFG_TICKLESS_EN).
 *
 * SLEEP uses SysTick itself (the core clock runs in SLEEP). STOP and STANDBY use the CMSDK
 * TIMER1, standing in for the low-power timer a real part keeps running in deep sleep while
 * SysTick stops: it reports how long the sleep lasted so the port can account the ticks.
 */
#include "tos_k.h"

#include "board.h"
#include "mps2.h"
#include "port_cm.h"
#include "port_cm_tickless.h"

#if TOS_CFG_TICKLESS_EN > 0u

#define TIMER               MPS2_TIMER1_BASE
#define NVIC_ISER0          MPS2_REG(0xE000E100u)
#define NVIC_ICPR0          MPS2_REG(0xE000E280u)
#define NVIC_IPR(n)         (*(volatile uint8_t *)(0xE000E400u + (n)))

static uint32_t timer_loaded;       /* cycles the current alarm was set for */

static int timer_alarm_init(void)
{
    MPS2_TIMER_CTRL(TIMER) = 0u;
    MPS2_TIMER_INTCLEAR(TIMER) = 1u;
    /* its ISR only acknowledges the timer: any kernel-range priority will do */
    NVIC_IPR(MPS2_IRQ_TIMER1) = (uint8_t)TOS_CFG_CPU_SYSTICK_PRIO;
    NVIC_ICPR0 = 1u << MPS2_IRQ_TIMER1;
    NVIC_ISER0 = 1u << MPS2_IRQ_TIMER1;
    return 0;
}

static int timer_alarm_setup(k_time_t ms)
{
    uint32_t cycles = port_cm_sleep_cycles(ms);     /* to the tick boundary, not past it */

    timer_loaded = cycles;
    MPS2_TIMER_CTRL(TIMER) = 0u;
    MPS2_TIMER_INTCLEAR(TIMER) = 1u;
    MPS2_TIMER_RELOAD(TIMER) = cycles;
    MPS2_TIMER_VALUE(TIMER) = cycles;
    MPS2_TIMER_CTRL(TIMER) = MPS2_TIMER_CTRL_EN | MPS2_TIMER_CTRL_IRQEN;
    return 0;
}

/* How long the sleep lasted: the counter ran down from timer_loaded, and if it reached zero
   (INTSTATUS) it reloaded and went on. */
static int timer_alarm_dismiss(void)
{
    uint32_t left, fired, elapsed;

    MPS2_TIMER_CTRL(TIMER) = 0u;
    left = MPS2_TIMER_VALUE(TIMER);
    fired = MPS2_TIMER_INTCLEAR(TIMER) & 1u;
    elapsed = fired ? timer_loaded + (timer_loaded - left) : timer_loaded - left;
    MPS2_TIMER_INTCLEAR(TIMER) = 1u;
    NVIC_ICPR0 = 1u << MPS2_IRQ_TIMER1;
    port_cm_sleep_elapsed(elapsed);
    return 0;
}

static k_time_t timer_alarm_max_delay(void)
{
    /* half the counter, so "loaded + time since it fired" cannot wrap */
    return (k_time_t)(0x7FFFFFFFu / (SPRIG_BOARD_CPU_CLOCK_HZ / 1000u));
}

static k_tickless_wkup_alarm_t timer_alarm = {
    .init = timer_alarm_init,
    .setup = timer_alarm_setup,
    .dismiss = timer_alarm_dismiss,
    .max_delay = timer_alarm_max_delay,
};

/* Called by tos_knl_init. */
void tos_bsp_tickless_setup(void)
{
    (void)timer_alarm_init();
    tos_tickless_wkup_alarm_install(TOS_LOW_POWER_MODE_SLEEP, &port_cm_systick_alarm);
    tos_tickless_wkup_alarm_install(TOS_LOW_POWER_MODE_STOP, &timer_alarm);
    tos_tickless_wkup_alarm_install(TOS_LOW_POWER_MODE_STANDBY, &timer_alarm);
}

#endif /* TOS_CFG_TICKLESS_EN */
