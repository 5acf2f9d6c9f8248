# Sprig task awareness for gdb (simulator builds of the POSIX port).
#
#   (gdb) source tools/gdb/sprig.py
#   (gdb) info sprig-tasks          every task: number, name, priority, state, stack use, what
#                                   it waits for; the running one marked with '*'
#   (gdb) sprig-bt consumer         backtrace of a task that is switched out (by name, number
#                                   or k_task_t address); of the running task, a plain backtrace
#
# To have it in every session, put `source /path/to/sprig/tools/gdb/sprig.py` in ~/.gdbinit: it
# stays quiet for programs that are not Sprig simulators (the commands say so when used).
#
# How it reads the kernel (its state block k_knl, kernel/include/tos_global.h): the task list
# is k_knl.stat_list (linked through k_task_t.stat_list), the running task k_knl.curr_task
# (k_curr_task in C), the tick count k_knl.tick_count; the state is the K_TASK_STATE_* flag set
# in k_task_t.state, and the port's struct port_stack (port-posix/stack.c) gives each task's stack mapping
# [lo, hi). A switched-out task's k_task_t.sp points at the voluntary-switch frame that
# arch_ctx_switch left (port-posix/switch_x86_64.S, switch_aarch64.S); sprig-bt hands gdb the
# registers saved there through a Python frame unwinder, and gdb's own unwinding (CFI) does the
# rest, including the way out of the interrupt trampoline for a task that an interrupt preempted.

import re

import gdb
import gdb.unwinder

# K_TASK_STATE_* (kernel/include/tos_task.h); READY is 0. Listed in the order they are shown.
K_TASK_STATE_BITS = ((0x02, "pend"), (0x01, "sleep"), (0x04, "suspended"), (0x08, "deleted"))


class SprigError(gdb.GdbError):
    pass


def _eval(expr):
    try:
        return gdb.parse_and_eval(expr)
    except gdb.error as e:
        raise SprigError("sprig: %s: %s (is this a Sprig simulator program with debug info?)"
                         % (expr, e))


def _field_offset(struct_type, name):
    for f in struct_type.strip_typedefs().fields():
        if f.name == name:
            return f.bitpos // 8
    raise SprigError("sprig: k_task_t has no field '%s'" % name)


def _task_type():
    try:
        return gdb.lookup_type("k_task_t")
    except gdb.error:
        raise SprigError("sprig: no type k_task_t (not a Sprig program, or no debug info)")


def _has_field(value, name):
    return any(f.name == name for f in value.type.strip_typedefs().fields())


def tasks():
    """Every task on k_knl.stat_list, in creation order (oldest first)."""
    ttype = _task_type()
    off = _field_offset(ttype, "stat_list")
    head = _eval("&k_knl.stat_list")
    char_p = gdb.lookup_type("char").pointer()
    node = head["next"]
    found = []
    guard = 0
    while int(node) != int(head):
        task = (node.cast(char_p) - off).cast(ttype.pointer())
        found.append(task)
        node = node["next"]
        guard += 1
        if guard > 100000:
            raise SprigError("sprig: k_knl.stat_list does not come back to its head (corrupt?)")
    found.reverse()          # the kernel adds at the head: newest first
    if found and _has_field(found[0].dereference(), "port_task_id"):
        found.sort(key=lambda t: int(t["port_task_id"]))
    return found


def task_name(task):
    try:
        return task["name"].string(length=16).split("\0", 1)[0]
    except gdb.error:
        return "?"


def task_id(task):
    return int(task["port_task_id"]) if _has_field(task.dereference(), "port_task_id") else 0


def current_task():
    cur = _eval("k_knl.curr_task")
    return int(cur)


def state_text(task, running):
    state = int(task["state"])
    if running:
        return "running"
    if state == 0:
        return "ready"
    names = [name for bit, name in K_TASK_STATE_BITS if state & bit]
    unknown = state & ~0x0F
    if unknown:
        names.append("0x%x" % unknown)
    return "+".join(names)


def _symbol_at(addr):
    """'name' or 'name+off' for a static object at addr, or the address."""
    try:
        text = gdb.execute("info symbol 0x%x" % addr, to_string=True).strip()
    except gdb.error:
        text = ""
    m = re.match(r"^(\S+)(?: \+ (\d+))? in section", text)
    if not m:
        return "0x%x" % addr
    return m.group(1)


def _tick_count():
    try:
        return int(gdb.parse_and_eval("k_knl.tick_count"))
    except gdb.error:
        return None


