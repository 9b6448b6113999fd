package nepi.kernel.nepi.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceFactory;
import nepi.core.resource.ResourceTypeInfo;
import nepi.core.resource.Suggestions;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.magic.Positional;
import nepi.kernel.magic.RegisteredCellMagic;
import nepi.kernel.magic.RegisteredMagic;
import nepi.kernel.magic.ValueKind;
import nepi.kernel.nepi.EcVariable;
import nepi.kernel.nepi.display.TypeHelp;

/**
 * {@code %help TYPE|GUID|%MAGIC}: the attributes and traces of a resource type; for a guid (or an int variable),
 * those of its RM with their current values; for a magic, its usage, arguments and options.
 *
 * @param ecVariable the session's {@code ec} variable
 */
public record HelpMagic(EcVariable ecVariable) implements Magic {

    static final Positional<String> TOPIC = Positional.required(
            "TYPE|GUID|%MAGIC",
            ValueKind.TEXT,
            "a resource type (%rtypes lists them), an RM (guid or int variable), a magic or a cell magic (%%NAME)");
    static final MagicSpec SPEC = MagicSpec.named("help")
            .help("attributes (types, defaults, flags) and traces of a resource type, or of an RM with its values;"
                    + " usage of a magic")
            .argument(TOPIC)
            .build();

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    @Override
    public Object run(MagicArguments arguments, MagicContext context) throws Exception {
        String word = arguments.get(TOPIC);
        if (word.startsWith("%%")) {
            List<String> names = context.magics().allCell().stream()
                    .map(RegisteredCellMagic::name)
                    .toList();
            return context.magics()
                    .findCell(word.substring(2))
                    .map(RegisteredCellMagic::description)
                    .orElseThrow(() -> SPEC.error("unknown cell magic " + word + "."
                            + Suggestions.didYouMean(word.substring(2), names) + " %lsmagic lists the magics."));
        }
        if (word.startsWith("%")) {
            List<String> names =
                    context.magics().all().stream().map(RegisteredMagic::name).toList();
            return context.magics()
                    .find(word.substring(1))
                    .map(RegisteredMagic::description)
                    .orElseThrow(() -> SPEC.error(
                            "unknown magic " + word + "." + Suggestions.didYouMean(word.substring(1), names)));
        }
        Optional<ResourceTypeInfo> type = ResourceFactory.findType(word);
        if (type.isPresent()) {
            return TypeHelp.of(type.get());
        }
        if (GuidArguments.isGuidWord(word, context::valueOf)) {
            ExperimentController ec = ecVariable.current();
            int guid = GuidArguments.resolve(List.of(word), context, ec, SPEC).get(0);
            return TypeHelp.of(ec.getResource(guid));
        }
        List<String> names = new ArrayList<>();
        ResourceFactory.types().forEach(t -> {
            names.add(t.getName());
            names.addAll(t.getAliases());
        });
        throw SPEC.error("unknown resource type '" + word + "'." + Suggestions.didYouMean(word, names)
                + " %rtypes lists the types.");
    }
}
