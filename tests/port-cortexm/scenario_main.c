/*
 * main() of the Cortex-M scenario programs (scenario.h): pick the scenario the semihosting
 * command line names, start the kernel with a 'main' task that runs it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tos_k.h"

#include "board.h"
#include "scenario.h"

static k_task_t  main_task;
static k_stack_t main_stack[2048] __attribute__((aligned(8)));
static void (*scenario)(void);

static void main_entry(void *arg)
{
    (void)arg;
    scenario();
    printf("FAIL: the scenario returned\n");
    exit(1);
}

int main(void)
{
    char cmd[128];
    const char *name = K_NULL;
    unsigned i;

    if (board_cmdline(cmd, sizeof cmd) >= 0 && strchr(cmd, ' ')) {
        name = strchr(cmd, ' ') + 1;
    }
    for (i = 0; name && i < cm_scenario_count; i++) {
        if (strcmp(name, cm_scenarios[i].name) == 0) {
            scenario = cm_scenarios[i].fn;
        }
    }
    if (!scenario) {
        printf("usage: %s SCENARIO (semihosting command line); scenarios:", cm_scenario_program);
        for (i = 0; i < cm_scenario_count; i++) {
            printf(" %s", cm_scenarios[i].name);
        }
        printf("\n");
        return 2;
    }
    printf("scenario %s on %s (%s)%s\n", name, SPRIG_BOARD_NAME, SPRIG_BOARD_CPU,
           cm_scenario_banner);
    if (tos_knl_init() != K_ERR_NONE ||
        tos_task_create(&main_task, "main", main_entry, K_NULL, SCENARIO_MAIN_PRIO, main_stack,
                        sizeof main_stack, 0u) != K_ERR_NONE) {
        printf("FAIL: cannot start the kernel\n");
        return 1;
    }
    tos_knl_start();
    return 1;
}
