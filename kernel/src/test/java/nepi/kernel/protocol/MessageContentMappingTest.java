package nepi.kernel.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import nepi.kernel.jshell.ErrorReport;
import org.junit.jupiter.api.Test;

class MessageContentMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void executeRepliesCarryTheFieldsOfTheirStatusOnly() throws Exception {
        assertThat(MessageJson.toContent(ReplyContent.Execute.ok(3)))
                .isEqualTo(json("{'status':'ok','execution_count':3,'payload':[],'user_expressions':{}}"));
        assertThat(MessageJson.toContent(ReplyContent.Execute.failed(
                        4, new ErrorReport("CompileError", "cannot find symbol", List.of("line 1")))))
                .isEqualTo(json("{'status':'error','execution_count':4,'ename':'CompileError',"
                        + "'evalue':'cannot find symbol','traceback':['line 1']}"));
        assertThat(MessageJson.toContent(ReplyContent.Execute.aborted(5)))
                .isEqualTo(json("{'status':'aborted','execution_count':5}"));
    }

    @Test
    void kernelInfoNamesItsFieldsInSnakeCase() {
        JsonNode content = MessageJson.toContent(new ReplyContent.KernelInfo(
                ReplyContent.Status.OK,
                "5.3",
                "nepi",
                "0.1.0",
                "banner",
                false,
                new ReplyContent.LanguageInfo("java", "17", "text/x-java-source", ".jshell", "java", "java"),
                List.of(new ReplyContent.HelpLink("Java API", "https://example.org"))));
        assertThat(content.fieldNames())
                .toIterable()
                .containsExactly(
                        "status",
                        "protocol_version",
                        "implementation",
                        "implementation_version",
                        "banner",
                        "debugger",
                        "language_info",
                        "help_links");
        assertThat(content.get("language_info").fieldNames())
                .toIterable()
                .containsExactly("name", "version", "mimetype", "file_extension", "pygments_lexer", "codemirror_mode");
        assertThat(content.get("debugger").isBoolean()).isTrue();
        assertThat(content.at("/help_links/0/url").asText()).isEqualTo("https://example.org");
    }

    @Test
    void isCompleteHasAnIndentOnlyWhenOneIsGiven() throws Exception {
        assertThat(MessageJson.toContent(new ReplyContent.IsComplete("incomplete", "    ")))
                .isEqualTo(json("{'status':'incomplete','indent':'    '}"));
        assertThat(MessageJson.toContent(new ReplyContent.IsComplete("complete", null)))
                .isEqualTo(json("{'status':'complete'}"));
    }

    @Test
    void displayDataAlwaysHasATransientPartWithTheDisplayIdWhenThereIsOne() throws Exception {
        JsonNode data = MessageJson.bundleTree(Map.of("text/plain", "x"));
        JsonNode metadata = MessageJson.bundleTree(Map.of());
        assertThat(MessageJson.toContent(
                        new IopubContent.DisplayData(data, metadata, new IopubContent.Transient(null))))
                .isEqualTo(json("{'data':{'text/plain':'x'},'metadata':{},'transient':{}}"));
        assertThat(MessageJson.toContent(
                                new IopubContent.DisplayData(data, metadata, new IopubContent.Transient("progress")))
                        .get("transient"))
                .isEqualTo(json("{'display_id':'progress'}"));
    }

    @Test
    void iopubContentsUseTheProtocolsNames() throws Exception {
        assertThat(MessageJson.toContent(new IopubContent.ClearOutput(true))).isEqualTo(json("{'wait':true}"));
        assertThat(MessageJson.toContent(new IopubContent.Status(IopubContent.ExecutionState.BUSY)))
                .isEqualTo(json("{'execution_state':'busy'}"));
        assertThat(MessageJson.toContent(new IopubContent.ExecuteInput("1+1", 2)))
                .isEqualTo(json("{'code':'1+1','execution_count':2}"));
        assertThat(MessageJson.toContent(new StdinContent.InputRequest("name? ", false)))
                .isEqualTo(json("{'prompt':'name? ','password':false}"));
    }

    @Test
    void historyEntriesAreArraysWithTheOutputPairedWhenAsked() throws Exception {
        JsonNode content = MessageJson.toContent(new ReplyContent.History(
                ReplyContent.Status.OK,
                List.of(
                        ReplyContent.HistoryEntry.of(1, 3, "6 * 7", "42", false),
                        ReplyContent.HistoryEntry.of(1, 4, "int x = 1;", null, true))));
        assertThat(content).isEqualTo(json("{'status':'ok','history':[[1,3,'6 * 7'],[1,4,['int x = 1;',null]]]}"));
    }

    /** A user's own object in a MIME bundle keeps its field names: bundles are user data, not protocol fields. */
    record Point(int xValue, int yValue) {}

    @Test
    void bundleValuesAreWrittenAsTheyAreNotSnakeCased() {
        JsonNode data = MessageJson.bundleTree(Map.of("text/plain", "p", "application/json", new Point(1, 2)));
        assertThat(data.at("/application~1json/xValue").asInt()).isEqualTo(1);
    }

    @Test
    void absentExecuteFieldsTakeTheProtocolsDefaults() throws Exception {
        RequestContent.Execute defaults = MessageJson.read(json("{}"), RequestContent.Execute.class);
        assertThat(defaults).isEqualTo(new RequestContent.Execute("", false, true, true, true));
        RequestContent.Execute silent = MessageJson.read(
                json("{'code':'x','silent':true,'store_history':true,"
                        + "'stop_on_error':false,'allow_stdin':null,'user_expressions':{}}"),
                RequestContent.Execute.class);
        assertThat(silent).isEqualTo(new RequestContent.Execute("x", true, false, true, false));
    }

    @Test
    void completeAndInspectCursorsDefaultToTheEndAndStayInsideTheCode() throws Exception {
        assertThat(MessageJson.read(json("{'code':'abc'}"), RequestContent.Complete.class)
                        .cursorPos())
                .isEqualTo(3);
        assertThat(MessageJson.read(json("{'code':'abc','cursor_pos':99}"), RequestContent.Complete.class)
                        .cursorPos())
                .isEqualTo(3);
        RequestContent.Inspect inspect =
                MessageJson.read(json("{'code':'abc','cursor_pos':-4,'detail_level':1}"), RequestContent.Inspect.class);
        assertThat(inspect.cursorPos()).isZero();
        assertThat(inspect.detailLevel()).isEqualTo(1);
    }

    @Test
    void historyRequestsDefaultToTheLastTenAndReadUnknownAccessTypesAsTail() throws Exception {
        RequestContent.History tail =
                MessageJson.read(json("{'hist_access_type':'sideways'}"), RequestContent.History.class);
        assertThat(tail.histAccessType()).isEqualTo(RequestContent.HistAccessType.TAIL);
        assertThat(tail.n()).isEqualTo(10);
        RequestContent.History search = MessageJson.read(
                json("{'hist_access_type':'search','pattern':'6*'," + "'unique':true,'output':true}"),
                RequestContent.History.class);
        assertThat(search)
                .isEqualTo(new RequestContent.History(true, RequestContent.HistAccessType.SEARCH, 0, 0, 0, "6*", true));
    }

    @Test
    void recordsWithoutFieldsReadAnyObject() throws Exception {
        assertThat(MessageJson.read(json("{'extra':1}"), RequestContent.KernelInfo.class))
                .isEqualTo(new RequestContent.KernelInfo());
        assertThat(MessageJson.read(json("{'value':'typed','status':'ok'}"), StdinContent.InputReply.class)
                        .value())
                .isEqualTo("typed");
    }

    @Test
    void aFieldOfTheWrongKindIsNamedWithWhatItShouldBe() {
        assertThatThrownBy(() -> MessageJson.read(json("{'code':{'nested':1}}"), RequestContent.Execute.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessage("field 'code' should be a string");
        assertThatThrownBy(
                        () -> MessageJson.read(json("{'code':'x','cursor_pos':'end'}"), RequestContent.Complete.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("'cursor_pos'")
                .hasMessageContaining("an integer");
        assertThatThrownBy(() -> MessageJson.read(json("{'restart':[true]}"), RequestContent.Shutdown.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessage("field 'restart' should be true or false");
    }
}
