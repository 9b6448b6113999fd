package nepi.kernel.nepi.magic;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import nepi.core.ExperimentController;
import nepi.core.resource.ResourceManager;
import nepi.core.resource.ResourceState;
import nepi.kernel.display.TimeText;
import nepi.kernel.nepi.display.LiveTable;
import nepi.kernel.nepi.display.ResourceTable;

/**
 * What {@code %deploy}, {@code %wait} and {@code %release} share: start an action on some RMs, show their live
 * table while waiting for them to reach a state, and end with their final states, or with a short error naming
 * the RMs that failed or were still missing.
 */
final class ProgressWait {

    /** How many failed RMs an error message names before it says "and N more". */
    static final int NAMED_FAILURES = 5;

    /** Starts the work the wait is about ({@code ec.deploy(guids)}, nothing for {@code %wait}). */
    @FunctionalInterface
    interface Start {
        void run() throws InterruptedException;
    }

    private ProgressWait() {}

    /**
     * Runs {@code start}, then waits (interruptibly) until every RM of {@code guids} has reached {@code target},
     * the experiment aborts, or {@code timeout} (null: none) passes; the live table follows the whole time.
     *
     * @param doing what is going on, e.g. "deploying"
     * @param done  what reaching the target is called, e.g. "deployed"
     * @return a note naming the RMs that failed without being critical (their failure does not end the
     *         experiment, so it is no error), or null when none failed
     * @throws ResourceFailureException naming the critical RMs that failed (or the abort)
     * @throws WaitTimeoutException     naming the RMs that had not reached the state in time
     * @throws InterruptedException     when the cell was interrupted (the table shows the states at that point)
     */
    static String run(
            ExperimentController ec,
            List<Integer> guids,
            ResourceState target,
            Duration timeout,
            String doing,
            String done,
            Start start)
            throws InterruptedException, ResourceFailureException, WaitTimeoutException {
        return run(ec, guids, target, timeout, doing, done, start, WaitMagic.OnTimeout.KEEP);
    }

    /**
     * Like {@link #run(ExperimentController, List, ResourceState, Duration, String, String, Start)}; when the
     * timeout passes, {@code onTimeout} is done to the RMs that had not reached {@code target} (while the table still
     * follows them, so it shows what that did), and the error says so.
     */
    static String run(
            ExperimentController ec,
            List<Integer> guids,
            ResourceState target,
            Duration timeout,
            String doing,
            String done,
            Start start,
            WaitMagic.OnTimeout onTimeout)
            throws InterruptedException, ResourceFailureException, WaitTimeoutException {
        Instant began = Instant.now();
        LiveTable table = LiveTable.show(ec, guids, ResourceTable.Layout.PROGRESS, doing);
        boolean reached;
        String timeoutDone = "";
        List<ResourceManager> missingAtTimeout = null;
        String namedAtTimeout = null;
        try {
            start.run();
            reached = ec.wait(guids, target, timeout);
            if (!reached && !ec.isAborted() && onTimeout != WaitMagic.OnTimeout.KEEP) {
                // Named as they were when the time ran out, before they are stopped or released.
                missingAtTimeout = missing(ec, guids, target);
                namedAtTimeout = named(missingAtTimeout);
                timeoutDone = "; " + atTimeout(ec, missingAtTimeout, onTimeout);
            }
            table.retitle((reached ? done : "stopped waiting") + " after " + since(began) + timeoutDone);
        } catch (InterruptedException e) {
            table.retitle("interrupted after " + since(began) + " (the RMs go on; %wait to wait again)");
            throw e;
        } catch (RuntimeException e) {
            table.retitle(doing + " failed after " + since(began));
            throw e;
        } finally {
            table.close();
        }
        List<ResourceManager> failed = guids.stream()
                .map(ec::findResource)
                .flatMap(java.util.Optional::stream)
                .filter(rm -> rm.getState() == ResourceState.FAILED)
                .toList();
        List<ResourceManager> critical =
                failed.stream().filter(ResourceManager::isCritical).toList();
        if (!critical.isEmpty()) {
            throw new ResourceFailureException(describeFailures(critical));
        }
        if (!reached) {
            if (ec.isAborted()) {
                throw new ResourceFailureException("the experiment was aborted (" + ec.getFailureLevel() + ", "
                        + ec.getEcState() + ") before every RM was " + done);
            }
            List<ResourceManager> missing = missingAtTimeout != null ? missingAtTimeout : missing(ec, guids, target);
            throw new WaitTimeoutException(missing.size() + " of " + guids.size() + " RMs not " + done + " after "
                    + TimeText.duration(timeout) + ": "
                    + (namedAtTimeout != null ? namedAtTimeout : named(missing))
                    + timeoutDone);
        }
        return failed.isEmpty() ? null : "not critical, so the experiment goes on: " + describeFailures(failed);
    }

