package nepi.kernel;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nepi.kernel.protocol.ConnectionInfo;
import nepi.kernel.protocol.KernelServer;

/**
 * {@code java -XX:ArchiveClassesAtExit=nepi.jsa -jar nepi-kernel.jar --cds-training}: a short kernel run, for
 * install/install.sh, that loads the classes a notebook's start and first cells load (the wire layer, JShell, javac,
 * the session and its prelude), so that the JVM archives them (AppCDS) and later kernels map them instead of
 * loading, verifying and linking them again. Binds ipc sockets in a temporary directory, reachable by nobody, and
 * removes it.
 */
final class CdsTraining {

    static final String OPTION = "--cds-training";

    /** Cells like a notebook's first ones: declarations, a merged run of statements, a value, an error. */
    private static final List<String> CELLS = List.of(
            "1 + 1",
            "int a = 0;\nlong total = 0;\nStringBuilder sb = new StringBuilder();\na += 1;\ntotal += a;\n"
                    + "sb.append(a);\nSystem.out.println(sb);\nfor (int i = 0; i < 3; i++) total += i;\na + total",
            "String greet(String name) { return \"hello \" + name; }\ngreet(\"nepi\")",
            "record Point(int x, int y) {}\nvar points = List.of(new Point(1, 2));\npoints.get(0).x()",
            "int broken = \"text\";",
            "Integer.parseInt(\"x\");");

    private CdsTraining() {}

    static boolean run() {
        Path dir;
        try {
            dir = Files.createTempDirectory("nepi-cds-training-");
        } catch (IOException e) {
            System.err.println("cds training: cannot create a temporary directory: " + e.getMessage());
            return false;
        }
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        KernelServer server = new KernelServer(
                new ConnectionInfo("ipc", dir.resolve("kernel").toString(), 1, 2, 3, 4, 5, "hmac-sha256", "training"),
                quiet);
        try {
            server.start();
            boolean first = server.executeForTraining(CELLS.get(0));
            CELLS.stream().skip(1).forEach(server::executeForTraining);
            return first;
        } finally {
            server.stop();
            delete(dir);
        }
    }

    /**
     * Removes the socket directory. ZeroMQ removes its ipc files itself, on the thread that ends its context, possibly
     * while this runs; a walk that stats each entry then fails on the one that went away (it did once in CI, which
     * failed the training and so the archive), hence names read once and removed if still there.
     */
    static void delete(Path dir) {
        try {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path file : files) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            System.err.println("cds training: cannot remove " + dir + ": " + e.getMessage());
        }
    }
}
