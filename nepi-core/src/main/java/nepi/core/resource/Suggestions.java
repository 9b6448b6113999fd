package nepi.core.resource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Finds the names closest to a mistyped one, for "did you mean" messages. */
public final class Suggestions {

    private Suggestions() {
    }

    /**
     * Up to {@code limit} candidates close to {@code word}: equal ignoring case, containing
     * it or contained in it, or a few edits away; closest first.
     */
    public static List<String> closest(String word, Collection<String> candidates, int limit) {
        String wanted = word.toLowerCase(Locale.ROOT);
        int tolerance = Math.max(2, wanted.length() / 3);
        List<Scored> scored = new ArrayList<>();
        for (String candidate : candidates) {
            String c = candidate.toLowerCase(Locale.ROOT);
            int distance = c.equals(wanted) ? 0 : editDistance(wanted, c);
            boolean related = !wanted.isEmpty() && (c.contains(wanted) || wanted.contains(c) && c.length() > 2);
            if (distance <= tolerance || related) {
                scored.add(new Scored(candidate, related ? Math.min(distance, 1) : distance));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::score).thenComparing(Scored::name));
        return scored.stream().limit(limit).map(Scored::name).toList();
    }

    /** " Did you mean: a, b?" or an empty string when nothing is close. */
    public static String didYouMean(String word, Collection<String> candidates) {
        List<String> close = closest(word, candidates, 3);
        return close.isEmpty() ? "" : " Did you mean: " + String.join(", ", close) + "?";
    }

    private record Scored(String name, int score) {
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
