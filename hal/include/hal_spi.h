/*
 * Sprig HAL: SPI (bus master).
 *
 * Buses are numbered 0..HAL_SPI_COUNT-1, chip selects 0..HAL_SPI_CS_COUNT-1 on each
 * (hal_board.h). Transfers are full duplex, 8 bits per word, most significant bit first: every
 * byte sent clocks one byte in. The chip select is asserted for the transfer and released
 * after it, unless HAL_SPI_HOLD_CS asks to keep it asserted for the next one (a command, then
 * its data). While a task holds a chip select, the bus is that task's: other tasks' transfers
 * wait for it. A transfer takes len * 8 / freq_hz seconds; the caller blocks meanwhile.
 */
#ifndef HAL_SPI_H
#define HAL_SPI_H

#include <stddef.h>
#include <stdint.h>

#include "hal_err.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    uint32_t freq_hz;       /* clock; 0 means 1 MHz */
    uint8_t  mode;          /* SPI mode 0..3 (CPOL << 1 | CPHA) */
} hal_spi_config_t;

#define HAL_SPI_CONFIG_DEFAULT  { 1000000u, 0u }

#define HAL_SPI_HOLD_CS   1u    /* keep the chip select asserted after this transfer */

/* Configure and enable `bus`. `cfg` NULL: the defaults. Task context or before the kernel
   starts.
   HAL_OK; HAL_ENODEV; HAL_EINVAL (mode > 3, frequency beyond the controller); HAL_ESTATE
   (already open). */
int hal_spi_open(unsigned bus, const hal_spi_config_t *cfg);

/* Disable `bus`. HAL_OK; HAL_ENODEV; HAL_ESTATE (not open); HAL_EBUSY (a chip select is held
   or a task is using the bus). */
int hal_spi_close(unsigned bus);

/* Exchange `len` bytes with the device on chip select `cs`: send `tx` (NULL sends 0xFF
   bytes) while receiving into `rx` (NULL discards). `len` 0 only asserts (with
   HAL_SPI_HOLD_CS) or releases the chip select. Waits up to `timeout_ms` for the bus if
   another task holds it. Task context.
   Returns `len`; HAL_ENODEV (bus or chip select); HAL_ESTATE (not open); HAL_EINVAL (len >
   INT_MAX, unknown flags); HAL_EBUSY (the caller holds another chip select); HAL_ETIMEOUT;
   HAL_ECONTEXT. */
int hal_spi_transfer(unsigned bus, unsigned cs, const void *tx, void *rx, size_t len,
                     unsigned flags, uint32_t timeout_ms);

/* Release a chip select held with HAL_SPI_HOLD_CS. Task context.
   HAL_OK; HAL_ENODEV; HAL_ESTATE (not open, or `cs` is not held by the caller). */
int hal_spi_release(unsigned bus, unsigned cs);

#ifdef __cplusplus
}
#endif

#endif /* HAL_SPI_H */
