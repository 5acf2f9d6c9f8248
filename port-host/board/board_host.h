/*
 * What the simulator board's main() (port-host/board/main.c) needs from each host port's
 * board (port-posix/board/board_host.c, port-win32/board/board_host.c).
 */
#ifndef PORT_HOST_BOARD_HOST_H
#define PORT_HOST_BOARD_HOST_H

#include "sim/options.h"

/* First thing in main(): the host's standard streams and the program's name in argv[0] as the
   simulator options and messages show it (Windows: binary stdio, "hello" for
   "C:\dir\hello.exe"). */
void board_host_start(int argc, char **argv);

/* The board's virtual devices and their host ends as the options ask (--uart0, --flash,
   --gpio-log), before the machine runs: 0, or the exit status for main() (the reason said on
   stderr). */
int  board_devices_open(const sim_options_t *opts, const char *argv0);
/* Machine reset, after cpu_reset(): the devices to their reset state. */
void board_devices_reset(void);
/* End of the run: the devices' host ends flushed and closed. */
void board_devices_close(void);

#endif /* PORT_HOST_BOARD_HOST_H */
