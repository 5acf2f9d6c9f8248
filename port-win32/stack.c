/*
 * Task stacks on Windows: every task is a fiber, whose stack Windows reserves at the size the
 * app asked for plus PORT_HOST_STACK_HEADROOM and commits as it grows, with a guard page
 * below the committed part. An overflow runs into the end of the reservation and raises
 * STATUS_STACK_OVERFLOW at the faulting instruction, with the stack guarantee left for the
 * handler; the vectored exception handler here names the task and ends the process.
 *
 * Stack use is measured by scanning the committed pages for the lowest byte ever written:
 * fibers are created fresh for every task, and fresh pages are zero.
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tos_k.h"

#include "arch.h"
#include "cpu.h"
#include "fault_report.h"
#include "stack.h"
#include "stack_list.h"

struct port_stack {
    stack_node_t        node;           /* first: the lists (stack_list.h) */
    void               *fiber;
    void              (*entry)(void *);
    void               *arg;
    size_t              reserve;        /* what was asked for */
    uintptr_t           lo;             /* the reservation, once the fiber has started */
    uintptr_t           hi;
};

static void cpu_stack_started(struct port_stack *s);

static VOID CALLBACK stack_fiber_proc(LPVOID param)
{
    struct port_stack *s = param;
    cpu_stack_started(s);
    s->entry(s->arg);
    /* entry functions never return (a task ends through the kernel's exit function) */
    TerminateProcess(GetCurrentProcess(), 3);
}

struct port_stack *cpu_stack_alloc(size_t usable, k_task_t *owner, void (*entry)(void *),
                                   void *arg)
{
    cpu_cpsr_t cpsr = port_cpsr_save();
    struct port_stack *s = calloc(1u, sizeof *s);
    if (s) {
        s->node.owner = owner;
        s->entry = entry;
        s->arg = arg;
        s->reserve = usable;
        cpu_host_enter();
        s->fiber = CreateFiberEx(0, usable, 0, stack_fiber_proc, s);
        cpu_host_exit();
        if (!s->fiber) {
            free(s);
            s = NULL;
        } else {
            stack_list_link(&s->node);
        }
    }
    port_cpsr_restore(cpsr);
    return s;
}

void *cpu_task_stack_create(k_task_t *task, size_t usable)
{
    struct port_stack *s = cpu_stack_alloc(usable, task, cpu_task_entry, task);
    if (!s) {
        return NULL;
    }
    task->port_stack = s;
    return s->fiber;                /* what cpu_switch_to_next switches to */
}

/* Called on the fiber itself when it starts: records where its stack is. */
static void cpu_stack_started(struct port_stack *s)
{
    MEMORY_BASIC_INFORMATION mbi;
    const NT_TIB *tib = arch_current_tib();

    /* the reservation: from its allocation base up to the stack base */
    s->hi = (uintptr_t)tib->StackBase;
    if (VirtualQuery(tib->StackLimit, &mbi, sizeof mbi) == sizeof mbi) {
        s->lo = (uintptr_t)mbi.AllocationBase;
    }
}

void cpu_stack_free(struct port_stack *s)
{
    cpu_cpsr_t cpsr = port_cpsr_save();
    stack_list_unlink(&s->node);
    cpu_host_enter();
    DeleteFiber(s->fiber);
    cpu_host_exit();
    free(s);
    port_cpsr_restore(cpsr);
}

void *cpu_stack_fiber(const struct port_stack *s)
{
    return s->fiber;
}

size_t cpu_stack_size(const struct port_stack *s)
{
    return s->hi ? (size_t)(s->hi - s->lo) : s->reserve;
}

size_t cpu_stack_depth(const struct port_stack *s)
{
    uintptr_t a = s->lo;

    if (!s->hi) {
        return 0u;              /* never ran */
    }
    /* walk the reservation bottom-up; read only committed, accessible pages (touching the
       guard page would move it) */
    while (a < s->hi) {
        MEMORY_BASIC_INFORMATION mbi;
        if (VirtualQuery((const void *)a, &mbi, sizeof mbi) != sizeof mbi) {
            break;
        }
        uintptr_t end = (uintptr_t)mbi.BaseAddress + mbi.RegionSize;
        if (end > s->hi) {
            end = s->hi;
        }
        if (mbi.State == MEM_COMMIT && !(mbi.Protect & (PAGE_GUARD | PAGE_NOACCESS))) {
            const uint64_t *w = (const uint64_t *)a;
            const uint64_t *e = (const uint64_t *)end;
            while (w < e && *w == 0u) {
                w++;
            }
            if (w < e) {
                const uint8_t *p = (const uint8_t *)w;
                while (*p == 0u) {
                    p++;
                }
                return (size_t)(s->hi - (uintptr_t)p);
            }
        }
        a = end;
    }
    return 0u;
}