def waiting_text(task):
    state = int(task["state"])
    parts = []
    if state & 0x02:
        obj = int(task["pending_obj"])
        what = _symbol_at(obj) if obj else "?"
        if _has_field(task.dereference(), "pending_mutex") and int(task["pending_mutex"]):
            what = _symbol_at(int(task["pending_mutex"])) + " (mutex)"
        parts.append("on " + what)
    if state & 0x01:
        expires = int(task["tick_expires"])
        now = _tick_count()
        if now is not None:
            parts.append("until tick %d (%d from now)" % (expires, expires - now))
        else:
            parts.append("until tick %d" % expires)
    elif state & 0x02:
        parts.append("forever")
    return ", ".join(parts)


def stack_text(task, running):
    """'now/peak/size' bytes from the port's stack map."""
    if not _has_field(task.dereference(), "port_stack"):
        return "?"
    ps = task["port_stack"]
    if int(ps) == 0:
        return "-"
    try:
        lo = int(ps["lo"])
        hi = int(ps["hi"])
    except gdb.error:
        return "? (no debug info for struct port_stack)"
    size = hi - lo
    sp = int(task["sp"])
    if running:
        try:
            cur = int(gdb.newest_frame().read_register("sp"))
            if lo <= cur < hi:
                sp = cur
        except gdb.error:
            pass
    now = hi - sp if lo <= sp <= hi else 0
    peak = "?"
    try:
        mem = bytes(gdb.selected_inferior().read_memory(lo, size))
        peak = str(size - (len(mem) - len(mem.lstrip(b"\0"))) if mem.strip(b"\0") else 0)
    except gdb.MemoryError:
        pass
    return "%d/%s/%d" % (now, peak, size)


def prio_text(task):
    prio = int(task["prio"])
    base = int(task["prio_base"])
    return str(prio) if prio == base else "%d (base %d)" % (prio, base)


class InfoSprigTasks(gdb.Command):
    """List Sprig tasks: number, name, priority, state, stack use (bytes now/peak/size of the
host stack mapping) and what the task waits for. '*' marks the running task."""

    def __init__(self):
        super().__init__("info sprig-tasks", gdb.COMMAND_STATUS)

    def invoke(self, arg, from_tty):
        cur = current_task()
        rows = []
        for t in tasks():
            running = int(t) == cur
            rows.append(("*" if running else " ", str(task_id(t)), task_name(t), prio_text(t),
                         state_text(t, running), stack_text(t, running), waiting_text(t)))
        if not rows:
            gdb.write("No Sprig tasks (the kernel has not been initialised).\n")
            return
        head = (" ", "ID", "Name", "Prio", "State", "Stack now/peak/size", "Waiting")
        widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
        for r in [head] + rows:
            line = "  ".join(c.ljust(widths[i]) if i < len(r) - 1 else c
                             for i, c in enumerate(r))
            gdb.write(line.rstrip() + "\n")
        try:
            depth = int(_eval("port_cpu_irq_depth"))
            if depth:
                gdb.write("(the CPU is in an interrupt handler, nesting %d)\n" % depth)
        except SprigError:
            pass


# ---- backtraces of switched-out tasks ----

def _arch():
    return gdb.newest_frame().architecture().name()


def _has_text_symbol(name):
    try:
        gdb.parse_and_eval("(long)&%s" % name)
        return True
    except gdb.error:
        return False


def saved_registers(task):
    """The registers a switched-out task resumes with, from its voluntary-switch frame."""
    sp = int(task["sp"])
    arch = _arch()
    inferior = gdb.selected_inferior()
    if not _has_text_symbol("arch_irq_trampoline"):
        raise SprigError("sprig-bt: this build uses the ucontext context switch; only the "
                         "assembly switch (x86-64, AArch64) is supported")

    def words(n):
        return [int.from_bytes(bytes(inferior.read_memory(sp + 8 * i, 8)), "little")
                for i in range(n)]

    if "x86-64" in arch:
        # +0 x87 CW/MXCSR, +8 r15 r14 r13 r12 rbx rbp, +56 return address
        w = words(8)
        return {"r15": w[1], "r14": w[2], "r13": w[3], "r12": w[4], "rbx": w[5],
                "rbp": w[6], "rip": w[7], "rsp": sp + 64}
    if "aarch64" in arch:
        # +0 x19..x28, +80 x29 x30, +96 d8..d15, +160 FPCR; 176 bytes
        w = words(12)
        regs = {"x%d" % (19 + i): w[i] for i in range(10)}
        regs.update({"x29": w[10], "x30": w[11], "pc": w[11], "sp": sp + 176})
        return regs
    raise SprigError("sprig-bt: unsupported architecture %s" % arch)


