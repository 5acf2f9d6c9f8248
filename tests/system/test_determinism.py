"""Same binary, seed and inputs: the same output, byte for byte."""
import unittest

from simrun import binary, run

HELLO = binary("hello")


class Determinism(unittest.TestCase):
    def test_hello_twice_with_the_same_seed_is_byte_identical(self):
        a = run(HELLO, "--seed=1234", "--stop-at=10m")
        b = run(HELLO, "--seed=1234", "--stop-at=10m")
        self.assertEqual(a[0], 0)
        self.assertGreater(len(a[1]), 10000)
        self.assertEqual(a, b)

    def test_the_busy_budget_does_not_change_a_program_that_blocks(self):
        # The budget is host CPU time: a budget of a few hundred microseconds can run out on a
        # loaded host in page faults alone, so the small one is 2 ms (still 25 times less).
        a = run(HELLO, "--stop-at=1m", "--busy-budget=2ms")
        b = run(HELLO, "--stop-at=1m", "--busy-budget=50ms")
        self.assertEqual(a[0], 0)
        self.assertEqual(a, b)


if __name__ == "__main__":
    unittest.main()
