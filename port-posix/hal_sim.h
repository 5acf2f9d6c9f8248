/*
 * The simulator's HAL implementation: what its files (hal_*.c) share. Not a public header.
 *
 * Drivers here are written like drivers for a real MCU: they program the device models
 * (devices-virtual/) through their register-like calls with interrupts masked, block tasks on
 * kernel wait lists until the device's interrupt handler wakes them, and never touch the host.
 */
#ifndef PORT_POSIX_HAL_SIM_H
#define PORT_POSIX_HAL_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include "tos_k.h"

#include "hal.h"
#include "hal_sim_board.h"

/* NVIC priority of every device interrupt (more urgent than the tick's usual 0xF0). */
#define HAL_SIM_IRQ_PRIO    0x80u

/* ---- waiting (kernel wait lists, so any kernel configuration works) ---- */

typedef struct {
    pend_obj_t pend;
} hal_wait_t;

typedef struct {
    bool     forever;
    k_tick_t deadline;          /* on the kernel's monotonic tick count */
} hal_deadline_t;

void hal_wait_init(hal_wait_t *w);
void hal_deadline_init(hal_deadline_t *d, uint32_t timeout_ms);
/* HAL_OK if the caller may block (a task, kernel running, scheduler unlocked), else
   HAL_ECONTEXT. */
int  hal_can_block(void);
/* Called with interrupts masked (`cpsr` is the state from before masking). Returns
   HAL_ETIMEOUT at once if the deadline has passed; otherwise blocks the caller on `w`, calls
   `armed(arg)` once it is on the wait list (to enable the interrupt that will wake it) and
   sleeps until woken or the deadline, and returns HAL_OK with interrupts masked again. The
   caller re-checks its condition either way. */
int  hal_wait_block(hal_wait_t *w, const hal_deadline_t *d, cpu_cpsr_t cpsr,
                    void (*armed)(void *arg), void *arg);
/* Wake every waiter (interrupts masked; from an ISR the switch happens at its exit, from a
   task call knl_sched() after unmasking). */
void hal_wait_wake(hal_wait_t *w);
bool hal_wait_has_waiters(const hal_wait_t *w);

/* A lock without priority inheritance, for serializing callers of one device. */
typedef struct {
    k_task_t  *owner;
    hal_wait_t wait;
} hal_lock_t;

void hal_lock_init(hal_lock_t *l);
/* HAL_OK (taken, or not needed before the kernel runs); HAL_ETIMEOUT; HAL_ECONTEXT (in an
   ISR, or it would have to block where the caller cannot). */
int  hal_lock_take(hal_lock_t *l, const hal_deadline_t *d);
void hal_lock_give(hal_lock_t *l);

/* ---- per-peripheral machine reset (hal_board.c calls them) ---- */

void hal_sim_uart_reset(void);
void hal_sim_gpio_reset(void);
void hal_sim_spi_reset(void);
void hal_sim_flash_reset(void);
void hal_sim_timer_reset(void);

/* --script (hal_script.c): load and bind FILE (0, or -1 with "FILE:LINE: reason" in err);
   start it after each machine reset; the exit status of a run ending with `code` (1 if an
   expectation is still waiting, said on stderr); release it. `end` is --stop-at. */
int  hal_sim_script_open(const char *path, sim_time_t end, char *err, size_t errlen);
void hal_sim_script_reset(void);
int  hal_sim_script_exit_code(int code);
void hal_sim_script_close(void);

/* The console (stdout) writer for uart0. */
void hal_sim_console_write(const void *buf, size_t n);

#endif /* PORT_POSIX_HAL_SIM_H */
