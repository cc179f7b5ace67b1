package dev.jconvex.sync.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.execution.Identity;
import dev.jconvex.execution.internal.ErrorMessages;
import dev.jconvex.execution.internal.FunctionRuntime;
import dev.jconvex.execution.internal.SystemErrors;
import dev.jconvex.execution.internal.UserIdentities;
import dev.jconvex.protocol.ClientMessage;
import dev.jconvex.protocol.EncodedValue;
import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.protocol.FunctionPath;
import dev.jconvex.protocol.ServerMessage;
import dev.jconvex.protocol.StateVersion;
import dev.jconvex.protocol.Timestamp;
import dev.jconvex.sync.SyncClock;
import dev.jconvex.sync.SyncConfig;
import dev.jconvex.values.ConvexJson;
import dev.jconvex.values.ConvexValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of one sync connection (wire-protocol §2), run by one virtual thread that
 * consumes the session's event queue: client messages, results from the {@link SubscriptionHub},
 * and completions of mutations and actions all become events, handled one at a time in arrival
 * order. Nothing else touches the session's state, so message order on the wire follows directly.
 *
 * <p><b>Versions (§2.5).</b> {@code receivedQuerySet}/{@code receivedIdentity} count what the client
 * asked for; {@code current} is the last {@code endVersion} sent. Every Transition starts at {@code
 * current}. A Transition is held back while a subscription's first result is being computed, so the
 * Transition that reaches query-set version N carries a result for every query added up to N.
 *
 * <p><b>Timestamps.</b> The session's {@code knownTs} only advances through labels the hub attached
 * to events in this queue; since the hub posts a commit's notifications before any later label, a
 * Transition at {@code ts} always reflects every commit up to {@code ts} in its queries. After a
 * successful mutation at {@code ts} the session waits for the hub to process {@code ts} and then
 * sends a Transition with {@code endVersion.ts >= ts} even when nothing changed (§2.7), which is what
 * resolves the client's promise after it can already read its own write.
 *
 * <p><b>Mutations</b> run one at a time in arrival order; <b>actions</b> run concurrently (§2.7).
 */
final class SessionStateMachine implements SyncSession, SubscriptionHub.Subscriber {

    private static final Logger LOG = LoggerFactory.getLogger(SessionStateMachine.class);

    private sealed interface Event {}

    private record Inbound(String text) implements Event {}

    private record Changed(Timestamp processed, Map<QueryKey, QueryResult> results) implements Event {}

    private record Fetched(SubscriptionHub.Subscribed subscribed) implements Event {}

    private record FetchFailed(Throwable error) implements Event {}

    /** A mutation ended: {@code outcome} when the runtime answered, else the system {@code error}. */
    private record MutationDone(PendingMutation mutation, FunctionOutcome outcome, Throwable error) implements Event {}

    /** An action ended: {@code outcome} when the runtime answered, else the system {@code error}. */
    private record ActionDone(long requestId, FunctionOutcome outcome, Throwable error) implements Event {}

    private record Processed(Timestamp ts) implements Event {}

    private record Shutdown() implements Event {}

    /** The clock's wake-up: a ping or the token's expiry may be due. */
    private record Tick() implements Event {}

    private record PendingMutation(long requestId, FunctionCall call) {}

    /** One subscription of this client. */
    private static final class Subscription {
        final long queryId;
        QueryKey key;

        @Nullable
        QueryResult delivered;

        boolean awaitingFirstResult = true;

        Subscription(long queryId, QueryKey key) {
            this.queryId = queryId;
            this.key = key;
        }
    }

    private final FunctionRuntime runtime;
    private final SyncConfig config;
    private final SubscriptionHub hub;
    private final SyncOutbound outbound;
    private final SyncClock clock;
    private final boolean chunkedTransitions;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();

    // Everything below is touched only by the session thread.
    private String sessionId = "";
    private Optional<Long> clientClockSkew = Optional.empty();
    private Identity identity = Identity.anonymous();
    /** When the current user token's {@code exp} passes, on the {@link SyncClock#nanos()} clock. */
    private Optional<Long> identityExpiresAtNanos = Optional.empty();

    private long receivedQuerySet;
    private long receivedIdentity;
    private StateVersion current = StateVersion.INITIAL;
    private Timestamp knownTs;
    private boolean mustSendTransition;
    private int fetchesInFlight;
    private final Map<Long, Subscription> subscriptions = new LinkedHashMap<>();
    private final Map<Long, ServerMessage.StateModification> pendingModifications = new LinkedHashMap<>();
    private final ArrayDeque<PendingMutation> mutationQueue = new ArrayDeque<>();
    private boolean mutationRunning;
    private long lastSentNanos;
    /** The deadline the clock will wake the session at, and how to cancel it; none when unarmed. */
    private long wakeAtNanos;

