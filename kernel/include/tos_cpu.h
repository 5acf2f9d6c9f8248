/*
 * Critical sections (TencentOS Tiny compatible).
 *
 *     TOS_CPU_CPSR_ALLOC();      // declares the saved-state variable
 *     TOS_CPU_INT_DISABLE();     // mask interrupts, remembering the previous state
 *     ...
 *     TOS_CPU_INT_ENABLE();      // restore it: interrupts that arrived meanwhile run now
 *
 * Nesting is safe because each level restores what it saved. The port supplies
 * port_cpsr_save()/port_cpsr_restore() (see port.h); on the simulator they are a load and a
 * store, on Cortex-M a PRIMASK/BASEPRI access.
 */
#ifndef _TOS_CPU_H_
#define _TOS_CPU_H_

#include "port_cpu.h"

#define TOS_CPU_CPSR_ALLOC()    cpu_cpsr_t cpu_cpsr = (cpu_cpsr_t)0u
#define TOS_CPU_INT_DISABLE()   do { cpu_cpsr = port_cpsr_save(); } while (0)
#define TOS_CPU_INT_ENABLE()    do { port_cpsr_restore(cpu_cpsr); } while (0)

/* Function forms, for code that cannot use the macros. ISR-safe. */
static inline cpu_cpsr_t tos_cpu_cpsr_save(void)
{
    return port_cpsr_save();
}

static inline void tos_cpu_cpsr_restore(cpu_cpsr_t cpsr)
{
    port_cpsr_restore(cpsr);
}

#endif /* _TOS_CPU_H_ */
