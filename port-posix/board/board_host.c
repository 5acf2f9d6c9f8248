/*
 * The POSIX simulator board's part of main() (board_host.h): the virtual devices of the HAL
 * (port-posix/hal_board.c) and their host ends.
 */
#include "board/board_host.h"
#include "hal_sim_board.h"

void board_host_start(int argc, char **argv)
{
    (void)argc;
    (void)argv;
}

int board_devices_open(const sim_options_t *opts, const char *argv0)
{
    return hal_sim_board_open_for(opts, argv0) != 0 ? 1 : 0;
}

void board_devices_reset(void)
{
    hal_sim_board_reset();
}

void board_devices_close(void)
{
    hal_sim_board_close();
}