/* ------------------------------------------------------------------------------------------ */
/* fault reports: no C runtime (its locks may be held), straight to the stderr handle          */

void fault_write(const char *s, size_t n)
{
    DWORD written;
    WriteFile(GetStdHandle(STD_ERROR_HANDLE), s, (DWORD)n, &written, NULL);
}

void fault_abort(void)
{
    if (IsDebuggerPresent()) {
        DebugBreak();
    }
    /* exit status 3, like abort(), without the C runtime's abort message or dialog */
    TerminateProcess(GetCurrentProcess(), 3);
    for (;;) {
    }
}

static const struct port_stack *stack_of_fiber(void *fiber)
{
    for (const stack_node_t *n = stack_list_live(); n; n = n->next) {
        const struct port_stack *s = (const struct port_stack *)(const void *)n;
        if (s->fiber == fiber) {
            return s;
        }
    }
    return NULL;
}

static const char *exception_name(DWORD code)
{
    switch (code) {
    case EXCEPTION_ACCESS_VIOLATION:        return "ACCESS_VIOLATION";
    case EXCEPTION_STACK_OVERFLOW:          return "STACK_OVERFLOW";
    case EXCEPTION_ILLEGAL_INSTRUCTION:     return "ILLEGAL_INSTRUCTION";
    case EXCEPTION_PRIV_INSTRUCTION:        return "PRIV_INSTRUCTION";
    case EXCEPTION_INT_DIVIDE_BY_ZERO:      return "INT_DIVIDE_BY_ZERO";
    case EXCEPTION_INT_OVERFLOW:            return "INT_OVERFLOW";
    case EXCEPTION_IN_PAGE_ERROR:           return "IN_PAGE_ERROR";
    case EXCEPTION_DATATYPE_MISALIGNMENT:   return "DATATYPE_MISALIGNMENT";
    case EXCEPTION_ARRAY_BOUNDS_EXCEEDED:   return "ARRAY_BOUNDS_EXCEEDED";
    case EXCEPTION_FLT_DIVIDE_BY_ZERO:      return "FLT_DIVIDE_BY_ZERO";
    case EXCEPTION_FLT_INVALID_OPERATION:   return "FLT_INVALID_OPERATION";
    case EXCEPTION_FLT_OVERFLOW:            return "FLT_OVERFLOW";
    case EXCEPTION_FLT_UNDERFLOW:           return "FLT_UNDERFLOW";
    case EXCEPTION_FLT_INEXACT_RESULT:      return "FLT_INEXACT_RESULT";
    case EXCEPTION_FLT_DENORMAL_OPERAND:    return "FLT_DENORMAL_OPERAND";
    case EXCEPTION_FLT_STACK_CHECK:         return "FLT_STACK_CHECK";
    default:                                return NULL;
    }
}

/*
 * First look at every exception in the process. Only a fatal one in the program's own code
 * (or a stack overflow anywhere on the CPU thread) is ours: DLLs probe memory under their own
 * handlers, and C++ exceptions and debugger notifications are not faults. The report is
 * printed, then the process ends with the exception code as exit status; under a debugger,
 * the exception goes on to it instead (it stops at the faulting instruction).
 */
static LONG CALLBACK cpu_on_exception(EXCEPTION_POINTERS *ep)
{
    const EXCEPTION_RECORD *er = ep->ExceptionRecord;
    DWORD code = er->ExceptionCode;
    uintptr_t pc = (uintptr_t)er->ExceptionAddress;
    bool on_cpu = cpu_on_cpu_thread();
    const char *name = exception_name(code);

    if (!name) {
        return EXCEPTION_CONTINUE_SEARCH;
    }
    if (!(code == EXCEPTION_STACK_OVERFLOW && on_cpu) && !arch_pc_in_image(pc)) {
        return EXCEPTION_CONTINUE_SEARCH;
    }
    if (on_cpu) {
        port_cpu_primask = 1u;          /* no interrupt in the middle of the report */
    }
    const struct port_stack *s = on_cpu ? stack_of_fiber(arch_current_fiber()) : NULL;
    if (code == EXCEPTION_STACK_OVERFLOW && s) {
        fault_report_overflow(s->node.owner, arch_ctx_sp(ep->ContextRecord));
    } else {
        uintptr_t addr = (uintptr_t)er->ExceptionInformation[1];
        bool has_addr = code == EXCEPTION_ACCESS_VIOLATION || code == EXCEPTION_IN_PAGE_ERROR;
        fault_report_fatal("exception", name, has_addr ? &addr : NULL, pc, on_cpu,
                           s && s->node.owner);
    }
    if (IsDebuggerPresent()) {
        return EXCEPTION_CONTINUE_SEARCH;
    }
    TerminateProcess(GetCurrentProcess(), code);
    return EXCEPTION_CONTINUE_SEARCH;
}

void cpu_faults_install(void)
{
    AddVectoredExceptionHandler(1, cpu_on_exception);
}
