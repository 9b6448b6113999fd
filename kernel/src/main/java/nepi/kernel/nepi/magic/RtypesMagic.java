package nepi.kernel.nepi.magic;

import java.util.List;
import java.util.Locale;
import nepi.core.resource.ResourceFactory;
import nepi.core.resource.ResourceTypeInfo;
import nepi.kernel.magic.DescribedMagic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSyntax;
import nepi.kernel.nepi.display.TypeHelp;

/** {@code %rtypes [filter]}: the resource types that can be registered, those matching the filter when given. */
public final class RtypesMagic implements DescribedMagic {

    private static final MagicSyntax SYNTAX = MagicSyntax.of("rtypes", "%rtypes [filter]",
            "list the resource types (name, aliases, platform, help), those containing the filter when given");

    @Override
    public MagicSyntax syntax() {
        return SYNTAX;
    }

    @Override
    public Object run(String args, MagicContext context) throws Exception {
        MagicArguments arguments = MagicArguments.parse(args, SYNTAX);
        if (arguments.positional().size() > 1) {
            throw SYNTAX.usageError("give at most one filter");
        }
        String filter = arguments.positional().isEmpty() ? "" : arguments.positional().get(0);
        List<ResourceTypeInfo> types = matching(ResourceFactory.types(), filter);
        if (types.isEmpty()) {
            return "no resource type matches '" + filter + "'; %rtypes lists them all";
        }
        return TypeHelp.typeList(types.size() + " resource types" + (filter.isEmpty() ? "" : " matching '"
                + filter + "'"), types);
    }

    /** The types whose name, an alias, platform or help contains {@code filter}, ignoring case. */
    static List<ResourceTypeInfo> matching(List<ResourceTypeInfo> types, String filter) {
        String wanted = filter.toLowerCase(Locale.ROOT);
        return types.stream().filter(t -> wanted.isEmpty()
                || t.getName().toLowerCase(Locale.ROOT).contains(wanted)
                || t.getPlatform().toLowerCase(Locale.ROOT).contains(wanted)
                || t.getHelp().toLowerCase(Locale.ROOT).contains(wanted)
                || t.getAliases().stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).contains(wanted))).toList();
    }
}
