/*
 * The kernel in the minimal footprint configuration (tools/footprint/minimal/tos_config.h):
 * checks shared by the simulator's program (minimal_app.c) and the Cortex-M one
 * (tests/port-cortexm/min_tests.c).
 */
#ifndef SPRIG_MINIMAL_CHECKS_H
#define SPRIG_MINIMAL_CHECKS_H

#include <stdio.h>

extern int minimal_failures;

#define MIN_CHECK(cond) \
    do { \
        if (!(cond)) { \
            printf("FAIL: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
            minimal_failures++; \
        } \
    } while (0)

/* Tasks, semaphores and the tick, from a task (the caller's priority must leave two more urgent
   ones free). Prints a line per group; failures add to minimal_failures. Leaves tasks blocked
   forever (this configuration cannot destroy them). */
void minimal_checks(void);

#endif /* SPRIG_MINIMAL_CHECKS_H */
