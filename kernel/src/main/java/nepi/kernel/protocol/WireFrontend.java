package nepi.kernel.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import nepi.kernel.display.MimeBundle;
import nepi.kernel.session.Frontend;
import nepi.kernel.session.StreamName;

/**
 * The session's front end over the wire: output goes to iopub as children of the request being served (or of the
 * last one, for output printed between cells by experiment threads), input comes through the stdin channel.
 */
final class WireFrontend implements Frontend {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final IopubPublisher iopub;
    private final StdinChannel stdin;
    private final String session;
    private volatile Message parent;
    private volatile boolean allowStdin;

    WireFrontend(IopubPublisher iopub, StdinChannel stdin, String session) {
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
        ObjectNode content = Message.emptyObject().put("name", stream.wireName()).put("text", text);
        iopub.publish(Message.create(parent, "stream", session, content));
    }

    @Override
    public void display(MimeBundle bundle, String displayId, boolean update) throws InterruptedException {
        ObjectNode content = bundleContent(bundle);
        ObjectNode transientPart = content.putObject("transient");
        if (displayId != null) {
            transientPart.put("display_id", displayId);
        }
        iopub.publish(Message.create(parent, update ? "update_display_data" : "display_data", session, content));
    }

    @Override
    public void clearOutput(boolean wait) throws InterruptedException {
        iopub.publish(Message.create(parent, "clear_output", session, Message.emptyObject().put("wait", wait)));
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

    /** {@code data} and {@code metadata} of a display or result message. */
    static ObjectNode bundleContent(MimeBundle bundle) {
        ObjectNode content = Message.emptyObject();
        content.set("data", JSON.valueToTree(bundle.data()));
        content.set("metadata", JSON.valueToTree(bundle.metadata()));
        return content;
    }
}
