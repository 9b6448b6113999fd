package nepi.kernel.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionClasspathTest {

    @TempDir
    Path dir;

    private final List<Path> given = new ArrayList<>();
    private final SessionClasspath classpath =
            new SessionClasspath(given::add, SessionClasspathTest.class.getClassLoader());

    private LibraryJar jar(String artifact, String version, String className) throws Exception {
        Path file = TestRepository.writeJar(
                dir.resolve(artifact.replace(':', '-') + "-" + version + ".jar"),
                Map.of(
                        className,
                        "package " + className.substring(0, className.lastIndexOf('.')) + "; public class "
                                + className.substring(className.lastIndexOf('.') + 1) + " {}"),
                List.of());
        return new LibraryJar(artifact, version, file, "test");
    }

    @Test
    void addsEachJarOnceAndListsThemInOrder() throws Exception {
        LibraryJar one = jar("g:one", "1.0", "one.One");
        LibraryJar two = jar("g:two", "1.0", "two.Two");
        assertThat(classpath.add(List.of(one))).extracting(LibraryJar::artifact).containsExactly("g:one");
        assertThat(classpath.add(List.of(one, two)))
                .extracting(LibraryJar::artifact)
                .containsExactly("g:two");
        assertThat(classpath.added()).extracting(LibraryJar::artifact).containsExactly("g:one", "g:two");
        assertThat(given).containsExactly(one.jar(), two.jar());
    }

    @Test
    void aMissingJarAddsNothingOfTheCall() throws Exception {
        LibraryJar good = jar("g:good", "1.0", "good.Good");
        LibraryJar missing = new LibraryJar("g:missing", "1.0", dir.resolve("missing.jar"), "test");
        assertThatThrownBy(() -> classpath.add(List.of(good, missing)))
                .isInstanceOf(LibraryException.class)
                .hasMessage("no such file: " + dir.resolve("missing.jar"));
        assertThat(classpath.added()).isEmpty();
        assertThat(given).isEmpty();
    }

    @Test
    void aFileThatIsNotAJarIsRefused() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.jar"), "not a zip");
        assertThatThrownBy(() -> classpath.add(List.of(new LibraryJar("notes.jar", "", text, "test"))))
                .hasMessageStartingWith(text + " is not a jar");
        assertThat(given).isEmpty();
    }

    @Test
    void aJarRepeatingTheKernelsClassesIsRefusedNamingThem() throws Exception {
        // An old nepi-core: it holds the controller the kernel has loaded already.
        Path old = TestRepository.writeJar(
                dir.resolve("nepi-core-0.0.1.jar"), Map.of(), List.of("nepi/core/ExperimentController.class"));
        assertThatThrownBy(() -> classpath.add(List.of(new LibraryJar("nepi:nepi-core", "0.0.1", old, "test"))))
                .isInstanceOf(LibraryException.class)
                .hasMessageContaining(
                        "nepi:nepi-core:0.0.1 (nepi-core-0.0.1.jar) holds classes the kernel already loads")
                .hasMessageContaining("nepi.core.ExperimentController")
                .hasMessageContaining("the kernel's own nepi.core from");
        assertThat(given).isEmpty();
    }

    @Test
    void aSecondVersionOfAnAddedArtifactIsRefused() throws Exception {
        classpath.add(List.of(jar("g:lib", "1.0", "lib.Lib")));
        LibraryJar newer = jar("g:lib", "2.0", "lib.Lib");
        assertThatThrownBy(() -> classpath.add(List.of(newer)))
                .hasMessageStartingWith("g:lib:2.0 conflicts with g:lib:1.0, added before by test");
        assertThat(classpath.added()).hasSize(1);
    }

    @Test
    void jarsGlobsAndDirectoriesExpandToTheirJars() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Path a = Files.writeString(lib.resolve("a.jar"), "");
        Path b = Files.writeString(lib.resolve("b.jar"), "");
        Files.writeString(lib.resolve("readme.txt"), "");
        Path deep =
                Files.writeString(Files.createDirectories(lib.resolve("sub")).resolve("c.jar"), "");
        assertThat(JarsMagic.expand(lib)).containsExactly(a, b);
        assertThat(JarsMagic.expand(lib.resolve("*.jar"))).containsExactly(a, b);
        assertThat(JarsMagic.expand(lib.resolve("**.jar"))).containsExactly(a, b, deep);
        assertThat(JarsMagic.expand(a)).containsExactly(a);
        assertThatThrownBy(() -> JarsMagic.expand(lib.resolve("*.war")))
                .hasMessage("no file matches " + lib.resolve("*.war"));
        assertThatThrownBy(() -> JarsMagic.expand(dir.resolve("nothing.jar"))).hasMessageStartingWith("no such file");
        assertThatThrownBy(() -> JarsMagic.expand(Files.createDirectories(dir.resolve("empty"))))
                .hasMessageStartingWith("no jar in directory");
    }
}
