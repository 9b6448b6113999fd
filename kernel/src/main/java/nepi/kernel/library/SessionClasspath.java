package nepi.kernel.library;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipException;

/**
 * What a session added to its class path, jar by jar, and the checks before anything is added. Adding is all or
 * nothing: every jar of a call is checked (it exists, it is a jar, none of its classes is one the kernel already
 * loads, no other version of the same artifact was added before) before the first is handed to JShell.
 * <p>
 * Why a kernel class cannot be replaced: JShell's class loader asks the kernel's loader first, so the kernel's copy
 * of a class would silently win over the jar's. The kernel's own libraries (Jackson, JeroMQ, ...) are relocated
 * under {@code nepi.shaded} in its jar, so only NEPI's own classes ({@code nepi.*}) can collide there.
 */
public final class SessionClasspath {

    private final Consumer<Path> sink;
    private final ClassLoader kernelLoader;
    private final List<LibraryJar> added = new CopyOnWriteArrayList<>();

    /**
     * @param sink         adds one jar to JShell (its compiler and its class loader)
     * @param kernelLoader the loader JShell's class loader delegates to first (the kernel's)
     */
    public SessionClasspath(Consumer<Path> sink, ClassLoader kernelLoader) {
        this.sink = sink;
        this.kernelLoader = kernelLoader;
    }

    /** The jars added so far, in the order they were added. */
    public List<LibraryJar> added() {
        return List.copyOf(added);
    }

    /**
     * Adds the jars not added yet, after checking them all.
     *
     * @return the jars that were new (the others were on the class path already)
     * @throws LibraryException naming the first jar that cannot be added, and why; then none is added
     */
    public synchronized List<LibraryJar> add(List<LibraryJar> jars) throws LibraryException {
        List<LibraryJar> fresh = new ArrayList<>();
        Map<String, LibraryJar> byArtifact = new LinkedHashMap<>();
        added.forEach(jar -> byArtifact.put(jar.artifact(), jar));
        for (LibraryJar jar : jars) {
            Path file = jar.jar().toAbsolutePath().normalize();
            if (added.stream()
                            .anyMatch(a -> a.jar().toAbsolutePath().normalize().equals(file))
                    || fresh.stream().anyMatch(a -> a.jar().equals(file))) {
                continue;
            }
            LibraryJar before = byArtifact.get(jar.artifact());
            if (before != null && !before.version().equals(jar.version())) {
                throw new LibraryException(jar.coordinate() + " conflicts with " + before.coordinate()
                        + ", added before by " + before.addedBy()
                        + ": a class loader cannot hold two versions of a library (restart the kernel to change it)");
            }
            checkJar(file, jar.coordinate());
            LibraryJar normalized = new LibraryJar(jar.artifact(), jar.version(), file, jar.addedBy());
            fresh.add(normalized);
            byArtifact.put(jar.artifact(), normalized);
        }
        for (LibraryJar jar : fresh) {
            sink.accept(jar.jar());
            added.add(jar);
        }
        return fresh;
    }

    /** The artifact a jar says it is (its single {@code META-INF/maven/.../pom.properties}), if it says. */
    public static Optional<LibraryJar> describe(Path jar, String addedBy) {
        try (JarFile file = new JarFile(jar.toFile())) {
            List<JarEntry> poms = file.stream()
                    .filter(e -> e.getName().startsWith("META-INF/maven/")
                            && e.getName().endsWith("/pom.properties"))
                    .toList();
            if (poms.size() != 1) {
                return Optional.empty();
            }
            Properties properties = new Properties();
            try (InputStream in = file.getInputStream(poms.get(0))) {
                properties.load(in);
            }
            String group = properties.getProperty("groupId");
            String artifact = properties.getProperty("artifactId");
            String version = properties.getProperty("version");
            if (group == null || artifact == null || version == null) {
                return Optional.empty();
            }
            return Optional.of(new LibraryJar(group + ":" + artifact, version, jar, addedBy));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void checkJar(Path file, String what) throws LibraryException {
        if (!Files.exists(file)) {
            throw new LibraryException("no such file: " + file);
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new LibraryException(file + " is not a readable file");
        }
        List<String> clashes = new ArrayList<>();
        URL kernelCopy = null;
        try (JarFile jar = new JarFile(file.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (!name.endsWith(".class")
                        || name.startsWith("META-INF/")
                        || name.endsWith("module-info.class")
                        || name.endsWith("package-info.class")) {
                    continue;
                }
                URL kernel = kernelLoader.getResource(name);
                // The JDK's classes are not the kernel's libraries: a jar repeating one is the JDK's business.
                if (kernel != null && ClassLoader.getPlatformClassLoader().getResource(name) == null) {
                    clashes.add(
                            name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                    if (kernelCopy == null) {
                        kernelCopy = kernel;
                    }
                }
            }
        } catch (ZipException e) {
            throw new LibraryException(file + " is not a jar (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new LibraryException(file + " cannot be read: " + e.getMessage());
        }
        if (!clashes.isEmpty()) {
            String first = clashes.get(0);
            String pkg = first.contains(".") ? first.substring(0, first.lastIndexOf('.')) : first;
            throw new LibraryException(what + " (" + file.getFileName() + ") holds classes the kernel already loads: "
                    + first + (clashes.size() > 1 ? " and " + (clashes.size() - 1) + " more" : "")
                    + ", the kernel's own " + pkg + " from " + origin(kernelCopy)
                    + "; the kernel's copy would shadow the jar's, so it is not added");
        }
    }

    /** The jar file or directory a kernel class comes from, by name. */
    private static String origin(URL url) {
        try {
            if ("jar".equals(url.getProtocol())) {
                URL jarUrl = ((JarURLConnection) url.openConnection()).getJarFileURL();
                return Path.of(jarUrl.toURI()).getFileName().toString();
            }
            if ("file".equals(url.getProtocol())) {
                Path path = Path.of(url.toURI());
                // .../target/classes/nepi/core/X.class: name the module's directory, not the class file.
                for (Path p = path; p != null; p = p.getParent()) {
                    if (p.getFileName() != null && p.getFileName().toString().equals("classes")) {
                        return p.toString();
                    }
                }
                return path.toString();
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // Fall back to the URL itself.
        }
        return url.toString();
    }
}
