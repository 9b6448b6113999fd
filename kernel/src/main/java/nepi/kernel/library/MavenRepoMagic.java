package nepi.kernel.library;

import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.magic.Positional;
import nepi.kernel.magic.ValueKind;

/**
 * {@code %mavenRepo ID URL}: a repository {@code %maven} searches for the rest of the session, after Maven Central
 * and those added before. The settings' mirrors, proxies and credentials (by id) apply to it.
 *
 * @param resolver the session's resolver
 */
public record MavenRepoMagic(MavenResolver resolver) implements Magic {

    static final Positional<String> ID =
            Positional.required("ID", ValueKind.TEXT, "the repository's id (the settings' servers and mirrors use it)");
    static final Positional<String> URL =
            Positional.required("URL", ValueKind.TEXT, "http://, https:// or file:///absolute/path");
    static final MagicSpec SPEC = MagicSpec.named("mavenRepo")
            .help("add a Maven repository (remote or file://) that %maven searches")
            .argument(ID)
            .argument(URL)
            .build();

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    @Override
    public Object run(MagicArguments arguments, MagicContext context) throws Exception {
        String id = arguments.get(ID);
        String url = arguments.get(URL);
        try {
            boolean replaced = resolver.addRepository(id, url);
            return (replaced ? "replaced repository " : "added repository ") + id + " (" + url + "); %maven searches "
                    + String.join(
                            ", ",
                            resolver.repositories().stream().map(r -> r.getId()).toList());
        } catch (LibraryException e) {
            throw SPEC.error(e.getMessage());
        }
    }
}
