#!/usr/bin/python3
"""Re-measures the faults reported against JJava's base-kernel library (org.dflib.jjava:jjava-jupyter), side by side
with the NEPI kernel, through jupyter_client. The decision it supports: docs/decisions/0001-own-wire-layer.md.

    /usr/bin/python3 docs/decisions/jjava_faults.py [--jjava PATH] [--nepi-jar PATH] [--version 1.0-a6]

Kernels measured:
  nepi    our kernel (kernel/target/nepi-kernel.jar), started as install/install.sh starts it.
  jjava   the real JJava kernel: --jjava PATH (a runnable jar, started as JJava's own launcher does:
          java --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED -jar PATH {connection_file}, or an unpacked JJava
          release folder holding kernel.json). Without --jjava the script asks Maven Central
          (mvn dependency:get) for org.dflib.jjava:jjava-kernel and jjava-launcher; the error is reported if absent.
  probe   jjava-jupyter VERSION (fetched with mvn into a temp dir) driven by a minimal JShell kernel written
          here (BaseKernel subclass, in-process JShell, as JJava runs it). It exercises the library's wire layer
          (signatures, iopub streams, kernel_info/history/inspect replies) when the JJava kernel itself can't be had.
          It is not JJava: JJava's own inspect, magics and execution control are not in it. Like JJava 1.0-a6's
          main (JJava.java), it sets no HistoryManager, so history_request goes to the library's default.

Per kernel, each part in a fresh kernel:
  (a) a badly signed execute_request that would create a file, then a correctly signed `1+1`:
      file created? answered within 10 s? process alive? (and the kernel's stderr is searched for SecurityException)
  (b) a cell printing 20 MiB (20 x System.out.print of 1 MiB): reply within 120 s? all bytes on iopub? time
  (c) jupyter_kernel_test: test_kernel_info (schema), test_history (tail only), test_inspect ("Math.max")
Prints a Markdown table. Every kernel started is shut down, or killed; temp dirs are removed; java processes
left behind (found by the temp runtime dir in their command line) are reported and killed.
"""
import argparse
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
from queue import Empty

try:
    from jupyter_client.manager import KernelManager
    from jupyter_client.session import Session
    import zmq
    MISSING_CLIENT = None
except ImportError as e:  # --help works without them; a measurement says which Debian packages to install
    MISSING_CLIENT = e

HERE = os.path.dirname(os.path.abspath(__file__))


