/*
 * The minimal footprint configuration on the simulator: minimal_checks, the verdict, then a
 * task that returns from its entry, which in this configuration (no task destroy) stops the
 * system with a panic. tests/minimal/test_minimal.py checks all three.
 */
#include "tos_k.h"

#include "minimal_checks.h"

static k_task_t  returner;
static k_stack_t returner_stack[1024];

static void returner_entry(void *arg)
{
    (void)arg;                          /* and return */
}

void application_entry(void *arg)
{
    (void)arg;
    minimal_checks();
    printf("minimal: %s\n", minimal_failures ? "FAILED" : "PASSED");
    printf("task 'returner' returns from its entry\n");
    fflush(stdout);
    (void)tos_task_create(&returner, "returner", returner_entry, K_NULL, 1u, returner_stack,
                          sizeof returner_stack, 0u);
    printf("FAIL: the system goes on\n");
    for (;;) {
        (void)tos_task_delay(1000u);
    }
}
