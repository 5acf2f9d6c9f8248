/* The conformance suite's tick-ISR configuration (tests/kernel/config/timer_isr) with two of
   the port's footprint options the minimal configuration uses: interrupt nesting left to the
   hardware (PORT_CM_IRQ_NEST_COUNT 0) and critical sections as calls (PORT_CM_CRITICAL_INLINE
   0). Every case must behave as with the defaults. */
#define PORT_CM_IRQ_NEST_COUNT                      0
#define PORT_CM_CRITICAL_INLINE                     0
#include "../../kernel/config/timer_isr/tos_config.h"
