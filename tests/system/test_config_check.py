"""A bad tos_config.h stops the build with an #error that names the option."""
import os
import subprocess
import tempfile
import unittest

CC = os.environ.get("SPRIG_CC")
ROOT = os.environ.get("SPRIG_SOURCE_DIR")

CASES = [
    ("TOS_CFG_TASK_PRIO_MAX 4u", "TOS_CFG_TASK_PRIO_MAX must be at least 8"),
    ("TOS_CFG_TASK_PRIO_MAX 300u", "TOS_CFG_TASK_PRIO_MAX must be at most 256"),
    ("TOS_CFG_CPU_TICK_PER_SECOND 0u", "TOS_CFG_CPU_TICK_PER_SECOND must be between"),
    ("TOS_CFG_TASK_DYNAMIC_CREATE_EN 1u", "TOS_CFG_TASK_DYNAMIC_CREATE_EN needs TOS_CFG_MMHEAP_EN"),
    ("TOS_CFG_PRIORITY_MESSAGE_QUEUE_EN 1u", "TOS_CFG_PRIORITY_MESSAGE_QUEUE_EN needs TOS_CFG_MMHEAP_EN"),
    ("TOS_CFG_PRIORITY_MAIL_QUEUE_EN 1u", "TOS_CFG_PRIORITY_MAIL_QUEUE_EN needs TOS_CFG_MMHEAP_EN"),
    ("TOS_CFG_TIMER_EN 1u\n#define TOS_CFG_TIMER_AS_PROC 2u",
     "TOS_CFG_TIMER_AS_PROC must be 0 (timer task) or 1 (tick ISR)"),
    ("TOS_CFG_TIMER_EN 1u\n#define TOS_CFG_TIMER_TASK_PRIO 7u",
     "TOS_CFG_TIMER_TASK_PRIO must be below the idle priority"),
    ("TOS_CFG_MMHEAP_EN 1u\n#define TOS_CFG_MMHEAP_DEFAULT_POOL_SIZE 100u",
     "TOS_CFG_MMHEAP_DEFAULT_POOL_SIZE must be at least 256 bytes"),
    ("TOS_CFG_MMHEAP_EN 1u\n#define TOS_CFG_MMHEAP_POOL_MAX 0u",
     "TOS_CFG_MMHEAP_POOL_MAX must be between 1 and 32"),
    ("TOS_CFG_MMHEAP_EN 1u\n#define TOS_CFG_MMHEAP_POOL_SIZE_MAX 0x1000u",
     "TOS_CFG_MMHEAP_POOL_SIZE_MAX is smaller than TOS_CFG_MMHEAP_DEFAULT_POOL_SIZE"),
    ("TOS_CFG_TICKLESS_EN 1u", "TOS_CFG_TICKLESS_EN needs TOS_CFG_PWR_MGR_EN"),
    ("TOS_CFG_MMHEAP_EN 1u\n#define TOS_CFG_TASK_DYNAMIC_CREATE_EN 1u\n#define TOS_CFG_TASK_DESTROY_EN 0u",
     "TOS_CFG_TASK_DYNAMIC_CREATE_EN needs TOS_CFG_TASK_DESTROY_EN"),
    ("TOS_CFG_TIMER_EN 1u\n#define TOS_CFG_SCHED_LOCK_EN 0u",
     "TOS_CFG_TIMER_EN with TOS_CFG_TIMER_AS_PROC 0 needs TOS_CFG_SCHED_LOCK_EN"),
    ("TOS_CFG_IDLE_TASK_STK_SIZE 16u", "TOS_CFG_IDLE_TASK_STK_SIZE is smaller than the port's minimum"),
]


def compile_with(config_lines):
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "tos_config.h"), "w") as f:
            f.write("#define " + config_lines + "\n")
        src = os.path.join(d, "app.c")
        with open(src, "w") as f:
            f.write('#include "tos_k.h"\nint app_marker;\n')
        p = subprocess.run([CC, "-std=c11", "-fsyntax-only", "-I", d,
                            "-I", os.path.join(ROOT, "kernel", "include"),
                            "-I", os.path.join(ROOT, "port-posix", "include"), src],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        return p.returncode, p.stderr.decode()


class ConfigCheck(unittest.TestCase):
    def test_a_valid_configuration_compiles(self):
        code, err = compile_with("TOS_CFG_SEM_EN 1u")
        self.assertEqual(code, 0, err)

    def test_each_bad_option_is_named(self):
        for config, message in CASES:
            with self.subTest(config=config):
                code, err = compile_with(config)
                self.assertNotEqual(code, 0)
                self.assertIn("#error \"" + message, err)


if __name__ == "__main__":
    if not CC or not ROOT:
        raise SystemExit("SPRIG_CC and SPRIG_SOURCE_DIR must be set (run through ctest)")
    unittest.main()
