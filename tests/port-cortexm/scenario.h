/*
 * The Cortex-M scenario programs (port_tests.c, min_tests.c): one scenario per run, named on the
 * semihosting command line, run in a task called 'main' (scenario_main.c has main()).
 */
#ifndef SPRIG_CM_SCENARIO_H
#define SPRIG_CM_SCENARIO_H

#define SCENARIO_MAIN_PRIO  4u      /* the 'main' task's priority */

typedef struct {
    const char *name;
    void (*fn)(void);               /* must not return: it ends the run (exit, fault, panic) */
} cm_scenario_t;

/* Provided by each program: its scenarios, and the words its banner and usage print. */
extern const cm_scenario_t cm_scenarios[];
extern const unsigned cm_scenario_count;
extern const char cm_scenario_program[];    /* e.g. "port_tests" */
extern const char cm_scenario_banner[];     /* after "scenario X on BOARD (CPU)", may be "" */

#endif /* SPRIG_CM_SCENARIO_H */
