/*
 * uart_echo: reads lines from the console UART through the HAL and answers each with the
 * kernel tick at which it arrived and the line in capitals. "quit" ends the run (exit 0).
 * The system tests drive it through every host end of uart0 (stdio, pty, tcp, file).
 *
 * The port runs at 9600 baud so the arrival ticks show the line rate: a character takes
 * 1.0417 ms, so "hello\n" from an input file completes at 6.25 ms, tick 6.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "tos_k.h"

#include "hal.h"

static void reply(const char *line, k_tick_t tick)
{
    char out[160];
    int n = snprintf(out, sizeof out, "[%6lu] ", (unsigned long)tick);
    for (const char *p = line; *p && n < (int)sizeof out - 2; p++) {
        out[n++] = (char)toupper((unsigned char)*p);
    }
    out[n++] = '\n';
    hal_uart_write(HAL_UART_CONSOLE, out, (size_t)n, HAL_WAIT_FOREVER);
}

void application_entry(void *arg)
{
    hal_uart_config_t cfg = HAL_UART_CONFIG_DEFAULT;
    char line[128];
    size_t len = 0;

    (void)arg;
    cfg.baud = 9600u;
    if (hal_uart_open(HAL_UART_CONSOLE, &cfg) != HAL_OK) {
        printf("cannot open the console UART\n");
        board_exit(1);
    }
    printf("echo ready\n");     /* printf goes out through uart0 too */
    for (;;) {
        uint8_t buf[32];
        int n = hal_uart_read(HAL_UART_CONSOLE, buf, sizeof buf, HAL_WAIT_FOREVER);
        for (int i = 0; i < n; i++) {
            char c = (char)buf[i];
            if (c != '\n' && c != '\r') {
                if (len < sizeof line - 1) {
                    line[len++] = c;
                }
                continue;
            }
            if (len == 0) {
                continue;
            }
            line[len] = '\0';
            len = 0;
            reply(line, tos_systick_get());
            if (strcmp(line, "quit") == 0) {
                hal_uart_flush(HAL_UART_CONSOLE, HAL_WAIT_FOREVER);
                board_exit(0);
            }
        }
    }
}
