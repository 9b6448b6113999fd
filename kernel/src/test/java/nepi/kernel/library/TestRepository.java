package nepi.kernel.library;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A Maven repository written on disk by a test: POMs (with dependencies, dependency management, BOM imports) and
 * jars, whose classes are compiled from the sources given (so that cells can call them).
 */
final class TestRepository {

    private final Path root;
    /** The jars written so far: later ones compile against them (their dependencies). */
    private final List<Path> jars = new ArrayList<>();

    TestRepository(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    String url() {
        return root.toUri().toString();
    }

    /** A dependency of a POM: {@code g:a:v} (v may be empty, for managed ones), with an optional scope. */
    record Dep(String coordinate, String scope) {
        static Dep of(String coordinate) {
            return new Dep(coordinate, "");
        }

        String xml() {
            String[] parts = coordinate.split(":");
            return "<dependency><groupId>" + parts[0] + "</groupId><artifactId>" + parts[1] + "</artifactId>"
                    + (parts.length > 2 && !parts[2].isEmpty() ? "<version>" + parts[2] + "</version>" : "")
                    + (scope.equals("import") ? "<type>pom</type>" : "")
                    + (scope.isEmpty() ? "" : "<scope>" + scope + "</scope>")
                    + "</dependency>";
        }
    }

    /**
     * Writes {@code g:a:v}: its POM with {@code dependencies} and {@code managed} (its dependencyManagement), and,
     * unless the packaging is pom, its jar holding the compiled {@code sources} (class name to source).
     */
    TestRepository artifact(
            String coordinate, String packaging, List<Dep> dependencies, List<Dep> managed, Map<String, String> sources)
            throws IOException {
        String[] parts = coordinate.split(":");
        String group = parts[0];
        String artifact = parts[1];
        String version = parts[2];
        Path dir = root.resolve(group.replace('.', '/')).resolve(artifact).resolve(version);
        Files.createDirectories(dir);
        StringBuilder pom = new StringBuilder("<project xmlns=\"http://maven.apache.org/POM/4.0.0\">"
                + "<modelVersion>4.0.0</modelVersion>"
                + "<groupId>" + group + "</groupId><artifactId>" + artifact + "</artifactId>"
                + "<version>" + version + "</version><packaging>" + packaging + "</packaging>");
        if (!managed.isEmpty()) {
            pom.append("<dependencyManagement><dependencies>");
            managed.forEach(d -> pom.append(d.xml()));
            pom.append("</dependencies></dependencyManagement>");
        }
        pom.append("<dependencies>");
        dependencies.forEach(d -> pom.append(d.xml()));
        pom.append("</dependencies></project>");
        Path pomFile = Files.writeString(dir.resolve(artifact + "-" + version + ".pom"), pom);
        writeChecksum(pomFile);
        if (!packaging.equals("pom")) {
            Path jar = writeJar(dir.resolve(artifact + "-" + version + ".jar"), sources, List.of(), jars);
            writeChecksum(jar);
            jars.add(jar);
        }
        return this;
    }

    /** The SHA-1 beside the file, as a deployed artifact has it (the resolver checks it). */
    private static void writeChecksum(Path file) throws IOException {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(file));
            Files.writeString(
                    file.resolveSibling(file.getFileName() + ".sha1"),
                    java.util.HexFormat.of().formatHex(digest));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A jar artifact with dependencies and one class. */
    TestRepository jar(String coordinate, String className, String source, Dep... dependencies) throws IOException {
        return artifact(coordinate, "jar", List.of(dependencies), List.of(), Map.of(className, source));
    }

    /**
     * Writes a jar of the classes compiled from {@code sources}, plus {@code copies} (resource names of classes on
     * this JVM's class path, copied as they are).
     */
    static Path writeJar(Path jar, Map<String, String> sources, List<String> copies) throws IOException {
        return writeJar(jar, sources, copies, List.of());
    }

    private static Path writeJar(Path jar, Map<String, String> sources, List<String> copies, List<Path> classpath)
            throws IOException {
        Path work = Files.createTempDirectory("nepi-maven-test-src");
        try {
            if (!sources.isEmpty()) {
                List<String> args = new ArrayList<>(List.of(
                        "-d",
                        work.resolve("classes").toString(),
                        "-cp",
                        System.getProperty("java.class.path")
                                + classpath.stream()
                                        .map(p -> java.io.File.pathSeparator + p)
                                        .collect(java.util.stream.Collectors.joining())));
                for (Map.Entry<String, String> source : sources.entrySet()) {
                    Path file = work.resolve("src").resolve(source.getKey().replace('.', '/') + ".java");
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, source.getValue());
                    args.add(file.toString());
                }
                JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
                if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
                    throw new IllegalStateException("the test's sources do not compile");
                }
            }
            Files.createDirectories(jar.getParent());
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
                Path classes = work.resolve("classes");
                if (Files.isDirectory(classes)) {
                    try (Stream<Path> files = Files.walk(classes)) {
                        for (Path file : files.filter(Files::isRegularFile).toList()) {
                            out.putNextEntry(new JarEntry(
                                    classes.relativize(file).toString().replace('\\', '/')));
                            Files.copy(file, out);
                            out.closeEntry();
                        }
                    }
                }
                for (String copy : copies) {
                    out.putNextEntry(new JarEntry(copy));
                    try (var in = TestRepository.class.getClassLoader().getResourceAsStream(copy)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
            return jar;
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                for (Path file :
                        files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /** Writes {@code text} as a file (e.g. a settings.xml). */
    static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }
}
