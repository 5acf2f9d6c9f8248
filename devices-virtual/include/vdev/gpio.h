/*
 * Sprig virtual devices: a GPIO port (up to 32 pins) with the board's LEDs and buttons on it.
 *
 * Each pin has a mode (input, push-pull output, open-drain output), an internal pull
 * (none/up/down), an output latch, and what the board and the outside world do to it: an
 * external resistor (a button's pull-up) and an external drive (a pressed button, a script,
 * a test; or released). The pad level is:
 *     push-pull output                     the latch
 *     open-drain output, latch 0           0
 *     otherwise                            the external drive if any, else the internal pull,
 *                                          else the board's resistor, else 0 (a floating
 *                                          input reads 0 here, deterministically)
 * Edge detection per pin (rising, falling or both) sets a pending bit when the pad level
 * changes; the port's one interrupt line is asserted while any pending bit is set.
 *
 * Every change of a pad level is logged with its virtual time, by the pin's board name:
 *     [     1.500000000] led0 on
 *     [     2.000000000] button0 pressed
 *     [     2.000000000] gpio0.12 high
 * to the log stream (stderr unless changed; --gpio-log), and reported to an observer.
 *
 * Threading: CPU thread only.
 */
#ifndef VDEV_GPIO_H
#define VDEV_GPIO_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/bus.h"
#include "sim/clock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VDEV_GPIO_MAX_PINS   32u

typedef enum {
    VDEV_GPIO_IN = 0,
    VDEV_GPIO_OUT,
    VDEV_GPIO_OUT_OD,
} vdev_gpio_mode_t;

typedef enum {
    VDEV_GPIO_PULL_NONE = 0,
    VDEV_GPIO_PULL_UP,
    VDEV_GPIO_PULL_DOWN,
} vdev_gpio_pull_t;

/* What the board wired to a pin (for names in logs and for press/release). */
typedef enum {
    VDEV_GPIO_WIRE_NONE = 0,
    VDEV_GPIO_WIRE_LED,         /* "on" at its active level */
    VDEV_GPIO_WIRE_BUTTON,      /* pressing drives its active level */
} vdev_gpio_wire_t;

#define VDEV_GPIO_RELEASE   (-1)    /* external drive: none */

#define VDEV_GPIO_EDGE_RISING   1u
#define VDEV_GPIO_EDGE_FALLING  2u

typedef struct vdev_gpio vdev_gpio_t;

vdev_gpio_t  *vdev_gpio_create(const char *name, unsigned pins);
void          vdev_gpio_destroy(vdev_gpio_t *g);
sim_device_t *vdev_gpio_device(vdev_gpio_t *g);
unsigned      vdev_gpio_irq(const vdev_gpio_t *g);
unsigned      vdev_gpio_pins(const vdev_gpio_t *g);

/* Board wiring (survives resets): a name, what it is, its active level (0/1) and the board's
   resistor (VDEV_GPIO_PULL_*). `name` must outlive the model. Returns 0, or -1. */
int  vdev_gpio_wire(vdev_gpio_t *g, unsigned pin, const char *name, vdev_gpio_wire_t kind,
                    int active_level, vdev_gpio_pull_t board_pull);
/* Pin by board name ("led0") or "NAME.N" ("gpio0.12"); -1 if none. */
int  vdev_gpio_find(const vdev_gpio_t *g, const char *name);

/* ---- registers (CPU thread). Pins out of range are ignored (reads give -1). ---- */
void vdev_gpio_configure(vdev_gpio_t *g, unsigned pin, vdev_gpio_mode_t mode,
                         vdev_gpio_pull_t pull);
vdev_gpio_mode_t vdev_gpio_mode(const vdev_gpio_t *g, unsigned pin);
void vdev_gpio_set_latch(vdev_gpio_t *g, unsigned pin, int level);
int  vdev_gpio_latch(const vdev_gpio_t *g, unsigned pin);
int  vdev_gpio_level(const vdev_gpio_t *g, unsigned pin);
/* VDEV_GPIO_EDGE_* bits; 0 disables detection. */
void vdev_gpio_set_edges(vdev_gpio_t *g, unsigned pin, unsigned edges);
uint32_t vdev_gpio_pending(const vdev_gpio_t *g);
void vdev_gpio_clear_pending(vdev_gpio_t *g, uint32_t bits);

/* ---- the outside world (CPU thread; scripts, tests) ---- */
/* Drive a pin to 0 or 1, or VDEV_GPIO_RELEASE. */
void vdev_gpio_drive(vdev_gpio_t *g, unsigned pin, int level);
/* Drive at virtual time `when` (an absolute time; the past means now). One pending drive per
   pin: a later call replaces it. */
void vdev_gpio_drive_at(vdev_gpio_t *g, unsigned pin, int level, sim_time_t when);
/* A button: drive its active level / release it. */
void vdev_gpio_press(vdev_gpio_t *g, unsigned pin);
void vdev_gpio_release(vdev_gpio_t *g, unsigned pin);

/* Where changes are logged (NULL: nowhere). Default stderr. */
void vdev_gpio_set_log(vdev_gpio_t *g, FILE *f);
typedef void (*vdev_gpio_observer_t)(void *arg, unsigned pin, int level, sim_time_t t);
void vdev_gpio_set_observer(vdev_gpio_t *g, vdev_gpio_observer_t fn, void *arg);

#ifdef __cplusplus
}
#endif

#endif /* VDEV_GPIO_H */
