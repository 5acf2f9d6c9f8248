/*
 * The simulator board: its devices, their host ends, the console, machine reset, and the wait
 * primitives the HAL drivers share. See include/hal_sim_board.h and hal_sim.h.
 *
 * The console: with `console` set, stdout becomes a stream whose bytes go out through uart0
 * (vdev_uart_console_write), as printf goes to the console UART on a board. Nothing changes for
 * an app with the default --uart0=stdio (uart0's host end is stdout, written synchronously),
 * but with --uart0=pty or tcp:PORT the app's printf output appears there, in order with what
 * the app writes through hal_uart_write. stdout is unbuffered so every printf reaches the UART
 * when it is made, in virtual time.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu.h"
#include "hal_sim.h"
#include "sim_board/irq_map.h"

#include "sim/bus.h"
#include "sim/ioloop.h"
#include "sim/options.h"

static const char *const uart_names[HAL_UART_COUNT] = { "uart0", "uart1" };
static const char *const led_names[BOARD_LED_COUNT] = { "led0", "led1", "led2", "led3" };
static const char *const button_names[BOARD_BUTTON_COUNT] = {
    "button0", "button1", "button2", "button3"
};

static struct {
    bool           open;
    sim_io_chan_t *chan[HAL_UART_COUNT];
    vdev_uart_t   *uart[HAL_UART_COUNT];
    vdev_gpio_t   *gpio;
    vdev_spi_t    *spi;
    vdev_flash_t  *flash;
    vdev_timer_t  *timer;
    vdev_rng_t    *rng;
    FILE          *gpio_log;        /* opened by us (closed at the end) */
    FILE          *console;
    FILE          *saved_stdout;
} board;

/* ---- host work accounting for the device models ---- */

static unsigned   host_depth;
static cpu_cpsr_t host_cpsr;

static void host_work_enter(void)
{
    cpu_cpsr_t s = port_cpsr_save();
    if (host_depth++ == 0u) {
        host_cpsr = s;
    }
    cpu_host_enter();
}

static void host_work_exit(void)
{
    cpu_host_exit();
    if (--host_depth == 0u) {
        port_cpsr_restore(host_cpsr);
    }
}

/* ---- the console ---- */

void hal_sim_console_write(const void *buf, size_t n)
{
    if (board.uart[HAL_UART_CONSOLE]) {
        cpu_cpsr_t s = port_cpsr_save();
        vdev_uart_console_write(board.uart[HAL_UART_CONSOLE], buf, n);
        port_cpsr_restore(s);
    }
}

static ssize_t console_cookie_write(void *cookie, const char *buf, size_t n)
{
    (void)cookie;
    hal_sim_console_write(buf, n);
    return (ssize_t)n;
}

static int console_attach(void)
{
    cookie_io_functions_t fns;
    memset(&fns, 0, sizeof fns);
    fns.write = console_cookie_write;
    board.console = fopencookie(NULL, "w", fns);
    if (!board.console) {
        return -1;
    }
    setvbuf(board.console, NULL, _IONBF, 0);
    fflush(stdout);
    board.saved_stdout = stdout;
    stdout = board.console;
    return 0;
}

static void console_detach(void)
{
    if (!board.console) {
        return;
    }
    fflush(stdout);
    stdout = board.saved_stdout;
    fclose(board.console);
    board.console = NULL;
}

/* ---- set-up ---- */

static int open_uart(unsigned i, const char *spec_text, const hal_sim_board_config_t *cfg,
                     char *err, size_t errlen)
{
    sim_io_spec_t spec;
    char why[256];
    if (sim_io_spec_parse(spec_text, &spec, why, sizeof why) != 0) {
        snprintf(err, errlen, "%s: bad backend '%s': %s", uart_names[i], spec_text, why);
        return -1;
    }
    board.chan[i] = sim_io_chan_open(&spec, uart_names[i], err, errlen);
    if (!board.chan[i]) {
        return -1;
    }
    board.uart[i] = vdev_uart_create(uart_names[i], board.chan[i]);
    if (!board.uart[i]) {
        snprintf(err, errlen, "%s: cannot attach to the device bus", uart_names[i]);
        return -1;
    }
    if (cfg->announce && (spec.kind == SIM_IO_PTY || spec.kind == SIM_IO_TCP)) {
        fprintf(stderr, "%s: %s is %s\n", cfg->prog ? cfg->prog : "sprig", uart_names[i],
                sim_io_chan_describe(board.chan[i]));
    }
    return 0;
}

