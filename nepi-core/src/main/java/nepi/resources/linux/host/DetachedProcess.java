package nepi.resources.linux.host;

import java.util.concurrent.CompletableFuture;

/**
 * A command started in the background on a host, in a process group of its own.
 *
 * @param pid the pid of the wrapper that runs the command, which is also the process group id
 * @param exit completes with the command's exit code when it ends (128 + n when killed by
 *             signal n); completes exceptionally when the host can no longer tell
 */
public record DetachedProcess(int pid, CompletableFuture<Integer> exit) {}
