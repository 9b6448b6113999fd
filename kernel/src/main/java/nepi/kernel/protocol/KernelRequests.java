package nepi.kernel.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import nepi.kernel.display.MimeBundle;
import nepi.kernel.jshell.CodeCompleteness;
import nepi.kernel.jshell.Completion;
import nepi.kernel.jshell.ErrorReport;
import nepi.kernel.session.ExecuteOutcome;
import nepi.kernel.session.History;
import nepi.kernel.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the requests of the shell and control channels by calling the {@link Session}. Every request is framed by
 * {@code status: busy} and {@code status: idle} on iopub, as clients expect.
 */
final class KernelRequests implements RequestChannel.Handler {

    private static final Logger log = LoggerFactory.getLogger(KernelRequests.class);
    static final String IMPLEMENTATION_VERSION = KernelVersion.implementation();

    /** What the kernel does when asked to shut down. */
    interface ShutdownHook {
        void shutdown(boolean restart);
    }

    private final Session session;
    private final IopubPublisher iopub;
    private final WireFrontend frontend;
    private final String sessionId;
    private final ShutdownHook shutdownHook;

    KernelRequests(Session session, IopubPublisher iopub, WireFrontend frontend, String sessionId,
                   ShutdownHook shutdownHook) {
        this.session = session;
        this.iopub = iopub;
        this.frontend = frontend;
        this.sessionId = sessionId;
        this.shutdownHook = shutdownHook;
    }

    @Override
    public void handle(Message request, RequestChannel.Replier replier) {
        String type = request.type();
        if (type.startsWith("comm_") && !type.equals("comm_info_request")) {
            log.debug("ignored {}: this kernel has no comm targets", type);
            return;
        }
        List<Message> toAbort = List.of();
        status(request, "busy");
        try {
            switch (type) {
                case "kernel_info_request" -> reply(replier, request, kernelInfo());
                case "execute_request" -> toAbort = execute(request, replier);
                case "complete_request" -> reply(replier, request, complete(request.content()));
                case "inspect_request" -> reply(replier, request, inspect(request.content()));
                case "is_complete_request" -> reply(replier, request, isComplete(request.content()));
                case "history_request" -> reply(replier, request, history(request.content()));
                case "comm_info_request" -> reply(replier, request, ok().set("comms", Message.emptyObject()));
                case "interrupt_request" -> {
                    session.interrupt();
                    reply(replier, request, ok());
                }
                case "shutdown_request" -> {
                    boolean restart = request.content().path("restart").asBoolean(false);
                    reply(replier, request, ok().put("restart", restart));
                    shutdownHook.shutdown(restart);
                }
                default -> {
                    log.warn("unknown request type {}", type);
                    if (type.endsWith("_request")) {
                        reply(replier, request, error("UnknownRequest", "this kernel does not handle " + type));
                    }
                }
            }
        } finally {
            status(request, "idle");
        }
        abortCells(toAbort, replier);
    }

    /** Signed but unusable requests (too large, content not JSON) get an error answer; others are only logged. */
    @Override
    public void rejected(WireCodec.Decoded.Rejected rejected, RequestChannel.Replier replier) {
        Message request = rejected.answerable();
        if (request == null || !request.type().endsWith("_request")) {
            return;
        }
        status(request, "busy");
        try {
            ErrorReport report = ErrorReport.ofMessage("BadMessage", "the kernel refused this request: "
                    + rejected.detail());
            if (request.type().equals("execute_request")) {
                publish(request, "error", errorContent(report));
            }
            reply(replier, request, errorContent(report).put("status", "error"));
        } finally {
            status(request, "idle");
        }
    }

    /**
     * @return requests to answer after this one: when the cell failed and asked to stop on error, the requests that
     *         had arrived before the client could know (taken before the error is sent)
     */
    private List<Message> execute(Message request, RequestChannel.Replier replier) {
        JsonNode content = request.content();
        String code = content.path("code").asText("");
        boolean silent = content.path("silent").asBoolean(false);
        boolean storeHistory = content.path("store_history").asBoolean(!silent) && !silent;
        boolean stopOnError = content.path("stop_on_error").asBoolean(true);
        int count = session.nextExecutionCount(storeHistory);
        frontend.serving(request, content.path("allow_stdin").asBoolean(true));
        if (!silent) {
            publish(request, "execute_input", Message.emptyObject().put("code", code).put("execution_count", count));
        }
        ExecuteOutcome outcome = session.execute(code, count, storeHistory);
        if (outcome.error().isPresent()) {
            List<Message> queued = stopOnError ? replier.takeQueued() : List.of();
            ErrorReport error = outcome.error().get();
            publish(request, "error", errorContent(error));
            reply(replier, request, errorContent(error).put("status", "error").put("execution_count", count));
            return queued;
        }
        if (!silent && outcome.result().isPresent()) {
            ObjectNode result = WireFrontend.bundleContent(outcome.result().get());
            result.put("execution_count", count);
            publish(request, "execute_result", result);
        }
        reply(replier, request, ok().put("execution_count", count)
                .<ObjectNode>set("payload", Message.emptyObject().arrayNode())
                .set("user_expressions", Message.emptyObject()));
        return List.of();
    }

