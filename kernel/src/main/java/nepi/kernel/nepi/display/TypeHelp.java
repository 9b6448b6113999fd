package nepi.kernel.nepi.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import nepi.core.resource.Attribute;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceTypeInfo;
import nepi.core.resource.Trace;
import nepi.kernel.display.HtmlEscape;
import nepi.kernel.display.MimeBundle;
import nepi.kernel.display.Table;

/**
 * The help of a resource type ({@code %help TYPE}, inspection of a type name): its description, aliases, attributes
 * with types, defaults, accepted values and flags, and traces. For one RM ({@code %help GUID}, inspection of a
 * guid), also its state and the current value of each attribute and whether each trace is collected.
 */
public final class TypeHelp {

    private TypeHelp() {}

    /** The help of a type. */
    public static MimeBundle of(ResourceTypeInfo type) {
        return render(type, null);
    }

    /** The help of an RM's type with the RM's current values. */
    public static MimeBundle of(ResourceManager rm) {
        return render(rm.getType(), rm);
    }

    /** The attribute table of a type (with an RM's values when {@code rm} is given). */
    public static Table attributes(ResourceTypeInfo type, ResourceManager rm) {
        return attributeTable(type.getAttributes(), rm);
    }

    /** A table of attribute declarations (with an RM's values when {@code rm} is given). */
    public static Table attributeTable(List<Attribute<?>> declared, ResourceManager rm) {
        List<String> header = new ArrayList<>(List.of("attribute", "type", "default", "accepted", "flags"));
        if (rm != null) {
            header.add("value");
        }
        header.add("help");
        List<List<String>> rows = new ArrayList<>();
        for (Attribute<?> attribute : declared) {
            if (attribute.hasFlag(Attribute.Flag.RESERVED)) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(
                    attribute.getName(),
                    attribute.getType().name().toLowerCase(Locale.ROOT),
                    attribute.display(attribute.getDefault()),
                    attribute.describeAccepted(),
                    attribute.getFlags().stream()
                            .map(f -> f.name().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(" "))));
            if (rm != null) {
                row.add(valueOf(rm, attribute));
            }
            row.add(attribute.getHelp());
            rows.add(row);
        }
        return new Table("attributes", header, rows, "");
    }

    /** The trace table of a type (with whether an RM collects each one when {@code rm} is given). */
    public static Table traces(ResourceTypeInfo type, ResourceManager rm) {
        List<String> header = List.of("trace", "collected", "help");
        List<List<String>> rows = new ArrayList<>();
        for (Trace trace : type.getTraces()) {
            String collected = rm != null
                    ? (rm.traceEnabled(trace.name()) ? "yes" : "no (enableTrace to collect)")
                    : trace.enabledByDefault() ? "by default" : "when enabled";
            rows.add(List.of(trace.name(), collected, trace.help()));
        }
        return new Table("traces", header, rows, "");
    }

    /** The table of resource types of {@code %rtypes}: name, aliases, platform, help. */
    public static Table typeList(String caption, List<ResourceTypeInfo> types) {
        List<List<String>> rows = new ArrayList<>();
        for (ResourceTypeInfo type : types) {
            rows.add(List.of(type.getName(), String.join(", ", type.getAliases()), type.getPlatform(), type.getHelp()));
        }
        return new Table(caption, List.of("type", "aliases", "platform", "help"), rows, "");
    }

    private static MimeBundle render(ResourceTypeInfo type, ResourceManager rm) {
        String heading =
                rm == null ? type.getName() : "#" + rm.getGuid() + " " + type.getName() + " (" + rm.getState() + ")";
        String about = type.getHelp()
                + (type.getAliases().isEmpty() ? "" : " Aliases: " + String.join(", ", type.getAliases()) + ".");
        String failure =
                rm == null ? "" : rm.getFailureReason().map(r -> "Failed: " + r).orElse("");
        Table attributes = attributes(type, rm);
        Table traces = traces(type, rm);
        StringBuilder plain = new StringBuilder(heading).append('\n');
        if (!about.isBlank()) {
            plain.append(about.strip()).append('\n');
        }
        if (!failure.isEmpty()) {
            plain.append(failure).append('\n');
        }
        plain.append('\n')
                .append(attributes.plain())
                .append("\n\n")
                .append(traces.rows().isEmpty() ? "no traces" : traces.plain());
        StringBuilder html = new StringBuilder("<div class=\"nepi-type-help\"><h4>")
                .append(HtmlEscape.escape(heading))
                .append("</h4>");
        if (!about.isBlank()) {
            html.append("<p>").append(HtmlEscape.escape(about.strip())).append("</p>");
        }
        if (!failure.isEmpty()) {
            html.append("<p style=\"color:#c62828\">")
                    .append(HtmlEscape.escape(failure))
                    .append("</p>");
        }
        html.append(attributes.html())
                .append(traces.rows().isEmpty() ? "<p>no traces</p>" : traces.html())
                .append("</div>");
        return MimeBundle.html(plain.toString(), html.toString());
    }

    private static String valueOf(ResourceManager rm, Attribute<?> attribute) {
        if (attribute.hasFlag(Attribute.Flag.NO_READ)) {
            return "(not readable)";
        }
        try {
            return attribute.display(rm.get(attribute));
        } catch (RuntimeException e) {
            return "(" + e.getMessage() + ")";
        }
    }
}
