"""A kernel configuration the CMSIS-RTOS2 layer cannot run on stops the build with an #error
naming the option (components/cmsis-rtos2/include/sprig_os2.h)."""
import os
import subprocess
import tempfile
import unittest

CC = os.environ.get("SPRIG_CC")
ROOT = os.environ.get("SPRIG_SOURCE_DIR")

# everything the layer needs; each case takes one requirement away
GOOD = {
    "TOS_CFG_TASK_PRIO_MAX": "64u",
    "TOS_CFG_SEM_EN": "1u",
    "TOS_CFG_MUTEX_EN": "1u",
    "TOS_CFG_TIMER_EN": "1u",
    "TOS_CFG_TIMER_AS_PROC": "0u",
    "TOS_CFG_MMHEAP_EN": "1u",
    "TOS_CFG_MMBLK_EN": "1u",
    "TOS_CFG_TASK_DYNAMIC_CREATE_EN": "1u",
    "TOS_CFG_TASK_STACK_DRAUGHT_DEPTH_DETACT_EN": "1u",
}

CASES = [
    ("TOS_CFG_TASK_PRIO_MAX", "32u", "CMSIS-RTOS2 needs TOS_CFG_TASK_PRIO_MAX of at least 64"),
    ("TOS_CFG_SEM_EN", "0u", "CMSIS-RTOS2 needs TOS_CFG_SEM_EN"),
    ("TOS_CFG_MUTEX_EN", "0u", "CMSIS-RTOS2 needs TOS_CFG_MUTEX_EN"),
    ("TOS_CFG_TIMER_EN", "0u", "CMSIS-RTOS2 needs TOS_CFG_TIMER_EN"),
    ("TOS_CFG_TIMER_AS_PROC", "1u", "CMSIS-RTOS2 needs TOS_CFG_TIMER_AS_PROC 0"),
    ("TOS_CFG_MMBLK_EN", "0u", "CMSIS-RTOS2 needs TOS_CFG_MMBLK_EN"),
    ("TOS_CFG_TASK_STACK_DRAUGHT_DEPTH_DETACT_EN", "0u",
     "CMSIS-RTOS2 needs TOS_CFG_TASK_STACK_DRAUGHT_DEPTH_DETACT_EN"),
    ("TOS_CFG_TASK_DESTROY_EN", "0u", "CMSIS-RTOS2 needs TOS_CFG_TASK_DESTROY_EN"),
    ("TOS_CFG_SCHED_LOCK_EN", "0u", "CMSIS-RTOS2 needs TOS_CFG_SCHED_LOCK_EN"),
]


def compile_with(config):
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "tos_config.h"), "w") as f:
            for name, value in config.items():
                f.write("#define %s %s\n" % (name, value))
        src = os.path.join(d, "app.c")
        with open(src, "w") as f:
            f.write('#include "sprig_os2.h"\nint app_marker;\n')
        p = subprocess.run([CC, "-std=c11", "-fsyntax-only", "-I", d,
                            "-I", os.path.join(ROOT, "components", "cmsis-rtos2", "include"),
                            "-I", os.path.join(ROOT, "kernel", "include"),
                            "-I", os.path.join(ROOT, "port-posix", "include"), src],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        return p.returncode, p.stderr.decode()


class ConfigCheck(unittest.TestCase):
    def test_a_complete_configuration_compiles(self):
        code, err = compile_with(GOOD)
        self.assertEqual(code, 0, err)

    def test_each_missing_requirement_is_named(self):
        for name, value, message in CASES:
            with self.subTest(option=name):
                config = dict(GOOD)
                config[name] = value
                code, err = compile_with(config)
                self.assertNotEqual(code, 0)
                self.assertIn("#error \"" + message, err)


if __name__ == "__main__":
    if not CC or not ROOT:
        raise SystemExit("SPRIG_CC and SPRIG_SOURCE_DIR must be set (run through ctest)")
    unittest.main()
