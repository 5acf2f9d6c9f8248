/*
 * Sprig virtual devices: an SPI controller (bus master) with chip-select lines.
 *
 * Peripheral models (a radio, an e-paper controller, a test responder) attach to a chip
 * select and speak their real protocol: they see select/deselect and one byte exchange per
 * byte clocked (MOSI in, MISO out, full duplex). A chip select with nothing attached reads
 * 0xFF (MISO pulled up), as on a board.
 *
 * A transfer is DMA-like: the controller is given the buffers and the length, is BUSY for
 * len * 8 / freq seconds of virtual time, and exchanges the bytes with the selected
 * peripheral when it completes; then DONE is set and the interrupt line is asserted while DONE
 * and the interrupt is enabled (vdev_spi_ack clears it). The buffers must stay valid until
 * then. At most one chip select is asserted at a time.
 *
 * Threading: CPU thread only.
 */
#ifndef VDEV_SPI_H
#define VDEV_SPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/bus.h"
#include "sim/clock.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VDEV_SPI_MAX_CS         8u
#define VDEV_SPI_DEFAULT_HZ     1000000u

#define VDEV_SPI_BUSY           (1u << 0)
#define VDEV_SPI_DONE           (1u << 1)

typedef struct {
    /* Chip select asserted (true) or released (false). May be NULL. */
    void    (*select)(void *ctx, bool selected);
    /* One byte clocked: MOSI in, MISO out. `mode` is the bus's SPI mode (0..3). */
    uint8_t (*exchange)(void *ctx, uint8_t mosi, unsigned mode);
} vdev_spi_peer_t;

typedef struct vdev_spi vdev_spi_t;

vdev_spi_t   *vdev_spi_create(const char *name, unsigned chip_selects);
void          vdev_spi_destroy(vdev_spi_t *s);
sim_device_t *vdev_spi_device(vdev_spi_t *s);
unsigned      vdev_spi_irq(const vdev_spi_t *s);
unsigned      vdev_spi_chip_selects(const vdev_spi_t *s);

/* Attach (or with NULL detach) a peripheral on chip select `cs`. Survives resets. */
int  vdev_spi_attach(vdev_spi_t *s, unsigned cs, const vdev_spi_peer_t *peer, void *ctx);

/* Clock (1 Hz .. 100 MHz) and mode (0..3). Returns 0 or -1. */
int  vdev_spi_configure(vdev_spi_t *s, uint32_t hz, unsigned mode);
/* Assert `cs` (releasing any other) or, with a negative value, release all. */
void vdev_spi_select(vdev_spi_t *s, int cs);
int  vdev_spi_selected(const vdev_spi_t *s);
/* Start a transfer of `len` (> 0) bytes; `tx` NULL sends 0xFF, `rx` NULL discards.
   Returns 0, or -1 when busy or len is 0. */
int  vdev_spi_start(vdev_spi_t *s, const uint8_t *tx, uint8_t *rx, size_t len);
sim_time_t vdev_spi_transfer_time(const vdev_spi_t *s, size_t len);

uint32_t vdev_spi_status(const vdev_spi_t *s);
void     vdev_spi_ack(vdev_spi_t *s);
void     vdev_spi_set_irq_enabled(vdev_spi_t *s, bool on);

#ifdef __cplusplus
}
#endif

#endif /* VDEV_SPI_H */
