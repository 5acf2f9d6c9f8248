/*
 * Stopwatches.
 */
#include "tos_k.h"

/* Longest countdown whose expiry a signed tick difference can still tell apart from the past. */
#define STOPWATCH_TICK_MAX      ((k_tick_t)((k_tick_t)-1 >> 1))
/* remain_ms keeps (k_time_t)-1 for "no such stopwatch". */
#define STOPWATCH_MS_MAX        ((k_time_t)-1 - 1u)

/* Ticks left on a valid stopwatch, 0 once expired. */
static k_tick_t stopwatch_left(const k_stopwatch_t *stopwatch)
{
    k_stick_t left = (k_stick_t)(stopwatch->until - tos_systick_get());
    return left > 0 ? (k_tick_t)left : (k_tick_t)0u;
}

__API__ k_err_t tos_stopwatch_create(k_stopwatch_t *stopwatch)
{
    TOS_PTR_SANITY_CHECK(stopwatch);
    stopwatch->until = tos_systick_get();
    knl_object_init(&stopwatch->knl_obj, KNL_OBJ_TYPE_STOPWATCH, KNL_OBJ_ALLOC_TYPE_STATIC);
    return K_ERR_NONE;
}

__API__ k_err_t tos_stopwatch_destroy(k_stopwatch_t *stopwatch)
{
    TOS_OBJ_CHECK(stopwatch, KNL_OBJ_TYPE_STOPWATCH);
    stopwatch->until = (k_tick_t)0u;
    knl_object_deinit(&stopwatch->knl_obj);
    return K_ERR_NONE;
}

__API__ k_err_t tos_stopwatch_countdown(k_stopwatch_t *stopwatch, k_tick_t tick)
{
    TOS_OBJ_CHECK(stopwatch, KNL_OBJ_TYPE_STOPWATCH);
    if (tick > STOPWATCH_TICK_MAX) {
        tick = STOPWATCH_TICK_MAX;
    }
    stopwatch->until = tos_systick_get() + tick;
    return K_ERR_NONE;
}

__API__ k_err_t tos_stopwatch_countdown_ms(k_stopwatch_t *stopwatch, k_time_t millisec)
{
    return tos_stopwatch_countdown(stopwatch, tos_millisec2tick(millisec));
}

__API__ void tos_stopwatch_delay(k_tick_t tick)
{
    k_tick_t start = tos_systick_get();

    /* unsigned difference: correct across a wrap of the tick count */
    while ((k_tick_t)(tos_systick_get() - start) < tick) {
    }
}

__API__ void tos_stopwatch_delay_ms(k_time_t millisec)
{
    tos_stopwatch_delay(tos_millisec2tick(millisec));
}

__API__ k_tick_t tos_stopwatch_remain(k_stopwatch_t *stopwatch)
{
    TOS_OBJ_CHECK_RC(stopwatch, KNL_OBJ_TYPE_STOPWATCH, TOS_TIME_FOREVER);
    return stopwatch_left(stopwatch);
}

__API__ k_time_t tos_stopwatch_remain_ms(k_stopwatch_t *stopwatch)
{
    k_tick_t left;
    uint64_t sec, ms;

    TOS_OBJ_CHECK_RC(stopwatch, KNL_OBJ_TYPE_STOPWATCH, (k_time_t)-1);
    left = stopwatch_left(stopwatch);
    /* whole seconds and the rest apart, so that no product can overflow */
    sec = (uint64_t)left / TOS_CFG_CPU_TICK_PER_SECOND;
    if (sec > (uint64_t)STOPWATCH_MS_MAX / K_TIME_MILLISEC_PER_SEC) {
        return STOPWATCH_MS_MAX;
    }
    ms = sec * K_TIME_MILLISEC_PER_SEC +
         (uint64_t)left % TOS_CFG_CPU_TICK_PER_SECOND * K_TIME_MILLISEC_PER_SEC /
         TOS_CFG_CPU_TICK_PER_SECOND;
    return ms > STOPWATCH_MS_MAX ? STOPWATCH_MS_MAX : (k_time_t)ms;
}

__API__ int tos_stopwatch_is_expired(k_stopwatch_t *stopwatch)
{
    TOS_OBJ_CHECK_RC(stopwatch, KNL_OBJ_TYPE_STOPWATCH, K_FALSE);
    return stopwatch_left(stopwatch) == (k_tick_t)0u ? K_TRUE : K_FALSE;
}
