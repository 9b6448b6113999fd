#!/usr/bin/python3
"""Side-by-side benchmark of the NEPI kernel and Debian's ipykernel, through jupyter_client.

    /usr/bin/python3 kernel/benchmark/benchmark.py [--starts 5] [--samples 50]

Measures, for each kernel: start (start_kernel to kernel_info_reply), first cell (start_kernel to the reply of a
first `1+1` sent right after kernel_info_reply), round trip of a `1+1` cell (execute to reply
and idle, after warm-up), a cell printing 20 MB (time, whole?), a badly signed message (run? kernel still fine?),
and CPU used while idle. For the NEPI kernel also the JVM heap around the 20 MB cell.
--speed-only prints only the speed table (start-up, launch to first result, `1+1` round trip, a cell of 20 short
statements), ours beside ipykernel with their ratio and the target ratio, and each kernel process's CPU time.
Builds nothing: run `mvn -pl kernel -am package -DskipTests` first.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from queue import Empty

from jupyter_client.manager import KernelManager
from jupyter_client.session import Session
import zmq

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
MB20_LINES = 200_000  # 200 000 lines of 99 characters and a newline

# A cell of 3 declarations and 19 short statements (assignments, a loop, an if, println) ending in an expression whose
# value is shown, the same in both languages (both show 36 and print the same three lines).
CELL20_NEPI = """int a = 0;
long total = 0;
StringBuilder sb = new StringBuilder();
a += 1;
total += a;
sb.append(a);
a *= 2;
System.out.println("a = " + a);
total -= 1;
if (a > 1) total += 10;
sb.append(',');
a = a + 3;
System.out.println(sb);
total += sb.length();
a--;
for (int i = 0; i < 3; i++) total += i;
sb.setLength(0);
a += total > 5 ? 1 : 0;
System.out.println(total);
a += 1;
total *= 2;
a + total"""
CELL20_PYTHON = """a = 0
total = 0
sb = []
a += 1
total += a
sb.append(str(a))
a *= 2
print("a = " + str(a))
total -= 1
if a > 1: total += 10
sb.append(',')
a = a + 3
print("".join(sb))
total += len(sb)
a -= 1
for i in range(3): total += i
sb.clear()
a += 1 if total > 5 else 0
print(total)
a += 1
total *= 2
a + total"""
CELL20_OUTPUT = "a = 2\n1,\n15\n"

CODE = {
    "nepi": {
        "add": "1+1",
        "cell20": CELL20_NEPI,
        "print20": 'String line = "x".repeat(99);\nfor (int i = 0; i < 200_000; i++) System.out.println(line);',
        "touch": 'java.nio.file.Files.writeString(java.nio.file.Path.of("{path}"), "ran");',
    },
    "python3": {
        "add": "1+1",
        "cell20": CELL20_PYTHON,
        "print20": 'line = "x" * 99\nfor i in range(200_000): print(line)',
        "touch": 'open("{path}", "w").write("ran")',
    },
}

HEAP_RESET = ("for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans())"
              " if (pool.getType() == java.lang.management.MemoryType.HEAP) pool.resetPeakUsage();\n"
              "System.gc();\n"
              "Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory() + \" \""
              " + Runtime.getRuntime().totalMemory()")
HEAP_PEAK = ("long peak = 0;\n"
             "for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans())"
             " if (pool.getType() == java.lang.management.MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();\n"
             "peak + \" \" + Runtime.getRuntime().totalMemory()")


TIGHT_HEAP = "-Xmx96m"  # about the session's own ~45 MB plus twice the 20 MB printed


def install_nepi(install_args=()):
    """Installs the kernelspec with install/install.sh, plus a copy whose JVM gets a tight heap limit."""
    prefix = tempfile.mkdtemp(prefix="nepi-bench-")
    subprocess.run([os.path.join(REPO, "install", "install.sh"), "--prefix", prefix, *install_args], check=True,
                   stdout=subprocess.DEVNULL)
    kernels = os.path.join(prefix, "share", "jupyter", "kernels")
    shutil.copytree(os.path.join(kernels, "nepi"), os.path.join(kernels, "nepi-tight-heap"))
    spec_file = os.path.join(kernels, "nepi-tight-heap", "kernel.json")
    with open(spec_file) as f:
        spec = json.load(f)
    spec["argv"].insert(1, TIGHT_HEAP)
    with open(spec_file, "w") as f:
        json.dump(spec, f)
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
    return prefix


def print_20mb(kc, code):
    t0 = time.perf_counter()
    reply, outputs = run(kc, code, timeout=120)
    elapsed = time.perf_counter() - t0
    text = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")
    whole = reply is not None and reply["content"]["status"] == "ok" and text == ("x" * 99 + "\n") * MB20_LINES
    return (elapsed if reply is not None else None), whole


def tight_heap_check():
    """The 20 MB cell again, in a JVM that may not grow its heap past the session plus twice the output."""
    km, kc, _, _ = start("nepi-tight-heap")
    try:
        return print_20mb(kc, CODE["nepi"]["print20"])
    finally:
        stop(km, kc)


def run(kc, code, timeout=120):
    msg_id = kc.execute(code)
    outputs, idle, reply = [], False, None
    deadline = time.monotonic() + timeout
    while not idle or reply is None:
        left = deadline - time.monotonic()
        if left <= 0:
            return None, outputs
        if not idle:
            try:
                msg = kc.get_iopub_msg(timeout=min(left, 0.5))
            except Empty:
                msg = None
            if msg and msg["parent_header"].get("msg_id") == msg_id:
                if msg["msg_type"] == "status":
                    idle = msg["content"]["execution_state"] == "idle"
                else:
                    outputs.append(msg)
        if reply is None:
            try:
                msg = kc.get_shell_msg(timeout=0 if not idle else min(left, 0.5))
                if msg["parent_header"].get("msg_id") == msg_id:
                    reply = msg
            except Empty:
                pass
    return reply, outputs


def result_text(outputs):
    for m in outputs:
        if m["msg_type"] == "execute_result":
            return m["content"]["data"]["text/plain"]
    return None


def start(name, first_cell=None):
    """Starts a kernel. Returns the seconds from start_kernel to kernel_info_reply and, given a first cell, to that
    cell's execute_reply (the shell reply only: iopub may not be subscribed yet). Sets km.started_cpu (and
    km.first_cpu) to the CPU seconds the kernel process had used by then (all its threads, user + system)."""
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    # Sent before the kernel listens, a request waits in ZeroMQ and is delivered once the kernel binds.
    shell_reply(kc, kc.kernel_info())
    started = time.perf_counter() - t0
    km.started_cpu = cpu_seconds(km.provisioner.process.pid)
    first = None
    if first_cell is not None:
        reply = shell_reply(kc, kc.execute(first_cell))
        assert reply["content"]["status"] == "ok", reply["content"]
        first = time.perf_counter() - t0
        km.first_cpu = cpu_seconds(km.provisioner.process.pid)
    kc.wait_for_ready(timeout=60)
    return km, kc, started, first


def shell_reply(kc, msg_id):
    while True:
        reply = kc.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply


def stop(km, kc):
    kc.stop_channels()
    km.shutdown_kernel(now=False)


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed_cells(kc, pid, code, count, check=None):
    """Runs a cell count times; returns the median wall milliseconds, the 95th percentile, and the kernel's mean CPU
    milliseconds per cell."""
    times = []
    c0 = cpu_seconds(pid)
    for _ in range(count):
        t0 = time.perf_counter()
        reply, outputs = run(kc, code)
        times.append((time.perf_counter() - t0) * 1000)
        assert reply is not None and reply["content"]["status"] == "ok", reply and reply["content"]
        if check:
            check(outputs)
    cpu = (cpu_seconds(pid) - c0) * 1000 / count
    times.sort()
    return statistics.median(times), times[max(0, int(0.95 * len(times)) - 1)], cpu


def check_cell20(outputs):
    text = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream")
    assert text == CELL20_OUTPUT and result_text(outputs) == "36", (text, result_text(outputs))


def bench(name, starts, samples, speed_only=False):
    code = CODE[name]
    out = {"kernel": "ipykernel (Debian)" if name == "python3" else "NEPI (ours)"}

    start_times, start_cpus, first_times, first_cpus, first_only = [], [], [], [], []
    for _ in range(starts):
        km, kc, t, _ = start(name)
        start_times.append(t)
        start_cpus.append(km.started_cpu)
        stop(km, kc)
        km, kc, started, t = start(name, first_cell=code["add"])
        first_times.append(t)
        first_only.append(t - started)
        first_cpus.append(km.first_cpu)
        stop(km, kc)
    out["start_s"] = statistics.median(start_times)
    out["start_cpu_s"] = statistics.median(start_cpus)
    out["first_cell_s"] = statistics.median(first_times)
    out["first_cell_cpu_s"] = statistics.median(first_cpus)
    out["first_only_s"] = statistics.median(first_only)

    km, kc, _, _ = start(name, first_cell=code["add"])
    pid = km.provisioner.process.pid
    try:
        for _ in range(30):
            run(kc, code["add"])
        out["rtt_median_ms"], out["rtt_p95_ms"], out["rtt_cpu_ms"] = timed_cells(kc, pid, code["add"], samples)
        for _ in range(5):
            run(kc, code["cell20"])
        out["cell20_median_ms"], out["cell20_p95_ms"], out["cell20_cpu_ms"] = timed_cells(
            kc, pid, code["cell20"], max(10, samples // 2), check_cell20)
        if speed_only:
            return out

        if name == "nepi":
            _, o = run(kc, HEAP_RESET)
            base_used, base_total = map(int, result_text(o).split())
        out["print20_s"], out["print20_whole"] = print_20mb(kc, code["print20"])
        if name == "nepi":
            _, o = run(kc, HEAP_PEAK)
            peak_used, total = map(int, result_text(o).split())
            out["heap_before_mb"] = base_used / 1e6
            out["heap_peak_mb"] = peak_used / 1e6
            out["heap_committed_growth_mb"] = (total - base_total) / 1e6

        target = os.path.join(tempfile.mkdtemp(prefix="bench-badsig-"), "created")
        info = km.get_connection_info()
        sock = zmq.Context.instance().socket(zmq.DEALER)
        sock.linger = 0
        sock.connect(f"tcp://{info['ip']}:{info['shell_port']}")
        Session(key=b"wrong key").send(sock, "execute_request",
                                         {"code": code["touch"].format(path=target), "silent": False})
        time.sleep(1.5)
        sock.close()
        reply, o = run(kc, code["add"], timeout=10)
        out["badsig_dropped"] = not os.path.exists(target)
        shutil.rmtree(os.path.dirname(target), ignore_errors=True)
        out["badsig_kernel_fine"] = reply is not None and result_text(o) == "2"

        time.sleep(5)
        c0, t0 = cpu_seconds(pid), time.monotonic()
        time.sleep(10)
        out["idle_cpu_percent"] = 100 * (cpu_seconds(pid) - c0) / (time.monotonic() - t0)
    finally:
        stop(km, kc)
    if name == "nepi" and not speed_only:
        out["tight_heap_s"], out["tight_heap_whole"] = tight_heap_check()
    return out


SPEED_ROWS = [
    # (label, key, unit, scale, target ratio or None)
    ("start-up (start_kernel to kernel_info_reply), median", "start_s", "s", 1, None),
    ("launch to first result (start-up + first `1+1`), median", "first_cell_s", "s", 1, 1.0),
    ("first `1+1` after kernel_info_reply, median (same starts)", "first_only_s", "s", 1, None),
    ("`1+1` round trip, median", "rtt_median_ms", "ms", 1, 1.5),
    ("a cell of 20 short statements, median", "cell20_median_ms", "ms", 1, 3.0),
]
CPU_KEYS = {"start_s": "start_cpu_s", "first_cell_s": "first_cell_cpu_s", "rtt_median_ms": "rtt_cpu_ms",
            "cell20_median_ms": "cell20_cpu_ms"}


def speed_table(rows):
    """Ours beside ipykernel with the ratio and the target; CPU is the kernel process's own (mean per cell)."""
    by = {("python3" if r["kernel"].startswith("ipykernel") else "nepi"): r for r in rows}
    print("| | ours (CPU) | ipykernel (CPU) | ratio | target |")
    print("|---|---|---|---|---|")
    for label, key, unit, _, target in SPEED_ROWS:
        cells = []
        for k in ("nepi", "python3"):
            r = by.get(k)
            if r is None:
                cells.append("-")
                continue
            fmt = "%.2f" if unit == "s" else "%.1f"
            text = (fmt % r[key]) + " " + unit
            if key in CPU_KEYS:
                text += " (" + (fmt % r[CPU_KEYS[key]]) + " " + unit + ")"
            cells.append(text)
        ratio = "-"
        if "nepi" in by and "python3" in by and by["python3"][key] > 0:
            ratio = "%.2f×" % (by["nepi"][key] / by["python3"][key])
        print(f"| {label} | {cells[0]} | {cells[1]} | {ratio} | {'≤ %.1f×' % target if target else ''} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--only", choices=["nepi", "python3"])
    parser.add_argument("--speed-only", action="store_true",
                        help="only the speed table (start, first cell, round trip, 20-statement cell)")
    parser.add_argument("--no-cds", action="store_true",
                        help="install the kernel without its class data archive (AppCDS), to measure what it brings")
    args = parser.parse_args()
    prefix = install_nepi(["--no-cds"] if args.no_cds else [])
    try:
        rows = [bench(k, args.starts, args.samples, args.speed_only)
                for k in ("python3", "nepi") if not args.only or k == args.only]
    finally:
        shutil.rmtree(prefix, ignore_errors=True)
    speed_table(rows)
    if args.speed_only:
        json.dump(rows, sys.stderr)
        sys.stderr.write("\n")
        return
    print()
    print("| kernel | start | first cell | round trip median / p95 | 20 MB printed by a cell | badly signed message"
          " | idle CPU |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        p20 = "no reply in 120 s" if r["print20_s"] is None else \
            f"{'whole' if r['print20_whole'] else 'NOT whole'}, {r['print20_s']:.2f} s"
        if "heap_peak_mb" in r:
            p20 += (f" (heap: {r['heap_before_mb']:.0f} MB live before, peak used {r['heap_peak_mb']:.0f} MB"
                    f" garbage included, committed +{r['heap_committed_growth_mb']:.0f} MB; with {TIGHT_HEAP}: "
                    f"{'whole' if r['tight_heap_whole'] else 'NOT whole'}"
                    f"{'' if r['tight_heap_s'] is None else ', %.2f s' % r['tight_heap_s']})")
        bad = ("dropped" if r["badsig_dropped"] else "RUN") + ", " + \
              ("kernel fine" if r["badsig_kernel_fine"] else "kernel NOT answering")
        print(f"| {r['kernel']} | {r['start_s']:.2f} s | {r['first_cell_s']:.2f} s | {r['rtt_median_ms']:.1f} / {r['rtt_p95_ms']:.1f} ms | {p20} "
              f"| {bad} | {r['idle_cpu_percent']:.2f} % |")
    json.dump(rows, sys.stderr)
    sys.stderr.write("\n")


if __name__ == "__main__":
    main()
