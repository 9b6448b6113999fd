package nepi.resources.linux.host;

import static nepi.resources.linux.host.ShellWords.quote;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The script of one start request to an SSH host's agent: the files of several detached commands written and
 * each command started, in one round trip. It prints {@code "<index> <pid>"} per command, or {@code "<index> -"}
 * for one whose files could not be written; the pid is the command's process group id.
 *
 * <p>Every process costs milliseconds of CPU on a host (a fork here, on a loaded 2-core machine, 5 to 8 ms; an
 * exec about as much again), and a fleet host starts its applications by the ten. A command whose wrapper is the
 * standard one ({@link ProcessFiles#wrapperText}) is therefore, when the agent is a bash that can wait for what it
 * starts ({@link ShellAgent.Hello#waits}), not started through the wrapper ({@code setsid}, {@code sh}, then
 * {@code bash} for the command: three execs) but as a background job of the request's own subshell, which then
 * does the wrapper's work for all of them: it answers the request early (through the agent's output, fds 6 and
 * 7), waits for each command, sends SIGTERM to what it left in its process group and records its exit code and
 * exit event, as the wrapper would. The job is a process group of its own ({@code set -m}) and sources
 * {@code cmd.sh} with the agent's variables and functions unset and {@code $0} set to {@code ./cmd.sh}, as a
 * fresh {@code bash ./cmd.sh} sees it: one fork, no exec. A script that names {@code $$} or {@code $PPID}, whose
 * values a subshell cannot have as a fresh bash does, or one written before (whose text is not here), is run by
 * {@code exec bash ./cmd.sh} in that job instead, and under sudo by {@code exec sudo -n bash ./cmd.sh}. Any
 * other wrapper (a network namespace's, which enters it first) is started as written.
 */
final class StartBatch {

    /** An application's files and start, waiting for the request that carries them. */
    record Order(List<FileContent> before, ProcessFiles files, CompletableFuture<Integer> pid) {}

    /**
     * What a sourced command must not see of the agent: its functions and variables (see {@link ShellAgent#SCRIPT}),
     * and this script's own.
     */
    private static final String AGENT_FUNCTIONS = "reply runone follow";

    private static final String AGENT_VARIABLES =
            "tmp d me o p bg u os w k r e x op id a b s m i l f g n t c nepi_ok nepi_in nepi_w nepi_p nepi_q nepi_c"
                    // and bash's, set by the agent as a fresh bash running a script does not have them
                    + " BASH_EXECUTION_STRING FUNCNAME";

    /** What the shell gives a subshell otherwise than it gives a fresh {@code bash ./cmd.sh}. */
    private static final Pattern SUBSHELL_SENSITIVE = Pattern.compile("\\$\\$|\\$\\{\\$\\}|PPID|BASH_ARGV0");

    private StartBatch() {}

    /**
     * The script for {@code batch}.
     *
     * @param exitEvents the host's exit-event file, which the standard wrapper appends to
     * @param waits whether the agent can run commands without their wrapper ({@link ShellAgent.Hello#waits})
     */
    static String script(List<Order> batch, String exitEvents, boolean waits) {
        Set<String> dirs = new LinkedHashSet<>();
        List<String> executables = new ArrayList<>();
        StringBuilder writes = new StringBuilder();
        StringBuilder wrapped = new StringBuilder();
        StringBuilder jobs = new StringBuilder();
        for (int i = 0; i < batch.size(); i++) {
            Order o = batch.get(i);
            String job = waits ? job(o, exitEvents) : null;
            // In bash, one array that the jobs unset; in sh, a variable each.
            String ok = waits ? "${nepi_ok[" + i + "]}" : "$ok" + i;
            String setOk = waits ? "nepi_ok[" + i + "]=" : "ok" + i + "=";
            writes.append(setOk).append("1\n");
            for (FileContent f : o.before()) {
                dirs.add(SshHost.parent(f.path()));
                if (f.executable() && !(job != null && isScriptOf(o.files(), f.path()))) {
                    executables.add(f.path());
                }
                writes.append(SshHost.writeOne(f)).append(" || ").append(setOk).append('\n');
            }
            StringBuilder launches = job != null ? jobs : wrapped;
            launches.append("if [ -n \"")
                    .append(ok)
                    .append("\" ] && cd ")
                    .append(quote(o.files().dir()));
            if (job != null) {
                launches.append("; then if [ -f stdin ]; then nepi_in=stdin; else nepi_in=/dev/null; fi; ( ")
                        .append(job)
                        .append(" ) <\"$nepi_in\" >stdout 2>stderr 6>&- 7>&- 8>&- & nepi_w[$!]=$PWD; echo $! > pid");
            } else {
                // In a non-interactive shell without job control a background job is not a process group
                // leader, so setsid does not fork and $! is the wrapper, the leader of the new group.
                launches.append("; then setsid sh ")
                        .append(quote(o.files().wrapperScript()))
                        .append(" </dev/null >/dev/null 2>&1 6>&- 7>&- & echo $! > pid");
            }
            launches.append("; echo \"")
                    .append(i)
                    .append(" $!\"; else echo \"")
                    .append(i)
                    .append(" -\"; fi\n");
        }
        StringBuilder command = new StringBuilder();
        if (!dirs.isEmpty()) {
            // Most often there already (the node creates its applications' directories): tested with built-ins.
            command.append("{ ");
            for (String dir : dirs) {
                command.append("[ -d ").append(quote(dir)).append(" ] && ");
            }
            command.append(":; } || mkdir -p -- ").append(ShellWords.join(dirs)).append('\n');
        }
        command.append(writes);
        if (!executables.isEmpty()) {
            command.append("chmod +x -- ").append(ShellWords.join(executables)).append('\n');
        }
        command.append(wrapped);
        if (!jobs.isEmpty()) {
            // Job control prints a notice for each job that ends while it is on: not the request's answer.
            command.append("declare -A nepi_w\nexec 8>&2 2>/dev/null\nset -m\n")
                    .append(jobs)
                    .append("set +m\nexec 2>&8 8>&-\n")
                    .append(waitAll(exitEvents));
        }
        return command.toString();
    }

    /**
     * What the job of {@code o} runs, or null when its wrapper is not the standard one (it is started as
     * written).
     */
    private static String job(Order o, String exitEvents) {
        ProcessFiles pf = o.files();
        String wrapper = text(o.before(), pf.wrapperScript());
        if (wrapper == null || exitEvents == null) {
            return null;
        }
        if (wrapper.equals(pf.wrapperText(true, exitEvents))) {
            return "exec sudo -n bash ./cmd.sh";
        }
        if (!wrapper.equals(pf.wrapperText(false, exitEvents))) {
            return null;
        }
        String command = text(o.before(), pf.commandScript());
        if (command == null || SUBSHELL_SENSITIVE.matcher(command).find()) {
            return "exec bash ./cmd.sh";
        }
        return "unset -f " + AGENT_FUNCTIONS + "; unset -v " + AGENT_VARIABLES + "; BASH_ARGV0=./cmd.sh; . ./cmd.sh";
    }

    /**
     * The wrapper's work for every job, once they are started: the answer now (the pids printed so far, through
     * the agent's output), then each end as the wrapper records it; the subshell ends with the last one.
     */
    private static String waitAll(String exitEvents) {
        return "{ reply \"$1\" 0 \"$2\" \"$3\"; } >&6 2>&7\n"
                + "exec </dev/null >/dev/null 2>&1 6>&- 7>&-\n"
                + "cd /\n"
                + "while [ ${#nepi_w[@]} -gt 0 ]; do\n"
                // A job that ended before this wait may be gone from the shell's table already, where wait -n does
                // not see it (it would be reported only after the others, or never): first those no longer there,
                // whose status a plain wait gives (the shell keeps it).
                + "  nepi_p=\n"
                + "  for nepi_q in \"${!nepi_w[@]}\"; do kill -0 \"$nepi_q\" 2>/dev/null || { nepi_p=$nepi_q; break; }; done\n"
                + "  if [ -n \"$nepi_p\" ]; then wait \"$nepi_p\"; nepi_c=$?\n"
                + "  else\n"
                + "    wait -n -p nepi_p \"${!nepi_w[@]}\"; nepi_c=$?\n"
                + "    if [ -z \"$nepi_p\" ]; then for nepi_p in \"${!nepi_w[@]}\"; do break; done; wait \"$nepi_p\"; nepi_c=$?; fi\n"
                + "  fi\n"
                + "  kill -TERM -\"$nepi_p\" 2>/dev/null\n"
                + "  echo \"$nepi_c\" > \"${nepi_w[$nepi_p]}/exitcode\"\n"
                + "  echo \"$nepi_p $nepi_c\" >> " + quote(exitEvents) + "\n"
                + "  unset \"nepi_w[$nepi_p]\"\n"
                + "done\n"
                + "exit 0\n";
    }

    private static boolean isScriptOf(ProcessFiles files, String path) {
        return path.equals(files.commandScript()) || path.equals(files.wrapperScript());
    }

    private static String text(List<FileContent> files, String path) {
        for (FileContent f : files) {
            if (f.path().equals(path)) {
                return new String(f.content(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
