/*
 * The virtual NOR flash. See devices-virtual/include/vdev/flash.h.
 *
 * The wear file: a 16-byte header ("SPRIGWR1", the sector count and the sector size, both
 * little-endian uint32) and then one little-endian uint32 erase count per sector. Both files
 * are mapped shared, so every change is in the file the moment it happens.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "vdev/flash.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/irqc.h"

#define WEAR_MAGIC      "SPRIGWR1"
#define WEAR_HEADER     16u

typedef enum { OP_NONE, OP_ERASE, OP_PROGRAM } op_t;

struct vdev_flash {
    sim_device_t          dev;
    vdev_flash_geometry_t geo;
    uint8_t              *mem;
    uint8_t              *wear;         /* WEAR_HEADER + 4 bytes per sector */
    size_t                wear_size;
    bool                  mapped;
    uint32_t              status;
    bool                  irq_on;
    op_t                  op;
    uint32_t              op_addr;
    size_t                op_len;
    uint8_t              *op_data;      /* page_size bytes */
    sim_event_t           done_ev;
};

static uint32_t get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

sim_time_t vdev_flash_erase_time(uint32_t sectors)
{
    return (sim_time_t)sectors * VDEV_FLASH_ERASE_NS;
}

sim_time_t vdev_flash_program_time(size_t len)
{
    return VDEV_FLASH_PROGRAM_BASE_NS + (sim_time_t)len * VDEV_FLASH_PROGRAM_BYTE_NS;
}

static void update_irq(vdev_flash_t *f)
{
    if (f->irq_on && (f->status & VDEV_FLASH_DONE)) {
        sim_irq_set_pending(f->dev.irq);
    } else {
        sim_irq_clear_pending(f->dev.irq);
    }
}

static void op_done(void *arg)
{
    vdev_flash_t *f = arg;
    sim_bus_host_enter();       /* the cells may be a file mapping: page faults are host work */
    if (f->op == OP_ERASE) {
        memset(f->mem + f->op_addr, 0xFF, f->op_len);
        for (uint32_t s = f->op_addr / f->geo.sector_size;
             s < (f->op_addr + f->op_len) / f->geo.sector_size; s++) {
            uint8_t *c = f->wear + WEAR_HEADER + 4u * s;
            uint32_t n = get_le32(c);
            if (n != UINT32_MAX) {
                put_le32(c, n + 1u);
            }
        }
    } else if (f->op == OP_PROGRAM) {
        for (size_t i = 0; i < f->op_len; i++) {
            f->mem[f->op_addr + i] &= f->op_data[i];
        }
    }
    sim_bus_host_exit();
    f->op = OP_NONE;
    f->status = (f->status & ~VDEV_FLASH_BUSY) | VDEV_FLASH_DONE;
    update_irq(f);
}

static int start(vdev_flash_t *f, op_t op, uint32_t addr, size_t len, sim_time_t duration)
{
    f->op = op;
    f->op_addr = addr;
    f->op_len = len;
    f->status = (f->status | VDEV_FLASH_BUSY) & ~VDEV_FLASH_DONE;
    update_irq(f);
    sim_event_schedule(&f->done_ev, sim_clock_now() + duration);
    return VDEV_FLASH_OK;
}

static bool in_range(const vdev_flash_t *f, uint32_t addr, size_t len)
{
    return addr <= f->geo.size && len <= f->geo.size - addr;
}

int vdev_flash_read(vdev_flash_t *f, uint32_t addr, void *buf, size_t len)
{
    if (!in_range(f, addr, len)) {
        return VDEV_FLASH_ERANGE;
    }
    if (f->status & VDEV_FLASH_BUSY) {
        return VDEV_FLASH_EBUSY;
    }
    sim_bus_host_enter();
    memcpy(buf, f->mem + addr, len);
    sim_bus_host_exit();
    return VDEV_FLASH_OK;
}

int vdev_flash_erase(vdev_flash_t *f, uint32_t addr, size_t len)
{
    if (!in_range(f, addr, len)) {
        return VDEV_FLASH_ERANGE;
    }
    if (len == 0u || addr % f->geo.sector_size != 0u || len % f->geo.sector_size != 0u) {
        return VDEV_FLASH_EALIGN;
    }
    if (f->status & VDEV_FLASH_BUSY) {
        return VDEV_FLASH_EBUSY;
    }
    return start(f, OP_ERASE, addr, len, vdev_flash_erase_time((uint32_t)(len / f->geo.sector_size)));
}

