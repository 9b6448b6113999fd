package nepi.kernel.protocol;

import java.io.IOException;
import nepi.kernel.display.MimeBundle;
import nepi.kernel.session.Frontend;
import nepi.kernel.session.StreamName;

/**
 * The session's front end over the wire: output goes to iopub as children of the request being served (or of the
 * last one, for output printed between cells by experiment threads), input comes through the stdin channel.
 */
final class WireFrontend implements Frontend {

    private final Iopub iopub;
    private final StdinChannel stdin;
    private final String session;
    private volatile Message parent;
    private volatile boolean allowStdin;

    WireFrontend(Iopub iopub, StdinChannel stdin, String session) {
        this.iopub = iopub;
        this.stdin = stdin;
        this.session = session;
    }

    /** The request whose outputs are being produced. */
    void serving(Message request, boolean stdinAllowed) {
        this.parent = request;
        this.allowStdin = stdinAllowed;
    }

    @Override
    public void stream(StreamName stream, String text) throws InterruptedException {
        publish(MessageType.STREAM, new IopubContent.Stream(stream.wireName(), text));
    }

    @Override
    public void display(MimeBundle shown, String displayId, boolean update) throws InterruptedException {
        MimeBundle bundle = OutputLimit.bounded(shown);
        IopubContent.DisplayData content = new IopubContent.DisplayData(
                MessageJson.bundleTree(bundle.data()),
                MessageJson.bundleTree(bundle.metadata()),
                new IopubContent.Transient(displayId));
        publish(update ? MessageType.UPDATE_DISPLAY_DATA : MessageType.DISPLAY_DATA, content);
    }

    @Override
    public void clearOutput(boolean wait) throws InterruptedException {
        publish(MessageType.CLEAR_OUTPUT, new IopubContent.ClearOutput(wait));
    }

    @Override
    public String readLine(String prompt, boolean password) throws InterruptedException, IOException {
        if (!allowStdin) {
            throw new IOException("this front end does not accept input (allow_stdin is false)");
        }
        try {
            return stdin.ask(parent, session, prompt, password);
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private void publish(MessageType type, IopubContent content) throws InterruptedException {
        iopub.publish(Message.create(parent, type, session, content));
    }
}
