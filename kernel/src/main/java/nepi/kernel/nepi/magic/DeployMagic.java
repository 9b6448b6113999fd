package nepi.kernel.nepi.magic;

import java.util.List;
import nepi.core.EcState;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;
import nepi.kernel.magic.DescribedMagic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSyntax;
import nepi.kernel.magic.MagicUsageException;
import nepi.kernel.nepi.EcVariable;

/**
 * {@code %deploy [guids]}: deploys the given RMs (every NEW RM when none is given) and waits until they are
 * deployed, showing their table as it changes. Interrupting stops the wait, not the deployment.
 */
public final class DeployMagic implements DescribedMagic {

    private static final MagicSyntax SYNTAX = MagicSyntax.of("deploy", "%deploy [guids]",
            "deploy the given RMs (every NEW one when none is given) and show their states live until deployed");

    private final EcVariable ecVariable;

    /** @param ecVariable the session's {@code ec} variable */
    public DeployMagic(EcVariable ecVariable) {
        this.ecVariable = ecVariable;
    }

    @Override
    public MagicSyntax syntax() {
        return SYNTAX;
    }

    @Override
    public Object run(String args, MagicContext context) throws Exception {
        MagicArguments arguments = MagicArguments.parse(args, SYNTAX);
        ExperimentController ec = ecVariable.current();
        if (ec.getEcState() != EcState.RUNNING || ec.isAborted()) {
            throw new MagicUsageException("%deploy: experiment " + ec.getExpId() + " is " + (ec.isAborted()
                    ? "aborted (" + ec.getFailureLevel() + ")" : ec.getEcState()) + "; %new starts a new one");
        }
        List<Integer> guids = arguments.positional().isEmpty() ? undeployed(ec)
                : GuidArguments.resolve(arguments.positional(), context, ec, SYNTAX);
        if (guids.isEmpty()) {
            return "nothing to deploy: no RM is NEW (" + ec.getResources().size() + " RMs; %state shows them)";
        }
        return ProgressWait.run(ec, guids, ResourceState.READY, null, "deploying", "deployed", () -> ec.deploy(guids));
    }

    /** The RMs {@code ec.deploy()} would take: NEW and in no deployment group yet. */
    static List<Integer> undeployed(ExperimentController ec) {
        return ec.getResources().stream().map(ec::findResource).flatMap(java.util.Optional::stream)
                .filter(rm -> rm.getState() == ResourceState.NEW && rm.getDeploymentGroup() == 0)
                .map(ResourceManager::getGuid).toList();
    }
}
