package nepi.resources.linux.host;

import static nepi.resources.linux.host.ShellWords.quote;

/**
 * The files of one detached command, all in one directory of the host: the command script
 * ({@code cmd.sh}), the wrapper that runs it ({@code run.sh}), its standard input, output and
 * error, its pid and its exit code.
 *
 * @param dir absolute path of the directory on the host
 */
public record ProcessFiles(String dir) {

    public String commandScript() {
        return dir + "/cmd.sh";
    }

    public String wrapperScript() {
        return dir + "/run.sh";
    }

    public String stdin() {
        return dir + "/stdin";
    }

    public String stdout() {
        return dir + "/stdout";
    }

    public String stderr() {
        return dir + "/stderr";
    }

    public String pidFile() {
        return dir + "/pid";
    }

    public String exitCodeFile() {
        return dir + "/exitcode";
    }

    /**
     * The text of the wrapper: it runs {@code cmd.sh} with its input and output redirected,
     * sends SIGTERM to what the command left running in its process group (so that a command
     * that ended leaves nothing behind), writes the exit code, and, when {@code exitEvents} is
     * given, appends
     * {@code "<pid> <exit code>"} to that file so that one watcher per host learns of every end.
     * The wrapper's pid is the process group id of everything the command starts.
     *
     * @param sudo whether the command runs under {@code sudo -n}
     * @param exitEvents the host's exit-event file, or null
     */
    public String wrapperText(boolean sudo, String exitEvents) {
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/sh\n");
        s.append("# Written by NEPI: runs cmd.sh detached and records how it ended.\n");
        s.append("cd ").append(quote(dir)).append(" || exit 127\n");
        s.append("if [ -f stdin ]; then input=stdin; else input=/dev/null; fi\n");
        s.append(sudo ? "sudo -n bash ./cmd.sh" : "bash ./cmd.sh").append(" <\"$input\" >stdout 2>stderr\n");
        s.append("code=$?\n");
        s.append("trap '' TERM\n");
        s.append("kill -TERM -$$ 2>/dev/null\n");
        s.append("echo $code > exitcode\n");
        if (exitEvents != null) {
            s.append("echo \"$$ $code\" >> ").append(quote(exitEvents)).append('\n');
        }
        s.append("exit $code\n");
        return s.toString();
    }
}
