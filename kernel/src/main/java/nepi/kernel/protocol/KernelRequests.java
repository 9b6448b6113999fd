package nepi.kernel.protocol;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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
 * Answers the requests of the shell and control channels by calling the session, through a map from request type
 * to handler. Every request is framed by {@code status: busy} and {@code status: idle} on iopub, as clients expect.
 * A request whose content does not fit its type is answered with an error, never run.
 */
final class KernelRequests implements RequestChannel.Handler {

    private static final Logger log = LoggerFactory.getLogger(KernelRequests.class);
    static final String IMPLEMENTATION_VERSION = KernelVersion.implementation();
    private static final String INDENT = "    ";

    /** What the kernel does when asked to shut down. */
    interface ShutdownHook {
        void shutdown(boolean restart);
    }

    /** What the handlers ask of the {@link Session}; {@link #of} adapts a real one. */
    interface SessionPort {
        int nextExecutionCount(boolean storeHistory);

        int executionCount();

        ExecuteOutcome execute(String code, int count, boolean storeHistory);

        void interrupt();

        Completion complete(String code, int cursor);

        Optional<MimeBundle> inspect(String code, int cursor, int detailLevel);

        CodeCompleteness isComplete(String code);

        History history();

        static SessionPort of(Session session) {
            return new SessionPort() {
                @Override
                public int nextExecutionCount(boolean storeHistory) {
                    return session.nextExecutionCount(storeHistory);
                }

                @Override
                public int executionCount() {
                    return session.executionCount();
                }

                @Override
                public ExecuteOutcome execute(String code, int count, boolean storeHistory) {
                    return session.execute(code, count, storeHistory);
                }

                @Override
                public void interrupt() {
                    session.interrupt();
                }

                @Override
                public Completion complete(String code, int cursor) {
                    return session.complete(code, cursor);
                }

                @Override
                public Optional<MimeBundle> inspect(String code, int cursor, int detailLevel) {
                    return session.inspect(code, cursor, detailLevel);
                }

                @Override
                public CodeCompleteness isComplete(String code) {
                    return session.isComplete(code);
                }

                @Override
                public History history() {
                    return session.history();
                }
            };
        }
    }

    /**
     * Serves one request whose content has been read as {@code C}.
     *
     * @param <C> the content record of the request type
     */
    @FunctionalInterface
    private interface RequestHandler<C extends RequestContent> {
        /** @return requests to serve once this one is idle (see {@link #execute}) */
        List<Message> serve(Message request, C content, RequestChannel.Replier replier);
    }

    /** A request type's content record and its handler. */
    private record Route<C extends RequestContent>(Class<C> contentType, RequestHandler<C> handler) {
        List<Message> serve(Message request, RequestChannel.Replier replier) throws MalformedMessageException {
            return handler.serve(request, MessageJson.read(request.content(), contentType), replier);
        }
    }

    private final SessionPort session;
    private final Iopub iopub;
    private final WireFrontend frontend;
    private final String sessionId;
    private final ShutdownHook shutdownHook;
    private final Map<MessageType, Route<?>> routes = new EnumMap<>(MessageType.class);

    KernelRequests(
            SessionPort session, Iopub iopub, WireFrontend frontend, String sessionId, ShutdownHook shutdownHook) {
        this.session = session;
        this.iopub = iopub;
        this.frontend = frontend;
        this.sessionId = sessionId;
        this.shutdownHook = shutdownHook;
        answering(MessageType.KERNEL_INFO_REQUEST, RequestContent.KernelInfo.class, content -> kernelInfo());
        routes.put(MessageType.EXECUTE_REQUEST, new Route<>(RequestContent.Execute.class, this::execute));
        answering(MessageType.COMPLETE_REQUEST, RequestContent.Complete.class, this::complete);
        answering(MessageType.INSPECT_REQUEST, RequestContent.Inspect.class, this::inspect);
        answering(MessageType.IS_COMPLETE_REQUEST, RequestContent.IsComplete.class, this::isComplete);
        answering(MessageType.HISTORY_REQUEST, RequestContent.History.class, this::history);
        answering(
                MessageType.COMM_INFO_REQUEST,
                RequestContent.CommInfo.class,
                content -> new ReplyContent.CommInfo(ReplyContent.Status.OK, Map.of()));
        answering(MessageType.INTERRUPT_REQUEST, RequestContent.Interrupt.class, content -> {
            session.interrupt();
            return new ReplyContent.Interrupt(ReplyContent.Status.OK);
        });
        routes.put(MessageType.SHUTDOWN_REQUEST, new Route<>(RequestContent.Shutdown.class, this::shutdown));
    }

