package nepi.core.trace;

import java.util.Optional;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceManager;

/**
 * Parses traces into tables: by a format given, by the RM type and trace name when they fix the format, else by
 * the trace's content.
 *
 * <pre>{@code
 * PingTrace ping = PingTrace.parse(ec.trace(pingGuid, "stdout"));     // typed records
 * TraceTable table = TraceTables.table(ec, pingGuid, "stdout");       // typed columns, CSV
 * DataFrame df = table.dataFrame();                                   // DFLib
 * }</pre>
 */
public final class TraceTables {

    private TraceTables() {}

    /**
     * {@code text} parsed as {@code format}; the result may be empty.
     *
     * @throws IllegalArgumentException when the text cannot be of that format at all (iperf3: not JSON, or JSON
     *                                  cut short)
     */
    public static ParsedTrace parse(String text, TraceFormat format) {
        return switch (format) {
            case PING -> PingTrace.parse(text);
            case IPERF3 -> IperfTrace.parse(text);
            case TCPDUMP -> TcpdumpTrace.parse(text);
            case TRACEROUTE -> TracerouteTrace.parse(text);
            case NUMBERS -> NumericColumns.parse(text);
        };
    }

    /**
     * {@code text}, trace {@code traceName} of an RM of type {@code rtype} (both may be null), parsed in the format
     * the type fixes ({@link TraceFormat#forTrace}) when the text holds something of it, else in the format its
     * content looks like ({@link TraceFormat#sniff}); empty when it is in no known format.
     *
     * @throws IllegalArgumentException when the type fixes a format the text is not in and its content is in no
     *                                  known format, naming what is wrong (e.g. an iperf3 report that is not JSON)
     */
    public static Optional<ParsedTrace> parse(String text, String rtype, String traceName) {
        Optional<TraceFormat> hint = TraceFormat.forTrace(rtype, traceName);
        IllegalArgumentException hintProblem = null;
        ParsedTrace hinted = null;
        if (hint.isPresent()) {
            try {
                hinted = parse(text, hint.get());
                if (!hinted.isEmpty()) {
                    return Optional.of(hinted);
                }
            } catch (IllegalArgumentException e) {
                hintProblem = e;
            }
        }
        Optional<TraceFormat> sniffed = TraceFormat.sniff(text);
        if (sniffed.isPresent() && (hint.isEmpty() || sniffed.get() != hint.get())) {
            try {
                ParsedTrace parsed = parse(text, sniffed.get());
                if (!parsed.isEmpty()) {
                    return Optional.of(parsed);
                }
            } catch (IllegalArgumentException e) {
                if (hintProblem == null) {
                    throw e;
                }
            }
        }
        if (hintProblem != null) {
            throw hintProblem;
        }
        // The type's format with nothing in it yet (a ping that printed only its header) is an empty table of it.
        return Optional.ofNullable(hinted);
    }

    /** {@code text} parsed in the format its content looks like; empty when it is in no known format. */
    public static Optional<ParsedTrace> parse(String text) {
        return parse(text, null, null);
    }

    /**
     * Trace {@code traceName} of RM {@code guid} of {@code ec}, read whole and parsed as {@link #parse(String,
     * String, String)} does.
     */
    public static Optional<ParsedTrace> parse(ExperimentController ec, int guid, String traceName) {
        ResourceManager rm = ec.getResource(guid);
        return parse(ec.trace(guid, traceName), rm.getRtype(), traceName);
    }

    /**
     * The table of trace {@code traceName} of RM {@code guid} of {@code ec}.
     *
     * @throws IllegalArgumentException when the trace is in no known format, naming the known formats
     */
    public static TraceTable table(ExperimentController ec, int guid, String traceName) {
        return parse(ec, guid, traceName)
                .map(ParsedTrace::table)
                .orElseThrow(() -> new IllegalArgumentException("trace '" + traceName + "' of #" + guid
                        + " is in no known format; the known formats: " + TraceFormat.known()));
    }
}
