package nepi.kernel.nepi;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import nepi.core.ExperimentController;
import nepi.core.exec.ExecTimeoutException;
import nepi.core.exec.ExitCodeException;
import nepi.core.resource.ResourceException;
import nepi.kernel.jshell.BriefErrors;
import nepi.kernel.magic.Magic;
import nepi.kernel.nepi.display.NepiRenderers;
import nepi.kernel.nepi.magic.NepiMagics;
import nepi.kernel.session.Session;
import nepi.kernel.session.SessionExtension;
import nepi.resources.linux.LinuxApplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What makes a session a NEPI notebook: the NEPI imports, the experiment controller in {@code ec}, the NEPI magics,
 * renderers, completion and inspection. It owns the controller's lifecycle: it creates it, releases it when the
 * session closes, and, should the JVM end another way (a library calling {@code System.exit}, SIGTERM), releases it
 * from a shutdown hook.
 */
public final class NepiExtension implements SessionExtension {

    private static final Logger log = LoggerFactory.getLogger(NepiExtension.class);
    private static final List<String> PRELUDE = List.of(
            "import nepi.core.*;",
            "import nepi.core.resource.*;",
            "import nepi.core.run.*;",
            "import nepi.core.exec.*;",
            "import nepi.core.trace.*;",
            "import static nepi.core.resource.ResourceState.*;",
            "import static nepi.core.resource.ResourceAction.*;");

    /**
     * The controller's refusals of bad input (unknown attribute, guid or type, bad value, wrong state), and the ends
     * of commands run on nodes that say all there is to say (a time-out, a non-zero exit code).
     */
    private static final BriefErrors API_REFUSALS = new BriefErrors(
            Set.of(
                    IllegalArgumentException.class.getName(),
                    IllegalStateException.class.getName(),
                    ResourceException.class.getName(),
                    ExecTimeoutException.class.getName(),
                    ExitCodeException.class.getName()),
            List.of("nepi.core.", "nepi.resources."));

    /** How long the exit hook waits for a release already under way. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(10);

    private final AtomicBoolean releasing = new AtomicBoolean();
    private final CountDownLatch released = new CountDownLatch(1);
    private EcVariable ec;
    private Thread releaseOnExit;

    @Override
    public void install(Session session) {
        ExperimentController controller = new ExperimentController();
        ec = new EcVariable(session);
        releaseOnExit = new Thread(this::releaseExperiment, "nepi-release-on-exit");
        Runtime.getRuntime().addShutdownHook(releaseOnExit);
        PRELUDE.forEach(session::addToPrelude);
        session.showBriefly(API_REFUSALS);
        ec.define(controller);
        NepiRenderers.registerAll(session.renderers());
        List<Magic> magics = NepiMagics.all(ec);
        magics.forEach(session.magics()::register);
        NepiMagics.cells(ec).forEach(session.magics()::register);
        ResourceLookup lookup = new ResourceLookup(session, ec);
        session.addCompletionProvider(new NepiCompletion(lookup, magics));
        session.addInspectionProvider(new NepiInspection(lookup));
        log.info("experiment {} in ec", controller.getExpId());
    }

    /** Releases the experiment's resources; the JVM's shutdown hook is no longer needed. */
    @Override
    public void close() {
        releaseExperiment();
        if (releaseOnExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(releaseOnExit);
            } catch (IllegalStateException e) {
                // The JVM is shutting down already: the hook runs (or ran) anyway.
            }
        }
    }

    private void releaseExperiment() {
        ExperimentController current = ec == null ? null : ec.owned();
        if (current == null) {
            return;
        }
        if (!releasing.compareAndSet(false, true)) {
            awaitRelease();
            return;
        }
        try {
            // The front end may kill the JVM a few seconds after asking it to stop (jupyter_client: SIGTERM at
            // 2.5 s, SIGKILL at 5 s): end every running application at once rather than one release at a time.
            LinuxApplication.terminateAll(current);
            current.shutdown();
        } finally {
            released.countDown();
        }
    }

    /** The exit hook, while the session's close releases the experiment: the JVM must not end under it. */
    private void awaitRelease() {
        try {
            if (!released.await(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("the experiment was still being released after {} s; exiting anyway", EXIT_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
