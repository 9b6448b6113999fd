package nepi.kernel.nepi.magic;

import java.nio.file.Path;
import java.util.Map;
import nepi.core.ExperimentController;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.magic.Positional;
import nepi.kernel.magic.ValueKind;
import nepi.kernel.nepi.EcVariable;

/**
 * {@code %save PATH}: writes the experiment description of {@code ec} to PATH as JSON, with the names the session
 * gave to its resources (its {@code int} variables holding their guids) so that {@code %load} binds them again.
 *
 * @param ecVariable the session's {@code ec} variable
 */
public record SaveMagic(EcVariable ecVariable) implements Magic {

    static final Positional<Path> FILE =
            Positional.required("PATH", ValueKind.PATH, "the file to write the description to");
    static final MagicSpec SPEC = MagicSpec.named("save")
            .help("save the experiment description of ec as JSON (%load reads it back)")
            .argument(FILE)
            .build();

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    @Override
    public Object run(MagicArguments arguments, MagicContext context) throws Exception {
        Path file = arguments.get(FILE);
        ExperimentController ec = ecVariable.current();
        Map<String, Integer> names = ecVariable.resourceNames(ec);
        ec.save(file, names);
        return "saved experiment " + ec.getExpId() + " (" + ec.getResources().size() + " RMs"
                + (names.isEmpty() ? "" : "; names " + String.join(", ", names.keySet())) + ") to "
                + file.toAbsolutePath();
    }
}
