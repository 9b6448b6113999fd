package nepi.kernel.protocol;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The signatures of the most recent signed messages, so that a message captured on the wire and sent again (a
 * replay) is recognised and dropped, as ipykernel does. Bounded: the oldest signature is forgotten first.
 * Thread-safe (the shell, control and stdin threads share it).
 */
final class SignatureHistory {

    /** As many as ipykernel's {@code digest_history_size}. */
    static final int DEFAULT_CAPACITY = 1 << 16;

    private final Map<String, Boolean> seen;

    SignatureHistory(int capacity) {
        this.seen = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** @return true the first time a signature is seen, false for a replay */
    synchronized boolean firstSeen(byte[] signature) {
        return seen.putIfAbsent(new String(signature, StandardCharsets.ISO_8859_1), Boolean.TRUE) == null;
    }
}
