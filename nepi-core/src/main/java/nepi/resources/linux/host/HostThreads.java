package nepi.resources.linux.host;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread pools of the host layer, shared by every host of the JVM: daemon threads (a pool never keeps a
 * user's program alive), named for thread dumps, that end once idle for {@link #IDLE}, so that nothing is left
 * running after an experiment is released.
 */
final class HostThreads {

    /** How long an idle thread of these pools lives. */
    static final Duration IDLE = Duration.ofSeconds(30);

    private HostThreads() {}

    /** Daemon threads called {@code name}, or {@code name-1}, {@code name-2}... when {@code numbered}. */
    static ThreadFactory daemons(String name, boolean numbered) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, numbered ? name + "-" + count.incrementAndGet() : name);
            t.setDaemon(true);
            return t;
        };
    }

    /** One thread for timed work (time-outs, keepalives); cancelled tasks are dropped at once. */
    static ScheduledExecutorService timer(String name) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, daemons(name, false));
        pool.setRemoveOnCancelPolicy(true);
        pool.setKeepAliveTime(IDLE.toSeconds(), TimeUnit.SECONDS);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** At most {@code threads} threads; more work waits in line. */
    static ExecutorService bounded(String name, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                threads, threads, IDLE.toSeconds(), TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemons(name, true));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** A thread per task when none is idle: for work that is handed over and must not wait for a thread. */
    static ExecutorService unbounded(String name) {
        return new ThreadPoolExecutor(
                0,
                Integer.MAX_VALUE,
                IDLE.toSeconds(),
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                daemons(name, false));
    }
}
