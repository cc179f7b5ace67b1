package dev.jconvex.inprocess;

import dev.jconvex.embedded.EmbeddedOutcome;
import dev.jconvex.embedded.EmbeddedRuntime;
import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.execution.Identity;
import dev.jconvex.execution.internal.ErrorMessages;
import dev.jconvex.execution.internal.FunctionRuntime;
import dev.jconvex.execution.internal.SystemErrors;
import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.sync.SyncConfig;
import dev.jconvex.sync.internal.SyncOutbound;
import dev.jconvex.sync.internal.SyncProtocol;
import dev.jconvex.sync.internal.SyncSession;
import dev.jconvex.values.ConvexValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The embedded transport: an {@link EmbeddedRuntime} over a {@link FunctionRuntime} in the same
 * process, which it owns and closes. Calls go through the runtime's pipeline exactly as HTTP calls do
 * (system errors answered through {@link SystemErrors}); sync sessions are the WebSocket protocol over
 * in-memory channels.
 *
 * <p>{@link #runInMutation} is an internal mutation of an extra module, {@link InMutationModule}: the
 * body is parked under a random token, the mutation is called as admin with that token, and the body's
 * nested calls are that mutation's {@code ctx.runQuery}/{@code ctx.runMutation}.
 */
public final class InProcessRuntime implements EmbeddedRuntime {

    /** The npm protocol level our sessions speak (enables TransitionChunk, wire-protocol §2.12). */
    private static final String SYNC_CLIENT_VERSION = "1.45.0";

    private final FunctionRuntime runtime;
    private final InMutationModule inMutation;
    private final SyncProtocol sync;
    private final AutoCloseable resources;

    private InProcessRuntime(FunctionRuntime runtime, InMutationModule inMutation, AutoCloseable resources) {
        this.runtime = runtime;
        this.inMutation = inMutation;
        this.resources = resources;
        this.sync = SyncProtocol.of(runtime, SyncConfig.defaults());
    }

    /**
     * Starts an embedded runtime: {@code start} is given the modules to register ({@code modules} plus
     * the module behind {@link #runInMutation}) and returns the runtime serving them, which the
     * embedded runtime then owns and closes.
     */
    public static InProcessRuntime start(
            List<ConvexModule> modules, Function<List<ConvexModule>, ? extends FunctionRuntime> start) {
        return start(modules, start, () -> {});
    }

    /**
     * As {@link #start(List, Function)}; {@code resources} (what the modules run on, e.g. a JavaScript
     * engine) are closed after the runtime when this embedded runtime is closed.
     */
    public static InProcessRuntime start(
            List<ConvexModule> modules,
            Function<List<ConvexModule>, ? extends FunctionRuntime> start,
            AutoCloseable resources) {
        InMutationModule inMutation = new InMutationModule();
        List<ConvexModule> all = new ArrayList<>(modules);
        all.add(inMutation);
        return new InProcessRuntime(start.apply(List.copyOf(all)), inMutation, resources);
    }

    @Override
    public CompletableFuture<EmbeddedOutcome> call(FunctionKind kind, String path, ConvexValue.Obj args) {
        return run(FunctionCall.of(kind, path, args));
    }

    @Override
    public CompletableFuture<EmbeddedOutcome> runInMutation(MutationBody body) {
        String token = UUID.randomUUID().toString();
        inMutation.park(token, body);
        FunctionCall call = new FunctionCall(
                InMutationModule.PATH,
                Optional.of(FunctionKind.MUTATION),
                ConvexValue.array(ConvexValue.obj(Map.of("token", ConvexValue.str(token)))),
                Identity.Admin.plain(),
                Optional.empty());
        return run(call).whenComplete((o, e) -> inMutation.unpark(token));
    }

    private CompletableFuture<EmbeddedOutcome> run(FunctionCall unnamed) {
        String requestId = ErrorMessages.httpRequestId(ThreadLocalRandom.current());
        FunctionCall call = unnamed.withRequestId(requestId);
        return runtime.callAsync(call).handle((outcome, error) -> {
            if (error != null) {
                // a system error: the answer HTTP would give (SystemErrors, wire-protocol §1.3)
                SystemErrors.Answer answer = SystemErrors.answer(error);
                answer.log("embedded call " + call.path(), SystemErrors.unwrap(error));
                return new EmbeddedOutcome.Rejected(
                        answer.httpStatus(), answer.code().shortCode(), answer.message());
            }
            return switch (outcome) {
                case FunctionOutcome.Success s -> new EmbeddedOutcome.Success(s.value(), s.logLines());
                case FunctionOutcome.Failure f ->
                    new EmbeddedOutcome.Failure(
                            ErrorMessages.serverError(requestId, f.errorMessage()), f.errorData(), f.logLines());
            };
        });
    }

    @Override
    public SyncChannel openSync(Consumer<String> toClient, Runnable onClosed) {
        AtomicBoolean closed = new AtomicBoolean();
        Runnable closeOnce = () -> {
            if (closed.compareAndSet(false, true)) {
                onClosed.run();
            }
        };
        SyncSession session = sync.open(Optional.of(SYNC_CLIENT_VERSION), new SyncOutbound() {
            @Override
            public void send(String json) {
                toClient.accept(json);
            }

            @Override
            public void close(int code, String reason) {
                closeOnce.run();
            }
        });
        return new SyncChannel() {
            @Override
            public void send(String clientMessage) {
                session.receive(clientMessage);
            }

            @Override
            public void close() {
                session.close();
                closeOnce.run();
            }
        };
    }

    @Override
    public long clearAll() {
        return runtime.clearAll();
    }

    @Override
    public void close() {
        sync.close();
        runtime.close();
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot release the runtime's resources: " + e.getMessage(), e);
        }
    }
}
