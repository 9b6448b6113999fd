package nepi.kernel.jshell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jdk.jshell.Diag;

/** Shows a compile error as the offending line of the cell with a caret under the place javac points at. */
final class CompileErrorFormatter {

    /**
     * @param cellCode     the whole cell
     * @param snippetStart offset of the failing snippet in the cell (diagnostic positions are relative to it)
     * @param cellLabel    how the notebook names the cell, e.g. {@code Cell In[3]}
     */
    ErrorReport format(List<Diag> errors, String cellCode, int snippetStart, String cellLabel, int lineOffset) {
        List<String> lines = new ArrayList<>();
        String firstMessage = "does not compile";
        for (Diag diag : errors) {
            int position = (int) Math.max(0, Math.min(cellCode.length(), snippetStart + diag.getPosition()));
            int lineStart = cellCode.lastIndexOf('\n', position - 1) + 1;
            int lineEnd = cellCode.indexOf('\n', position);
            if (lineEnd < 0) {
                lineEnd = cellCode.length();
            }
            int lineNumber = lineOffset + countNewlines(cellCode, lineStart) + 1;
            String message = clean(diag.getMessage(Locale.ROOT));
            if (lines.isEmpty()) {
                firstMessage = message.lines().findFirst().orElse(message);
            }
            lines.add(Ansi.red("Compile error") + " in " + cellLabel + ", line " + lineNumber + ": " + message);
            String line = cellCode.substring(lineStart, lineEnd);
            lines.add("    " + line);
            lines.add("    " + " ".repeat(Math.max(0, Math.min(position, lineEnd) - lineStart)) + Ansi.red("^"));
        }
        return new ErrorReport("CompileError", firstMessage, List.of(String.join("\n", lines)));
    }

    /** Drops JShell's wrapper-class details that mean nothing to the user. */
    static String clean(String message) {
        StringBuilder out = new StringBuilder();
        for (String line : message.split("\n")) {
            if (line.strip().equals("location: class")) {
                continue;
            }
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(line);
        }
        return out.toString();
    }

    private static int countNewlines(String text, int end) {
        int count = 0;
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                count++;
            }
        }
        return count;
    }
}
