package nepi.kernel.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands objects the kernel creates to the session's Java code: {@link Session#setVariable} stores the value here
 * and has JShell read it back with {@link #value}. Public because JShell snippets call it.
 */
public final class SessionVariables {

    private static final Map<String, Object> VALUES = new ConcurrentHashMap<>();

    private SessionVariables() {}

    /**
     * The value stored under {@code key}.
     *
     * @throws IllegalStateException when nothing is stored there (the session has closed)
     */
    public static Object value(String key) {
        Object value = VALUES.get(key);
        if (value == null) {
            throw new IllegalStateException("no notebook session holds a variable '" + key + "'");
        }
        return value;
    }

    static void put(String key, Object value) {
        VALUES.put(key, value);
    }

    static void removeAll(String keyPrefix) {
        VALUES.keySet().removeIf(key -> key.startsWith(keyPrefix));
    }
}