    private @Nullable Runnable cancelWake;
    private volatile boolean closed;
    private final SyncMetrics metrics;

    SessionStateMachine(
            FunctionRuntime runtime,
            SyncConfig config,
            SubscriptionHub hub,
            SyncOutbound outbound,
            boolean chunkedTransitions,
            SyncMetrics metrics) {
        this.metrics = metrics;
        this.runtime = runtime;
        this.config = config;
        this.hub = hub;
        this.outbound = outbound;
        this.chunkedTransitions = chunkedTransitions;
        this.knownTs = hub.processed();
        this.clock = config.clock();
        this.lastSentNanos = clock.nanos();
    }

    void start() {
        metrics.sessions.incrementAndGet(); // until run() ends, whatever ends it
        Thread.ofVirtual().name("jconvex-sync-session").start(this::run);
    }

    @Override
    public void receive(String json) {
        if (!closed) {
            events.add(new Inbound(json));
        }
    }

    @Override
    public void close() {
        events.add(new Shutdown());
    }

    @Override
    public void queriesChanged(Timestamp processed, Map<QueryKey, QueryResult> results) {
        events.add(new Changed(processed, results));
    }

    /**
     * Handles events until the session ends. Pings and token expiry are deadlines on the injected
     * {@link SyncClock}: after each event the session asks the clock to wake it (a {@link Tick}) at
     * the earliest one, so nothing here waits on real time.
     */
    private void run() {
        try {
            armWake();
            while (!closed) {
                handle(events.take());
                armWake();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            disarmWake();
            release();
            metrics.sessions.decrementAndGet();
        }
    }

    private void onTick() {
        cancelWake = null;
        long now = clock.nanos();
        if (identityExpiresAtNanos.isPresent() && now >= identityExpiresAtNanos.get()) {
            // §2.8: an identity that expires mid-session ends it, without an auth attempt.
            send(new ServerMessage.AuthError(
                    "Convex token identity expired", Optional.of(receivedIdentity), Optional.of(false)));
            end(SyncOutbound.NO_STATUS_CODE, "");
        } else if (now - lastSentNanos >= config.pingInterval().toNanos()) {
            send(new ServerMessage.Ping()); // §2.9: nothing sent for pingInterval
        }
    }

    /** Asks the clock for a {@link Tick} at the next deadline, unless one is due by then already. */
    private void armWake() {
        if (closed) {
            return;
        }
        long deadline = lastSentNanos + config.pingInterval().toNanos();
        if (identityExpiresAtNanos.isPresent()) {
            deadline = Math.min(deadline, identityExpiresAtNanos.get());
        }
        if (cancelWake != null && wakeAtNanos - deadline <= 0) {
            return; // an earlier (or the same) wake-up is pending; it re-arms for this one
        }
        disarmWake();
        wakeAtNanos = deadline;
        cancelWake = clock.schedule(deadline - clock.nanos(), () -> events.add(new Tick()));
    }

    private void disarmWake() {
        if (cancelWake != null) {
            cancelWake.run();
            cancelWake = null;
        }
    }

    private void handle(Event event) {
        try {
            switch (event) {
                case Inbound in -> onClientMessage(parse(in.text()));
                case Changed c -> onChanged(c.processed(), c.results());
                case Fetched f -> onFetched(f.subscribed());
                case FetchFailed f -> {
                    LOG.error("computing subscribed queries failed", f.error());
                    end(SyncOutbound.INTERNAL_ERROR, "InternalServerError");
                }
                case MutationDone m -> {
                    if (m.error() == null) {
                        onMutationDone(m.mutation(), m.outcome());
                    } else {
                        mutationRunning = false;
                        onSystemError(FunctionKind.MUTATION, m.mutation().requestId(), m.error());
                        startNextMutation();
                    }
                }
                case ActionDone a -> {
                    if (a.error() == null) {
                        onActionDone(a.requestId(), a.outcome());
                    } else {
                        onSystemError(FunctionKind.ACTION, a.requestId(), a.error());
                    }
                }
                case Processed p -> {
                    advanceKnownTs(p.ts());
                    mustSendTransition = true;
                    flush();
                }
                case Shutdown s -> closed = true;
                case Tick t -> onTick();
            }
        } catch (ProtocolViolation v) {
            switch (v.kind()) {
                case FATAL -> {
                    send(new ServerMessage.FatalError(String.valueOf(v.getMessage()))); // §2.10
                    end(SyncOutbound.NO_STATUS_CODE, "");
                }
                case INTERNAL -> {
                    LOG.warn("sync session {}: {}", sessionId, v.getMessage());
                    end(SyncOutbound.INTERNAL_ERROR, "InternalServerError");
                }
            }
        } catch (RuntimeException e) {
            LOG.error("sync session {} failed", sessionId, e);
            end(SyncOutbound.INTERNAL_ERROR, "InternalServerError");
        }
    }

    /** One client frame, or the fatal violation Convex answers a malformed one with (§2.10). */
    private static ClientMessage parse(String text) {
        try {
            return ClientMessage.parse(text);
        } catch (ClientMessage.Malformed e) {
            throw ProtocolViolation.invalidJson(String.valueOf(e.getMessage()));
        }
    }

    private void onClientMessage(ClientMessage message) {
        switch (message) {
            case ClientMessage.Connect c -> {
                sessionId = c.sessionId();
                clientClockSkew = c.clientTs().map(ms -> Math.round(ms) - clock.millis());
            }
            case ClientMessage.ModifyQuerySet m -> onModifyQuerySet(m);
            case ClientMessage.Mutation m -> onMutation(m);
            case ClientMessage.Action a -> onAction(a);
            case ClientMessage.Authenticate a -> onAuthenticate(a);
            case ClientMessage.Event e -> {} // telemetry: accepted and ignored (§2.3)
        }
    }

    // ---------------------------------------------------------------- query set (§2.5)

    private void onModifyQuerySet(ClientMessage.ModifyQuerySet m) {
        if (m.baseVersion() != receivedQuerySet) {
            throw ProtocolViolation.fatal("Base version " + m.baseVersion()
                    + " passed up doesn't match the current version " + receivedQuerySet);
        }
        if (m.newVersion() <= m.baseVersion()) {
            throw ProtocolViolation.internal("New query set version " + m.newVersion()
                    + " must be greater than the base version " + m.baseVersion());
        }
        List<QueryKey> added = new ArrayList<>();
        List<QueryKey> removed = new ArrayList<>();
        for (ClientMessage.QuerySetChange change : m.modifications()) {
            switch (change) {
                case ClientMessage.Add add -> {
                    if (subscriptions.containsKey(add.queryId())) {
                        throw ProtocolViolation.internal("Duplicate query id " + add.queryId());
                    }
                    QueryKey key = QueryKey.of(path(add.udfPath()), args(add.args()), identity);
                    subscriptions.put(add.queryId(), new Subscription(add.queryId(), key));
                    pendingModifications.remove(add.queryId());
                    added.add(key);
                }
                case ClientMessage.Remove remove -> {
                    Subscription s = subscriptions.remove(remove.queryId());
                    if (s == null) {
                        throw ProtocolViolation.internal("Removing unknown query id " + remove.queryId());
                    }
                    removed.add(s.key);
                    pendingModifications.put(remove.queryId(), new ServerMessage.QueryRemoved(remove.queryId()));
                }
            }
        }
        receivedQuerySet = m.newVersion();
        hub.unsubscribe(this, removed);
        fetch(added);
        flush();
    }

    private void fetch(List<QueryKey> keys) {
        if (keys.isEmpty()) {
            return;
        }
        fetchesInFlight++;
        hub.subscribe(this, keys)
                .whenComplete((subscribed, error) ->
                        events.add(error == null ? new Fetched(subscribed) : new FetchFailed(error)));
    }

    private void onFetched(SubscriptionHub.Subscribed subscribed) {
        fetchesInFlight--;
        advanceKnownTs(subscribed.processed());
        for (Subscription s : subscriptions.values()) {
            QueryResult result = subscribed.results().get(s.key);
            if (s.awaitingFirstResult && result != null) {
                deliver(s, result);
            }
        }
        flush();
    }

    private void onChanged(Timestamp processed, Map<QueryKey, QueryResult> results) {
        advanceKnownTs(processed);
        for (Subscription s : subscriptions.values()) {
            QueryResult result = results.get(s.key);
            if (result != null) {
                deliver(s, result);
            }
        }
        flush();
    }

    private void deliver(Subscription s, QueryResult result) {
        s.awaitingFirstResult = false;
        if (s.delivered != null && s.delivered.sameAs(result)) {
            return;
        }
        s.delivered = result;
        pendingModifications.put(s.queryId, result.modification(s.queryId));
    }

    private void advanceKnownTs(Timestamp ts) {
        if (ts.compareTo(knownTs) > 0) {
            knownTs = ts;
        }
    }

    /** Sends the Transition that brings the client up to date, if there is anything to tell it. */
    private void flush() {
        if (closed || fetchesInFlight > 0) {
            return;
        }
        Timestamp ts = knownTs.compareTo(current.ts()) > 0 ? knownTs : current.ts();
        StateVersion end = new StateVersion(receivedQuerySet, receivedIdentity, ts);
        if (pendingModifications.isEmpty() && end.equals(current) && !mustSendTransition) {
            return;
        }
        String transition = new ServerMessage.Transition(
                        current,
                        end,
                        List.copyOf(pendingModifications.values()),
                        clientClockSkew,
                        Optional.of(clock.millis() * 1_000_000L))
                .toJson();
        current = end;
        pendingModifications.clear();
        mustSendTransition = false;
        sendTransition(transition);
    }

    /** §2.12: clients from 1.28.0 on take a large Transition in chunks of at most 5 MB. */
    private void sendTransition(String json) {
        if (!chunkedTransitions || json.length() <= config.transitionChunkBytes() / 3) {
            send(json);
            return;
        }
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= config.transitionChunkBytes()) {
            send(json);
            return;
        }
        List<String> parts = TransitionChunks.split(json, config.transitionChunkBytes());
        String transitionId = Integer.toString(utf8.length);
        for (int i = 0; i < parts.size(); i++) {
            send(new ServerMessage.TransitionChunk(parts.get(i), i, parts.size(), transitionId));
        }
    }

