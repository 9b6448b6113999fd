"""install/install.sh: the kernelspec it writes, for a prefix and for the user, is what Jupyter finds and runs."""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

import nepi_harness as h
from jupyter_client.kernelspec import KernelSpecManager

INSTALL = os.path.join(h.REPO, "install", "install.sh")


def installed(env, *args):
    result = subprocess.run([INSTALL, *args], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"install.sh {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout + result.stderr


class Installer(unittest.TestCase):

    def temp_dir(self, prefix):
        path = tempfile.mkdtemp(prefix=prefix)
        self.addCleanup(shutil.rmtree, path, True)
        return path

    def check_spec(self, data_dir):
        spec = KernelSpecManager(kernel_dirs=[os.path.join(data_dir, "kernels")]).get_kernel_spec("nepi")
        self.assertEqual(spec.display_name, "NEPI (Java)")
        self.assertEqual(spec.language, "java")
        self.assertEqual(spec.interrupt_mode, "message")
        self.assertEqual(spec.argv[-1], "{connection_file}")
        jar = spec.argv[spec.argv.index("-jar") + 1]
        heap = [arg for arg in spec.argv[:spec.argv.index("-jar")] if arg.startswith("-Xmx")]
        self.assertEqual(heap, ["-Xmx1g"], "the kernel's heap is bounded")
        self.assertTrue(os.path.isfile(jar), f"{jar} does not exist")
        self.assertTrue(jar.startswith(data_dir), "the jar is copied into the kernelspec")
        self.assertTrue(os.access(spec.argv[0], os.X_OK), f"{spec.argv[0]} is not an executable java")

    def test_prefix_install(self):
        prefix = self.temp_dir("nepi-install-")
        out = installed(dict(os.environ), "--prefix", prefix)
        self.assertIn(os.path.join(prefix, "share", "jupyter", "kernels", "nepi"), out)
        self.check_spec(os.path.join(prefix, "share", "jupyter"))

    def test_user_install_by_default(self):
        home = self.temp_dir("nepi-home-")
        env = dict(os.environ, HOME=home)
        env.pop("XDG_DATA_HOME", None)
        installed(env)
        self.check_spec(os.path.join(home, ".local", "share", "jupyter"))

    def test_bad_options_are_refused_with_usage(self):
        result = subprocess.run([INSTALL, "--frobnicate"], capture_output=True, text=True)
        self.assertEqual(result.returncode, 2)
        self.assertIn("unknown option '--frobnicate'", result.stderr)
        self.assertIn("usage:", result.stderr)
        result = subprocess.run([INSTALL, "--prefix"], capture_output=True, text=True)
        self.assertEqual(result.returncode, 2)
        self.assertIn("--prefix needs a directory", result.stderr)

    def test_kernel_json_is_valid_json_with_odd_paths(self):
        prefix = os.path.join(self.temp_dir("nepi-install-"), 'with space and "quote"')
        installed(dict(os.environ), "--prefix", prefix)
        with open(os.path.join(prefix, "share", "jupyter", "kernels", "nepi", "kernel.json")) as f:
            spec = json.load(f)
        self.assertIn('with space and "quote"', spec["argv"][spec["argv"].index("-jar") + 1])

    def test_logos_are_installed_and_a_second_install_is_harmless(self):
        prefix = self.temp_dir("nepi-install-")
        installed(dict(os.environ), "--prefix", prefix)
        out = installed(dict(os.environ), "--prefix", prefix)
        self.assertIn("installed kernelspec nepi", out)
        spec_dir = os.path.join(prefix, "share", "jupyter", "kernels", "nepi")
        self.assertEqual(sorted(os.listdir(spec_dir)),
                         ["kernel.json", "logo-32x32.png", "logo-64x64.png", "nepi-kernel.jar", "nepi-kernel.jsa"])
        self.check_spec(os.path.join(prefix, "share", "jupyter"))

    def test_uninstall_removes_the_kernelspec_and_says_when_there_is_none(self):
        prefix = self.temp_dir("nepi-install-")
        installed(dict(os.environ), "--prefix", prefix)
        out = installed(dict(os.environ), "--prefix", prefix, "--uninstall")
        self.assertIn("removed kernelspec nepi", out)
        self.assertFalse(os.path.exists(os.path.join(prefix, "share", "jupyter", "kernels", "nepi")))
        self.assertIn("nothing to remove", installed(dict(os.environ), "--prefix", prefix, "--uninstall"))

    def test_sys_prefix_uses_the_prefix_of_jupyters_python(self):
        prefix = self.temp_dir("nepi-sys-prefix-")
        fake = os.path.join(self.temp_dir("nepi-fake-python-"), "python3")
        with open(fake, "w") as f:
            f.write(f'#!/bin/sh\ncase "$2" in *sys.prefix*) echo "{prefix}";; esac\n')
        os.chmod(fake, 0o755)
        env = dict(os.environ, NEPI_JUPYTER_PYTHON=fake)
        out = installed(env, "--sys-prefix")
        self.assertIn(os.path.join(prefix, "share", "jupyter", "kernels", "nepi"), out)
        self.check_spec(os.path.join(prefix, "share", "jupyter"))
        installed(env, "--sys-prefix", "--uninstall")
        self.assertFalse(os.path.exists(os.path.join(prefix, "share", "jupyter", "kernels", "nepi")))



class ClassDataArchive(unittest.TestCase):
    """The AppCDS archive written at install time: used by the kernelspec, and harmless when stale or missing."""

    def install(self, *args):
        prefix = tempfile.mkdtemp(prefix="nepi-install-cds-")
        self.addCleanup(shutil.rmtree, prefix, True)
        self.said = installed(dict(os.environ), "--prefix", prefix, *args)
        spec_dir = os.path.join(prefix, "share", "jupyter", "kernels", "nepi")
        with open(os.path.join(spec_dir, "kernel.json")) as f:
            return prefix, spec_dir, json.load(f)["argv"]

    def first_result(self, prefix):
        """Starts the installed kernel through jupyter_client; returns its reply to 1+1 and what it printed."""
        from jupyter_client.manager import KernelManager
        km = KernelManager(kernel_name="nepi", kernel_spec_manager=KernelSpecManager(
            kernel_dirs=[os.path.join(prefix, "share", "jupyter", "kernels")]))
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=h.TIMEOUT)
            return h.execute(kc, "1+1")
        finally:
            h.stop_kernel(km, kc)

    def test_the_kernelspec_maps_the_archive_written_at_install(self):
        prefix, spec_dir, argv = self.install()
        archive = os.path.join(spec_dir, "nepi-kernel.jsa")
        self.assertTrue(os.path.isfile(archive), f"install.sh wrote no archive; it said:\n{self.said}")
        self.assertGreater(os.path.getsize(archive), 1_000_000)
        self.assertIn("-XX:SharedArchiveFile=" + archive, argv[:argv.index("-jar")])
        reply = self.first_result(prefix)
        self.assertEqual(reply.of_type("execute_result")[0]["content"]["data"]["text/plain"], "2")

    def test_a_stale_or_missing_archive_does_not_break_the_kernel_nor_reach_the_notebook(self):
        prefix, spec_dir, _ = self.install()
        archive = os.path.join(spec_dir, "nepi-kernel.jsa")
        for damage in ("stale", "missing"):
            if damage == "stale":
                with open(archive, "r+b") as f:
                    f.seek(100)
                    f.write(b"not an archive any more")
            else:
                os.remove(archive)
            reply = self.first_result(prefix)
            self.assertEqual(reply.status, "ok", damage)
            self.assertEqual(reply.of_type("execute_result")[0]["content"]["data"]["text/plain"], "2", damage)
            self.assertEqual(reply.of_type("stream"), [], damage)

    def test_no_cds_installs_without_an_archive(self):
        _, spec_dir, argv = self.install("--no-cds")
        self.assertFalse(os.path.exists(os.path.join(spec_dir, "nepi-kernel.jsa")))
        self.assertFalse([arg for arg in argv if "SharedArchiveFile" in arg])


if __name__ == "__main__":
    unittest.main(verbosity=2)
