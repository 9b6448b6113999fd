package nepi.core.resource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** Finds the names closest to a mistyped one, for "did you mean" messages. */
public final class Suggestions {

    private Suggestions() {}

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
            int distance = c.equals(wanted)
                    ? 0
                    : LevenshteinDistance.getDefaultInstance().apply(wanted, c);
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

    private record Scored(String name, int score) {}
}
