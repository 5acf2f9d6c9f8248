/*
 * hal_strerror(): the same text on every port. See hal/include/hal_err.h.
 */
#include "hal_err.h"

const char *hal_strerror(int err)
{
    switch (err) {
    case HAL_OK:          return "success";
    case HAL_EINVAL:      return "invalid argument";
    case HAL_ENODEV:      return "no such device (port, pin, bus, chip select or timer)";
    case HAL_ESTATE:      return "wrong state (not open, already open, or not an output)";
    case HAL_EBUSY:       return "busy (in use by another task or transfer)";
    case HAL_ETIMEOUT:    return "timed out";
    case HAL_ECONTEXT:    return "cannot block here (interrupt handler, kernel not started, "
                                 "or scheduler locked)";
    case HAL_ERANGE:      return "address or length out of range";
    case HAL_EALIGN:      return "misaligned (erase needs whole sectors; a program must stay "
                                 "within one page)";
    case HAL_ENOTERASED:  return "not erased: programming can only clear bits (1 -> 0); "
                                 "erase the sector first";
    case HAL_EIO:         return "device failure";
    case HAL_ENOTSUP:     return "not supported";
    default:              return err >= 0 ? "success" : "unknown error";
    }
}