int vdev_flash_program(vdev_flash_t *f, uint32_t addr, const void *data, size_t len)
{
    const uint8_t *d = data;
    if (!in_range(f, addr, len) || len == 0u) {
        return VDEV_FLASH_ERANGE;
    }
    if (addr / f->geo.page_size != (addr + len - 1u) / f->geo.page_size) {
        return VDEV_FLASH_EPAGE;
    }
    if (f->status & VDEV_FLASH_BUSY) {
        return VDEV_FLASH_EBUSY;
    }
    sim_bus_host_enter();
    for (size_t i = 0; i < len; i++) {
        if (d[i] & ~f->mem[addr + i]) {
            sim_bus_host_exit();
            return VDEV_FLASH_ENOTERASED;       /* checked before anything changes */
        }
    }
    sim_bus_host_exit();
    memcpy(f->op_data, d, len);
    return start(f, OP_PROGRAM, addr, len, vdev_flash_program_time(len));
}

uint32_t vdev_flash_status(const vdev_flash_t *f)
{
    return f->status;
}

void vdev_flash_ack(vdev_flash_t *f)
{
    f->status &= ~VDEV_FLASH_DONE;
    update_irq(f);
}

void vdev_flash_set_irq_enabled(vdev_flash_t *f, bool on)
{
    f->irq_on = on;
    update_irq(f);
}

uint32_t vdev_flash_erase_count(const vdev_flash_t *f, uint32_t sector)
{
    if (sector >= f->geo.size / f->geo.sector_size) {
        return 0u;
    }
    return get_le32(f->wear + WEAR_HEADER + 4u * sector);
}

/* ---- backing store ---- */

static int fail(char *err, size_t errlen, const char *fmt, const char *path, int e)
{
    char why[256];
    snprintf(why, sizeof why, fmt, path);
    snprintf(err, errlen, "%s: %s", why, strerror(e));
    return -1;
}

static void *map_fd(int fd, size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    return p == MAP_FAILED ? NULL : p;
}

/* Fill a new file with `byte`. */
static int fill_file(int fd, size_t size, uint8_t byte)
{
    uint8_t buf[4096];
    memset(buf, byte, sizeof buf);
    for (size_t done = 0; done < size;) {
        size_t n = size - done < sizeof buf ? size - done : sizeof buf;
        ssize_t w = write(fd, buf, n);
        if (w <= 0) {
            if (w < 0 && errno == EINTR) {
                continue;
            }
            return -1;
        }
        done += (size_t)w;
    }
    return 0;
}

static int open_image(vdev_flash_t *f, const char *path, bool *fresh, char *err, size_t errlen)
{
    struct stat st;
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    *fresh = fd >= 0;
    if (fd < 0 && errno == EEXIST) {
        fd = open(path, O_RDWR | O_CLOEXEC);
    }
    if (fd < 0) {
        return fail(err, errlen, "cannot open flash file '%s'", path, errno);
    }
    if (*fresh) {
        if (fill_file(fd, f->geo.size, 0xFF) != 0) {
            int e = errno;
            close(fd);
            unlink(path);
            return fail(err, errlen, "cannot create flash file '%s'", path, e);
        }
    } else if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        snprintf(err, errlen, "flash file '%s' is not a regular file", path);
        return -1;
    } else if ((uint64_t)st.st_size != f->geo.size) {
        close(fd);
        snprintf(err, errlen, "flash file '%s' is %llu bytes, but the flash is %lu bytes "
                 "(remove it to start from an erased flash)", path,
                 (unsigned long long)st.st_size, (unsigned long)f->geo.size);
        return -1;
    }
    f->mem = map_fd(fd, f->geo.size);
    int e = errno;
    close(fd);
    if (!f->mem) {
        return fail(err, errlen, "cannot map flash file '%s'", path, e);
    }
    return 0;
}

