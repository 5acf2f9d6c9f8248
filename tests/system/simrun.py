"""Helpers for system tests that run a simulator binary like a user at a shell."""
import os
import re
import select
import subprocess
import sys
import time


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


def read_until(fd, pattern, limit=20.0):
    """Bytes from `fd` until `pattern` (a regex over bytes) matches; fails after `limit` s of
    host time (a hung run, not a timing check)."""
    data = b""
    deadline = time.monotonic() + limit
    while not re.search(pattern, data):
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError("no %r in %r" % (pattern, data))
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            data += chunk
    return data
