package nepi.kernel.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nepi.kernel.display.MimeBundle;
import nepi.kernel.jshell.CodeCompleteness;
import nepi.kernel.jshell.Completion;
import nepi.kernel.jshell.ErrorReport;
import nepi.kernel.session.ExecuteOutcome;
import nepi.kernel.session.History;
import org.junit.jupiter.api.Test;

/** The request handlers in process: each request as a client sends it, and what the kernel sends back. */
class KernelRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A session that answers from fields set by each test and records what it was asked. */
    private static final class ScriptedSession implements KernelRequests.SessionPort {
        final History history = new History();
        final List<String> calls = new ArrayList<>();
        ExecuteOutcome outcome = new ExecuteOutcome(Optional.empty(), Optional.empty());
        Optional<MimeBundle> inspection = Optional.empty();
        CodeCompleteness completeness = CodeCompleteness.COMPLETE;
        int count;

        @Override
        public int nextExecutionCount(boolean storeHistory) {
            return storeHistory ? ++count : count;
        }

        @Override
        public int executionCount() {
            return count;
        }

        @Override
        public ExecuteOutcome execute(String code, int executionCount, boolean storeHistory) {
            calls.add("execute " + code + " #" + executionCount + (storeHistory ? " stored" : ""));
            return outcome;
        }

        @Override
        public void interrupt() {
            calls.add("interrupt");
        }

        @Override
        public Completion complete(String code, int cursor) {
            calls.add("complete " + code + " @" + cursor);
            return new Completion(List.of("println(", "print("), 11, cursor);
        }

        @Override
        public Optional<MimeBundle> inspect(String code, int cursor, int detailLevel) {
            calls.add("inspect " + code + " @" + cursor + " level " + detailLevel);
            return inspection;
        }

        @Override
        public CodeCompleteness isComplete(String code) {
            return completeness;
        }

        @Override
        public History history() {
            return history;
        }
    }

    /** The client's side of the shell channel: replies sent, and requests that arrived meanwhile. */
    private static final class RecordingReplier implements RequestChannel.Replier {
        final List<Message> sent = new ArrayList<>();
        final List<Message> waiting = new ArrayList<>();

        @Override
        public void send(Message message) {
            sent.add(message);
        }

        @Override
        public List<Message> takeQueued() {
            List<Message> taken = List.copyOf(waiting);
            waiting.clear();
            return taken;
        }
    }

    private final ScriptedSession session = new ScriptedSession();
    private final List<Message> iopub = new ArrayList<>();
    private final RecordingReplier replier = new RecordingReplier();
    private final List<Boolean> shutdowns = new ArrayList<>();
    private final KernelRequests requests = new KernelRequests(
            session,
            iopub::add,
            new WireFrontend(iopub::add, null, "kernel-session"),
            "kernel-session",
            shutdowns::add);

    private static Message request(String type, String content) throws Exception {
        return Message.create(null, type, "client-session", (ObjectNode) JSON.readTree(content.replace('\'', '"')));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private Message onlyReply() {
        assertThat(replier.sent).hasSize(1);
        return replier.sent.get(0);
    }

    private List<String> iopubTypes() {
        return iopub.stream()
                .map(m -> m.type()
                        + (m.type().equals("status")
                                ? ":" + m.content().get("execution_state").asText()
                                : ""))
                .toList();
    }

    @Test
    void kernelInfoDescribesTheKernelBetweenBusyAndIdle() throws Exception {
        Message request = request("kernel_info_request", "{}");
        requests.handle(request, replier);

        Message reply = onlyReply();
        assertThat(reply.type()).isEqualTo("kernel_info_reply");
        assertThat(reply.parentHeader()).isEqualTo(request.headerJson());
        assertThat(reply.content().get("status").asText()).isEqualTo("ok");
        assertThat(reply.content().get("protocol_version").asText()).isEqualTo("5.3");
        assertThat(reply.content().get("implementation").asText()).isEqualTo("nepi");
        assertThat(reply.content().at("/language_info/file_extension").asText()).isEqualTo(".jshell");
        assertThat(reply.content().get("debugger").asBoolean(true)).isFalse();
        assertThat(iopubTypes()).containsExactly("status:busy", "status:idle");
        assertThat(iopub).allSatisfy(m -> assertThat(m.parentHeader()).isEqualTo(request.headerJson()));
    }

    @Test
    void aCellWithAResultShowsItsInputAndResultAndRepliesOk() throws Exception {
        session.outcome = new ExecuteOutcome(Optional.of(MimeBundle.text("42")), Optional.empty());
        requests.handle(request("execute_request", "{'code':'6 * 7','silent':false}"), replier);

        assertThat(session.calls).containsExactly("execute 6 * 7 #1 stored");
        assertThat(iopubTypes()).containsExactly("status:busy", "execute_input", "execute_result", "status:idle");
        assertThat(iopub.get(1).content()).isEqualTo(json("{'code':'6 * 7','execution_count':1}"));
        assertThat(iopub.get(2).content())
                .isEqualTo(json("{'data':{'text/plain':'42'},'metadata':{}," + "'execution_count':1}"));
        assertThat(onlyReply().type()).isEqualTo("execute_reply");
        assertThat(onlyReply().content())
                .isEqualTo(json("{'status':'ok','execution_count':1,'payload':[],'user_expressions':{}}"));
    }

    @Test
    void aSilentCellShowsNothingAndKeepsTheCount() throws Exception {
        session.count = 7;
        session.outcome = new ExecuteOutcome(Optional.of(MimeBundle.text("1")), Optional.empty());
        requests.handle(request("execute_request", "{'code':'1','silent':true,'store_history':true}"), replier);

        assertThat(session.calls).containsExactly("execute 1 #7");
        assertThat(iopubTypes()).containsExactly("status:busy", "status:idle");
        assertThat(onlyReply().content().get("execution_count").asInt()).isEqualTo(7);
    }

    @Test
    void aFailedCellReportsTheErrorAndAbortsTheCellsQueuedBehindIt() throws Exception {
        session.outcome = new ExecuteOutcome(
                Optional.empty(), Optional.of(ErrorReport.ofMessage("IllegalStateException", "planned failure")));
        Message queuedCell = request("execute_request", "{'code':'2'}");
        Message queuedInfo = request("kernel_info_request", "{}");
        replier.waiting.addAll(List.of(queuedCell, queuedInfo));

        requests.handle(request("execute_request", "{'code':'fail()'}"), replier);

        assertThat(session.calls).as("the queued cell is not run").containsExactly("execute fail() #1 stored");
        assertThat(replier.sent)
                .extracting(Message::type)
                .containsExactly("execute_reply", "execute_reply", "kernel_info_reply");
        JsonNode failed = replier.sent.get(0).content();
        assertThat(failed.get("status").asText()).isEqualTo("error");
        assertThat(failed.get("ename").asText()).isEqualTo("IllegalStateException");
        assertThat(failed.get("evalue").asText()).isEqualTo("planned failure");
        assertThat(failed.has("payload")).isFalse();
        assertThat(replier.sent.get(1).content()).isEqualTo(json("{'status':'aborted','execution_count':1}"));
        assertThat(replier.sent.get(1).parentHeader()).isEqualTo(queuedCell.headerJson());
        assertThat(iopubTypes())
                .containsExactly(
                        "status:busy",
                        "execute_input",
                        "error",
                        "status:idle",
                        "status:busy",
                        "status:idle",
                        "status:busy",
                        "status:idle");
    }

    @Test
    void aFailedCellThatDoesNotStopOnErrorLeavesTheQueueAlone() throws Exception {
        session.outcome = new ExecuteOutcome(Optional.empty(), Optional.of(ErrorReport.ofMessage("E", "e")));
        replier.waiting.add(request("execute_request", "{'code':'2'}"));
        requests.handle(request("execute_request", "{'code':'1','stop_on_error':false}"), replier);

        assertThat(replier.sent).hasSize(1);
        assertThat(replier.waiting).hasSize(1);
    }

    @Test
    void completionRepliesWithTheMatchesAndTheirRange() throws Exception {
        requests.handle(request("complete_request", "{'code':'System.out.printl','cursor_pos':99}"), replier);

        assertThat(session.calls).containsExactly("complete System.out.printl @17");
        assertThat(onlyReply().type()).isEqualTo("complete_reply");
        assertThat(onlyReply().content())
                .isEqualTo(json("{'status':'ok','matches':['println(','print('],"
                        + "'cursor_start':11,'cursor_end':17,'metadata':{}}"));
    }

    @Test
    void inspectionFoundOrNotAlwaysHasDataAndMetadata() throws Exception {
        requests.handle(request("inspect_request", "{'code':'Math.max','cursor_pos':4}"), replier);
        assertThat(session.calls).containsExactly("inspect Math.max @4 level 0");
        assertThat(onlyReply().content()).isEqualTo(json("{'status':'ok','found':false,'data':{},'metadata':{}}"));

        replier.sent.clear();
        session.inspection = Optional.of(MimeBundle.html("max(a, b)", "<b>max</b>"));
        requests.handle(request("inspect_request", "{'code':'Math.max','detail_level':1}"), replier);
        assertThat(onlyReply().content())
                .isEqualTo(json("{'status':'ok','found':true,"
                        + "'data':{'text/plain':'max(a, b)','text/html':'<b>max</b>'},'metadata':{}}"));
    }

    @Test
    void isCompleteGivesAnIndentOnlyForIncompleteCode() throws Exception {
        session.completeness = CodeCompleteness.INCOMPLETE;
        requests.handle(request("is_complete_request", "{'code':'void f() {'}"), replier);
        assertThat(onlyReply().content()).isEqualTo(json("{'status':'incomplete','indent':'    '}"));

        replier.sent.clear();
        session.completeness = CodeCompleteness.INVALID;
        requests.handle(request("is_complete_request", "{'code':'1 + 1)'}"), replier);
        assertThat(onlyReply().content()).isEqualTo(json("{'status':'invalid'}"));
    }

    @Test
    void historyAnswersTailRangeAndSearch() throws Exception {
        session.history.add(1, "6 * 7", "42");
        session.history.add(2, "int x = 1;", null);
        session.history.add(3, "6 * 8", "48");

        requests.handle(request("history_request", "{'hist_access_type':'tail','n':1}"), replier);
        assertThat(onlyReply().content()).isEqualTo(json("{'status':'ok','history':[[1,3,'6 * 8']]}"));

        replier.sent.clear();
        requests.handle(
                request("history_request", "{'hist_access_type':'range','start':2,'stop':3," + "'output':true}"),
                replier);
        assertThat(onlyReply().content().get("history")).isEqualTo(json("[[1,2,['int x = 1;',null]]]"));

        replier.sent.clear();
        requests.handle(request("history_request", "{'hist_access_type':'search','pattern':'6 * *'}"), replier);
        assertThat(onlyReply().content().get("history")).isEqualTo(json("[[1,1,'6 * 7'],[1,3,'6 * 8']]"));
    }

    @Test
    void commInfoListsNoCommsAndCommMessagesAreIgnored() throws Exception {
        requests.handle(request("comm_info_request", "{'target_name':'jupyter.widget'}"), replier);
        assertThat(onlyReply().type()).isEqualTo("comm_info_reply");
        assertThat(onlyReply().content()).isEqualTo(json("{'status':'ok','comms':{}}"));

        replier.sent.clear();
        iopub.clear();
        requests.handle(request("comm_open", "{'comm_id':'c1','target_name':'jupyter.widget','data':{}}"), replier);
        assertThat(replier.sent).isEmpty();
        assertThat(iopub).as("not even busy and idle").isEmpty();
    }

    @Test
    void interruptStopsTheSessionsCellAndReplies() throws Exception {
        requests.handle(request("interrupt_request", "{}"), replier);
        assertThat(session.calls).containsExactly("interrupt");
        assertThat(onlyReply().type()).isEqualTo("interrupt_reply");
        assertThat(onlyReply().content()).isEqualTo(json("{'status':'ok'}"));
    }

    @Test
    void shutdownRepliesThenAsksTheKernelToStop() throws Exception {
        requests.handle(request("shutdown_request", "{'restart':true}"), replier);
        assertThat(onlyReply().type()).isEqualTo("shutdown_reply");
        assertThat(onlyReply().content()).isEqualTo(json("{'status':'ok','restart':true}"));
        assertThat(shutdowns).containsExactly(true);
    }

    @Test
    void anUnknownRequestGetsAnErrorReplyOfItsOwnName() throws Exception {
        requests.handle(request("debug_request", "{'command':'initialize'}"), replier);
        assertThat(onlyReply().type()).isEqualTo("debug_reply");
        assertThat(onlyReply().content().get("status").asText()).isEqualTo("error");
        assertThat(onlyReply().content().get("ename").asText()).isEqualTo("UnknownRequest");
        assertThat(onlyReply().content().get("evalue").asText()).contains("debug_request");
    }

    @Test
    void anUnknownMessageThatIsNoRequestIsNotAnswered() throws Exception {
        requests.handle(request("custom_event", "{}"), replier);
        assertThat(replier.sent).isEmpty();
        assertThat(iopubTypes()).containsExactly("status:busy", "status:idle");
    }

    @Test
    void aCellWhoseContentDoesNotFitIsRefusedWithAnErrorNotRun() throws Exception {
        requests.handle(request("execute_request", "{'code':{'not':'a string'}}"), replier);

        assertThat(session.calls).isEmpty();
        assertThat(onlyReply().type()).isEqualTo("execute_reply");
        assertThat(onlyReply().content().get("status").asText()).isEqualTo("error");
        assertThat(onlyReply().content().get("ename").asText()).isEqualTo("BadMessage");
        assertThat(onlyReply().content().get("evalue").asText())
                .isEqualTo("the kernel refused this request: the content of execute_request does not fit the "
                        + "protocol: field 'code' should be a string");
        assertThat(iopubTypes()).containsExactly("status:busy", "error", "status:idle");
    }

    @Test
    void otherRequestsWhoseContentDoesNotFitGetAnErrorReply() throws Exception {
        requests.handle(request("complete_request", "{'code':'x','cursor_pos':[1]}"), replier);
        assertThat(session.calls).isEmpty();
        assertThat(onlyReply().type()).isEqualTo("complete_reply");
        assertThat(onlyReply().content().get("evalue").asText()).contains("'cursor_pos' should be an integer");
        assertThat(iopubTypes()).as("only a cell shows the error").containsExactly("status:busy", "status:idle");

        replier.sent.clear();
        requests.handle(request("shutdown_request", "{'restart':'maybe'}"), replier);
        assertThat(onlyReply().content().get("status").asText()).isEqualTo("error");
        assertThat(shutdowns).isEmpty();
    }

    @Test
    void aSignedRequestRejectedByTheCodecIsAnsweredWithTheReason() throws Exception {
        Message headerOnly = request("execute_request", "{}");
        requests.rejected(
                new WireCodec.Decoded.Rejected(
                        WireCodec.Rejection.TOO_LARGE,
                        "message of 20 bytes is larger than the limit of 10 bytes",
                        headerOnly),
                replier);

        assertThat(onlyReply().type()).isEqualTo("execute_reply");
        assertThat(onlyReply().content().get("evalue").asText())
                .isEqualTo("the kernel refused this request: message of 20 bytes is larger than the limit of 10 bytes");
        assertThat(iopubTypes()).containsExactly("status:busy", "error", "status:idle");
    }

    @Test
    void aRejectedMessageWithoutAReadableHeaderIsOnlyLogged() {
        requests.rejected(new WireCodec.Decoded.Rejected(WireCodec.Rejection.BAD_SIGNATURE, "bad", null), replier);
        assertThat(replier.sent).isEmpty();
        assertThat(iopub).isEmpty();
    }
}
