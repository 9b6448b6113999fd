package nepi.kernel.nepi.display;

import java.util.List;
import nepi.core.resource.Attribute;
import nepi.core.resource.ResourceManager;

/**
 * A short name for an RM, for pictures whose rows or boxes would otherwise only say {@code #3 linux::Application}:
 * the first attribute set among {@code name}, {@code command}, {@code hostname} and {@code target} (shown as
 * {@code to TARGET}), shortened to {@link #MAX_LENGTH} characters.
 */
public final class ResourceNames {

    /** The longest name given; longer ones end with an ellipsis. */
    public static final int MAX_LENGTH = 32;

    private static final List<String> ATTRIBUTES = List.of("name", "command", "hostname", "target");

    private ResourceNames() {}

    /** The RM's short name, or "" when none of the attributes is set. */
    public static String of(ResourceManager rm) {
        for (String attribute : ATTRIBUTES) {
            boolean known = rm.getAttributes().stream()
                    .anyMatch(a -> a.getName().equals(attribute) && !a.hasFlag(Attribute.Flag.NO_READ));
            if (!known || !rm.isSet(attribute)) {
                continue;
            }
            Object value = rm.get(attribute);
            if (value == null || value.toString().isBlank()) {
                continue;
            }
            String text = value.toString().strip().replaceAll("\\s+", " ");
            return shorten(attribute.equals("target") ? "to " + text : text);
        }
        return "";
    }

    /** {@code text}, cut to {@link #MAX_LENGTH} characters with an ellipsis. */
    public static String shorten(String text) {
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 1) + "…";
    }
}
