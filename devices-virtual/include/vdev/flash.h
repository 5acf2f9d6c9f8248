/*
 * Sprig virtual devices: NOR flash.
 *
 * The rules of NOR flash, enforced:
 *  - The erased state is all ones (0xFF). Erasing works on whole sectors and sets every bit.
 *  - Programming can only clear bits (1 -> 0). A program that would set a bit that is 0 back
 *    to 1 fails with VDEV_FLASH_ENOTERASED and changes nothing (erase the sector first).
 *  - A program stays within one page (VDEV_FLASH_EPAGE otherwise).
 *  - Operations take time: a sector erase VDEV_FLASH_ERASE_NS, a program
 *    VDEV_FLASH_PROGRAM_BASE_NS + VDEV_FLASH_PROGRAM_BYTE_NS per byte (a typical serial NOR:
 *    ~45 ms per 4 KiB sector, ~0.7 ms per 256-byte page). The cells change when the operation
 *    completes; the device is BUSY until then and refuses other operations and reads. At the
 *    end DONE is set (sticky) and the interrupt line is asserted while DONE and the interrupt
 *    is enabled; vdev_flash_ack() clears DONE.
 *  - Each sector counts its erases (wear).
 *
 * Backing store: memory (an erased flash each run), or a file (--flash=FILE) mapped into
 * memory, so the contents persist across runs and survive a crash. A new file is created
 * erased (0xFF); an existing one must be a regular file of exactly the flash size. The erase
 * counts persist next to it in FILE.wear (created with zeros when missing).
 *
 * Threading: CPU thread only.
 */
#ifndef VDEV_FLASH_H
#define VDEV_FLASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/bus.h"
#include "sim/clock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VDEV_FLASH_ERASE_NS           SIM_MS(45)
#define VDEV_FLASH_PROGRAM_BASE_NS    SIM_US(30)
#define VDEV_FLASH_PROGRAM_BYTE_NS    2500u

#define VDEV_FLASH_OK            0
#define VDEV_FLASH_ERANGE       (-1)    /* outside the device */
#define VDEV_FLASH_EALIGN       (-2)    /* erase not on sector boundaries */
#define VDEV_FLASH_EPAGE        (-3)    /* program crosses a page boundary */
#define VDEV_FLASH_ENOTERASED   (-4)    /* program would turn a 0 bit into 1 */
#define VDEV_FLASH_EBUSY        (-5)    /* an operation is in progress */

#define VDEV_FLASH_BUSY          (1u << 0)
#define VDEV_FLASH_DONE          (1u << 1)

typedef struct {
    uint32_t size;              /* bytes; a multiple of sector_size */
    uint32_t sector_size;       /* erase unit; a multiple of page_size */
    uint32_t page_size;         /* program unit */
} vdev_flash_geometry_t;

typedef struct vdev_flash vdev_flash_t;

/* Create `name` with one interrupt line. `path` NULL: in memory. On failure NULL with a
   one-line reason in `err` ("cannot open flash file 'x': ...", "flash file 'x' is 12 bytes,
   the flash is 1048576 bytes ..."). */
vdev_flash_t *vdev_flash_create(const char *name, const vdev_flash_geometry_t *geometry,
                                const char *path, char *err, size_t errlen);
/* Unmap (the file keeps its contents). */
void          vdev_flash_destroy(vdev_flash_t *f);
sim_device_t *vdev_flash_device(vdev_flash_t *f);
unsigned      vdev_flash_irq(const vdev_flash_t *f);
const vdev_flash_geometry_t *vdev_flash_geometry(const vdev_flash_t *f);

/* Copy out; VDEV_FLASH_OK, ERANGE or EBUSY. */
int  vdev_flash_read(vdev_flash_t *f, uint32_t addr, void *buf, size_t len);
/* Start erasing [addr, addr+len) (whole sectors; len > 0). */
int  vdev_flash_erase(vdev_flash_t *f, uint32_t addr, size_t len);
/* Start programming `len` bytes (1..page_size, within one page). The data is copied. */
int  vdev_flash_program(vdev_flash_t *f, uint32_t addr, const void *data, size_t len);

uint32_t vdev_flash_status(const vdev_flash_t *f);
void     vdev_flash_ack(vdev_flash_t *f);
void     vdev_flash_set_irq_enabled(vdev_flash_t *f, bool on);

sim_time_t vdev_flash_erase_time(uint32_t sectors);
sim_time_t vdev_flash_program_time(size_t len);
/* Erases of sector `sector` over the flash's life (persisted with a file). */
uint32_t vdev_flash_erase_count(const vdev_flash_t *f, uint32_t sector);

#ifdef __cplusplus
}
#endif

#endif /* VDEV_FLASH_H */
