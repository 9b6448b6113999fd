package nepi.kernel.session;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The cells run in this session, for {@code history_request}: tail, range and search. */
public final class History {

    /** The session number shown to clients; one kernel process is one session. */
    public static final int SESSION = 1;

    /**
     * One executed cell.
     *
     * @param line   its execution count
     * @param output the plain text of its result, or null
     */
    public record Entry(int line, String input, String output) {}

    private final List<Entry> entries = new ArrayList<>();

    public synchronized void add(int line, String input, String output) {
        entries.add(new Entry(line, input, output));
    }

    /** The last {@code n} entries. */
    public synchronized List<Entry> tail(int n) {
        return List.copyOf(entries.subList(Math.max(0, entries.size() - Math.max(0, n)), entries.size()));
    }

    /** Entries with {@code start <= line < stop}; {@code stop <= 0} means up to the end. */
    public synchronized List<Entry> range(int start, int stop) {
        return entries.stream()
                .filter(e -> e.line() >= start && (stop <= 0 || e.line() < stop))
                .toList();
    }

    /**
     * Entries whose input matches a glob pattern ({@code *} and {@code ?}), the last {@code n} of them ({@code n <= 0}:
     * all); with {@code unique}, each input once (its latest run).
     */
    public synchronized List<Entry> search(String glob, int n, boolean unique) {
        Pattern pattern = Pattern.compile(globToRegex(glob), Pattern.DOTALL);
        List<Entry> matches = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            if (pattern.matcher(e.input()).matches() && (!unique || seen.add(e.input()))) {
                matches.add(0, e);
            }
        }
        return n > 0 ? List.copyOf(matches.subList(Math.max(0, matches.size() - n), matches.size())) : matches;
    }

    private static String globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
