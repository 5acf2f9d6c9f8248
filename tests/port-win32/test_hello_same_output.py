"""apps/hello on Windows (under Wine) prints the same bytes as on Linux for the same options.

The simulator is deterministic: the same program, seed and inputs give the same output. That
holds across host operating systems too, since the kernel, the simulated machine and the app
are the same code; only the CPU port differs (fibers and an interrupt thread instead of stacks
and signals). stdout, the --stats report on stderr and the exit status are compared.
"""
import os
import subprocess
import sys
import unittest


def env_path(key):
    path = os.environ.get(key)
    if not path or not os.path.exists(path):
        sys.exit("%s is not set to a built binary (run through ctest)" % key)
    return path


LINUX = env_path("SPRIG_HELLO_LINUX_BIN")
WIN32 = env_path("SPRIG_HELLO_WIN32_BIN")
WINE_RUN = os.environ.get("SPRIG_WINE_RUN")


def run(cmd, timeout=240):
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def both(*args):
    linux = run([LINUX, *args])
    win32 = run(([WINE_RUN] if WINE_RUN else []) + [WIN32, *args])
    return linux, win32


class SameOutput(unittest.TestCase):
    def assert_same(self, linux, win32):
        self.assertEqual(linux[0], 0, linux[2].decode(errors="replace"))
        self.assertEqual(win32[0], linux[0], win32[2].decode(errors="replace"))
        if win32[1] != linux[1]:
            a = linux[1].decode(errors="replace").splitlines()
            b = win32[1].decode(errors="replace").splitlines()
            first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            self.fail("stdout differs from line %d:\n  linux: %r\n  win32: %r"
                      % (first + 1, a[first] if first < len(a) else None,
                         b[first] if first < len(b) else None))

    def test_ten_minutes_with_a_seed(self):
        linux, win32 = both("--seed=1234", "--stop-at=10m")
        self.assert_same(linux, win32)
        self.assertGreater(len(linux[1]), 10000)
        self.assertNotIn(b"\r\n", win32[1])

    def test_statistics_agree(self):
        linux, win32 = both("--seed=7", "--stop-at=2m", "--stats")
        self.assert_same(linux, win32)
        self.assertIn(b"statistics at 120.000000000 s", linux[2])
        self.assertEqual(win32[2], linux[2])

    def test_the_busy_budget_does_not_change_a_program_that_blocks(self):
        # The budget is host CPU time: a budget of a few hundred microseconds can run out on a
        # loaded host in page faults alone, so the small one is 2 ms (still 25 times less).
        _, small = both("--stop-at=1m", "--busy-budget=2ms")
        _, large = both("--stop-at=1m", "--busy-budget=50ms")
        self.assertEqual(small[0], 0, small[2].decode(errors="replace"))
        self.assertEqual(small, large)


if __name__ == "__main__":
    unittest.main()
