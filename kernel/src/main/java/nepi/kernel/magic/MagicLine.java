package nepi.kernel.magic;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A line of a cell that calls a magic: {@code %} at the start of the line (after indentation), a name, then
 * arguments. {@code % 3} is not a magic (Java's remainder operator on a continued line). A cell magic's line starts
 * with {@code %%} instead ({@link #parseCell}).
 *
 * @param name the magic's name without {@code %} (or {@code %%})
 * @param args the rest of the line, trimmed
 */
public record MagicLine(String name, String args) {

    private static final Pattern MAGIC = Pattern.compile("^\\s*%([A-Za-z_][A-Za-z0-9_-]*)(?:\\s+(.*?))?\\s*$");
    /** Any word after {@code %%}, even none: no Java line starts with {@code %%}, so a bad name gets a message. */
    private static final Pattern CELL_MAGIC = Pattern.compile("^\\s*%%(\\S*)(?:\\s+(.*?))?\\s*$");

    /** The line magic on {@code line}, if it calls one. */
    public static Optional<MagicLine> parse(String line) {
        Matcher m = MAGIC.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new MagicLine(m.group(1), m.group(2) == null ? "" : m.group(2)));
    }

    /** The cell magic on {@code line} ({@code %%name args}), if it starts with {@code %%}; the name may be empty. */
    public static Optional<MagicLine> parseCell(String line) {
        Matcher m = CELL_MAGIC.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new MagicLine(m.group(1), m.group(2) == null ? "" : m.group(2)));
    }
}
