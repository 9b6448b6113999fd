package nepi.core.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The resource package sits below the controller's: RMs see the experiment only as a {@link ResourceContext}. */
class PackageDependenciesTest {

    /**
     * A class of package {@code nepi.core} itself (its subpackages start with a lower-case name), or of one of the
     * packages built on the resource package ({@code exec}, {@code run}), which would close a circle.
     */
    private static final Pattern CONTROLLER_PACKAGE_CLASS =
            Pattern.compile("\\bnepi\\.core\\.(?:exec\\.|run\\.)?[A-Z]\\w*");

    @Test
    void theResourcePackageUsesNothingOfTheControllersPackage() throws IOException {
        Path sources = Path.of("src/main/java/nepi/core/resource");
        assertThat(sources).isDirectory();
        List<String> uses = new ArrayList<>();
        try (Stream<Path> files = Files.list(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = CONTROLLER_PACKAGE_CLASS.matcher(Files.readString(file));
                while (m.find()) {
                    uses.add(file.getFileName() + ": " + m.group());
                }
            }
        }
        assertThat(uses).isEmpty();
    }
}
