package nepi.resources.linux.host;

import java.util.Collection;
import java.util.stream.Collectors;

/** Quoting of words for POSIX shell command lines, so paths with spaces or quotes stay one word. */
public final class ShellWords {

    private ShellWords() {}

    /** {@code word} as one shell word: single-quoted unless it only holds safe characters. */
    public static String quote(String word) {
        if (!word.isEmpty() && word.chars().allMatch(ShellWords::safe)) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The words quoted and joined with spaces. */
    public static String join(Collection<String> words) {
        return words.stream().map(ShellWords::quote).collect(Collectors.joining(" "));
    }

    private static boolean safe(int c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || "/._-+=:,@%".indexOf(c) >= 0;
    }
}
