/*
 * The virtual GPIO port. See devices-virtual/include/vdev/gpio.h.
 */
#include "vdev/gpio.h"

#include <stdlib.h>
#include <string.h>

#include "sim/irqc.h"

typedef struct {
    vdev_gpio_t      *port;         /* back pointers, for the drive event */
    unsigned          index;
    /* board wiring */
    const char       *name;
    vdev_gpio_wire_t  wire;
    int               active;
    vdev_gpio_pull_t  board_pull;
    /* registers */
    vdev_gpio_mode_t  mode;
    vdev_gpio_pull_t  pull;
    int               latch;
    unsigned          edges;
    /* outside */
    int               drive;        /* 0, 1, VDEV_GPIO_RELEASE */
    int               level;        /* current pad level */
    sim_event_t       drive_ev;
    int               drive_next;
} pin_t;

struct vdev_gpio {
    sim_device_t          dev;
    unsigned              npins;
    pin_t                 pin[VDEV_GPIO_MAX_PINS];
    uint32_t              pending;
    FILE                 *log;
    vdev_gpio_observer_t  observer;
    void                 *observer_arg;
};

static int pad_level(const pin_t *p)
{
    if (p->mode == VDEV_GPIO_OUT) {
        return p->latch;
    }
    if (p->mode == VDEV_GPIO_OUT_OD && p->latch == 0) {
        return 0;
    }
    if (p->drive != VDEV_GPIO_RELEASE) {
        return p->drive;
    }
    vdev_gpio_pull_t pull = p->pull != VDEV_GPIO_PULL_NONE ? p->pull : p->board_pull;
    return pull == VDEV_GPIO_PULL_UP ? 1 : 0;
}

static void log_change(vdev_gpio_t *g, unsigned n, int level)
{
    const pin_t *p = &g->pin[n];
    sim_time_t t = sim_clock_now();
    if (g->observer) {
        g->observer(g->observer_arg, n, level, t);
    }
    if (!g->log) {
        return;
    }
    const char *what = level ? "high" : "low";
    if (p->wire == VDEV_GPIO_WIRE_LED) {
        what = level == p->active ? "on" : "off";
    } else if (p->wire == VDEV_GPIO_WIRE_BUTTON) {
        what = level == p->active ? "pressed" : "released";
    }
    sim_bus_host_enter();
    if (p->name) {
        fprintf(g->log, "[%6llu.%09llu] %s %s\n", (unsigned long long)(t / 1000000000u),
                (unsigned long long)(t % 1000000000u), p->name, what);
    } else {
        fprintf(g->log, "[%6llu.%09llu] %s.%u %s\n", (unsigned long long)(t / 1000000000u),
                (unsigned long long)(t % 1000000000u), g->dev.name, n, what);
    }
    fflush(g->log);
    sim_bus_host_exit();
}

static void update_irq(vdev_gpio_t *g)
{
    if (g->pending) {
        sim_irq_set_pending(g->dev.irq);
    } else {
        sim_irq_clear_pending(g->dev.irq);
    }
}

/* Recompute a pin's pad level; on a change, detect edges and log. */
static void reevaluate(vdev_gpio_t *g, unsigned n)
{
    pin_t *p = &g->pin[n];
    int level = pad_level(p);
    if (level == p->level) {
        return;
    }
    p->level = level;
    unsigned edge = level ? VDEV_GPIO_EDGE_RISING : VDEV_GPIO_EDGE_FALLING;
    if (p->edges & edge) {
        g->pending |= 1u << n;
    }
    log_change(g, n, level);
    update_irq(g);
}

void vdev_gpio_configure(vdev_gpio_t *g, unsigned pin, vdev_gpio_mode_t mode,
                         vdev_gpio_pull_t pull)
{
    if (pin >= g->npins) {
        return;
    }
    g->pin[pin].mode = mode;
    g->pin[pin].pull = pull;
    reevaluate(g, pin);
}

vdev_gpio_mode_t vdev_gpio_mode(const vdev_gpio_t *g, unsigned pin)
{
    return pin < g->npins ? g->pin[pin].mode : VDEV_GPIO_IN;
}

void vdev_gpio_set_latch(vdev_gpio_t *g, unsigned pin, int level)
{
    if (pin >= g->npins) {
        return;
    }
    g->pin[pin].latch = level ? 1 : 0;
    reevaluate(g, pin);
}

int vdev_gpio_latch(const vdev_gpio_t *g, unsigned pin)
{
    return pin < g->npins ? g->pin[pin].latch : -1;
}

int vdev_gpio_level(const vdev_gpio_t *g, unsigned pin)
{
    return pin < g->npins ? g->pin[pin].level : -1;
}

void vdev_gpio_set_edges(vdev_gpio_t *g, unsigned pin, unsigned edges)
{
    if (pin >= g->npins) {
        return;
    }
    g->pin[pin].edges = edges & (VDEV_GPIO_EDGE_RISING | VDEV_GPIO_EDGE_FALLING);
}

uint32_t vdev_gpio_pending(const vdev_gpio_t *g)
{
    return g->pending;
}

void vdev_gpio_clear_pending(vdev_gpio_t *g, uint32_t bits)
{
    g->pending &= ~bits;
    update_irq(g);
}

void vdev_gpio_drive(vdev_gpio_t *g, unsigned pin, int level)
{
    if (pin >= g->npins) {
        return;
    }
    g->pin[pin].drive = level == VDEV_GPIO_RELEASE ? VDEV_GPIO_RELEASE : (level ? 1 : 0);
    reevaluate(g, pin);
}