    // ---------------------------------------------------------------- authentication (§2.8)

    private void onAuthenticate(ClientMessage.Authenticate a) {
        Identity next;
        try {
            next = switch (a.credentials()) {
                case ClientMessage.NoCredentials none -> Identity.anonymous();
                case ClientMessage.UserToken token ->
                    new Identity.User(config.tokens().verify(token.jwt()));
                case ClientMessage.AdminKey admin -> {
                    if (!config.adminKey().test(admin.key())) {
                        throw new AuthenticationFailed("The provided admin key was invalid for this instance");
                    }
                    yield new Identity.Admin(admin.impersonating().map(UserIdentities::fromAttributes));
                }
            };
        } catch (AuthenticationFailed | UserIdentities.InvalidIdentity | ConvexException e) {
            send(new ServerMessage.AuthError(
                    String.valueOf(e.getMessage()), Optional.of(receivedIdentity), Optional.of(true)));
            end(SyncOutbound.NO_STATUS_CODE, "");
            return;
        }
        if (a.baseVersion() != receivedIdentity) {
            throw ProtocolViolation.internal("Authenticate base version " + a.baseVersion()
                    + " doesn't match the current identity version " + receivedIdentity);
        }
        receivedIdentity++;
        identity = next;
        identityExpiresAtNanos = next.userIdentity()
                .filter(u -> next instanceof Identity.User)
                .flatMap(UserIdentities::expiresAtMillis)
                .map(ms -> clock.nanos() + (ms - clock.millis()) * 1_000_000L);
        // An identity change re-runs every query as the new identity (§2.5).
        List<QueryKey> old = new ArrayList<>();
        List<QueryKey> renewed = new ArrayList<>();
        for (Subscription s : subscriptions.values()) {
            old.add(s.key);
            s.key = s.key.withIdentity(next);
            s.awaitingFirstResult = true;
            renewed.add(s.key);
        }
        hub.unsubscribe(this, old);
        fetch(renewed);
        flush();
    }

