package nepi.core.resource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a resource manager sees of the experiment it belongs to: the other RMs, the task
 * scheduler, whether the experiment was aborted, the Global attribute values, the state
 * monitor, and the experiment's ids and directories. The experiment controller implements
 * it; an RM reaches it through {@link ResourceManager#getEc()}, as NEPI's {@code self.ec}:
 * <pre>{@code
 * @Override protected void doDeploy() throws Exception {
 *     if (getEc().getResource(node).getState().isBefore(READY)) {
 *         getEc().schedule("0s", this::deploy);   // again once the node may be ready
 *         return;
 *     }
 *     super.doDeploy();
 * }
 * }</pre>
 */
public interface ResourceContext {

    /** The experiment's id, which names it across runs. */
    String getExpId();

    /** This run's id: a timestamp, unique within this JVM. */
    String getRunId();

    /** Where local results of every experiment go. */
    Path getLocalDir();

    /** Where this run's local results go: {@code <localDir>/<expId>/<runId>/} (created by whoever writes there). */
    Path getRunDir();

    /**
     * The RM of guid {@code guid}.
     *
     * @throws IllegalArgumentException when the experiment has none
     */
    ResourceManager getResource(int guid);

    /** The RM of guid {@code guid}, if the experiment has one. */
    Optional<ResourceManager> findResource(int guid);

    /** The guids of every RM of the experiment, in order. */
    List<Integer> getResources();

    /**
     * Runs {@code task} on a worker thread at {@code date}: relative ({@code "0s"},
     * {@code "1.5s"}, {@code "250ms"}...) or absolute ({@code YYYYMMddHHmmssffffff}).
     *
     * @return the task's id
     * @throws IllegalArgumentException for a malformed date
     * @throws IllegalStateException once the experiment is shut down
     */
    long schedule(String date, Runnable task);

    /**
     * Runs {@code task} on a worker thread after {@code delay}.
     *
     * @return the task's id
     * @throws IllegalStateException once the experiment is shut down
     */
    long schedule(Duration delay, Runnable task);

    /**
     * Runs every task of {@code tasks} on a worker thread at once, in their order: the same
     * as scheduling each with a zero delay, which this default does; an experiment controller
     * queues them all in one go (a node becoming READY resumes the deploys of all its
     * applications).
     *
     * @throws IllegalStateException once the experiment is shut down
     */
    default void scheduleNow(List<Runnable> tasks) {
        for (Runnable task : tasks) {
            schedule(Duration.ZERO, task);
        }
    }

    /**
     * Whether pending work was abandoned (a critical RM failed and the experiment was not
     * recovered since, or shutdown began): steps waiting for conditions then give up instead
     * of running.
     */
    boolean isAborted();

    /**
     * Decides now whether the failure of RM {@code guid} aborts the experiment (it does when the
     * RM is critical and is the first to fail). The controller decides it on its own as the RM
     * enters FAILED; an RM that finds a failed dependency calls this so that it gives up like
     * every pending step instead of racing the abort into failing itself.
     */
    void informFailure(int guid);

    /**
     * The value of the {@link Attribute.Flag#GLOBAL Global} attribute {@code name} of type
     * {@code rtype}, shared by every RM of the type in this experiment (its default until set).
     *
     * @throws IllegalArgumentException for an unknown type or attribute, or one that is not Global
     */
    Object getGlobal(String rtype, String name);

    /**
     * The value of Global attribute {@code attr} of {@code type}, as an RM of that type reads its own
     * attribute: what {@link #getGlobal(String, String)} returns for their names, which this default asks;
     * an experiment controller answers without finding the type and the attribute by name again.
     */
    default Object getGlobal(ResourceTypeInfo type, Attribute<?> attr) {
        return getGlobal(type.getName(), attr.getName());
    }

    /**
     * Sets the {@link Attribute.Flag#GLOBAL Global} attribute {@code name} of type {@code rtype}.
     *
     * @throws IllegalArgumentException for an unknown type or attribute, one that is not Global,
     *         or a refused value
     */
    void setGlobal(String rtype, String name, Object value);

    /**
     * The monitor that RMs report their state changes to; it wakes waiting threads and
     * resumes deferred steps, and the experiment evaluates failures as it is told of them.
     */
    StateMonitor getStateMonitor();
}
