package nepi.kernel.nepi.magic;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import nepi.core.ExperimentController;
import nepi.core.TimeSpec;
import nepi.core.resource.ResourceState;
import nepi.core.resource.Suggestions;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicOption;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.magic.Positional;
import nepi.kernel.magic.ValueKind;
import nepi.kernel.nepi.EcVariable;

/**
 * {@code %wait [deployed|started|finished|released] [guids] [--timeout T] [--on-timeout stop|release|keep]}: blocks
 * until the RMs (every RM when none is given) reach the state (finished by default), showing their table live.
 * Interruptible; a failed RM, an aborted experiment or the timeout end it with a short error. At the timeout, the
 * RMs not there yet are stopped, released, or kept as they are (the default).
 *
 * @param ecVariable the session's {@code ec} variable
 */
public record WaitMagic(EcVariable ecVariable) implements Magic {

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

    /** What {@code --on-timeout} does with the RMs that had not reached the state when the time ran out. */
    public enum OnTimeout {
        /** Stop those that are STARTED (as {@code ec.stop}); the others stay as they are. */
        STOP,
        /** Release them (as {@code ec.release}), which also ends what they run. */
        RELEASE,
        /** Leave them as they are: they go on. */
        KEEP;

        /** The word as typed, e.g. {@code stop}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern SECONDS = Pattern.compile("\\d+(\\.\\d+)?");
    private static final ValueKind<Goal> GOALS = ValueKind.choice(Goal.class);
    static final Positional<Goal> GOAL = Positional.optional(
            GOALS.placeholder(),
            GOALS,
            "the state to wait for (default finished: applications and RMs with traces, when none is given)");
    static final MagicOption<Duration> TIMEOUT = MagicOption.valued(
            "--timeout",
            ValueKind.of(
                    "T",
                    "a duration above 0: seconds (10) or a number and a unit (h, m, s, ms), e.g. 30s or 250ms",
                    WaitMagic::timeout),
            "stop with an error naming the RMs not there after this long");
    static final MagicOption<OnTimeout> ON_TIMEOUT = MagicOption.valued(
            "--on-timeout",
            ValueKind.choice(OnTimeout.class),
            "what to do with the RMs not there at the timeout: stop them, release them, or keep them going"
                    + " (default keep)");
    static final MagicSpec SPEC = MagicSpec.named("wait")
            .help("wait until the RMs (all when none is given) reach the state (default finished), showing them live")
            .argument(GOAL)
            .argument(GuidArguments.GUIDS)
            .option(TIMEOUT)
            .option(ON_TIMEOUT)
            .build();

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    @Override
    public Object run(MagicArguments arguments, MagicContext context) throws Exception {
        List<String> words = arguments.all(GuidArguments.GUIDS);
        Goal goal = arguments.find(GOAL).orElse(Goal.FINISHED);
        if (arguments.find(GOAL).isEmpty() && !words.isEmpty() && looksLikeMistypedGoal(words.get(0), context)) {
            throw SPEC.usageError(
                    "unknown state '" + words.get(0) + "'." + Suggestions.didYouMean(words.get(0), SPEC.words()));
        }
        Duration timeout = arguments.get(TIMEOUT).orElse(null);
        OnTimeout onTimeout = arguments.get(ON_TIMEOUT).orElse(OnTimeout.KEEP);
        if (timeout == null && arguments.has(ON_TIMEOUT)) {
            throw SPEC.usageError("--on-timeout needs --timeout T: without a timeout the wait never times out");
        }
        ExperimentController ec = ecVariable.current();
        List<Integer> guids = words.isEmpty() ? everyOne(ec, goal) : GuidArguments.resolve(words, context, ec, SPEC);
        if (guids.isEmpty()) {
            return "nothing to wait for: the experiment has no RMs";
        }
        return ProgressWait.run(
                ec,
                guids,
                goal.state(),
                timeout,
                "waiting for " + guids.size() + (guids.size() == 1 ? " RM" : " RMs") + " to be " + goal.word(),
                goal.word(),
                () -> {},
                onTimeout);
    }

    /** A word close to a goal that names no variable either: a typo, better reported as such. */
    private static boolean looksLikeMistypedGoal(String word, MagicContext context) {
        return !Character.isDigit(word.charAt(0))
                && !Suggestions.closest(word, SPEC.words(), 1).isEmpty()
                && word.matches("[A-Za-z_]\\w*")
                && context.valueOf(word).isEmpty();
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
        List<Integer> finishing = all.stream()
                .map(ec::findResource)
                .flatMap(java.util.Optional::stream)
                .filter(rm ->
                        rm.getRtype().endsWith("Application") || !rm.getTraces().isEmpty())
                .map(nepi.core.resource.ResourceManager::getGuid)
                .toList();
        return finishing.isEmpty() ? all : finishing;
    }

    /**
     * {@code 30s}, {@code 250ms}, {@code 2m}, or a plain number of seconds.
     *
     * @throws IllegalArgumentException when {@code text} is no duration above 0
     */
    static Duration timeout(String text) {
        Duration duration = TimeSpec.parseDuration(SECONDS.matcher(text).matches() ? text + "s" : text);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("a timeout must be more than 0");
        }
        return duration;
    }
}
