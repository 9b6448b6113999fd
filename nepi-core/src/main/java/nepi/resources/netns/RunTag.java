package nepi.resources.netns;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tag that every name one run creates carries: namespaces are named
 * {@code nepi<tag>-n<guid>} (nodes) and {@code nepi<tag>-s<guid>} (switches), so that release
 * removes exactly what this run created and a later run can tell what a crashed one left.
 *
 * @param value six lowercase letters or digits
 */
public record RunTag(String value) {

    /** What every netns name created by NEPI starts with. */
    public static final String PREFIX = "nepi";

    private static final Pattern VALUE = Pattern.compile("[a-z0-9]{6}");
    private static final Pattern NAMESPACE = Pattern.compile(PREFIX + "([a-z0-9]{6})-[ns][0-9]+(h[0-9]+)?");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    public RunTag {
        if (value == null || !VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("a run tag is six lowercase letters or digits, not \"" + value + "\"");
        }
    }

    /** A fresh random tag (one in 2 billion: collisions with a live run are checked by the caller). */
    static RunTag random() {
        StringBuilder s = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return new RunTag(s.toString());
    }

    /** The tag of a namespace this family names, or empty for any other namespace. */
    public static Optional<RunTag> ofNamespace(String namespace) {
        Matcher m = NAMESPACE.matcher(namespace);
        return m.matches() ? Optional.of(new RunTag(m.group(1))) : Optional.empty();
    }

    /** {@code nepi<tag>}: the start of every name of this run. */
    public String prefix() {
        return PREFIX + value;
    }

    /** The name of the namespace of the node with this guid. */
    public String nodeNamespace(int guid) {
        return prefix() + "-n" + guid;
    }

    /** The name of the namespace holding the bridge of the switch with this guid. */
    public String switchNamespace(int guid) {
        return prefix() + "-s" + guid;
    }

    /**
     * The name of the namespace holding the bridge of a switch that spans hosts, on the
     * {@code host}-th of its hosts (from 1): distinct per host, since hosts emulated on one
     * machine (install/testbed.sh) share the directory of namespace names.
     */
    public String switchNamespace(int guid, int host) {
        return switchNamespace(guid) + "h" + host;
    }

    @Override
    public String toString() {
        return value;
    }
}
