/*
 * HAL UART driver for the simulator's virtual UARTs (devices-virtual/uart.c). See
 * hal/include/hal_uart.h for the contract.
 *
 * Interrupt use: RXNE is enabled while the port is open and its receive buffer has room (the
 * handler moves the FIFO into the buffer; when the buffer fills, RXNE is masked and the UART's
 * flow control holds the sender off until a reader makes room). TXNF is enabled only while a
 * writer waits for room, TC while someone waits for the line to go idle or a transmit-done
 * callback is due. The interrupt mask is recomputed from that state after every change.
 */
#include <limits.h>
#include <string.h>

#include "hal_sim.h"

#include "sim/irqc.h"

typedef struct {
    bool                   open;
    uint8_t                own_buf[HAL_UART_RX_BUF_SIZE];
    uint8_t               *rx_buf;
    size_t                 rx_size;
    size_t                 rx_head;         /* oldest byte */
    size_t                 rx_count;
    bool                   rx_full;         /* RXNE masked: the buffer is full */
    hal_uart_rx_cb_t       rx_cb;
    void                  *rx_arg;
    hal_uart_tx_done_cb_t  tx_cb;
    void                  *tx_arg;
    bool                   tx_done_due;     /* bytes queued since the line was last idle */
    k_task_t              *reader;
    unsigned               users;           /* tasks blocked in a call on this port */
    hal_wait_t             rx_wait;
    hal_wait_t             room_wait;
    hal_wait_t             idle_wait;
    hal_lock_t             wlock;
} uart_port_t;

static uart_port_t ports[HAL_UART_COUNT];

static void uart_update_mask(uart_port_t *p, vdev_uart_t *u)
{
    uint32_t mask = 0u;
    if (p->open) {
        if (p->rx_cb || !p->rx_full) {
            mask |= VDEV_UART_RXNE;
        }
        if (hal_wait_has_waiters(&p->room_wait)) {
            mask |= VDEV_UART_TXNF;
        }
        if (hal_wait_has_waiters(&p->idle_wait) || (p->tx_cb && p->tx_done_due)) {
            mask |= VDEV_UART_TC;
        }
    }
    vdev_uart_set_irq_mask(u, mask);
}

static void uart_isr(unsigned port)
{
    uart_port_t *p = &ports[port];
    vdev_uart_t *u = hal_sim_uart(port);

    tos_knl_irq_enter();
    cpu_cpsr_t s = port_cpsr_save();
    if (p->open) {
        /* receive */
        if (p->rx_cb) {
            uint8_t chunk[VDEV_UART_FIFO];
            for (;;) {
                size_t n = 0u;
                int b;
                while (n < sizeof chunk && (b = vdev_uart_read(u)) >= 0) {
                    chunk[n++] = (uint8_t)b;
                }
                if (n == 0u || !p->rx_cb) {
                    break;
                }
                hal_uart_rx_cb_t cb = p->rx_cb;
                void *arg = p->rx_arg;
                port_cpsr_restore(s);
                cb(arg, chunk, n);
                s = port_cpsr_save();
            }
        } else {
            size_t moved = 0u;
            while (p->rx_count < p->rx_size) {
                int b = vdev_uart_read(u);
                if (b < 0) {
                    break;
                }
                p->rx_buf[(p->rx_head + p->rx_count) % p->rx_size] = (uint8_t)b;
                p->rx_count++;
                moved++;
            }
            if (p->rx_count == p->rx_size && vdev_uart_rx_level(u) != 0u) {
                p->rx_full = true;      /* flow control takes over until a reader makes room */
            }
            if (moved) {
                hal_wait_wake(&p->rx_wait);
            }
        }
        /* transmit */
        uint32_t st = vdev_uart_status(u);
        if (st & VDEV_UART_TXNF) {
            hal_wait_wake(&p->room_wait);
        }
        if (st & VDEV_UART_TC) {
            hal_wait_wake(&p->idle_wait);
            if (p->tx_done_due && p->tx_cb) {
                hal_uart_tx_done_cb_t cb = p->tx_cb;
                void *arg = p->tx_arg;
                p->tx_done_due = false;
                port_cpsr_restore(s);
                cb(arg);
                s = port_cpsr_save();
            }
        }
    }
    uart_update_mask(p, u);
    port_cpsr_restore(s);
    tos_knl_irq_leave();
}

static void uart0_isr(void)
{
    uart_isr(0u);
}

static void uart1_isr(void)
{
    uart_isr(1u);
}

static void (*const uart_isrs[HAL_UART_COUNT])(void) = { uart0_isr, uart1_isr };

