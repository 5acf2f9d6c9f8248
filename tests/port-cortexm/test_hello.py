#!/usr/bin/python3
"""apps/hello, unchanged, on the Cortex-M board under QEMU: the same output as on the simulator.

Runs QEMU (deterministic -icount) until the heartbeat at 5 s of virtual time, then checks the
transcript: the banner, a reading every 500 ms (21, 22, ... 25, 24, ...), a heartbeat every
second, each stamped with the exact kernel time.

  test_hello.py --machine mps2-an385 --elf build/.../apps/hello/hello [--icount 5]
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu_run  # noqa: E402


def expected_lines():
    lines = []
    temp, step = 20, 1
    for half in range(1, 11):           # 0.5 s .. 5.0 s
        temp += step
        if temp in (25, 18):
            step = -step
        t = half * 500
        stamp = "[%6d.%03d]" % (t // 1000, t % 1000)
        lines.append("%s consumer  temperature (C): %d" % (stamp, temp))
        if t % 1000 == 0:
            lines.append(stamp + " timer     heartbeat, free heap bytes: ")
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--machine", required=True)
    ap.add_argument("--elf", required=True)
    ap.add_argument("--icount", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=60.0)
    opts = ap.parse_args()

    print("+ " + " ".join(qemu_run.qemu_command(opts.machine, opts.elf, opts.icount)), flush=True)
    stop = re.compile(r"\[ +5\.000\] timer .*\n")
    code, out, timed_out = qemu_run.run(opts.machine, opts.elf, opts.icount, timeout=opts.timeout,
                                        stop=stop)
    problems = []
    if timed_out:
        problems.append("no heartbeat at 5.000 within %.0f s: killed" % opts.timeout)
    if code is not None:
        problems.append("QEMU exited by itself with code %d" % code)
    got = out.replace("\r", "").splitlines()
    if not got or not re.match(r"hello from Sprig \d+\.\d+\.\d+ \(TencentOS Tiny API .+\)$", got[0]):
        problems.append("no banner first: %r" % (got[:1],))
    want = expected_lines()
    body = got[1:1 + len(want)]
    for i, w in enumerate(want):
        g = body[i] if i < len(body) else "(missing)"
        if not g.startswith(w) or (w.endswith(": ") and not re.fullmatch(r"\d+", g[len(w):])):
            problems.append("line %d: %r, expected %r" % (i + 2, g, w + ("N" if w.endswith(": ") else "")))
            break
    for p in problems:
        print("test_hello: FAIL: " + p)
    if not problems:
        print("test_hello: ok (%d lines as expected)" % (1 + len(want)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
