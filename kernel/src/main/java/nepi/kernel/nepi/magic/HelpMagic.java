package nepi.kernel.nepi.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceFactory;
import nepi.core.resource.ResourceTypeInfo;
import nepi.core.resource.Suggestions;
import nepi.kernel.magic.DescribedMagic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicRegistry;
import nepi.kernel.magic.MagicSyntax;
import nepi.kernel.magic.MagicUsageException;
import nepi.kernel.magic.RegisteredMagic;
import nepi.kernel.nepi.EcVariable;
import nepi.kernel.nepi.display.TypeHelp;

/**
 * {@code %help TYPE|GUID|%MAGIC}: the attributes and traces of a resource type; for a guid (or an int variable),
 * those of its RM with their current values; for a magic, its usage.
 */
public final class HelpMagic implements DescribedMagic {

    private static final MagicSyntax SYNTAX = MagicSyntax.of("help", "%help TYPE|GUID|%MAGIC",
            "attributes (types, defaults, flags) and traces of a resource type, or of an RM with its values");

    private final EcVariable ecVariable;

    /** @param ecVariable the session's {@code ec} variable */
    public HelpMagic(EcVariable ecVariable) {
        this.ecVariable = ecVariable;
    }

    @Override
    public MagicSyntax syntax() {
        return SYNTAX;
    }

    @Override
    public Object run(String args, MagicContext context) throws Exception {
        MagicArguments arguments = MagicArguments.parse(args, SYNTAX);
        if (arguments.positional().size() != 1) {
            throw SYNTAX.usageError(arguments.positional().isEmpty() ? "name a type (%rtypes lists them)"
                    : "name one type");
        }
        String word = arguments.positional().get(0);
        if (word.startsWith("%")) {
            return context.magics().find(word.substring(1)).map(m -> m.usage() + "\n" + m.help())
                    .orElseThrow(() -> new MagicUsageException("%help: unknown magic " + word + "."
                            + Suggestions.didYouMean(word.substring(1), names(context.magics()))));
        }
        Optional<ResourceTypeInfo> type = ResourceFactory.findType(word);
        if (type.isPresent()) {
            return TypeHelp.of(type.get());
        }
        if (word.matches("\\d+") || word.matches("[A-Za-z_$][A-Za-z0-9_$]*") && context.valueOf(word).isPresent()) {
            ExperimentController ec = ecVariable.current();
            int guid = GuidArguments.resolve(List.of(word), context, ec, SYNTAX).get(0);
            return TypeHelp.of(ec.getResource(guid));
        }
        List<String> names = new ArrayList<>();
        ResourceFactory.types().forEach(t -> {
            names.add(t.getName());
            names.addAll(t.getAliases());
        });
        throw new MagicUsageException("%help: unknown resource type '" + word + "'."
                + Suggestions.didYouMean(word, names) + " %rtypes lists the types.");
    }

    private static List<String> names(MagicRegistry registry) {
        return registry.all().stream().map(RegisteredMagic::name).toList();
    }
}
