"""apps/shell-demo driven like a person at a terminal (pexpect, uart0 on stdio), through a pty
as picocom would, and by --script, whose runs must repeat exactly (identical traces).

Host-time limits are generous and only stop a hung run; nothing asserts on host time."""
import os
import re
import subprocess
import tempfile
import termios
import tty
import unittest

import pexpect

from simrun import binary, read_until, run

DEMO = binary("shell-demo")
PROMPT = "tshell> "
EOL = r"\r+\n"          # the terminal's output processing turns "\r\n" into "\r\r\n"


class Terminal(unittest.TestCase):
    """uart0 on stdio, stdin a terminal."""

    def setUp(self):
        # (GPIO changes are logged on stderr, which is this terminal too: not here)
        self.sh = pexpect.spawn(DEMO, ["--gpio-log=none"], timeout=20, encoding="utf-8")
        self.addCleanup(self.sh.close, force=True)
        self.sh.expect_exact("Sprig shell demo: type 'help'")
        self.sh.expect_exact(PROMPT)

    def command(self, line):
        """Type `line` and Enter; return what the shell printed before the next prompt, with
        the echoed line removed and line ends as "\n"."""
        self.sh.send(line + "\r")
        self.sh.expect_exact(PROMPT)
        out = re.sub(EOL, "\n", self.sh.before)
        echo, _, rest = out.partition("\n")
        if len(line) <= 79:
            self.assertEqual(echo, line)           # the shell echoes what was typed
        return rest

    def test_help_lists_the_builtins_and_the_apps_commands(self):
        out = self.command("help")
        names = [l.split()[0] for l in out.splitlines()]
        self.assertEqual(names, ["help", "ps", "free", "uptime", "gpio", "led", "echo"], out)
        self.assertIn("led N on|off|toggle", out)
        self.assertEqual(self.command("help ps").strip(),
                         "ps         tasks: name, priority, state, stack high-water mark")

    def test_ps_shows_every_task_with_priority_state_and_stack(self):
        out = self.command("ps")
        lines = out.splitlines()
        self.assertEqual(lines[0].split(), ["NAME", "PRIO", "STATE", "STACK", "USED/SIZE"])
        rows = {}
        for l in lines[1:]:
            m = re.match(r"^(\S+)\s+(\d+)\s+(\S+)\s+(\d+)/(\d+)$", l)
            self.assertIsNotNone(m, l)
            rows[m.group(1)] = (int(m.group(2)), m.group(3), int(m.group(4)), int(m.group(5)))
        self.assertEqual({n: r[:2] for n, r in rows.items()},
                         {"idle": (9, "ready"), "timer": (8, "pend"), "button": (5, "pend"),
                          "shell": (3, "running")}, out)
        self.assertEqual(rows["button"][3], 2048)
        self.assertGreater(rows["shell"][2], 0)     # a high-water mark was measured

    def test_free_and_uptime(self):
        m = re.fullmatch(r"heap: (\d+) bytes, (\d+) used, (\d+) free\n", self.command("free"))
        self.assertIsNotNone(m)
        self.assertEqual(int(m.group(1)), int(m.group(2)) + int(m.group(3)))
        self.assertRegex(self.command("uptime"),
                         r"^up 0:00:\d\d\.\d{3} \(\d+ ticks at 1000 Hz\)\n$")

    def test_gpio_and_the_apps_led_command(self):
        self.assertIn("led2     pin 2  off", self.command("gpio"))
        self.assertEqual(self.command("led 2 on"), "led2 on\n")
        self.assertIn("led2     pin 2  on", self.command("gpio"))
        self.assertEqual(self.command("gpio read led2"), "led2: 1\n")
        self.assertEqual(self.command("gpio toggle 2"), "led2: 0\n")
        self.assertEqual(self.command("gpio write button0 1"),
                         "gpio: write: button0 is not an output (gpio mode button0 out)\n")
        self.assertEqual(self.command("gpio read pin99"),
                         "gpio: no pin 'pin99' (0..31, led0..3, button0..3)\n")
        self.assertEqual(self.command("led 9 on"), "usage: led 0..3 on|off|toggle\n")

    def test_an_unknown_command_is_named(self):
        self.assertEqual(self.command("frobnicate now"), "unknown command: frobnicate\n")

    def test_an_overlong_line_is_rejected_whole_and_the_shell_goes_on(self):
        out = self.command("echo " + "x" * 200)
        self.assertTrue(out.endswith("line too long (at most 79 characters): ignored\n"), out)
        self.assertNotIn("xxx\n", out.replace("x" * 75, ""))   # nothing was run
        self.assertEqual(self.command("echo still here"), "still here\n")

    def test_backspace_and_ctrl_u_edit_the_line(self):
        self.sh.send("ecjo\x08\x08ho one  two\r")
        self.sh.expect_exact(PROMPT)
        self.assertTrue(re.sub(EOL, "\n", self.sh.before).endswith("\none two\n"),
                        self.sh.before)
        self.sh.send("garbage\x15echo fresh\r")
        self.sh.expect_exact(PROMPT)
        self.assertTrue(re.sub(EOL, "\n", self.sh.before).endswith("\nfresh\n"),
                        self.sh.before)

    def test_ctrl_c_stops_the_simulator(self):
        self.sh.sendintr()
        self.sh.expect(pexpect.EOF)
        self.sh.close()
        self.assertEqual(self.sh.signalstatus, 2)


