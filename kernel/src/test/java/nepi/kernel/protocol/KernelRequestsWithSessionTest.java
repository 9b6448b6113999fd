package nepi.kernel.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import nepi.kernel.display.Display;
import nepi.kernel.display.Renderers;
import nepi.kernel.session.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The request handlers in front of a real session (JShell and an experiment controller), without sockets. */
class KernelRequestsWithSessionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Message> iopub = Collections.synchronizedList(new ArrayList<>());
    private static final List<Message> replies = new ArrayList<>();
    private static final RequestChannel.Replier replier = new RequestChannel.Replier() {
        @Override
        public void send(Message message) {
            replies.add(message);
        }

        @Override
        public List<Message> takeQueued() {
            return List.of();
        }
    };

    private static PrintStream systemOut;
    private static PrintStream systemErr;
    private static InputStream systemIn;
    private static Session session;
    private static KernelRequests requests;

    @BeforeAll
    static void startSession() {
        // The session takes over the JVM's standard streams; they are given back after the class.
        systemOut = System.out;
        systemErr = System.err;
        systemIn = System.in;
        WireFrontend frontend = new WireFrontend(iopub::add, null, "kernel-session");
        session = new Session(frontend, new PrintStream(OutputStream.nullOutputStream()));
        requests = new KernelRequests(
                KernelRequests.SessionPort.of(session), iopub::add, frontend, "kernel-session", restart -> {});
        session.start();
    }

    @AfterAll
    static void closeSession() {
        session.close();
        System.setOut(systemOut);
        System.setErr(systemErr);
        System.setIn(systemIn);
        Display.install(Renderers.withDefaults(), null);
    }

    @BeforeEach
    void clear() {
        iopub.clear();
        replies.clear();
    }

    private static Message request(String type, String content) throws Exception {
        return Message.create(null, type, "client-session", (ObjectNode) JSON.readTree(content.replace('\'', '"')));
    }

    private static JsonNode reply() {
        assertThat(replies).hasSize(1);
        return replies.get(0).content();
    }

    private static List<Message> iopubOfType(String type) {
        synchronized (iopub) {
            return iopub.stream().filter(m -> m.type().equals(type)).toList();
        }
    }

    @Test
    void aCellsValueIsItsExecuteResult() throws Exception {
        requests.handle(request("execute_request", "{'code':'6 * 7'}"), replier);

        assertThat(reply().get("status").asText()).isEqualTo("ok");
        int count = reply().get("execution_count").asInt();
        assertThat(iopubOfType("execute_result")).singleElement().satisfies(result -> {
            assertThat(result.content().at("/data/text~1plain").asText()).isEqualTo("42");
            assertThat(result.content().get("execution_count").asInt()).isEqualTo(count);
        });
    }

    @Test
    void aCompileErrorIsAnErrorReplyAndAnErrorOutput() throws Exception {
        requests.handle(request("execute_request", "{'code':'int x = ;'}"), replier);

        assertThat(reply().get("status").asText()).isEqualTo("error");
        assertThat(reply().get("ename").asText()).isEqualTo("CompileError");
        assertThat(iopubOfType("error")).singleElement().satisfies(error -> assertThat(
                        error.content().get("ename").asText())
                .isEqualTo("CompileError"));
    }

    @Test
    void printedTextArrivesAsAStream() throws Exception {
        requests.handle(request("execute_request", "{'code':'System.out.println(\\\"hello\\\");'}"), replier);

        assertThat(reply().get("status").asText()).isEqualTo("ok");
        assertThat(iopubOfType("stream"))
                .extracting(m -> m.content().get("name").asText() + ":"
                        + m.content().get("text").asText())
                .containsExactly("stdout:hello\n");
    }

    @Test
    void completionFindsJavaMethods() throws Exception {
        requests.handle(request("complete_request", "{'code':'Integer.parseI','cursor_pos':14}"), replier);

        assertThat(reply().get("status").asText()).isEqualTo("ok");
        assertThat(reply().get("matches")).extracting(JsonNode::asText).contains("parseInt(");
        assertThat(reply().get("cursor_end").asInt()).isEqualTo(14);
    }

    @Test
    void anOpenBlockIsIncompleteWithAnIndent() throws Exception {
        requests.handle(request("is_complete_request", "{'code':'void f() {'}"), replier);

        assertThat(reply()).isEqualTo(JSON.readTree("{\"status\":\"incomplete\",\"indent\":\"    \"}"));
    }

    @Test
    void historyListsTheCellsRunWithTheirOutput() throws Exception {
        requests.handle(request("execute_request", "{'code':'40 + 2'}"), replier);
        replies.clear();
        requests.handle(
                request("history_request", "{'hist_access_type':'search','pattern':'40 + *'," + "'output':true}"),
                replier);

        assertThat(reply().get("history")).singleElement().satisfies(entry -> assertThat(entry.get(2))
                .isEqualTo(JSON.readTree("[\"40 + 2\", \"42\"]")));
    }
}