    // ---------------------------------------------------------------- mutations and actions (§2.7)

    private void onMutation(ClientMessage.Mutation m) {
        if (mutationQueue.size() >= config.maxPendingMutations()) {
            end(SyncOutbound.TRY_AGAIN_LATER, "TooManyConcurrentMutations");
            return;
        }
        FunctionCall call = new FunctionCall(
                path(m.udfPath()).canonical(),
                Optional.of(FunctionKind.MUTATION),
                args(m.args()),
                identity,
                Optional.of(sessionId + "|" + m.requestId()),
                Optional.of(ErrorMessages.syncRequestId(sessionId, m.requestId())));
        mutationQueue.add(new PendingMutation(m.requestId(), call));
        startNextMutation();
    }

    private void startNextMutation() {
        if (mutationRunning || mutationQueue.isEmpty() || closed) {
            return;
        }
        PendingMutation next = mutationQueue.poll();
        mutationRunning = true;
        runtime.callAsync(next.call())
                .whenComplete((outcome, error) -> events.add(new MutationDone(next, outcome, error)));
    }

    private void onMutationDone(PendingMutation m, FunctionOutcome outcome) {
        mutationRunning = false;
        switch (outcome) {
            case FunctionOutcome.Success s -> {
                send(new ServerMessage.MutationSucceeded(
                        m.requestId(), EncodedValue.of(s.value()), s.ts(), s.logLines()));
                hub.awaitProcessed(s.ts()).whenComplete((processed, error) -> {
                    if (error == null) {
                        events.add(new Processed(processed));
                    }
                });
            }
            case FunctionOutcome.Failure f -> {
                send(new ServerMessage.MutationFailed(
                        m.requestId(),
                        ErrorMessages.serverError(
                                ErrorMessages.syncRequestId(sessionId, m.requestId()), f.errorMessage()),
                        f.errorData().map(EncodedValue::of),
                        f.logLines()));
            }
        }
        startNextMutation();
    }

