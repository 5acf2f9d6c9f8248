/*
 * The HAL cases' board glue for the simulator (see hal_test.h). The board is set up once, at
 * the first machine reset: uart0 in loopback, uart1 on files (input written here), the flash
 * in memory, the GPIO log in a file. Every case then starts from a machine reset, which also
 * resets the devices and the HAL (ktest_port_reset is wrapped).
 */
#define _GNU_SOURCE     /* mkdtemp */
#include "hal_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hal_sim_board.h"

#include "sim/clock.h"

static const char far_input[] = "first line\nsecond line\n";
static char dir[64];
static char in_path[128];
static char out_path[128];
static char log_path[128];

static void setup_board(void)
{
    char spec[300];
    char err[512];
    hal_sim_board_config_t cfg;

    snprintf(dir, sizeof dir, "/tmp/sprig-hal-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        abort();
    }
    snprintf(in_path, sizeof in_path, "%s/uart1.in", dir);
    snprintf(out_path, sizeof out_path, "%s/uart1.out", dir);
    snprintf(log_path, sizeof log_path, "%s/gpio.log", dir);
    FILE *f = fopen(in_path, "w");
    if (!f || fputs(far_input, f) < 0 || fclose(f) != 0) {
        perror(in_path);
        abort();
    }
    snprintf(spec, sizeof spec, "file:in=%s,out=%s", in_path, out_path);
    memset(&cfg, 0, sizeof cfg);
    cfg.prog = "hal_tests";
    cfg.uart[0] = "loopback";
    cfg.uart[1] = spec;
    cfg.gpio_log = log_path;
    if (hal_sim_board_open(&cfg, err, sizeof err) != 0) {
        fprintf(stderr, "hal_tests: %s\n", err);
        abort();
    }
}

void __real_ktest_port_reset(void);
void __wrap_ktest_port_reset(void);
void __wrap_ktest_port_reset(void)
{
    if (!hal_sim_board_is_open()) {
        setup_board();
    }
    __real_ktest_port_reset();
    hal_sim_board_reset();
}

uint64_t hal_test_now_ns(void)
{
    return sim_clock_now();
}

void hal_test_gpio_drive_at(unsigned pin, int level, uint32_t delay_us)
{
    TOS_CPU_CPSR_ALLOC();
    TOS_CPU_INT_DISABLE();
    vdev_gpio_drive_at(hal_sim_gpio(), pin, level < 0 ? VDEV_GPIO_RELEASE : level,
                       sim_clock_now() + SIM_US(delay_us));
    TOS_CPU_INT_ENABLE();
}

static size_t read_file(const char *path, char *buf, size_t size)
{
    size_t n = 0;
    FILE *f = fopen(path, "r");
    if (f) {
        n = fread(buf, 1, size - 1, f);
        fclose(f);
    }
    buf[n] = '\0';
    return n;
}

size_t hal_test_gpio_log(char *buf, size_t size)
{
    return read_file(log_path, buf, size);
}

static uint8_t complement(void *ctx, uint8_t mosi, unsigned mode)
{
    (void)ctx;
    (void)mode;
    return (uint8_t)~mosi;
}

static const vdev_spi_peer_t complement_peer = { NULL, complement };

void hal_test_spi_attach_complement(unsigned bus, unsigned cs)
{
    vdev_spi_attach(hal_sim_spi(bus), cs, &complement_peer, NULL);
}

const char *hal_test_uart_far_input(void)
{
    return far_input;
}

size_t hal_test_uart_far_output(char *buf, size_t size)
{
    return read_file(out_path, buf, size);
}
