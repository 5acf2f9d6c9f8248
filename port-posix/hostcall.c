/*
 * glibc's calls as critical sections: the wrappers of hostcall.def (the why: port-host/
 * hostcall.h), and the variadic entry points, written out. Calls made from inside shared
 * libraries are not redirected, which is fine: they are only ever reached through a wrapped
 * entry point or from host threads that never run tasks.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostcall.h"

#include "hostcall.def"

/* Variadic entry points forward to the wrapped v-variants. */

int __wrap_printf(const char *f, ...);
int __wrap_printf(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int r = __wrap_vprintf(f, ap);
    va_end(ap);
    return r;
}

int __wrap_fprintf(FILE *fp, const char *f, ...);
int __wrap_fprintf(FILE *fp, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int r = __wrap_vfprintf(fp, f, ap);
    va_end(ap);
    return r;
}

int __wrap_sprintf(char *s, const char *f, ...);
int __wrap_sprintf(char *s, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int r = __wrap_vsprintf(s, f, ap);
    va_end(ap);
    return r;
}

int __wrap_snprintf(char *s, size_t n, const char *f, ...);
int __wrap_snprintf(char *s, size_t n, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int r = __wrap_vsnprintf(s, n, f, ap);
    va_end(ap);
    return r;
}

int __wrap___printf_chk(int fl, const char *f, ...);
int __wrap___printf_chk(int fl, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int r = __wrap___vprintf_chk(fl, f, ap);
    va_end(ap);
    return r;
}

int __wrap___fprintf_chk(FILE *fp, int fl, const char *f, ...);
int __wrap___fprintf_chk(FILE *fp, int fl, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int r = __wrap___vfprintf_chk(fp, fl, f, ap);
    va_end(ap);
    return r;
}

int __wrap___sprintf_chk(char *s, int fl, size_t sl, const char *f, ...);
int __wrap___sprintf_chk(char *s, int fl, size_t sl, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int r = __wrap___vsprintf_chk(s, fl, sl, f, ap);
    va_end(ap);
    return r;
}

int __wrap___snprintf_chk(char *s, size_t n, int fl, size_t sl, const char *f, ...);
int __wrap___snprintf_chk(char *s, size_t n, int fl, size_t sl, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int r = __wrap___vsnprintf_chk(s, n, fl, sl, f, ap);
    va_end(ap);
    return r;
}