    private void onAction(ClientMessage.Action a) {
        FunctionCall call = new FunctionCall(
                path(a.udfPath()).canonical(),
                Optional.of(FunctionKind.ACTION),
                args(a.args()),
                identity,
                Optional.empty(),
                Optional.of(ErrorMessages.syncRequestId(sessionId, a.requestId())));
        runtime.callAsync(call)
                .whenComplete((outcome, error) -> events.add(new ActionDone(a.requestId(), outcome, error)));
    }

    private void onActionDone(long requestId, FunctionOutcome outcome) {
        switch (outcome) {
            case FunctionOutcome.Success s ->
                send(new ServerMessage.ActionSucceeded(requestId, EncodedValue.of(s.value()), s.logLines()));
            case FunctionOutcome.Failure f ->
                send(new ServerMessage.ActionFailed(
                        requestId,
                        ErrorMessages.serverError(ErrorMessages.syncRequestId(sessionId, requestId), f.errorMessage()),
                        f.errorData().map(EncodedValue::of),
                        f.logLines()));
        }
    }

    /**
     * A call whose future failed (OCC after the last retry, the database unreachable, a bug; not a
     * function error) is answered as {@link SystemErrors} decides for every transport: OCC closes
     * the socket with 1013 so that the client reconnects and sends the mutation again (as Convex's
     * sync worker does, §2.9); an internal error answers the call with Convex's internal error text.
     */
    private void onSystemError(FunctionKind kind, long requestId, Throwable error) {
        SystemErrors.Answer answer = SystemErrors.answer(error);
        answer.log(
                "sync session " + sessionId + ": " + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + requestId,
                SystemErrors.unwrap(error));
        switch (answer.syncAnswer()) {
            case SystemErrors.SyncAnswer.FailedResponse f -> {
                String message =
                        ErrorMessages.serverError(ErrorMessages.syncRequestId(sessionId, requestId), f.errorMessage());
                send(
                        kind == FunctionKind.MUTATION
                                ? new ServerMessage.MutationFailed(requestId, message, Optional.empty(), List.of())
                                : new ServerMessage.ActionFailed(requestId, message, Optional.empty(), List.of()));
            }
            case SystemErrors.SyncAnswer.Fatal f -> {
                send(new ServerMessage.FatalError(f.error())); // §2.10
                end(SyncOutbound.NO_STATUS_CODE, "");
            }
            case SystemErrors.SyncAnswer.Close c -> end(c.code(), c.reason());
        }
    }

    // ---------------------------------------------------------------- helpers

    /** §2.10: an unparsable function path makes the whole message invalid. */
    private static FunctionPath path(String udfPath) {
        try {
            return FunctionPath.parse(udfPath);
        } catch (ConvexException e) {
            throw ProtocolViolation.invalidJson(String.valueOf(e.getMessage()));
        }
    }

    private static ConvexValue.Array args(ArrayNode json) {
        try {
            return (ConvexValue.Array) ConvexJson.fromJson(json);
        } catch (ConvexException e) {
            throw ProtocolViolation.invalidJson(String.valueOf(e.getMessage()));
        }
    }

    private void send(ServerMessage message) {
        send(message.toJson());
    }

    private void send(String json) {
        if (closed) {
            return;
        }
        lastSentNanos = clock.nanos();
        outbound.send(json);
    }

    private void end(int code, String reason) {
        if (!closed) {
            closed = true;
            outbound.close(code, reason);
        }
    }

    private void release() {
        closed = true;
        hub.unsubscribe(this, subscriptions.values().stream().map(s -> s.key).toList());
        subscriptions.clear();
        mutationQueue.clear();
    }
}
