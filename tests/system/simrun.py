"""Helpers for system tests that run a simulator binary like a user at a shell."""
import os
import subprocess
import sys


def binary(name):
    """Path of a built simulator binary, passed by ctest as SPRIG_<NAME>_BIN."""
    key = "SPRIG_%s_BIN" % name.upper().replace("-", "_")
    path = os.environ.get(key)
    if not path or not os.path.exists(path):
        sys.exit("%s is not set to a built binary (run through ctest)" % key)
    return path


def run(path, *args, timeout=60):
    """Run and return (exit code, stdout, stderr) as text."""
    p = subprocess.run([path, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout)
    return p.returncode, p.stdout.decode(), p.stderr.decode()
