/*
 * newlib's stdio on this port is built without locks, so two tasks printing at once could
 * corrupt a stream. The linker wraps the stdio entry points apps use (--wrap, see
 * CMakeLists.txt) so each call runs with the scheduler locked: other tasks wait, interrupts
 * still run. From an ISR (or before the kernel starts) the call is made as is; ISRs should
 * print with board_console_write instead. With TOS_CFG_SCHED_LOCK_EN 0 there is no scheduler
 * lock: the calls are not serialised, so only one task may use stdio.
 *
 * Linked into every executable (not the kernel library): libc's own references to these
 * functions are resolved after the kernel library has been searched.
 */
#include <stdarg.h>
#include <stdio.h>

#include "tos_k.h"

int __real_vprintf(const char *fmt, va_list ap);
int __real_vfprintf(FILE *f, const char *fmt, va_list ap);
int __real_puts(const char *s);
int __real_putchar(int c);
int __real_fputs(const char *s, FILE *f);
int __real_fputc(int c, FILE *f);
size_t __real_fwrite(const void *p, size_t size, size_t n, FILE *f);

int __wrap_printf(const char *fmt, ...);
int __wrap_vprintf(const char *fmt, va_list ap);
int __wrap_fprintf(FILE *f, const char *fmt, ...);
int __wrap_vfprintf(FILE *f, const char *fmt, va_list ap);
int __wrap_puts(const char *s);
int __wrap_putchar(int c);
int __wrap_fputs(const char *s, FILE *f);
int __wrap_fputc(int c, FILE *f);
size_t __wrap_fwrite(const void *p, size_t size, size_t n, FILE *f);

#if TOS_CFG_SCHED_LOCK_EN > 0u
static int stdio_lock(void)
{
    return !port_in_isr() && tos_knl_is_running() && tos_knl_sched_lock() == K_ERR_NONE;
}

static void stdio_unlock(int locked)
{
    if (locked) {
        (void)tos_knl_sched_unlock();
    }
}
#else
/* No scheduler lock in this configuration: the calls are made as they are. */
static int stdio_lock(void)
{
    return 0;
}

static void stdio_unlock(int locked)
{
    (void)locked;
}
#endif

int __wrap_vprintf(const char *fmt, va_list ap)
{
    int locked = stdio_lock();
    int r = __real_vprintf(fmt, ap);
    stdio_unlock(locked);
    return r;
}

int __wrap_printf(const char *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = __wrap_vprintf(fmt, ap);
    va_end(ap);
    return r;
}

int __wrap_vfprintf(FILE *f, const char *fmt, va_list ap)
{
    int locked = stdio_lock();
    int r = __real_vfprintf(f, fmt, ap);
    stdio_unlock(locked);
    return r;
}

int __wrap_fprintf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = __wrap_vfprintf(f, fmt, ap);
    va_end(ap);
    return r;
}

int __wrap_puts(const char *s)
{
    int locked = stdio_lock();
    int r = __real_puts(s);
    stdio_unlock(locked);
    return r;
}

int __wrap_putchar(int c)
{
    int locked = stdio_lock();
    int r = __real_putchar(c);
    stdio_unlock(locked);
    return r;
}

int __wrap_fputs(const char *s, FILE *f)
{
    int locked = stdio_lock();
    int r = __real_fputs(s, f);
    stdio_unlock(locked);
    return r;
}

int __wrap_fputc(int c, FILE *f)
{
    int locked = stdio_lock();
    int r = __real_fputc(c, f);
    stdio_unlock(locked);
    return r;
}

size_t __wrap_fwrite(const void *p, size_t size, size_t n, FILE *f)
{
    int locked = stdio_lock();
    size_t r = __real_fwrite(p, size, n, f);
    stdio_unlock(locked);
    return r;
}
