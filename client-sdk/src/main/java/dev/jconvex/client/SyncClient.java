package dev.jconvex.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.jconvex.protocol.ClientMessage;
import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.protocol.FunctionPath;
import dev.jconvex.protocol.ServerMessage;
import dev.jconvex.protocol.StateVersion;
import dev.jconvex.protocol.Timestamp;
import dev.jconvex.values.ConvexValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The client side of Convex's sync protocol (wire-protocol §2), over any {@link SyncLink}.
 *
 * <p><b>Design.</b> All protocol state lives on one serial executor thread ({@code serial}): link
 * events, user requests and timers are posted to it, so no field needs a lock. Results reach user
 * code on a second single thread ({@code callbacks}), in protocol order, so a slow listener never
 * delays the protocol and a listener may itself call the client.
 *
 * <p><b>Rules implemented.</b>
 *
 * <ul>
 *   <li>On every new link: {@code Connect} (same {@code sessionId}, growing {@code connectionCount},
 *       {@code lastCloseReason}, {@code maxObservedTimestamp}), {@code Authenticate{baseVersion:0}}
 *       when the client has credentials, {@code ModifyQuerySet{0→1}} with the whole query set (even
 *       empty), then every unresolved mutation and every unsent action (§2.3, §2.11).
 *   <li>A {@code Transition} must start at the current remote version, field by field (§2.5); one
 *       that does not is a broken session: the link is dropped and re-established.
 *   <li>A successful {@code MutationResponse} only marks the mutation completed; it resolves when a
 *       later {@code Transition} reaches its {@code ts} (§2.7). A failed one resolves at once.
 *   <li>Actions resolve at their {@code ActionResponse}; an action in flight when the link drops fails
 *       ("Connection lost while action was in flight") and is not re-sent, since it may have run.
 *   <li>No server message for 60 s (the server pings every 15 s) closes the link as {@code
 *       InactiveServer} (§2.9). Reconnects back off exponentially from {@code initialBackoff} up to
 *       {@code maxBackoff} with ±50 % jitter, and the backoff resets once a Transition arrives.
 *   <li>{@code AuthError}: the token is refreshed and the link re-established; after two rejections
 *       in a row the client continues anonymously, as the JS client does (§2.8). {@code FatalError}:
 *       the session stops for good (§2.10).
 * </ul>
 */
