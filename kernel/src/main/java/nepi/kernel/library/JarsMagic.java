package nepi.kernel.library;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.magic.Positional;
import nepi.kernel.magic.ValueKind;

/**
 * {@code %jars PATH_OR_GLOB ...}: adds local jars to the session. A directory stands for the jars in it; a glob
 * ({@code lib/*.jar}, {@code build/**.jar}) for the files it matches. Relative paths are from the kernel's working
 * directory (the notebook's). Nothing is added unless every argument names at least one jar that can be added.
 *
 * @param classpath what the session added
 */
public record JarsMagic(SessionClasspath classpath) implements Magic {

    static final Positional<Path> PATHS = Positional.repeated(
            "PATHS", ValueKind.PATH, "jar files, directories of jars or globs (e.g. lib/*.jar), one or more");
    static final MagicSpec SPEC = MagicSpec.named("jars")
            .help("add local jars (files, directories, globs) to the session's class path")
            .argument(PATHS)
            .build();

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    @Override
    public Object run(MagicArguments arguments, MagicContext context) throws Exception {
        List<Path> given = arguments.all(PATHS);
        if (given.isEmpty()) {
            throw SPEC.usageError("give at least one jar, directory or glob");
        }
        List<LibraryJar> jars = new ArrayList<>();
        try {
            for (Path path : given) {
                String addedBy = "%jars " + path;
                for (Path jar : expand(path)) {
                    jars.add(SessionClasspath.describe(jar, addedBy)
                            .orElse(new LibraryJar(jar.getFileName().toString(), "", jar, addedBy)));
                }
            }
            List<LibraryJar> added = classpath.add(jars);
            return LibraryMagics.addedReport(added, jars.size() - added.size());
        } catch (LibraryException e) {
            throw SPEC.error(e.getMessage() + "\nnothing was added");
        }
    }

    /** The jars a path, directory or glob stands for. */
    static List<Path> expand(Path given) throws LibraryException {
        Path absolute = given.toAbsolutePath().normalize();
        String text = absolute.toString();
        if (!text.matches(".*[*?\\[{].*")) {
            if (Files.isDirectory(absolute)) {
                List<Path> jars =
                        list(absolute, 1, file -> file.getFileName().toString().endsWith(".jar"));
                if (jars.isEmpty()) {
                    throw new LibraryException("no jar in directory " + absolute);
                }
                return jars;
            }
            if (!Files.exists(absolute)) {
                throw new LibraryException("no such file: " + absolute);
            }
            return List.of(absolute);
        }
        // Walk from the last directory before the first glob character, as deep as the pattern can reach.
        Path base = absolute.getRoot();
        int fixed = 0;
        for (Path segment : absolute) {
            if (segment.toString().matches(".*[*?\\[{].*")) {
                break;
            }
            base = base.resolve(segment);
            fixed++;
        }
        int depth = text.contains("**") ? Integer.MAX_VALUE : absolute.getNameCount() - fixed;
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + text);
        List<Path> matches = Files.isDirectory(base) ? list(base, depth, matcher::matches) : List.of();
        if (matches.isEmpty()) {
            throw new LibraryException("no file matches " + given);
        }
        return matches;
    }

    private static List<Path> list(Path dir, int depth, java.util.function.Predicate<Path> accept)
            throws LibraryException {
        try (Stream<Path> files = Files.walk(dir, depth)) {
            return files.filter(Files::isRegularFile).filter(accept).sorted().toList();
        } catch (IOException e) {
            throw new LibraryException(dir + " cannot be listed: " + e.getMessage());
        }
    }
}
