package nepi.resources.linux;

import static nepi.resources.linux.host.ShellWords.quote;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import nepi.core.TimeSpec;

/**
 * When a started application counts as ready, and so enters STARTED: the value of its {@code readyCheck} attribute.
 * A check is a shell test run on the application's node (inside its namespace for a netns node), in the command's
 * run directory {@code ${RUN_HOME}}, where the command's {@code stdout} and {@code stderr} files are.
 *
 * <ul>
 *   <li>{@code port:N}: something listens on TCP port N on the node (read from {@code /proc/net/tcp} and
 *       {@code tcp6}, so it sees the node's own network namespace and needs no tool);
 *   <li>{@code file:PATH}: the file exists (relative to {@code ${RUN_HOME}} unless absolute; {@code ~/} and the
 *       application's {@code ${...}} variables may be used);
 *   <li>{@code cmd:COMMAND}: the bash command exits with 0.
 * </ul>
 */
public sealed interface ReadyCheck {

    /** What {@link #parse} accepts, for messages and help. */
    String ACCEPTED = "port:N (something listens on TCP port N, 1-65535, on the node), file:PATH (the file exists;"
            + " relative to ${RUN_HOME}), cmd:COMMAND (the shell command exits with 0), or none";

    /** Something listens on TCP port {@code port} on the node. */
    record Port(int port) implements ReadyCheck {
        public Port {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is not a TCP port (1-65535)");
            }
        }

        @Override
        public String test(PathVariables variables) {
            // State 0A is LISTEN; the local port is the hex number after the last ':' of the local address. Only
            // the files that exist are read (no tcp6 without IPv6), since mawk stops at a missing file.
            return "files=\n"
                    + "for f in /proc/net/tcp /proc/net/tcp6; do [ -r \"$f\" ] && files=\"$files $f\"; done\n"
                    + "[ -n \"$files\" ] || { echo 'no /proc/net/tcp to read' >&2; return 1; }\n"
                    + "awk -v p=" + String.format(Locale.ROOT, "%04X", port)
                    + " 'FNR > 1 && $4 == \"0A\" { n = split($2, a, \":\"); if (a[n] == p) f = 1 } END { exit !f }'"
                    + " $files || { echo 'nothing listens on TCP port " + port + "' >&2; return 1; }\n";
        }

        @Override
        public String toString() {
            return "port:" + port;
        }
    }

    /** The file {@code path} exists on the node. */
    record File(String path) implements ReadyCheck {
        public File {
            requireText(path, "file:", "a path, e.g. file:${RUN_HOME}/ready or file:/tmp/server.pid");
        }

        @Override
        public String test(PathVariables variables) {
            String p = variables.substitute(path);
            String word = p.startsWith("~/") ? "\"$HOME\"/" + quote(p.substring(2)) : quote(p);
            return "[ -e " + word + " ] || { echo 'no file " + p.replace("'", "") + "' >&2; return 1; }\n";
        }

        @Override
        public String toString() {
            return "file:" + path;
        }
    }

    /** The bash command {@code command} exits with 0. */
    record Command(String command) implements ReadyCheck {
        public Command {
            requireText(command, "cmd:", "a shell command, e.g. cmd:grep -q 'listening' stdout");
        }

        @Override
        public String test(PathVariables variables) {
            return "(\n" + variables.substitute(command) + "\n)\n";
        }

        @Override
        public String toString() {
            return "cmd:" + command;
        }
    }

    /**
     * The body of a shell function that returns 0 when the application is ready, and otherwise prints why not on
     * stderr (the last such output goes into the failure reason).
     */
    String test(PathVariables variables);

    /**
     * Parses a {@code readyCheck} value.
     *
     * @return the check, or empty for null, blank or {@code none}
     * @throws IllegalArgumentException naming the value and the accepted forms
     */
    static Optional<ReadyCheck> parse(String text) {
        if (text == null || text.isBlank() || text.strip().equals("none")) {
            return Optional.empty();
        }
        String value = text.strip();
        int colon = value.indexOf(':');
        String kind = colon < 0 ? value : value.substring(0, colon).strip();
        String rest = colon < 0 ? "" : value.substring(colon + 1).strip();
        try {
            return Optional.of(
                    switch (kind) {
                        case "port" -> new Port(port(rest));
                        case "file" -> new File(rest);
                        case "cmd" -> new Command(rest);
                        default -> throw new IllegalArgumentException(
                                colon < 0 ? "no kind: before the value" : "unknown kind '" + kind + ":'");
                    });
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "readyCheck \"" + text + "\" is not understood (" + e.getMessage() + "); accepted: " + ACCEPTED, e);
        }
    }

    /**
     * Parses a {@code readyTimeout} value: {@code 30s}, {@code 500ms}, {@code 2m}, or a plain number of seconds.
     *
     * @throws IllegalArgumentException when it is no duration above 0
     */
    static Duration parseTimeout(String text) {
        String value = text == null ? "" : text.strip();
        try {
            Duration d = TimeSpec.parseDuration(NUMBER.matcher(value).matches() ? value + "s" : value);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("it must be more than 0");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "readyTimeout \"" + text + "\" is not a duration above 0 (" + e.getMessage()
                            + "); accepted: seconds (30) or a number and a unit (h, m, s, ms), e.g. 30s",
                    e);
        }
    }

    /** A plain number of seconds, for {@link #parseTimeout}. */
    Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");

    private static int port(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a port number");
        }
    }

    private static void requireText(String value, String kind, String example) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(kind + " needs " + example);
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(kind + " takes one line");
        }
    }
}
