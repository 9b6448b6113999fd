"""Shared set-up for the kernel's integration tests: a real jupyter_client against the built jar.

The kernelspec is written by install/install.sh into a temporary prefix, so the installer is exercised too.
Missing Debian packages make the tests fail loudly (CI installs them), never skip.
"""
import atexit
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

REQUIRED = {
    "jupyter_client": "python3-jupyter-client",
    "jupyter_kernel_test": "python3-jupyter-kernel-test",
    "nbclient": "python3-nbclient",
}

missing = []
for module, package in REQUIRED.items():
    try:
        __import__(module)
    except ImportError:
        missing.append(f"{module} (Debian package {package})")
if missing:
    sys.stderr.write("FATAL: the kernel's integration tests need: " + ", ".join(missing) + "\n")
    sys.exit(3)

from queue import Empty  # noqa: E402

from jupyter_client.manager import KernelManager  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
JAR = os.environ.get("NEPI_KERNEL_JAR", os.path.join(REPO, "kernel", "target", "nepi-kernel.jar"))
TIMEOUT = 30

if not os.path.isfile(JAR):
    sys.stderr.write(f"FATAL: {JAR} is missing: build it with mvn -pl kernel -am package\n")
    sys.exit(3)

_prefix = tempfile.mkdtemp(prefix="nepi-kernelspec-")
atexit.register(shutil.rmtree, _prefix, True)


def _install():
    # The installer copies the jar found in kernel/target; tests may point at another jar. Only then is it replaced:
    # a replaced jar makes the class data archive written for the installed one stale, and the JVM ignores it.
    subprocess.run([os.path.join(REPO, "install", "install.sh"), "--prefix", _prefix], check=True,
                   stdout=subprocess.DEVNULL)
    if not os.path.samefile(JAR, os.path.join(REPO, "kernel", "target", "nepi-kernel.jar")):
        shutil.copy(JAR, os.path.join(_prefix, "share", "jupyter", "kernels", "nepi", "nepi-kernel.jar"))
    os.environ["JUPYTER_PATH"] = os.path.join(_prefix, "share", "jupyter")
    runtime = os.environ.get("NEPI_TEST_RUNTIME_DIR")
    if runtime:
        os.environ["JUPYTER_RUNTIME_DIR"] = runtime


_install()


def kernel_with_jvm_options(options):
    """The name of a kernelspec like "nepi" whose java runs with extra options (the last -Xmx wins)."""
    kernels = os.path.join(_prefix, "share", "jupyter", "kernels")
    name = "nepi-" + hashlib.sha1(" ".join(options).encode()).hexdigest()[:8]
    with open(os.path.join(kernels, "nepi", "kernel.json")) as f:
        spec = json.load(f)
    jar = spec["argv"].index("-jar")
    spec["argv"][jar:jar] = list(options)
    os.makedirs(os.path.join(kernels, name), exist_ok=True)
    with open(os.path.join(kernels, name, "kernel.json"), "w") as f:
        json.dump(spec, f)
    return name


def start_kernel(jvm_options=(), cwd=None):
    """A started kernel and a ready client; pair with stop_kernel. jvm_options go before -jar; cwd is the kernel's
    working directory (a notebook's directory), by default this process's."""
    km = KernelManager(kernel_name=kernel_with_jvm_options(jvm_options) if jvm_options else "nepi")
    km.start_kernel(**({"cwd": cwd} if cwd else {}))
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=TIMEOUT)
    except RuntimeError:
        stop_kernel(km, kc)
        raise
    return km, kc


def stop_kernel(km, kc):
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    assert not km.is_alive(), "kernel process still alive after shutdown"


class Reply:
    """The reply to one execute_request and the iopub messages it caused."""

    def __init__(self, reply, outputs):
        self.reply = reply
        self.content = reply["content"]
        self.outputs = outputs

    @property
    def status(self):
        return self.content["status"]

    def stream(self, name="stdout"):
        return "".join(m["content"]["text"] for m in self.outputs
                       if m["msg_type"] == "stream" and m["content"]["name"] == name)

    def of_type(self, msg_type):
        return [m for m in self.outputs if m["msg_type"] == msg_type]

    def error_text(self):
        errors = self.of_type("error")
        return "\n".join("\n".join(e["content"]["traceback"]) for e in errors)


def execute(kc, code, timeout=TIMEOUT, **kwargs):
    """Sends code and collects everything up to the reply and the idle status."""
    msg_id = kc.execute(code, **kwargs)
    return collect(kc, msg_id, timeout)


def collect(kc, msg_id, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    outputs = []
    idle = False
    while not idle:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no idle status for {msg_id} within {timeout} s")
        try:
            msg = kc.get_iopub_msg(timeout=left)
        except Empty:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status":
            idle = msg["content"]["execution_state"] == "idle"
        else:
            outputs.append(msg)
    reply = shell_reply(kc, msg_id, max(1, deadline - time.monotonic()))
    return Reply(reply, outputs)


def shell_reply(kc, msg_id, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg
