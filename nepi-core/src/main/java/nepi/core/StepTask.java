package nepi.core;

import java.util.concurrent.atomic.AtomicInteger;
import nepi.core.resource.ResourceManager;

/**
 * One step of one RM that the controller schedules as a task: a deploy, start or stop that
 * waits for its conditions, or a release. A class rather than method references such as
 * {@code rm::deployWithConditions}: in a fresh JVM the 20 workers meet each such call site for
 * the first time at once, and each of them spins a class for it (milliseconds apiece, during
 * the first deploy of a script).
 */
final class StepTask implements Runnable {

    /** Which step. */
    enum Kind {
        DEPLOY,
        START,
        STOP,
        RELEASE
    }

    private final ResourceManager rm;
    private final Kind kind;
    /** The deployments' generation this step belongs to; null for a step that always runs (release). */
    private final AtomicInteger generation;

    private final int madeIn;

    /** A step that runs whenever it comes. */
    StepTask(ResourceManager rm, Kind kind) {
        this(rm, kind, null);
    }

    /**
     * A step of a deployment, dropped when it comes after the deployments' {@code generation} moved on
     * (a recover abandoned what was queued before it).
     */
    StepTask(ResourceManager rm, Kind kind, AtomicInteger generation) {
        this.rm = rm;
        this.kind = kind;
        this.generation = generation;
        this.madeIn = generation == null ? 0 : generation.get();
    }

    @Override
    public void run() {
        if (generation != null && generation.get() != madeIn) {
            return;
        }
        switch (kind) {
            case DEPLOY -> rm.deployWithConditions();
            case START -> rm.startWithConditions();
            case STOP -> rm.stopWithConditions();
            case RELEASE -> rm.release();
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + rm;
    }
}
