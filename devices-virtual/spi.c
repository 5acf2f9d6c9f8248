/*
 * The virtual SPI controller. See devices-virtual/include/vdev/spi.h.
 */
#include "vdev/spi.h"

#include <stdlib.h>

#include "sim/irqc.h"

typedef struct {
    const vdev_spi_peer_t *peer;
    void                  *ctx;
} slot_t;

struct vdev_spi {
    sim_device_t   dev;
    unsigned       ncs;
    slot_t         slot[VDEV_SPI_MAX_CS];
    uint32_t       hz;
    unsigned       mode;
    int            selected;
    uint32_t       status;
    bool           irq_on;
    const uint8_t *tx;
    uint8_t       *rx;
    size_t         len;
    sim_event_t    done_ev;
};

static void update_irq(vdev_spi_t *s)
{
    if (s->irq_on && (s->status & VDEV_SPI_DONE)) {
        sim_irq_set_pending(s->dev.irq);
    } else {
        sim_irq_clear_pending(s->dev.irq);
    }
}

static void transfer_done(void *arg)
{
    vdev_spi_t *s = arg;
    const slot_t *sl = s->selected >= 0 ? &s->slot[s->selected] : NULL;
    for (size_t i = 0; i < s->len; i++) {
        uint8_t mosi = s->tx ? s->tx[i] : 0xFFu;
        uint8_t miso = 0xFFu;
        if (sl && sl->peer && sl->peer->exchange) {
            miso = sl->peer->exchange(sl->ctx, mosi, s->mode);
        }
        if (s->rx) {
            s->rx[i] = miso;
        }
    }
    s->status = (s->status & ~VDEV_SPI_BUSY) | VDEV_SPI_DONE;
    update_irq(s);
}

sim_time_t vdev_spi_transfer_time(const vdev_spi_t *s, size_t len)
{
    unsigned __int128 num = (unsigned __int128)len * 8u * 1000000000u;
    return (sim_time_t)((num + s->hz - 1u) / s->hz);
}

int vdev_spi_start(vdev_spi_t *s, const uint8_t *tx, uint8_t *rx, size_t len)
{
    if (len == 0u || (s->status & VDEV_SPI_BUSY)) {
        return -1;
    }
    s->tx = tx;
    s->rx = rx;
    s->len = len;
    s->status = (s->status | VDEV_SPI_BUSY) & ~VDEV_SPI_DONE;
    update_irq(s);
    sim_event_schedule(&s->done_ev, sim_clock_now() + vdev_spi_transfer_time(s, len));
    return 0;
}

static void set_select(vdev_spi_t *s, int cs, bool on)
{
    const slot_t *sl = &s->slot[cs];
    if (sl->peer && sl->peer->select) {
        sl->peer->select(sl->ctx, on);
    }
}

void vdev_spi_select(vdev_spi_t *s, int cs)
{
    if (cs >= (int)s->ncs) {
        return;
    }
    if (s->selected == cs) {
        return;
    }
    if (s->selected >= 0) {
        set_select(s, s->selected, false);
    }
    s->selected = cs < 0 ? -1 : cs;
    if (s->selected >= 0) {
        set_select(s, s->selected, true);
    }
}

int vdev_spi_selected(const vdev_spi_t *s)
{
    return s->selected;
}

int vdev_spi_configure(vdev_spi_t *s, uint32_t hz, unsigned mode)
{
    if (hz == 0u || hz > 100000000u || mode > 3u) {
        return -1;
    }
    s->hz = hz;
    s->mode = mode;
    return 0;
}

int vdev_spi_attach(vdev_spi_t *s, unsigned cs, const vdev_spi_peer_t *peer, void *ctx)
{
    if (cs >= s->ncs) {
        return -1;
    }
    s->slot[cs].peer = peer;
    s->slot[cs].ctx = ctx;
    return 0;
}

uint32_t vdev_spi_status(const vdev_spi_t *s)
{
    return s->status;
}

void vdev_spi_ack(vdev_spi_t *s)
{
    s->status &= ~VDEV_SPI_DONE;
    update_irq(s);
}

void vdev_spi_set_irq_enabled(vdev_spi_t *s, bool on)
{
    s->irq_on = on;
    update_irq(s);
}

static void spi_reset(sim_device_t *dev)
{
    vdev_spi_t *s = dev->ctx;
    if (s->selected >= 0) {
        set_select(s, s->selected, false);
    }
    sim_event_init(&s->done_ev, dev->name, transfer_done, s);
    s->hz = VDEV_SPI_DEFAULT_HZ;
    s->mode = 0u;
    s->selected = -1;
    s->status = 0u;
    s->irq_on = false;
    s->tx = NULL;
    s->rx = NULL;
    s->len = 0u;
}

static const sim_device_ops_t spi_ops = {
    .reset = spi_reset,
};

vdev_spi_t *vdev_spi_create(const char *name, unsigned chip_selects)
{
    if (chip_selects == 0u || chip_selects > VDEV_SPI_MAX_CS) {
        return NULL;
    }
    vdev_spi_t *s = calloc(1, sizeof *s);
    if (!s) {
        return NULL;
    }
    if (sim_bus_attach(&s->dev, name, &spi_ops, s, 1u) != 0) {
        free(s);
        return NULL;
    }
    s->ncs = chip_selects;
    s->selected = -1;
    spi_reset(&s->dev);
    return s;
}

void vdev_spi_destroy(vdev_spi_t *s)
{
    if (!s) {
        return;
    }
    sim_event_cancel(&s->done_ev);
    sim_bus_detach(&s->dev);
    free(s);
}

sim_device_t *vdev_spi_device(vdev_spi_t *s)
{
    return &s->dev;
}

unsigned vdev_spi_irq(const vdev_spi_t *s)
{
    return s->dev.irq;
}

unsigned vdev_spi_chip_selects(const vdev_spi_t *s)
{
    return s->ncs;
}
