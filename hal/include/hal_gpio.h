/*
 * Sprig HAL: GPIO pins.
 *
 * Pins are numbered 0..HAL_GPIO_PIN_COUNT-1 (hal_board.h, which also names the board's LEDs
 * and buttons: BOARD_LED0, BOARD_BUTTON0, ... and their active levels). After reset every pin
 * is an input without pull. Levels are 0 and 1. Every call works in any context and never
 * blocks.
 *
 * Edge interrupts: hal_gpio_irq_attach() registers a callback for rising, falling or both
 * edges of a pin and enables it. The callback runs in ISR context with the pin's level at the
 * time the handler looks (after a fast bounce it may already have changed back). Edges that
 * happen while the callback is disabled are forgotten; edges that happen while an earlier one
 * is still pending are merged into one call.
 */
#ifndef HAL_GPIO_H
#define HAL_GPIO_H

#include <stdbool.h>

#include "hal_err.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    HAL_GPIO_INPUT = 0,
    HAL_GPIO_OUTPUT,                /* push-pull */
    HAL_GPIO_OUTPUT_OPEN_DRAIN,     /* drives 0, floats for 1 */
} hal_gpio_mode_t;

typedef enum {
    HAL_GPIO_PULL_NONE = 0,
    HAL_GPIO_PULL_UP,
    HAL_GPIO_PULL_DOWN,
} hal_gpio_pull_t;

typedef enum {
    HAL_GPIO_EDGE_RISING = 1,
    HAL_GPIO_EDGE_FALLING = 2,
    HAL_GPIO_EDGE_BOTH = 3,
} hal_gpio_edge_t;

/* An edge on `pin`, in ISR context; `level` is the pin's level now. */
typedef void (*hal_gpio_cb_t)(void *arg, unsigned pin, int level);

/* Set a pin's direction and pull. An output keeps the level last written (0 after reset).
   HAL_OK; HAL_ENODEV (no such pin); HAL_EINVAL (mode or pull invalid). */
int hal_gpio_config(unsigned pin, hal_gpio_mode_t mode, hal_gpio_pull_t pull);

/* Drive an output pin to `level` (0, or anything else for 1).
   HAL_OK; HAL_ENODEV; HAL_ESTATE (the pin is not an output). */
int hal_gpio_write(unsigned pin, int level);

/* The level on the pin (for an output, the level it drives).
   0 or 1; HAL_ENODEV. */
int hal_gpio_read(unsigned pin);

/* Invert an output pin. Returns the new level (0 or 1); HAL_ENODEV; HAL_ESTATE. */
int hal_gpio_toggle(unsigned pin);

/* Call `cb` on the given edges of `pin` and enable it (replacing an earlier callback).
   HAL_OK; HAL_ENODEV; HAL_EINVAL (cb NULL, edge invalid). */
int hal_gpio_irq_attach(unsigned pin, hal_gpio_edge_t edge, hal_gpio_cb_t cb, void *arg);

/* Remove the pin's callback (edge detection off). HAL_OK; HAL_ENODEV. */
int hal_gpio_irq_detach(unsigned pin);

/* Enable or disable the pin's edge interrupt without removing the callback.
   HAL_OK; HAL_ENODEV; HAL_ESTATE (no callback attached). */
int hal_gpio_irq_enable(unsigned pin, bool enable);

#ifdef __cplusplus
}
#endif

#endif /* HAL_GPIO_H */
