package nepi.kernel.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nepi.kernel.library.TestRepository.Dep;
import org.eclipse.aether.artifact.Artifact;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MavenResolverTest {

    /** Written once: compiling its jars is the slow part. */
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static TestRepository repo;
    private Path local;
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    @BeforeEach
    void localRepository() {
        local = dir.resolve("local");
    }

    @BeforeAll
    static void repository() throws IOException {
        repo = new TestRepository(shared.resolve("remote"));
        // b has two versions; a depends on b:1.0, c on b:2.0 (deeper from a root that takes a and c).
        repo.jar(
                        "test.libs:b:1.0",
                        "libb.B",
                        "package libb; public class B { public static String v() { return \"1\"; } }")
                .jar(
                        "test.libs:b:2.0",
                        "libb.B",
                        "package libb; public class B { public static String v() { return \"2\"; } }")
                .jar(
                        "test.libs:a:1.0",
                        "liba.A",
                        "package liba; public class A { public static String hello() { return \"a\"; } }",
                        Dep.of("test.libs:b:1.0"),
                        new Dep("test.libs:t:1.0", "test"),
                        new Dep("test.libs:p:1.0", "provided"),
                        new Dep("test.libs:r:1.0", "runtime"))
                .jar("test.libs:r:1.0", "libr.R", "package libr; public class R {}")
                .jar("test.libs:d:1.0", "libd.D", "package libd; public class D {}", Dep.of("test.libs:b:2.0"))
                .jar("test.libs:c:1.0", "libc.C", "package libc; public class C {}", Dep.of("test.libs:d:1.0"))
                // A BOM that pins b to 2.0, and e that imports it and depends on b without a version.
                .artifact("test.libs:bom:1.0", "pom", List.of(), List.of(Dep.of("test.libs:b:2.0")), Map.of())
                .artifact(
                        "test.libs:e:1.0",
                        "jar",
                        List.of(Dep.of("test.libs:b:")),
                        List.of(new Dep("test.libs:bom:1.0", "import")),
                        Map.of("libe.E", "package libe; public class E {}"));
    }

    private MavenResolver resolver(Path settings) throws LibraryException {
        MavenResolver resolver = new MavenResolver(settings, Optional.of(local), false);
        resolver.addRepository("disk", repo.url());
        return resolver;
    }

    private List<String> resolve(MavenResolver resolver, String... coordinates) throws LibraryException {
        return resolver.resolve(List.of(coordinates), new PrintStream(progress, true)).stream()
                .map(Artifact::toString)
                .toList();
    }

    @Test
    void resolvesTheTransitiveCompileAndRuntimeDependenciesIntoTheLocalRepository() throws Exception {
        try (MavenResolver resolver = resolver(dir.resolve("none.xml"))) {
            assertThat(resolve(resolver, "test.libs:a:1.0"))
                    .containsExactly("test.libs:a:jar:1.0", "test.libs:b:jar:1.0", "test.libs:r:jar:1.0");
        }
        assertThat(local.resolve("test/libs/b/1.0/b-1.0.jar")).exists();
        assertThat(local.resolve("test/libs/t")).doesNotExist();
        assertThat(local.resolve("test/libs/p")).doesNotExist();
    }

    @Test
    void mediatesVersionsAsMavenDoesTheNearestWins() throws Exception {
        try (MavenResolver resolver = resolver(dir.resolve("none.xml"))) {
            // b:1.0 is a child of a; b:2.0 a grandchild of c: Maven takes the nearer one, 1.0.
            assertThat(resolve(resolver, "test.libs:a:1.0", "test.libs:c:1.0"))
                    .contains("test.libs:b:jar:1.0", "test.libs:d:jar:1.0")
                    .doesNotContain("test.libs:b:jar:2.0");
        }
    }

    @Test
    void honoursABomImportedInDependencyManagement() throws Exception {
        try (MavenResolver resolver = resolver(dir.resolve("none.xml"))) {
            assertThat(resolve(resolver, "test.libs:e:1.0"))
                    .containsExactly("test.libs:e:jar:1.0", "test.libs:b:jar:2.0");
        }
    }

    @Test
    void anArtifactThatDoesNotExistIsNamedWithTheRepositoriesSearched() throws Exception {
        try (MavenResolver resolver = resolver(dir.resolve("none.xml"))) {
            assertThatThrownBy(() -> resolve(resolver, "test.libs:nope:1.0"))
                    .isInstanceOf(LibraryException.class)
                    .hasMessageContaining("test.libs:nope")
                    .hasMessageContaining("disk")
                    .satisfies(e -> assertThat(e.getMessage())
                            .doesNotContain("Exception")
                            .hasLineCount(1));
        }
    }

    @Test
    void anUnreachableRepositoryIsNamed() throws Exception {
        try (MavenResolver resolver = new MavenResolver(dir.resolve("none.xml"), Optional.of(local), false)) {
            resolver.addRepository("nowhere", "http://127.0.0.1:9/maven2/");
            assertThatThrownBy(() -> resolve(resolver, "test.libs:a:1.0"))
                    .isInstanceOf(LibraryException.class)
                    .hasMessageContaining("nowhere (http://127.0.0.1:9/maven2/")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Exception"));
        }
    }

    @Test
    void malformedCoordinatesAreRefusedWithTheAcceptedForms() {
        for (String bad : List.of("gson", "com.google.code.gson:gson", "a:b:c:d:e:f", "a::1.0")) {
            assertThatThrownBy(() -> MavenResolver.artifact(bad))
                    .as(bad)
                    .hasMessageContaining("'" + bad + "' is not a Maven coordinate")
                    .hasMessageContaining("GROUP:ARTIFACT:VERSION");
        }
    }

    @Test
    void badRepositoriesAreRefused() throws Exception {
        try (MavenResolver resolver = resolver(dir.resolve("none.xml"))) {
            assertThatThrownBy(() -> resolver.addRepository("x", "ftp://example.org/"))
                    .hasMessageContaining("use http://, https:// or file:///");
            assertThatThrownBy(() -> resolver.addRepository(
                            "x", dir.resolve("missing").toUri().toString()))
                    .hasMessageContaining("no directory");
            assertThatThrownBy(() -> resolver.addRepository("a b", "https://example.org/"))
                    .hasMessageContaining("is not a repository id");
            assertThat(resolver.repositories()).extracting(r -> r.getId()).containsExactly("disk");
        }
    }

    @Test
    void theSettingsMirrorsAndLocalRepositoryApply() throws Exception {
        Path settingsLocal = dir.resolve("settings-local");
        Path settings = TestRepository.write(
                dir.resolve("settings.xml"),
                """
                <settings>
                  <localRepository>%s</localRepository>
                  <mirrors><mirror><id>disk-mirror</id><mirrorOf>*</mirrorOf><url>%s</url></mirror></mirrors>
                </settings>
                """
                        .formatted(settingsLocal, repo.url()));
        try (MavenResolver resolver = new MavenResolver(settings, Optional.empty(), false)) {
            // The repository itself does not answer: only its mirror can give the artifact.
            resolver.addRepository("unreachable", "http://127.0.0.1:9/maven2/");
            assertThat(resolve(resolver, "test.libs:a:1.0")).contains("test.libs:a:jar:1.0");
        }
        assertThat(settingsLocal.resolve("test/libs/a/1.0/a-1.0.jar")).exists();
    }

    @Test
    void offlineSettingsResolveOnlyWhatTheLocalRepositoryHolds() throws Exception {
        Path settings =
                TestRepository.write(dir.resolve("settings.xml"), "<settings><offline>true</offline></settings>");
        try (MavenResolver resolver = resolver(settings)) {
            assertThatThrownBy(() -> resolve(resolver, "test.libs:a:1.0"))
                    .isInstanceOf(LibraryException.class)
                    .hasMessageContaining("offline");
        }
        try (MavenResolver online = resolver(dir.resolve("none.xml"))) {
            resolve(online, "test.libs:a:1.0");
        }
        try (MavenResolver resolver = resolver(settings)) {
            assertThat(resolve(resolver, "test.libs:a:1.0")).contains("test.libs:b:jar:1.0");
        }
    }

    @Test
    void aDownloadLongerThanASecondShowsItsProgressOverHttp() throws Exception {
        // Serves the disk repository over HTTP, the jar of a in four parts 0.6 s apart.
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = repo.root().resolve(exchange.getRequestURI().getPath().substring(1));
            if (!Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] bytes = Files.readAllBytes(file);
            boolean slow = file.getFileName().toString().equals("a-1.0.jar");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                int part = bytes.length / 4 + 1;
                for (int at = 0; at < bytes.length; at += part) {
                    out.write(bytes, at, Math.min(part, bytes.length - at));
                    out.flush();
                    if (slow) {
                        Thread.sleep(600);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        try (MavenResolver resolver = new MavenResolver(dir.resolve("none.xml"), Optional.of(local), false)) {
            resolver.addRepository(
                    "slow", "http://127.0.0.1:" + server.getAddress().getPort() + "/");
            assertThat(resolve(resolver, "test.libs:a:1.0")).contains("test.libs:a:jar:1.0");
        } finally {
            server.stop(0);
        }
        String shown = progress.toString();
        assertThat(shown).contains("downloading a-1.0.jar from slow: ").contains("downloaded a-1.0.jar (");
        assertThat(shown)
                .as("quick downloads show nothing")
                .doesNotContain("b-1.0.jar")
                .doesNotContain(".pom");
    }

    @Test
    void unreadableSettingsAreNamed() throws Exception {
        Path settings = TestRepository.write(dir.resolve("settings.xml"), "<settings><mirrors>");
        try (MavenResolver resolver = resolver(settings)) {
            assertThatThrownBy(() -> resolve(resolver, "test.libs:a:1.0"))
                    .isInstanceOf(LibraryException.class)
                    .hasMessageContaining(settings + " cannot be read");
        }
        assertThat(Files.exists(local.resolve("test"))).isFalse();
    }
}
