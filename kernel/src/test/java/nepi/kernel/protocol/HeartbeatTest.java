package nepi.kernel.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/** A broken kernel must not look alive: its heartbeat stops answering. */
class HeartbeatTest {

    @Test
    void echoesPingsWhileHealthyAndStopsOnceTheKernelIsBroken() throws Exception {
        ZMQ.Context context = ZMQ.context(1);
        AtomicBoolean healthy = new AtomicBoolean(true);
        ZMQ.Socket rep = context.socket(SocketType.REP);
        rep.bind("inproc://heartbeat-test");
        ZMQ.Socket req = context.socket(SocketType.REQ);
        req.setReceiveTimeOut(1000);
        req.setLinger(0);
        req.connect("inproc://heartbeat-test");
        Thread thread = new Thread(new Heartbeat(rep, healthy::get), "heartbeat-test");
        thread.start();
        try {
            req.send("ping-1");
            assertThat(new String(req.recv(0), StandardCharsets.US_ASCII)).isEqualTo("ping-1");
            healthy.set(false);
            req.send("ping-2");
            assertThat(req.recv(0)).as("an answer from a broken kernel").isNull();
            thread.join(2000);
            assertThat(thread.isAlive()).isFalse();
        } finally {
            req.close();
            context.term();
        }
    }
}
