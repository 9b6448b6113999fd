package nepi.kernel.nepi.magic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import nepi.core.ExperimentController;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.magic.Positional;
import nepi.kernel.magic.ValueKind;
import nepi.kernel.nepi.EcVariable;

/**
 * {@code %load PATH}: reads an experiment description and puts its experiment in {@code ec}, ready to deploy; the
 * previous experiment is shut down, and the resources' names the file keeps ({@code %save} writes them) are bound again
 * as {@code int} variables. A file that cannot be loaded leaves {@code ec} as it was.
 *
 * @param ecVariable the session's {@code ec} variable
 */
public record LoadMagic(EcVariable ecVariable) implements Magic {

    static final Positional<Path> FILE =
            Positional.required("PATH", ValueKind.PATH, "an experiment description (JSON, as %save writes it)");
    static final MagicSpec SPEC = MagicSpec.named("load")
            .help("load an experiment description (written by %save) into ec, replacing (and shutting down) the"
                    + " current")
            .argument(FILE)
            .build();

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    @Override
    public Object run(MagicArguments arguments, MagicContext context) throws Exception {
        Path file = arguments.get(FILE);
        if (!Files.isRegularFile(file)) {
            throw SPEC.error(file.toAbsolutePath() + " is not a file");
        }
        ExperimentController next = ExperimentController.load(file);
        String replaced =
                ecVariable.replace(next, "experiment " + next.getExpId() + " loaded from " + file.toAbsolutePath());
        List<String> bound = ecVariable.bind(next.getSavedNames());
        return bound.isEmpty()
                ? replaced
                : replaced + "\nbound "
                        + bound.stream()
                                .map(name -> name + " = " + next.getSavedNames().get(name))
                                .collect(Collectors.joining(", "));
    }
}
