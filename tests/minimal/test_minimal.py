"""The minimal footprint configuration (tools/footprint/minimal) on the simulator, from
tests/minimal/minimal_app.c: the kernel checks pass, then a task that returns from its entry
stops the system with a panic (no task destroy), reported without text (no assertion texts)."""
import os
import subprocess
import unittest

BIN = os.environ.get("SPRIG_MINIMAL_BIN")


class Minimal(unittest.TestCase):
    def test_checks_pass_then_a_returning_task_panics(self):
        p = subprocess.run([BIN, "--stop-at=60s"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60)
        out, err = p.stdout.decode(), p.stderr.decode()
        self.assertIn("minimal: PASSED", out, out + err)
        self.assertNotIn("FAIL", out, out)
        self.assertIn("task 'returner' returns from its entry", out)
        self.assertRegex(err, r"(?m)^sprig: panic in task 'returner'$", err)
        self.assertNotEqual(p.returncode, 0)


if __name__ == "__main__":
    if not BIN:
        raise SystemExit("SPRIG_MINIMAL_BIN must be set (run through ctest)")
    unittest.main()
