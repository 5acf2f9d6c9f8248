"""tools/trace2png.py: a PNG timeline of a trace, with nothing but Python's standard library."""
import json
import os
import struct
import subprocess
import sys
import tempfile
import unittest
import zlib

from simrun import binary, run

HELLO = binary("hello")
SOURCE_DIR = os.environ.get("SPRIG_SOURCE_DIR") or os.path.join(os.path.dirname(__file__),
                                                                 "..", "..")
TOOL = os.path.join(SOURCE_DIR, "tools", "trace2png.py")


def trace2png(*args):
    p = subprocess.run([sys.executable, TOOL, *args], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def read_png(path):
    """Check the PNG's structure (signature, chunk CRCs, IHDR, IDAT size); return
    (width, height, pixels as a list of rows of (r, g, b))."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "PNG signature"
    pos, chunks = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert zlib.crc32(kind + body) == crc, "CRC of %r" % kind
        chunks.append((kind, body))
        pos += 12 + length
    assert chunks[0][0] == b"IHDR" and chunks[-1] == (b"IEND", b"")
    width, height, depth, colour, comp, filt, interlace = struct.unpack(">IIBBBBB",
                                                                       chunks[0][1])
    assert (depth, colour, comp, filt, interlace) == (8, 2, 0, 0, 0), "8-bit RGB"
    raw = zlib.decompress(b"".join(b for k, b in chunks if k == b"IDAT"))
    stride = 1 + 3 * width
    assert len(raw) == height * stride, "image data size"
    rows = []
    for y in range(height):
        line = raw[y * stride:(y + 1) * stride]
        assert line[0] == 0, "filter type"
        rows.append([tuple(line[1 + 3 * x:4 + 3 * x]) for x in range(width)])
    return width, height, rows


class Trace2Png(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.trace = os.path.join(cls.tmp.name, "hello.json")
        code, _, err = run(HELLO, "--stop-at=3s", "--trace=" + cls.trace)
        assert code == 0, err

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def test_renders_the_whole_trace(self):
        out = self.path("all.png")
        self.assertEqual(trace2png(self.trace, out), (0, "", ""))
        width, height, rows = read_png(out)
        self.assertEqual(width, 1600)
        with open(self.trace) as f:
            tracks = sum(1 for e in json.load(f)["traceEvents"]
                         if e["ph"] == "M" and e["name"] == "thread_name")
        self.assertEqual(height, 26 + 18 * tracks + 34 + 16)
        colours = {px for row in rows for px in row}
        self.assertGreater(len(colours), 8)        # slices, markers, text: not a blank page

    def test_a_window_and_a_width(self):
        out = self.path("window.png")
        self.assertEqual(trace2png(self.trace, out, "--from", "0.9s", "--to=1100ms",
                                   "--width", "640"), (0, "", ""))
        width, _, _ = read_png(out)
        self.assertEqual(width, 640)

    def test_bad_input_is_one_line_naming_the_file(self):
        missing = self.path("missing.json")
        garbage = self.path("garbage.json")
        with open(garbage, "w") as f:
            f.write('{"traceEvents": [ {"ph": "X", "ts": 1,')
        not_trace = self.path("not-trace.json")
        with open(not_trace, "w") as f:
            f.write('{"hello": "world"}')
        empty = self.path("empty.json")
        with open(empty, "w") as f:
            f.write('{"traceEvents": []}')
        for path, why in ((missing, "cannot read"), (garbage, "not valid JSON"),
                          (not_trace, "not a trace-event file"), (empty, "no slices"),
                          (self.tmp.name, "cannot read")):
            with self.subTest(path=path):
                out = self.path("bad.png")
                code, stdout, err = trace2png(path, out)
                self.assertEqual(code, 1)
                self.assertEqual(stdout, "")
                self.assertEqual(err.count("\n"), 1, err)
                self.assertTrue(err.startswith("trace2png.py: %s: " % path), err)
                self.assertIn(why, err)
                self.assertFalse(os.path.exists(out))

    def test_unwritable_output_and_bad_usage(self):
        code, _, err = trace2png(self.trace, self.path("no/dir/x.png"))
        self.assertEqual(code, 1)
        self.assertIn("no/dir/x.png: cannot write", err)
        for args in ((), (self.trace,), (self.trace, "a.png", "--width", "ten"),
                     (self.trace, "a.png", "--from", "soon"), (self.trace, "a.png", "--frob")):
            with self.subTest(args=args):
                code, _, err = trace2png(*args)
                self.assertEqual(code, 2)
                self.assertIn("usage: trace2png.py TRACE.json OUT.png", err)


if __name__ == "__main__":
    unittest.main()
