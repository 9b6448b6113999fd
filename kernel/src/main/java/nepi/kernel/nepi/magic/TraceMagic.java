package nepi.kernel.nepi.magic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.TraceSource;
import nepi.core.trace.ParsedTrace;
import nepi.core.trace.TraceFormat;
import nepi.core.trace.TraceTable;
import nepi.core.trace.TraceTables;
import nepi.kernel.display.MimeBundle;
import nepi.kernel.display.TraceChart;
import nepi.kernel.display.TraceTableView;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicOption;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.magic.Positional;
import nepi.kernel.magic.ValueKind;
import nepi.kernel.nepi.EcVariable;

/**
 * {@code %trace GUID NAME [--tail N|--head N|--size|--path|--plot|--table] [--csv FILE]}: shows a trace of an RM,
 * its first or last lines, its size or path, a plot of it, or its rows as a table ({@code --table}, written as CSV
 * with {@code --csv}); plots and tables come from the parsers of {@code nepi.core.trace}. Reads through the RM's {@link TraceSource}, so the tail of a huge trace
 * costs a few blocks. Without an option, a trace of up to {@link #WHOLE_LIMIT} bytes is shown whole, a bigger one
 * by its last {@link #DEFAULT_TAIL} lines.
 *
 * @param ecVariable the session's {@code ec} variable
 */
public record TraceMagic(EcVariable ecVariable) implements Magic {

    /** The largest trace shown whole when no option is given. */
    static final long WHOLE_LIMIT = 1 << 20;
    /** Lines shown of a bigger trace when no option is given. */
    static final int DEFAULT_TAIL = 200;
    /** The most bytes plotted or tabulated: the end of a bigger trace. */
    static final int PLOT_LIMIT = 32 << 20;

    private static final ValueKind<Integer> LINES =
            ValueKind.POSITIVE_INT.describedAs("N", "a number of lines above 0");
    static final Positional<String> TRACE =
            Positional.required("NAME", ValueKind.TEXT, "the trace's name (%help GUID lists the RM's traces)");
    static final MagicOption<Integer> TAIL = MagicOption.valued("--tail", LINES, "the last N lines");
    static final MagicOption<Integer> HEAD = MagicOption.valued("--head", LINES, "the first N lines");
    static final MagicOption<Boolean> SIZE = MagicOption.flag("--size", "its size in bytes");
    static final MagicOption<Boolean> PATH = MagicOption.flag("--path", "the path of its file");
    static final MagicOption<Boolean> PLOT = MagicOption.flag(
            "--plot", "a chart of its rows (ping RTTs, iperf3 throughput, traceroute RTTs by hop, numbers)");
    static final MagicOption<Boolean> TABLE =
            MagicOption.flag("--table", "its rows as a sortable table, in the known formats: " + TraceFormat.known());
    static final MagicOption<Path> CSV = MagicOption.valued(
            "--csv", ValueKind.PATH.describedAs("FILE", "a file path"), "write its rows as CSV to FILE");
    static final MagicSpec SPEC = MagicSpec.named("trace")
            .help("show a trace of an RM, its first or last N lines, its size or path, plot it or show it as a"
                    + " table (ping, iperf3, tcpdump, traceroute, numbers), or write the table as CSV")
            .argument(GuidArguments.GUID)
            .argument(TRACE)
            .oneOf(TAIL, HEAD, SIZE, PATH, PLOT, TABLE)
            .option(CSV)
            .build();

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    @Override
    public Object run(MagicArguments arguments, MagicContext context) throws Exception {
        int headLines = arguments.get(HEAD).orElse(0);
        int tailLines = arguments.get(TAIL).orElse(0);
        ExperimentController ec = ecVariable.current();
        int guid = GuidArguments.resolve(List.of(arguments.get(GuidArguments.GUID)), context, ec, SPEC)
                .get(0);
        Optional<Path> csv = arguments.get(CSV);
        if (csv.isPresent()
                && (headLines > 0
                        || tailLines > 0
                        || arguments.has(SIZE)
                        || arguments.has(PATH)
                        || arguments.has(PLOT))) {
            throw SPEC.usageError("--csv FILE goes alone or with --table");
        }
        ResourceManager rm = ec.getResource(guid);
        String name = arguments.get(TRACE);
        try {
            rm.getType().getTrace(name);
        } catch (IllegalArgumentException e) {
            throw SPEC.error(e.getMessage());
        }
        TraceSource source = rm.traceSource(name);
        if (arguments.has(PATH)) {
            return source == null
                    ? "trace '" + name + "' of " + rm + " has no file yet (the RM is " + rm.getState() + ")"
                    : source.path();
        }
        if (source == null) {
            return "trace '" + name + "' of " + rm + " is empty: nothing collected yet (the RM is " + rm.getState()
                    + (rm.traceEnabled(name)
                            ? ")"
                            : "; the trace is not enabled: ec.enableTrace(" + guid + ", \"" + name
                                    + "\") before deploy)");
        }
        if (arguments.has(SIZE)) {
            long size = source.size();
            return size + " bytes" + (size >= 1024 ? " (" + humanSize(size) + ")" : "");
        }
        if (arguments.has(PLOT)) {
            return plot(rm, name, source);
        }
        if (arguments.has(TABLE) || csv.isPresent()) {
            return table(rm, name, source, arguments.has(TABLE), csv.orElse(null), context);
        }
        String text;
        if (headLines > 0) {
            text = TraceWindow.head(source, headLines);
        } else if (tailLines > 0) {
            text = TraceWindow.tail(source, tailLines);
        } else {
            long size = source.size();
            if (size <= WHOLE_LIMIT) {
                text = new String(source.read(0, (int) size), StandardCharsets.UTF_8);
            } else {
                context.out()
                        .println("[trace '" + name + "' of " + rm + " is " + humanSize(size) + "; its last "
                                + DEFAULT_TAIL + " lines follow (--head N, --tail N, --path)]");
                text = TraceWindow.tail(source, DEFAULT_TAIL);
            }
        }
        context.out().print(text);
        context.out().flush();
        return null;
    }

