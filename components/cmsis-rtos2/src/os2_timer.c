/*
 * CMSIS-RTOS2 timers on tos_timer. The callback is the user's function itself; it runs in the
 * Sprig timer task with the scheduler locked.
 */
#include "os2_internal.h"

static osSprigTimer_t *os2_timer_check(osTimerId_t timer_id)
{
    osSprigTimer_t *tm = (osSprigTimer_t *)timer_id;

    return tm && tm->magic == OS2_MAGIC_TIMER ? tm : K_NULL;
}

osTimerId_t osTimerNew(osTimerFunc_t func, osTimerType_t type, void *argument,
                       const osTimerAttr_t *attr)
{
    osSprigTimer_t *tm;
    uint8_t alloc;
    k_err_t err;

    if (sprig_os2_in_isr() || !func || (type != osTimerOnce && type != osTimerPeriodic)) {
        return K_NULL;
    }
    tm = (osSprigTimer_t *)sprig_os2_cb_get(
        attr ? attr->cb_mem : K_NULL, attr ? attr->cb_size : 0u,
        sizeof *tm, _Alignof(osSprigTimer_t), OS2_MAGIC_TIMER, &alloc);
    if (!tm) {
        return K_NULL;
    }
    /* the real delay and period are set by osTimerStart */
    if (type == osTimerOnce) {
        err = tos_timer_create(&tm->timer, 1u, 0u, (k_timer_callback_t)func, argument,
                               TOS_OPT_TIMER_ONESHOT);
    } else {
        err = tos_timer_create(&tm->timer, 0u, 1u, (k_timer_callback_t)func, argument,
                               TOS_OPT_TIMER_PERIODIC);
    }
    if (err != K_ERR_NONE) {
        sprig_os2_cb_put(tm, alloc);
        return K_NULL;
    }
    tm->alloc = alloc;
    tm->type = (uint8_t)type;
    tm->name = attr ? attr->name : K_NULL;
    tm->magic = OS2_MAGIC_TIMER;
    return tm;
}

const char *osTimerGetName(osTimerId_t timer_id)
{
    osSprigTimer_t *tm = os2_timer_check(timer_id);

    return tm ? tm->name : K_NULL;
}

osStatus_t osTimerStart(osTimerId_t timer_id, uint32_t ticks)
{
    OS2_CS_ALLOC();
    osSprigTimer_t *tm;
    k_err_t err;
    int held;

    if (sprig_os2_in_isr()) {
        return osErrorISR;
    }
    tm = os2_timer_check(timer_id);
    if (!tm || ticks == 0u) {
        return osErrorParameter;
    }
    /* stop, retime and start as one step: neither the timer task nor an ISR sees it half done */
    held = sprig_os2_sched_hold();
    OS2_CS_ENTER();
    if (tm->timer.state == TIMER_STATE_RUNNING) {
        (void)tos_timer_stop(&tm->timer);
    }
    err = tos_timer_delay_change(&tm->timer, (k_tick_t)ticks);
    if (err == K_ERR_NONE && tm->type == (uint8_t)osTimerPeriodic) {
        err = tos_timer_period_change(&tm->timer, (k_tick_t)ticks);
    }
    if (err == K_ERR_NONE) {
        err = tos_timer_start(&tm->timer);
    }
    OS2_CS_EXIT();
    sprig_os2_sched_release(held);
    return err == K_ERR_NONE ? osOK : osErrorParameter;
}

osStatus_t osTimerStop(osTimerId_t timer_id)
{
    osSprigTimer_t *tm;

    if (sprig_os2_in_isr()) {
        return osErrorISR;
    }
    tm = os2_timer_check(timer_id);
    if (!tm) {
        return osErrorParameter;
    }
    return tos_timer_stop(&tm->timer) == K_ERR_NONE ? osOK : osErrorResource;
}

uint32_t osTimerIsRunning(osTimerId_t timer_id)
{
    osSprigTimer_t *tm;

    if (sprig_os2_in_isr()) {
        return 0u;
    }
    tm = os2_timer_check(timer_id);
    return tm && tm->timer.state == TIMER_STATE_RUNNING ? 1u : 0u;
}

osStatus_t osTimerDelete(osTimerId_t timer_id)
{
    OS2_CS_ALLOC();
    osSprigTimer_t *tm;

    if (sprig_os2_in_isr()) {
        return osErrorISR;
    }
    tm = os2_timer_check(timer_id);
    if (!tm) {
        return osErrorParameter;
    }
    OS2_CS_ENTER();
    tm->magic = 0u;
    (void)tos_timer_destroy(&tm->timer);
    OS2_CS_EXIT();
    sprig_os2_cb_put(tm, tm->alloc);
    return osOK;
}
