/*
 * Sprig HAL: on-board NOR flash.
 *
 * Devices are numbered 0..HAL_FLASH_COUNT-1. Addresses are byte offsets from the start of the
 * device. NOR rules:
 *  - Erased cells read 0xFF. Erase works on whole sectors (info.sector_size).
 *  - Programming can only clear bits (1 -> 0). hal_flash_program() fails with HAL_ENOTERASED,
 *    changing nothing, when the data has a 1 where the flash has a 0; programming the same
 *    data again, or clearing more bits, is allowed.
 *  - One program call stays within one page (info.page_size) and must not cross its end.
 *  - Sectors wear out: hal_flash_erase_count() reports how often each was erased.
 * Erase and program take the device's time (on the simulator: 45 ms per 4 KiB sector,
 * 30 us + 2.5 us per byte programmed); the calling task blocks meanwhile and other tasks run.
 * Operations are serialized: a call waits for one in progress. All calls are task context
 * (they may wait for the device), except hal_flash_info and hal_flash_erase_count: any.
 */
#ifndef HAL_FLASH_H
#define HAL_FLASH_H

#include <stddef.h>
#include <stdint.h>

#include "hal_err.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    uint32_t size;              /* bytes */
    uint32_t sector_size;       /* erase unit */
    uint32_t sector_count;
    uint32_t page_size;         /* program unit */
    uint8_t  erased_value;      /* 0xFF */
} hal_flash_info_t;

/* The device's geometry. HAL_OK; HAL_ENODEV; HAL_EINVAL (info NULL). */
int hal_flash_info(unsigned dev, hal_flash_info_t *info);

/* Copy `len` bytes at `addr` into `buf`.
   HAL_OK; HAL_ENODEV; HAL_EINVAL (buf NULL with len > 0); HAL_ERANGE; HAL_ECONTEXT. */
int hal_flash_read(unsigned dev, uint32_t addr, void *buf, size_t len);

/* Erase the sectors covering [addr, addr + len): both must be multiples of the sector size.
   HAL_OK; HAL_ENODEV; HAL_EINVAL (len 0); HAL_ERANGE; HAL_EALIGN; HAL_ECONTEXT. */
int hal_flash_erase(unsigned dev, uint32_t addr, size_t len);

/* Program `len` bytes at `addr` (within one page). `len` 0 does nothing.
   HAL_OK; HAL_ENODEV; HAL_EINVAL (buf NULL with len > 0); HAL_ERANGE; HAL_EALIGN (crosses a
   page boundary); HAL_ENOTERASED (would set a 0 bit to 1: nothing was written);
   HAL_ECONTEXT. */
int hal_flash_program(unsigned dev, uint32_t addr, const void *buf, size_t len);

/* Erases of sector `sector` over the device's life (as far as the port can tell; the
   simulator keeps them with the --flash file).
   HAL_OK; HAL_ENODEV; HAL_EINVAL (count NULL); HAL_ERANGE (no such sector); HAL_ENOTSUP. */
int hal_flash_erase_count(unsigned dev, uint32_t sector, uint32_t *count);

#ifdef __cplusplus
}
#endif

#endif /* HAL_FLASH_H */
