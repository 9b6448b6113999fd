package nepi.kernel.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.magic.MagicUsageException;
import org.junit.jupiter.api.Test;

class LibraryMagicSpecsTest {

    private static Map<String, MagicSpec> specs() {
        return LibraryMagics.all(
                        new SessionClasspath(jar -> {}, LibraryMagicSpecsTest.class.getClassLoader()),
                        new MavenResolver(Path.of("none.xml"), Optional.empty(), false))
                .stream()
                .map(Magic::spec)
                .collect(Collectors.toMap(MagicSpec::name, spec -> spec));
    }

    @Test
    void generatedUsageLinesAreTheDocumentedOnes() {
        Map<String, String> documented = Map.of(
                "maven", "%maven [COORDINATES]",
                "mavenRepo", "%mavenRepo ID URL",
                "jars", "%jars [PATHS]",
                "classpath", "%classpath");
        Map<String, MagicSpec> specs = specs();
        assertThat(specs.keySet()).containsExactlyInAnyOrderElementsOf(documented.keySet());
        documented.forEach(
                (name, usage) -> assertThat(specs.get(name).usage()).as(name).isEqualTo(usage));
        specs.values().forEach(spec -> {
            assertThat(spec.help()).as(spec.name()).isNotBlank();
            spec.arguments()
                    .forEach(argument ->
                            assertThat(argument.help()).as(argument.name()).isNotBlank());
        });
    }

    @Test
    void missingArgumentsGetTheUsage() {
        MagicSpec repo = specs().get("mavenRepo");
        assertThatThrownBy(() -> repo.parse("central"))
                .isInstanceOf(MagicUsageException.class)
                .hasMessageContaining("missing URL")
                .hasMessageContaining("usage: %mavenRepo ID URL");
        assertThatThrownBy(() -> specs().get("classpath").parse("extra"))
                .hasMessageContaining("too many arguments: extra");
    }
}