    /** {@code #2 STARTED, #3 READY, ...}: the first few RMs with their states now. */
    private static String named(List<ResourceManager> missing) {
        return missing.stream()
                        .limit(NAMED_FAILURES)
                        .map(rm -> "#" + rm.getGuid() + " " + rm.getState())
                        .collect(Collectors.joining(", "))
                + (missing.size() > NAMED_FAILURES ? ", ..." : "");
    }

    private static List<ResourceManager> missing(ExperimentController ec, List<Integer> guids, ResourceState target) {
        return guids.stream()
                .map(ec::findResource)
                .flatMap(java.util.Optional::stream)
                .filter(rm -> rm.getState().isBefore(target))
                .toList();
    }

    /**
     * Stops or releases the RMs that were still missing at the timeout, and says what was done, e.g.
     * {@code --on-timeout stop: stopped #3, #4}. A stop that fails leaves that RM FAILED, as any stop does.
     */
    private static String atTimeout(ExperimentController ec, List<ResourceManager> missing, WaitMagic.OnTimeout what) {
        String prefix = "--on-timeout " + what.word() + ": ";
        if (what == WaitMagic.OnTimeout.RELEASE) {
            ec.release(missing.stream().map(ResourceManager::getGuid).toList());
            return prefix + "released " + guidList(missing);
        }
        List<ResourceManager> started = missing.stream()
                .filter(rm -> rm.getState() == ResourceState.STARTED)
                .toList();
        for (ResourceManager rm : started) {
            try {
                rm.stop();
            } catch (RuntimeException e) {
                // The RM is FAILED with the reason, which the table and %state show.
            }
        }
        List<ResourceManager> left =
                missing.stream().filter(rm -> !started.contains(rm)).toList();
        return prefix
                + (started.isEmpty() ? "nothing was STARTED to stop" : "stopped " + guidList(started))
                + (left.isEmpty() || started.isEmpty()
                        ? ""
                        : " (not started, so left as they are: " + guidList(left) + ")");
    }

    private static String guidList(List<ResourceManager> rms) {
        return rms.isEmpty()
                ? "none"
                : rms.stream().map(rm -> "#" + rm.getGuid()).collect(Collectors.joining(", "));
    }

    /** {@code 1 RM failed: #3 linux::Application: reason} for the first few failed RMs. */
    static String describeFailures(List<ResourceManager> failed) {
        StringBuilder out = new StringBuilder();
        out.append(failed.size()).append(failed.size() == 1 ? " RM failed: " : " RMs failed: ");
        for (int i = 0; i < Math.min(NAMED_FAILURES, failed.size()); i++) {
            ResourceManager rm = failed.get(i);
            out.append(i == 0 ? "" : "; ")
                    .append('#')
                    .append(rm.getGuid())
                    .append(' ')
                    .append(rm.getRtype())
                    .append(": ")
                    .append(firstLine(rm.getFailureReason().orElse("no reason given")));
        }
        if (failed.size() > NAMED_FAILURES) {
            out.append("; and ").append(failed.size() - NAMED_FAILURES).append(" more (%state shows them)");
        }
        return out.toString();
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline) + " …";
        return line.length() <= 300 ? line : line.substring(0, 299) + "…";
    }

    private static String since(Instant began) {
        return TimeText.duration(Duration.between(began, Instant.now()));
    }
}
