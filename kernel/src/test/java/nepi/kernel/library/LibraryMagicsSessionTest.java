package nepi.kernel.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nepi.kernel.jshell.ErrorReport;
import nepi.kernel.nepi.NepiExtension;
import nepi.kernel.session.InProcessSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library magics in a NEPI session: what they add is usable by cells and by RM types written in cells. */
class LibraryMagicsSessionTest {

    @TempDir
    static Path dir;

    private static TestRepository repo;

    @BeforeAll
    static void repository() throws IOException {
        repo = new TestRepository(dir.resolve("remote"))
                .jar(
                        "test.greet:words:1.0",
                        "words.Words",
                        """
                        package words;
                        public class Words { public static String greeting() { return "hello"; } }
                        """)
                .jar(
                        "test.greet:greeter:1.0",
                        "greeter.Greeter",
                        """
                        package greeter;
                        public class Greeter {
                            public static String greet(String who) { return words.Words.greeting() + ", " + who; }
                        }
                        """,
                        TestRepository.Dep.of("test.greet:words:1.0"));
        // %maven uses the user's local repository unless Maven's maven.repo.local says otherwise.
        System.setProperty("maven.repo.local", dir.resolve("local").toString());
        System.setProperty("nepi.localDir", dir.resolve("runs").toString());
    }

    @AfterAll
    static void clear() {
        System.clearProperty("maven.repo.local");
        System.clearProperty("nepi.localDir");
    }

    @Test
    void mavenAddsTheArtifactWithItsDependenciesForCellsAndCellRmTypes() {
        try (InProcessSession nb = InProcessSession.with(new NepiExtension())) {
            // Central is searched first: the test's repository must be the one that answers.
            nb.ok("%mavenRepo disk " + repo.url());
            String added = nb.ok("%maven test.greet:greeter:1.0").text();
            assertThat(added)
                    .contains("added 2 jars:")
                    .contains("test.greet:greeter:1.0  (greeter-1.0.jar)")
                    .contains("test.greet:words:1.0  (words-1.0.jar)");
            assertThat(nb.run("greeter.Greeter.greet(\"cell\")").result()).isEqualTo("hello, cell");
            nb.ok(
                    """
                    @ResourceType(value = "notebook::Greeting", help = "greets when deployed")
                    public class Greeting extends ResourceManager {
                        public static volatile String said;
                        public Greeting(ExperimentController ec, int guid) { super(ec, guid); }
                        @Override protected void doDeploy() throws Exception {
                            said = greeter.Greeter.greet("rm " + getGuid());
                            super.doDeploy();
                        }
                    }
                    ResourceFactory.registerType(Greeting.class);
                    """);
            nb.ok("int g = ec.registerResource(\"notebook::Greeting\"); ec.deploy(g); ec.waitDeployed(g);");
            assertThat(nb.run("Greeting.said").result()).startsWith("hello, rm ");
            // The cell thread's context loader sees the added jars (ServiceLoader and the like use it).
            assertThat(nb.run(
                                    "Thread.currentThread().getContextClassLoader().getResource(\"words/Words.class\") != null")
                            .result())
                    .isEqualTo("true");
            String listed = nb.ok("%classpath").text();
            assertThat(listed)
                    .contains("test.greet:greeter")
                    .contains("test.greet:words")
                    .contains("%maven test.greet:greeter:1.0");
            assertThat(nb.ok("%maven test.greet:greeter:1.0").text()).contains("nothing new added");
        }
    }

    @Test
    void aFailedResolutionAddsNothingAndTheSessionGoesOn() {
        try (InProcessSession nb = InProcessSession.with(new NepiExtension())) {
            nb.ok("%mavenRepo disk " + repo.url());
            ErrorReport error = nb.error("%maven test.greet:greeter:1.0 test.greet:missing:1.0", "UsageError");
            assertThat(error.value()).contains("test.greet:missing").contains("nothing was added");
            assertThat(error.traceback()).allSatisfy(line -> assertThat(line).doesNotContain("at "));
            assertThat(nb.ok("%classpath").text()).contains("the session has added no jar");
            assertThat(nb.error("%maven gson", "UsageError").value()).contains("'gson' is not a Maven coordinate");
            assertThat(nb.error("%maven", "UsageError").value()).contains("give at least one coordinate");
            assertThat(nb.error("%jars " + dir.resolve("none.jar"), "UsageError")
                            .value())
                    .contains("no such file: " + dir.resolve("none.jar"));
            assertThat(nb.error("%mavenRepo x ftp://example.org", "UsageError").value())
                    .contains("use http://, https:// or file:///");
            assertThat(nb.run("1 + 1").result()).isEqualTo("2");
        }
    }

    @Test
    void jarsAddsLocalJarsAndRefusesOnesThatRepeatTheKernelsClasses() throws Exception {
        Path lib = dir.resolve("jars");
        TestRepository.writeJar(
                lib.resolve("shout.jar"),
                Map.of(
                        "shout.Shout",
                        "package shout; public class Shout { public static String of(String s) { return s.toUpperCase(); } }"),
                List.of());
        Path old = TestRepository.writeJar(
                dir.resolve("old/nepi-core-0.0.1.jar"), Map.of(), List.of("nepi/core/ExperimentController.class"));
        try (InProcessSession nb = InProcessSession.with(new NepiExtension())) {
            assertThat(nb.ok("%jars " + lib.resolve("*.jar")).text()).contains("shout.jar");
            assertThat(nb.run("shout.Shout.of(\"hi\")").result()).isEqualTo("HI");
            assertThat(nb.error("%jars " + old, "UsageError").value())
                    .contains("holds classes the kernel already loads: nepi.core.ExperimentController")
                    .contains("nothing was added");
            assertThat(nb.ok("%classpath").text()).contains("shout.jar").doesNotContain("nepi-core-0.0.1");
        }
    }
}
