"""The kernel's behaviour through a real jupyter_client: interrupts, streams, stdin, errors, bad input."""
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import zmq
from queue import Empty
from jupyter_client.session import Session

import nepi_harness as h

KERNEL_FRAMES = ("nepi.kernel.", "jdk.jshell.", "java.lang.reflect.", "jdk.internal.reflect.")


class KernelBehaviour(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = h.start_kernel()

    @classmethod
    def tearDownClass(cls):
        h.stop_kernel(cls.km, cls.kc)

    def run_cell(self, code, timeout=h.TIMEOUT, **kwargs):
        return h.execute(self.kc, code, timeout=timeout, **kwargs)

    def assert_ok(self, reply):
        self.assertEqual(reply.status, "ok", reply.error_text())

    def assert_kernel_answers(self):
        reply = self.run_cell("40 + 2")
        self.assert_ok(reply)
        self.assertEqual(reply.of_type("execute_result")[0]["content"]["data"]["text/plain"], "42")

    def assert_no_kernel_frames(self, reply):
        text = reply.error_text()
        for frame in KERNEL_FRAMES:
            self.assertNotIn(frame, text)

    def interrupt_after(self, code, delay=1.0, timeout=h.TIMEOUT):
        timer = threading.Timer(delay, self.km.interrupt_kernel)
        timer.start()
        started = time.monotonic()
        try:
            reply = self.run_cell(code, timeout=timeout)
        finally:
            timer.cancel()
        return reply, time.monotonic() - started

    def assert_interrupted(self, reply, elapsed):
        self.assertEqual(reply.status, "error")
        self.assertEqual(reply.content["ename"], "Interrupted", reply.error_text())
        self.assertLess(elapsed, 10, "the interrupt took too long to stop the cell")
        self.assert_no_kernel_frames(reply)
        self.assert_kernel_answers()

    # --- interrupts -------------------------------------------------------------------------------

    def test_interrupt_stops_busy_loop(self):
        self.assert_interrupted(*self.interrupt_after("long n = 0;\nwhile (n >= 0) { n = n + 1 - 1; }"))

    def test_interrupt_stops_sleep(self):
        self.assert_interrupted(*self.interrupt_after("Thread.sleep(120_000);"))

    def test_interrupt_stops_blocking_wait(self):
        self.assert_interrupted(*self.interrupt_after("new CountDownLatch(1).await();"))

    def test_interrupt_stops_loop_that_swallows_interrupted_exception(self):
        code = "while (true) {\n  try { Thread.sleep(50); } catch (Exception e) { }\n}"
        self.assert_interrupted(*self.interrupt_after(code))

    def test_interrupt_stops_endless_printing(self):
        reply, elapsed = self.interrupt_after('while (true) System.out.println("spam spam spam");', delay=2.0)
        self.assertIn("spam spam spam\n", reply.stream())
        self.assert_interrupted(reply, elapsed)

    # --- output ---------------------------------------------------------------------------------

    def test_output_of_threads_started_by_a_cell(self):
        code = ("Thread worker = new Thread(() -> {\n"
                "  for (int i = 0; i < 5; i++) { System.out.println(\"worker \" + i); }\n"
                "  System.err.println(\"worker done\");\n"
                "});\nworker.start();\nworker.join();")
        reply = self.run_cell(code)
        self.assert_ok(reply)
        self.assertEqual(reply.stream(), "".join(f"worker {i}\n" for i in range(5)))
        self.assertEqual(reply.stream("stderr"), "worker done\n")

    def test_background_thread_prints_while_a_later_cell_runs(self):
        start = ("var ticker = new Thread(() -> {\n"
                 "  try { Thread.sleep(500); } catch (InterruptedException e) { return; }\n"
                 "  System.out.println(\"tick from the background\");\n"
                 "});\nticker.setDaemon(true);\nticker.start();")
        self.assert_ok(self.run_cell(start))
        reply = self.run_cell("Thread.sleep(1500);")
        self.assert_ok(reply)
        self.assertIn("tick from the background\n", reply.stream())

    def test_twenty_megabytes_arrive_whole(self):
        code = ('String line = "x".repeat(99);\n'
                "for (int i = 0; i < 200_000; i++) System.out.println(line);")
        started = time.monotonic()
        reply = self.run_cell(code, timeout=120)
        elapsed = time.monotonic() - started
        self.assert_ok(reply)
        text = reply.stream()
        self.assertEqual(len(text), 20_000_000)
        self.assertEqual(text, ("x" * 99 + "\n") * 200_000)
        print(f"\n20 MB printed by a cell arrived whole in {elapsed:.2f} s", flush=True)

    def test_display_with_id_updates_in_place(self):
        reply = self.run_cell('var progress = display("step 1", "progress-test");\nprogress.update("step 2");')
        self.assert_ok(reply)
        shown = reply.of_type("display_data")[0]["content"]
        updated = reply.of_type("update_display_data")[0]["content"]
        self.assertEqual(shown["transient"]["display_id"], "progress-test")
        self.assertEqual(updated["transient"]["display_id"], "progress-test")
        self.assertEqual(updated["data"]["text/plain"], "step 2")

    # --- stdin ----------------------------------------------------------------------------------

    def test_system_in_asks_the_front_end(self):
        msg_id = self.kc.execute('String name = new Scanner(System.in).nextLine();\n'
                                 'System.out.println("hello " + name);', allow_stdin=True)
        request = self.kc.get_stdin_msg(timeout=h.TIMEOUT)
        self.assertEqual(request["msg_type"], "input_request")
        self.kc.input("experimenter")
        reply = h.collect(self.kc, msg_id)
        self.assert_ok(reply)
        self.assertEqual(reply.stream(), "hello experimenter\n")

    def test_system_in_without_stdin_fails_clearly(self):
        reply = self.run_cell("new Scanner(System.in).nextLine()", allow_stdin=False)
        self.assertEqual(reply.status, "error")
        self.assertIn("allow_stdin", reply.error_text())

    # --- Java -----------------------------------------------------------------------------------

    def test_class_declared_in_a_cell(self):
        self.assert_ok(self.run_cell(
            "interface Shape { double area(); }\n"
            "record Square(double side) implements Shape { public double area() { return side * side; } }\n"
            "class Registry {\n  static final List<Class<?>> TYPES = new ArrayList<>();\n"
            "  static void register(Class<?> type) { TYPES.add(type); }\n}"))
        reply = self.run_cell("Registry.register(Square.class);\nnew Square(3).area() + Registry.TYPES.size()")
        self.assert_ok(reply)
        self.assertEqual(reply.of_type("execute_result")[0]["content"]["data"]["text/plain"], "10.0")

    def test_ec_is_ready_with_the_nepi_api_imported(self):
        reply = self.run_cell("ec.getResources().size() + \" \" + READY.compareTo(NEW) + \" \" + DEPLOY")
        self.assert_ok(reply)
        self.assertEqual(reply.of_type("execute_result")[0]["content"]["data"]["text/plain"], "0 3 DEPLOY")

    def test_resource_type_declared_in_a_cell_runs_on_ec_threads(self):
        declare = (
            '@ResourceType(value = "notebook::Probe", help = "a probe written in a notebook cell")\n'
            "public class Probe extends ResourceManager {\n"
            "  public Probe(ExperimentController ec, int guid) { super(ec, guid); }\n"
            "  @Override protected void doDeploy() throws Exception {\n"
            '    System.out.println("probe " + getGuid() + " deployed by " + Thread.currentThread().getName());\n'
            "    super.doDeploy();\n"
            "  }\n"
            "}\n"
            "ResourceFactory.registerType(Probe.class);")
        self.assert_ok(self.run_cell(declare))
        reply = self.run_cell('int probe = ec.registerResource("notebook::Probe");\n'
                              "ec.deploy(probe);\n"
                              "ec.waitDeployed(probe);\n"
                              "ec.state(probe)")
        self.assert_ok(reply)
        # Deployed RMs go on to start by themselves (deploy's default), so READY or STARTED.
        self.assertIn(reply.of_type("execute_result")[0]["content"]["data"]["text/plain"], ("READY", "STARTED"))
        printed = reply.stream()
        self.assertRegex(printed, r"probe \d+ deployed by ")
        self.assertNotIn("nepi-cell", printed, "the RM should have been deployed by an EC worker thread")

    def test_interrupt_stops_an_ec_wait(self):
        self.assert_ok(self.run_cell(
            '@ResourceType("notebook::Forever")\n'
            "public class Forever extends ResourceManager {\n"
            "  public Forever(ExperimentController ec, int guid) { super(ec, guid); }\n"
            "}\n"
            "ResourceFactory.registerType(Forever.class);\n"
            'int forever = ec.registerResource("notebook::Forever");\n'
            "ec.deploy(forever);\n"
            "ec.waitStarted(forever);"))
        self.assert_interrupted(*self.interrupt_after("ec.waitFinished(forever);"))

    def test_redefinition_and_imports(self):
        self.assert_ok(self.run_cell("int twice(int x) { return x + x; }"))
        self.assert_ok(self.run_cell("int twice(int x) { return 2 * x + 1; }"))
        reply = self.run_cell("import java.util.concurrent.atomic.AtomicInteger;\n"
                              "new AtomicInteger(twice(3)).get()")
        self.assert_ok(reply)
        self.assertEqual(reply.of_type("execute_result")[0]["content"]["data"]["text/plain"], "7")

    def test_compile_error_points_at_the_line(self):
        reply = self.run_cell('int fine = 1;\nString wrong = 42;')
        self.assertEqual(reply.status, "error")
        self.assertEqual(reply.content["ename"], "CompileError")
        text = reply.error_text()
        self.assertIn("line 2", text)
        self.assertIn("String wrong = 42;", text)
        self.assertIn("^", text)
        self.assert_no_kernel_frames(reply)

    def test_runtime_error_shows_cell_frames_only(self):
        reply = self.run_cell('void inner() { throw new IllegalArgumentException("bad argument"); }\n'
                              "void outer() { inner(); }\n"
                              "outer();")
        self.assertEqual(reply.status, "error")
        self.assertEqual(reply.content["ename"], "IllegalArgumentException")
        self.assertEqual(reply.content["evalue"], "bad argument")
        text = reply.error_text()
        self.assertRegex(text, r"inner \(Cell In\[\d+\], line 1\)")
        self.assertRegex(text, r"outer \(Cell In\[\d+\], line 2\)")
        self.assert_no_kernel_frames(reply)

    def test_system_exit_is_refused(self):
        for code in ("System.exit(0);", "Runtime.getRuntime().halt(1);"):
            reply = self.run_cell(code)
            self.assertEqual(reply.status, "error")
            self.assertEqual(reply.content["ename"], "ExitRefused")
            self.assertIn("refused", reply.content["evalue"])
        self.assertTrue(self.km.is_alive())
        self.assert_kernel_answers()

    def test_cells_queued_after_an_error_are_aborted(self):
        failing = self.kc.execute('Thread.sleep(300);\nthrow new IllegalStateException("first cell fails");')
        queued = self.kc.execute("int ranAfterTheError = 1;")
        self.assertEqual(h.collect(self.kc, failing).status, "error")
        self.assertEqual(h.collect(self.kc, queued).status, "aborted")
        reply = self.run_cell("ranAfterTheError")
        self.assertEqual(reply.status, "error", "a cell queued after a failed one was run")

    def test_silent_cells_show_nothing_and_keep_the_count(self):
        before = self.run_cell("1").content["execution_count"]
        silent = self.run_cell('System.out.println("printed anyway");\n7 * 6', silent=True)
        self.assert_ok(silent)
        self.assertEqual(silent.of_type("execute_result"), [])
        self.assertEqual(silent.of_type("execute_input"), [])
        self.assertEqual(silent.stream(), "printed anyway\n")
        unstored = self.run_cell("2", store_history=False)
        self.assertEqual(unstored.content["execution_count"], before)
        self.assertEqual(self.run_cell("3").content["execution_count"], before + 1)

    def test_unknown_magic_gives_usage(self):
        reply = self.run_cell("%nosuchmagic 1 2")
        self.assertEqual(reply.status, "error")
        self.assertEqual(reply.content["ename"], "UsageError")
        self.assertIn("%lsmagic", reply.content["evalue"])
        self.assert_no_kernel_frames(reply)

    # --- bad input on the wire ------------------------------------------------------------------

    def test_sockets_listen_only_on_the_connection_file_address(self):
        info = self.km.get_connection_info()
        ports = {info[k] for k in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")}
        listening = {}
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            with open(table) as f:
                for row in f.readlines()[1:]:
                    fields = row.split()
                    address, port = fields[1].rsplit(":", 1)
                    if fields[3] == "0A" and int(port, 16) in ports:  # 0A = LISTEN
                        listening.setdefault(int(port, 16), set()).add(address)
        self.assertEqual(set(listening), ports, "every channel listens")
        # 127.0.0.1, as IPv4 or as an IPv4-mapped IPv6 address (Java's dual-stack sockets)
        loopback = {"0100007F", "0000000000000000FFFF00000100007F"}
        for port, addresses in listening.items():
            self.assertTrue(addresses <= loopback, f"port {port} listens on {addresses}, not only 127.0.0.1")

    def raw_shell(self):
        info = self.km.get_connection_info()
        socket = zmq.Context.instance().socket(zmq.DEALER)
        socket.linger = 0
        socket.connect(f"{info['transport']}://{info['ip']}:{info['shell_port']}")
        self.addCleanup(socket.close)
        return socket

    def test_badly_signed_message_is_never_run(self):
        directory = tempfile.mkdtemp(prefix="nepi-badsig-")
        self.addCleanup(shutil.rmtree, directory, True)
        target = os.path.join(directory, "created")
        code = f'java.nio.file.Files.writeString(java.nio.file.Path.of("{target}"), "ran");'
        forger = Session(key=b"not-the-kernel-key", username="forger")
        socket = self.raw_shell()
        forger.send(socket, "execute_request", {"code": code, "silent": False, "store_history": True,
                                                "user_expressions": {}, "allow_stdin": False,
                                                "stop_on_error": True})
        time.sleep(2)
        self.assertFalse(os.path.exists(target), "a badly signed message was executed")
        self.assert_kernel_answers()
        # The same code, correctly signed, does create the file: the check above can fail.
        self.assert_ok(self.run_cell(code))
        self.assertTrue(os.path.exists(target))

    def test_malformed_messages_are_dropped(self):
        socket = self.raw_shell()
        socket.send_multipart([b"no delimiter at all"])
        socket.send_multipart([b"<IDS|MSG>", b"sig"])
        session = self.kc.session
        header = b"{not json"
        parts = [header, b"{}", b"{}", b"{}"]
        socket.send_multipart([b"<IDS|MSG>", session.sign(parts)] + parts)
        self.assert_kernel_answers()

    def test_signed_message_with_bad_content_is_answered(self):
        socket = self.raw_shell()
        session = self.kc.session
        msg = session.msg("execute_request", {})
        parts = [session.pack(msg["header"]), b"{}", b"{}", b"[this is not an object"]
        socket.send_multipart([b"<IDS|MSG>", session.sign(parts)] + parts)
        self.assertTrue(socket.poll(h.TIMEOUT * 1000), "no answer to a signed request with bad content")
        reply = session.deserialize(session.feed_identities(socket.recv_multipart())[1])
        self.assertEqual(reply["msg_type"], "execute_reply")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("content", reply["content"]["evalue"])
        self.assert_kernel_answers()

    def test_oversized_message_is_answered_with_an_error(self):
        socket = self.raw_shell()
        session = self.kc.session
        session.send(socket, "execute_request", {"code": "// " + "x" * (20 * 1024 * 1024), "silent": False})
        self.assertTrue(socket.poll(h.TIMEOUT * 1000), "no answer to an oversized request")
        reply = session.deserialize(session.feed_identities(socket.recv_multipart())[1])
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("larger than the limit", reply["content"]["evalue"])
        self.assert_kernel_answers()


def peak_rss_mb(pid):
    """The most resident memory the process has had (VmHWM), in MB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmHWM for process {pid}")


class WireAttacks(unittest.TestCase):
    """Hostile or broken peers on the kernel's sockets: none may stop it from serving a well-behaved client."""

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = h.start_kernel()

    @classmethod
    def tearDownClass(cls):
        h.stop_kernel(cls.km, cls.kc)

    def endpoint(self, channel):
        info = self.km.get_connection_info()
        return f"{info['transport']}://{info['ip']}:{info[channel + '_port']}"

    def raw_socket(self, kind, channel, identity=None):
        socket = zmq.Context.instance().socket(kind)
        socket.linger = 0
        if identity is not None:
            socket.setsockopt(zmq.IDENTITY, identity)
        socket.connect(self.endpoint(channel))
        self.addCleanup(socket.close)
        return socket

    def receive_reply(self, socket, timeout=h.TIMEOUT):
        self.assertTrue(socket.poll(timeout * 1000), "no reply")
        return self.kc.session.deserialize(self.kc.session.feed_identities(socket.recv_multipart())[1])

    def assert_kernel_answers(self):
        reply = h.execute(self.kc, "40 + 2")
        self.assertEqual(reply.status, "ok", reply.error_text())
        self.assertEqual(reply.of_type("execute_result")[0]["content"]["data"]["text/plain"], "42")

    def test_a_subscriber_that_never_reads_does_not_stall_the_others(self):
        stuck = zmq.Context.instance().socket(zmq.SUB)
        stuck.linger = 0
        stuck.setsockopt(zmq.RCVHWM, 1)
        stuck.setsockopt(zmq.RCVBUF, 4096)
        stuck.setsockopt(zmq.SUBSCRIBE, b"")
        stuck.connect(self.endpoint("iopub"))
        self.addCleanup(stuck.close)
        time.sleep(1)  # the subscription reaches the kernel
        code = ('String line = "y".repeat(99);\n'
                "for (int i = 0; i < 200_000; i++) System.out.println(line);")
        started = time.monotonic()
        reply = h.execute(self.kc, code, timeout=90)
        elapsed = time.monotonic() - started
        self.assertEqual(reply.status, "ok", reply.error_text())
        self.assertEqual(reply.stream(), ("y" * 99 + "\n") * 200_000)
        self.assertLess(elapsed, 60, "a subscriber that never reads slowed the others down")
        print(f"\n20 MB beside a stuck subscriber arrived whole in {elapsed:.2f} s", flush=True)

    def test_a_replayed_request_is_not_run_again(self):
        directory = tempfile.mkdtemp(prefix="nepi-replay-")
        self.addCleanup(shutil.rmtree, directory, True)
        target = os.path.join(directory, "runs")
        code = (f'java.nio.file.Files.writeString(java.nio.file.Path.of("{target}"), "ran\\n", '
                "java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);")
        session = self.kc.session
        request = session.msg("execute_request", {"code": code, "silent": False, "store_history": False,
                                                  "user_expressions": {}, "allow_stdin": False,
                                                  "stop_on_error": True})
        frames = session.serialize(request)
        socket = self.raw_socket(zmq.DEALER, "shell")
        socket.send_multipart(frames)
        self.assertEqual(self.receive_reply(socket)["content"]["status"], "ok")
        for _ in range(3):
            socket.send_multipart(frames)
        self.assertFalse(socket.poll(3000), "a replayed request was answered")
        self.assert_kernel_answers()
        with open(target) as f:
            self.assertEqual(f.read(), "ran\n", "a replayed request was run again")

    def test_a_second_client_with_the_same_identity_is_answered(self):
        identity = b"shared-" + os.urandom(6).hex().encode()
        for channel in ("shell", "control"):
            first = self.raw_socket(zmq.DEALER, channel, identity)
            self.kc.session.send(first, "kernel_info_request", {})
            self.assertEqual(self.receive_reply(first)["msg_type"], "kernel_info_reply")
            second = self.raw_socket(zmq.DEALER, channel, identity)
            self.kc.session.send(second, "kernel_info_request", {})
            self.assertTrue(second.poll(10_000), f"the second client on {channel} got no reply")
            self.assertEqual(self.receive_reply(second)["msg_type"], "kernel_info_reply")

    def test_huge_frames_are_refused_and_big_multipart_messages_are_not_kept(self):
        pid = self.km.provisioner.process.pid
        session = self.kc.session
        self.assert_kernel_answers()
        flood = self.raw_socket(zmq.DEALER, "shell")
        flood.send_multipart([b"<IDS|MSG>", b"0" * 64] + [b"f" * (50 * 1024 * 1024)] * 20)  # 1 GB
        socket = self.raw_socket(zmq.DEALER, "shell")
        chunk = b"z" * (20 * 1024 * 1024)
        for _ in range(3):
            socket.send_multipart([b"<IDS|MSG>", b"0" * 64] + [chunk] * 10)  # 200 MB
            # Answered on the same connection, so after the big message was received.
            session.send(socket, "kernel_info_request", {})
            self.assertEqual(self.receive_reply(socket, timeout=60)["msg_type"], "kernel_info_reply")
        self.assert_kernel_answers()
        peak = peak_rss_mb(pid)
        print(f"\n1 GB in 50 MB frames, then 3 x 200 MB in 20 MB frames: peak RSS {peak:.0f} MB", flush=True)
        self.assertLess(peak, 900, "the kernel kept what it was sent")


class SmallHeap(unittest.TestCase):
    """Values and messages far larger than the kernel's heap."""

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = h.start_kernel(jvm_options=["-Xmx256m"])

    @classmethod
    def tearDownClass(cls):
        h.stop_kernel(cls.km, cls.kc)

    def test_a_huge_result_is_cut_with_a_note_and_the_kernel_goes_on(self):
        reply = h.execute(self.kc, 'var huge = "w".repeat(40_000_000);\nhuge', timeout=60)
        self.assertEqual(reply.status, "ok", reply.error_text())
        data = reply.of_type("execute_result")[0]["content"]["data"]
        for mime in ("text/plain", "text/html"):
            self.assertLess(len(data[mime]), 2_000_000, f"{mime} was not cut")
            note = data[mime][-400:]
            self.assertRegex(note, r"output cut: this text/\w+ is 400000\d\d characters long", f"{mime}: no note")
        self.assertTrue(data["text/plain"].startswith("w" * 1000))
        for _ in range(3):
            again = h.execute(self.kc, "huge.length()", timeout=30)
            self.assertEqual(again.status, "ok", again.error_text())
            self.assertEqual(again.of_type("execute_result")[0]["content"]["data"]["text/plain"], "40000000")


ORPHAN_PARENT = """
import sys, time
from jupyter_client.manager import KernelManager
km = KernelManager(kernel_name="nepi")
km.start_kernel()
print(km.provisioner.process.pid, km.connection_file, flush=True)
time.sleep(600)
"""


class KernelLifetime(unittest.TestCase):

    def test_kernel_ends_when_the_process_that_started_it_dies(self):
        parent = subprocess.Popen([sys.executable, "-c", ORPHAN_PARENT], stdout=subprocess.PIPE, text=True)
        try:
            pid, connection_file = parent.stdout.readline().split(maxsplit=1)
            kernel_pid = int(pid)
            # The killed parent never cleans up its connection file.
            self.addCleanup(lambda: os.path.exists(connection_file.strip()) and os.remove(connection_file.strip()))
        finally:
            parent.kill()
            parent.wait()
            parent.stdout.close()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and os.path.exists(f"/proc/{kernel_pid}"):
            with open(f"/proc/{kernel_pid}/stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                    break
            time.sleep(0.2)
        if os.path.exists(f"/proc/{kernel_pid}"):
            with open(f"/proc/{kernel_pid}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
            if state != "Z":
                os.kill(kernel_pid, 9)
                self.fail("the kernel outlived the process that started it")


class StuckCell(unittest.TestCase):

    def test_a_cell_stuck_in_library_code_is_reported_and_shutdown_still_works(self):
        km, kc = h.start_kernel()
        try:
            # A first cell waits for JShell; an interrupt sent before the stuck cell starts would find no cell.
            self.assertEqual(h.execute(kc, "1").status, "ok")
            # The loop runs inside the JDK's stream code, where no interrupt check is woven.
            kc.execute("java.util.stream.LongStream.range(0, Long.MAX_VALUE).sum()")
            time.sleep(1)
            km.interrupt_kernel()
            notice = ""
            deadline = time.monotonic() + 20
            while "has not stopped" not in notice and time.monotonic() < deadline:
                try:
                    msg = kc.get_iopub_msg(timeout=1)
                except Empty:
                    continue
                if msg["msg_type"] == "stream" and msg["content"]["name"] == "stderr":
                    notice += msg["content"]["text"]
            self.assertIn("has not stopped", notice)
            self.assertIn("restart the kernel", notice)
        finally:
            started = time.monotonic()
            h.stop_kernel(km, kc)
            self.assertLess(time.monotonic() - started, 10, "shutting down a kernel with a stuck cell took too long")


class KernelRestart(unittest.TestCase):

    def test_shutdown_and_restart_release_the_experiment(self):
        directory = tempfile.mkdtemp(prefix="nepi-release-")
        self.addCleanup(shutil.rmtree, directory, True)
        declare = (
            '@ResourceType("notebook::Marker")\n'
            "public class Marker extends ResourceManager {\n"
            "  public Marker(ExperimentController ec, int guid) { super(ec, guid); }\n"
            "  @Override protected void doRelease() throws Exception {\n"
            f'    java.nio.file.Files.writeString(java.nio.file.Path.of("{directory}", ec.getExpId()), "released");\n'
            "  }\n"
            "}\n"
            "ResourceFactory.registerType(Marker.class);\n"
            'int marker = ec.registerResource("notebook::Marker");\n'
            "ec.deploy(marker);\n"
            "ec.waitDeployed(marker);\n"
            "ec.getExpId()")
        km, kc = h.start_kernel()
        try:
            for stop in ("restart", "shutdown"):
                reply = h.execute(kc, declare)
                self.assertEqual(reply.status, "ok", reply.error_text())
                exp_id = reply.of_type("execute_result")[0]["content"]["data"]["text/plain"]
                if stop == "restart":
                    km.restart_kernel(now=False)
                    kc.wait_for_ready(timeout=h.TIMEOUT)
                else:
                    kc.stop_channels()
                    km.shutdown_kernel(now=False)
                self.assertTrue(os.path.exists(os.path.join(directory, exp_id)),
                                f"{stop} did not release the experiment's resources")
        finally:
            if km.is_alive():
                h.stop_kernel(km, kc)

    APPS = 100

    def start_sleepers(self, kc):
        """Deploys APPS local `sleep 600 0.<marker>` applications; returns the marker their command lines carry."""
        marker = f"0.{os.getpid()}{time.monotonic_ns() % 1000000:06d}"
        code = ('int node = ec.registerResource("linux::Node", Map.of("hostname", "localhost"));\n'
                f'for (int i = 0; i < {self.APPS}; i++) {{\n'
                f'  int app = ec.registerResource("linux::Application", Map.of("command", "sleep 600 {marker}"));\n'
                '  ec.registerConnection(node, app);\n'
                '}')
        for cell in (code, "%deploy", "%wait started --timeout 120s"):
            reply = h.execute(kc, cell, timeout=180)
            self.assertEqual(reply.status, "ok", reply.error_text())
        self.addCleanup(subprocess.run, ["pkill", "-KILL", "-f", f"sleep 600 {marker}"])
        # STARTED means the wrapper runs; on a busy machine its command may appear a moment later.
        deadline = time.monotonic() + 10
        while len(self.sleepers(marker)) < self.APPS and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertEqual(len(self.sleepers(marker)), self.APPS)
        return marker

    @staticmethod
    def sleepers(marker):
        found = subprocess.run(["pgrep", "-f", f"sleep 600 {marker}"], capture_output=True, text=True)
        return found.stdout.split()

    def assert_no_sleeper_left(self, marker):
        deadline = time.monotonic() + 2
        while self.sleepers(marker) and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertEqual(self.sleepers(marker), [], "applications left running")

    def test_shutdown_with_a_hundred_local_apps_leaves_none_running(self):
        km, kc = h.start_kernel()
        try:
            marker = self.start_sleepers(kc)
            kc.stop_channels()
            started = time.monotonic()
            km.shutdown_kernel(now=False)
            print(f"shutdown with {self.APPS} apps: {time.monotonic() - started:.1f} s", file=sys.stderr)
            self.assert_no_sleeper_left(marker)
        finally:
            if km.is_alive():
                h.stop_kernel(km, kc)

    def test_restart_with_a_hundred_local_apps_leaves_none_running(self):
        km, kc = h.start_kernel()
        try:
            marker = self.start_sleepers(kc)
            started = time.monotonic()
            km.restart_kernel(now=False)
            print(f"restart with {self.APPS} apps: {time.monotonic() - started:.1f} s", file=sys.stderr)
            self.assert_no_sleeper_left(marker)
            kc.wait_for_ready(timeout=h.TIMEOUT)
        finally:
            h.stop_kernel(km, kc)

    def test_restart_gives_a_fresh_session(self):
        km, kc = h.start_kernel()
        try:
            self.assertEqual(h.execute(kc, "int kept = 5;").status, "ok")
            before = h.execute(kc, "ec.getExpId()").of_type("execute_result")[0]["content"]["data"]["text/plain"]
            km.restart_kernel(now=False)
            kc.wait_for_ready(timeout=h.TIMEOUT)
            reply = h.execute(kc, "kept")
            self.assertEqual(reply.status, "error")
            self.assertEqual(reply.content["ename"], "CompileError")
            after = h.execute(kc, "ec.getExpId()")
            self.assertEqual(after.status, "ok", after.error_text())
            self.assertNotEqual(after.of_type("execute_result")[0]["content"]["data"]["text/plain"], before)
        finally:
            h.stop_kernel(km, kc)


class FirstExperiment(unittest.TestCase):
    """kernel/benchmark/first_experiment.py's cells, small: a notebook's first experiment, in both idioms."""

    def test_rms_written_either_way_deploy_run_and_release_in_a_fresh_kernel(self):
        sys.path.insert(0, os.path.join(h.REPO, "kernel", "benchmark"))
        try:
            import first_experiment
        finally:
            sys.path.pop(0)
        for idiom in ("defer", "nepi"):
            rms, phases = first_experiment.first_experiment(idiom, nodes=3, apps_per_node=4)
            self.assertEqual(rms, 1 + 2 * 3 + 3 * 4, idiom)
            self.assertTrue(all(seconds >= 0 for seconds in phases), (idiom, phases))


if __name__ == "__main__":
    unittest.main(verbosity=2)
