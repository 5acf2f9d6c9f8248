/*
 * Backend specs of host channels ("stdio", "tcp:5555", "file:in=a,out=b", ...). Pure parsing,
 * so the option parser can check --uart0 without opening anything. See sim/ioloop.h.
 */
#include "sim/ioloop.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int spec_fail(char *err, size_t errlen, const char *why)
{
    if (err && errlen) {
        snprintf(err, errlen, "%s", why);
    }
    return -1;
}

static int copy_path(char *dst, const char *src, size_t len, char *err, size_t errlen)
{
    if (len == 0u) {
        return spec_fail(err, errlen, "empty file name");
    }
    if (len >= SIM_IO_PATH_MAX) {
        return spec_fail(err, errlen, "file name too long");
    }
    memcpy(dst, src, len);
    dst[len] = '\0';
    return 0;
}

/* "in=A,out=B" / "out=B,in=A" / "in=A" / "out=B": a key starts the text or follows a comma. */
static int parse_file_keys(const char *s, sim_io_spec_t *spec, char *err, size_t errlen)
{
    while (*s) {
        bool in = strncmp(s, "in=", 3) == 0;
        bool out = strncmp(s, "out=", 4) == 0;
        if (!in && !out) {
            return spec_fail(err, errlen, "want file:OUT or file:in=IN[,out=OUT]");
        }
        const char *v = s + (in ? 3 : 4);
        /* the value runs to the next ",in=" / ",out=" or the end */
        const char *end = v;
        for (;;) {
            end = strchr(end, ',');
            if (!end || strncmp(end + 1, "in=", 3) == 0 || strncmp(end + 1, "out=", 4) == 0) {
                break;
            }
            end++;
        }
        size_t len = end ? (size_t)(end - v) : strlen(v);
        char *dst = in ? spec->in_path : spec->out_path;
        if (dst[0]) {
            return spec_fail(err, errlen, in ? "in= given twice" : "out= given twice");
        }
        if (copy_path(dst, v, len, err, errlen) != 0) {
            return -1;
        }
        s = end ? end + 1 : v + len;
    }
    return 0;
}

int sim_io_spec_parse(const char *text, sim_io_spec_t *spec, char *err, size_t errlen)
{
    memset(spec, 0, sizeof *spec);
    if (!text) {
        return spec_fail(err, errlen, "no backend given");
    }
    if (strcmp(text, "stdio") == 0) {
        spec->kind = SIM_IO_STDIO;
    } else if (strcmp(text, "pty") == 0) {
        spec->kind = SIM_IO_PTY;
    } else if (strcmp(text, "loopback") == 0) {
        spec->kind = SIM_IO_LOOPBACK;
    } else if (strcmp(text, "none") == 0) {
        spec->kind = SIM_IO_NONE;
    } else if (strncmp(text, "tcp:", 4) == 0) {
        const char *p = text + 4;
        char *end;
        if (*p < '0' || *p > '9') {
            return spec_fail(err, errlen, "want tcp:PORT with a port number 0..65535");
        }
        errno = 0;
        unsigned long port = strtoul(p, &end, 10);
        if (*end != '\0' || errno == ERANGE || port > 65535u) {
            return spec_fail(err, errlen, "want tcp:PORT with a port number 0..65535");
        }
        spec->kind = SIM_IO_TCP;
        spec->port = (unsigned)port;
    } else if (strncmp(text, "file:", 5) == 0) {
        const char *p = text + 5;
        spec->kind = SIM_IO_FILE;
        if (strncmp(p, "in=", 3) == 0 || strncmp(p, "out=", 4) == 0) {
            if (parse_file_keys(p, spec, err, errlen) != 0) {
                return -1;
            }
        } else if (copy_path(spec->out_path, p, strlen(p), err, errlen) != 0) {
            return -1;
        }
    } else {
        return spec_fail(err, errlen, "want " SIM_IO_SPEC_FORMS);
    }
    return 0;
}
