package nepi.kernel.jshell;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Shows an exception thrown by a cell: the frames down to the cell's own (with cell and line), and none of the
 * frames of JShell, reflection or the kernel that called the cell.
 */
final class StackTraceFormatter {

    private static final Pattern WRAPPER = Pattern.compile("REPL\\.\\$JShell\\$\\d+[A-Z]?\\$?\\.?");
    private static final Pattern SNIPPET_FILE = Pattern.compile("#\\d+");
    private static final int MAX_FRAMES = 30;

    private final SnippetOrigins origins;
    private volatile BriefErrors brief = BriefErrors.NONE;

    StackTraceFormatter(SnippetOrigins origins) {
        this.origins = origins;
    }

    void showBriefly(BriefErrors errors) {
        brief = errors;
    }

    /**
     * @param className the exception's class name (JShell passes user exceptions by name)
     */
    ErrorReport format(String className, String message, StackTraceElement[] thrownAt, Throwable cause) {
        StackTraceElement[] frames = withoutCapture(thrownAt);
        List<String> lines = new ArrayList<>();
        String shortName = className.substring(className.lastIndexOf('.') + 1);
        String value = clean(message);
        int cellFrame = lastCellFrame(frames);
        int called = firstCellFrame(frames) - 1;
        if (cellFrame >= 0 && called >= 0 && brief.covers(className, frames[called])) {
            // The message says it all: the library's frames and a cause restating it would only hide it.
            String line = Ansi.red(shortName) + (value.isEmpty() ? "" : ": " + value) + "\n    at "
                    + describe(frames[cellFrame]);
            return new ErrorReport(shortName, value, List.of(line));
        }
        lines.add(Ansi.red(className) + (value.isEmpty() ? "" : ": " + value));
        appendFrames(lines, frames);
        Throwable next = cause;
        int depth = 0;
        while (next != null && depth++ < 5) {
            String causeName = next instanceof jdk.jshell.EvalException eval
                    ? eval.getExceptionClassName()
                    : next.getClass().getName();
            String causeMessage = clean(next.getMessage());
            lines.add("Caused by: " + causeName + (causeMessage.isEmpty() ? "" : ": " + causeMessage));
            appendFrames(lines, withoutCapture(next.getStackTrace()));
            next = next.getCause();
        }
        return new ErrorReport(shortName, value, List.of(String.join("\n", lines)));
    }

    /**
     * A cell's trailing expression compiled inside its block runs as a lambda called by {@link CellValue}: its frame
     * stands for the cell line, so the kernel's frame and the block's own frame on that same line go.
     */
    private static StackTraceElement[] withoutCapture(StackTraceElement[] frames) {
        List<StackTraceElement> kept = new ArrayList<>(frames.length);
        for (int i = 0; i < frames.length; i++) {
            if (frames[i].getClassName().equals(CellValue.class.getName())) {
                if (i + 1 < frames.length && isCellFrame(frames[i + 1])) {
                    i++;
                }
                continue;
            }
            kept.add(frames[i]);
        }
        return kept.size() == frames.length ? frames : kept.toArray(StackTraceElement[]::new);
    }

    private void appendFrames(List<String> lines, StackTraceElement[] frames) {
        int last = lastCellFrame(frames);
        int end = last >= 0 ? last + 1 : firstMachineryFrame(frames);
        int start = 0;
        while (start < end && frames[start].getClassName().equals(CellGuard.class.getName())) {
            start++;
        }
        int shown = 0;
        for (int i = start; i < end; i++) {
            if (shown == MAX_FRAMES) {
                lines.add("    ... " + (end - i) + " more");
                break;
            }
            lines.add("    at " + describe(frames[i]));
            shown++;
        }
    }

    private String describe(StackTraceElement frame) {
        if (!isCellFrame(frame)) {
            return frame.toString();
        }
        String owner = WRAPPER.matcher(frame.getClassName()).replaceAll("");
        String method = frame.getMethodName().startsWith("do_it$")
                        || frame.getMethodName().startsWith("lambda$do_it$")
                ? ""
                : frame.getMethodName();
        String where = owner.isEmpty() ? method : method.isEmpty() ? owner : owner + "." + method;
        String snippetId = frame.getFileName().substring(1);
        String location = origins.find(snippetId)
                .map(origin -> origin.describe(frame.getLineNumber()))
                .orElse("snippet " + snippetId + ", line " + frame.getLineNumber());
        return (where.isEmpty() ? "" : where + " ") + "(" + location + ")";
    }

    private static boolean isCellFrame(StackTraceElement frame) {
        // JShell reports cell frames with the snippet id as file name ("#12") and its wrapper class names removed;
        // a class declared in a cell keeps its own name ("Greeter").
        return frame.getFileName() != null
                && SNIPPET_FILE.matcher(frame.getFileName()).matches();
    }

    private static int firstCellFrame(StackTraceElement[] frames) {
        for (int i = 0; i < frames.length; i++) {
            if (isCellFrame(frames[i])) {
                return i;
            }
        }
        return -1;
    }

    private static int lastCellFrame(StackTraceElement[] frames) {
        for (int i = frames.length - 1; i >= 0; i--) {
            if (isCellFrame(frames[i])) {
                return i;
            }
        }
        return -1;
    }

    private static int firstMachineryFrame(StackTraceElement[] frames) {
        for (int i = 0; i < frames.length; i++) {
            String name = frames[i].getClassName();
            if (name.startsWith("jdk.jshell.")
                    || name.startsWith("nepi.kernel.")
                    || name.startsWith("jdk.internal.reflect.")
                    || name.startsWith("java.lang.reflect.")) {
                return i;
            }
        }
        return frames.length;
    }

    /** Removes JShell's generated class names from messages such as NullPointerException's helpful text. */
    static String clean(String message) {
        return message == null ? "" : WRAPPER.matcher(message).replaceAll("");
    }
}
