/*
 * newlib system calls for the mps2 boards: stdout/stderr go to the console UART, the heap is
 * the RAM between .bss and the main stack, exit() ends the run (board_exit), and a failed C
 * assert() reports like a kernel assertion.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>

#include "board.h"
#include "port_cm.h"

/* The port's report for a failed assertion (kernel/include/port.h). */
__attribute__((noreturn)) void port_panic(const char *what, const char *file, int line);

/* From the linker script: the heap's bounds. */
extern char __sprig_heap_start[];
extern char __sprig_heap_end[];

void board_stdio_init(void);
int _write(int fd, const char *buf, int len);
int _read(int fd, char *buf, int len);
void *_sbrk(ptrdiff_t incr);
int _close(int fd);
int _fstat(int fd, struct stat *st);
int _isatty(int fd);
int _lseek(int fd, int off, int whence);
int _kill(int pid, int sig);
int _getpid(void);
__attribute__((noreturn)) void _exit(int code);
__attribute__((noreturn)) void __assert_func(const char *file, int line, const char *func,
                                             const char *expr);

/* Line-buffered stdout and stderr with static buffers: no malloc, and printf formats straight
   into the buffer (unbuffered newlib streams put a BUFSIZ buffer on the caller's stack, too
   much for a small task stack). */
void board_stdio_init(void)
{
    static char out_buf[256];
    static char err_buf[128];
    setvbuf(stdout, out_buf, _IOLBF, sizeof out_buf);
    setvbuf(stderr, err_buf, _IOLBF, sizeof err_buf);
}

int _write(int fd, const char *buf, int len)
{
    if (fd != 1 && fd != 2) {
        errno = EBADF;
        return -1;
    }
    board_console_write(buf, (size_t)len);
    return len;
}

/* Non-blocking: whatever the UART has received (possibly nothing). */
int _read(int fd, char *buf, int len)
{
    int n = 0;
    if (fd != 0) {
        errno = EBADF;
        return -1;
    }
    while (n < len) {
        int c = board_console_getc();
        if (c < 0) {
            break;
        }
        buf[n++] = (char)c;
    }
    return n;
}

void *_sbrk(ptrdiff_t incr)
{
    static char *brk = __sprig_heap_start;
    char *old = brk;

    if (incr > __sprig_heap_end - brk || incr < __sprig_heap_start - brk) {
        errno = ENOMEM;
        return (void *)-1;
    }
    brk += incr;
    return old;
}

int _close(int fd)
{
    (void)fd;
    return -1;
}

int _fstat(int fd, struct stat *st)
{
    (void)fd;
    st->st_mode = S_IFCHR;
    return 0;
}

int _isatty(int fd)
{
    return fd >= 0 && fd <= 2;
}

int _lseek(int fd, int off, int whence)
{
    (void)fd;
    (void)off;
    (void)whence;
    return 0;
}

int _kill(int pid, int sig)
{
    (void)pid;
    (void)sig;
    errno = EINVAL;
    return -1;
}

int _getpid(void)
{
    return 1;
}

/* exit(0) is success: report it with the distinctive pass code, since QEMU also exits 0 when
   it is killed. */
void _exit(int code)
{
    board_exit(code == 0 ? PORT_CM_EXIT_PASS : code);
}

void __assert_func(const char *file, int line, const char *func, const char *expr)
{
    (void)func;
    port_panic(expr, file, line);
}
