package nepi.kernel;

import java.util.Optional;
import java.util.regex.Pattern;
import nepi.core.resource.ResourceManager;

/** Looks guids up in the session: literals directly, identifiers as int variables, RMs in the current {@code ec}. */
final class SessionLookup implements ResourceLookup {

    private static final Pattern NUMBER = Pattern.compile("\\d{1,9}");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private final Session session;
    private final SessionExperiment experiment;

    SessionLookup(Session session, SessionExperiment experiment) {
        this.session = session;
        this.experiment = experiment;
    }

    @Override
    public Optional<ResourceManager> resource(String guidText) {
        Integer guid = null;
        if (NUMBER.matcher(guidText).matches()) {
            guid = Integer.parseInt(guidText);
        } else if (IDENTIFIER.matcher(guidText).matches()) {
            // Only a bare name is evaluated: completion must never run code with side effects.
            guid = session.valueOf(guidText).filter(Integer.class::isInstance).map(Integer.class::cast).orElse(null);
        }
        if (guid == null) {
            return Optional.empty();
        }
        int wanted = guid;
        return experiment.find().flatMap(ec -> ec.findResource(wanted));
    }
}