def find_repo(start):
    """The repository root: the nearest folder above start holding both kernel/ and pom.xml (not tied to where
    this script sits in the tree)."""
    folder = start
    while True:
        if os.path.isfile(os.path.join(folder, "pom.xml")) and os.path.isdir(os.path.join(folder, "kernel")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return os.path.abspath(os.path.join(start, "..", ".."))
        folder = parent


REPO = find_repo(HERE)
JAVA = shutil.which("java") or "java"
START_TIMEOUT = 60
MIB = 1024 * 1024
PRINT20 = 'for (int i = 0; i < 20; i++) System.out.print("x".repeat(1024 * 1024));'
# --print-lines: the same 20 MiB as 209 715 lines of 99 x and a newline (many small writes instead of 20 big ones)
PRINT20_LINES = ('String line = "x".repeat(99);\nfor (int i = 0; i < 209_715; i++) System.out.println(line);\n'
                 'System.out.print("x".repeat(20 * 1024 * 1024 - 209_715 * 100));')
TOUCH = 'java.nio.file.Files.writeString(java.nio.file.Path.of("{path}"), "ran");'

PROBE_SOURCE = r'''
import java.nio.file.*;
import java.util.*;
import jdk.jshell.*;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.*;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/** A minimal JShell kernel on jjava-jupyter: the library does all the protocol work. */
public class ProbeKernel extends BaseKernel {
    private final JShell shell;

    ProbeKernel(String name, String version, LanguageInfo li, org.dflib.jjava.jupyter.kernel.history.HistoryManager hm, JupyterIO io,
                org.dflib.jjava.jupyter.kernel.comm.CommManager cm, org.dflib.jjava.jupyter.kernel.display.Renderer r,
                org.dflib.jjava.jupyter.kernel.magic.MagicParser mp, org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry mr,
                boolean ext, org.dflib.jjava.jupyter.kernel.util.StringStyler st) {
        super(name, version, li, List.of(), hm, io, cm, r, mp, mr, ext, st);
        this.shell = JShell.builder().executionEngine("local").build();
    }

    @Override
    public Object evalRaw(String code) {
        SourceCodeAnalysis sca = shell.sourceCodeAnalysis();
        String rest = code;
        Object last = null;
        while (rest != null && !rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo ci = sca.analyzeCompletion(rest);
            if (ci.completeness() == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE)
                throw new RuntimeException("incomplete input");
            String src = ci.source() != null ? ci.source() : rest;
            for (SnippetEvent e : shell.eval(src)) {
                if (e.exception() != null) throw new RuntimeException(e.exception().getMessage(), e.exception());
                if (e.status() == Snippet.Status.REJECTED) {
                    StringBuilder sb = new StringBuilder();
                    shell.diagnostics(e.snippet()).forEach(d -> sb.append(d.getMessage(Locale.ROOT)).append('\n'));
                    throw new RuntimeException(sb.toString());
                }
                boolean expr = e.snippet().kind() == Snippet.Kind.EXPRESSION
                        || e.snippet().subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
                if (e.causeSnippet() == null) last = expr ? e.value() : null;
            }
            rest = ci.remaining();
        }
        return last;
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extra) {
        // JShell documents a method only inside its call: "Math.max|" is asked as "Math.max(|".
        String upTo = code.substring(0, Math.min(at, code.length()));
        if (!upTo.endsWith("(")) upTo += "(";
        List<SourceCodeAnalysis.Documentation> docs = shell.sourceCodeAnalysis().documentation(upTo, upTo.length(), true);
        if (docs.isEmpty()) return null;
        StringBuilder sb = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : docs) {
            sb.append(d.signature()).append('\n');
            if (d.javadoc() != null) sb.append(d.javadoc()).append('\n');
        }
        return new DisplayData(sb.toString());
    }

    @Override
    public ReplacementOptions complete(String code, int at) { return null; }

    @Override
    public String isComplete(String code) {
        switch (shell.sourceCodeAnalysis().analyzeCompletion(code).completeness()) {
            case COMPLETE: case COMPLETE_WITH_SEMI: case EMPTY: return IS_COMPLETE_YES;
            case DEFINITELY_INCOMPLETE: case CONSIDERED_INCOMPLETE: return IS_COMPLETE_MAYBE;
            default: return IS_COMPLETE_BAD;
        }
    }

    static class Builder extends BaseKernelBuilder<Builder, ProbeKernel> {
        LanguageInfo langInfo() {
            return new LanguageInfo("Java", Runtime.version().toString(), "text/x-java-source", ".jshell", "java",
                    "java", null);
        }
        @Override
        public ProbeKernel build() {
            name("probe"); version("0");
            return new ProbeKernel(buildName(), buildVersion(), langInfo(), buildHistoryManager(),
                    buildJupyterIO(buildJupyterIOEncoding()), buildCommManager(), buildRenderer(),
                    new org.dflib.jjava.jupyter.kernel.magic.MagicParser("(?<=(?:^|=))\\s*%", "%%", buildMagicTranspiler()),
                    buildMagicsRegistry(), false, buildErrorStyler());
        }
    }

    public static void main(String[] args) throws Exception {
        String contents = Files.readString(Path.of(args[0]));
        JupyterConnection connection = new JupyterConnection(KernelConnectionProperties.parse(contents));
        ProbeKernel kernel = new Builder().build();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
    }
}
'''


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def mvn(args, cwd):
    """Runs mvn quietly; returns (ok, the [ERROR] lines)."""
    proc = subprocess.run(["mvn", "-q", "-B"] + args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True)
    text = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout)
    errors = [line.replace("[ERROR] ", "").strip() for line in text.splitlines()
              if "[ERROR]" in line and line.strip() != "[ERROR]"]
    return proc.returncode == 0, errors


