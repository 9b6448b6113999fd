package nepi.core.resource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;

/**
 * An experiment without a controller, for tests of what RMs and the controller's parts do:
 * RMs are added by type, and every scheduled task waits in one queue, run on the test's
 * thread when the test says, in the order scheduled (delays are ignored: no time passes).
 * Not thread-safe; single-threaded tests only.
 */
public final class ManualContext implements ResourceContext {

    private final Map<Integer, ResourceManager> resources = new TreeMap<>();
    private final Deque<Runnable> tasks = new ArrayDeque<>();
    private final List<RuntimeException> errors = new ArrayList<>();
    private final Map<String, Object> globals = new TreeMap<>();
    private final StateMonitor monitor = new StateMonitor();
    private long taskIds;
    private boolean aborted;

    /** Creates an RM of type {@code rtype} in this context, with the next guid (1, 2, ...). */
    public ResourceManager add(String rtype) {
        int guid = resources.size() + 1;
        ResourceManager rm = ResourceFactory.create(rtype, this, guid);
        resources.put(guid, rm);
        return rm;
    }

    /** Queues {@code task} as a scheduled task. */
    public Executor executor() {
        return tasks::add;
    }

    /**
     * Runs queued tasks, and those they queue, until none is left. A task's exception is
     * kept (see {@link #errors()}), as a worker would log it, and the next task runs.
     *
     * @return how many tasks ran
     */
    public int runPending() {
        int ran = 0;
        for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
            ran++;
            try {
                task.run();
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        return ran;
    }

    /** What the tasks run so far threw. */
    public List<RuntimeException> errors() {
        return List.copyOf(errors);
    }

    /** Makes {@link #isAborted()} true, as a controller does after a critical failure. */
    public void abort() {
        aborted = true;
    }

    @Override
    public String getExpId() {
        return "manual";
    }

    @Override
    public String getRunId() {
        return "1";
    }

    @Override
    public Path getLocalDir() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    @Override
    public Path getRunDir() {
        return getLocalDir().resolve(getExpId()).resolve(getRunId());
    }

    @Override
    public ResourceManager getResource(int guid) {
        return findResource(guid).orElseThrow(() -> new IllegalArgumentException("no resource has guid " + guid));
    }

    @Override
    public Optional<ResourceManager> findResource(int guid) {
        return Optional.ofNullable(resources.get(guid));
    }

    @Override
    public List<Integer> getResources() {
        return List.copyOf(resources.keySet());
    }

    @Override
    public long schedule(String date, Runnable task) {
        tasks.add(task);
        return ++taskIds;
    }

    @Override
    public long schedule(Duration delay, Runnable task) {
        tasks.add(task);
        return ++taskIds;
    }

    @Override
    public boolean isAborted() {
        return aborted;
    }

    /** Aborts when the failed RM is critical, as a controller does for the first critical failure. */
    @Override
    public void informFailure(int guid) {
        findResource(guid).filter(ResourceManager::isCritical).ifPresent(rm -> abort());
    }

    @Override
    public Object getGlobal(String rtype, String name) {
        Object value = globals.get(rtype + "." + name);
        return value != null
                ? value
                : ResourceFactory.getType(rtype).getAttribute(name).getDefault();
    }

    @Override
    public void setGlobal(String rtype, String name, Object value) {
        globals.put(rtype + "." + name, value);
    }

    @Override
    public StateMonitor getStateMonitor() {
        return monitor;
    }
}
