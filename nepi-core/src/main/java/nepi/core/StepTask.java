package nepi.core;

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

    StepTask(ResourceManager rm, Kind kind) {
        this.rm = rm;
        this.kind = kind;
    }

    @Override
    public void run() {
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
