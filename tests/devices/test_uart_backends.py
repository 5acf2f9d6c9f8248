"""The console UART's host ends (--uart0=...), driven like a user would: through a pty, a TCP
client, files and pipes, with tests/devices/uart_echo (answers each line with the kernel tick
it arrived at, in capitals; "quit" ends the run). Plus the command-line failures: a backend or
flash file that cannot be opened is one line on stderr and exit status 1.

Reads from the simulator wait with generous host-time limits; nothing asserts on host time."""
import os
import re
import socket
import subprocess
import tempfile
import termios
import tty
import unittest

from simrun import binary, read_until, run

ECHO = binary("uart_echo")
HELLO = binary("hello")

# "hello\nworld\nquit\n" at 9600 8N1 (1.0417 ms a character), from an input file: each line
# is stamped with the tick its newline arrived, except that the echo task is busy writing the
# second reply (the 41st character it queues fits once the 25th has gone, at 26.04 ms) when
# "quit" comes in at 17.7 ms.
SCRIPT = b"hello\nworld\nquit\n"
EXPECTED = b"echo ready\n[     6] HELLO\n[    12] WORLD\n[    26] QUIT\n"


def announced(proc, what):
    """The host end the simulator reports on stderr: 'PROG: uart0 is WHAT ...'."""
    line = proc.stderr.readline().decode()
    m = re.match(r"^uart_echo: uart0 is %s (\S+)\n$" % what, line)
    if not m:
        raise AssertionError("unexpected announcement %r" % line)
    return m.group(1)


class Files(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)
        self.input = os.path.join(self.dir.name, "in.txt")
        with open(self.input, "wb") as f:
            f.write(SCRIPT)

    def path(self, name):
        return os.path.join(self.dir.name, name)

    def test_file_input_is_timed_by_the_line_rate_and_repeats_exactly(self):
        outs = []
        for n in range(2):
            out = self.path("out%d.txt" % n)
            code, stdout, err = run(ECHO, "--uart0=file:in=%s,out=%s" % (self.input, out))
            self.assertEqual((code, stdout, err), (0, "", ""))
            with open(out, "rb") as f:
                outs.append(f.read())
        self.assertEqual(outs[0], EXPECTED)
        self.assertEqual(outs[1], outs[0])

    def test_input_file_alone_answers_on_stdout(self):
        code, stdout, err = run(ECHO, "--uart0=file:in=%s" % self.input)
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(stdout.encode(), EXPECTED)

    def test_stdin_from_a_file_is_as_deterministic_as_an_input_file(self):
        with open(self.input, "rb") as f:
            p = subprocess.run([ECHO], stdin=f, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=60)
        self.assertEqual((p.returncode, p.stderr), (0, b""))
        self.assertEqual(p.stdout, EXPECTED)

    def test_printf_goes_out_through_uart0(self):
        out = self.path("console.txt")
        code, stdout, err = run(HELLO, "--uart0=file:%s" % out, "--stop-at=2.2s")
        self.assertEqual((code, stdout, err), (0, "", ""))
        with open(out) as f:
            text = f.read()
        self.assertTrue(text.startswith("hello from Sprig"))
        self.assertIn("[     2.000] timer     heartbeat", text)

    def test_uart0_none_and_loopback_show_nothing(self):
        for spec in ("none", "loopback"):
            with self.subTest(spec=spec):
                code, stdout, err = run(HELLO, "--uart0=" + spec, "--stop-at=1s")
                self.assertEqual((code, stdout, err), (0, "", ""))


