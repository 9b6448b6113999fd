package nepi.kernel.nepi.magic;

import java.util.List;
import java.util.Locale;
import nepi.core.resource.ResourceFactory;
import nepi.core.resource.ResourceTypeInfo;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.magic.Positional;
import nepi.kernel.magic.ValueKind;
import nepi.kernel.nepi.display.TypeHelp;

/** {@code %rtypes [filter]}: the resource types that can be registered, those matching the filter when given. */
public final class RtypesMagic implements Magic {

    static final Positional<String> FILTER = Positional.optional(
            "filter", ValueKind.TEXT, "text to find in a type's name, aliases, platform or help (any case)");
    static final MagicSpec SPEC = MagicSpec.named("rtypes")
            .help("list the resource types (name, aliases, platform, help), those containing the filter when given")
            .argument(FILTER)
            .build();

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    @Override
    public Object run(MagicArguments arguments, MagicContext context) {
        String filter = arguments.find(FILTER).orElse("");
        List<ResourceTypeInfo> types = matching(ResourceFactory.types(), filter);
        if (types.isEmpty()) {
            return "no resource type matches '" + filter + "'; %rtypes lists them all";
        }
        return TypeHelp.typeList(
                types.size() + " resource types" + (filter.isEmpty() ? "" : " matching '" + filter + "'"), types);
    }

    /** The types whose name, an alias, platform or help contains {@code filter}, ignoring case. */
    static List<ResourceTypeInfo> matching(List<ResourceTypeInfo> types, String filter) {
        String wanted = filter.toLowerCase(Locale.ROOT);
        return types.stream()
                .filter(t -> wanted.isEmpty()
                        || t.getName().toLowerCase(Locale.ROOT).contains(wanted)
                        || t.getPlatform().toLowerCase(Locale.ROOT).contains(wanted)
                        || t.getHelp().toLowerCase(Locale.ROOT).contains(wanted)
                        || t.getAliases().stream()
                                .anyMatch(a -> a.toLowerCase(Locale.ROOT).contains(wanted)))
                .toList();
    }
}
