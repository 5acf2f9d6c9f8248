/* Kernel configuration of the conformance suite, with timer callbacks in the tick ISR. */
#define TOS_CFG_TIMER_AS_PROC                       1u
#include "../timer_task/tos_config.h"
