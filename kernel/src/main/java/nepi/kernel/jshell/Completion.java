package nepi.kernel.jshell;

import java.util.List;

/** Completions replacing the text between {@code cursorStart} and {@code cursorEnd}. */
public record Completion(List<String> matches, int cursorStart, int cursorEnd) {

    public Completion {
        matches = List.copyOf(matches);
    }

    public static Completion none(int cursor) {
        return new Completion(List.of(), cursor, cursor);
    }
}
