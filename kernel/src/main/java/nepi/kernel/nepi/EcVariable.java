package nepi.kernel.nepi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nepi.core.ExperimentController;
import nepi.kernel.magic.MagicUsageException;
import nepi.kernel.session.Session;

/**
 * The session's {@code ec} variable as the NEPI magics, completion and inspection see it. It is read from JShell each
 * time, so a cell that assigned another controller to {@code ec} is followed; {@code %new} and {@code %load} put a new
 * controller in it through {@link #replace}, and the kernel releases the controller it put there last when the
 * session ends.
 */
public final class EcVariable {

    private static final String NAME = "ec";

    private final Session session;
    private volatile ExperimentController owned;

    EcVariable(Session session) {
        this.session = session;
    }

    /** Declares {@code ec} holding {@code initial}. Runs on the cell thread. */
    void define(ExperimentController initial) {
        owned = initial;
        session.setVariable(NAME, ExperimentController.class, initial);
    }

    /**
     * The controller {@code ec} holds now.
     *
     * @throws MagicUsageException when {@code ec} is gone or holds something else
     */
    public ExperimentController current() throws MagicUsageException {
        Optional<Object> value = session.valueOf(NAME);
        if (value.isEmpty()) {
            throw new MagicUsageException(
                    "there is no experiment in ec (the variable is gone or null);" + " %new puts a new one there");
        }
        if (value.get() instanceof ExperimentController ec) {
            return ec;
        }
        throw new MagicUsageException("ec holds a " + value.get().getClass().getSimpleName()
                + ", not an ExperimentController; %new puts a new experiment there");
    }

    /** The controller {@code ec} holds, or empty when it holds none (for completion and inspection). */
    public Optional<ExperimentController> find() {
        return session.valueOf(NAME)
                .filter(ExperimentController.class::isInstance)
                .map(ExperimentController.class::cast);
    }

    /**
     * Makes {@code ec} hold {@code next} (the kernel releases it when the session ends), then shuts the previous
     * controller down, releasing its RMs. Runs on the cell thread (magics do).
     *
     * @param what how to name {@code next} to the user, e.g. "new experiment exp-1"
     * @return what to tell the user
     */
    public String replace(ExperimentController next, String what) {
        ExperimentController previous = find().orElse(null);
        owned = next;
        session.setVariable(NAME, ExperimentController.class, next);
        if (previous == null || previous == next) {
            return "ec is now the " + what;
        }
        previous.shutdown();
        return "ec is now the " + what + " (" + next.getResources().size() + " RMs); the previous experiment, "
                + previous.getExpId() + ", was shut down";
    }

    /**
     * The names the session gave to resources of {@code controller}: its {@code int} variables whose value is a guid
     * of one of them. Two variables holding one guid are both kept.
     */
    public Map<String, Integer> resourceNames(ExperimentController controller) {
        Map<String, Integer> names = new LinkedHashMap<>();
        session.intVariables().forEach((name, guid) -> {
            if (controller.findResource(guid).isPresent()) {
                names.put(name, guid);
            }
        });
        return names;
    }

    /** Declares each name as an {@code int} variable holding its guid; returns the names bound. */
    public List<String> bind(Map<String, Integer> names) {
        names.forEach((name, guid) -> session.setVariable(name, int.class, guid));
        return List.copyOf(names.keySet());
    }

    /** The controller the kernel put in {@code ec} last: the one it releases when the session ends. */
    ExperimentController owned() {
        return owned;
    }
}