class Pty(unittest.TestCase):
    def test_the_shell_on_a_pty_as_picocom_sees_it(self):
        p = subprocess.Popen([DEMO, "--uart0=pty"], stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.addCleanup(p.wait, 30)
        self.addCleanup(p.kill)
        self.addCleanup(p.stdout.close)
        self.addCleanup(p.stderr.close)
        line = p.stderr.readline().decode()
        m = re.match(r"^shell-demo: uart0 is pty (/dev/pts/\d+)\n$", line)
        self.assertIsNotNone(m, line)
        fd = os.open(m.group(1), os.O_RDWR | os.O_NOCTTY)
        self.addCleanup(os.close, fd)
        tty.setraw(fd, termios.TCSANOW)
        read_until(fd, re.escape(PROMPT.encode()))      # kept by the pty until we came
        os.write(fd, b"uptime\r")
        out = read_until(fd, rb"ticks at 1000 Hz\)\r\n" + re.escape(PROMPT.encode()))
        self.assertRegex(out, rb"^uptime\r\nup 0:00:\d\d\.\d{3} \(\d+ ticks")
        os.write(fd, b"nope\r")
        out = read_until(fd, re.escape(PROMPT.encode()))
        self.assertEqual(out, b"nope\r\nunknown command: nope\r\n" + PROMPT.encode())


SCRIPT = r"""# the demo, driven in virtual time
expect uart0 "tshell> " within 1s
uart0 "led 1 on\r"
expect uart0 "led1 on" within 100ms
at 2s press button0
expect uart0 "button0: led0 on" within 50ms
wait 20ms
release button0
uart0 "uptime\r"
expect uart0 "up 0:00:02.0" within 100ms
at 3s uart0 "ps\r"
expect uart0 "shell               3  running" within 100ms
stop 0
"""


class Script(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def path(self, name, text=None):
        p = os.path.join(self.dir.name, name)
        if text is not None:
            with open(p, "w") as f:
                f.write(text)
        return p

    def demo(self, *args):
        p = subprocess.run([DEMO, *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60)
        return p.returncode, p.stdout.decode(), p.stderr.decode()

    def test_a_script_drives_the_shell_and_its_runs_repeat_exactly(self):
        script = self.path("demo.script", SCRIPT)
        traces = []
        outputs = []
        for i in range(2):
            trace = self.path("run%d.json" % i)
            code, out, err = self.demo("--script=" + script, "--seed=7", "--trace=" + trace,
                                       "--stop-at=10s")
            self.assertEqual(code, 0, err)
            self.assertIn("led1 on\r\n", out)
            self.assertIn("button0: led0 on\r\n", out)
            self.assertIn("[     2.000000000] button0 pressed", err)
            # the wait began when the expectation matched, as the text went out
            self.assertRegex(err, r"\[     2\.0201\d+\] button0 released")
            with open(trace, "rb") as f:
                traces.append(f.read())
            outputs.append(out)
        self.assertGreater(len(traces[0]), 1000)
        self.assertEqual(traces[0], traces[1])
        self.assertEqual(outputs[0], outputs[1])

    def test_an_expectation_not_met_fails_the_run_and_names_its_line(self):
        script = self.path("fail.script",
                           'expect uart0 "tshell> " within 1s\n'
                           'uart0 "uptime\\r"\n'
                           'expect uart0 "never printed" within 500ms\n'
                           'stop\n')
        code, out, err = self.demo("--script=" + script)
        self.assertEqual(code, 1)
        self.assertIn('%s:3: expect uart0 "never printed": not seen within 0.5s' % script, err)
        self.assertIn("%s:3: uart0 output since the last match: \"uptime\\r\\nup 0:00:00" %
                      script, err)

    def test_a_run_that_stops_while_an_expectation_waits_fails(self):
        script = self.path("late.script", 'expect uart0 "later" within 1h\n')
        code, _, err = self.demo("--script=" + script, "--stop-at=2s")
        self.assertEqual(code, 1)
        self.assertIn('%s:1: expect uart0 "later": the run ended while waiting for it' % script,
                      err)

    def test_a_malformed_script_is_refused_with_file_and_line(self):
        script = self.path("bad.script", '# fine\nwait 1s\npush button0\n')
        code, out, err = self.demo("--script=" + script)
        self.assertEqual(code, 1)
        self.assertEqual(err, "shell-demo: %s:3: unknown step 'push' (want UART \"TEXT\", "
                              "press, release, expect, wait or stop)\n" % script)
        self.assertEqual(out, "")
        script = self.path("dev.script", 'press button7\n')
        code, out, err = self.demo("--script=" + script)
        self.assertEqual((code, err), (1, "shell-demo: %s:1: no button named 'button7' on "
                                          "this board\n" % script))
        code, out, err = self.demo("--script=" + self.path("missing.script"))
        self.assertEqual(code, 1)
        self.assertRegex(err, r"^shell-demo: cannot open script '.*missing\.script': No such "
                              r"file or directory\n$")

    def test_an_unknown_option_is_a_usage_error(self):
        code, out, err = run(DEMO, "--scrpit=x")
        self.assertEqual(code, 2)
        self.assertTrue(err.startswith("shell-demo: unknown option '--scrpit=x'\nusage:"), err)


if __name__ == "__main__":
    unittest.main()
