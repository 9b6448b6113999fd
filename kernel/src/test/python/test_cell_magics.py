"""Cell magics (%%name on a cell's first line), %%time and %time, %%html and %%markdown, and %run, through a real
jupyter_client; the kernel runs in a temporary directory, as in a notebook's, so that %run finds relative paths."""
import os
import re
import shutil
import tempfile
import threading
import time
import unittest

import nepi_harness as h

KERNEL_FRAMES = ("nepi.kernel.", "jdk.jshell.", "java.lang.reflect.", "jdk.internal.reflect.", "\tat ")
TIMES = re.compile(r"CPU times: user ([0-9.]+) (ns|µs|ms|s), sys ([0-9.]+) (ns|µs|ms|s), total ([0-9.]+) (ns|µs|ms|s)\n"
                   r"Process CPU time: ([0-9.]+) (ns|µs|ms|s)\n"
                   r"Wall time: ([0-9.]+) (ns|µs|ms|s)\n")
UNIT = {"ns": 1e-9, "µs": 1e-6, "ms": 1e-3, "s": 1.0}


def seconds(value, unit):
    return float(value) * UNIT[unit]


class CellMagics(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.notebook_dir = tempfile.mkdtemp(prefix="nepi-cellmagic-it-")
        os.makedirs(os.path.join(cls.notebook_dir, "lib"))
        with open(os.path.join(cls.notebook_dir, "lib", "setup.jsh"), "w") as f:
            f.write("int fromFile = 6;\n"
                    "int times(int a, int b) { return a * b; }\n"
                    "System.out.println(\"setup ran\");\n")
        with open(os.path.join(cls.notebook_dir, "broken.jsh"), "w") as f:
            f.write("int fine = 1;\n\nString s = fine;\n")
        with open(os.path.join(cls.notebook_dir, "Failing.java"), "w") as f:
            f.write("package demo;\n\nclass Failing {\n"
                    "    static void now() {\n        throw new IllegalStateException(\"failed in a file\");\n"
                    "    }\n}\nFailing.now();\n")
        cls.km, cls.kc = h.start_kernel(cwd=cls.notebook_dir)

    @classmethod
    def tearDownClass(cls):
        try:
            h.stop_kernel(cls.km, cls.kc)
        finally:
            shutil.rmtree(cls.notebook_dir, True)

    # --- helpers ----------------------------------------------------------------------------------

    def run_cell(self, code, timeout=h.TIMEOUT):
        return h.execute(self.kc, code, timeout=timeout)

    def ok(self, code, timeout=h.TIMEOUT):
        reply = self.run_cell(code, timeout)
        self.assertEqual(reply.status, "ok", f"{code!r}: {reply.error_text()}")
        return reply

    def error(self, code, ename):
        reply = self.run_cell(code)
        self.assertEqual(reply.status, "error", f"{code!r} should fail")
        self.assertEqual(reply.content["ename"], ename, reply.error_text())
        for frame in KERNEL_FRAMES:
            self.assertNotIn(frame, reply.error_text())
        self.assertEqual(self.result(self.run_cell("40 + 2")), "42", "the kernel goes on")
        return reply

    def result(self, reply):
        results = reply.of_type("execute_result")
        self.assertEqual(len(results), 1, reply.outputs)
        return results[0]["content"]["data"]["text/plain"]

    def times(self, reply):
        match = TIMES.search(reply.stream())
        self.assertIsNotNone(match, f"no times in {reply.stream()!r}")
        g = match.groups()
        return {"user": seconds(g[0], g[1]), "sys": seconds(g[2], g[3]), "total": seconds(g[4], g[5]),
                "process": seconds(g[6], g[7]), "wall": seconds(g[8], g[9])}

    def shell(self, msg_id):
        return h.shell_reply(self.kc, msg_id)["content"]

    # --- the mechanism ----------------------------------------------------------------------------

    def test_unknown_cell_magic_lists_the_cell_magics(self):
        reply = self.error("%%tiem\n1 + 1", "UsageError")
        self.assertEqual(reply.content["evalue"],
                         "unknown cell magic %%tiem; Did you mean: time? the cell magics are %%exec, %%html, %%markdown,"
                         " %%time")
        reply = self.error("%%deploy", "UsageError")
        self.assertIn("%deploy is a line magic: write %deploy (one %)", reply.content["evalue"])

    def test_a_cell_magic_that_is_not_on_the_first_line_runs_nothing(self):
        reply = self.error("int notRun = 1;\n%%time\n1 + 1", "UsageError")
        self.assertIn("%%time is on line 2 of Cell In[", reply.content["evalue"])
        self.error("notRun", "CompileError")

    def test_lsmagic_lists_line_and_cell_magics_apart(self):
        reply = self.ok("%lsmagic")
        shown = [m["content"]["data"] for m in reply.of_type("display_data")]
        self.assertEqual(len(shown), 2)
        self.assertIn("%time STATEMENT", shown[0]["text/plain"])
        self.assertIn("%run FILE", shown[0]["text/plain"])
        self.assertIn("%deploy", shown[0]["text/plain"])
        self.assertNotIn("%%", shown[0]["text/plain"])
        self.assertIn("%%time", shown[1]["text/html"])
        self.assertIn("%%markdown", shown[1]["text/plain"])

    def test_help_completion_inspection_and_is_complete_know_cell_magics(self):
        reply = self.ok("%help %%time")
        self.assertIn("%%time\nruns the cell", reply.of_type("display_data")[0]["content"]["data"]["text/plain"])
        self.assertEqual(self.shell(self.kc.complete("%%ti", 4))["matches"], ["%%time"])
        self.assertEqual(self.shell(self.kc.complete("%%mark", 6))["matches"], ["%%markdown"])
        inspected = self.shell(self.kc.inspect("%%html\n<p>", 3))
        self.assertTrue(inspected["found"])
        self.assertIn("shows the cell as HTML", inspected["data"]["text/plain"])
        self.assertEqual(self.shell(self.kc.is_complete("%%html\n<p>"))["status"], "complete")
        self.assertEqual(self.shell(self.kc.is_complete("for (int i = 0; i < 3; i++) {"))["status"], "incomplete")

    # --- %%time and %time --------------------------------------------------------------------------

    def test_cell_time_runs_the_cell_as_any_cell_and_prints_its_times(self):
        reply = self.ok("%%time\nint timed = 20;\nint twice(int x) { return 2 * x; }\n"
                        "System.out.println(\"body ran\");\nThread.sleep(300);\ntwice(timed) + 2")
        self.assertEqual(self.result(reply), "42")
        self.assertTrue(reply.stream().startswith("body ran\n"), reply.stream())
        times = self.times(reply)
        self.assertGreaterEqual(times["wall"], 0.3)
        self.assertLess(times["wall"], 30)
        # Asleep for most of it: the cell thread's CPU time is well under the wall time.
        self.assertLess(times["total"], times["wall"])
        self.assertAlmostEqual(times["total"], times["user"] + times["sys"], delta=0.01 + 0.01 * times["total"])
        # The declarations are the session's.
        self.assertEqual(self.result(self.ok("twice(timed)")), "40")

    def test_cell_time_counts_the_cpu_of_busy_code(self):
        reply = self.ok("%%time\nlong until = System.nanoTime() + 300_000_000L; long spins = 0;\n"
                        "var threads = java.lang.management.ManagementFactory.getThreadMXBean();\n"
                        "long cpuUntil = threads.getCurrentThreadCpuTime() + 200_000_000L;\n"
                        "while (threads.getCurrentThreadCpuTime() < cpuUntil) { spins++; }")
        times = self.times(reply)
        self.assertGreaterEqual(times["total"], 0.2)
        self.assertGreaterEqual(times["process"], 0.19)

    def test_cell_time_with_a_compile_error_points_at_the_cells_line(self):
        reply = self.error("%%time\nint fine = 1;\nint broken = ;", "CompileError")
        self.assertIn(", line 3: ", reply.error_text())
        self.assertIn("int broken = ;", reply.error_text())
        self.times(reply)

    def test_cell_time_with_an_exception_shows_the_cells_frame(self):
        reply = self.error("%%time\n\nthrow new IllegalArgumentException(\"late\");", "IllegalArgumentException")
        self.assertEqual(reply.content["evalue"], "late")
        self.assertIn("line 3", reply.error_text())

    def test_cell_time_is_interruptible(self):
        timer = threading.Timer(1.0, self.km.interrupt_kernel)
        timer.start()
        started = time.monotonic()
        try:
            reply = self.run_cell("%%time\nlong spins = 0;\nwhile (true) { spins++; }")
        finally:
            timer.cancel()
        self.assertLess(time.monotonic() - started, 15)
        self.assertEqual(reply.content["ename"], "Interrupted", reply.error_text())
        self.assertGreaterEqual(self.times(reply)["wall"], 0.5)

    def test_cell_time_runs_line_magics_of_its_body(self):
        reply = self.ok("%%time\n%rtypes linux::Ping")
        self.assertIn("linux::Ping", reply.of_type("display_data")[0]["content"]["data"]["text/plain"])
        self.times(reply)

    def test_line_time(self):
        reply = self.ok("int base = 40;\n%time base + 2")
        self.assertEqual(self.result(reply), "42")
        self.times(reply)
        self.ok("%time String made = \"in a timed line\";")
        self.assertEqual(self.result(self.ok("made")), "in a timed line")
        reply = self.error("int a = 1;\n\n%time int b = ;", "CompileError")
        self.assertIn(", line 3: ", reply.error_text())
        reply = self.error("%time", "UsageError")
        self.assertTrue(reply.content["evalue"].startswith("%time: missing STATEMENT"), reply.content["evalue"])

    # --- %%html and %%markdown ---------------------------------------------------------------------

    def test_html_and_markdown_render_the_cells_text(self):
        reply = self.ok("%%html\n<h3>Results</h3>\n<p>%deploy is text here</p>")
        data = reply.of_type("display_data")[0]["content"]["data"]
        self.assertEqual(data["text/html"], "<h3>Results</h3>\n<p>%deploy is text here</p>")
        self.assertEqual(reply.of_type("execute_result"), [])
        reply = self.ok("%%markdown\n# Title\n\n* one\n* two")
        data = reply.of_type("display_data")[0]["content"]["data"]
        self.assertEqual(data["text/markdown"], "# Title\n\n* one\n* two")
        self.assertEqual(data["text/plain"], "# Title\n\n* one\n* two")
        reply = self.error("%%html", "UsageError")
        self.assertIn("the cell has nothing to show", reply.content["evalue"])

    # --- %run ----------------------------------------------------------------------------------------

    def test_run_takes_a_relative_path_from_the_notebooks_directory(self):
        reply = self.ok("%run lib/setup.jsh")
        self.assertEqual(reply.stream(), "setup ran\n")
        self.assertEqual(self.result(self.ok("times(fromFile, 7)")), "42")

    def test_run_of_a_missing_file_says_where_it_looked(self):
        reply = self.error("%run nowhere.jsh", "UsageError")
        self.assertEqual(reply.content["evalue"],
                         "%run: there is no file nowhere.jsh (looked for "
                         + os.path.join(os.path.realpath(self.notebook_dir), "nowhere.jsh") + ")")
        reply = self.error("%run exp.json", "UsageError")
        self.assertIn("not a .jsh or .java file (%load loads an experiment description)", reply.content["evalue"])

    def test_run_errors_point_at_the_files_line(self):
        reply = self.error("%run broken.jsh", "CompileError")
        self.assertIn("broken.jsh, line 3: ", reply.error_text())
        self.assertIn("String s = fine;", reply.error_text())
        reply = self.error("%run Failing.java", "IllegalStateException")
        self.assertEqual(reply.content["evalue"], "failed in a file")
        self.assertIn("at Failing.now (Failing.java, line 5)", reply.error_text())
        self.assertIn("at (Failing.java, line 8)", reply.error_text())


if __name__ == "__main__":
    unittest.main()