static void drive_event_fire(void *arg)
{
    pin_t *p = arg;
    p->drive = p->drive_next;
    reevaluate(p->port, p->index);
}

void vdev_gpio_drive_at(vdev_gpio_t *g, unsigned pin, int level, sim_time_t when)
{
    if (pin >= g->npins) {
        return;
    }
    pin_t *p = &g->pin[pin];
    p->drive_next = level == VDEV_GPIO_RELEASE ? VDEV_GPIO_RELEASE : (level ? 1 : 0);
    sim_time_t now = sim_clock_now();
    sim_event_schedule(&p->drive_ev, when > now ? when : now);
}

void vdev_gpio_press(vdev_gpio_t *g, unsigned pin)
{
    if (pin < g->npins) {
        vdev_gpio_drive(g, pin, g->pin[pin].active);
    }
}

void vdev_gpio_release(vdev_gpio_t *g, unsigned pin)
{
    vdev_gpio_drive(g, pin, VDEV_GPIO_RELEASE);
}

void vdev_gpio_set_log(vdev_gpio_t *g, FILE *f)
{
    g->log = f;
}

void vdev_gpio_set_observer(vdev_gpio_t *g, vdev_gpio_observer_t fn, void *arg)
{
    g->observer = fn;
    g->observer_arg = arg;
}

int vdev_gpio_wire(vdev_gpio_t *g, unsigned pin, const char *name, vdev_gpio_wire_t kind,
                   int active_level, vdev_gpio_pull_t board_pull)
{
    if (pin >= g->npins) {
        return -1;
    }
    pin_t *p = &g->pin[pin];
    p->name = name;
    p->wire = kind;
    p->active = active_level ? 1 : 0;
    p->board_pull = board_pull;
    p->level = pad_level(p);        /* wiring is not a change to log */
    return 0;
}

int vdev_gpio_find(const vdev_gpio_t *g, const char *name)
{
    size_t len = strlen(g->dev.name);
    for (unsigned i = 0; i < g->npins; i++) {
        if (g->pin[i].name && strcmp(g->pin[i].name, name) == 0) {
            return (int)i;
        }
    }
    if (strncmp(name, g->dev.name, len) == 0 && name[len] == '.') {
        char *end;
        unsigned long n = strtoul(name + len + 1, &end, 10);
        if (end != name + len + 1 && *end == '\0' && n < g->npins) {
            return (int)n;
        }
    }
    return -1;
}

/* ---- the bus ---- */

static void gpio_reset(sim_device_t *dev)
{
    vdev_gpio_t *g = dev->ctx;
    g->pending = 0u;
    for (unsigned i = 0; i < g->npins; i++) {
        pin_t *p = &g->pin[i];
        p->mode = VDEV_GPIO_IN;
        p->pull = VDEV_GPIO_PULL_NONE;
        p->latch = 0;
        p->edges = 0u;
        p->drive = VDEV_GPIO_RELEASE;
        p->drive_next = VDEV_GPIO_RELEASE;
        p->level = pad_level(p);
        p->port = g;
        p->index = i;
        sim_event_init(&p->drive_ev, "gpio drive", drive_event_fire, p);
    }
}

static int gpio_stimulus(sim_device_t *dev, const char *target, const char *action,
                         const void *data, size_t len, char *err, size_t errlen)
{
    vdev_gpio_t *g = dev->ctx;
    int n = vdev_gpio_find(g, target);
    (void)data;
    (void)len;
    if (n < 0) {
        return 1;
    }
    if (strcmp(action, "press") == 0) {
        vdev_gpio_press(g, (unsigned)n);
    } else if (strcmp(action, "release") == 0 || strcmp(action, "float") == 0) {
        vdev_gpio_release(g, (unsigned)n);
    } else if (strcmp(action, "high") == 0) {
        vdev_gpio_drive(g, (unsigned)n, 1);
    } else if (strcmp(action, "low") == 0) {
        vdev_gpio_drive(g, (unsigned)n, 0);
    } else {
        snprintf(err, errlen, "%s: unknown action '%s' (want press, release, high, low or float)",
                 target, action);
        return -1;
    }
    return 0;
}

static const sim_device_ops_t gpio_ops = {
    .reset = gpio_reset,
    .stimulus = gpio_stimulus,
};

vdev_gpio_t *vdev_gpio_create(const char *name, unsigned pins)
{
    if (pins == 0u || pins > VDEV_GPIO_MAX_PINS) {
        return NULL;
    }
    vdev_gpio_t *g = calloc(1, sizeof *g);
    if (!g) {
        return NULL;
    }
    if (sim_bus_attach(&g->dev, name, &gpio_ops, g, 1u) != 0) {
        free(g);
        return NULL;
    }
    g->npins = pins;
    g->log = stderr;
    gpio_reset(&g->dev);
    return g;
}

void vdev_gpio_destroy(vdev_gpio_t *g)
{
    if (!g) {
        return;
    }
    for (unsigned i = 0; i < g->npins; i++) {
        sim_event_cancel(&g->pin[i].drive_ev);
    }
    sim_bus_detach(&g->dev);
    free(g);
}

sim_device_t *vdev_gpio_device(vdev_gpio_t *g)
{
    return &g->dev;
}

unsigned vdev_gpio_irq(const vdev_gpio_t *g)
{
    return g->dev.irq;
}

unsigned vdev_gpio_pins(const vdev_gpio_t *g)
{
    return g->npins;
}
