package nepi.kernel.library;

import java.util.List;
import nepi.kernel.display.Table;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSpec;

/**
 * {@code %classpath}: what the session added to its class path, artifact by artifact, and which magic added it.
 *
 * @param classpath what the session added
 */
public record ClasspathMagic(SessionClasspath classpath) implements Magic {

    static final MagicSpec SPEC = MagicSpec.named("classpath")
            .help("list the jars the session added (%maven, %jars), artifact by artifact")
            .build();

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    @Override
    public Object run(MagicArguments arguments, MagicContext context) {
        List<LibraryJar> added = classpath.added();
        if (added.isEmpty()) {
            return "the session has added no jar (%maven and %jars add some); the kernel's own libraries are not listed";
        }
        List<List<String>> rows = added.stream()
                .map(jar -> List.of(jar.artifact(), jar.version(), jar.jar().toString(), jar.addedBy()))
                .toList();
        return new Table(
                "Added to the class path (" + added.size() + " jars)",
                List.of("artifact", "version", "jar", "added by"),
                rows,
                "");
    }
}
