package nepi.kernel.nepi.magic;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.TraceSource;
import nepi.kernel.display.ChartFormat;
import nepi.kernel.display.MimeBundle;
import nepi.kernel.display.TraceChart;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicOption;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.magic.Positional;
import nepi.kernel.magic.ValueKind;
import nepi.kernel.nepi.EcVariable;

/**
 * {@code %trace GUID NAME [--tail N|--head N|--size|--path|--plot]}: shows a trace of an RM, its first or last
 * lines, its size or path, or a plot of it. Reads through the RM's {@link TraceSource}, so the tail of a huge trace
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
    /** The most bytes plotted: the end of a bigger trace. */
    static final int PLOT_LIMIT = 32 << 20;

    private static final ValueKind<Integer> LINES =
            ValueKind.POSITIVE_INT.describedAs("N", "a number of lines above 0");
    static final Positional<String> TRACE =
            Positional.required("NAME", ValueKind.TEXT, "the trace's name (%help GUID lists the RM's traces)");
    static final MagicOption<Integer> TAIL = MagicOption.valued("--tail", LINES, "the last N lines");
    static final MagicOption<Integer> HEAD = MagicOption.valued("--head", LINES, "the first N lines");
    static final MagicOption<Boolean> SIZE = MagicOption.flag("--size", "its size in bytes");
    static final MagicOption<Boolean> PATH = MagicOption.flag("--path", "the path of its file");
    static final MagicOption<Boolean> PLOT =
            MagicOption.flag("--plot", "a chart of its ping round-trip times or of its lines of numbers");
    static final MagicOption<java.nio.file.Path> SAVE = ChartSaving.option(ChartFormat.SVG, ChartFormat.PNG);
    static final MagicSpec SPEC = MagicSpec.named("trace")
            .help("show a trace of an RM, its first or last N lines, its size or path, or plot it (ping RTTs, numbers)")
            .argument(GuidArguments.GUID)
            .argument(TRACE)
            .oneOf(TAIL, HEAD, SIZE, PATH, PLOT)
            .option(SAVE)
            .build();

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    @Override
    public Object run(MagicArguments arguments, MagicContext context) throws Exception {
        java.nio.file.Path file = arguments.get(SAVE).orElse(null);
        if (file != null) {
            if (!arguments.has(PLOT)) {
                throw SPEC.usageError("--save writes the chart: give --plot with it");
            }
            ChartSaving.format(SPEC, file, java.util.EnumSet.of(ChartFormat.SVG, ChartFormat.PNG));
        }
        int headLines = arguments.get(HEAD).orElse(0);
        int tailLines = arguments.get(TAIL).orElse(0);
        ExperimentController ec = ecVariable.current();
        int guid = GuidArguments.resolve(List.of(arguments.get(GuidArguments.GUID)), context, ec, SPEC)
                .get(0);
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
            MimeBundle chart = plot(rm, name, source);
            if (file != null) {
                context.out().println(ChartSaving.save(SPEC, file, ChartSaving.ofBundle(chart)));
            }
            return chart;
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
        long size = source.size();
        long from = Math.max(0, size - PLOT_LIMIT);
        String text = new String(source.read(from, (int) (size - from)), StandardCharsets.UTF_8);
        if (from > 0) {
            // Started inside a line: drop its end, which would parse as a broken row.
            text = text.substring(text.indexOf('\n') + 1);
        }
        String title = name + " of #" + rm.getGuid() + " " + rm.getRtype()
                + (from > 0 ? " (last " + humanSize(PLOT_LIMIT) + ")" : "");
        return TraceChart.plot(title, text)
                .orElseThrow(() -> SPEC.error("nothing to plot in"
                        + " trace '" + name + "' of " + rm + ": it holds no ping replies and no lines of numbers"
                        + (size == 0 ? " (it is empty)" : "")));
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
