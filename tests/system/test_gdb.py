"""tools/gdb/sprig.py: gdb's view of Sprig tasks, on a program stopped with tasks blocked in
every way (tests/system/gdb_tasks)."""
import os
import re
import subprocess
import tempfile
import unittest

from simrun import binary

PROGRAM = binary("gdb_tasks")
GDB = os.environ.get("SPRIG_GDB", "gdb")
SOURCE_DIR = os.environ.get("SPRIG_SOURCE_DIR") or os.path.join(os.path.dirname(__file__),
                                                                 "..", "..")
SCRIPT = os.path.join(SOURCE_DIR, "tools", "gdb", "sprig.py")

MARK = "=== %s ==="


def gdb_session(*commands):
    """Run the program under gdb -batch to the breakpoint, run each command, then let the
    program finish. Returns {command: its output} and the whole transcript."""
    args = [GDB, "-nx", "-batch", "-ex", "set pagination off", "-ex", "set width 0",
            "-ex", "source " + SCRIPT, "-ex", "break gdb_tasks_stop_here", "-ex", "run"]
    for c in commands:
        args += ["-ex", "echo %s\\n" % (MARK % c), "-ex", c]
    args += ["-ex", "echo %s\\n" % (MARK % "end"), "-ex", "continue"]
    args += ["--args", PROGRAM, "--stop-at=1s"]
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=90)
    text = p.stdout.decode(errors="replace")
    parts = {}
    for c in commands:
        start = text.index(MARK % c) + len(MARK % c) + 1
        end = text.index("===", start)
        parts[c] = text[start:end]
    return parts, text


class Gdb(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.core = os.path.join(cls.tmp.name, "core")
        cls.out, cls.transcript = gdb_session(
            "info sprig-tasks", "sprig-bt sem_waiter", "sprig-bt mutex_waiter", "sprig-bt spinner",
            "sprig-bt ready", "sprig-bt app", "sprig-bt no_such_task", "bt",
            "gcore " + cls.core)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def rows(self):
        rows = {}
        for line in self.out["info sprig-tasks"].splitlines()[1:]:
            m = re.match(r"^([* ])\s+(\d+)\s+(\S+)\s+(\d+)(?: \(base \d+\))?\s+(\S+)\s+"
                         r"(\d+)/(\d+)/(\d+)\s*(.*)$", line)
            self.assertIsNotNone(m, "unexpected line: %r" % line)
            mark, tid, name, prio, state, now, peak, size, waiting = m.groups()
            rows[name] = dict(running=mark == "*", prio=int(prio), state=state, now=int(now),
                              peak=int(peak), size=int(size), waiting=waiting)
        return rows

    def test_every_task_with_its_state_and_priority(self):
        rows = self.rows()
        expect = {
            "idle": (9, "ready"),
            "app": (2, "running"),
            "sem_waiter": (3, "pend"),
            "sleeper": (5, "sleep"),
            "mutex_waiter": (6, "pend+sleep"),
            "suspended": (7, "suspended"),
            "spinner": (8, "ready"),
            "ready": (8, "ready"),
        }
        self.assertEqual({n: (r["prio"], r["state"]) for n, r in rows.items()}, expect,
                         self.out["info sprig-tasks"])
        self.assertEqual([n for n, r in rows.items() if r["running"]], ["app"])
        self.assertEqual(list(rows)[:2], ["idle", "app"])          # creation order
        self.assertIn("on gate, forever", rows["sem_waiter"]["waiting"])
        self.assertIn("on lock (mutex), until tick 50000", rows["mutex_waiter"]["waiting"])
        self.assertIn("until tick 100000", rows["sleeper"]["waiting"])
        for name, r in rows.items():
            self.assertGreaterEqual(r["size"], 1024 + 64 * 1024, name)   # stk_size + headroom
            self.assertTrue(0 < r["now"] <= r["peak"] <= r["size"], (name, r))

    def frames(self, command):
        return re.findall(r"^#(\d+)\s+(?:0x[0-9a-f]+ in )?(\w+)", self.out[command], re.M)

    def test_backtrace_of_a_blocked_task_shows_where_it_blocked(self):
        frames = self.frames("sprig-bt sem_waiter")
        names = [f for _, f in frames]
        self.assertEqual([int(n) for n, _ in frames], list(range(len(frames))))
        self.assertEqual(names[0], "cpu_switch_to_next")
        for fn in ("knl_sched", "pend_wait", "tos_sem_pend", "wait_for_sem",
                   "sem_waiter_entry", "cpu_task_entry"):
            self.assertIn(fn, names, self.out["sprig-bt sem_waiter"])
        self.assertLess(names.index("tos_sem_pend"), names.index("wait_for_sem"))
        self.assertIn("tos_mutex_pend_timed", [f for _, f in self.frames("sprig-bt mutex_waiter")])

    def test_backtrace_of_a_task_preempted_by_an_interrupt(self):
        # from the switch, through the ISR dispatch and the trampoline's interrupt frame (CFI),
        # into the code the interrupt preempted
        text = self.out["sprig-bt spinner"]
        names = [f for _, f in self.frames("sprig-bt spinner")]
        self.assertIn("<signal handler called>", text)
        for fn in ("cpu_switch_to_next", "cpu_dispatch", "cpu_irq_from_trampoline", "spin",
                   "spinner_entry"):
            self.assertIn(fn, names, text)
        self.assertLess(text.index("cpu_irq_from_trampoline"), text.index("<signal handler"))
        self.assertLess(text.index("<signal handler"), text.index(" spin ("))

    def test_a_task_that_never_ran_and_the_running_task(self):
        self.assertIn("task 'ready' has not run yet; it will start in ready_entry",
                      self.out["sprig-bt ready"])
        self.assertIn("is running", self.out["sprig-bt app"])
        self.assertEqual(self.frames("sprig-bt app")[0][1], "gdb_tasks_stop_here")
        self.assertIn("no task 'no_such_task'", self.out["sprig-bt no_such_task"])

    def test_the_session_is_left_as_it_was(self):
        # the real stack is untouched, and the program runs on to a normal end
        self.assertEqual(self.frames("bt")[0][1], "gdb_tasks_stop_here")
        self.assertIn("sem_waiter: posted", self.transcript)
        self.assertIn("gdb_tasks: done", self.transcript)
        self.assertRegex(self.transcript, r"\[Inferior 1 \(process \d+\) exited normally\]")


    def test_a_core_file_too(self):
        if not os.path.exists(self.core):
            self.skipTest("gcore could not write a core file here")
        p = subprocess.run([GDB, "-nx", "-batch", "-ex", "set width 0", "-ex", "source " + SCRIPT,
                            "-ex", "info sprig-tasks", "-ex", "sprig-bt sem_waiter",
                            PROGRAM, self.core],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=90)
        text = p.stdout.decode(errors="replace")
        self.assertRegex(text, r"\n\*\s+\d+\s+app\s+2\s+running")
        self.assertRegex(text, r"sem_waiter\s+3\s+pend\s")
        self.assertIn("in wait_for_sem ()", text)


if __name__ == "__main__":
    unittest.main()
