"""The NEPI magics, live tables, charts, completion and inspection through a real jupyter_client, on a localhost
experiment (linux::Node on localhost, a linux::Application and a linux::Ping of 127.0.0.1)."""
import base64
import csv
import os
import shutil
import socket
import tempfile
import threading
import time
import unittest
from queue import Empty

import nepi_harness as h

KERNEL_FRAMES = ("nepi.kernel.", "jdk.jshell.", "java.lang.reflect.", "jdk.internal.reflect.", "\tat ")
EXPERIMENT = (
    'int node = ec.registerResource("linux::Node", Map.of("hostname", "localhost"));\n'
    'int app = ec.registerResource("linux::Application", Map.of("command", {command}));\n'
    'int ping = ec.registerResource("linux::Ping", Map.of("target", "127.0.0.1", "count", 5, "interval", 0.2,'
    ' "printTimestamp", true));\n'
    'ec.registerConnection(node, app); ec.registerConnection(node, ping);')


class NotebookMagics(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = h.start_kernel()
        cls.tmp = tempfile.mkdtemp(prefix="nepi-notebook-it-")
        cls.exp_ids = []

    @classmethod
    def tearDownClass(cls):
        try:
            h.execute(cls.kc, "%shutdown", timeout=60)
        finally:
            h.stop_kernel(cls.km, cls.kc)
            shutil.rmtree(cls.tmp, True)
            # Runs archived by the tests live under the system temp dir, named by the tests' expIds; their files on
            # the node (this machine) under ~/.nepi/nepi-exp.
            for exp_id in cls.exp_ids:
                shutil.rmtree(os.path.join(tempfile.gettempdir(), exp_id), True)
                shutil.rmtree(os.path.join(os.path.expanduser("~"), ".nepi", "nepi-exp", exp_id), True)

    # --- helpers ----------------------------------------------------------------------------------

    def run_cell(self, code, timeout=60):
        return h.execute(self.kc, code, timeout=timeout)

    def ok(self, code, timeout=60):
        reply = self.run_cell(code, timeout)
        self.assertEqual(reply.status, "ok", f"{code!r}: {reply.error_text()}")
        return reply

    def error(self, code, ename=None, timeout=60):
        reply = self.run_cell(code, timeout)
        self.assertEqual(reply.status, "error", f"{code!r} should fail")
        if ename:
            self.assertEqual(reply.content["ename"], ename, reply.error_text())
        self.assert_no_kernel_frames(reply)
        self.assert_kernel_answers()
        return reply

    def assert_no_kernel_frames(self, reply):
        text = reply.error_text()
        for frame in KERNEL_FRAMES:
            self.assertNotIn(frame, text)

    def assert_kernel_answers(self):
        reply = self.run_cell("40 + 2")
        self.assertEqual(reply.status, "ok", reply.error_text())
        self.assertEqual(reply.of_type("execute_result")[0]["content"]["data"]["text/plain"], "42")

    def experiment(self, command="echo hello; sleep 1", exp_id=None):
        exp_id = exp_id or f"nbit-{os.getpid()}-{len(self.exp_ids)}"
        self.exp_ids.append(exp_id)
        self.ok(f"%new {exp_id}")
        self.ok(EXPERIMENT.format(command=java_string(command)))
        return exp_id

    def displays(self, reply):
        return reply.of_type("display_data") + reply.of_type("update_display_data")

    def data(self, reply, mime):
        found = [m["content"]["data"][mime] for m in self.displays(reply) + reply.of_type("execute_result")
                 if mime in m["content"]["data"]]
        self.assertTrue(found, f"no {mime} output in {[m['msg_type'] for m in reply.outputs]}")
        return found[-1]

    def text(self, reply):
        return "".join(m["content"]["data"]["text/plain"] for m in self.displays(reply)) + reply.stream()

    def complete(self, code, cursor=None):
        msg_id = self.kc.complete(code, len(code) if cursor is None else cursor)
        return h.shell_reply(self.kc, msg_id)["content"]

    def inspect(self, code, cursor=None):
        msg_id = self.kc.inspect(code, len(code) if cursor is None else cursor)
        return h.shell_reply(self.kc, msg_id)["content"]

    def final_table(self, reply):
        updates = reply.of_type("update_display_data")
        self.assertTrue(updates, "the live table was never updated")
        return updates[-1]["content"]["data"]["text/plain"]

    # --- %deploy, %wait and their live tables -----------------------------------------------------

    def test_deploy_shows_a_live_table_that_ends_with_the_final_states(self):
        self.experiment()
        reply = self.ok("%deploy")
        first = reply.of_type("display_data")[0]
        display_id = first["content"]["transient"]["display_id"]
        self.assertIn("<table", first["content"]["data"]["text/html"])
        for update in reply.of_type("update_display_data"):
            self.assertEqual(update["content"]["transient"]["display_id"], display_id)
            self.assertIn("<table", update["content"]["data"]["text/html"])
        final = self.final_table(reply)
        self.assertIn("deployed after", final)
        self.assertNotIn(" NEW ", final)
        for rtype in ("linux::Node", "linux::Application", "linux::Ping"):
            self.assertIn(rtype, final)

    def test_wait_updates_the_table_while_it_blocks_and_ends_with_finished_states(self):
        self.experiment(command="sleep 2; echo done")
        self.ok("ec.deploy();")
        msg_id = self.kc.execute("%wait finished app ping")
        arrivals = []
        idle_at = None
        deadline = time.monotonic() + 60
        while idle_at is None and time.monotonic() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=1)
            except Empty:
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "update_display_data":
                arrivals.append((time.monotonic(), msg))
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                idle_at = time.monotonic()
        reply = h.shell_reply(self.kc, msg_id)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        self.assertIsNotNone(idle_at)
        self.assertGreaterEqual(len(arrivals), 2, "updates while waiting, then the final one")
        self.assertLess(arrivals[0][0], idle_at - 0.5, "an update arrived while %wait was still blocking")
        final = arrivals[-1][1]["content"]["data"]["text/plain"]
        self.assertIn("finished after", final)
        self.assertIn("2 RMs: 2 STOPPED", final)
        sent = [m["header"]["date"] for _, m in arrivals]
        for earlier, later in zip(sent, sent[1:]):
            self.assertGreaterEqual((later - earlier).total_seconds(), 0.09, "more than 10 updates a second")

    def test_interrupting_wait_stops_it_and_shows_the_states_then(self):
        self.experiment(command="sleep 60")
        self.ok("%deploy")
        timer = threading.Timer(1.5, self.km.interrupt_kernel)
        timer.start()
        started = time.monotonic()
        try:
            reply = self.run_cell("%wait finished app")
        finally:
            timer.cancel()
        self.assertEqual(reply.status, "error")
        self.assertEqual(reply.content["ename"], "Interrupted", reply.error_text())
        self.assertLess(time.monotonic() - started, 10)
        self.assertIn("interrupted after", self.final_table(reply))
        self.assert_kernel_answers()
        self.ok("%release")

    def test_wait_timeout_says_what_is_missing(self):
        self.experiment(command="sleep 30")
        self.ok("%deploy")
        reply = self.error("%wait finished app --timeout 1", "WaitTimeoutException")
        self.assertIn("1 of 1 RMs not finished after 1.0 s: #2 STARTED", reply.error_text())
        self.ok("%release")

    def test_an_rm_failing_during_wait_gives_a_short_message(self):
        self.experiment(command="echo broken >&2; exit 3")
        self.ok("ec.deploy();")
        reply = self.error("%wait finished app", "ResourceFailureException")
        text = reply.error_text()
        self.assertIn("#2 linux::Application", text)
        self.assertIn("code 3", text)
        self.assertLess(len(text), 1000, text)
        self.ok("%release")

    def test_a_non_critical_failure_is_reported_without_failing_the_cell(self):
        self.experiment(command="exit 4")
        self.ok('ec.set(app, "critical", false);')
        self.ok("%deploy")
        reply = self.ok("%wait finished app")
        self.assertIn("not critical", self.text(reply))
        self.assertIn("FAILED", self.final_table(reply))
        self.ok("%release")

    def test_wait_on_timeout_stop_stops_what_is_still_running(self):
        self.experiment(command="sleep 30")
        self.ok("%deploy")
        reply = self.error("%wait finished app --timeout 1 --on-timeout stop", "WaitTimeoutException")
        self.assertIn("1 of 1 RMs not finished after 1.0 s: #2 STARTED", reply.error_text())
        self.assertIn("--on-timeout stop: stopped #2", reply.error_text())
        self.assertIn("--on-timeout stop: stopped #2", self.final_table(reply))
        self.assertEqual(self.data(self.ok("ec.state(app)"), "text/plain"), "STOPPED")
        self.assertIn("--on-timeout needs --timeout", self.error("%wait --on-timeout stop", "UsageError").error_text())
        self.ok("%release")

    # --- readiness --------------------------------------------------------------------------------------

    def test_a_ready_check_makes_started_mean_listening_so_the_client_needs_no_delay(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        exp_id = f"nbit-{os.getpid()}-{len(self.exp_ids)}"
        self.exp_ids.append(exp_id)
        self.ok(f"%new {exp_id}")
        self.ok('int node = ec.registerResource("linux::Node", Map.of("hostname", "localhost"));\n'
                # Listens a second after it starts: a client started at the process's start would be refused.
                f'int server = ec.registerResource("linux::Application", Map.of("command", "sleep 1; exec iperf3'
                f' -s -1 -p {port}", "readyCheck", "port:{port}"));\n'
                f'int client = ec.registerResource("linux::Iperf", Map.of("role", "client", "target", "127.0.0.1",'
                f' "port", {port}, "duration", 1));\n'
                'ec.registerConnection(node, server); ec.registerConnection(node, client);\n'
                'ec.registerCondition(client, START, server, STARTED);')
        refused = self.error('ec.set(client, "readyCheck", "tcp:80")', "IllegalArgumentException")
        self.assertIn("accepted: port:N", refused.error_text())
        self.ok("%deploy")
        reply = self.ok("%wait finished server client", timeout=120)
        self.assertIn("2 RMs: 2 STOPPED", self.final_table(reply))
        self.assertIn("receiver", self.ok("%trace client stdout").stream())
        self.ok("%release")
        # Int variables name RMs (%save writes them): leave only the names the other tests use.
        self.ok('String server = "released", client = "released";')

    def test_a_check_that_never_passes_fails_the_rm_and_state_failed_shows_why_in_full(self):
        self.experiment(command="echo first line of stderr >&2; echo last line of stderr >&2; sleep 30")
        self.ok('ec.set(app, "readyCheck", "file:never-made"); ec.set(app, "readyTimeout", "1s");'
                ' ec.set(app, "critical", false);')
        self.ok("%deploy")
        self.ok("%wait finished app", timeout=120)
        reply = self.ok("%state --failed")
        plain = self.data(reply, "text/plain")
        self.assertIn("failed RMs: 1 RM: 1 FAILED", plain)
        self.assertNotIn("linux::Node", plain)
        self.assertIn("readyCheck file:never-made did not pass within 1s", plain)
        self.assertIn("last line of stderr", plain)
        html = self.data(reply, "text/html")
        self.assertIn('<tr class="nepi-details">', html)
        self.assertIn("last line of stderr", html)
        self.ok("%release")

    # --- %trace, %timeline, %graph, %state ---------------------------------------------------------

    def finished_experiment(self, command="echo hello; sleep 1"):
        self.experiment(command=command)
        self.ok("%deploy")
        self.ok("%wait finished app ping")

    def test_trace_whole_head_tail_size_path(self):
        self.finished_experiment(command="for i in 1 2 3 4 5; do echo line$i; done")
        self.assertEqual(self.ok("%trace app stdout").stream(), "line1\nline2\nline3\nline4\nline5\n")
        self.assertEqual(self.ok("%trace app stdout --head 2").stream(), "line1\nline2\n")
        self.assertEqual(self.ok("%trace app stdout --tail 2").stream(), "line4\nline5\n")
        self.assertEqual(self.text(self.ok("%trace app stdout --size")).strip(), "30 bytes")
        path = self.text(self.ok("%trace app stdout --path")).strip()
        with open(path) as f:
            self.assertEqual(f.read(), "line1\nline2\nline3\nline4\nline5\n")
        self.assertIn("icmp_seq=5", self.ok("%trace ping stdout --tail 5").stream())
        self.ok("%release")

    def test_trace_plot_of_ping_is_a_png_with_an_svg_twin(self):
        self.finished_experiment()
        reply = self.ok("%trace ping stdout --plot")
        png = base64.b64decode(self.data(reply, "image/png"))
        self.assertTrue(png.startswith(b"\x89PNG\r\n\x1a\n"))
        self.assertIn("<svg", self.data(reply, "image/svg+xml"))
        self.assertIn("5 replies, RTT min/avg/max", self.data(reply, "text/plain"))
        self.ok("%release")

    def test_trace_plot_of_numeric_columns(self):
        self.finished_experiment(command="echo 'n square'; for i in 1 2 3 4 5; do echo $i $((i*i)); done")
        reply = self.ok("%trace app stdout --plot")
        self.assertTrue(base64.b64decode(self.data(reply, "image/png")).startswith(b"\x89PNG"))
        self.assertIn("5 rows of n, square", self.data(reply, "text/plain"))
        saved = os.path.join(self.tmp, "square.png")
        reply = self.ok(f"%trace app stdout --plot --save {saved}")
        self.assertIn(f"saved PNG to {saved}", reply.stream())
        with open(saved, "rb") as f:
            self.assertTrue(f.read().startswith(b"\x89PNG"))
        self.assertIn("its name must end in .svg or .png", self.error(
            f"%trace app stdout --plot --save {saved}.pdf", "UsageError").error_text())
        self.error("%trace app stderr --plot", "UsageError")
        self.ok("%release")

    def test_trace_table_of_a_real_ping_and_traceroute_and_its_csv(self):
        self.finished_experiment(command="traceroute -n -q 2 127.0.0.1")
        reply = self.ok("%trace ping stdout --table")
        html = self.data(reply, "text/html")
        self.assertIn("nepi-sortable", html)
        self.assertIn('onclick="', html)
        for column in ("timestamp", "icmp_seq", "ttl", "time_ms"):
            self.assertIn(f">{column}</th>", html)
        self.assertEqual(html.count("<tr>"), 1 + 5 + 1, "header, 5 replies, the statistics")
        plain = self.data(reply, "text/plain")
        self.assertIn("linux::Ping: ping, 5 rows", plain)
        self.assertIn("transmitted 5, received 5, loss_percent 0", plain)

        route = self.data(self.ok("%trace app stdout --table"), "text/plain")
        self.assertIn("linux::Application: traceroute, 1 row", route)
        self.assertIn("127.0.0.1", route)

        path = os.path.join(self.tmp, "ping rtt.csv")
        written = self.text(self.ok(f'%trace ping stdout --csv "{path}"'))
        self.assertIn(f"wrote 5 ping rows of trace 'stdout' of linux::Ping", written)
        with open(path, newline="") as f:
            rows = list(csv.reader(f))
        self.assertEqual(rows[0], ["timestamp", "icmp_seq", "ttl", "time_ms"])
        self.assertEqual([r[1] for r in rows[1:]], ["1", "2", "3", "4", "5"])
        self.assertTrue(all(float(r[3]) > 0 for r in rows[1:]))

        # The same rows from Java, as a DFLib data frame filtered in a cell.
        reply = self.ok('TraceTables.table(ec, ping, "stdout").dataFrame()'
                        '.rows(org.dflib.Exp.$long("icmp_seq").gt(3L)).select()')
        self.assertIn("DataFrame, 2 rows", self.data(reply, "text/plain"))

        error = self.error("%trace app stderr --table", "UsageError")
        self.assertIn("no known format (it is empty); the known formats: ping, iperf3 (JSON report, -J), tcpdump",
                      error.error_text())
        self.ok("%release")

    def test_timeline_is_a_chart(self):
        self.finished_experiment()
        reply = self.ok("%timeline --order type")
        self.assertTrue(base64.b64decode(self.data(reply, "image/png")).startswith(b"\x89PNG"))
        svg = self.data(reply, "image/svg+xml")
        self.assertIn(">#1 linux::Node: localhost</text>", svg)
        self.assertIn(">#2 linux::Application: echo hello; sleep 1</text>", svg)
        self.assertLess(svg.index(">#2 linux::Application"), svg.index(">#1 linux::Node"), "ordered by type")
        plain = self.data(reply, "text/plain")
        for rtype in ("linux::Node", "linux::Application", "linux::Ping"):
            self.assertIn(rtype, plain)
        self.ok("%release")

    def test_graph_is_svg_with_every_rm_and_connection(self):
        self.experiment()
        reply = self.ok("%graph")
        svg = self.data(reply, "image/svg+xml")
        self.assertTrue(svg.startswith("<svg"), svg[:100])
        for rtype in ("linux::Node", "linux::Application", "linux::Ping"):
            self.assertIn(rtype, svg)
        self.assertIn('data-layout="graphviz dot"', svg, "Graphviz lays it out (Debian package graphviz)")
        connections = svg[svg.index('<g class="connections"'):]
        self.assertEqual(connections[:connections.index("</g>")].count("<path "), 2)
        self.assertIn("#1 linux::Node NEW (localhost) -- [2, 3]", self.data(reply, "text/plain"))

    def test_graph_dot_prints_the_connections_and_the_conditions(self):
        self.experiment()
        self.ok('ec.registerCondition(ping, START, app, STOPPED, "1s");')
        reply = self.ok("%graph --dot")
        self.assertEqual(self.displays(reply), [])
        dot = reply.stream()
        self.assertTrue(dot.startswith("digraph "), dot[:100])
        self.assertIn("rm1 -> rm2;", dot)
        self.assertIn("rm1 -> rm3;", dot)
        self.assertRegex(dot, r'rm2 -> rm3 \[style=dashed, [^\]]*label="START after STOPPED \+ 1\.0 s"\]')
        self.error("%graph --save graph.gif", "UsageError")

    def test_live_graph_is_recoloured_in_place_by_later_cells(self):
        self.experiment(command="sleep 1")
        shown = self.ok("%graph --live")
        first = shown.of_type("display_data")
        self.assertEqual(len(first), 1)
        display_id = first[0]["content"]["transient"]["display_id"]
        self.assertIn('data-state="NEW"', first[0]["content"]["data"]["image/svg+xml"])
        # Later cells: the graph's updates come as children of whichever request is being served, and may
        # trail the cell that caused them, so read iopub until the graph shows every RM finished.
        msg_id = self.kc.execute("%deploy\n")
        updates = []
        deadline = time.monotonic() + 60
        finished = False
        while not finished and time.monotonic() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=1)
            except Empty:
                continue
            content = msg["content"]
            if msg["msg_type"] == "update_display_data" and content["transient"]["display_id"] == display_id:
                updates.append(content)
                svg = content["data"]["image/svg+xml"]
                finished = ('data-guid="2" data-state="STOPPED"' in svg
                            and 'data-guid="3" data-state="STOPPED"' in svg)
        self.assertEqual(h.shell_reply(self.kc, msg_id)["content"]["status"], "ok")
        self.assertTrue(finished, f"the graph never showed the RMs finished ({len(updates)} updates)")
        self.assertGreaterEqual(len(updates), 2)
        self.assertIn("image/svg+xml", updates[-1]["data"])
        self.ok("%release")

    def test_state_table_has_html_and_text(self):
        self.experiment()
        reply = self.ok("%state")
        html = self.data(reply, "text/html")
        self.assertIn("<table", html)
        self.assertIn("hostname=localhost", html)
        plain = self.data(reply, "text/plain")
        self.assertIn("3 RMs: 3 NEW", plain)
        self.assertIn("target=127.0.0.1", plain)
        self.assertIn("1 RM: 1 NEW", self.data(self.ok("%state ping"), "text/plain"))

    # --- %rtypes, %help, %lsmagic, renderers --------------------------------------------------------

    def test_rtypes_help_and_lsmagic(self):
        self.experiment()
        rtypes = self.data(self.ok("%rtypes ping"), "text/plain")
        self.assertIn("linux::Ping", rtypes)
        self.assertNotIn("linux::Node ", rtypes)
        help_text = self.data(self.ok("%help linux::Ping"), "text/plain")
        self.assertIn("target", help_text)
        self.assertIn("stdout", help_text)
        rm_help = self.data(self.ok("%help ping"), "text/plain")
        self.assertIn("#3 linux::Ping (NEW)", rm_help)
        self.assertIn("127.0.0.1", rm_help)
        listing = self.text(self.ok("%lsmagic"))  # the line magics, then the cell magics
        for magic in ("deploy", "wait", "trace", "state", "graph", "timeline", "release", "shutdown", "new",
                      "rtypes", "help", "lsmagic", "save", "load", "runs", "maven", "mavenRepo", "jars", "classpath"):
            self.assertIn("%" + magic + " ", listing)

    def test_nepi_objects_render_as_html(self):
        self.experiment()
        for code, expected in (("ec.getResource(ping)", "127.0.0.1"), ("ec", "3 RMs: 3 NEW"),
                               ("ec.getAttributes(ping)", "packetSize"),
                               ('ResourceFactory.getType("linux::Application")', "stdout")):
            reply = self.ok(code)
            html = reply.of_type("execute_result")[0]["content"]["data"]["text/html"]
            self.assertIn("<table", html, code)
            self.assertIn(expected, html, code)

    # --- %release, %shutdown, %new, %save, %load, %runs ------------------------------------------

    def test_release_shutdown_and_new(self):
        self.finished_experiment()
        self.assertIn("3 RELEASED", self.final_table(self.ok("%release")))
        self.assertIn("is shut down", self.text(self.ok("%shutdown")))
        self.assertIn("%new starts a new one", self.error("%deploy", "UsageError").error_text())
        exp_id = f"nbit-new-{os.getpid()}"
        self.exp_ids.append(exp_id)
        self.ok(f"%new {exp_id}")
        result = self.ok("ec.getExpId()").of_type("execute_result")[0]["content"]["data"]["text/plain"]
        self.assertEqual(result, exp_id)
        self.error("%new no/slash", "UsageError")

    def test_save_load_and_runs(self):
        exp_id = self.experiment()
        path = os.path.join(self.tmp, "my experiment.json")
        self.assertIn("names node, app, ping)", self.text(self.ok(f'%save "{path}"')))
        self.assertTrue(os.path.isfile(path))
        self.assertIn("no archived runs", self.text(self.ok("%runs")))
        self.ok("nepi.core.run.RunArchive.write(ec);")
        first = self.ok("ec.getRunId()").of_type("execute_result")[0]["content"]["data"]["text/plain"]
        loaded = self.text(self.ok(f'%load "{path}"'))
        self.assertIn(f"experiment {exp_id} loaded from", loaded)
        self.assertIn("was shut down", loaded)
        self.assertEqual(self.ok("ec.getResources().size()").of_type("execute_result")[0]["content"]["data"]
                         ["text/plain"], "3")
        self.ok("nepi.core.run.RunArchive.write(ec);")
        second = self.ok("ec.getRunId()").of_type("execute_result")[0]["content"]["data"]["text/plain"]
        runs = self.data(self.ok("%runs"), "text/plain")
        self.assertIn(f"2 archived runs of {exp_id}, newest first", runs)
        self.assertLess(runs.index(second.strip('"')), runs.index(first.strip('"')))
        self.error(f'%load "{os.path.join(self.tmp, "missing.json")}"', "UsageError")
        broken = os.path.join(self.tmp, "broken.json")
        with open(broken, "w") as f:
            f.write("{ not json")
        reply = self.error(f"%load {broken}")
        self.assertIn("broken.json", reply.error_text())
        self.assertEqual(self.ok("ec.getExpId()").of_type("execute_result")[0]["content"]["data"]["text/plain"],
                         exp_id, "a failed %load leaves ec as it was")

    def test_load_after_a_restart_binds_the_resources_names_again(self):
        self.experiment()
        path = os.path.join(self.tmp, "named.json")
        self.ok(f'%save "{path}"')
        self.km.restart_kernel(now=False)
        self.kc.wait_for_ready(timeout=h.TIMEOUT)
        self.error("ping", "CompileError")
        loaded = self.text(self.ok(f'%load "{path}"'))
        self.assertIn("bound app = 2, node = 1, ping = 3", loaded)
        reply = self.ok('ec.get(ping, "target")')
        self.assertEqual(reply.of_type("execute_result")[0]["content"]["data"]["text/plain"], "127.0.0.1")

    def test_a_refusal_of_the_ec_api_is_one_short_message(self):
        self.experiment()
        reply = self.error('String label = "a";\nec.set(node, "hostnme", "x");', "IllegalArgumentException")
        text = reply.error_text()
        self.assertIn("hostnme", text)
        self.assertNotIn("Caused by", text)
        self.assertNotIn("nepi.core.", text)
        self.assertLessEqual(len(text.strip().splitlines()), 2, text)
        self.assertIn("line 2", text)

    # --- completion and inspection ------------------------------------------------------------------

    def test_completion_of_types_attributes_traces_and_magic_options(self):
        self.experiment()
        self.assertEqual(self.complete('ec.registerResource("linux::Pi')["matches"], ["linux::Ping"])
        reply = self.complete('ec.set(ping, "ta')
        self.assertEqual(reply["matches"], ["target"])
        self.assertEqual(reply["cursor_start"], len('ec.set(ping, "'))
        self.assertIn("hostname", self.complete('ec.get(1, "host')["matches"])
        self.assertEqual(self.complete('ec.trace(app, "std')["matches"], ["stdout", "stderr"])
        self.assertEqual(self.complete('ec.registerResource("linux::Ping", Map.of("target", "x", "cou')["matches"],
                         ["count"])
        self.assertEqual(self.complete("%wait --t")["matches"], ["--timeout"])
        self.assertEqual(self.complete("%wait fin")["matches"], ["finished"])
        self.assertEqual(self.complete("%trace ping std")["matches"], ["stdout", "stderr"])
        self.assertIn("--plot", self.complete("%trace ping stdout --")["matches"])
        self.assertIn("linux::Application", self.complete("%help linux::")["matches"])
        self.assertIn("%deploy", self.complete("%dep")["matches"])

    def test_inspection_of_types_and_guids(self):
        self.experiment()
        reply = self.inspect('ec.registerResource("linux::Ping"', len('ec.registerResource("linux::Pi'))
        self.assertTrue(reply["found"])
        self.assertIn("packetSize", reply["data"]["text/plain"])
        reply = self.inspect("ec.set(ping", len("ec.set(pi"))
        self.assertTrue(reply["found"])
        self.assertIn("#3 linux::Ping (NEW)", reply["data"]["text/plain"])
        self.assertIn("127.0.0.1", reply["data"]["text/plain"])
        self.assertIn("<table", reply["data"]["text/html"])
        reply = self.inspect('ec.set(ping, "target"', len('ec.set(ping, "tar'))
        self.assertIn("127.0.0.1", reply["data"]["text/plain"])

    # --- bad input ------------------------------------------------------------------------------------

    def test_bad_input_gets_short_messages(self):
        self.experiment()
        self.assertIn("Did you mean: wait?", self.error("%wiat", "UsageError").error_text())
        self.assertIn("usage: %wait", self.error("%wait --bogus", "UsageError").error_text())
        self.assertIn("usage: %trace", self.error("%trace 1", "UsageError").error_text())
        self.assertIn("usage: %trace", self.error("%trace ping stdout --tail x", "UsageError").error_text())
        self.assertIn("Did you mean: finished?", self.error("%wait finishd", "UsageError").error_text())
        self.assertIn("no RM has guid 99", self.error("%state 99", "UsageError").error_text())
        self.ok('String name = "x";')
        self.assertIn("holds a String", self.error("%deploy name", "UsageError").error_text())
        self.assertIn("no variable 'nosuch'", self.error("%deploy nosuch", "UsageError").error_text())
        self.assertIn("has no trace 'pcap'", self.error("%trace ping pcap", "UsageError").error_text())
        self.assertIn("unknown resource type", self.error("%help linux::Pong", "UsageError").error_text())
        self.assertIn("--timeout", self.error("%wait --timeout soon", "UsageError").error_text())
        self.error("int broken = ;", "CompileError")
        self.assertIn("3 RMs: 3 NEW", self.data(self.ok("%state"), "text/plain"))


def java_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


if __name__ == "__main__":
    unittest.main()