static int open_devices(const hal_sim_board_config_t *cfg, char *err, size_t errlen)
{
    for (unsigned i = 0; i < HAL_UART_COUNT; i++) {
        const char *spec = cfg->uart[i] ? cfg->uart[i] : (i == 0u ? "stdio" : "none");
        if (open_uart(i, spec, cfg, err, errlen) != 0) {
            return -1;
        }
    }

    board.gpio = vdev_gpio_create("gpio0", HAL_GPIO_PIN_COUNT);
    if (!board.gpio) {
        snprintf(err, errlen, "gpio0: cannot attach to the device bus");
        return -1;
    }
    for (unsigned i = 0; i < BOARD_LED_COUNT; i++) {
        vdev_gpio_wire(board.gpio, BOARD_LED0 + i, led_names[i], VDEV_GPIO_WIRE_LED,
                       BOARD_LED_ON, VDEV_GPIO_PULL_NONE);
    }
    for (unsigned i = 0; i < BOARD_BUTTON_COUNT; i++) {
        vdev_gpio_wire(board.gpio, BOARD_BUTTON0 + i, button_names[i], VDEV_GPIO_WIRE_BUTTON,
                       BOARD_BUTTON_PRESSED, VDEV_GPIO_PULL_UP);
    }
    if (cfg->gpio_log && strcmp(cfg->gpio_log, "none") == 0) {
        vdev_gpio_set_log(board.gpio, NULL);
    } else if (cfg->gpio_log) {
        board.gpio_log = fopen(cfg->gpio_log, "w");
        if (!board.gpio_log) {
            snprintf(err, errlen, "cannot write GPIO log '%s': %s", cfg->gpio_log,
                     strerror(errno));
            return -1;
        }
        vdev_gpio_set_log(board.gpio, board.gpio_log);
    }

    board.spi = vdev_spi_create("spi0", HAL_SPI_CS_COUNT);
    vdev_flash_geometry_t geo = { HAL_FLASH_SIZE, HAL_FLASH_SECTOR_SIZE, HAL_FLASH_PAGE_SIZE };
    board.flash = vdev_flash_create("flash0", &geo, cfg->flash_path, err, errlen);
    if (!board.flash) {
        return -1;
    }
    board.timer = vdev_timer_create("timer0", HAL_TIMER_COUNT);
    board.rng = vdev_rng_create("rng0");
    if (!board.spi || !board.timer || !board.rng) {
        snprintf(err, errlen, "cannot attach the devices to the device bus");
        return -1;
    }
    return 0;
}

int hal_sim_board_open(const hal_sim_board_config_t *cfg, char *err, size_t errlen)
{
    if (board.open) {
        snprintf(err, errlen, "the board is already set up");
        return -1;
    }
    sim_bus_configure(SIM_IRQ_BUS, SIM_IRQ_DEVICE_BASE, SIM_IRQ_DEVICE_COUNT);
    sim_bus_set_host_work(host_work_enter, host_work_exit);
    board.open = true;
    if (open_devices(cfg, err, errlen) != 0 || sim_io_start(err, errlen) != 0) {
        hal_sim_board_close();
        return -1;
    }
    if (cfg->console && console_attach() != 0) {
        snprintf(err, errlen, "cannot set up the console: %s", strerror(errno));
        hal_sim_board_close();
        return -1;
    }
    return 0;
}

int hal_sim_board_open_for(const sim_options_t *opts, const char *argv0)
{
    const char *slash = argv0 ? strrchr(argv0, '/') : NULL;
    const char *prog = slash ? slash + 1 : (argv0 ? argv0 : "sprig");
    hal_sim_board_config_t cfg;
    char err[512];

    memset(&cfg, 0, sizeof cfg);
    cfg.prog = prog;
    cfg.uart[0] = opts->uart0;
    cfg.flash_path = opts->flash_path;
    cfg.gpio_log = opts->gpio_log;
    cfg.console = true;
    cfg.announce = true;
    if (hal_sim_board_open(&cfg, err, sizeof err) != 0) {
        fprintf(stderr, "%s: %s\n", prog, err);
        return -1;
    }
    if (opts->script_path &&
        hal_sim_script_open(opts->script_path, opts->stop_at, err, sizeof err) != 0) {
        fprintf(stderr, "%s: %s\n", prog, err);
        hal_sim_board_close();
        return -1;
    }
    return 0;
}

bool hal_sim_board_is_open(void)
{
    return board.open;
}

void hal_sim_board_reset(void)
{
    if (!board.open) {
        return;
    }
    sim_bus_reset();
    hal_sim_uart_reset();
    hal_sim_gpio_reset();
    hal_sim_spi_reset();
    hal_sim_flash_reset();
    hal_sim_timer_reset();
    hal_sim_script_reset();
}

