#!/usr/bin/python3
"""Run a Sprig Cortex-M program under qemu-system-arm and check how it ended.

The program's console (the board's UART 0) is copied to stdout as it arrives. QEMU exits with
the code the program passed to semihosting SYS_EXIT_EXTENDED; since QEMU also exits 0 when it
is killed, success is a distinctive code (0x53), never 0. A program that does not exit within
--timeout seconds of host time is killed and fails.

  qemu_run.py --machine mps2-an385 --elf build/x.elf --expect-exit 0x53 \\
              [--expect REGEX]... [--reject REGEX]... [--arg WORD]... [--icount N]

A program that never exits (an app) is checked with --stop-on REGEX instead of --expect-exit:
QEMU is stopped once the output matches, then the --expect/--reject patterns are checked.

Exit status: 0 when the exit code and every pattern match, 1 otherwise.
"""
import argparse
import os
import re
import subprocess
import sys
import threading

QEMU = os.environ.get("SPRIG_QEMU", "qemu-system-arm")


def qemu_command(machine, elf, icount, args=()):
    """The QEMU command line for `elf` (also printed for people to reuse)."""
    cmd = [QEMU, "-M", machine, "-nographic", "-monitor", "none", "-serial", "stdio",
           "-icount", "shift=%d,sleep=off" % icount,
           "-semihosting-config", "enable=on,target=native" +
           "".join(",arg=" + a for a in [os.path.basename(elf)] + list(args)),
           "-kernel", elf]
    return cmd


def run(machine, elf, icount, args=(), timeout=600.0, stop=None, echo=True):
    """Run QEMU; return (exit code or None if killed, output text, timed_out).

    `stop`, a compiled regex: kill QEMU as soon as the output matches it (the run is then
    reported with exit code None and timed_out False)."""
    cmd = qemu_command(machine, elf, icount, args)
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    out = bytearray()
    stopped = threading.Event()

    def reader():
        while True:
            chunk = proc.stdout.read1(4096)
            if not chunk:
                return
            out.extend(chunk)
            if echo:
                sys.stdout.write(chunk.decode("utf-8", "replace"))
                sys.stdout.flush()
            if stop is not None and stop.search(out.decode("utf-8", "replace")):
                stopped.set()
                proc.kill()
                return

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    timed_out = False
    try:
        code = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        proc.kill()
        proc.wait()
        code = None
    t.join(5)
    if stopped.is_set():
        code = None
    return code, out.decode("utf-8", "replace"), timed_out


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--machine", required=True)
    ap.add_argument("--elf", required=True)
    ap.add_argument("--icount", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=600.0, help="host seconds")
    end = ap.add_mutually_exclusive_group(required=True)
    end.add_argument("--expect-exit", type=lambda s: int(s, 0),
                     help="semihosting exit code the run must end with")
    end.add_argument("--stop-on", metavar="REGEX",
                     help="for a program that never exits: stop QEMU once the output matches "
                          "REGEX (never matching is a failure, by timeout)")
    ap.add_argument("--expect", action="append", default=[], help="regex the output must match")
    ap.add_argument("--reject", action="append", default=[], help="regex it must not match")
    ap.add_argument("--arg", action="append", default=[], help="word for the command line")
    opts = ap.parse_args()

    print("+ " + " ".join(qemu_command(opts.machine, opts.elf, opts.icount, opts.arg)),
          flush=True)
    stop = re.compile(opts.stop_on, re.M) if opts.stop_on else None
    code, out, timed_out = run(opts.machine, opts.elf, opts.icount, opts.arg, opts.timeout, stop)
    problems = []
    if timed_out:
        problems.append("no %s after %.0f s: killed (a hang)" %
                        ("match of " + opts.stop_on if stop else "exit", opts.timeout))
    elif stop is not None:
        if code is not None:
            problems.append("exit code 0x%02x before the output matched %s" % (code, opts.stop_on))
    elif code != opts.expect_exit:
        problems.append("exit code %s, expected 0x%02x" %
                        ("0x%02x" % code if code is not None else "none", opts.expect_exit))
    for pat in opts.expect:
        if not re.search(pat, out, re.M):
            problems.append("output does not match: %s" % pat)
    for pat in opts.reject:
        m = re.search(pat, out, re.M)
        if m:
            problems.append("output matches rejected pattern %s: %r" % (pat, m.group(0)))
    for p in problems:
        print("qemu_run: FAIL: " + p, flush=True)
    if not problems:
        print("qemu_run: ok (%s)" % ("stopped on its output" if stop else
                                     "exit code 0x%02x" % code), flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
