/*
 * Sprig HAL: error codes and calling contexts, shared by every HAL header.
 *
 * Every HAL call returns an int: 0 (HAL_OK) or a non-negative count on success, or one of the
 * negative codes below. Each call's documentation lists the codes it can return.
 *
 * Contexts:
 *   task context   a task, after tos_knl_start(). Calls marked "task context" may block
 *                  (other tasks run meanwhile); elsewhere (in an ISR, before the kernel runs,
 *                  with the scheduler locked) they return HAL_ECONTEXT without doing anything.
 *   any context    task, ISR or before the kernel starts; never blocks.
 *   ISR context    callbacks registered with the HAL run inside the peripheral's interrupt
 *                  handler: keep them short, and use only kernel calls allowed in an ISR
 *                  (posting a semaphore or queue is fine; pending on one is not).
 *
 * Timeouts are in milliseconds: HAL_NO_WAIT (0) never waits, HAL_WAIT_FOREVER waits as long as
 * needed. A timeout is rounded up to whole kernel ticks.
 */
#ifndef HAL_ERR_H
#define HAL_ERR_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HAL_OK               0
#define HAL_EINVAL          (-1)    /* invalid argument: NULL buffer, bad configuration value */
#define HAL_ENODEV          (-2)    /* no such port, pin, bus, chip select, device or timer */
#define HAL_ESTATE          (-3)    /* wrong state: not open, already open, pin not an output */
#define HAL_EBUSY           (-4)    /* in use: another reader, a held chip select, ... */
#define HAL_ETIMEOUT        (-5)    /* the timeout passed first */
#define HAL_ECONTEXT        (-6)    /* would block where blocking is impossible (ISR, kernel
                                       not started, scheduler locked) */
#define HAL_ERANGE          (-7)    /* address or length outside the device */
#define HAL_EALIGN          (-8)    /* not on the required boundary (erase not whole sectors,
                                       program crossing a page) */
#define HAL_ENOTERASED      (-9)    /* flash: programming can only clear bits; erase first */
#define HAL_EIO             (-10)   /* the device failed */
#define HAL_ENOTSUP         (-11)   /* not supported by this port or device */

#define HAL_NO_WAIT          0u
#define HAL_WAIT_FOREVER     UINT32_MAX

/* A one-line description of a HAL error code ("not erased: programming can only clear bits
   (1 -> 0); erase the sector first"). Any context. */
const char *hal_strerror(int err);

#ifdef __cplusplus
}
#endif

#endif /* HAL_ERR_H */
