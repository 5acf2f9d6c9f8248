/* Kernel configuration of the conformance suite, with timer callbacks in the tick ISR and the
   idle task under power management with tickless sleep. */
#define TOS_CFG_TIMER_AS_PROC                       1u
#define TOS_CFG_PWR_MGR_EN                          1u
#define TOS_CFG_TICKLESS_EN                         1u
#include "../timer_task/tos_config.h"
