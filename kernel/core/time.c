/*
 * Time as apps see it: the (settable) system tick and conversions.
 */
#include "tos_k.h"

/* tos_systick_set moves only what tos_systick_get reports (k_knl.systick_offset); timeouts
   use tick_now(). */

__API__ k_tick_t tos_systick_get(void)
{
    TOS_CPU_CPSR_ALLOC();
    k_tick_t t;

    TOS_CPU_INT_DISABLE();
    t = tick_now() + k_knl.systick_offset;
    TOS_CPU_INT_ENABLE();
    return t;
}

__API__ k_tick_t tos_systick_monotonic_get(void)
{
    TOS_CPU_CPSR_ALLOC();
    k_tick_t t;

    TOS_CPU_INT_DISABLE();          /* (a 64-bit tick is two loads on a 32-bit CPU) */
    t = tick_now();
    TOS_CPU_INT_ENABLE();
    return t;
}

__API__ void tos_systick_set(k_tick_t tick)
{
    TOS_CPU_CPSR_ALLOC();

    TOS_CPU_INT_DISABLE();
    k_knl.systick_offset = tick - tick_now();
    TOS_CPU_INT_ENABLE();
}

/* With 32-bit ticks and a tick rate that divides 1000 or is a multiple of it, the conversions
   are a 32-bit multiply or divide: the same results as the 64-bit formula, without 64-bit
   arithmetic (a library call on 32-bit CPUs). */
#define TPS                 TOS_CFG_CPU_TICK_PER_SECOND
#define MS                  K_TIME_MILLISEC_PER_SEC
#define TIME_32BIT_TICKS    (TOS_CFG_TICK_64BIT_EN == 0u)

__API__ k_time_t tos_tick2millisec(k_tick_t tick)
{
#if TIME_32BIT_TICKS && MS % TPS == 0u
    return (k_time_t)(tick * (MS / TPS));
#elif TIME_32BIT_TICKS && TPS % MS == 0u
    return (k_time_t)(tick / (TPS / MS));
#else
    return (k_time_t)((uint64_t)tick * MS / TPS);
#endif
}

__API__ k_tick_t tos_millisec2tick(k_time_t millisec)
{
#if TIME_32BIT_TICKS && TPS % MS == 0u
    return (k_tick_t)(millisec * (TPS / MS));
#elif TIME_32BIT_TICKS && MS % TPS == 0u
    return (k_tick_t)(millisec / (MS / TPS));
#else
    return (k_tick_t)((uint64_t)millisec * TPS / MS);
#endif
}

__API__ k_err_t tos_sleep_ms(k_time_t millisec)
{
    return tos_task_delay(tos_millisec2tick(millisec));
}

__API__ k_err_t tos_sleep_hmsm(k_time_t hour, k_time_t minute, k_time_t second, k_time_t millisec)
{
    uint64_t seconds = (uint64_t)hour * 3600u + (uint64_t)minute * 60u + second;
    uint64_t ticks = seconds * TOS_CFG_CPU_TICK_PER_SECOND +
                     (uint64_t)millisec * TOS_CFG_CPU_TICK_PER_SECOND / K_TIME_MILLISEC_PER_SEC;
    if (ticks >= (uint64_t)TOS_TIME_FOREVER) {
        ticks = (uint64_t)K_TIME_MAX;
    }
    return tos_task_delay((k_tick_t)ticks);
}
