/*
 * Host C runtime calls as critical sections (see hostcall.def for the why and the list).
 *
 * The linker's --wrap turns every call to X in the program's objects (the C++ runtime and
 * mingw-w64's static libraries included) into __wrap_X, which masks interrupts, calls the
 * real X (__real_X) and unmasks them; an interrupt that arrived meanwhile is taken right after.
 * The time spent inside is host work, not simulated CPU work (see cpu_host_enter in cpu.h).
 * Calls from other host threads (device models, tests) go straight through: the virtual
 * PRIMASK belongs to the CPU thread.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

#include "hostcall.def"