void hal_sim_board_close(void)
{
    if (!board.open) {
        return;
    }
    console_detach();
    hal_sim_script_close();
    sim_bus_shutdown();
    sim_io_stop();
    for (unsigned i = 0; i < HAL_UART_COUNT; i++) {
        vdev_uart_destroy(board.uart[i]);
        board.uart[i] = NULL;
    }
    vdev_gpio_destroy(board.gpio);
    vdev_spi_destroy(board.spi);
    vdev_flash_destroy(board.flash);
    vdev_timer_destroy(board.timer);
    vdev_rng_destroy(board.rng);
    board.gpio = NULL;
    board.spi = NULL;
    board.flash = NULL;
    board.timer = NULL;
    board.rng = NULL;
    for (unsigned i = 0; i < HAL_UART_COUNT; i++) {
        sim_io_chan_close(board.chan[i]);
        board.chan[i] = NULL;
    }
    if (board.gpio_log) {
        fclose(board.gpio_log);
        board.gpio_log = NULL;
    }
    sim_bus_set_host_work(NULL, NULL);
    board.open = false;
}

vdev_uart_t *hal_sim_uart(unsigned port)
{
    return port < HAL_UART_COUNT ? board.uart[port] : NULL;
}

vdev_gpio_t *hal_sim_gpio(void)
{
    return board.gpio;
}

vdev_spi_t *hal_sim_spi(unsigned bus)
{
    return bus == 0u ? board.spi : NULL;
}

vdev_flash_t *hal_sim_flash(unsigned dev)
{
    return dev == 0u ? board.flash : NULL;
}

vdev_timer_t *hal_sim_timer(void)
{
    return board.timer;
}

vdev_rng_t *hal_sim_rng(void)
{
    return board.rng;
}

void board_exit(int code)
{
    fflush(stdout);
    cpu_halt(hal_sim_script_exit_code(code & 0xff));
}

/* ---- waiting ---- */

void hal_wait_init(hal_wait_t *w)
{
    pend_object_init(&w->pend);
}

bool hal_wait_has_waiters(const hal_wait_t *w)
{
    return !pend_is_nopending(&w->pend);
}

void hal_deadline_init(hal_deadline_t *d, uint32_t timeout_ms)
{
    d->forever = timeout_ms == HAL_WAIT_FOREVER;
    if (!d->forever) {
        uint64_t ticks = ((uint64_t)timeout_ms * TOS_CFG_CPU_TICK_PER_SECOND + 999u) / 1000u;
        d->deadline = tick_now() + (k_tick_t)ticks;
    }
}

int hal_can_block(void)
{
    if (port_in_isr() || knl_is_inirq() || !tos_knl_is_running() || knl_is_sched_locked()) {
        return HAL_ECONTEXT;
    }
    return HAL_OK;
}

int hal_wait_block(hal_wait_t *w, const hal_deadline_t *d, cpu_cpsr_t cpsr,
                   void (*armed)(void *arg), void *arg)
{
    k_tick_t timeout = TOS_TIME_FOREVER;
    if (!d->forever) {
        k_tick_t now = tick_now();
        if ((k_stick_t)(d->deadline - now) <= 0) {
            return HAL_ETIMEOUT;
        }
        timeout = d->deadline - now;
    }
    pend_task_block(k_curr_task, &w->pend, timeout);
    if (armed) {
        armed(arg);
    }
    port_cpsr_restore(cpsr);
    knl_sched();
    (void)port_cpsr_save();
    return HAL_OK;
}

void hal_wait_wake(hal_wait_t *w)
{
    pend_wakeup_all(&w->pend, PEND_STATE_POST);
}

void hal_lock_init(hal_lock_t *l)
{
    l->owner = NULL;
    hal_wait_init(&l->wait);
}

int hal_lock_take(hal_lock_t *l, const hal_deadline_t *d)
{
    if (port_in_isr() || knl_is_inirq()) {
        return HAL_ECONTEXT;
    }
    if (!tos_knl_is_running()) {
        return HAL_OK;          /* no tasks yet: nobody to exclude */
    }
    cpu_cpsr_t cpsr = port_cpsr_save();
    while (l->owner && l->owner != k_curr_task) {
        if (knl_is_sched_locked()) {
            port_cpsr_restore(cpsr);
            return HAL_ECONTEXT;
        }
        if (hal_wait_block(&l->wait, d, cpsr, NULL, NULL) != HAL_OK) {
            port_cpsr_restore(cpsr);
            return HAL_ETIMEOUT;
        }
    }
    l->owner = k_curr_task;
    port_cpsr_restore(cpsr);
    return HAL_OK;
}

void hal_lock_give(hal_lock_t *l)
{
    if (!tos_knl_is_running()) {
        return;
    }
    cpu_cpsr_t cpsr = port_cpsr_save();
    l->owner = NULL;
    bool waiters = hal_wait_has_waiters(&l->wait);
    hal_wait_wake(&l->wait);
    port_cpsr_restore(cpsr);
    if (waiters) {
        knl_sched();
    }
}
