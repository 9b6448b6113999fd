package nepi.kernel.nepi;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nepi.core.resource.ResourceFactory;
import nepi.core.resource.ResourceManager;
import nepi.kernel.display.MimeBundle;
import nepi.kernel.nepi.display.TypeHelp;
import nepi.kernel.session.InspectionProvider;

/**
 * Inspection (Shift-Tab) of NEPI names: a resource type name (in a string such as {@code "linux::Ping"} or an
 * argument of {@code %help}) shows the type's help; an attribute name in {@code set(guid, "name"} shows that
 * attribute with the RM's value; a guid (an int literal or an int variable naming an RM of {@code ec}) shows the
 * RM's type help with its current values and traces. Anything else is left to the next provider.
 */
final class NepiInspection implements InspectionProvider {

    private static final Pattern MAGIC_NAME = Pattern.compile("^\\s*%[A-Za-z0-9_-]*$");
    private static final Pattern GUID_ARGUMENT =
            Pattern.compile("\\b(?:set|get|getAttribute|isSet)\\(\\s*([A-Za-z_$][A-Za-z0-9_$]*|\\d+)\\s*,\\s*$");
    private static final Pattern JAVA_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*|\\d+");

    private final ResourceLookup lookup;

    NepiInspection(ResourceLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public Optional<MimeBundle> inspect(String code, int cursor, int detailLevel) {
        int at = Math.min(cursor, code.length());
        int lineStart = code.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
        int lineEnd = code.indexOf('\n', at);
        String line = code.substring(lineStart, lineEnd < 0 ? code.length() : lineEnd);
        int column = at - lineStart;
        if (MAGIC_NAME.matcher(line.substring(0, wordEnd(line, column))).matches()) {
            return Optional.empty();
        }
        Optional<int[]> literal = stringAround(line, column);
        if (literal.isPresent()) {
            return inspectString(line, literal.get());
        }
        String word = wordAround(line, column);
        if (word.isEmpty()) {
            return Optional.empty();
        }
        Optional<MimeBundle> type = ResourceFactory.findType(word).map(TypeHelp::of);
        if (type.isPresent()) {
            return type;
        }
        int end = wordStart(line, column) + word.length();
        boolean called =
                end < line.length() && line.substring(end).stripLeading().startsWith("(");
        if (called || !JAVA_NAME.matcher(word).matches()) {
            return Optional.empty();
        }
        return lookup.resource(word).map(TypeHelp::of);
    }

    /** A type name shows its help; an attribute name after {@code set(guid, } shows that attribute of the RM. */
    private Optional<MimeBundle> inspectString(String line, int[] bounds) {
        String text = line.substring(bounds[0] + 1, bounds[1]);
        Optional<MimeBundle> type = ResourceFactory.findType(text).map(TypeHelp::of);
        if (type.isPresent()) {
            return type;
        }
        Matcher guid = GUID_ARGUMENT.matcher(line.substring(0, bounds[0]));
        if (!guid.find()) {
            return Optional.empty();
        }
        Optional<ResourceManager> rm = lookup.resource(guid.group(1));
        return rm.flatMap(
                r -> r.getType().findAttribute(text).map(attribute -> TypeHelp.attributeTable(List.of(attribute), r)
                        .bundle()));
    }

    /** The quotes of the string literal the column is in (or just after), if any. */
    static Optional<int[]> stringAround(String line, int column) {
        int open = -1;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && open >= 0) {
                i++;
            } else if (c == '"') {
                if (open < 0) {
                    open = i;
                } else {
                    if (column > open && column <= i + 1) {
                        return Optional.of(new int[] {open, i});
                    }
                    open = -1;
                }
            }
        }
        return Optional.empty();
    }

    private static String wordAround(String line, int column) {
        return line.substring(wordStart(line, column), wordEnd(line, column));
    }

    private static int wordStart(String line, int column) {
        int start = Math.min(column, line.length());
        while (start > 0 && isWordChar(line.charAt(start - 1))) {
            start--;
        }
        return start;
    }

    private static int wordEnd(String line, int column) {
        int end = Math.min(column, line.length());
        while (end < line.length() && isWordChar(line.charAt(end))) {
            end++;
        }
        return end;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == ':';
    }
}