void hal_sim_uart_reset(void)
{
    memset(ports, 0, sizeof ports);
    for (unsigned i = 0; i < HAL_UART_COUNT; i++) {
        uart_port_t *p = &ports[i];
        hal_wait_init(&p->rx_wait);
        hal_wait_init(&p->room_wait);
        hal_wait_init(&p->idle_wait);
        hal_lock_init(&p->wlock);
        vdev_uart_t *u = hal_sim_uart(i);
        if (u) {
            sim_irq_connect(vdev_uart_irq(u), uart_isrs[i]);
            sim_irq_set_priority(vdev_uart_irq(u), HAL_SIM_IRQ_PRIO);
            sim_irq_enable(vdev_uart_irq(u));
        }
    }
}

/* The port, or NULL with *err set. */
static uart_port_t *get_port(unsigned port, bool need_open, int *err)
{
    if (port >= HAL_UART_COUNT || !hal_sim_uart(port)) {
        *err = HAL_ENODEV;
        return NULL;
    }
    if (need_open && !ports[port].open) {
        *err = HAL_ESTATE;
        return NULL;
    }
    return &ports[port];
}

typedef struct {
    uart_port_t *p;
    vdev_uart_t *u;
} armed_t;

static void uart_armed(void *arg)
{
    armed_t *a = arg;
    uart_update_mask(a->p, a->u);
}

int hal_uart_open(unsigned port, const hal_uart_config_t *cfg)
{
    static const hal_uart_config_t defaults = HAL_UART_CONFIG_DEFAULT;
    int err;
    uart_port_t *p = get_port(port, false, &err);
    if (!p) {
        return err;
    }
    if (!cfg) {
        cfg = &defaults;
    }
    uint32_t baud = cfg->baud ? cfg->baud : 115200u;
    unsigned stop = cfg->stop_bits ? cfg->stop_bits : 1u;
    if (baud > HAL_UART_BAUD_MAX || stop > 2u || cfg->parity > HAL_UART_PARITY_ODD ||
        (cfg->rx_buf && cfg->rx_buf_size == 0u)) {
        return HAL_EINVAL;
    }
    vdev_uart_t *u = hal_sim_uart(port);
    cpu_cpsr_t s = port_cpsr_save();
    if (p->open) {
        port_cpsr_restore(s);
        return HAL_ESTATE;
    }
    unsigned frame = 1u + 8u + (cfg->parity != HAL_UART_PARITY_NONE ? 1u : 0u) + stop;
    vdev_uart_set_format(u, baud, frame);
    p->rx_buf = cfg->rx_buf ? cfg->rx_buf : p->own_buf;
    p->rx_size = cfg->rx_buf ? cfg->rx_buf_size : sizeof p->own_buf;
    p->rx_head = p->rx_count = 0u;
    p->rx_full = false;
    p->rx_cb = NULL;
    p->tx_cb = NULL;
    p->tx_done_due = false;
    p->open = true;
    vdev_uart_set_rx_enabled(u, true);
    uart_update_mask(p, u);
    port_cpsr_restore(s);
    return HAL_OK;
}

int hal_uart_close(unsigned port)
{
    int err;
    uart_port_t *p = get_port(port, true, &err);
    if (!p) {
        return err;
    }
    vdev_uart_t *u = hal_sim_uart(port);
    cpu_cpsr_t s = port_cpsr_save();
    if (p->users || p->wlock.owner) {
        port_cpsr_restore(s);
        return HAL_EBUSY;
    }
    p->open = false;
    p->rx_cb = NULL;
    p->tx_cb = NULL;
    p->rx_count = 0u;
    vdev_uart_set_rx_enabled(u, false);
    uart_update_mask(p, u);
    port_cpsr_restore(s);
    return HAL_OK;
}

int hal_uart_write(unsigned port, const void *buf, size_t len, uint32_t timeout_ms)
{
    int err;
    uart_port_t *p = get_port(port, true, &err);
    if (!p) {
        return err;
    }
    if ((!buf && len) || len > INT_MAX) {
        return HAL_EINVAL;
    }
    if ((err = hal_can_block()) != HAL_OK) {
        return err;
    }
    if (len == 0u) {
        return 0;
    }
    hal_deadline_t dl;
    hal_deadline_init(&dl, timeout_ms);
    if (hal_lock_take(&p->wlock, &dl) != HAL_OK) {
        return 0;       /* another writer kept the port until the timeout */
    }
    vdev_uart_t *u = hal_sim_uart(port);
    armed_t a = { p, u };
    const uint8_t *b = buf;
    size_t done = 0u;
    cpu_cpsr_t s = port_cpsr_save();
    p->users++;
    while (p->open) {
        while (done < len && vdev_uart_write(u, b[done])) {
            done++;
        }
        if (done == len) {
            break;
        }
        if (hal_wait_block(&p->room_wait, &dl, s, uart_armed, &a) != HAL_OK) {
            break;
        }
    }
    p->users--;
    if (done) {
        p->tx_done_due = true;
    }
    uart_update_mask(p, u);
    port_cpsr_restore(s);
    hal_lock_give(&p->wlock);
    return (int)done;
}