class Live(unittest.TestCase):
    def start(self, *args):
        p = subprocess.Popen([ECHO, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        self.addCleanup(self.stop, p)
        return p

    def stop(self, p):
        if p.poll() is None:
            p.kill()
        p.wait(timeout=30)
        for f in (p.stdin, p.stdout, p.stderr):
            if f:
                f.close()

    def test_a_pipe_on_stdin_is_read_live(self):
        p = self.start()
        read_until(p.stdout.fileno(), rb"echo ready\n")
        p.stdin.write(b"ping\n")
        p.stdin.flush()
        read_until(p.stdout.fileno(), rb"\[ *\d+\] PING\n")
        p.stdin.write(b"quit\n")
        p.stdin.flush()
        self.assertEqual(p.wait(timeout=30), 0)

    def test_stdio_on_a_terminal_is_the_console(self):
        # the way the shell's tests will drive a simulator: pexpect gives it a terminal
        import pexpect
        child = pexpect.spawn(ECHO, [], timeout=20)
        self.addCleanup(child.close, force=True)
        child.expect_exact("echo ready")
        child.sendline("from a terminal")
        child.expect(r"\[ *\d+\] FROM A TERMINAL\r\n")
        child.sendline("quit")
        child.expect(pexpect.EOF)
        child.close()
        self.assertEqual(child.exitstatus, 0)

    def test_a_pty_is_a_serial_line_for_a_terminal_program(self):
        p = self.start("--uart0=pty")
        path = announced(p, "pty")
        self.assertTrue(path.startswith("/dev/pts/"), path)
        fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
        self.addCleanup(os.close, fd)
        tty.setraw(fd, termios.TCSANOW)        # as picocom does
        # printed before we opened it: the pty kept it
        read_until(fd, rb"echo ready\n")
        os.write(fd, b"abc\r")
        read_until(fd, rb"\[ *\d+\] ABC\n")
        os.write(fd, b"quit\r")
        read_until(fd, rb"\[ *\d+\] QUIT\n")
        self.assertEqual(p.wait(timeout=30), 0)

    def test_a_tcp_client_talks_to_the_uart(self):
        p = self.start("--uart0=tcp:0")
        where = announced(p, "tcp")
        host, port = where.rsplit(":", 1)
        self.assertEqual(host, "127.0.0.1")
        s = socket.create_connection((host, int(port)), timeout=20)
        self.addCleanup(s.close)
        s.sendall(b"tcp works\n")
        read_until(s.fileno(), rb"\[ *\d+\] TCP WORKS\n")
        s.sendall(b"quit\n")
        read_until(s.fileno(), rb"QUIT\n")
        self.assertEqual(p.wait(timeout=30), 0)


class BadInput(unittest.TestCase):
    def test_a_tcp_port_in_use_is_one_line_and_exit_1(self):
        with socket.socket() as blocker:
            blocker.bind(("127.0.0.1", 0))
            blocker.listen(1)
            port = blocker.getsockname()[1]
            code, out, err = run(HELLO, "--uart0=tcp:%d" % port, "--stop-at=1s")
        self.assertEqual((code, out), (1, ""))
        self.assertEqual(err, "hello: uart0: cannot listen on TCP 127.0.0.1:%d: "
                              "Address already in use\n" % port)

    def test_file_backends_that_cannot_be_opened_are_named(self):
        for spec, msg in [
                ("file:/nonexistent/dir/out.txt",
                 "cannot open output file '/nonexistent/dir/out.txt'"),
                ("file:in=/nonexistent/in.txt",
                 "cannot open input file '/nonexistent/in.txt'")]:
            with self.subTest(spec=spec):
                code, out, err = run(HELLO, "--uart0=" + spec, "--stop-at=1s")
                self.assertEqual((code, out), (1, ""))
                self.assertEqual(err, "hello: uart0: %s: No such file or directory\n" % msg)

    def test_a_malformed_backend_is_a_usage_error(self):
        code, out, err = run(HELLO, "--uart0=serial")
        self.assertEqual((code, out), (2, ""))
        self.assertIn("hello: invalid --uart0 value 'serial' (want stdio, pty, tcp:PORT", err)
        self.assertIn("usage: hello [options]", err)
        code, _, err = run(HELLO, "--uart0=tcp:99999")
        self.assertEqual(code, 2)
        self.assertIn("invalid --uart0 value 'tcp:99999'", err)

    def test_flash_files_of_the_wrong_size_or_that_cannot_be_opened_are_refused(self):
        with tempfile.TemporaryDirectory() as d:
            small = os.path.join(d, "small.bin")
            with open(small, "wb") as f:
                f.write(b"\0" * 1000)
            for path, msg in [
                    (small, "hello: flash file '%s' is 1000 bytes, but the flash is 1048576 "
                            "bytes (remove it to start from an erased flash)\n" % small),
                    ("/nonexistent/dir/flash.bin",
                     "hello: cannot open flash file '/nonexistent/dir/flash.bin': "
                     "No such file or directory\n"),
                    (d, "hello: cannot open flash file '%s': Is a directory\n" % d)]:
                with self.subTest(path=path):
                    code, out, err = run(HELLO, "--flash=" + path, "--stop-at=1s")
                    self.assertEqual((code, out, err), (1, "", msg))

    def test_a_new_flash_file_is_created_erased(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "flash.bin")
            code, _, err = run(HELLO, "--flash=" + path, "--stop-at=1s")
            self.assertEqual((code, err), (0, ""))
            with open(path, "rb") as f:
                self.assertEqual(f.read(), b"\xff" * 1048576)
            self.assertTrue(os.path.exists(path + ".wear"))
            code, _, err = run(HELLO, "--flash=" + path, "--stop-at=1s")   # reused as is
            self.assertEqual((code, err), (0, ""))

    def test_a_gpio_log_that_cannot_be_written_is_refused(self):
        code, out, err = run(HELLO, "--gpio-log=/nonexistent/dir/gpio.log", "--stop-at=1s")
        self.assertEqual((code, out), (1, ""))
        self.assertEqual(err, "hello: cannot write GPIO log '/nonexistent/dir/gpio.log': "
                              "No such file or directory\n")


if __name__ == "__main__":
    unittest.main()
