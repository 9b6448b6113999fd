"""Libraries in a notebook through a real jupyter_client: %maven (from a repository this test writes on disk, and
from Maven Central), %mavenRepo, %jars, %classpath, their bad input, and the kernel's own libraries kept apart from
the user's (another Jackson version in a cell leaves the wire layer, which runs on the kernel's Jackson, working)."""
import hashlib
import os
import shutil
import subprocess
import tempfile
import unittest
import zipfile

import nepi_harness as h

KERNEL_FRAMES = ("nepi.kernel.", "jdk.jshell.", "java.lang.reflect.", "\tat ")


def write_artifact(repo, coordinate, sources, dependencies=(), managed=(), packaging="jar", classpath=()):
    """Writes g:a:v (POM, jar of the compiled sources, SHA-1s) into the Maven repository at repo."""
    group, artifact, version = coordinate.split(":")
    folder = os.path.join(repo, *group.split("."), artifact, version)
    os.makedirs(folder, exist_ok=True)

    def dep(d, scope=None):
        g, a, v = d.split(":")
        return (f"<dependency><groupId>{g}</groupId><artifactId>{a}</artifactId>"
                + (f"<version>{v}</version>" if v else "")
                + ("<type>pom</type><scope>import</scope>" if scope == "import" else "") + "</dependency>")

    pom = (f'<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
           f"<groupId>{group}</groupId><artifactId>{artifact}</artifactId><version>{version}</version>"
           f"<packaging>{packaging}</packaging>"
           + ("<dependencyManagement><dependencies>" + "".join(dep(m, s) for m, s in managed)
              + "</dependencies></dependencyManagement>" if managed else "")
           + "<dependencies>" + "".join(dep(d) for d in dependencies) + "</dependencies></project>")
    base = os.path.join(folder, f"{artifact}-{version}")
    files = [base + ".pom"]
    with open(base + ".pom", "w") as f:
        f.write(pom)
    if packaging == "jar":
        work = tempfile.mkdtemp(prefix="nepi-libraries-src-")
        try:
            paths = []
            for name, source in sources.items():
                path = os.path.join(work, "src", *name.split(".")) + ".java"
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w") as f:
                    f.write(source)
                paths.append(path)
            classes = os.path.join(work, "classes")
            subprocess.run(["javac", "-d", classes, "-cp", os.pathsep.join(classpath) or "."] + paths, check=True)
            with zipfile.ZipFile(base + ".jar", "w") as jar:
                for folder_, _, names in os.walk(classes):
                    for name in names:
                        full = os.path.join(folder_, name)
                        jar.write(full, os.path.relpath(full, classes))
        finally:
            shutil.rmtree(work, True)
        files.append(base + ".jar")
    for path in files:
        with open(path, "rb") as f, open(path + ".sha1", "w") as out:
            out.write(hashlib.sha1(f.read()).hexdigest())
    return base + ".jar"


