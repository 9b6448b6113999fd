package nepi.kernel.magic;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A line of a cell that calls a magic: {@code %} at the start of the line (after indentation), a name, then
 * arguments. {@code % 3} is not a magic (Java's remainder operator on a continued line).
 *
 * @param name the magic's name without {@code %}
 * @param args the rest of the line, trimmed
 */
public record MagicLine(String name, String args) {

    private static final Pattern MAGIC = Pattern.compile("^\\s*%([A-Za-z_][A-Za-z0-9_-]*)(?:\\s+(.*?))?\\s*$");

    public static Optional<MagicLine> parse(String line) {
        Matcher m = MAGIC.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new MagicLine(m.group(1), m.group(2) == null ? "" : m.group(2)));
    }
}
