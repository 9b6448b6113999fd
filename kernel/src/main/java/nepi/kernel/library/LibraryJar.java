package nepi.kernel.library;

import java.nio.file.Path;

/**
 * A jar added to the session (or about to be).
 *
 * @param artifact its Maven identity {@code group:artifact[:classifier]}, or the file name for a jar without one
 * @param version  its version, or empty when unknown
 * @param jar      the file
 * @param addedBy  the magic line that added it, e.g. {@code %maven com.google.code.gson:gson:2.11.0}
 */
public record LibraryJar(String artifact, String version, Path jar, String addedBy) {

    /** {@code group:artifact:version}, or the artifact alone when the version is unknown. */
    public String coordinate() {
        return version.isEmpty() ? artifact : artifact + ":" + version;
    }
}
