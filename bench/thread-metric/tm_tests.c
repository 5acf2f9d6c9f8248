/*
 * The eight Thread-Metric tests, in the order the suite publishes them.
 */
#include <string.h>

#include "tm_test.h"

const tm_test_t *const tm_tests[] = {
    &tm_basic_processing,
    &tm_cooperative_scheduling,
    &tm_preemptive_scheduling,
    &tm_interrupt_processing,
    &tm_interrupt_preemption_processing,
    &tm_message_processing,
    &tm_synchronization_processing,
    &tm_memory_allocation,
};

const unsigned tm_test_count = sizeof tm_tests / sizeof tm_tests[0];

const tm_test_t *tm_test_find(const char *name)
{
    for (unsigned i = 0; i < tm_test_count; i++) {
        if (strcmp(tm_tests[i]->name, name) == 0) {
            return tm_tests[i];
        }
    }
    return NULL;
}
