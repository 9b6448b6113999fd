package nepi.kernel.library;

import java.util.List;
import java.util.stream.Collectors;
import nepi.kernel.magic.Magic;

/** The library magics of a session: {@code %maven}, {@code %mavenRepo}, {@code %jars}, {@code %classpath}. */
public final class LibraryMagics {

    private LibraryMagics() {}

    /** Every library magic, adding to {@code classpath} and resolving with {@code resolver}. */
    public static List<Magic> all(SessionClasspath classpath, MavenResolver resolver) {
        return List.of(
                new MavenMagic(resolver, classpath),
                new MavenRepoMagic(resolver),
                new JarsMagic(classpath),
                new ClasspathMagic(classpath));
    }

    /** What a magic that added jars prints: one line per jar added. */
    static String addedReport(List<LibraryJar> added, int alreadyThere) {
        String already = alreadyThere == 0
                ? ""
                : "\n" + alreadyThere + (alreadyThere == 1 ? " jar was" : " jars were") + " already on the class path";
        if (added.isEmpty()) {
            return "nothing new added" + already;
        }
        return "added " + added.size() + (added.size() == 1 ? " jar" : " jars") + ":\n"
                + added.stream()
                        .map(jar -> "  " + jar.coordinate() + "  (" + jar.jar().getFileName() + ")")
                        .collect(Collectors.joining("\n"))
                + already;
    }
}
