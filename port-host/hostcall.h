/*
 * Host library calls as critical sections, for each host port's hostcall.c (the list of calls
 * is its hostcall.def: the host C libraries differ).
 *
 * The linker's --wrap turns every call to X in the program's own objects into __wrap_X, which
 * masks interrupts, calls the real X (__real_X) and unmasks them; an interrupt that arrived
 * meanwhile is taken right after. A task preempted inside the library would otherwise leave its
 * locks held, or its state half-updated, for the next task. The time spent inside is host work,
 * not simulated CPU work (see cpu_host_enter in cpu.h). Calls from other host threads (device
 * models, tests) go straight through: the virtual PRIMASK belongs to the CPU thread.
 */
#ifndef PORT_HOST_HOSTCALL_H
#define PORT_HOST_HOSTCALL_H

#include "cpu.h"

#define HOST_CALL(ret, name, params, args) \
    ret __real_##name params; \
    ret __wrap_##name params; \
    ret __wrap_##name params \
    { \
        if (!cpu_on_cpu_thread()) { \
            return __real_##name args; \
        } \
        cpu_cpsr_t s_ = port_cpsr_save(); \
        cpu_host_enter(); \
        ret r_ = __real_##name args; \
        cpu_host_exit(); \
        port_cpsr_restore(s_); \
        return r_; \
    }
#define HOST_CALL_VOID(name, params, args) \
    void __real_##name params; \
    void __wrap_##name params; \
    void __wrap_##name params \
    { \
        if (!cpu_on_cpu_thread()) { \
            __real_##name args; \
            return; \
        } \
        cpu_cpsr_t s_ = port_cpsr_save(); \
        cpu_host_enter(); \
        __real_##name args; \
        cpu_host_exit(); \
        port_cpsr_restore(s_); \
    }
/* Variadic: written out in the host's hostcall.c, forwarding to a wrapped v-variant. */
#define HOST_CALL_VA(name)

#endif /* PORT_HOST_HOSTCALL_H */