class Libraries(unittest.TestCase):
    """A kernel whose local repository is the test's own (-Dmaven.repo.local, as Maven takes it)."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="nepi-libraries-it-")
        cls.repo = os.path.join(cls.tmp, "repo")
        words = write_artifact(cls.repo, "test.greet:words:1.0", {
            "words.Words": "package words; public class Words { public static String greeting() { return \"hello\"; } }"})
        write_artifact(cls.repo, "test.greet:words:2.0", {
            "words.Words": "package words; public class Words { public static String greeting() { return \"hi\"; } }"})
        write_artifact(cls.repo, "test.greet:greeter:1.0", {
            "greeter.Greeter": "package greeter; public class Greeter {"
                               " public static String greet(String who) { return words.Words.greeting() + \", \" + who; } }"},
            dependencies=["test.greet:words:1.0"], classpath=[words])
        # A BOM pins words to 2.0; polite imports it and depends on words without a version.
        write_artifact(cls.repo, "test.greet:bom:1.0", {}, managed=[("test.greet:words:2.0", None)], packaging="pom")
        write_artifact(cls.repo, "test.greet:polite:1.0", {
            "polite.Polite": "package polite; public class Polite {}"},
            dependencies=["test.greet:words:"], managed=[("test.greet:bom:1.0", "import")])
        cls.local = os.path.join(cls.tmp, "local")
        cls.km, cls.kc = h.start_kernel([f"-Dmaven.repo.local={cls.local}"])

    @classmethod
    def tearDownClass(cls):
        h.stop_kernel(cls.km, cls.kc)
        shutil.rmtree(cls.tmp, True)

    def run_cell(self, code, timeout=120):
        return h.execute(self.kc, code, timeout=timeout)

    def ok(self, code, timeout=120):
        reply = self.run_cell(code, timeout)
        self.assertEqual(reply.status, "ok", f"{code!r}: {reply.error_text()}")
        return reply

    def text(self, reply):
        shown = [m["content"]["data"].get("text/plain", "") for m in reply.outputs
                 if m["msg_type"] in ("execute_result", "display_data")]
        return "\n".join(shown) + reply.stream()

    def error(self, code):
        reply = self.run_cell(code)
        self.assertEqual(reply.status, "error", f"{code!r} should fail")
        self.assertEqual(reply.content["ename"], "UsageError", reply.error_text())
        text = reply.error_text()
        for frame in KERNEL_FRAMES:
            self.assertNotIn(frame, text, "a stack trace reached the user")
        self.assertEqual(self.text(self.ok("1 + 1")).strip(), "2", "the kernel should keep working")
        return text

    def classpath(self):
        return self.text(self.ok("%classpath"))

    def test_1_maven_adds_the_artifact_with_its_dependencies(self):
        self.ok(f"%mavenRepo disk file://{self.repo}")
        added = self.text(self.ok("%maven test.greet:greeter:1.0"))
        self.assertIn("test.greet:greeter:1.0", added)
        self.assertIn("test.greet:words:1.0", added, "the dependency comes along")
        self.assertEqual(self.text(self.ok('greeter.Greeter.greet("notebook")')).strip(), "hello, notebook")
        self.assertTrue(os.path.isfile(os.path.join(self.local, "test/greet/words/1.0/words-1.0.jar")),
                        "downloaded into the local repository the kernel was given")
        listed = self.ok("%classpath")
        self.assertIn("text/html", listed.of_type("display_data")[0]["content"]["data"]
                      if listed.of_type("display_data") else listed.of_type("execute_result")[0]["content"]["data"])
        text = self.text(listed)
        self.assertIn("test.greet:greeter", text)
        self.assertIn("test.greet:words", text)

    def test_2_a_bom_import_chooses_the_version_and_a_second_version_is_refused(self):
        self.ok(f"%mavenRepo disk file://{self.repo}")
        before = self.classpath()
        text = self.error("%maven test.greet:polite:1.0")
        # The BOM says words 2.0; the session holds words 1.0 already (test_1): refused, nothing added.
        self.assertIn("test.greet:words:2.0 conflicts with test.greet:words:1.0", text)
        self.assertIn("nothing was added", text)
        self.assertEqual(self.classpath(), before)

    def test_3_bad_input_gets_short_messages_and_adds_nothing(self):
        self.ok(f"%mavenRepo disk file://{self.repo}")
        before = self.classpath()
        self.assertIn("'greeter' is not a Maven coordinate", self.error("%maven greeter"))
        missing = self.error("%maven test.greet:greeter:1.0 test.greet:nope:1.0")
        self.assertIn("test.greet:nope", missing)
        self.ok("%mavenRepo dead http://127.0.0.1:9/maven2/")
        dead = self.error("%maven test.greet:absent:1.0")
        self.assertIn("test.greet:absent", dead)
        self.assertIn("nothing was added", dead)
        self.assertIn("no such file", self.error(f"%jars {self.tmp}/no-such.jar"))
        self.assertIn("no file matches", self.error(f"%jars {self.tmp}/*.war"))
        # A jar repeating the kernel's own classes (an old nepi-core) is named and refused.
        old = os.path.join(self.tmp, "old", "nepi-core-0.0.1.jar")
        os.makedirs(os.path.dirname(old), exist_ok=True)
        with zipfile.ZipFile(h.JAR) as kernel, zipfile.ZipFile(old, "w") as jar:
            jar.writestr("nepi/core/ExperimentController.class", kernel.read("nepi/core/ExperimentController.class"))
        clash = self.error(f"%jars {old}")
        self.assertIn("holds classes the kernel already loads: nepi.core.ExperimentController", clash)
        self.assertIn("nepi-kernel.jar", clash)
        self.assertIn("use http://, https:// or file:///", self.error("%mavenRepo x ftp://example.org/"))
        self.assertEqual(self.classpath(), before, "a failed magic adds nothing")

    def test_4_jars_adds_local_jars_by_glob(self):
        lib = os.path.join(self.tmp, "lib")
        os.makedirs(lib, exist_ok=True)
        shutil.copy(os.path.join(self.repo, "test/greet/polite/1.0/polite-1.0.jar"), lib)
        added = self.text(self.ok(f"%jars {lib}/*.jar"))
        self.assertIn("polite-1.0.jar", added)
        self.assertIn("polite.Polite", self.text(self.ok("polite.Polite.class.getName()")))
        self.assertIn("%jars", self.classpath())


class LibrariesFromMavenCentral(unittest.TestCase):
    """Another Jackson than the kernel's, from Maven Central, into an empty local repository: the cell gets that
    version, and the kernel (whose wire layer is Jackson too, relocated) keeps answering."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="nepi-libraries-central-")
        cls.km, cls.kc = h.start_kernel([f"-Dmaven.repo.local={os.path.join(cls.tmp, 'local')}"])

    @classmethod
    def tearDownClass(cls):
        h.stop_kernel(cls.km, cls.kc)
        shutil.rmtree(cls.tmp, True)

    def ok(self, code, timeout=300):
        reply = h.execute(self.kc, code, timeout=timeout)
        self.assertEqual(reply.status, "ok", f"{code!r}: {reply.error_text()}")
        return reply

    def value(self, code):
        reply = self.ok(code)
        return reply.of_type("execute_result")[0]["content"]["data"]["text/plain"]

    def test_another_jackson_version_is_the_cells_and_the_kernel_keeps_working(self):
        added = Libraries.text(self, self.ok("%maven com.fasterxml.jackson.core:jackson-databind:2.15.4"))
        self.assertIn("com.fasterxml.jackson.core:jackson-core:2.15.4", added)
        self.assertIn("com.fasterxml.jackson.core:jackson-annotations:2.15.4", added)
        self.assertEqual(self.value("com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString()"), "2.15.4")
        self.assertEqual(self.value('new com.fasterxml.jackson.databind.ObjectMapper()'
                                    '.writeValueAsString(java.util.Map.of("rtt", 0.042))'), '{"rtt":0.042}')
        # The wire layer still encodes and decodes every message: completion, displays, an experiment.
        reply = self.kc.complete("com.fasterxml.jackson.databind.ObjectMa", 38, reply=True, timeout=60)
        self.assertIn("ObjectMapper", reply["content"]["matches"])
        self.ok('int n = ec.registerResource("dummy::Node"); ec.deploy(); ec.waitDeployed(n);')
        self.assertIn("%maven", Libraries.text(self, self.ok("%lsmagic")))
        self.assertEqual(self.value("1 + 1"), "2")


if __name__ == "__main__":
    unittest.main()