/* The erase counters live next to the image, in PATH.wear. */
static int open_wear_file(vdev_flash_t *f, const char *wpath, bool fresh_image, char *err,
                          size_t errlen)
{
    struct stat st;
    uint32_t sectors = f->geo.size / f->geo.sector_size;
    int fd = open(wpath, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0 || fstat(fd, &st) != 0) {
        int e = errno;
        if (fd >= 0) {
            close(fd);
        }
        return fail(err, errlen, "cannot open flash wear file '%s'", wpath, e);
    }
    if (st.st_size == 0 || fresh_image) {
        uint8_t hdr[WEAR_HEADER];
        memcpy(hdr, WEAR_MAGIC, 8);
        put_le32(hdr + 8, sectors);
        put_le32(hdr + 12, f->geo.sector_size);
        if (ftruncate(fd, 0) != 0 || write(fd, hdr, sizeof hdr) != (ssize_t)sizeof hdr ||
            fill_file(fd, 4u * (size_t)sectors, 0) != 0) {
            int e = errno;
            close(fd);
            return fail(err, errlen, "cannot write flash wear file '%s'", wpath, e);
        }
    } else if ((uint64_t)st.st_size != f->wear_size) {
        close(fd);
        snprintf(err, errlen, "flash wear file '%s' does not match the flash (remove it to "
                 "restart the erase counts)", wpath);
        return -1;
    }
    f->wear = map_fd(fd, f->wear_size);
    int e = errno;
    close(fd);
    if (!f->wear) {
        return fail(err, errlen, "cannot map flash wear file '%s'", wpath, e);
    }
    if (memcmp(f->wear, WEAR_MAGIC, 8) != 0 || get_le32(f->wear + 8) != sectors ||
        get_le32(f->wear + 12) != f->geo.sector_size) {
        snprintf(err, errlen, "flash wear file '%s' does not match the flash (remove it to "
                 "restart the erase counts)", wpath);
        return -1;
    }
    return 0;
}

static int open_wear(vdev_flash_t *f, const char *path, bool fresh_image, char *err,
                     size_t errlen)
{
    size_t n = strlen(path) + sizeof ".wear";
    char *wpath = malloc(n);
    if (!wpath) {
        snprintf(err, errlen, "out of memory opening the wear file of '%s'", path);
        return -1;
    }
    snprintf(wpath, n, "%s.wear", path);
    int rc = open_wear_file(f, wpath, fresh_image, err, errlen);
    free(wpath);
    return rc;
}

/* ---- the bus ---- */

static void flash_reset(sim_device_t *dev)
{
    vdev_flash_t *f = dev->ctx;
    /* an operation cut short by the reset never completes: the cells keep their old values */
    sim_event_init(&f->done_ev, dev->name, op_done, f);
    f->op = OP_NONE;
    f->status = 0u;
    f->irq_on = false;
}

static const sim_device_ops_t flash_ops = {
    .reset = flash_reset,
};

static void release(vdev_flash_t *f)
{
    if (f->mapped) {
        if (f->mem) {
            munmap(f->mem, f->geo.size);
        }
        if (f->wear) {
            munmap(f->wear, f->wear_size);
        }
    } else {
        free(f->mem);
        free(f->wear);
    }
    free(f->op_data);
    free(f);
}

vdev_flash_t *vdev_flash_create(const char *name, const vdev_flash_geometry_t *geo,
                                const char *path, char *err, size_t errlen)
{
    if (!geo || geo->page_size == 0u || geo->sector_size % geo->page_size != 0u ||
        geo->sector_size == 0u || geo->size == 0u || geo->size % geo->sector_size != 0u) {
        snprintf(err, errlen, "%s: bad flash geometry", name);
        return NULL;
    }
    vdev_flash_t *f = calloc(1, sizeof *f);
    if (!f) {
        snprintf(err, errlen, "%s: out of memory", name);
        return NULL;
    }
    f->geo = *geo;
    f->wear_size = WEAR_HEADER + 4u * (size_t)(geo->size / geo->sector_size);
    f->op_data = malloc(geo->page_size);
    if (!f->op_data) {
        snprintf(err, errlen, "%s: out of memory", name);
        release(f);
        return NULL;
    }
    if (path) {
        bool fresh;
        f->mapped = true;
        if (open_image(f, path, &fresh, err, errlen) != 0 ||
            open_wear(f, path, fresh, err, errlen) != 0) {
            release(f);
            return NULL;
        }
    } else {
        f->mem = malloc(geo->size);
        f->wear = calloc(1, f->wear_size);
        if (!f->mem || !f->wear) {
            snprintf(err, errlen, "%s: out of memory", name);
            release(f);
            return NULL;
        }
        memset(f->mem, 0xFF, geo->size);
    }
    if (sim_bus_attach(&f->dev, name, &flash_ops, f, 1u) != 0) {
        snprintf(err, errlen, "%s: cannot attach to the device bus", name);
        release(f);
        return NULL;
    }
    flash_reset(&f->dev);
    return f;
}

void vdev_flash_destroy(vdev_flash_t *f)
{
    if (!f) {
        return;
    }
    sim_event_cancel(&f->done_ev);
    sim_bus_detach(&f->dev);
    release(f);
}

sim_device_t *vdev_flash_device(vdev_flash_t *f)
{
    return &f->dev;
}

unsigned vdev_flash_irq(const vdev_flash_t *f)
{
    return f->dev.irq;
}

const vdev_flash_geometry_t *vdev_flash_geometry(const vdev_flash_t *f)
{
    return &f->geo;
}
