package nepi.kernel.nepi.magic;

import java.util.List;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceState;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.nepi.EcVariable;

/**
 * {@code %recover}: lets an experiment aborted by a critical failure go on ({@link ExperimentController#recover()}),
 * so that the network built in earlier cells can still be used; says which RMs stay FAILED.
 *
 * @param ecVariable the session's {@code ec} variable
 */
public record RecoverMagic(EcVariable ecVariable) implements Magic {

    static final MagicSpec SPEC = MagicSpec.named("recover")
            .help("go on after a critical failure aborted the experiment: failed RMs stay FAILED, new deployments"
                    + " proceed")
            .build();

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    @Override
    public Object run(MagicArguments arguments, MagicContext context) throws Exception {
        ExperimentController ec = ecVariable.current();
        String cause = ec.getAbortCause().orElse(null);
        boolean recovered;
        try {
            recovered = ec.recover();
        } catch (IllegalStateException e) {
            throw SPEC.error(e.getMessage());
        }
        if (!recovered) {
            return "experiment " + ec.getExpId() + " is not aborted: nothing to recover";
        }
        List<String> failed = ec.getResources().stream()
                .map(ec::findResource)
                .flatMap(java.util.Optional::stream)
                .filter(rm -> rm.getState() == ResourceState.FAILED)
                .map(rm -> "#" + rm.getGuid() + " " + rm.getRtype())
                .toList();
        return "experiment " + ec.getExpId() + " goes on (it was aborted: " + cause + "); failure level "
                + ec.getFailureLevel() + ". Still FAILED: " + String.join(", ", failed)
                + " (%release them, or register replacements); %deploy deploys what is NEW.";
    }
}
