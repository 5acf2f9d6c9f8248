/* The POSIX layer suite's configuration with kernel timer callbacks in the tick ISR (the timer
   and clock cases run against it too: notifications are then posted from an ISR). */
#define TOS_CFG_TIMER_AS_PROC                       1u
#include "../tos_config.h"
