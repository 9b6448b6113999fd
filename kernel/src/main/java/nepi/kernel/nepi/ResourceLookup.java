package nepi.kernel.nepi;

import java.util.Optional;
import nepi.core.resource.ResourceManager;
import nepi.kernel.nepi.magic.GuidArguments;
import nepi.kernel.session.Session;

/**
 * Finds the RM a piece of code names by its guid (an int literal or the name of an int variable of the session) in
 * the experiment {@code ec} holds, for completion and inspection.
 */
final class ResourceLookup {

    private final Session session;
    private final EcVariable ec;

    ResourceLookup(Session session, EcVariable ec) {
        this.session = session;
        this.ec = ec;
    }

    /** The RM of the session's {@code ec} that {@code guidText} names, if any. */
    Optional<ResourceManager> resource(String guidText) {
        return GuidArguments.find(guidText, session::valueOf)
                .flatMap(guid -> ec.find().flatMap(controller -> controller.findResource(guid)));
    }
}
