#ifndef SPRIG_TEST_FAULTS_H
#define SPRIG_TEST_FAULTS_H

#ifdef __cplusplus
extern "C" {
#endif

void fault_task_stack_overflow(void);
void fault_irq_stack_overflow(void);
void fault_kernel_assertion(void);
void fault_knl_panic_in_isr(void);
void fault_task_exit_sched_locked(void);
void fault_task_exit_in_isr(void);
void fault_bad_pointer_write(void);

#ifdef __cplusplus
}
#endif

#endif