    /** A handler that only computes its reply. */
    private <C extends RequestContent> void answering(
            MessageType type, Class<C> contentType, Function<C, ReplyContent> answer) {
        routes.put(type, new Route<>(contentType, (request, content, replier) -> {
            reply(replier, request, answer.apply(content));
            return List.of();
        }));
    }

    @Override
    public void handle(Message request, RequestChannel.Replier replier) {
        Optional<MessageType> type = MessageType.fromWireName(request.type());
        if (type.filter(KernelRequests::isComm).isPresent()) {
            log.debug("ignored {}: this kernel has no comm targets", request.type());
            return;
        }
        Route<?> route = type.map(routes::get).orElse(null);
        List<Message> toAbort = List.of();
        status(request, IopubContent.ExecutionState.BUSY);
        try {
            if (route == null) {
                log.warn("unknown request type {}", request.type());
                if (MessageType.isRequestName(request.type())) {
                    reply(
                            replier,
                            request,
                            ReplyContent.Error.of(ErrorReport.ofMessage(
                                    "UnknownRequest", "this kernel does not handle " + request.type())));
                }
            } else {
                toAbort = route.serve(request, replier);
            }
        } catch (MalformedMessageException e) {
            log.warn("refused {}: {}", request.type(), e.getMessage());
            refuse(
                    request,
                    "the content of " + request.type() + " does not fit the protocol: " + e.getMessage(),
                    replier);
        } finally {
            status(request, IopubContent.ExecutionState.IDLE);
        }
        abortCells(toAbort, replier);
    }

    /** Signed but unusable requests (too large, content not JSON) get an error answer; others are only logged. */
    @Override
    public void rejected(WireCodec.Decoded.Rejected rejected, RequestChannel.Replier replier) {
        Message request = rejected.answerable();
        if (request == null || !MessageType.isRequestName(request.type())) {
            return;
        }
        status(request, IopubContent.ExecutionState.BUSY);
        try {
            refuse(request, rejected.detail(), replier);
        } finally {
            status(request, IopubContent.ExecutionState.IDLE);
        }
    }

    /** The error answer to a request the kernel will not serve; a refused cell shows the error too. */
    private void refuse(Message request, String detail, RequestChannel.Replier replier) {
        ErrorReport report = ErrorReport.ofMessage("BadMessage", "the kernel refused this request: " + detail);
        if (isType(request, MessageType.EXECUTE_REQUEST)) {
            publish(request, MessageType.ERROR, IopubContent.Error.of(report));
        }
        reply(replier, request, ReplyContent.Error.of(report));
    }

    /**
     * @return requests to answer after this one: when the cell failed and asked to stop on error, the requests that
     *         had arrived before the client could know (taken before the error is sent)
     */
    private List<Message> execute(Message request, RequestContent.Execute content, RequestChannel.Replier replier) {
        int count = session.nextExecutionCount(content.storeHistory());
        frontend.serving(request, content.allowStdin());
        if (!content.silent()) {
            publish(request, MessageType.EXECUTE_INPUT, new IopubContent.ExecuteInput(content.code(), count));
        }
        ExecuteOutcome outcome = session.execute(content.code(), count, content.storeHistory());
        if (outcome.error().isPresent()) {
            List<Message> queued = content.stopOnError() ? replier.takeQueued() : List.of();
            ErrorReport error = outcome.error().get();
            publish(request, MessageType.ERROR, IopubContent.Error.of(error));
            reply(replier, request, ReplyContent.Execute.failed(count, error));
            return queued;
        }
        if (!content.silent() && outcome.result().isPresent()) {
            MimeBundle result = OutputLimit.bounded(outcome.result().get());
            publish(
                    request,
                    MessageType.EXECUTE_RESULT,
                    new IopubContent.ExecuteResult(
                            MessageJson.bundleTree(result.data()), MessageJson.bundleTree(result.metadata()), count));
        }
        reply(replier, request, ReplyContent.Execute.ok(count));
        return List.of();
    }

