// Win32 port: faults stop the simulator with a report naming the task (death tests: each
// scenario runs in a child process, which GoogleTest starts with CreateProcess). The scenarios
// are the POSIX port's (tests/port-posix/faults.c); the reports name Windows exceptions.
// GoogleTest's regular expressions are its "simple" ones on Windows: no bracket expressions.
#include <gtest/gtest.h>

extern "C" {
#include "ktest.h"
}
#include "faults.h"

namespace {

void run_scenario(const char *name, ktest_fn_t fn)
{
    ktest_case_t c = { "faults", name, fn, 0 };
    char msg[1024];
    ktest_run(&c, msg, sizeof msg);
    // Reaching here means the fault did not stop the machine.
    fprintf(stderr, "scenario survived: %s\n", msg);
    std::exit(0);
}

}  // namespace

TEST(StackGuard, TaskOverflowIsReportedWithTheTaskName)
{
    EXPECT_DEATH(run_scenario("task_overflow", fault_task_stack_overflow),
                 "sprig: stack overflow in task 'deep' \\(fault at 0x\\w+; stack 2048 bytes");
}

TEST(StackGuard, InterruptStackOverflowIsReported)
{
    EXPECT_DEATH(run_scenario("irq_overflow", fault_irq_stack_overflow),
                 "sprig: stack overflow in the interrupt stack");
}

TEST(Faults, KernelAssertionStopsWithItsLocation)
{
    EXPECT_DEATH(run_scenario("assertion", fault_kernel_assertion),
                 "sprig: panic: 1 == two \\(.*faults.c:\\d+\\) in task 'ktest'");
}

TEST(Faults, CrashNamesTheRunningTask)
{
    EXPECT_DEATH(run_scenario("bad_pointer", fault_bad_pointer_write),
                 "sprig: fatal exception ACCESS_VIOLATION \\(address 0x10, pc 0x\\w+\\) "
                 "while running task 'ktest'");
}
