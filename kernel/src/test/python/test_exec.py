"""%exec and %%exec through a real jupyter_client: output streamed into the cell, exit codes, and an interrupt that
ends the command on the node (a linux::Node of this machine)."""
import os
import shutil
import re
import tempfile
import threading
import time
import unittest
from queue import Empty

import nepi_harness as h


def live(pid):
    """Whether pid runs (a zombie has ended)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except FileNotFoundError:
        return False
    return not stat[stat.rindex(")") + 2:].startswith("Z")


class Exec(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = h.start_kernel()
        cls.home = tempfile.mkdtemp(prefix="nepi-exec-it-")

    @classmethod
    def tearDownClass(cls):
        try:
            h.execute(cls.kc, "%shutdown", timeout=60)
        finally:
            h.stop_kernel(cls.km, cls.kc)
            shutil.rmtree(cls.home, ignore_errors=True)

    def setUp(self):
        self.ok(f"%new exec-it-{os.getpid()}-{self._testMethodName[:20]}")
        self.ok('int node = ec.registerResource("linux::Node", Map.of("hostname", "localhost", "home", "'
                + self.home + '"));')

    def ok(self, code, timeout=60):
        reply = h.execute(self.kc, code, timeout=timeout)
        self.assertEqual(reply.status, "ok", f"{code!r}: {reply.error_text()}")
        return reply

    def error(self, code, ename, timeout=60):
        reply = h.execute(self.kc, code, timeout=timeout)
        self.assertEqual(reply.status, "error", f"{code!r} should fail")
        self.assertEqual(reply.content["ename"], ename, reply.error_text())
        self.assertNotIn("\tat ", reply.error_text())
        return reply

    def test_output_comes_as_it_is_printed_and_a_bad_exit_code_fails_the_cell(self):
        self.ok("%deploy node")
        msg_id = self.kc.execute("%exec node echo first; echo warn >&2; sleep 2; echo second; exit 3")
        arrivals = []
        idle = None
        deadline = time.monotonic() + 60
        while idle is None and time.monotonic() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=1)
            except Empty:
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                arrivals.append((time.monotonic(), msg["content"]["name"], msg["content"]["text"]))
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                idle = time.monotonic()
        reply = h.shell_reply(self.kc, msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "ExitCodeException")
        self.assertIn("exited with code 3 on linux::Node #1", reply["content"]["evalue"])
        out = "".join(text for _, name, text in arrivals if name == "stdout")
        err = "".join(text for _, name, text in arrivals if name == "stderr")
        self.assertEqual(out, "first\nsecond\n")
        self.assertEqual(err, "warn\n")
        first = next(t for t, _, text in arrivals if "first" in text)
        self.assertLess(first, idle - 1.5, "the first line came while the command still ran")

    def test_interrupt_ends_the_command_on_the_node(self):
        self.ok("%deploy node")
        msg_id = self.kc.execute('%exec node sleep 300 & echo "pids $$ $!"; wait')
        pids = None
        deadline = time.monotonic() + 60
        while pids is None and time.monotonic() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=1)
            except Empty:
                continue
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
                m = re.search(r"pids (\d+) (\d+)", msg["content"]["text"])
                if m:
                    pids = int(m.group(1)), int(m.group(2))
        self.assertIsNotNone(pids, "the command printed its pids")
        self.assertTrue(live(pids[1]))
        self.km.interrupt_kernel()
        reply = h.collect(self.kc, msg_id, timeout=60)
        self.assertEqual(reply.status, "error")
        self.assertEqual(reply.content["ename"], "Interrupted", reply.error_text())
        deadline = time.monotonic() + 20
        while (live(pids[0]) or live(pids[1])) and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertFalse(live(pids[1]), "sleep ended with the interrupt")
        self.assertFalse(live(pids[0]), "its shell ended with the interrupt")
        self.ok("40 + 2")

    def test_cell_magic_runs_the_cell_as_a_script(self):
        self.ok("%deploy node")
        reply = self.ok("%%exec node\nx=6\necho \"$((x * 7))\"\n")
        self.assertEqual(reply.stream(), "42\n")

    def test_bad_input_gets_short_messages(self):
        self.assertIn("is NEW: commands run on a node once it is deployed",
                      self.error("%exec node echo hi", "IllegalStateException").content["evalue"])
        self.assertIn("no RM has guid 99", self.error("%exec 99 echo hi", "UsageError").content["evalue"])
        self.assertIn("--timeout takes", self.error("%exec --timeout soon node true", "UsageError").content["evalue"])
        self.ok("%deploy node")
        self.assertIn("did not end within 1 s",
                      self.error("%exec --timeout 1 node sleep 30", "ExecTimeoutException").content["evalue"])


if __name__ == "__main__":
    unittest.main()