    private static MimeBundle plot(ResourceManager rm, String name, TraceSource source) throws Exception {
        Parsed parsed = parse(rm, name, source);
        return TraceChart.plot(parsed.title(), parsed.trace())
                .orElseThrow(() -> SPEC.error("nothing to plot in trace '" + name + "' of " + rm + ": its "
                        + parsed.trace().format().id() + " table has no rows to draw"));
    }

    private static Object table(
            ResourceManager rm, String name, TraceSource source, boolean show, Path csv, MagicContext context)
            throws Exception {
        Parsed parsed = parse(rm, name, source);
        TraceTable table = parsed.trace().table();
        if (csv != null) {
            try {
                table.writeCsv(csv);
            } catch (IOException e) {
                throw SPEC.error("cannot write " + csv.toAbsolutePath() + ": " + describe(e));
            }
            String written =
                    "wrote " + table.size() + " " + parsed.trace().format().id() + " rows of trace '" + name + "' of "
                            + rm + " to " + csv.toAbsolutePath();
            if (!show) {
                return written;
            }
            context.out().println(written);
            context.out().flush();
        }
        return TraceTableView.of(parsed.title(), table);
    }

    /** A trace parsed for a table or a plot, and the title to show it with. */
    private record Parsed(ParsedTrace trace, String title) {}

    /**
     * The end of the trace (at most {@link #PLOT_LIMIT} bytes), parsed in the format its RM type fixes or its
     * content shows.
     */
    private static Parsed parse(ResourceManager rm, String name, TraceSource source) throws Exception {
        long size = source.size();
        long from = Math.max(0, size - PLOT_LIMIT);
        String text = new String(source.read(from, (int) (size - from)), StandardCharsets.UTF_8);
        if (from > 0) {
            // Started inside a line: drop its end, which would parse as a broken row.
            text = text.substring(text.indexOf('\n') + 1);
        }
        String title = name + " of #" + rm.getGuid() + " " + rm.getRtype()
                + (from > 0 ? " (last " + humanSize(PLOT_LIMIT) + ")" : "");
        Optional<ParsedTrace> parsed;
        try {
            parsed = TraceTables.parse(text, rm.getRtype(), name);
        } catch (IllegalArgumentException e) {
            throw SPEC.error("trace '" + name + "' of " + rm + ": " + e.getMessage());
        }
        if (parsed.isEmpty()) {
            throw SPEC.error("trace '" + name + "' of " + rm + " is in no known format"
                    + (size == 0 ? " (it is empty)" : "") + "; the known formats: " + TraceFormat.known());
        }
        return new Parsed(parsed.get(), title);
    }

    private static String describe(IOException e) {
        String what = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? what : what + " " + e.getMessage();
    }

    static String humanSize(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
