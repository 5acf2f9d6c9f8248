"""The simulator command line, as every simulator binary sees it."""
import unittest

from simrun import binary, run

HELLO = binary("hello")


class CommandLine(unittest.TestCase):
    def test_unknown_option_prints_usage_and_exits_2(self):
        code, out, err = run(HELLO, "--no-such-option")
        self.assertEqual(code, 2)
        self.assertEqual(out, "")
        self.assertIn("hello: unknown option '--no-such-option'", err)
        self.assertIn("usage: hello [options]", err)

    def test_positional_argument_is_refused(self):
        code, _, err = run(HELLO, "extra")
        self.assertEqual(code, 2)
        self.assertIn("unknown option 'extra'", err)

    def test_bad_values_name_the_option(self):
        for arg, text in [("--stop-at=later", "invalid --stop-at value 'later'"),
                          ("--stop-at=-1s", "invalid --stop-at value '-1s'"),
                          ("--seed=x", "invalid --seed value 'x'"),
                          ("--speed=-2", "invalid --speed value '-2'"),
                          ("--busy-budget=0", "invalid --busy-budget value '0'"),
                          ("--busy-budget=10us", "invalid --busy-budget value '10us'"),
                          ("--trace=", "invalid --trace value ''")]:
            with self.subTest(arg=arg):
                code, _, err = run(HELLO, arg)
                self.assertEqual(code, 2)
                self.assertIn(text, err)
                self.assertEqual(len([l for l in err.splitlines() if l.startswith("hello:")]), 1)

    def test_help_goes_to_stdout_and_exits_0(self):
        code, out, err = run(HELLO, "--help")
        self.assertEqual(code, 0)
        self.assertEqual(err, "")
        for opt in ("--realtime", "--speed=X", "--stop-at=T", "--seed=N", "--busy-budget=T",
                    "--trace=FILE", "--help", "--version"):
            self.assertIn(opt, out)

    def test_a_trace_file_that_cannot_be_written_is_one_line_and_exit_1(self):
        code, out, err = run(HELLO, "--stop-at=1s", "--trace=/nonexistent/dir/run.json")
        self.assertEqual(code, 1)
        self.assertEqual(out, "")
        self.assertEqual(err, "hello: cannot write trace file '/nonexistent/dir/run.json': "
                              "No such file or directory\n")

    def test_version(self):
        code, out, _ = run(HELLO, "--version")
        self.assertEqual(code, 0)
        self.assertRegex(out, r"^hello \(Sprig simulator\) \d+\.\d+\.\d+\n$")

    def test_stop_at_ends_the_run_cleanly(self):
        code, out, err = run(HELLO, "--stop-at=2.2s")
        self.assertEqual(code, 0, err)
        self.assertEqual(err, "")
        lines = out.splitlines()
        self.assertTrue(lines[0].startswith("hello from Sprig"))
        self.assertIn("[     2.000] timer     heartbeat", out)
        self.assertNotIn("[     2.500]", out)

    def test_realtime_speed_runs_the_same_program(self):
        # Realtime mode is not deterministic to the tick, and a loaded host may cut the last
        # reading; what is printed follows the same program.
        code, out, err = run(HELLO, "--speed=20", "--stop-at=3.45s")
        self.assertEqual(code, 0, err)
        readings = [l.split()[-1] for l in out.splitlines() if "temperature" in l]
        self.assertGreaterEqual(len(readings), 5)
        self.assertEqual(readings, ["21", "22", "23", "24", "25", "24"][:len(readings)])

    def test_a_simulated_day_runs_in_virtual_time(self):
        code, out, _ = run(HELLO, "--stop-at=24h", timeout=30)
        self.assertEqual(code, 0)
        self.assertIn("[ 86399.500] consumer", out)
        self.assertEqual(out.count("heartbeat"), 86399)


if __name__ == "__main__":
    unittest.main()
