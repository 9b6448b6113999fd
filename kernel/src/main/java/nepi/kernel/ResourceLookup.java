package nepi.kernel;

import java.util.Optional;
import nepi.core.resource.ResourceManager;

/** Finds the RM a piece of code names by its guid: an int literal or the name of an int variable of the session. */
@FunctionalInterface
interface ResourceLookup {

    /** The RM of the session's {@code ec} that {@code guidText} names, if any. */
    Optional<ResourceManager> resource(String guidText);
}
