/*
 * HAL flash driver for the simulator's NOR flash (devices-virtual/flash.c). See
 * hal/include/hal_flash.h.
 *
 * Operations are serialized by a lock; erase and program start the device, enable its
 * completion interrupt and block until the handler wakes them.
 */
#include <string.h>

#include "hal_sim.h"

#include "sim/irqc.h"

static struct {
    hal_lock_t lock;
    hal_wait_t done_wait;
} fl;

static void flash_isr(void)
{
    vdev_flash_t *f = hal_sim_flash(0u);
    tos_knl_irq_enter();
    cpu_cpsr_t s = port_cpsr_save();
    if (vdev_flash_status(f) & VDEV_FLASH_DONE) {
        vdev_flash_set_irq_enabled(f, false);   /* DONE stays set for the waiting task */
        hal_wait_wake(&fl.done_wait);
    }
    port_cpsr_restore(s);
    tos_knl_irq_leave();
}

void hal_sim_flash_reset(void)
{
    vdev_flash_t *f = hal_sim_flash(0u);
    hal_lock_init(&fl.lock);
    hal_wait_init(&fl.done_wait);
    if (f) {
        sim_irq_connect(vdev_flash_irq(f), flash_isr);
        sim_irq_set_priority(vdev_flash_irq(f), HAL_SIM_IRQ_PRIO);
        sim_irq_enable(vdev_flash_irq(f));
    }
}

static int map_err(int r)
{
    switch (r) {
    case VDEV_FLASH_OK:         return HAL_OK;
    case VDEV_FLASH_ERANGE:     return HAL_ERANGE;
    case VDEV_FLASH_EALIGN:     return HAL_EALIGN;
    case VDEV_FLASH_EPAGE:      return HAL_EALIGN;
    case VDEV_FLASH_ENOTERASED: return HAL_ENOTERASED;
    case VDEV_FLASH_EBUSY:      return HAL_EBUSY;
    default:                    return HAL_EIO;
    }
}

static vdev_flash_t *get_dev(unsigned dev)
{
    return dev < HAL_FLASH_COUNT ? hal_sim_flash(dev) : NULL;
}

int hal_flash_info(unsigned dev, hal_flash_info_t *info)
{
    vdev_flash_t *f = get_dev(dev);
    if (!f) {
        return HAL_ENODEV;
    }
    if (!info) {
        return HAL_EINVAL;
    }
    const vdev_flash_geometry_t *g = vdev_flash_geometry(f);
    info->size = g->size;
    info->sector_size = g->sector_size;
    info->sector_count = g->size / g->sector_size;
    info->page_size = g->page_size;
    info->erased_value = 0xFFu;
    return HAL_OK;
}

static void flash_armed(void *arg)
{
    vdev_flash_set_irq_enabled(arg, true);
}

/* Start an operation (interrupts masked) and wait for it. */
static int run_op(vdev_flash_t *f, int started, cpu_cpsr_t s)
{
    if (started != VDEV_FLASH_OK) {
        return map_err(started);
    }
    hal_deadline_t forever;
    hal_deadline_init(&forever, HAL_WAIT_FOREVER);
    while (!(vdev_flash_status(f) & VDEV_FLASH_DONE)) {
        (void)hal_wait_block(&fl.done_wait, &forever, s, flash_armed, f);
    }
    vdev_flash_ack(f);
    return HAL_OK;
}

int hal_flash_read(unsigned dev, uint32_t addr, void *buf, size_t len)
{
    vdev_flash_t *f = get_dev(dev);
    if (!f) {
        return HAL_ENODEV;
    }
    if (!buf && len) {
        return HAL_EINVAL;
    }
    hal_deadline_t dl;
    hal_deadline_init(&dl, HAL_WAIT_FOREVER);
    int r = hal_lock_take(&fl.lock, &dl);
    if (r != HAL_OK) {
        return r;
    }
    cpu_cpsr_t s = port_cpsr_save();
    r = map_err(vdev_flash_read(f, addr, buf, len));
    port_cpsr_restore(s);
    hal_lock_give(&fl.lock);
    return r;
}

int hal_flash_erase(unsigned dev, uint32_t addr, size_t len)
{
    vdev_flash_t *f = get_dev(dev);
    if (!f) {
        return HAL_ENODEV;
    }
    if (len == 0u) {
        return HAL_EINVAL;
    }
    int r = hal_can_block();
    if (r != HAL_OK) {
        return r;
    }
    hal_deadline_t dl;
    hal_deadline_init(&dl, HAL_WAIT_FOREVER);
    if ((r = hal_lock_take(&fl.lock, &dl)) != HAL_OK) {
        return r;
    }
    cpu_cpsr_t s = port_cpsr_save();
    r = run_op(f, vdev_flash_erase(f, addr, len), s);
    port_cpsr_restore(s);
    hal_lock_give(&fl.lock);
    return r;
}

int hal_flash_program(unsigned dev, uint32_t addr, const void *buf, size_t len)
{
    vdev_flash_t *f = get_dev(dev);
    if (!f) {
        return HAL_ENODEV;
    }
    if (!buf && len) {
        return HAL_EINVAL;
    }
    if (len == 0u) {
        return HAL_OK;
    }
    int r = hal_can_block();
    if (r != HAL_OK) {
        return r;
    }
    hal_deadline_t dl;
    hal_deadline_init(&dl, HAL_WAIT_FOREVER);
    if ((r = hal_lock_take(&fl.lock, &dl)) != HAL_OK) {
        return r;
    }
    cpu_cpsr_t s = port_cpsr_save();
    r = run_op(f, vdev_flash_program(f, addr, buf, len), s);
    port_cpsr_restore(s);
    hal_lock_give(&fl.lock);
    return r;
}

int hal_flash_erase_count(unsigned dev, uint32_t sector, uint32_t *count)
{
    vdev_flash_t *f = get_dev(dev);
    if (!f) {
        return HAL_ENODEV;
    }
    if (!count) {
        return HAL_EINVAL;
    }
    const vdev_flash_geometry_t *g = vdev_flash_geometry(f);
    if (sector >= g->size / g->sector_size) {
        return HAL_ERANGE;
    }
    *count = vdev_flash_erase_count(f, sector);
    return HAL_OK;
}
