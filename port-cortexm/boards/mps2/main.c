/*
 * main() of every app on the mps2 boards: start the kernel with the app's application_entry()
 * in a task, as the simulator's board does. Returns (and so exits) only if the kernel could
 * not start, or when a test halts it (port_cm_halt).
 */
#include <stdio.h>

#include "tos_k.h"

#include "board.h"

static k_task_t  app_task;
static k_stack_t app_stack[SPRIG_CFG_APP_TASK_STK_SIZE] __attribute__((aligned(8)));

int main(void)
{
    k_err_t err = tos_knl_init();

    if (err != K_ERR_NONE) {
        printf("sprig: tos_knl_init failed with error %d\n", (int)err);
        return 1;
    }
    err = tos_task_create(&app_task, "app", application_entry, NULL,
                          (k_prio_t)SPRIG_CFG_APP_TASK_PRIO, app_stack, sizeof app_stack, 0u);
    if (err != K_ERR_NONE) {
        printf("sprig: cannot create the application task: error %d\n", (int)err);
        return 1;
    }
    tos_knl_start();
    return 0;
}
