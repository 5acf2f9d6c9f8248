/*
 * HAL timer driver for the simulator's timer block (devices-virtual/timer.c). See
 * hal/include/hal_timer.h.
 */
#include <string.h>

#include "hal_sim.h"

#include "sim/irqc.h"

typedef struct {
    hal_timer_cb_t cb;
    void          *arg;
} timer_slot_t;

static timer_slot_t slots[HAL_TIMER_COUNT];

static void timer_isr(unsigned n)
{
    vdev_timer_t *t = hal_sim_timer();
    tos_knl_irq_enter();
    cpu_cpsr_t s = port_cpsr_save();
    bool fire = vdev_timer_pending(t, n);
    vdev_timer_ack(t, n);
    hal_timer_cb_t cb = slots[n].cb;
    void *arg = slots[n].arg;
    port_cpsr_restore(s);
    if (fire && cb) {
        cb(arg);
    }
    tos_knl_irq_leave();
}

static void timer0_isr(void) { timer_isr(0u); }
static void timer1_isr(void) { timer_isr(1u); }
static void timer2_isr(void) { timer_isr(2u); }
static void timer3_isr(void) { timer_isr(3u); }

static void (*const timer_isrs[HAL_TIMER_COUNT])(void) = {
    timer0_isr, timer1_isr, timer2_isr, timer3_isr
};

void hal_sim_timer_reset(void)
{
    vdev_timer_t *t = hal_sim_timer();
    memset(slots, 0, sizeof slots);
    for (unsigned i = 0; t && i < HAL_TIMER_COUNT; i++) {
        unsigned line = vdev_timer_irq(t, i);
        sim_irq_connect(line, timer_isrs[i]);
        sim_irq_set_priority(line, HAL_SIM_IRQ_PRIO);
        sim_irq_enable(line);
    }
}

int hal_timer_start(unsigned timer, uint32_t period_us, hal_timer_mode_t mode,
                    hal_timer_cb_t cb, void *arg)
{
    vdev_timer_t *t = hal_sim_timer();
    if (!t || timer >= HAL_TIMER_COUNT) {
        return HAL_ENODEV;
    }
    if (period_us == 0u || !cb || (mode != HAL_TIMER_ONESHOT && mode != HAL_TIMER_PERIODIC)) {
        return HAL_EINVAL;
    }
    cpu_cpsr_t s = port_cpsr_save();
    slots[timer].cb = cb;
    slots[timer].arg = arg;
    vdev_timer_ack(t, timer);
    vdev_timer_start(t, timer, SIM_US(period_us), mode == HAL_TIMER_PERIODIC);
    port_cpsr_restore(s);
    return HAL_OK;
}

int hal_timer_stop(unsigned timer)
{
    vdev_timer_t *t = hal_sim_timer();
    if (!t || timer >= HAL_TIMER_COUNT) {
        return HAL_ENODEV;
    }
    cpu_cpsr_t s = port_cpsr_save();
    vdev_timer_stop(t, timer);
    vdev_timer_ack(t, timer);
    port_cpsr_restore(s);
    return HAL_OK;
}

int hal_timer_elapsed(unsigned timer, uint32_t *us)
{
    vdev_timer_t *t = hal_sim_timer();
    if (!t || timer >= HAL_TIMER_COUNT) {
        return HAL_ENODEV;
    }
    if (!us) {
        return HAL_EINVAL;
    }
    cpu_cpsr_t s = port_cpsr_save();
    *us = (uint32_t)(vdev_timer_elapsed(t, timer) / 1000u);
    port_cpsr_restore(s);
    return HAL_OK;
}
