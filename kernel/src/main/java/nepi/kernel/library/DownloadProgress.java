package nepi.kernel.library;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.aether.transfer.AbstractTransferListener;
import org.eclipse.aether.transfer.TransferEvent;
import org.eclipse.aether.transfer.TransferResource;

/**
 * Shows the downloads of one resolution that take longer than {@code after}: a line per such download every
 * {@code after}, and one when it ends. Quick downloads (and files already in the local repository) show nothing.
 * Close it when the resolution ends: its ticking thread stops.
 */
final class DownloadProgress extends AbstractTransferListener implements AutoCloseable {

    private final PrintStream out;
    private final Duration after;
    private final Map<TransferResource, Transfer> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;

    private static final class Transfer {
        final long started = System.nanoTime();
        volatile long bytes;
        volatile long total = -1;
        volatile boolean shown;
    }

    DownloadProgress(PrintStream out, Duration after) {
        this.out = out;
        this.after = after;
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "nepi-maven-progress");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, after.toMillis());
        ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void transferStarted(TransferEvent event) {
        Transfer transfer = running.computeIfAbsent(event.getResource(), r -> new Transfer());
        transfer.total = event.getResource().getContentLength();
    }

    @Override
    public void transferProgressed(TransferEvent event) {
        Transfer transfer = running.computeIfAbsent(event.getResource(), r -> new Transfer());
        transfer.bytes = event.getTransferredBytes();
        transfer.total = event.getResource().getContentLength();
    }

    @Override
    public void transferSucceeded(TransferEvent event) {
        Transfer transfer = running.remove(event.getResource());
        if (transfer != null && transfer.shown) {
            out.println("downloaded " + name(event.getResource()) + " (" + kilobytes(event.getTransferredBytes())
                    + " in " + seconds(transfer) + ")");
        }
    }

    @Override
    public void transferFailed(TransferEvent event) {
        running.remove(event.getResource());
    }

    @Override
    public void transferCorrupted(TransferEvent event) {
        running.remove(event.getResource());
    }

    private void tick() {
        long now = System.nanoTime();
        running.forEach((resource, transfer) -> {
            if (now - transfer.started >= after.toNanos()) {
                transfer.shown = true;
                out.println("downloading " + name(resource) + " from " + resource.getRepositoryId() + ": "
                        + kilobytes(transfer.bytes)
                        + (transfer.total > 0 ? " of " + kilobytes(transfer.total) : ""));
            }
        });
    }

    private static String name(TransferResource resource) {
        String path = resource.getResourceName();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String kilobytes(long bytes) {
        return (bytes + 1023) / 1024 + " KB";
    }

    private static String seconds(Transfer transfer) {
        return String.format("%.1f s", (System.nanoTime() - transfer.started) / 1e9);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
