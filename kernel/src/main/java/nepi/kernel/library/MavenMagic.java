package nepi.kernel.library;

import java.util.ArrayList;
import java.util.List;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.magic.Positional;
import nepi.kernel.magic.ValueKind;
import org.eclipse.aether.artifact.Artifact;

/**
 * {@code %maven G:A:V ...}: resolves artifacts with their transitive dependencies and adds the jars to the session.
 * A failed resolution adds nothing.
 *
 * @param resolver  the session's resolver (its repositories)
 * @param classpath what the session added
 */
public record MavenMagic(MavenResolver resolver, SessionClasspath classpath) implements Magic {

    static final Positional<String> COORDINATES = Positional.repeated(
            "COORDINATES", ValueKind.TEXT, "GROUP:ARTIFACT:VERSION (or G:A:EXTENSION[:CLASSIFIER]:V), one or more");
    static final MagicSpec SPEC = MagicSpec.named("maven")
            .help("add Maven artifacts with their dependencies (compile and runtime) to the session's class path")
            .argument(COORDINATES)
            .build();

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    @Override
    public Object run(MagicArguments arguments, MagicContext context) throws Exception {
        List<String> coordinates = arguments.all(COORDINATES);
        if (coordinates.isEmpty()) {
            throw SPEC.usageError("give at least one coordinate, e.g. com.google.code.gson:gson:2.11.0");
        }
        String addedBy = "%maven " + String.join(" ", coordinates);
        List<LibraryJar> jars = new ArrayList<>();
        try {
            for (Artifact artifact : resolver.resolve(coordinates, context.out())) {
                String name = artifact.getGroupId() + ":" + artifact.getArtifactId()
                        + (artifact.getClassifier().isEmpty() ? "" : ":" + artifact.getClassifier());
                if (artifact.getExtension().equals("jar")) {
                    jars.add(new LibraryJar(name, artifact.getBaseVersion(), artifact.getPath(), addedBy));
                }
            }
            List<LibraryJar> added = classpath.add(jars);
            return LibraryMagics.addedReport(added, jars.size() - added.size());
        } catch (LibraryException e) {
            throw SPEC.error(e.getMessage() + "\nnothing was added");
        }
    }
}
