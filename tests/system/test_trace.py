"""--trace=FILE: a Chrome/Perfetto trace of a simulator run."""
import json
import os
import signal
import subprocess
import tempfile
import time
import unittest

from simrun import binary, run

HELLO = binary("hello")

TID_POWER, TID_IRQ_BASE, TID_TASK_BASE = 1, 10, 100


def load_strict(path):
    """json.load that refuses what JSON does not allow (NaN, Infinity) and duplicate keys."""
    def no_constants(name):
        raise ValueError("%s is not JSON" % name)

    def unique(pairs):
        keys = [k for k, _ in pairs]
        if len(keys) != len(set(keys)):
            raise ValueError("duplicate key in %s" % keys)
        return dict(pairs)

    with open(path, "rb") as f:
        return json.loads(f.read().decode("utf-8"), parse_constant=no_constants,
                          object_pairs_hook=unique)


def check_trace_structure(test, doc):
    """The trace-event format's rules that ui.perfetto.dev and chrome://tracing rely on."""
    test.assertIsInstance(doc, dict)
    test.assertIsInstance(doc.get("traceEvents"), list)
    test.assertNotIn("displayTimeUnit", doc)       # Perfetto and Chrome read it differently
    other = doc.get("otherData")
    test.assertIsInstance(other, dict)
    for k, v in other.items():
        test.assertIsInstance(v, str, "otherData[%s]" % k)
    named = set()
    used = set()
    for e in doc["traceEvents"]:
        test.assertIsInstance(e, dict)
        test.assertIn(e.get("ph"), ("M", "X", "i"), e)
        test.assertEqual(e.get("pid"), 1, e)
        test.assertIsInstance(e.get("tid"), int, e)
        for v in e.values():
            test.assertNotIsInstance(v, list, e)   # Perfetto's JSON reader rejects arrays here
        if e["ph"] == "M":
            test.assertIn(e.get("name"), ("process_name", "thread_name", "thread_sort_index"))
            test.assertIsInstance(e.get("args"), dict)
            if e["name"] == "thread_name":
                test.assertNotIn(e["tid"], named, "a track named twice")
                named.add(e["tid"])
            continue
        test.assertIsInstance(e.get("ts"), (int, float), e)
        test.assertGreaterEqual(e["ts"], 0)
        test.assertIsInstance(e.get("name"), str, e)
        test.assertIsInstance(e.get("cat"), str, e)
        used.add(e["tid"])
        if e["ph"] == "X":
            test.assertIsInstance(e.get("dur"), (int, float), e)
            test.assertGreaterEqual(e["dur"], 0, e)
        else:
            test.assertEqual(e.get("s"), "t", e)
    test.assertEqual(used - named, set(), "every track with events has a name")


def track_names(doc):
    return {e["tid"]: e["args"]["name"] for e in doc["traceEvents"]
            if e["ph"] == "M" and e["name"] == "thread_name"}


class Trace(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def test_hello_trace_has_a_track_per_task_and_isr_slices(self):
        out = self.path("hello.json")
        code, stdout, err = run(HELLO, "--stop-at=3s", "--trace=" + out)
        self.assertEqual((code, err), (0, ""))
        # tracing does not change what the program does
        self.assertEqual(stdout, run(HELLO, "--stop-at=3s")[1])
        doc = load_strict(out)
        check_trace_structure(self, doc)

        names = track_names(doc)
        tasks = {names[t] for t in names if t >= TID_TASK_BASE}
        self.assertEqual(tasks, {"idle", "timer", "app", "consumer", "producer"})
        self.assertEqual(names[TID_IRQ_BASE + 0], "irq 0 systick")
        self.assertEqual(names[TID_POWER], "CPU power state")

        ev = doc["traceEvents"]
        tid_of = {v: k for k, v in names.items()}
        isr = [e for e in ev if e["ph"] == "X" and e["tid"] == TID_IRQ_BASE]
        self.assertGreaterEqual(len(isr), 5)       # the tick wakes the CPU every 500 ms
        self.assertTrue(all(e["cat"] == "irq" for e in isr))
        self.assertEqual(sorted({e["ts"] for e in isr})[:3], [500000, 1000000, 1500000])

        consumer = [e for e in ev if e["tid"] == tid_of["consumer"]]
        running = [e for e in consumer if e["ph"] == "X"]
        self.assertTrue(all(e["name"] == "consumer" and e["args"]["prio"] == 3 for e in running))
        pends = [e for e in consumer if e["ph"] == "i" and e["name"] == "pend msg_q#1"]
        self.assertEqual(len(pends), 5)            # a reading every 500 ms
        self.assertTrue(all(e["args"]["blocked"] and e["args"]["outcome"] == "ok" for e in pends))
        posts = [e for e in ev if e["ph"] == "i" and e["name"] == "post msg_q#1"]
        self.assertEqual({e["tid"] for e in posts}, {tid_of["producer"]})
        fired = [e["ts"] for e in ev if e["ph"] == "i" and e["name"] == "timer#1 fired"]
        self.assertEqual(fired, [1000000, 2000000])

        power = [e for e in ev if e["tid"] == TID_POWER and e["ph"] == "X"]
        self.assertTrue(power and all(e["name"] == "idle" for e in power))
        self.assertGreater(sum(e["dur"] for e in power), 0.99 * 3e6)   # hello mostly sleeps

        other = doc["otherData"]
        self.assertEqual(other["dropped_records"], "0")
        self.assertEqual(other["program"], "hello")
        self.assertEqual(other["clock"], "virtual")
        self.assertEqual(other["end_ns"], "3000000000")

    def test_same_seed_twice_gives_identical_files(self):
        # long enough for the recorder's ring to drain into the file many times
        a, b = self.path("a.json"), self.path("b.json")
        for p in (a, b):
            code, _, err = run(HELLO, "--seed=77", "--stop-at=45m", "--trace=" + p, timeout=120)
            self.assertEqual((code, err), (0, ""))
        with open(a, "rb") as fa, open(b, "rb") as fb:
            da, db = fa.read(), fb.read()
        self.assertGreater(len(da), 4 << 20)
        self.assertEqual(da, db)
        doc = json.loads(da)
        self.assertGreater(int(doc["otherData"]["records"]), 3 * 16384)
        self.assertEqual(doc["otherData"]["dropped_records"], "0")

    def test_an_unwritable_path_is_one_line_naming_it_and_exit_1(self):
        bad = self.path("no/such/dir/t.json")
        code, out, err = run(HELLO, "--stop-at=1s", "--trace=" + bad)
        self.assertEqual(code, 1)
        self.assertEqual(out, "")
        self.assertEqual(err, "hello: cannot write trace file '%s': No such file or directory\n"
                         % bad)
        code, _, err = run(HELLO, "--stop-at=1s", "--trace=" + self.tmp.name)
        self.assertEqual(code, 1)
        self.assertEqual(err.count("\n"), 1)
        self.assertIn("'%s'" % self.tmp.name, err)

    def test_an_interrupted_run_still_writes_a_complete_trace(self):
        out = self.path("int.json")
        # realtime at 20x: the program runs "forever", like firmware, until interrupted
        p = subprocess.Popen([HELLO, "--speed=20", "--trace=" + out],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(0.5)
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=30)
        self.assertEqual(p.returncode, -signal.SIGINT, err)
        doc = load_strict(out)
        check_trace_structure(self, doc)
        self.assertEqual(doc["otherData"]["clock"], "realtime")
        self.assertGreater(int(doc["otherData"]["end_ns"]), 1000000000)


if __name__ == "__main__":
    unittest.main()
