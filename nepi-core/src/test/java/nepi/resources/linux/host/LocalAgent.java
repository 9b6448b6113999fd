package nepi.resources.linux.host;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A {@link ShellAgent} loop run as a local process and spoken to directly: what crosses the SSH channel. */
final class LocalAgent implements AutoCloseable {

    final Process process;
    final OutputStream in;
    final DataInputStream out;
    final DataInputStream err;

    LocalAgent(List<String> command, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        process = builder.start();
        in = process.getOutputStream();
        out = new DataInputStream(new BufferedInputStream(process.getInputStream()));
        err = new DataInputStream(new BufferedInputStream(process.getErrorStream()));
    }

    /** The agent as an SSH channel starts it ({@link ShellAgent#BOOT}, given to the user's shell). */
    static LocalAgent booted() throws IOException {
        return new LocalAgent(List.of("sh", "-c", ShellAgent.BOOT), Map.of());
    }

    /** An {@code L} request in slot {@code slot} with a mark: "1" (a short answer), "2" (and run inline), "". */
    void sendLines(int id, String command, int slot, String mark) throws IOException {
        String text = command.endsWith("\n") ? command : command + "\n";
        long lines = text.chars().filter(c -> c == '\n').count();
        in.write(("L " + id + " " + lines + " 0 " + slot + (mark.isEmpty() ? "" : " " + mark) + "\n")
                .getBytes(StandardCharsets.US_ASCII));
        in.write(text.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** An {@code X} request: the command as bytes, then its input. */
    void send(int id, String command, byte[] input) throws IOException {
        byte[] body = command.getBytes(StandardCharsets.UTF_8);
        in.write(("X " + id + " " + body.length + " " + input.length + "\n").getBytes(StandardCharsets.US_ASCII));
        in.write(body);
        in.write(input);
        in.flush();
    }

    /** The next line of {@code from} (its output or error). */
    static String line(DataInputStream from) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = from.read()) != '\n') {
            if (c < 0) {
                throw new IOException("the agent ended; so far: " + b);
            }
            b.append((char) c);
        }
        return b.toString();
    }

    /** The next {@code n} bytes of its output, as text. */
    String bytes(int n) throws IOException {
        byte[] b = new byte[n];
        out.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Ends its input; true when the agent then ended within 10 s. */
    boolean endInput() throws IOException, InterruptedException {
        in.close();
        return process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (!endInput()) {
            process.destroyForcibly();
        }
    }
}
