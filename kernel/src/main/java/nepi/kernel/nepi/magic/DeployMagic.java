package nepi.kernel.nepi.magic;

import java.util.List;
import nepi.core.EcState;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.nepi.EcVariable;

/**
 * {@code %deploy [guids]}: deploys the given RMs (every NEW RM when none is given) and waits until they are
 * deployed, showing their table as it changes. Interrupting stops the wait, not the deployment.
 *
 * @param ecVariable the session's {@code ec} variable
 */
public record DeployMagic(EcVariable ecVariable) implements Magic {

    static final MagicSpec SPEC = MagicSpec.named("deploy")
            .help("deploy the given RMs (every NEW one when none is given) and show their states live until deployed")
            .argument(GuidArguments.GUIDS)
            .build();

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    @Override
    public Object run(MagicArguments arguments, MagicContext context) throws Exception {
        ExperimentController ec = ecVariable.current();
        if (ec.getEcState() != EcState.RUNNING) {
            throw SPEC.error("experiment " + ec.getExpId() + " is " + ec.getEcState() + "; %new starts a new one");
        }
        if (ec.isAborted()) {
            throw SPEC.error("experiment " + ec.getExpId() + " is aborted: "
                    + ec.getAbortCause().orElse("shutting down")
                    + "; %recover goes on with it (failed RMs stay FAILED), %new starts a new one");
        }
        List<String> words = arguments.all(GuidArguments.GUIDS);
        List<Integer> guids = words.isEmpty() ? undeployed(ec) : GuidArguments.resolve(words, context, ec, SPEC);
        if (guids.isEmpty()) {
            return "nothing to deploy: no RM is NEW (" + ec.getResources().size() + " RMs; %state shows them)";
        }
        return ProgressWait.run(ec, guids, ResourceState.READY, null, "deploying", "deployed", () -> ec.deploy(guids));
    }

    /** The RMs {@code ec.deploy()} would take: NEW and in no deployment group yet. */
    static List<Integer> undeployed(ExperimentController ec) {
        return ec.getResources().stream()
                .map(ec::findResource)
                .flatMap(java.util.Optional::stream)
                .filter(rm -> rm.getState() == ResourceState.NEW && rm.getDeploymentGroup() == 0)
                .map(ResourceManager::getGuid)
                .toList();
    }
}
