/*
 * HAL SPI driver for the simulator's SPI controller (devices-virtual/spi.c). See
 * hal/include/hal_spi.h.
 *
 * The bus belongs to `holder` during a transfer and while it holds a chip select; other tasks
 * wait on `bus_wait`. The transfer's completion interrupt wakes `done_wait`.
 */
#include <limits.h>
#include <string.h>

#include "hal_sim.h"

#include "sim/irqc.h"

typedef struct {
    bool        open;
    k_task_t   *holder;
    int         held_cs;            /* -1: none */
    hal_wait_t  bus_wait;
    hal_wait_t  done_wait;
} spi_bus_t;

static spi_bus_t buses[HAL_SPI_COUNT];

static void spi_isr(void)
{
    vdev_spi_t *v = hal_sim_spi(0u);
    tos_knl_irq_enter();
    cpu_cpsr_t s = port_cpsr_save();
    if (vdev_spi_status(v) & VDEV_SPI_DONE) {
        vdev_spi_set_irq_enabled(v, false);     /* DONE stays set for the waiting task */
        hal_wait_wake(&buses[0].done_wait);
    }
    port_cpsr_restore(s);
    tos_knl_irq_leave();
}

void hal_sim_spi_reset(void)
{
    memset(buses, 0, sizeof buses);
    for (unsigned i = 0; i < HAL_SPI_COUNT; i++) {
        buses[i].held_cs = -1;
        hal_wait_init(&buses[i].bus_wait);
        hal_wait_init(&buses[i].done_wait);
        vdev_spi_t *v = hal_sim_spi(i);
        if (v) {
            sim_irq_connect(vdev_spi_irq(v), spi_isr);
            sim_irq_set_priority(vdev_spi_irq(v), HAL_SIM_IRQ_PRIO);
            sim_irq_enable(vdev_spi_irq(v));
        }
    }
}

int hal_spi_open(unsigned bus, const hal_spi_config_t *cfg)
{
    static const hal_spi_config_t defaults = HAL_SPI_CONFIG_DEFAULT;
    vdev_spi_t *v = bus < HAL_SPI_COUNT ? hal_sim_spi(bus) : NULL;
    if (!v) {
        return HAL_ENODEV;
    }
    if (!cfg) {
        cfg = &defaults;
    }
    uint32_t hz = cfg->freq_hz ? cfg->freq_hz : 1000000u;
    if (cfg->mode > 3u || hz > HAL_SPI_FREQ_MAX) {
        return HAL_EINVAL;
    }
    spi_bus_t *b = &buses[bus];
    cpu_cpsr_t s = port_cpsr_save();
    if (b->open) {
        port_cpsr_restore(s);
        return HAL_ESTATE;
    }
    vdev_spi_configure(v, hz, cfg->mode);
    b->open = true;
    port_cpsr_restore(s);
    return HAL_OK;
}

int hal_spi_close(unsigned bus)
{
    vdev_spi_t *v = bus < HAL_SPI_COUNT ? hal_sim_spi(bus) : NULL;
    if (!v) {
        return HAL_ENODEV;
    }
    spi_bus_t *b = &buses[bus];
    cpu_cpsr_t s = port_cpsr_save();
    int r = HAL_OK;
    if (!b->open) {
        r = HAL_ESTATE;
    } else if (b->holder || hal_wait_has_waiters(&b->bus_wait)) {
        r = HAL_EBUSY;
    } else {
        b->open = false;
    }
    port_cpsr_restore(s);
    return r;
}

static void spi_done_armed(void *arg)
{
    vdev_spi_set_irq_enabled(arg, true);
}

/* Give the bus up (interrupts masked); the caller reschedules. */
static void spi_let_go(spi_bus_t *b, vdev_spi_t *v)
{
    vdev_spi_select(v, -1);
    b->held_cs = -1;
    b->holder = NULL;
    hal_wait_wake(&b->bus_wait);
}

int hal_spi_transfer(unsigned bus, unsigned cs, const void *tx, void *rx, size_t len,
                     unsigned flags, uint32_t timeout_ms)
{
    vdev_spi_t *v = bus < HAL_SPI_COUNT ? hal_sim_spi(bus) : NULL;
    if (!v || cs >= HAL_SPI_CS_COUNT) {
        return HAL_ENODEV;
    }
    spi_bus_t *b = &buses[bus];
    if (!b->open) {
        return HAL_ESTATE;
    }
    if (len > INT_MAX || (flags & ~HAL_SPI_HOLD_CS)) {
        return HAL_EINVAL;
    }
    int err = hal_can_block();
    if (err != HAL_OK) {
        return err;
    }
    hal_deadline_t dl;
    hal_deadline_init(&dl, timeout_ms);
    cpu_cpsr_t s = port_cpsr_save();
    if (b->holder == k_curr_task) {
        if (b->held_cs != (int)cs) {
            port_cpsr_restore(s);
            return HAL_EBUSY;           /* release the other chip select first */
        }
    } else {
        while (b->holder) {
            if (hal_wait_block(&b->bus_wait, &dl, s, NULL, NULL) != HAL_OK) {
                port_cpsr_restore(s);
                return HAL_ETIMEOUT;
            }
        }
        b->holder = k_curr_task;
    }
    vdev_spi_select(v, (int)cs);
    if (len) {
        hal_deadline_t forever;
        hal_deadline_init(&forever, HAL_WAIT_FOREVER);
        vdev_spi_start(v, tx, rx, len);
        /* the controller owns the buffers until DONE: wait however long it takes */
        while (!(vdev_spi_status(v) & VDEV_SPI_DONE)) {
            (void)hal_wait_block(&b->done_wait, &forever, s, spi_done_armed, v);
        }
        vdev_spi_ack(v);
    }
    bool resched = false;
    if (flags & HAL_SPI_HOLD_CS) {
        b->held_cs = (int)cs;
    } else {
        resched = hal_wait_has_waiters(&b->bus_wait);
        spi_let_go(b, v);
    }
    port_cpsr_restore(s);
    if (resched) {
        knl_sched();
    }
    return (int)len;
}

int hal_spi_release(unsigned bus, unsigned cs)
{
    vdev_spi_t *v = bus < HAL_SPI_COUNT ? hal_sim_spi(bus) : NULL;
    if (!v || cs >= HAL_SPI_CS_COUNT) {
        return HAL_ENODEV;
    }
    spi_bus_t *b = &buses[bus];
    cpu_cpsr_t s = port_cpsr_save();
    if (!b->open || b->holder != k_curr_task || b->held_cs != (int)cs) {
        port_cpsr_restore(s);
        return HAL_ESTATE;
    }
    bool resched = hal_wait_has_waiters(&b->bus_wait);
    spi_let_go(b, v);
    port_cpsr_restore(s);
    if (resched) {
        knl_sched();
    }
    return HAL_OK;
}