class _FrameId:
    def __init__(self, sp, pc):
        self.sp = sp
        self.pc = pc


class SwitchedOutUnwinder(gdb.unwinder.Unwinder):
    """While `regs` is set, gdb's newest frame unwinds into those registers: the frames above it
    are the switched-out task's."""

    def __init__(self):
        super().__init__("sprig-switched-out")
        self.regs = None
        self.frame0 = None

    def __call__(self, pending_frame):
        if self.regs is None:
            return None
        sp_reg = "rsp" if "rsp" in self.regs else "sp"
        pc_reg = "rip" if "rip" in self.regs else "pc"
        sp = int(pending_frame.read_register(sp_reg))
        pc = int(pending_frame.read_register(pc_reg))
        if (sp, pc) != self.frame0:
            return None
        ptr = gdb.lookup_type("void").pointer()
        # The frame id's stack address is 0 so gdb does not compare it with the task's frames,
        # which are on another stack ("previous frame inner to this frame").
        info = pending_frame.create_unwind_info(_FrameId(gdb.Value(0).cast(ptr),
                                                         gdb.Value(pc).cast(ptr)))
        for name, value in self.regs.items():
            info.add_saved_register(name, gdb.Value(value).cast(ptr))
        return info


_unwinder = SwitchedOutUnwinder()
gdb.unwinder.register_unwinder(None, _unwinder, replace=True)


def find_task(spec):
    spec = spec.strip()
    if not spec:
        raise SprigError("usage: sprig-bt TASK  (a name, a task number or a k_task_t address)")
    all_tasks = tasks()
    for t in all_tasks:
        if task_name(t) == spec:
            return t
    if spec.isdigit():
        for t in all_tasks:
            if task_id(t) == int(spec):
                return t
    try:
        addr = int(gdb.parse_and_eval(spec))
    except gdb.error:
        addr = None
    for t in all_tasks:
        if addr is not None and int(t) == addr:
            return t
    raise SprigError("sprig-bt: no task '%s' (see info sprig-tasks)" % spec)


def _renumbered_backtrace(text):
    """Drop gdb's frame #0 (the real one) and number the task's frames from #0."""
    out = []
    for line in text.splitlines():
        m = re.match(r"^#(\d+)(\s+)(.*)$", line)
        if m:
            n = int(m.group(1))
            if n == 0:
                continue
            label = "#%d" % (n - 1)
            out.append(label + " " * max(1, len(m.group(1)) + len(m.group(2)) + 1 - len(label))
                       + m.group(3))
        elif out:
            out.append(line)
    return "\n".join(out) + "\n"


class SprigBacktrace(gdb.Command):
    """Backtrace of a Sprig task: sprig-bt TASK (name, task number or k_task_t address).
A switched-out task is unwound from the context it saved when it was switched out."""

    def __init__(self):
        super().__init__("sprig-bt", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        task = find_task(arg)
        if int(task) == current_task():
            gdb.write("task '%s' is running:\n" % task_name(task))
            gdb.execute("backtrace", from_tty)
            return
        regs = saved_registers(task)
        pc = regs.get("rip", regs.get("pc"))
        try:
            start = int(gdb.parse_and_eval("(long)&arch_ctx_start"))
        except gdb.error:
            start = None
        if pc == start:
            # a fresh context: its "return address" is the first instruction of arch_ctx_start,
            # not a call site, so there is nothing to unwind
            gdb.write("task '%s' has not run yet; it will start in %s (arg %s)\n"
                      % (task_name(task), _symbol_at(int(task["entry"])), task["arg"]))
            return
        selected = gdb.selected_frame()
        level = 0
        f = selected
        while f.newer() is not None:
            f = f.newer()
            level += 1
        newest = gdb.newest_frame()
        sp_reg = "rsp" if "rsp" in regs else "sp"
        pc_reg = "rip" if "rip" in regs else "pc"
        _unwinder.frame0 = (int(newest.read_register(sp_reg)), int(newest.read_register(pc_reg)))
        _unwinder.regs = regs
        gdb.invalidate_cached_frames()
        try:
            text = gdb.execute("backtrace", False, to_string=True)
        finally:
            _unwinder.regs = None
            _unwinder.frame0 = None
            gdb.invalidate_cached_frames()
            f = gdb.newest_frame()
            for _ in range(level):
                if f.older() is None:
                    break
                f = f.older()
            f.select()
        gdb.write("task '%s' (%s), switched out:\n" % (task_name(task),
                                                      state_text(task, False)))
        gdb.write(_renumbered_backtrace(text))


InfoSprigTasks()
SprigBacktrace()
