package nepi.kernel.jshell;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each JShell snippet came from (which cell, which line of it), so that errors and stack frames point at
 * the user's own lines instead of JShell's generated classes.
 */
final class SnippetOrigins {

    /** The origin of a snippet: {@code cell} is the label the notebook shows, {@code firstLine} is 1-based. */
    record Origin(String cell, int firstLine) {
        String describe(int snippetLine) {
            return cell + ", line " + (firstLine + snippetLine - 1);
        }
    }

    private final Map<String, Origin> bySnippetId = new ConcurrentHashMap<>();

    void record(String snippetId, Origin origin) {
        bySnippetId.put(snippetId, origin);
    }

    Optional<Origin> find(String snippetId) {
        return Optional.ofNullable(bySnippetId.get(snippetId));
    }
}
