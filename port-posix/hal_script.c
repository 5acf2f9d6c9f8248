/*
 * --script on the simulator board: binds the script (sim/script.h) to the board's UARTs and
 * buttons, feeds it what the UARTs transmit, and makes a script that is still waiting on an
 * expectation fail the run when the run ends (--stop-at, board_exit).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <string.h>

#include "cpu.h"
#include "hal_sim.h"

#include "sim/script.h"

static const char *const uart_names[HAL_UART_COUNT] = { "uart0", "uart1" };
static const char *const button_names[BOARD_BUTTON_COUNT] = {
    "button0", "button1", "button2", "button3"
};

static sim_script_t *script;
static sim_time_t    run_end;           /* --stop-at, SIM_TIME_NEVER if none */
static sim_event_t   end_ev;

static int find(void *ctx, sim_script_target_kind_t kind, const char *name)
{
    (void)ctx;
    unsigned n = kind == SIM_SCRIPT_UART ? HAL_UART_COUNT : BOARD_BUTTON_COUNT;
    const char *const *names = kind == SIM_SCRIPT_UART ? uart_names : button_names;
    for (unsigned i = 0; i < n; i++) {
        if (strcmp(names[i], name) == 0) {
            return (int)i;
        }
    }
    return -1;
}

static void send(void *ctx, int uart, const uint8_t *data, size_t n)
{
    (void)ctx;
    vdev_uart_inject(hal_sim_uart((unsigned)uart), data, n);
}

static void button(void *ctx, int id, bool pressed)
{
    (void)ctx;
    unsigned pin = BOARD_BUTTON0 + (unsigned)id;
    if (pressed) {
        vdev_gpio_press(hal_sim_gpio(), pin);
    } else {
        vdev_gpio_release(hal_sim_gpio(), pin);
    }
}

static void stop(void *ctx, int code)
{
    (void)ctx;
    fflush(stdout);
    cpu_halt(code);
}

static void uart_tx(void *arg, const uint8_t *data, size_t n, sim_time_t start)
{
    (void)start;
    sim_script_uart_output(script, (int)(intptr_t)arg, data, n);
}

/* Ahead of the stop-at event itself (scheduled earlier for the same time). */
static void run_ends(void *arg)
{
    (void)arg;
    if (sim_script_finish(script) != 0) {
        stop(NULL, 1);
    }
}

int hal_sim_script_open(const char *path, sim_time_t end, char *err, size_t errlen)
{
    static const sim_script_binding_t binding = { NULL, find, send, button, stop };
    script = sim_script_load(path, err, errlen);
    if (!script) {
        return -1;
    }
    if (sim_script_bind(script, &binding, err, errlen) != 0) {
        hal_sim_script_close();
        return -1;
    }
    run_end = end;
    return 0;
}

void hal_sim_script_reset(void)
{
    if (!script) {
        return;
    }
    for (unsigned i = 0; i < HAL_UART_COUNT; i++) {
        vdev_uart_set_tx_observer(hal_sim_uart(i), uart_tx, (void *)(intptr_t)i);
    }
    sim_script_start(script, stderr);
    if (run_end != SIM_TIME_NEVER) {
        sim_event_init(&end_ev, "script-end", run_ends, NULL);
        sim_event_schedule(&end_ev, run_end);
    }
}

int hal_sim_script_exit_code(int code)
{
    if (script && sim_script_finish(script) != 0 && code == 0) {
        return 1;
    }
    return code;
}

void hal_sim_script_close(void)
{
    sim_script_free(script);
    script = NULL;
}
