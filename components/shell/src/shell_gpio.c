/*
 * The shell's `gpio` command, on the HAL (hal_gpio.h). Pins are numbers or the board's names
 * (led0, button2) from hal_board.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hal.h"

#include "shell_internal.h"

/* A pin number from "12", "led1" or "button0"; -1 if none. */
static int parse_pin(const char *s)
{
    unsigned base = 0, count = HAL_GPIO_PIN_COUNT;
    const char *num = s;
    if (strncmp(s, "led", 3) == 0) {
        base = BOARD_LED0;
        count = BOARD_LED_COUNT;
        num = s + 3;
    } else if (strncmp(s, "button", 6) == 0) {
        base = BOARD_BUTTON0;
        count = BOARD_BUTTON_COUNT;
        num = s + 6;
    }
    char *end;
    if (*num < '0' || *num > '9') {
        return -1;
    }
    unsigned long v = strtoul(num, &end, 10);
    if (*end || v >= count) {
        return -1;
    }
    return (int)(base + v);
}

static void name_of(unsigned pin, char *buf, size_t n)
{
    if (pin - BOARD_LED0 < BOARD_LED_COUNT) {           /* (unsigned: below wraps) */
        snprintf(buf, n, "led%u", pin - BOARD_LED0);
    } else if (pin - BOARD_BUTTON0 < BOARD_BUTTON_COUNT) {
        snprintf(buf, n, "button%u", pin - BOARD_BUTTON0);
    } else {
        snprintf(buf, n, "pin%u", pin);
    }
}

static int list_board_pins(void)
{
    char name[16];
    for (unsigned i = 0; i < BOARD_LED_COUNT; i++) {
        int level = hal_gpio_read(BOARD_LED0 + i);
        name_of(BOARD_LED0 + i, name, sizeof name);
        tos_shell_printfln("%-8s pin %-2u %s", name, BOARD_LED0 + i,
                           level == BOARD_LED_ON ? "on" : "off");
    }
    for (unsigned i = 0; i < BOARD_BUTTON_COUNT; i++) {
        int level = hal_gpio_read(BOARD_BUTTON0 + i);
        name_of(BOARD_BUTTON0 + i, name, sizeof name);
        tos_shell_printfln("%-8s pin %-2u %s", name, BOARD_BUTTON0 + i,
                           level == BOARD_BUTTON_PRESSED ? "pressed" : "released");
    }
    return 0;
}

static int usage(void)
{
    tos_shell_printfln("usage: gpio [read PIN | write PIN 0|1 | toggle PIN | "
                       "mode PIN in|out|od [none|up|down]]");
    return -1;
}

static int fail(const char *what, const char *pin_text, int rc)
{
    if (rc == HAL_ESTATE) {
        tos_shell_printfln("gpio: %s: %s is not an output (gpio mode %s out)", what, pin_text,
                           pin_text);
    } else {
        tos_shell_printfln("gpio: %s: %s", what, hal_strerror(rc));
    }
    return -1;
}

int shell_cmd_gpio(int argc, char *argv[])
{
    if (argc == 1) {
        return list_board_pins();
    }
    if (argc < 3) {
        return usage();
    }
    const char *op = argv[1];
    int pin = parse_pin(argv[2]);
    if (pin < 0) {
        tos_shell_printfln("gpio: no pin '%s' (0..%u, led0..%u, button0..%u)", argv[2],
                           HAL_GPIO_PIN_COUNT - 1u, BOARD_LED_COUNT - 1u,
                           BOARD_BUTTON_COUNT - 1u);
        return -1;
    }
    char name[16];
    name_of((unsigned)pin, name, sizeof name);
    if (strcmp(op, "read") == 0 && argc == 3) {
        int level = hal_gpio_read((unsigned)pin);
        if (level < 0) {
            return fail("read", argv[2], level);
        }
        tos_shell_printfln("%s: %d", name, level);
        return 0;
    }
    if (strcmp(op, "toggle") == 0 && argc == 3) {
        int level = hal_gpio_toggle((unsigned)pin);
        if (level < 0) {
            return fail("toggle", argv[2], level);
        }
        tos_shell_printfln("%s: %d", name, level);
        return 0;
    }
    if (strcmp(op, "write") == 0 && argc == 4) {
        if (strcmp(argv[3], "0") != 0 && strcmp(argv[3], "1") != 0) {
            return usage();
        }
        int rc = hal_gpio_write((unsigned)pin, argv[3][0] == '1');
        if (rc != HAL_OK) {
            return fail("write", argv[2], rc);
        }
        tos_shell_printfln("%s: %c", name, argv[3][0]);
        return 0;
    }
    if (strcmp(op, "mode") == 0 && (argc == 4 || argc == 5)) {
        hal_gpio_mode_t mode;
        hal_gpio_pull_t pull = HAL_GPIO_PULL_NONE;
        if (strcmp(argv[3], "in") == 0) {
            mode = HAL_GPIO_INPUT;
        } else if (strcmp(argv[3], "out") == 0) {
            mode = HAL_GPIO_OUTPUT;
        } else if (strcmp(argv[3], "od") == 0) {
            mode = HAL_GPIO_OUTPUT_OPEN_DRAIN;
        } else {
            return usage();
        }
        if (argc == 5) {
            if (strcmp(argv[4], "up") == 0) {
                pull = HAL_GPIO_PULL_UP;
            } else if (strcmp(argv[4], "down") == 0) {
                pull = HAL_GPIO_PULL_DOWN;
            } else if (strcmp(argv[4], "none") != 0) {
                return usage();
            }
        }
        int rc = hal_gpio_config((unsigned)pin, mode, pull);
        if (rc != HAL_OK) {
            return fail("mode", argv[2], rc);
        }
        tos_shell_printfln("%s: mode %s", name, argv[3]);
        return 0;
    }
    return usage();
}
