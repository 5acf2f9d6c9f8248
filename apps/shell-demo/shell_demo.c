/*
 * shell-demo: the Sprig shell on the console UART, with two commands of the app's own and a
 * button that toggles an LED. Try `help`, `ps`, `free`, `uptime`, `gpio`, `led 1 on`.
 *
 *   ./shell-demo                      shell on this terminal
 *   ./shell-demo --uart0=pty          shell on a pty (picocom PATH)
 *   ./shell-demo --script=FILE        typed input and expectations (docs/simulator.md)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tos_k.h"
#include "tos_shell.h"

#include "hal.h"

#define BUTTON_STK_SIZE 2048u

static char      line[80];
static k_sem_t   button_sem;
static k_task_t  button_task;
static k_stack_t button_stk[BUTTON_STK_SIZE];

static void console_out(const char ch)
{
    hal_uart_write(HAL_UART_CONSOLE, &ch, 1u, HAL_WAIT_FOREVER);
}

/* Every received chunk goes to the shell, from the UART's interrupt. */
static void console_in(void *arg, const uint8_t *data, size_t len)
{
    (void)arg;
    for (size_t i = 0; i < len; i++) {
        tos_shell_input_byte(data[i]);
    }
}

/* led N on|off|toggle */
static int cmd_led(int argc, char *argv[])
{
    char *end;
    unsigned long n = argc == 3 ? strtoul(argv[1], &end, 10) : BOARD_LED_COUNT;
    if (argc != 3 || *end || n >= BOARD_LED_COUNT) {
        tos_shell_printfln("usage: led 0..%u on|off|toggle", BOARD_LED_COUNT - 1u);
        return -1;
    }
    unsigned pin = BOARD_LED0 + (unsigned)n;
    int level;
    if (strcmp(argv[2], "on") == 0) {
        level = BOARD_LED_ON;
    } else if (strcmp(argv[2], "off") == 0) {
        level = !BOARD_LED_ON;
    } else if (strcmp(argv[2], "toggle") == 0) {
        level = !hal_gpio_read(pin);
    } else {
        tos_shell_printfln("led: '%s' is not on, off or toggle", argv[2]);
        return -1;
    }
    hal_gpio_write(pin, level);
    tos_shell_printfln("led%lu %s", n, level == BOARD_LED_ON ? "on" : "off");
    return 0;
}

/* echo WORDS... */
static int cmd_echo(int argc, char *argv[])
{
    for (int i = 1; i < argc; i++) {
        tos_shell_printf(i > 1 ? " %s" : "%s", argv[i]);
    }
    tos_shell_printfln("%s", "");
    return 0;
}

static const shell_cmd_t demo_commands[] = {
    { "led",  cmd_led,  "led N on|off|toggle: switch an LED" },
    { "echo", cmd_echo, "echo WORDS: print the words" },
    { K_NULL, K_NULL,   K_NULL },
};

static shell_cmd_set_t demo_set = {
    .list     = TOS_SLIST_NODE(dummy),
    .commands = demo_commands,
};

static void button_pressed(void *arg, unsigned pin, int level)
{
    (void)arg;
    (void)pin;
    if (level == BOARD_BUTTON_PRESSED) {
        tos_sem_post(&button_sem);
    }
}

/* button0 toggles led0 */
static void button_entry(void *arg)
{
    (void)arg;
    for (;;) {
        tos_sem_pend(&button_sem, TOS_TIME_FOREVER);
        int on = hal_gpio_toggle(BOARD_LED0) == BOARD_LED_ON;
        tos_shell_printfln("\r\nbutton0: led0 %s", on ? "on" : "off");
    }
}

void application_entry(void *arg)
{
    (void)arg;
    if (hal_uart_open(HAL_UART_CONSOLE, NULL) != HAL_OK ||
        hal_uart_set_rx_callback(HAL_UART_CONSOLE, console_in, NULL) != HAL_OK) {
        printf("shell-demo: cannot open the console UART\n");
        board_exit(1);
    }
    for (unsigned i = 0; i < BOARD_LED_COUNT; i++) {
        hal_gpio_config(BOARD_LED0 + i, HAL_GPIO_OUTPUT, HAL_GPIO_PULL_NONE);
    }
    hal_gpio_config(BOARD_BUTTON0, HAL_GPIO_INPUT, HAL_GPIO_PULL_UP);
    tos_sem_create(&button_sem, 0u);
    hal_gpio_irq_attach(BOARD_BUTTON0, HAL_GPIO_EDGE_BOTH, button_pressed, NULL);
    tos_task_create(&button_task, "button", button_entry, K_NULL, 5u, button_stk,
                    BUTTON_STK_SIZE, 0u);

    printf("Sprig shell demo: type 'help'\n");
    if (tos_shell_init(line, sizeof line, console_out, &demo_set) != 0) {
        printf("shell-demo: cannot start the shell\n");
        board_exit(1);
    }
}
