package nepi.kernel.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/** The iopub thread against a real subscriber: no message can stop it. */
class IopubPublisherTest {

    /** A value whose serialisation fails the way a huge one does. */
    public static final class Unencodable {
        public String getValue() {
            throw new OutOfMemoryError("Java heap space (test)");
        }
    }

    private final ZMQ.Context context = ZMQ.context(1);
    private final WireCodec codec = new WireCodec(new MessageSigner("hmac-sha256", "key"), 1 << 20);
    private Thread thread;
    private IopubPublisher publisher;
    private ZMQ.Socket sub;

    @AfterEach
    void stop() throws InterruptedException {
        if (publisher != null) {
            publisher.stop();
            thread.join(5000);
        }
        if (sub != null) {
            sub.close();
        }
        context.term();
    }

    @Test
    void aMessageThatCannotBeEncodedIsReplacedByANoteAndLaterMessagesStillGo() throws Exception {
        ZMQ.Socket xpub = context.socket(SocketType.XPUB);
        xpub.bind("inproc://iopub-test");
        sub = context.socket(SocketType.SUB);
        sub.connect("inproc://iopub-test");
        sub.subscribe(new byte[0]);
        sub.setReceiveTimeOut(5000);
        assertThat(xpub.recv(0)).as("the subscription").isNotNull();
        publisher = new IopubPublisher(xpub, codec, 8);
        thread = new Thread(publisher, "iopub-test");
        thread.start();

        Message cell = Message.create(null, "execute_request", "client", Message.emptyObject());
        ObjectNode huge = Message.emptyObject();
        huge.set("data", new POJONode(new Unencodable()));
        publisher.publish(Message.create(cell, "execute_result", "kernel", huge));
        publisher.publish(Message.create(
                cell,
                "stream",
                "kernel",
                Message.emptyObject().put("name", "stdout").put("text", "after\n")));
        publisher.awaitDrained(Duration.ofSeconds(5));

        List<Message> received = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            List<byte[]> frames = new ArrayList<>();
            do {
                byte[] frame = sub.recv(0);
                assertThat(frame).as("message %d", i).isNotNull();
                frames.add(frame);
            } while (sub.hasReceiveMore());
            received.add(((WireCodec.Decoded.Accepted) codec.decode(frames)).message());
        }
        assertThat(received.get(0).type()).isEqualTo("stream");
        assertThat(received.get(0).content().get("name").asText()).isEqualTo("stderr");
        assertThat(received.get(0).content().get("text").asText())
                .contains("execute_result message could not be sent")
                .contains("OutOfMemoryError");
        assertThat(received.get(0).parentHeader()).isEqualTo(cell.headerJson());
        assertThat(received.get(1).content().get("text").asText()).isEqualTo("after\n");
        assertThat(new String(received.get(1).identities().get(0), StandardCharsets.US_ASCII))
                .isEqualTo("kernel.kernel.stream");
        assertThat(thread.isAlive()).isTrue();
    }
}
