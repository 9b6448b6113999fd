"""The example notebooks in notebooks/, executed for real with nbclient through the installed kernel.

Each must run without an error output, and what it shows must be what it promises: plots are
images, traces hold what the experiment produced, nothing is left behind.
"""
import os
import shutil
import subprocess
import tempfile
import unittest
from unittest import mock

import nbformat
from nbclient import NotebookClient

import nepi_harness as h

NOTEBOOKS = os.path.join(h.REPO, "notebooks")


def outputs(cell, mime=None):
    """The texts (or MIME payloads) a cell produced."""
    found = []
    for out in cell.get("outputs", []):
        if out["output_type"] == "stream" and mime is None:
            found.append(out["text"])
        elif out["output_type"] in ("execute_result", "display_data"):
            data = out.get("data", {})
            if mime is None and "text/plain" in data:
                found.append(data["text/plain"])
            elif mime in data:
                found.append(data[mime])
    return found


class Notebooks(unittest.TestCase):

    def execute(self, name, timeout=240):
        nb = nbformat.read(os.path.join(NOTEBOOKS, name), as_version=4)
        workdir = tempfile.mkdtemp(prefix="nepi-notebook-run-")
        self.addCleanup(shutil.rmtree, workdir, True)
        # The kernel's experiments keep their results (the collector's files) here, not in /tmp.
        self.enterContext(mock.patch.dict(os.environ, {"NEPI_LOCAL_DIR": os.path.join(workdir, "results")}))
        client = NotebookClient(nb, kernel_name="nepi", timeout=timeout, startup_timeout=60,
                                resources={"metadata": {"path": workdir}})
        client.execute()
        errors = [(i, out.get("ename"), out.get("evalue"))
                  for i, cell in enumerate(nb.cells) for out in cell.get("outputs", [])
                  if out["output_type"] == "error"]
        self.assertEqual(errors, [], f"{name} has error outputs")
        return {i: cell for i, cell in enumerate(nb.cells) if cell.cell_type == "code"}

    def cell(self, cells, source_start):
        matches = [c for c in cells.values() if c.source.startswith(source_start)]
        self.assertTrue(matches, f"no cell starts with {source_start!r}")
        return matches[0]

    def assert_image(self, cell):
        images = outputs(cell, "image/png")
        self.assertTrue(images, f"cell {cell.source!r} shows no PNG image")
        self.assertGreater(len(images[0]), 1000, "the PNG is not a real plot")

    def test_quickstart_pings_and_plots(self):
        cells = self.execute("01-quickstart.ipynb")
        graph = outputs(self.cell(cells, "%graph --live"), "image/svg+xml")
        self.assertEqual(len(graph), 1, "the graph is drawn once, then updated in place")
        self.assertIn('data-layout="graphviz dot"', graph[0])
        self.assertNotIn('data-state="NEW"', graph[0], "updated in place by the cells after it")
        tail = "".join(outputs(self.cell(cells, "%trace ping stdout --tail")))
        self.assertIn("20 packets transmitted, 20 received", tail)
        self.assert_image(self.cell(cells, "%trace ping stdout --plot"))
        table = self.cell(cells, "%trace ping stdout --table")
        self.assertIn("ping, 20 rows", "".join(outputs(table)))
        self.assertIn("nepi-sortable", "".join(outputs(table, "text/html")))
        self.assertTrue(outputs(self.cell(cells, "%state"), "text/html"), "%state shows an HTML table")

    def test_netns_topology_routes_and_measures(self):
        if os.geteuid() != 0:
            self.skipTest("network namespaces need root (CI runs as root)")
        cells = self.execute("02-netns.ipynb")
        self.assertIn("unreachable", "".join(outputs(self.cell(cells, "ec.deploy(lost)"))))
        self.assert_image(self.cell(cells, "%trace ping stdout --plot"))
        iperf = "".join(outputs(self.cell(cells, "%trace client stdout --table")))
        self.assertIn("linux::Iperf: iperf3, 4 rows", iperf)
        self.assertIn("protocol TCP, sent_bytes", iperf)
        left = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
        self.assertNotIn("nepi", left, "namespaces left behind")

    def test_conditions_order_and_timeline(self):
        cells = self.execute("03-conditions.ipynb")
        self.assert_image(self.cell(cells, "%timeline"))
        self.assertEqual("".join(outputs(self.cell(cells, "ec.getStartTime(first)"))).strip(), "true")
        self.assertIn("second", "".join(outputs(self.cell(cells, "%trace second stdout"))))

    def test_ssh_nodes_and_collector(self):
        cells = self.execute("04-ssh.ipynb")
        self.assertIn("hello from", "".join(outputs(self.cell(cells, "%trace app1 stdout"))))
        self.assert_image(self.cell(cells, "%trace app2 stdout --plot"))
        collected = "".join(outputs(self.cell(cells, "try (var files = Files.walk(ec.getRunDir()")))
        self.assertEqual(collected.count("bytes"), 2, f"the collector gathered two traces: {collected!r}")
        left = subprocess.run(["pgrep", "-f", "nepi-notebook-sshd-"], capture_output=True, text=True).stdout
        self.assertEqual(left.strip(), "", "the notebook's sshd is left running")

    def test_custom_resource_type(self):
        cells = self.execute("05-custom-rm.ipynb")
        self.assertIn("from", "".join(outputs(self.cell(cells, "%help demo::Countdown"))))
        self.assertEqual("".join(outputs(self.cell(cells, "%trace fast count --tail"))).split(), ["2", "1", "0"])
        self.assert_image(self.cell(cells, "%timeline"))

    def test_ns3_dumbbell_throughput_and_flow_table(self):
        # The first ns-3 run on this host builds the driver (about a minute, more under load): a cell may wait
        # for it.
        cells = self.execute("06-ns3.ipynb", timeout=600)
        for sink in ("sink1", "sink2"):
            cell = self.cell(cells, f"%trace {sink} throughput --plot")
            self.assert_image(cell)
            self.assertIn("rows of time, Mbps", "".join(outputs(cell)))
        table = "".join(outputs(self.cell(cells, "import org.dflib.DataFrame")))
        self.assertIn("10.1.1.1", table)
        self.assertIn("10.2.1.2:9", table)
        self.assertIn("UDP", table)
        self.assertIn("TCP", table)

    def test_fleet_with_a_network_spanning_three_hosts(self):
        if os.geteuid() != 0:
            self.skipTest("the testbed's hosts are network namespaces, which need root (CI runs as root)")
        testbed = tempfile.mkdtemp(prefix="nepi-notebook-testbed-")
        script = os.path.join(h.REPO, "install", "testbed.sh")
        name = "nepinb7"
        # Registered before "up": a testbed that came up halfway is removed too.
        self.addCleanup(subprocess.run, [script, "down", "--dir", testbed, "--name", name],
                        capture_output=True, timeout=600)
        up = subprocess.run([script, "up", "10", "--dir", testbed, "--name", name, "--prefix", "198.18.68.0/24"],
                            capture_output=True, text=True, timeout=900)
        self.assertEqual(up.returncode, 0, f"install/testbed.sh up 10 failed: {up.stdout}{up.stderr}")
        os.environ["NEPI_TESTBED"] = testbed
        self.addCleanup(os.environ.pop, "NEPI_TESTBED", None)
        cells = self.execute("07-fleet.ipynb", timeout=600)
        self.assertIn("hosts: 10", "".join(outputs(self.cell(cells, "Path testbed"))))
        printed = "".join(outputs(self.cell(cells, "ec.waitFinished(apps)")))
        self.assertEqual(sorted(printed.split()), sorted(f"198.18.68.{i}/24" for i in range(2, 12)))
        self.assert_image(self.cell(cells, "%trace ping stdout --plot"))
        iperf = "".join(outputs(self.cell(cells, "%trace client stdout --table")))
        self.assertIn("linux::Iperf: iperf3", iperf)
        left = subprocess.run(["sh", "-c", "ls /run/netns | grep -c '^nepi[a-z0-9]\\{6\\}-'; exit 0"],
                              capture_output=True, text=True).stdout.strip()
        self.assertEqual(left, "0", "namespaces of the run left behind on the hosts")

    def test_library_from_maven_central_on_ping_traces(self):
        cells = self.execute("08-libraries.ipynb")
        added = "".join(outputs(self.cell(cells, "%maven")))
        self.assertIn("com.google.code.gson:gson:2.11.0", added)
        self.assertIn("gson", "".join(outputs(self.cell(cells, "%classpath"))))
        document = "".join(outputs(self.cell(cells, "import com.google.gson")))
        self.assertIn('"rttMs"', document)
        self.assertIn('"target": "127.0.0.1"', document)
        self.assertEqual(outputs(self.cell(cells, "JsonParser.parseString"))[0].strip(), "10")

    def test_quickstart_exports_to_an_html_page_with_its_plot(self):
        """What install/quickstart.sh does: nbconvert executes the notebook and writes HTML."""
        out = tempfile.mkdtemp(prefix="nepi-quickstart-html-")
        self.addCleanup(shutil.rmtree, out, True)
        result = subprocess.run(
            ["jupyter-nbconvert", "--config", os.path.join(h.REPO, "install", "nbconvert_config.py"), "--to", "html",
             "--execute", os.path.join(NOTEBOOKS, "01-quickstart.ipynb"), "--output-dir", out],
            capture_output=True, text=True, timeout=600)
        self.assertEqual(result.returncode, 0, result.stderr[-3000:])
        with open(os.path.join(out, "01-quickstart.html")) as f:
            page = f.read()
        self.assertIn("20 packets transmitted", page)
        self.assertIn('<img src="data:image/png;base64', page, "the page shows the plot as an image")


if __name__ == "__main__":
    unittest.main(verbosity=2)
