/*
 * HAL GPIO driver for the simulator's GPIO port (devices-virtual/gpio.c). See
 * hal/include/hal_gpio.h.
 */
#include <string.h>

#include "hal_sim.h"

#include "sim/irqc.h"

typedef struct {
    hal_gpio_cb_t cb;
    void         *arg;
    unsigned      edges;        /* VDEV_GPIO_EDGE_* */
    bool          enabled;
} pin_irq_t;

static pin_irq_t pin_irqs[HAL_GPIO_PIN_COUNT];

static void gpio_isr(void)
{
    vdev_gpio_t *g = hal_sim_gpio();
    tos_knl_irq_enter();
    cpu_cpsr_t s = port_cpsr_save();
    uint32_t pending = vdev_gpio_pending(g);
    vdev_gpio_clear_pending(g, pending);
    for (unsigned pin = 0; pending && pin < HAL_GPIO_PIN_COUNT; pin++) {
        if (!(pending & (1u << pin))) {
            continue;
        }
        pending &= ~(1u << pin);
        pin_irq_t *pi = &pin_irqs[pin];
        if (pi->cb && pi->enabled) {
            hal_gpio_cb_t cb = pi->cb;
            void *arg = pi->arg;
            int level = vdev_gpio_level(g, pin);
            port_cpsr_restore(s);
            cb(arg, pin, level);
            s = port_cpsr_save();
        }
    }
    port_cpsr_restore(s);
    tos_knl_irq_leave();
}

void hal_sim_gpio_reset(void)
{
    vdev_gpio_t *g = hal_sim_gpio();
    memset(pin_irqs, 0, sizeof pin_irqs);
    if (g) {
        sim_irq_connect(vdev_gpio_irq(g), gpio_isr);
        sim_irq_set_priority(vdev_gpio_irq(g), HAL_SIM_IRQ_PRIO);
        sim_irq_enable(vdev_gpio_irq(g));
    }
}

static vdev_gpio_t *get_pin(unsigned pin)
{
    vdev_gpio_t *g = hal_sim_gpio();
    return g && pin < HAL_GPIO_PIN_COUNT ? g : NULL;
}

static bool is_output(vdev_gpio_t *g, unsigned pin)
{
    vdev_gpio_mode_t m = vdev_gpio_mode(g, pin);
    return m == VDEV_GPIO_OUT || m == VDEV_GPIO_OUT_OD;
}

int hal_gpio_config(unsigned pin, hal_gpio_mode_t mode, hal_gpio_pull_t pull)
{
    vdev_gpio_t *g = get_pin(pin);
    if (!g) {
        return HAL_ENODEV;
    }
    vdev_gpio_mode_t m;
    vdev_gpio_pull_t p;
    switch (mode) {
    case HAL_GPIO_INPUT:             m = VDEV_GPIO_IN; break;
    case HAL_GPIO_OUTPUT:            m = VDEV_GPIO_OUT; break;
    case HAL_GPIO_OUTPUT_OPEN_DRAIN: m = VDEV_GPIO_OUT_OD; break;
    default:                         return HAL_EINVAL;
    }
    switch (pull) {
    case HAL_GPIO_PULL_NONE: p = VDEV_GPIO_PULL_NONE; break;
    case HAL_GPIO_PULL_UP:   p = VDEV_GPIO_PULL_UP; break;
    case HAL_GPIO_PULL_DOWN: p = VDEV_GPIO_PULL_DOWN; break;
    default:                 return HAL_EINVAL;
    }
    cpu_cpsr_t s = port_cpsr_save();
    vdev_gpio_configure(g, pin, m, p);
    port_cpsr_restore(s);
    return HAL_OK;
}

int hal_gpio_write(unsigned pin, int level)
{
    vdev_gpio_t *g = get_pin(pin);
    if (!g) {
        return HAL_ENODEV;
    }
    cpu_cpsr_t s = port_cpsr_save();
    int r = HAL_ESTATE;
    if (is_output(g, pin)) {
        vdev_gpio_set_latch(g, pin, level != 0);
        r = HAL_OK;
    }
    port_cpsr_restore(s);
    return r;
}

int hal_gpio_read(unsigned pin)
{
    vdev_gpio_t *g = get_pin(pin);
    if (!g) {
        return HAL_ENODEV;
    }
    cpu_cpsr_t s = port_cpsr_save();
    int level = vdev_gpio_level(g, pin);
    port_cpsr_restore(s);
    return level;
}

int hal_gpio_toggle(unsigned pin)
{
    vdev_gpio_t *g = get_pin(pin);
    if (!g) {
        return HAL_ENODEV;
    }
    cpu_cpsr_t s = port_cpsr_save();
    int r = HAL_ESTATE;
    if (is_output(g, pin)) {
        r = !vdev_gpio_latch(g, pin);
        vdev_gpio_set_latch(g, pin, r);
    }
    port_cpsr_restore(s);
    return r;
}

int hal_gpio_irq_attach(unsigned pin, hal_gpio_edge_t edge, hal_gpio_cb_t cb, void *arg)
{
    vdev_gpio_t *g = get_pin(pin);
    if (!g) {
        return HAL_ENODEV;
    }
    if (!cb || edge < HAL_GPIO_EDGE_RISING || edge > HAL_GPIO_EDGE_BOTH) {
        return HAL_EINVAL;
    }
    unsigned edges = ((edge & HAL_GPIO_EDGE_RISING) ? VDEV_GPIO_EDGE_RISING : 0u) |
                     ((edge & HAL_GPIO_EDGE_FALLING) ? VDEV_GPIO_EDGE_FALLING : 0u);
    cpu_cpsr_t s = port_cpsr_save();
    pin_irqs[pin] = (pin_irq_t){ cb, arg, edges, true };
    vdev_gpio_clear_pending(g, 1u << pin);      /* no stale edge from before */
    vdev_gpio_set_edges(g, pin, edges);
    port_cpsr_restore(s);
    return HAL_OK;
}

int hal_gpio_irq_detach(unsigned pin)
{
    vdev_gpio_t *g = get_pin(pin);
    if (!g) {
        return HAL_ENODEV;
    }
    cpu_cpsr_t s = port_cpsr_save();
    memset(&pin_irqs[pin], 0, sizeof pin_irqs[pin]);
    vdev_gpio_set_edges(g, pin, 0u);
    vdev_gpio_clear_pending(g, 1u << pin);
    port_cpsr_restore(s);
    return HAL_OK;
}

int hal_gpio_irq_enable(unsigned pin, bool enable)
{
    vdev_gpio_t *g = get_pin(pin);
    if (!g) {
        return HAL_ENODEV;
    }
    cpu_cpsr_t s = port_cpsr_save();
    pin_irq_t *pi = &pin_irqs[pin];
    if (!pi->cb) {
        port_cpsr_restore(s);
        return HAL_ESTATE;
    }
    if (enable && !pi->enabled) {
        vdev_gpio_clear_pending(g, 1u << pin);  /* edges while disabled are forgotten */
    }
    pi->enabled = enable;
    vdev_gpio_set_edges(g, pin, enable ? pi->edges : 0u);
    if (!enable) {
        vdev_gpio_clear_pending(g, 1u << pin);
    }
    port_cpsr_restore(s);
    return HAL_OK;
}
