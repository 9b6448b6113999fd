"""Notebooks in a real browser: Debian's Jupyter Notebook server on 127.0.0.1 with a token, headless
Chromium driven by Playwright (kernel/src/test/browser/run-notebook.mjs) selecting the NEPI kernel
from the Kernel menu and running every cell. The quickstart page must show the plot, the
experiment's graph drawn before deploy and recoloured live until every resource is released, and
the trace table, which a click on a column's header sorts; the ns-3 page (06-ns3) both sinks'
throughput plots and the FlowMonitor table, sorted the same way.
Screenshots are saved under kernel/target/browser/.
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

    def run_notebook(self, name, shot_name, timeout, sort_by="time_ms"):
        """Runs notebook `name` in Chromium on a fresh Notebook server; the page's summary."""
        notebooks = tempfile.mkdtemp(prefix="nepi-browser-notebooks-")
        self.addCleanup(shutil.rmtree, notebooks, True)
        shutil.copy(os.path.join(h.REPO, "notebooks", name), notebooks)
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
        shot = os.path.join(SCREENSHOTS, shot_name)
        result = subprocess.run(
            ["node", "run-notebook.mjs", f"{base}/notebooks/{name}?token={token}", shot, str(timeout), sort_by],
            cwd=BROWSER_DIR, capture_output=True, text=True, timeout=timeout + 180)
        self.assertEqual(result.returncode, 0, f"the browser run failed:\n{result.stdout}\n{result.stderr}")
        self.assertGreater(os.path.getsize(shot), 10000)
        return json.loads(result.stdout.strip().splitlines()[-1])

    def test_quickstart_runs_in_chromium_and_shows_the_plot_and_a_sortable_trace_table(self):
        page = self.run_notebook("01-quickstart.ipynb", "quickstart.png", 240)
        self.assertEqual(page["kernel"], "nepi")
        self.assertEqual(page["errors"], [])
        self.assertGreaterEqual(page["plots"], 1, "the page shows the plot")
        self.assertTrue(all(w > 100 and h_ > 100 for w, h_ in page["plotSizes"]), page["plotSizes"])
        table = page["traceTable"]
        self.assertGreaterEqual(table["tables"], 1, "the page shows the trace table")
        self.assertEqual(table["rows"], 20, table)
        self.assertGreater(table["distinct"], 1, "round-trip times to sort")
        self.assertTrue(table["sortedAscending"] and table["sortedDescending"], f"a click sorts the table: {table}")
        # The graph drawn before deploy (%graph --live), laid out by Graphviz, then recoloured in place by the cells
        # after it: at the end it shows both RMs released.
        self.assertEqual(len(page["graphs"]), 1, page["graphs"])
        graph = page["graphs"][0]
        self.assertEqual(graph["cell"], "%graph --live")
        self.assertLess(page["cellInputs"].index("%graph --live"), page["cellInputs"].index("%deploy"))
        self.assertEqual(graph["layout"], "graphviz dot")
        self.assertEqual(graph["states"], ["RELEASED", "RELEASED"])

    def test_ns3_notebook_shows_both_throughput_plots_and_a_sortable_flow_table(self):
        # The first ns-3 run on this host builds the driver (a minute or more under load): the deploy cell waits.
        page = self.run_notebook("06-ns3.ipynb", "ns3.png", 600, sort_by="txPackets")
        self.assertEqual(page["kernel"], "nepi")
        self.assertEqual(page["errors"], [])
        self.assertGreaterEqual(page["plots"], 2, "the page shows each sink's throughput plot")
        self.assertTrue(all(w > 100 and h_ > 100 for w, h_ in page["plotSizes"]), page["plotSizes"])
        table = page["traceTable"]
        self.assertTrue(table["caption"].startswith("DataFrame, "), table)
        # FlowMonitor's flows: the UDP one from s1, the TCP one from s2 and its acknowledgements back.
        self.assertGreaterEqual(table["rows"], 3, table)
        for shown in ("10.1.1.1", "10.2.1.2:9", "10.2.2.2:9", "UDP", "TCP"):
            self.assertIn(shown, table["text"])
        self.assertTrue(table["sortedAscending"] and table["sortedDescending"], f"a click sorts the table: {table}")

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
