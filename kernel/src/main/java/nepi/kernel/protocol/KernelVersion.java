package nepi.kernel.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The kernel's implementation version ({@code kernel_info}'s {@code implementation_version}), as the build wrote it
 * into {@code kernel-version.properties}: the same in the shaded jar and in {@code target/classes}.
 */
public final class KernelVersion {

    static final String RESOURCE = "kernel-version.properties";

    private static final String VERSION = read(KernelVersion.class.getResourceAsStream(RESOURCE));

    private KernelVersion() {}

    /** The version of this build, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String implementation() {
        return VERSION;
    }

    /**
     * The version a properties resource holds.
     *
     * @throws IllegalStateException when the resource is missing or was not filtered by the build
     */
    static String read(InputStream resource) {
        if (resource == null) {
            throw new IllegalStateException(RESOURCE + " is missing from the class path: build the kernel with Maven");
        }
        Properties properties = new Properties();
        try (resource) {
            properties.load(resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        String version = properties.getProperty("version", "").strip();
        if (version.isEmpty() || version.contains("${")) {
            throw new IllegalStateException(
                    RESOURCE + " holds no version ('" + version + "'): build the kernel with Maven, which fills it in");
        }
        return version;
    }
}
