package nepi.kernel.nepi.magic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import nepi.core.ExperimentController;
import nepi.core.TimeSpec;
import nepi.core.resource.ResourceState;
import nepi.core.resource.Suggestions;
import nepi.kernel.magic.DescribedMagic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicSyntax;
import nepi.kernel.magic.MagicUsageException;
import nepi.kernel.nepi.EcVariable;

/**
 * {@code %wait [deployed|started|finished|released] [guids] [--timeout T]}: blocks until the RMs (every RM when none
 * is given) reach the state (finished by default), showing their table live. Interruptible; a failed RM, an
 * aborted experiment or the timeout end it with a short error.
 */
public final class WaitMagic implements DescribedMagic {

    /** The words of {@code %wait}, in lifecycle order, and the state each one means. */
    public enum Goal {
        DEPLOYED(ResourceState.READY),
        STARTED(ResourceState.STARTED),
        FINISHED(ResourceState.STOPPED),
        RELEASED(ResourceState.RELEASED);

        private final ResourceState state;

        Goal(ResourceState state) {
            this.state = state;
        }

        /** The state every RM must have reached (or passed). */
        public ResourceState state() {
            return state;
        }

        /** The word as typed, e.g. {@code finished}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern SECONDS = Pattern.compile("\\d+(\\.\\d+)?");
    private static final MagicSyntax SYNTAX = new MagicSyntax("wait",
            "%wait [deployed|started|finished|released] [guids] [--timeout T]",
            "wait until the RMs (all when none is given) reach the state (default finished), showing them live",
            Map.of("--timeout", true), List.of("deployed", "started", "finished", "released"));

    private final EcVariable ecVariable;

    /** @param ecVariable the session's {@code ec} variable */
    public WaitMagic(EcVariable ecVariable) {
        this.ecVariable = ecVariable;
    }

    @Override
    public MagicSyntax syntax() {
        return SYNTAX;
    }

    @Override
    public Object run(String args, MagicContext context) throws Exception {
        MagicArguments arguments = MagicArguments.parse(args, SYNTAX);
        List<String> words = new ArrayList<>(arguments.positional());
        Goal goal = Goal.FINISHED;
        if (!words.isEmpty() && goalOf(words.get(0)) != null) {
            goal = goalOf(words.remove(0));
        } else if (!words.isEmpty() && looksLikeMistypedGoal(words.get(0), context)) {
            throw SYNTAX.usageError("unknown state '" + words.get(0) + "'."
                    + Suggestions.didYouMean(words.get(0), SYNTAX.words()));
        }
        Duration timeout = arguments.option("--timeout").isPresent() ? timeout(arguments.option("--timeout").get())
                : null;
        ExperimentController ec = ecVariable.current();
        List<Integer> guids = words.isEmpty() ? everyOne(ec, goal) : GuidArguments.resolve(words, context, ec, SYNTAX);
        if (guids.isEmpty()) {
            return "nothing to wait for: the experiment has no RMs";
        }
        return ProgressWait.run(ec, guids, goal.state(), timeout,
                "waiting for " + guids.size() + (guids.size() == 1 ? " RM" : " RMs") + " to be " + goal.word(),
                goal.word(), () -> { });
    }

    /** A word close to a goal that names no variable either: a typo, better reported as such. */
    private static boolean looksLikeMistypedGoal(String word, MagicContext context) {
        return !Character.isDigit(word.charAt(0)) && !Suggestions.closest(word, SYNTAX.words(), 1).isEmpty()
                && word.matches("[A-Za-z_]\\w*") && context.valueOf(word).isEmpty();
    }

    /**
     * The RMs a {@code %wait} without guids waits for: all of them, except that for {@code finished} only those
     * that end by themselves count: applications (types named {@code ...Application}) and RMs whose type produces
     * traces. Nodes, interfaces, switches and routes stay STARTED until released, so waiting for them to finish
     * would never end. When the experiment has no such RM, all of them.
     */
    static List<Integer> everyOne(ExperimentController ec, Goal goal) {
        List<Integer> all = ec.getResources();
        if (goal != Goal.FINISHED) {
            return all;
        }
        List<Integer> finishing = all.stream().map(ec::findResource).flatMap(java.util.Optional::stream)
                .filter(rm -> rm.getRtype().endsWith("Application") || !rm.getTraces().isEmpty())
                .map(nepi.core.resource.ResourceManager::getGuid).toList();
        return finishing.isEmpty() ? all : finishing;
    }

    /** The goal a word names, or null. */
    static Goal goalOf(String word) {
        for (Goal goal : Goal.values()) {
            if (goal.word().equalsIgnoreCase(word)) {
                return goal;
            }
        }
        return null;
    }

    /** {@code 30s}, {@code 250ms}, {@code 2m}, or a plain number of seconds. */
    static Duration timeout(String text) throws MagicUsageException {
        try {
            Duration duration = TimeSpec.parseDuration(SECONDS.matcher(text).matches() ? text + "s" : text);
            if (duration.isZero() || duration.isNegative()) {
                throw SYNTAX.usageError("--timeout must be more than 0");
            }
            return duration;
        } catch (IllegalArgumentException e) {
            throw SYNTAX.usageError("--timeout " + text + " is not a duration: give seconds (10) or a number and"
                    + " a unit (h, m, s, ms), e.g. 30s or 250ms");
        }
    }
}