int hal_uart_flush(unsigned port, uint32_t timeout_ms)
{
    int err;
    uart_port_t *p = get_port(port, true, &err);
    if (!p) {
        return err;
    }
    if ((err = hal_can_block()) != HAL_OK) {
        return err;
    }
    vdev_uart_t *u = hal_sim_uart(port);
    armed_t a = { p, u };
    hal_deadline_t dl;
    hal_deadline_init(&dl, timeout_ms);
    int r = HAL_OK;
    cpu_cpsr_t s = port_cpsr_save();
    p->users++;
    while (!(vdev_uart_status(u) & VDEV_UART_TC)) {
        if (hal_wait_block(&p->idle_wait, &dl, s, uart_armed, &a) != HAL_OK) {
            r = HAL_ETIMEOUT;
            break;
        }
    }
    p->users--;
    uart_update_mask(p, u);
    port_cpsr_restore(s);
    return r;
}

int hal_uart_read(unsigned port, void *buf, size_t len, uint32_t timeout_ms)
{
    int err;
    uart_port_t *p = get_port(port, true, &err);
    if (!p) {
        return err;
    }
    if ((!buf && len) || len > INT_MAX) {
        return HAL_EINVAL;
    }
    vdev_uart_t *u = hal_sim_uart(port);
    cpu_cpsr_t s = port_cpsr_save();
    if (p->rx_cb && p->rx_count == 0u) {
        port_cpsr_restore(s);
        return HAL_ESTATE;
    }
    if (p->rx_count == 0u && timeout_ms != HAL_NO_WAIT && len) {
        if ((err = hal_can_block()) != HAL_OK || p->reader) {
            port_cpsr_restore(s);
            return err != HAL_OK ? err : HAL_EBUSY;
        }
        armed_t a = { p, u };
        hal_deadline_t dl;
        hal_deadline_init(&dl, timeout_ms);
        p->reader = k_curr_task;
        p->users++;
        while (p->open && p->rx_count == 0u) {
            if (hal_wait_block(&p->rx_wait, &dl, s, uart_armed, &a) != HAL_OK) {
                break;
            }
        }
        p->users--;
        p->reader = NULL;
    }
    uint8_t *out = buf;
    size_t n = 0u;
    while (n < len && p->rx_count) {
        out[n++] = p->rx_buf[p->rx_head];
        p->rx_head = (p->rx_head + 1u) % p->rx_size;
        p->rx_count--;
    }
    if (n && p->rx_full) {
        p->rx_full = false;     /* room again: let the handler drain the FIFO */
    }
    uart_update_mask(p, u);
    port_cpsr_restore(s);
    return (int)n;
}

int hal_uart_rx_available(unsigned port)
{
    int err;
    uart_port_t *p = get_port(port, true, &err);
    return p ? (int)p->rx_count : err;
}

int hal_uart_set_rx_callback(unsigned port, hal_uart_rx_cb_t cb, void *arg)
{
    int err;
    uart_port_t *p = get_port(port, true, &err);
    if (!p) {
        return err;
    }
    cpu_cpsr_t s = port_cpsr_save();
    if (cb && p->reader) {
        port_cpsr_restore(s);
        return HAL_EBUSY;
    }
    p->rx_cb = cb;
    p->rx_arg = arg;
    uart_update_mask(p, hal_sim_uart(port));
    port_cpsr_restore(s);
    return HAL_OK;
}

int hal_uart_set_tx_done_callback(unsigned port, hal_uart_tx_done_cb_t cb, void *arg)
{
    int err;
    uart_port_t *p = get_port(port, true, &err);
    if (!p) {
        return err;
    }
    cpu_cpsr_t s = port_cpsr_save();
    p->tx_cb = cb;
    p->tx_arg = arg;
    uart_update_mask(p, hal_sim_uart(port));
    port_cpsr_restore(s);
    return HAL_OK;
}
