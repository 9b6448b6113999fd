package nepi.kernel.display;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The replies found in the output of {@code ping} (iputils and busybox): sequence number, round-trip time, and
 * the time of the reply when ping printed one ({@code -D}).
 *
 * @param replies in the order printed
 */
public record PingReplies(List<Reply> replies) {

    /**
     * One echo reply.
     *
     * @param sequence  its {@code icmp_seq}
     * @param timestamp seconds since the epoch when ping printed it ({@code -D}), else null
     * @param rttMillis the round-trip time in milliseconds
     */
    public record Reply(int sequence, Double timestamp, double rttMillis) {}

    private static final Pattern REPLY = Pattern.compile(
            "^(?:\\[(\\d+(?:\\.\\d+)?)\\]\\s*)?\\d+ bytes from .*?icmp_seq=(\\d+).*?time[=<]\\s*(\\d+(?:\\.\\d+)?)\\s*ms");

    /** Copies the list. */
    public PingReplies {
        replies = List.copyOf(replies);
    }

    /** The replies in {@code output}; other lines (header, statistics, errors) are skipped. */
    public static PingReplies parse(String output) {
        List<Reply> replies = new ArrayList<>();
        for (String line : output.split("\n")) {
            Matcher m = REPLY.matcher(line.strip());
            if (m.find()) {
                replies.add(new Reply(
                        Integer.parseInt(m.group(2)),
                        m.group(1) == null ? null : Double.parseDouble(m.group(1)),
                        Double.parseDouble(m.group(3))));
            }
        }
        return new PingReplies(replies);
    }

    /** Whether every reply carries a timestamp, so they can be placed in time. */
    public boolean timed() {
        return !replies.isEmpty() && replies.stream().allMatch(r -> r.timestamp() != null);
    }

    /** {@code 10 replies, RTT min/avg/max 0.031/0.045/0.090 ms}. */
    public String summary() {
        if (replies.isEmpty()) {
            return "no replies";
        }
        double min = Double.MAX_VALUE;
        double max = 0;
        double sum = 0;
        for (Reply r : replies) {
            min = Math.min(min, r.rttMillis());
            max = Math.max(max, r.rttMillis());
            sum += r.rttMillis();
        }
        return String.format(
                java.util.Locale.ROOT,
                "%d replies, RTT min/avg/max %.3f/%.3f/%.3f ms",
                replies.size(),
                min,
                sum / replies.size(),
                max);
    }
}
