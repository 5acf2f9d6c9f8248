// Host ports: faults stop the simulator with a report naming the task (death tests: each
// scenario, tests/port-posix/faults.c, runs in a child process: forked on POSIX, started
// again with CreateProcess on Windows).
#include <gtest/gtest.h>

extern "C" {
#include "ktest.h"
}
#include "faults.h"

// What differs between the hosts: how the crash is named, and the regular expressions
// GoogleTest has (POSIX extended ones; on Windows its "simple" ones, without bracket
// expressions).
#ifdef _WIN32
#define HEX     "0x\\w+"
#define NUMBER  "\\d+"
#define CRASH   "fatal exception ACCESS_VIOLATION"
#else
#define HEX     "0x[0-9a-f]+"
#define NUMBER  "[0-9]+"
#define CRASH   "fatal signal SIGSEGV"
#endif

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
                 "sprig: stack overflow in task 'deep' \\(fault at " HEX "; stack 2048 bytes");
}

TEST(StackGuard, InterruptStackOverflowIsReported)
{
    EXPECT_DEATH(run_scenario("irq_overflow", fault_irq_stack_overflow),
                 "sprig: stack overflow in the interrupt stack");
}

TEST(Faults, KernelAssertionStopsWithItsLocation)
{
    EXPECT_DEATH(run_scenario("assertion", fault_kernel_assertion),
                 "sprig: panic: 1 == two \\(.*faults.c:" NUMBER "\\) in task 'ktest'");
}

TEST(Faults, PanicReportsTheMessageAndWhere)
{
    EXPECT_DEATH(run_scenario("knl_panic", fault_knl_panic_in_isr),
                 "sprig: panic: the app gave up \\(app.c:42\\) in an interrupt of task 'ktest'");
}

TEST(Faults, TaskExitWithTheSchedulerLockedPanics)
{
    EXPECT_DEATH(run_scenario("task_exit_locked", fault_task_exit_sched_locked),
                 "sprig: panic: a task could not end .*: scheduler locked, in an ISR, or "
                 "not a task "
                 "\\(.*task.c:" NUMBER "\\) in task 'ktest'");
}

TEST(Faults, TaskExitInAnIsrPanics)
{
    EXPECT_DEATH(run_scenario("task_exit_isr", fault_task_exit_in_isr),
                 "sprig: panic: a task could not end .*: scheduler locked, in an ISR, or "
                 "not a task "
                 "\\(.*task.c:" NUMBER "\\) in an interrupt of task 'ktest'");
}

TEST(Faults, CrashNamesTheRunningTask)
{
    EXPECT_DEATH(run_scenario("bad_pointer", fault_bad_pointer_write),
                 "sprig: " CRASH " \\(address 0x10, pc " HEX "\\) while running task 'ktest'");
}