    /** After a failed cell, cells already sent ("Run all") are not run: they build on the failed one. */
    private void abortCells(List<Message> queuedRequests, RequestChannel.Replier replier) {
        for (Message queued : queuedRequests) {
            if (queued.type().equals("execute_request")) {
                status(queued, "busy");
                reply(replier, queued, Message.emptyObject().put("status", "aborted")
                        .put("execution_count", session.executionCount()));
                status(queued, "idle");
            } else {
                handle(queued, replier);
            }
        }
    }

    private ObjectNode complete(JsonNode content) {
        String code = content.path("code").asText("");
        int cursor = clampCursor(code, content.path("cursor_pos").asInt(code.length()));
        Completion completion = session.complete(code, cursor);
        ObjectNode reply = ok();
        ArrayNode matches = reply.putArray("matches");
        completion.matches().forEach(matches::add);
        reply.put("cursor_start", completion.cursorStart());
        reply.put("cursor_end", completion.cursorEnd());
        reply.set("metadata", Message.emptyObject());
        return reply;
    }

    private ObjectNode inspect(JsonNode content) {
        String code = content.path("code").asText("");
        int cursor = clampCursor(code, content.path("cursor_pos").asInt(code.length()));
        Optional<MimeBundle> found = session.inspect(code, cursor, content.path("detail_level").asInt(0));
        ObjectNode reply = ok().put("found", found.isPresent());
        ObjectNode bundle = found.map(WireFrontend::bundleContent).orElseGet(() -> {
            ObjectNode empty = Message.emptyObject();
            empty.putObject("data");
            empty.putObject("metadata");
            return empty;
        });
        reply.set("data", bundle.get("data"));
        reply.set("metadata", bundle.get("metadata"));
        return reply;
    }

    private ObjectNode isComplete(JsonNode content) {
        CodeCompleteness completeness = session.isComplete(content.path("code").asText(""));
        ObjectNode reply = Message.emptyObject().put("status", completeness.name().toLowerCase());
        if (completeness == CodeCompleteness.INCOMPLETE) {
            reply.put("indent", "    ");
        }
        return reply;
    }

    private ObjectNode history(JsonNode content) {
        boolean output = content.path("output").asBoolean(false);
        History history = session.history();
        List<History.Entry> entries = switch (content.path("hist_access_type").asText("tail")) {
            case "range" -> history.range(content.path("start").asInt(0), content.path("stop").asInt(0));
            case "search" -> history.search(content.path("pattern").asText("*"), content.path("n").asInt(0),
                    content.path("unique").asBoolean(false));
            default -> history.tail(content.path("n").asInt(10));
        };
        ObjectNode reply = ok();
        ArrayNode list = reply.putArray("history");
        for (History.Entry entry : entries) {
            ArrayNode item = list.addArray().add(History.SESSION).add(entry.line());
            if (output) {
                item.addArray().add(entry.input()).add(entry.output());
            } else {
                item.add(entry.input());
            }
        }
        return reply;
    }

    private ObjectNode kernelInfo() {
        ObjectNode reply = ok()
                .put("protocol_version", Header.PROTOCOL_VERSION)
                .put("implementation", "nepi")
                .put("implementation_version", IMPLEMENTATION_VERSION)
                .put("banner", "NEPI kernel " + IMPLEMENTATION_VERSION + " - Java " + Runtime.version()
                        + " (JShell); the experiment controller is `ec`")
                .put("debugger", false);
        reply.putObject("language_info")
                .put("name", "java")
                .put("version", Runtime.version().feature() + "")
                .put("mimetype", "text/x-java-source")
                .put("file_extension", ".jshell")
                .put("pygments_lexer", "java")
                .put("codemirror_mode", "java");
        reply.putArray("help_links").addObject()
                .put("text", "Java API").put("url", "https://docs.oracle.com/en/java/javase/17/docs/api/");
        return reply;
    }

    private static int clampCursor(String code, int cursor) {
        return Math.max(0, Math.min(code.length(), cursor));
    }

    private static ObjectNode ok() {
        return Message.emptyObject().put("status", "ok");
    }

    private static ObjectNode error(String name, String value) {
        return errorContent(ErrorReport.ofMessage(name, value)).put("status", "error");
    }

    private static ObjectNode errorContent(ErrorReport report) {
        ObjectNode content = Message.emptyObject().put("ename", report.name()).put("evalue", report.value());
        ArrayNode traceback = content.putArray("traceback");
        report.traceback().forEach(traceback::add);
        return content;
    }

    private void reply(RequestChannel.Replier replier, Message request, ObjectNode content) {
        String type = request.type().replace("_request", "_reply");
        replier.send(Message.create(request, type, sessionId, content));
    }

    private void status(Message request, String state) {
        publish(request, "status", Message.emptyObject().put("execution_state", state));
    }

    private void publish(Message parent, String type, ObjectNode content) {
        try {
            iopub.publish(Message.create(parent, type, sessionId, content));
        } catch (InterruptedException e) {
            // Wire-layer threads are never interrupted; if one is, it is being stopped.
            Thread.currentThread().interrupt();
        }
    }
}
