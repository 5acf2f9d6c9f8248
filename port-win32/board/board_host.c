/*
 * The Win32 simulator board's part of main() (board_host.h): standard output and error in
 * binary mode (no "\r\n" translation) and the program named as on Linux, so a program prints
 * the same bytes as the POSIX build. The board has no virtual devices yet (docs/windows.md):
 * their options are refused.
 */
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <string.h>

#include "board/board_host.h"

/* The program's name without directory or ".exe", as the POSIX board shows it. */
static char *program_name(char *argv0)
{
    char *name = argv0;
    for (char *p = argv0; *p; p++) {
        if (*p == '/' || *p == '\\') {
            name = p + 1;
        }
    }
    size_t n = strlen(name);
    if (n > 4 && _stricmp(name + n - 4, ".exe") == 0) {
        name[n - 4] = '\0';
    }
    return name;
}

void board_host_start(int argc, char **argv)
{
    _setmode(_fileno(stdout), _O_BINARY);
    _setmode(_fileno(stderr), _O_BINARY);
    if (argc > 0 && argv[0]) {
        argv[0] = program_name(argv[0]);
    }
}

int board_devices_open(const sim_options_t *opts, const char *argv0)
{
    if ((opts->uart0 && strcmp(opts->uart0, "stdio") != 0) || opts->flash_path || opts->gpio_log) {
        fprintf(stderr, "%s: --uart0, --flash and --gpio-log are not available on the Win32 "
                "board yet (docs/windows.md)\n", argv0);
        return 2;
    }
    return 0;
}

void board_devices_reset(void)
{
}

void board_devices_close(void)
{
}
