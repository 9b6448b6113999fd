package nepi.kernel.magic;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The line magics ({@code %name}) and cell magics ({@code %%name}) of a session, by name. {@code %lsmagic},
 * {@code %time}, {@code %%time}, {@code %run}, {@code %%html} and {@code %%markdown} are built in; extensions
 * register theirs (the NEPI magics {@code %deploy}, {@code %wait}, ...). A line magic and a cell magic may share a
 * name ({@code %time} and {@code %%time}).
 */
public final class MagicRegistry {

    private final Map<String, RegisteredMagic> magics = new ConcurrentSkipListMap<>();
    private final Map<String, RegisteredCellMagic> cellMagics = new ConcurrentSkipListMap<>();

    /** A registry holding the built-in magics. */
    public static MagicRegistry withBuiltins() {
        MagicRegistry registry = new MagicRegistry();
        registry.register(new LsmagicMagic());
        registry.register(TimeMagic.SPEC, new TimeMagic());
        registry.register(new TimeCellMagic());
        registry.register(new RunMagic());
        registry.register(RenderCellMagic.HTML);
        registry.register(RenderCellMagic.MARKDOWN);
        return registry;
    }

    /**
     * Registers (or replaces) a line magic; its lines are parsed and checked against its spec before it runs, unless
     * it is also a {@link LineMagic}: then it gets its line as typed (e.g. {@code %exec}, whose command is shell text).
     */
    public void register(Magic magic) {
        MagicSpec spec = magic.spec();
        if (magic instanceof LineMagic raw) {
            register(spec, raw);
            return;
        }
        register(spec, (args, context) -> magic.run(spec.parse(args), context));
    }

    /** Registers (or replaces) a line magic that parses its line itself; {@code spec} documents it. */
    public void register(MagicSpec spec, LineMagic magic) {
        if (spec.kind() != MagicKind.LINE) {
            throw new IllegalArgumentException(
                    spec.call() + " is declared as a cell magic (MagicSpec.cell): register it as a CellMagic");
        }
        magics.put(spec.name(), new RegisteredMagic(spec, magic));
    }

    /**
     * Registers (or replaces) a cell magic; the arguments on its first line are parsed and checked against its spec
     * before it runs with the rest of the cell.
     */
    public void register(CellMagic magic) {
        MagicSpec spec = magic.spec();
        if (spec.kind() != MagicKind.CELL) {
            throw new IllegalArgumentException(
                    spec.call() + " is declared as a line magic (MagicSpec.named): declare it with MagicSpec.cell");
        }
        cellMagics.put(spec.name(), new RegisteredCellMagic(spec, magic));
    }

    /** The cell magic {@code %%name}, if registered. */
    public Optional<RegisteredCellMagic> findCell(String name) {
        return Optional.ofNullable(cellMagics.get(name));
    }

    /** Registered cell magics, sorted by name. */
    public Collection<RegisteredCellMagic> allCell() {
        return cellMagics.values();
    }

    /**
     * What to tell a user whose cell starts with {@code %%name} when no cell magic has that name: the line magic
     * of that name if there is one, else the closest names, and the cell magics there are.
     */
    public String unknownCell(String name) {
        String known = cellMagics.isEmpty()
                ? "there are no cell magics"
                : "the cell magics are "
                        + cellMagics.keySet().stream().map(n -> "%%" + n).collect(Collectors.joining(", "));
        if (name.isEmpty()) {
            return "%% needs a cell magic's name; " + known;
        }
        if (magics.containsKey(name)) {
            return "%" + name + " is a line magic: write %" + name + " (one %), or use a cell magic; " + known;
        }
        return "unknown cell magic %%" + name + ";" + didYouMean(name, cellMagics.keySet()) + " " + known;
    }

    public Optional<RegisteredMagic> find(String name) {
        return Optional.ofNullable(magics.get(name));
    }

    /** Registered line magics, sorted by name. */
    public Collection<RegisteredMagic> all() {
        return magics.values();
    }

    /** What to tell a user who typed {@code %name} when no magic has that name: the closest names, if any. */
    public String unknown(String name) {
        return "unknown magic %" + name + ";" + didYouMean(name, magics.keySet()) + " %lsmagic lists the magics";
    }

    /** " Did you mean: a, b?": up to three names a few edits from {@code typed} or containing it, closest first. */
    private static String didYouMean(String typed, Collection<String> names) {
        String wanted = typed.toLowerCase(Locale.ROOT);
        int tolerance = Math.max(2, wanted.length() / 3);
        Map<String, Integer> distances = new HashMap<>();
        for (String name : names) {
            String candidate = name.toLowerCase(Locale.ROOT);
            int distance = !wanted.isEmpty() && candidate.contains(wanted)
                    ? 1
                    : LevenshteinDistance.getDefaultInstance().apply(wanted, candidate);
            if (distance <= tolerance) {
                distances.put(name, distance);
            }
        }
        List<String> close = distances.keySet().stream()
                .sorted(Comparator.<String, Integer>comparing(distances::get)
                        .thenComparing(Comparator.<String>naturalOrder()))
                .limit(3)
                .toList();
        return close.isEmpty() ? "" : " Did you mean: " + String.join(", ", close) + "?";
    }
}
