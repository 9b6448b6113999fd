package nepi.kernel.nepi.magic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import nepi.kernel.display.ChartFormat;
import nepi.kernel.display.MimeBundle;
import nepi.kernel.magic.MagicOption;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.magic.MagicUsageException;
import nepi.kernel.magic.ValueKind;

/**
 * The {@code --save FILE} option every chart-drawing magic has ({@code %graph}, {@code %timeline},
 * {@code %trace --plot}), and the one way it writes the file: the format comes from the file name's extension, an
 * extension the magic cannot write is refused before anything is drawn, and the chart is still shown.
 */
final class ChartSaving {

    /** Makes the bytes of the chart in one format. */
    @FunctionalInterface
    interface Exporter {
        byte[] export() throws Exception;
    }

    private ChartSaving() {}

    /** The {@code --save} option of a magic that writes {@code formats}. */
    static MagicOption<Path> option(ChartFormat... formats) {
        String list = ChartFormat.list(Set.of(formats).stream().sorted().toList());
        return MagicOption.valued(
                "--save",
                ValueKind.PATH.describedAs("FILE", "a file name ending in " + list),
                "also write the chart to FILE, as " + list + " by its name");
    }

    /**
     * The format to write {@code file} in.
     *
     * @throws MagicUsageException naming the accepted extensions when {@code file}'s is not one of them
     */
    static ChartFormat format(MagicSpec spec, Path file, Set<ChartFormat> accepted) throws MagicUsageException {
        return ChartFormat.of(file)
                .filter(accepted::contains)
                .orElseThrow(() -> spec.usageError("--save cannot write '" + file.getFileName()
                        + "': its name must end in " + ChartFormat.list(EnumSet.copyOf(accepted))));
    }

    /**
     * Writes {@code file} in the format of its name, made by {@code exporters}.
     *
     * @return the line that tells the user where it went
     * @throws MagicUsageException for an extension not among {@code exporters}' or a directory that does not exist
     */
    static String save(MagicSpec spec, Path file, Map<ChartFormat, Exporter> exporters) throws Exception {
        ChartFormat format = format(spec, file, exporters.keySet());
        Path target = file.toAbsolutePath();
        Path parent = target.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw spec.error("cannot save " + target + ": directory " + parent + " does not exist");
        }
        byte[] bytes = exporters.get(format).export();
        try {
            Files.write(target, bytes);
        } catch (IOException e) {
            throw spec.error("cannot write " + target + ": " + e.getMessage());
        }
        return "saved " + format + " to " + target + " (" + TraceMagic.humanSize(bytes.length) + ")";
    }

    /** The SVG and PNG of a chart's bundle (as {@link nepi.kernel.display.ChartImage#bundle} makes it). */
    static Map<ChartFormat, Exporter> ofBundle(MimeBundle chart) {
        Map<ChartFormat, Exporter> exporters = new LinkedHashMap<>();
        Object svg = chart.data().get("image/svg+xml");
        if (svg instanceof String text) {
            exporters.put(ChartFormat.SVG, () -> text.getBytes(StandardCharsets.UTF_8));
        }
        Object png = chart.data().get("image/png");
        if (png instanceof String base64) {
            exporters.put(ChartFormat.PNG, () -> Base64.getDecoder().decode(base64));
        }
        return exporters;
    }
}
