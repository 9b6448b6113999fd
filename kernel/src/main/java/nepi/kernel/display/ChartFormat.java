package nepi.kernel.display;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The file formats a chart or graph can be saved as, known by their file name's extension. */
public enum ChartFormat {
    /** Scalable vector graphics, as shown in the notebook. */
    SVG,
    /** A bitmap. */
    PNG,
    /** Graphviz's text description of a graph. */
    DOT;

    /** The extension with its dot, e.g. {@code .svg}. */
    public String extension() {
        return "." + name().toLowerCase(Locale.ROOT);
    }

    /** The format {@code file}'s name ends with (any case), if it is one of these. */
    public static Optional<ChartFormat> of(Path file) {
        Path name = file.getFileName();
        String text = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(format -> text.endsWith(format.extension())
                        && text.length() > format.extension().length())
                .findFirst();
    }

    /** {@code .svg, .png or .dot}: the extensions of {@code formats}, for messages. */
    public static String list(Collection<ChartFormat> formats) {
        var extensions = formats.stream().map(ChartFormat::extension).toList();
        if (extensions.size() <= 1) {
            return String.join("", extensions);
        }
        return extensions.subList(0, extensions.size() - 1).stream().collect(Collectors.joining(", ")) + " or "
                + extensions.get(extensions.size() - 1);
    }
}
