package nepi.kernel.nepi.magic;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import nepi.core.ExperimentController;
import nepi.core.exec.ExecOptions;
import nepi.core.exec.NodeCommands;
import nepi.core.exec.RunningCommand;
import nepi.kernel.magic.LineMagic;
import nepi.kernel.magic.Magic;
import nepi.kernel.magic.MagicArguments;
import nepi.kernel.magic.MagicContext;
import nepi.kernel.magic.MagicOption;
import nepi.kernel.magic.MagicSpec;
import nepi.kernel.magic.MagicUsageException;
import nepi.kernel.magic.Positional;
import nepi.kernel.magic.ValueKind;
import nepi.kernel.nepi.EcVariable;

/**
 * {@code %exec [--timeout T] NODE COMMAND...}: runs a shell command on a node ({@code ec.startExec}), its standard
 * output and error streamed into the cell's as they come. A non-zero exit code fails the cell naming it; an interrupt
 * or the time-out ends the command on the node.
 *
 * <p>The command is the rest of the line as typed, for the node's shell to read (quotes, pipes, {@code $VAR}):
 * {@code %exec} is a {@link LineMagic} so that its own parser never sees it. Options come before the command.
 *
 * @param ecVariable the session's {@code ec} variable
 */
public record ExecMagic(EcVariable ecVariable) implements Magic, LineMagic {

    static final Positional<String> NODE = Positional.required(
            "NODE", ValueKind.TEXT, "a node (linux::Node, netns::Node...): its guid or an int variable holding it");
    static final Positional<String> COMMAND = Positional.required(
            "COMMAND...",
            ValueKind.TEXT,
            "the rest of the line, run by sh on the node as typed (quotes, pipes, $VARS)");
    static final MagicOption<Duration> TIMEOUT = MagicOption.valued(
            "--timeout",
            ValueKind.of(
                    "T",
                    "a duration above 0: seconds (10) or a number and a unit (h, m, s, ms), e.g. 30s or 250ms",
                    WaitMagic::timeout),
            "end the command on the node after this long, with an error (give it before the command)");
    static final MagicSpec SPEC = MagicSpec.named("exec")
            .help("run a shell command on a node, its output shown as it comes; an interrupt ends it on the node")
            .argument(NODE)
            .argument(COMMAND)
            .option(TIMEOUT)
            .build();

    @Override
    public MagicSpec spec() {
        return SPEC;
    }

    /** The line as typed: options, the node, then the command verbatim. */
    @Override
    public Object run(String args, MagicContext context) throws Exception {
        Line line = Line.parse(args);
        return execute(ecVariable, SPEC, line.node(), line.command(), line.timeout(), context);
    }

    /** The same from arguments parsed by the spec (the command's words joined by blanks: its quoting is lost). */
    @Override
    public Object run(MagicArguments arguments, MagicContext context) throws Exception {
        return execute(
                ecVariable,
                SPEC,
                arguments.get(NODE),
                arguments.get(COMMAND),
                arguments.get(TIMEOUT).orElse(null),
                context);
    }

    /**
     * Runs {@code command} on the node {@code nodeWord} names, streaming its output into the cell: the work of
     * {@code %exec} and {@code %%exec}.
     *
     * @throws MagicUsageException for a word that names no RM, or an RM that is not a node
     * @throws nepi.core.exec.ExitCodeException for a non-zero exit code
     * @throws nepi.core.exec.ExecTimeoutException at the time-out (the command was ended on the node)
     * @throws InterruptedException when the cell was interrupted (the command was ended on the node)
     */
    static Object execute(
            EcVariable ecVariable,
            MagicSpec spec,
            String nodeWord,
            String command,
            Duration timeout,
            MagicContext context)
            throws Exception {
        ExperimentController ec = ecVariable.current();
        int guid = GuidArguments.resolve(List.of(nodeWord), context, ec, spec).get(0);
        try {
            NodeCommands.node(ec, guid);
        } catch (IllegalArgumentException e) {
            throw spec.error(e.getMessage());
        }
        PrintStream out = context.out();
        PrintStream err = context.err();
        ExecOptions options = ExecOptions.defaults()
                .withTimeout(timeout)
                .onStdout(out::println)
                .onStderr(err::println)
                .withoutCapture();
        RunningCommand running = ec.startExec(guid, command, options);
        // await() ends the command on the node when the cell is interrupted, then throws InterruptedException.
        running.await().orThrow();
        return null;
    }

    /** A line of {@code %exec}, split. */
    record Line(String node, String command, Duration timeout) {

        /**
         * Options (only before the command: what follows the node is the command's), the node, and the rest.
         *
         * @throws MagicUsageException for an unknown or repeated option, a bad time-out, no node or no command
         */
        static Line parse(String args) throws MagicUsageException {
            Duration timeout = null;
            String node = null;
            String rest = args.strip();
            while (true) {
                if (rest.startsWith("--")) {
                    int end = wordEnd(rest);
                    String word = rest.substring(0, end);
                    rest = rest.substring(end).stripLeading();
                    if (word.equals("--")) {
                        if (node != null) {
                            break;
                        }
                        continue;
                    }
                    String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
                    if (!name.equals(TIMEOUT.name())) {
                        throw SPEC.usageError("unknown option " + name + " (options go before the command; %exec"
                                + " has " + TIMEOUT.name() + ")");
                    }
                    if (timeout != null) {
                        throw SPEC.usageError(name + " given twice");
                    }
                    String value;
                    if (word.contains("=")) {
                        value = word.substring(word.indexOf('=') + 1);
                    } else {
                        int valueEnd = wordEnd(rest);
                        value = rest.substring(0, valueEnd);
                        rest = rest.substring(valueEnd).stripLeading();
                    }
                    if (value.isEmpty()) {
                        throw SPEC.usageError(
                                name + " needs a value (" + TIMEOUT.kind().accepts() + ")");
                    }
                    try {
                        timeout = WaitMagic.timeout(value);
                    } catch (IllegalArgumentException e) {
                        throw SPEC.usageError(name + " takes " + TIMEOUT.kind().accepts() + ", not '" + value + "'");
                    }
                } else if (node == null && !rest.isEmpty()) {
                    int end = wordEnd(rest);
                    node = rest.substring(0, end);
                    rest = rest.substring(end).stripLeading();
                } else {
                    break;
                }
            }
            if (node == null) {
                throw SPEC.usageError("missing NODE (" + NODE.help() + ")");
            }
            if (rest.isEmpty()) {
                throw SPEC.usageError("missing COMMAND... (" + COMMAND.help() + ")");
            }
            return new Line(node, rest, timeout);
        }

        private static int wordEnd(String text) {
            int i = 0;
            while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            return i;
        }
    }
}