def write_spec(prefix, name, display, argv, env=None):
    folder = os.path.join(prefix, "kernels", name)
    os.makedirs(folder, exist_ok=True)
    spec = {"argv": argv, "display_name": display, "language": "java", "interrupt_mode": "message"}
    if env:
        spec["env"] = env
    with open(os.path.join(folder, "kernel.json"), "w") as f:
        json.dump(spec, f, indent=1)


def prepare_probe(work, version):
    """Compiles the probe kernel against jjava-jupyter VERSION; returns its argv, or raises with mvn's error."""
    folder = os.path.join(work, "probe")
    os.makedirs(folder)
    with open(os.path.join(folder, "pom.xml"), "w") as f:
        f.write(f"""<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>nepi.benchmark</groupId><artifactId>jjava-probe</artifactId><version>1</version>
<dependencies><dependency><groupId>org.dflib.jjava</groupId><artifactId>jjava-jupyter</artifactId>
<version>{version}</version></dependency></dependencies></project>
""")
    ok, errors = mvn(["dependency:build-classpath", "-Dmdep.outputFile=cp.txt"], folder)
    if not ok:
        raise RuntimeError("mvn could not resolve org.dflib.jjava:jjava-jupyter:" + version + ": " + " | ".join(errors[:3]))
    with open(os.path.join(folder, "cp.txt")) as f:
        classpath = f.read().strip()
    with open(os.path.join(folder, "ProbeKernel.java"), "w") as f:
        f.write(PROBE_SOURCE)
    classes = os.path.join(folder, "classes")
    proc = subprocess.run(["javac", "-nowarn", "-d", classes, "-cp", classpath,
                           os.path.join(folder, "ProbeKernel.java")], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError("javac failed: " + proc.stderr[-2000:])
    return [JAVA, "-cp", classes + os.pathsep + classpath, "ProbeKernel", "{connection_file}"]


def prepare_jjava(path, work, version):
    """The argv of the real JJava kernel, or raises with the reason it can't be had."""
    if path:
        path = os.path.abspath(path)
        if os.path.isdir(path):
            spec = os.path.join(path, "kernel.json")
            if not os.path.isfile(spec):
                raise RuntimeError(f"{path} has no kernel.json")
            with open(spec) as f:
                argv = json.load(f)["argv"]
            return [a.replace("{resource_dir}", path) for a in argv]
        if not os.path.isfile(path):
            raise RuntimeError(f"{path} does not exist")
        return [JAVA, "--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED", "-jar", path, "{connection_file}"]
    # No path: ask Maven Central for the kernel's artifacts (the kernel library and its launcher).
    reasons = []
    for artifact in ("jjava-kernel", "jjava-launcher"):
        ok, errors = mvn(["dependency:get", f"-Dartifact=org.dflib.jjava:{artifact}:{version}", "-Dtransitive=false", "-U"],
                         work)
        if not ok:
            reasons.append(errors[0].split("Couldn't download artifact: ")[-1] if errors else "mvn failed")
    if reasons:
        raise RuntimeError("not obtainable from Maven Central here: " + " | ".join(reasons))
    raise RuntimeError(f"org.dflib.jjava:jjava-kernel:{version} resolved, but it is a library: pass the runnable "
                       "JJava jar or the unpacked release folder with --jjava")


class Kernel:
    """One started kernel, its client and its stderr; always stopped by stop()."""

    def __init__(self, name, work):
        self.stderr_path = tempfile.mktemp(prefix=f"{name}-stderr-", dir=work)
        self.stderr = open(self.stderr_path, "wb")
        self.km = KernelManager(kernel_name=name)
        self.km.start_kernel(stderr=self.stderr, stdout=self.stderr)
        self.kc = self.km.client()
        self.kc.start_channels()
        try:
            self.kc.wait_for_ready(timeout=START_TIMEOUT)
        except Exception:
            self.stop()
            raise

    def pid(self):
        proc = getattr(getattr(self.km, "provisioner", None), "process", None)
        return getattr(proc, "pid", None)

    def stderr_text(self):
        self.stderr.flush()
        with open(self.stderr_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stop(self):
        try:
            self.kc.stop_channels()
        except Exception:
            pass
        try:
            if self.km.is_alive():
                self.km.shutdown_kernel(now=False)
        except Exception:
            pass
        try:
            if self.km.is_alive():
                self.km.shutdown_kernel(now=True)
        except Exception:
            pass
        self.stderr.close()


def wait_reply(kc, msg_id, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            msg = kc.get_shell_msg(timeout=max(0.05, deadline - time.monotonic()))
        except Empty:
            continue
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg
    return None


def part_a(name, work):
    """Badly signed execute_request, then a correctly signed 1+1 and a correctly signed file write."""
    result = {}
    k = Kernel(name, work)
    try:
        target = os.path.join(work, f"{name}-badsig-created")
        info = k.km.get_connection_info()
        sock = zmq.Context.instance().socket(zmq.DEALER)
        sock.linger = 0
        sock.connect(f"{info['transport']}://{info['ip']}:{info['shell_port']}")
        try:
            forger = Session(key=b"not-the-kernel-key", username="forger")
            forger.send(sock, "execute_request", {"code": TOUCH.format(path=target), "silent": False,
                                                  "store_history": True, "user_expressions": {},
                                                  "allow_stdin": False, "stop_on_error": True})
            time.sleep(2)
        finally:
            sock.close()
        result["bad_created"] = os.path.exists(target)
        start = time.monotonic()
        reply = wait_reply(k.kc, k.kc.execute("1+1"), 10)
        result["answered_10s"] = reply is not None
        result["answer_s"] = round(time.monotonic() - start, 2) if reply else None
        result["alive"] = k.km.is_alive()
        # The same write, correctly signed, must create the file: the "not created" above can fail.
        if reply is not None:
            good = wait_reply(k.kc, k.kc.execute(TOUCH.format(path=target)), 20)
            result["good_created"] = good is not None and os.path.exists(target)
        else:
            result["good_created"] = None
        err = k.stderr_text()
        result["security_exception"] = "SecurityException" in err
        excerpt = [line for line in err.splitlines() if "Exception" in line or "at org.dflib" in line][:6]
        result["stderr_excerpt"] = excerpt
    finally:
        k.stop()
    return result


def part_b(name, work, timeout=120, code=PRINT20):
    """A cell printing 20 MiB: reply within timeout? all bytes? time."""
    k = Kernel(name, work)
    try:
        wait_reply(k.kc, k.kc.execute("1+1"), 30)  # warm-up
        while True:
            try:
                k.kc.get_iopub_msg(timeout=0.2)
            except Empty:
                break
        start = time.monotonic()
        msg_id = k.kc.execute(code)
        deadline = start + timeout
        got = 0
        reply_at = idle_at = None
        status = None
        while time.monotonic() < deadline and (reply_at is None or idle_at is None):
            try:
                msg = k.kc.get_iopub_msg(timeout=0.2)
                if msg["parent_header"].get("msg_id") == msg_id:
                    if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
                        got += len(msg["content"]["text"])
                    elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                        idle_at = time.monotonic()
            except Empty:
                pass
            if reply_at is None:
                try:
                    rep = k.kc.get_shell_msg(timeout=0)
                    if rep["parent_header"].get("msg_id") == msg_id:
                        reply_at = time.monotonic()
                        status = rep["content"].get("status")
                except Empty:
                    pass
        # Output published after the idle status would be lost by clients that stop at idle: count it apart.
        late = 0
        quiet_until = time.monotonic() + 5
        while idle_at is not None and time.monotonic() < quiet_until:
            try:
                msg = k.kc.get_iopub_msg(timeout=0.2)
            except Empty:
                continue
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
                late += len(msg["content"]["text"])
                quiet_until = time.monotonic() + 5
        return {"reply": reply_at is not None, "status": status, "bytes": got, "all_bytes": got == 20 * MIB,
                "bytes_after_idle": late,
                "reply_s": round(reply_at - start, 2) if reply_at else None,
                "idle_s": round(idle_at - start, 2) if idle_at else None, "alive": k.km.is_alive()}
    finally:
        k.stop()


def part_c(name):
    """jupyter_kernel_test's kernel_info, history (tail) and inspect tests, pass/fail/error each."""
    attrs = {
        "kernel_name": name, "language_name": "", "file_extension": ".jshell",
        "code_execute_result": [{"code": "6 * 7", "result": "42"}, {"code": "1 + 1", "result": "2"}],
        "supported_history_operations": ("tail",),
        "code_inspect_sample": "Math.max",
    }
    import jupyter_kernel_test
    cls = type(f"Conformance_{name}", (jupyter_kernel_test.KernelTests,), attrs)
    tests = ("test_kernel_info", "test_history", "test_inspect")
    suite = unittest.TestSuite(cls(t) for t in tests)
    out = io.StringIO()
    res = unittest.TextTestRunner(stream=out, verbosity=2).run(suite)
    outcome = {t: "pass" for t in tests}
    details = {}
    for kind, items in (("FAIL", res.failures), ("ERROR", res.errors)):
        for case, trace in items:
            for t in tests:
                if t in case.id() or t in str(case):
                    outcome[t] = kind
                    last = [line for line in trace.strip().splitlines() if line.strip()][-1]
                    details.setdefault(t, last[:300])
    for case, _ in res.skipped:
        if getattr(case, "_testMethodName", None) in tests and outcome[case._testMethodName] == "pass":
            outcome[case._testMethodName] = "skipped"
    return {"outcome": outcome, "details": details}


def leftover_java(marker):
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if marker in cmd and "java" in cmd:
            found.append((int(pid), cmd[:200]))
    return found


def yes(v):
    return {True: "yes", False: "no", None: "n/a"}.get(v, str(v))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jjava", help="runnable JJava jar, or unpacked JJava release folder with kernel.json")
    parser.add_argument("--nepi-jar", default=os.path.join(REPO, "kernel", "target", "nepi-kernel.jar"))
    parser.add_argument("--version", default="1.0-a6", help="JJava / jjava-jupyter version (default 1.0-a6)")
    parser.add_argument("--kernels", default="nepi,jjava,probe", help="which of nepi,jjava,probe to measure")
    parser.add_argument("--print-timeout", type=int, default=120)
    parser.add_argument("--print-lines", action="store_true",
                        help="print the 20 MiB as ~210 000 println lines instead of 20 prints of 1 MiB")
    args = parser.parse_args()
    if MISSING_CLIENT is not None:
        sys.exit(f"jjava_faults: {MISSING_CLIENT.name} is missing; install python3-jupyter-client, python3-zmq and "
                 "python3-jupyter-kernel-test (install/requirements.sh does)")

    work = tempfile.mkdtemp(prefix="jjava-faults-")
    prefix = os.path.join(work, "jupyter")
    runtime = os.path.join(work, "runtime")
    os.makedirs(runtime)
    os.environ["JUPYTER_PATH"] = prefix
    os.environ["JUPYTER_RUNTIME_DIR"] = runtime  # every kernel's command line names it: used to find leftovers
    os.environ["JUPYTER_DATA_DIR"] = os.path.join(work, "data")
    wanted = args.kernels.split(",")
    kernels, unavailable = [], {}
    try:
        if "nepi" in wanted:
            if os.path.isfile(args.nepi_jar):
                write_spec(prefix, "nepi", "NEPI (Java)", [JAVA, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                                                           "-jar", os.path.abspath(args.nepi_jar), "{connection_file}"])
                kernels.append("nepi")
            else:
                unavailable["nepi"] = f"{args.nepi_jar} missing: mvn -q -B -pl kernel -am -DskipTests package"
        if "jjava" in wanted:
            try:
                write_spec(prefix, "jjava", "JJava", prepare_jjava(args.jjava, work, args.version))
                kernels.append("jjava")
            except RuntimeError as e:
                unavailable["jjava"] = str(e)
        if "probe" in wanted:
            try:
                write_spec(prefix, "probe", "jjava-jupyter probe", prepare_probe(work, args.version))
                kernels.append("probe")
            except RuntimeError as e:
                unavailable["probe"] = str(e)
        for name, why in unavailable.items():
            log(f"[{name}] unavailable: {why}")

        results = {}
        for name in kernels:
            r = results[name] = {}
            for part, fn in (("a", lambda: part_a(name, work)), ("b", lambda: part_b(name, work, args.print_timeout,
                                                                         PRINT20_LINES if args.print_lines else PRINT20)),
                             ("c", lambda: part_c(name))):
                log(f"[{name}] part {part} ...")
                try:
                    r[part] = fn()
                except Exception as e:  # a kernel that won't start or a harness error: reported, not fatal
                    r[part] = {"error": f"{type(e).__name__}: {e}"}
                log(f"[{name}] part {part}: {json.dumps(r[part])}")
    finally:
        left = leftover_java(runtime)
        for pid, _ in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        shutil.rmtree(work, ignore_errors=True)

    print(f"\nJJava / jjava-jupyter version: {args.version}; Java: {JAVA}\n")
    for name, why in unavailable.items():
        print(f"- **{name}** not measured: {why}")
    cols = kernels
    print("\n| check | " + " | ".join(cols) + " |")
    print("|---|" + "---|" * len(cols))

    def row(label, fn):
        cells = []
        for name in cols:
            try:
                cells.append(fn(results[name]))
            except Exception:
                err = next((results[name][p]["error"] for p in "abc" if "error" in results[name].get(p, {})), "?")
                cells.append("error: " + err[:80])
        print(f"| {label} | " + " | ".join(cells) + " |")

    row("(a) badly signed request ran (file created)", lambda r: yes(r["a"]["bad_created"]))
    row("(a) signed `1+1` answered within 10 s after it", lambda r: yes(r["a"]["answered_10s"])
        + (f" ({r['a']['answer_s']} s)" if r["a"]["answer_s"] is not None else ""))
    row("(a) signed file write works afterwards (check is live)", lambda r: yes(r["a"]["good_created"]))
    row("(a) SecurityException in kernel stderr", lambda r: yes(r["a"]["security_exception"]))
    row("(a) kernel process alive", lambda r: yes(r["a"]["alive"]))
    row(f"(b) 20 MiB cell: reply within {args.print_timeout} s", lambda r: yes(r["b"]["reply"])
        + (f" ({r['b']['status']})" if r["b"]["status"] else ""))
    row("(b) stdout bytes before idle / 20 971 520", lambda r: f"{r['b']['bytes']:,}" + (" (all)" if r["b"]["all_bytes"]
                                                                                       else ""))
    row("(b) stdout bytes arriving after the idle status", lambda r: f"{r['b']['bytes_after_idle']:,}")
    row("(b) time to reply / to idle (s)", lambda r: f"{r['b']['reply_s']} / {r['b']['idle_s']}")
    for t in ("test_kernel_info", "test_history", "test_inspect"):
        label = {"test_kernel_info": "(c) kernel_info schema (test_kernel_info)",
                 "test_history": "(c) history tail (test_history)",
                 "test_inspect": "(c) inspect `Math.max` (test_inspect)"}[t]
        row(label, lambda r, t=t: r["c"]["outcome"][t])
    for name in cols:
        details = results[name].get("c", {}).get("details", {})
        for t, d in details.items():
            print(f"\n- {name} {t}: `{d}`")
        excerpt = results[name].get("a", {}).get("stderr_excerpt")
        if excerpt:
            print(f"\n- {name} stderr after the badly signed request: `" + " / ".join(s.strip() for s in excerpt) + "`")
    print(f"\njava processes left after the run: {len(left)}" + (f" (killed: {[p for p, _ in left]})" if left else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