final class SyncClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SyncClient.class.getName());
    private static final java.time.Duration INACTIVITY_TIMEOUT = java.time.Duration.ofSeconds(60);

    private final SyncLink.Factory links;
    private final Credentials credentials;
    private final ScheduledExecutorService serial;
    private final java.time.InstantSource clock;
    private final ExecutorService callbacks;
    private final long initialBackoffMillis;
    private final long maxBackoffMillis;
    private final List<ConnectionStateListener> stateListeners = new CopyOnWriteArrayList<>();

    // ---- state below is touched only on the serial thread ----
    private final String sessionId = UUID.randomUUID().toString();
    private int connectionCount;
    private String lastCloseReason = "InitialConnect";
    private @Nullable Timestamp maxObservedTs;
    private @Nullable SyncLink link;
    private int linkGeneration;
    private boolean linkOpen;
    private boolean closed;
    private boolean fatal;
    private ConnectionState state = ConnectionState.CONNECTING;
    private int reconnectAttempts;
    private boolean reconnectScheduled;
    /** When the server last sent anything, on {@link #clock}. */
    private java.time.Instant lastMessageAt;

    /** The version the server last moved this link's view to (§2.5); reset on every link. */
    private StateVersion remoteVersion = StateVersion.INITIAL;

    private int querySetVersion;
    private int identityVersion;
    private @Nullable String sentToken;
    private int authRejections;

    private final Map<Integer, Query> queries = new LinkedHashMap<>();
    private int nextQueryId;
    private final TreeMap<Integer, Request> requests = new TreeMap<>();
    private int nextRequestId;

    private final List<String> chunks = new ArrayList<>();
    private @Nullable String chunkTransitionId;

    /** The last result a subscription's listener received: a value or a failure's message. */
    private sealed interface Delivered {
        record Value(ConvexValue value) implements Delivered {}

        record Failure(String message) implements Delivered {}
    }

    /** A subscribed query (the unit of the query set, §2.3). */
    private static final class Query {
        final int id;
        final String path;
        final JsonNode args;
        final SubscriptionListener<ConvexValue> listener;

        /** The journal of the last result, sent back in {@code Add} on reconnect (§2.6). */
        Optional<String> journal = Optional.empty();
        /** What the listener last heard, so that an unchanged result is not delivered again; null before the first. */
        @Nullable
        Delivered lastDelivered;

        Query(int id, String path, JsonNode args, SubscriptionListener<ConvexValue> listener) {
            this.id = id;
            this.path = path;
            this.args = args;
            this.listener = listener;
        }
    }

    /** A mutation or action on its way (§2.7). */
    private static final class Request {
        final int id;
        final FunctionKind kind;
        final String message;
        final CompletableFuture<ConvexValue> future;
        boolean sent;

        /** The commit timestamp of a successful mutation, until a Transition reaches it (§2.7). */
        @Nullable
        Timestamp completedTs;

        @Nullable
        ConvexValue result;

        Request(int id, FunctionKind kind, String message, CompletableFuture<ConvexValue> future) {
            this.id = id;
            this.kind = kind;
            this.message = message;
            this.future = future;
        }
    }

    SyncClient(
            SyncLink.Factory links,
            Credentials credentials,
            ScheduledExecutorService serial,
            ExecutorService callbacks,
            long initialBackoffMillis,
            long maxBackoffMillis) {
        this(
                links,
                credentials,
                serial,
                callbacks,
                initialBackoffMillis,
                maxBackoffMillis,
                java.time.InstantSource.system());
    }

    /**
     * A client whose clock ({@code clientTs}, the server-inactivity timeout) is {@code clock}; tests
     * move it forward and call {@link #checkInactivityNow()} instead of waiting a minute.
     */
    SyncClient(
            SyncLink.Factory links,
            Credentials credentials,
            ScheduledExecutorService serial,
            ExecutorService callbacks,
            long initialBackoffMillis,
            long maxBackoffMillis,
            java.time.InstantSource clock) {
        this.clock = clock;
        this.lastMessageAt = clock.instant();
        this.links = links;
        this.credentials = credentials;
        this.serial = serial;
        this.callbacks = callbacks;
        this.initialBackoffMillis = initialBackoffMillis;
        this.maxBackoffMillis = maxBackoffMillis;
        post(this::connect);
        serial.scheduleWithFixedDelay(() -> checkInactivity(), 5, 5, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------ public operations

    ConnectionState state() {
        return state;
    }

    void addStateListener(ConnectionStateListener listener) {
        stateListeners.add(listener);
    }

    /** Subscribes; the listener gets the current value and every change (§2.3 Add). */
    Subscription subscribe(String path, ConvexValue.Obj args, SubscriptionListener<ConvexValue> listener) {
        Objects.requireNonNull(listener, "listener");
        JsonNode encoded = Wire.encode(args);
        CompletableFuture<Integer> id = new CompletableFuture<>();
        post(() -> {
            if (closed || fatal) {
                id.complete(-1);
                deliverError(
                        listener,
                        new ConvexTransportException("The client is closed; cannot subscribe to " + path, null));
                return;
            }
            Query q = new Query(nextQueryId++, FunctionPath.clientForm(path), encoded, listener);
            queries.put(q.id, q);
            id.complete(q.id);
            if (linkOpen) {
                sendModifyQuerySet(List.of(addMessage(q)));
            }
        });
        return () -> id.thenAccept(queryId -> post(() -> unsubscribe(queryId)));
    }

    /** Runs a function over the session: queries as one-shot subscriptions, mutations and actions as requests. */
    CompletableFuture<ConvexValue> call(FunctionKind kind, String path, ConvexValue.Obj args) {
        CompletableFuture<ConvexValue> future = new CompletableFuture<>();
        if (kind == FunctionKind.QUERY) {
            Subscription[] holder = new Subscription[1];
            SubscriptionListener<ConvexValue> once = new SubscriptionListener<>() {
                @Override
                public void onUpdate(ConvexValue value) {
                    future.complete(value);
                }

                @Override
                public void onError(ConvexCallException error) {
                    future.completeExceptionally(error);
                }
            };
            holder[0] = subscribe(path, args, once);
            future.whenComplete((v, e) -> holder[0].close());
            return future;
        }
        JsonNode encoded = Wire.encode(args);
        post(() -> {
            if (closed || fatal) {
                fail(future, new ConvexTransportException("The client is closed", null));
                return;
            }
            int id = nextRequestId++;
            ArrayNode callArgs = JsonNodeFactory.instance.arrayNode().add(encoded);
            ClientMessage msg = kind == FunctionKind.MUTATION
                    ? new ClientMessage.Mutation(id, path, callArgs)
                    : new ClientMessage.Action(id, path, callArgs);
            Request r = new Request(id, kind, msg.toJson(), future);
            requests.put(id, r);
            if (linkOpen) {
                r.sent = true;
                openLink().send(r.message);
            }
        });
        return future;
    }

    /** Sends the current credentials on the open link ({@code Authenticate{baseVersion:k}}, §2.3). */
    void reauthenticate() {
        post(() -> {
            if (linkOpen) {
                sendAuthenticate(true);
            }
        });
    }

    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            serial.execute(() -> {
                closed = true;
                if (link != null) {
                    link.close();
                    link = null;
                }
                linkOpen = false;
                ConvexTransportException closedError = new ConvexTransportException("The client was closed", null);
                requests.values().forEach(r -> fail(r.future, closedError));
                requests.clear();
                queries.clear();
                setState(ConnectionState.CLOSED);
                done.complete(null);
            });
            done.get(5, TimeUnit.SECONDS);
        } catch (RejectedExecutionException
                | java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException e) {
            LOG.log(System.Logger.Level.DEBUG, "sync client close", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ connection life cycle

    private void connect() {
        reconnectScheduled = false;
        if (closed || fatal) {
            return;
        }
        setState(ConnectionState.CONNECTING);
        int generation = ++linkGeneration;
        SyncLink.Events events = new SyncLink.Events() {
            @Override
            public void onMessage(String message) {
                post(() -> {
                    if (generation == linkGeneration) {
                        handleMessage(message);
                    }
                });
            }

            @Override
            public void onClosed(String reason) {
                post(() -> {
                    if (generation == linkGeneration) {
                        linkLost(reason);
                    }
                });
            }
        };
        CompletableFuture<SyncLink> opening;
        try {
            opening = links.open(events);
        } catch (RuntimeException e) {
            opening = CompletableFuture.failedFuture(e);
        }
        opening.whenComplete((opened, error) -> post(() -> {
            if (generation != linkGeneration || closed || fatal) {
                if (opened != null) {
                    opened.close();
                }
                return;
            }
            if (error != null) {
                linkLost("connect failed: " + rootMessage(error));
            } else {
                onOpen(opened);
            }
        }));
    }

    private void onOpen(SyncLink opened) {
        link = opened;
        linkOpen = true;
        lastMessageAt = clock.instant();
        remoteVersion = StateVersion.INITIAL;
        querySetVersion = 0;
        identityVersion = 0;
        chunks.clear();

        link.send(new ClientMessage.Connect(
                        sessionId,
                        connectionCount++,
                        Optional.of(lastCloseReason),
                        Optional.ofNullable(maxObservedTs),
                        Optional.of((double) clock.millis()))
                .toJson());

        if (!(credentials.auth() instanceof Credentials.Auth.None)) {
            sendAuthenticate(false);
        }
        List<ClientMessage.QuerySetChange> adds = new ArrayList<>();
        queries.values().forEach(q -> adds.add(addMessage(q)));
        sendModifyQuerySet(adds);
        for (Request r : requests.values()) {
            if (r.kind == FunctionKind.MUTATION || !r.sent) {
                r.sent = true;
                link.send(r.message);
            }
        }
        setState(ConnectionState.CONNECTED);
    }

    private void linkLost(String reason) {
        boolean wasOpen = linkOpen;
        link = null;
        linkOpen = false;
        linkGeneration++;
        if (closed || fatal) {
            return;
        }
        lastCloseReason = reason;
        if (wasOpen) {
            for (var it = requests.values().iterator(); it.hasNext(); ) {
                Request r = it.next();
                if (r.kind == FunctionKind.ACTION && r.sent) {
                    it.remove();
                    fail(r.future, new ConvexTransportException("Connection lost while action was in flight", null));
                }
            }
        }
        setState(ConnectionState.DISCONNECTED);
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (reconnectScheduled) {
            return;
        }
        reconnectScheduled = true;
        long base = Math.min(maxBackoffMillis, initialBackoffMillis << Math.min(reconnectAttempts, 20));
        long delay = base / 2 + ThreadLocalRandom.current().nextLong(base + 1);
        reconnectAttempts++;
        LOG.log(System.Logger.Level.DEBUG, "sync: reconnecting in {0} ms ({1})", delay, lastCloseReason);
        try {
            serial.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
            reconnectScheduled = false;
        }
    }

    private void dropLink(String reason) {
        if (link != null) {
            link.close();
        }
        linkLost(reason);
    }

    /** Runs the inactivity check now (it also runs every 5 s); completes once it has run. */
    CompletableFuture<Void> checkInactivityNow() {
        return CompletableFuture.runAsync(this::checkInactivity, serial);
    }

    /** §2.9: a server silent for 60 s is dropped and reconnected with {@code InactiveServer}. */
    private void checkInactivity() {
        if (linkOpen && clock.instant().isAfter(lastMessageAt.plus(INACTIVITY_TIMEOUT))) {
            dropLink("InactiveServer");
        }
    }

    // ------------------------------------------------------------------ outgoing messages

    private ClientMessage.Add addMessage(Query q) {
        return new ClientMessage.Add(
                q.id, q.path, JsonNodeFactory.instance.arrayNode().add(q.args), q.journal);
    }

    /** The link while {@code linkOpen}: set before it opens, cleared when it drops. */
    private SyncLink openLink() {
        return Objects.requireNonNull(link, "no sync link");
    }

    private void sendModifyQuerySet(List<ClientMessage.QuerySetChange> modifications) {
        ClientMessage msg = new ClientMessage.ModifyQuerySet(querySetVersion, querySetVersion + 1, modifications);
        querySetVersion++;
        openLink().send(msg.toJson());
    }

    private void unsubscribe(int queryId) {
        if (queries.remove(queryId) != null && linkOpen) {
            sendModifyQuerySet(List.of(new ClientMessage.Remove(queryId)));
        }
    }

    /** Sends {@code Authenticate} for the current credentials; the token fetch may block. */
    private void sendAuthenticate(boolean allowNone) {
        ClientMessage.Credentials sent;
        switch (credentials.auth()) {
            case Credentials.Auth.None n -> {
                if (!allowNone) {
                    return;
                }
                sent = new ClientMessage.NoCredentials();
            }
            case Credentials.Auth.Admin admin -> sent = new ClientMessage.AdminKey(admin.key(), Optional.empty());
            case Credentials.Auth.User u -> {
                Optional<String> token;
                try {
                    token = credentials.userToken();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "auth token fetcher failed; calling anonymously", e);
                    token = Optional.empty();
                }
                if (token.isEmpty()) {
                    if (!allowNone) {
                        return;
                    }
                    sent = new ClientMessage.NoCredentials();
                } else {
                    sent = new ClientMessage.UserToken(token.get());
                    sentToken = token.get();
                }
            }
        }
        openLink().send(new ClientMessage.Authenticate(identityVersion, sent).toJson());
        identityVersion++;
    }

    // ------------------------------------------------------------------ incoming messages

    private void handleMessage(String text) {
        lastMessageAt = clock.instant();
        ServerMessage msg;
        try {
            msg = ServerMessage.parse(text);
        } catch (ServerMessage.Malformed malformed) {
            if (malformed.unknownType().isPresent()) {
                chunks.clear();
                LOG.log(
                        System.Logger.Level.DEBUG,
                        "sync: ignoring message of type {0}",
                        malformed.unknownType().get());
                return;
            }
            LOG.log(
                    System.Logger.Level.WARNING,
                    "sync: unreadable server message ({0}), reconnecting: {1}",
                    malformed.getMessage(),
                    text);
            dropLink("InvalidServerMessage");
            return;
        }
        if (!(msg instanceof ServerMessage.TransitionChunk)) {
            chunks.clear(); // §2.12: any other message mid-sequence drops the parts so far
        }
        try {
            switch (msg) {
                case ServerMessage.Transition t -> onTransition(t);
                case ServerMessage.TransitionChunk c -> onChunk(c);
                case ServerMessage.MutationResponse r -> onMutationResponse(r);
                case ServerMessage.ActionResponse r -> onActionResponse(r);
                case ServerMessage.AuthError a -> onAuthError(a.error());
                case ServerMessage.FatalError f -> onFatalError(f.error());
                case ServerMessage.Ping p -> {}
            }
        } catch (RuntimeException undecodable) {
            // a value that is not valid convex_encoded_json
            LOG.log(System.Logger.Level.WARNING, "sync: malformed server message, reconnecting: " + text, undecodable);
            dropLink("InvalidServerMessage");
        }
    }

    private void onChunk(ServerMessage.TransitionChunk chunk) {
        if (chunk.partNumber() != chunks.size()
                || (chunk.partNumber() > 0 && !chunk.transitionId().equals(chunkTransitionId))) {
            chunks.clear();
            dropLink("InvalidTransitionChunk");
            return;
        }
        chunkTransitionId = chunk.transitionId();
        chunks.add(chunk.chunk());
        if (chunks.size() == chunk.totalParts()) {
            String whole = String.join("", chunks);
            chunks.clear();
            handleMessage(whole);
        }
    }

    private void onTransition(ServerMessage.Transition t) {
        if (!t.startVersion().equals(remoteVersion)) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "sync: Transition from an unexpected version {0}; reconnecting",
                    t.startVersion());
            dropLink("InvalidStartVersion");
            return;
        }
        for (ServerMessage.StateModification mod : t.modifications()) {
            Query q = queries.get((int) mod.queryId());
            if (q == null) {
                continue; // removed meanwhile: results for unknown queries are ignored (§2.6)
            }
            switch (mod) {
                case ServerMessage.QueryUpdated u -> {
                    q.journal = u.journal();
                    ConvexValue value = u.value().decode();
                    Delivered delivered = new Delivered.Value(value);
                    if (!delivered.equals(q.lastDelivered)) {
                        q.lastDelivered = delivered;
                        callback(() -> q.listener.onUpdate(value));
                    }
                }
                case ServerMessage.QueryFailed f -> {
                    q.journal = f.journal();
                    ConvexCallException error = Wire.syncFailure(f.errorMessage(), f.errorData(), f.logLines());
                    Delivered delivered = new Delivered.Failure(String.valueOf(error.getMessage()));
                    if (!delivered.equals(q.lastDelivered)) {
                        q.lastDelivered = delivered;
                        deliverError(q.listener, error);
                    }
                }
                case ServerMessage.QueryRemoved r -> {}
            }
        }
        if (t.endVersion().identity() > remoteVersion.identity()) {
            authRejections = 0;
        }
        remoteVersion = t.endVersion();
        Timestamp remoteTs = remoteVersion.ts();
        observe(remoteTs);
        reconnectAttempts = 0;
        // §2.7: completed mutations resolve once a Transition reaches their commit timestamp
        for (var it = requests.values().iterator(); it.hasNext(); ) {
            Request r = it.next();
            if (r.completedTs != null && r.completedTs.compareTo(remoteTs) <= 0) {
                it.remove();
                ConvexValue result = r.result;
                callback(() -> r.future.complete(result));
            }
        }
    }

    private void onMutationResponse(ServerMessage.MutationResponse response) {
        Request r = requests.get((int) response.requestId());
        if (r == null || r.kind != FunctionKind.MUTATION || r.completedTs != null) {
            return; // duplicate answer to a replayed mutation (§2.7)
        }
        switch (response) {
            case ServerMessage.MutationSucceeded s -> {
                r.result = s.result().decode();
                r.completedTs = s.ts();
                observe(s.ts());
            }
            case ServerMessage.MutationFailed f -> {
                requests.remove(r.id);
                fail(r.future, Wire.syncFailure(f.errorMessage(), f.errorData(), f.logLines()));
            }
        }
    }

    private void onActionResponse(ServerMessage.ActionResponse response) {
        Request r = requests.get((int) response.requestId());
        if (r == null || r.kind != FunctionKind.ACTION) {
            return;
        }
        requests.remove(r.id);
        switch (response) {
            case ServerMessage.ActionSucceeded s -> {
                ConvexValue result = s.result().decode();
                callback(() -> r.future.complete(result));
            }
            case ServerMessage.ActionFailed f ->
                fail(r.future, Wire.syncFailure(f.errorMessage(), f.errorData(), f.logLines()));
        }
    }

    private void onAuthError(String error) {
        authRejections++;
        LOG.log(System.Logger.Level.WARNING, "sync: authentication rejected ({0}): {1}", authRejections, error);
        String rejected = sentToken;
        if (authRejections >= 2 || !(credentials.auth() instanceof Credentials.Auth.User)) {
            LOG.log(System.Logger.Level.WARNING, "sync: continuing without authentication");
            credentials.set(new Credentials.Auth.None());
            authRejections = 0;
            dropLink("AuthError");
            return;
        }
        // The fetcher may block: refresh off the protocol thread, then reconnect with the new token.
        if (link != null) {
            link.close();
        }
        linkGeneration++;
        linkOpen = false;
        link = null;
        lastCloseReason = "AuthError";
        setState(ConnectionState.DISCONNECTED);
        reconnectScheduled = true;
        CompletableFuture.runAsync(() -> {
                    try {
                        credentials.refreshAfterRejection(rejected);
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "auth token fetcher failed", e);
                    }
                })
                .whenComplete((v, e) -> post(this::connect));
    }

    private void onFatalError(String error) {
        LOG.log(System.Logger.Level.ERROR, "sync: fatal error from the deployment: {0}", error);
        fatal = true;
        if (link != null) {
            link.close();
        }
        link = null;
        linkOpen = false;
        ConvexTransportException failure =
                new ConvexTransportException("The deployment ended the session with a FatalError: " + error, null);
        requests.values().forEach(r -> fail(r.future, failure));
        requests.clear();
        queries.values().forEach(q -> deliverError(q.listener, failure));
        queries.clear();
        setState(ConnectionState.CLOSED);
    }

    // ------------------------------------------------------------------ helpers

    private void observe(Timestamp ts) {
        if (maxObservedTs == null || ts.compareTo(maxObservedTs) > 0) {
            maxObservedTs = ts;
        }
    }

    private void setState(ConnectionState newState) {
        if (state == newState) {
            return;
        }
        state = newState;
        for (ConnectionStateListener l : stateListeners) {
            callback(() -> l.onStateChange(newState));
        }
    }

    private void post(Runnable task) {
        try {
            serial.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "sync client bug", e);
                }
            });
        } catch (RejectedExecutionException shutDown) {
            // the client is closed
        }
    }

    private void fail(CompletableFuture<ConvexValue> future, ConvexCallException error) {
        try {
            callbacks.execute(() -> future.completeExceptionally(error));
        } catch (RejectedExecutionException shutDown) {
            future.completeExceptionally(error);
        }
    }

    private void deliverError(SubscriptionListener<ConvexValue> listener, ConvexCallException error) {
        try {
            callbacks.execute(() -> {
                try {
                    listener.onError(error);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "a subscription listener threw", e);
                }
            });
        } catch (RejectedExecutionException shutDown) {
            // closed
        }
    }

    /** Runs user code on the callback thread; an exception it throws is logged, not propagated. */
    private void callback(Runnable userCode) {
        try {
            callbacks.execute(() -> {
                try {
                    userCode.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "a subscription or connection listener threw", e);
                }
            });
        } catch (RejectedExecutionException shutDown) {
            // closed
        }
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.toString();
    }
}
