package nepi.kernel;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import nepi.kernel.jshell.Evaluator;
import nepi.kernel.protocol.ConnectionInfo;
import nepi.kernel.protocol.KernelServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar nepi-kernel.jar <connection-file>}: runs the kernel until the front end shuts it down. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals(CdsTraining.OPTION)) {
            System.exit(CdsTraining.run() ? 0 : 1);
        }
        if (args.length != 1) {
            System.err.println("usage: java -jar nepi-kernel.jar <connection-file>");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        // The kernel's own messages keep going to the process's stderr once System.err belongs to the notebook.
        PrintStream kernelLog = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        // JShell starts while the wire layer does; the session takes it once the sockets are bound.
        Evaluator.startEarly(kernelLog);
        Logger log = LoggerFactory.getLogger(Main.class);
        ConnectionInfo connection;
        try {
            connection = ConnectionInfo.read(Path.of(args[0]));
        } catch (IOException e) {
            log.error("{}", e.getMessage());
            System.exit(2);
            return;
        }
        KernelServer server = new KernelServer(connection, kernelLog);
        // Whatever thread dies of an uncaught throwable (a wire thread, an experiment's worker), the log says so. One
        // of ZeroMQ's own threads dying (out of memory on a huge multipart message, which ZeroMQ receives whole)
        // leaves sockets that never deliver again: the kernel exits rather than look alive.
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            log.error("uncaught in thread {}", thread.getName(), e);
            if (thread.getName().startsWith("iothread") || thread.getName().startsWith("reaper")) {
                server.fail("ZeroMQ's thread " + thread.getName() + " died (" + e + ")");
            }
        });
        ParentWatcher.start(() -> {
            log.warn("the process that started the kernel is gone; shutting down");
            server.requestShutdown(false);
        });
        try {
            server.start();
        } catch (RuntimeException e) {
            log.error("the kernel could not start: {}", e.getMessage(), e);
            System.exit(1);
        }
        try {
            server.awaitShutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop();
        if (server.failed()) {
            log.error("kernel stopped after a failure (see above); exiting with status 1");
            System.exit(1);
        }
        log.info("kernel stopped");
        System.exit(0);
    }
}
