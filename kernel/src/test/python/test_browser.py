"""The quickstart notebook in a real browser: Debian's Jupyter Notebook server on 127.0.0.1 with a
token, headless Chromium driven by Playwright (kernel/src/test/browser/run-notebook.mjs) selecting
the NEPI kernel from the Kernel menu and running every cell; the page must show the plot and the trace
table, which a click on a column's header sorts.
A screenshot is saved under kernel/target/browser/.
"""
import json
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.request

import nepi_harness as h

BROWSER_DIR = os.path.join(h.REPO, "kernel", "src", "test", "browser")
SCREENSHOTS = os.path.join(h.REPO, "kernel", "target", "browser")
CHROMIUM = "/usr/bin/chromium"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser(unittest.TestCase):

    def setUp(self):
        for tool, package in ((CHROMIUM, "chromium"), (shutil.which("node"), "nodejs"),
                              (shutil.which("jupyter-notebook"), "jupyter-notebook")):
            if not tool or not os.path.exists(tool):
                self.fail(f"the browser test needs {package} (Debian package {package})")
        if not os.path.isdir(os.path.join(BROWSER_DIR, "node_modules", "playwright-core")):
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=BROWSER_DIR, check=True,
                           stdout=subprocess.DEVNULL)

    def test_quickstart_runs_in_chromium_and_shows_the_plot_and_a_sortable_trace_table(self):
        notebooks = tempfile.mkdtemp(prefix="nepi-browser-notebooks-")
        self.addCleanup(shutil.rmtree, notebooks, True)
        shutil.copy(os.path.join(h.REPO, "notebooks", "01-quickstart.ipynb"), notebooks)
        port, token = free_port(), secrets.token_hex(16)
        log = open(os.path.join(notebooks, "server.log"), "w")
        self.addCleanup(log.close)
        server = subprocess.Popen(
            ["jupyter-notebook", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
             f"--NotebookApp.token={token}", f"--notebook-dir={notebooks}", "--allow-root",
             "--NotebookApp.open_browser=False"],
            stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ), start_new_session=True)
        self.addCleanup(self.stop, server)
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            self.fail("the notebook server did not start: " + open(log.name).read())

        os.makedirs(SCREENSHOTS, exist_ok=True)
        shot = os.path.join(SCREENSHOTS, "quickstart.png")
        result = subprocess.run(
            ["node", "run-notebook.mjs", f"{base}/notebooks/01-quickstart.ipynb?token={token}", shot, "240"],
            cwd=BROWSER_DIR, capture_output=True, text=True, timeout=420)
        self.assertEqual(result.returncode, 0, f"the browser run failed:\n{result.stdout}\n{result.stderr}")
        page = json.loads(result.stdout.strip().splitlines()[-1])
        self.assertEqual(page["kernel"], "nepi")
        self.assertEqual(page["errors"], [])
        self.assertGreaterEqual(page["plots"], 1, "the page shows the plot")
        self.assertTrue(all(w > 100 and h_ > 100 for w, h_ in page["plotSizes"]), page["plotSizes"])
        table = page["traceTable"]
        self.assertGreaterEqual(table["tables"], 1, "the page shows the trace table")
        self.assertEqual(table["rows"], 20, table)
        self.assertGreater(table["distinct"], 1, "round-trip times to sort")
        self.assertTrue(table["sortedAscending"] and table["sortedDescending"], f"a click sorts the table: {table}")
        self.assertGreater(os.path.getsize(shot), 10000)

    @staticmethod
    def stop(server):
        os.killpg(server.pid, 15)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)
            server.wait()


if __name__ == "__main__":
    unittest.main(verbosity=2)