    /** After a failed cell, cells already sent ("Run all") are not run: they build on the failed one. */
    private void abortCells(List<Message> queuedRequests, RequestChannel.Replier replier) {
        for (Message queued : queuedRequests) {
            if (isType(queued, MessageType.EXECUTE_REQUEST)) {
                status(queued, IopubContent.ExecutionState.BUSY);
                reply(replier, queued, ReplyContent.Execute.aborted(session.executionCount()));
                status(queued, IopubContent.ExecutionState.IDLE);
            } else {
                handle(queued, replier);
            }
        }
    }

    private List<Message> shutdown(Message request, RequestContent.Shutdown content, RequestChannel.Replier replier) {
        reply(replier, request, new ReplyContent.Shutdown(ReplyContent.Status.OK, content.restart()));
        shutdownHook.shutdown(content.restart());
        return List.of();
    }

    private ReplyContent complete(RequestContent.Complete content) {
        Completion completion = session.complete(content.code(), content.cursorPos());
        return new ReplyContent.Complete(
                ReplyContent.Status.OK,
                completion.matches(),
                completion.cursorStart(),
                completion.cursorEnd(),
                Map.of());
    }

    private ReplyContent inspect(RequestContent.Inspect content) {
        Optional<MimeBundle> found = session.inspect(content.code(), content.cursorPos(), content.detailLevel());
        MimeBundle bundle = found.orElse(null);
        return new ReplyContent.Inspect(
                ReplyContent.Status.OK,
                found.isPresent(),
                MessageJson.bundleTree(bundle == null ? Map.of() : bundle.data()),
                MessageJson.bundleTree(bundle == null ? Map.of() : bundle.metadata()));
    }

    private ReplyContent isComplete(RequestContent.IsComplete content) {
        CodeCompleteness completeness = session.isComplete(content.code());
        return new ReplyContent.IsComplete(
                completeness.name().toLowerCase(), completeness == CodeCompleteness.INCOMPLETE ? INDENT : null);
    }

    private ReplyContent history(RequestContent.History content) {
        History history = session.history();
        List<History.Entry> entries =
                switch (content.histAccessType()) {
                    case RANGE -> history.range(content.start(), content.stop());
                    case SEARCH -> history.search(content.pattern(), content.n(), content.unique());
                    case TAIL -> history.tail(content.n());
                };
        return new ReplyContent.History(
                ReplyContent.Status.OK,
                entries.stream()
                        .map(entry -> ReplyContent.HistoryEntry.of(
                                History.SESSION, entry.line(), entry.input(), entry.output(), content.output()))
                        .toList());
    }

    private ReplyContent kernelInfo() {
        return new ReplyContent.KernelInfo(
                ReplyContent.Status.OK,
                Header.PROTOCOL_VERSION,
                "nepi",
                IMPLEMENTATION_VERSION,
                "NEPI kernel " + IMPLEMENTATION_VERSION + " - Java " + Runtime.version()
                        + " (JShell); the experiment controller is `ec`",
                false,
                new ReplyContent.LanguageInfo(
                        "java", Runtime.version().feature() + "", "text/x-java-source", ".jshell", "java", "java"),
                List.of(new ReplyContent.HelpLink("Java API", "https://docs.oracle.com/en/java/javase/17/docs/api/")));
    }

    private static boolean isComm(MessageType type) {
        return type == MessageType.COMM_OPEN || type == MessageType.COMM_MSG || type == MessageType.COMM_CLOSE;
    }

    private static boolean isType(Message message, MessageType type) {
        return type.wireName().equals(message.type());
    }

    /** Answers with the request's reply type ({@code foo_request} gets {@code foo_reply}, known or not). */
    private void reply(RequestChannel.Replier replier, Message request, ReplyContent content) {
        String replyType = MessageType.fromWireName(request.type())
                .flatMap(MessageType::reply)
                .map(MessageType::wireName)
                .orElseGet(() -> MessageType.replyName(request.type()));
        replier.send(Message.create(request, replyType, sessionId, MessageJson.toContent(content)));
    }

    private void status(Message request, IopubContent.ExecutionState state) {
        publish(request, MessageType.STATUS, new IopubContent.Status(state));
    }

    private void publish(Message parent, MessageType type, IopubContent content) {
        try {
            iopub.publish(Message.create(parent, type, sessionId, content));
        } catch (InterruptedException e) {
            // Wire-layer threads are never interrupted; if one is, it is being stopped.
            Thread.currentThread().interrupt();
        }
    }
}
