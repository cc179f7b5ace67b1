package dev.jconvex.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jconvex.client.internal.EmbeddedAccess;
import dev.jconvex.embedded.EmbeddedOptions;
import dev.jconvex.embedded.EmbeddedProvider;
import dev.jconvex.embedded.EmbeddedRuntime;
import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.values.ConvexValue;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A client for a Convex deployment (jconvex or Convex itself): calls queries, mutations and actions
 * by path ({@code "mutable:set"}) and keeps live subscriptions.
 *
 * <pre>{@code
 * try (ConvexClient client = ConvexClient.connect("http://127.0.0.1:3210")) {
 *     client.mutation("mutable:set", Map.of("namespace", "config", "key", "theme", "value", "dark"));
 *     Setting s = client.query("mutable:get", Map.of("namespace", "config", "key", "theme"), Setting.class);
 * }
 * }</pre>
 *
 * <p><b>Arguments</b> are a {@code Map<String, ?>} converted by {@link ValueMapper} (every Java number
 * becomes a float64, like a JavaScript number, unless you pass {@link ConvexValue#int64}) or a {@link
 * ConvexValue.Obj}. <b>Results</b> are {@link ConvexValue}s, or bound to your record or class through
 * Jackson.
 *
 * <p><b>Transports.</b> Calls go over HTTP by default, exactly as the npm {@code ConvexHttpClient}
 * sends them (wire-protocol §1.1, header {@code Convex-Client: java-<version>}), or over the WebSocket
 * sync session with {@link Builder#callRoute(CallRoute) callRoute(WEBSOCKET)}. Subscriptions always use
 * the sync protocol (wire-protocol §2) on a WebSocket opened on first use, reconnected with backoff and
 * resumed with the same session. {@link #embedded()} runs the same API against an in-process runtime.
 *
 * <p><b>Errors</b> are {@link ConvexCallException}s: {@link ConvexErrorException} (with the
 * ConvexError's data), {@link ConvexFunctionException}, {@link ConvexRequestException}, {@link
 * ConvexTransportException} (also for timeouts). Queries are retried after a transport failure;
 * mutations and actions never are.
 *
 * <p>A client is thread-safe and meant to be shared. Unlike the npm {@code ConvexHttpClient}, it does
 * not queue mutations behind each other: calls from different threads run concurrently (each mutation
 * is still one serializable transaction), while one thread's blocking calls run in order. {@link
 * #close()} ends its threads and sockets.
 */
public final class ConvexClient implements AutoCloseable {

    /** This SDK's version. */
    public static final String VERSION = "0.1.0";

    /** The {@code Convex-Client} header value sent with every request. */
    public static final String CLIENT_ID = "java-" + VERSION;

    /**
     * The version segment of the sync URL, {@code /api/<version>/sync}. The deployment reads it as the
     * npm client version whose protocol the client speaks (it enables e.g. TransitionChunk, §2.12); this
     * client implements the protocol of npm {@code convex} 1.45.0 (wire-protocol §2.1).
     */
    public static final String SYNC_PROTOCOL_VERSION = "1.45.0";

    private static final AtomicInteger CLIENT_COUNT = new AtomicInteger();

    static {
        EmbeddedAccess.install(ConvexClient::embeddedRuntime, ConvexClient::embeddedBuilder);
    }

    private final ValueMapper mapper;
    private final Credentials credentials = new Credentials();
    private final Duration timeout;
    private final ScheduledExecutorService serial;
    private final ExecutorService callbacks;
    private final @Nullable HttpClient http;
    private final @Nullable EmbeddedRuntime runtime;
    private final boolean ownsRuntime;
    private final CallTransport calls;
    private final SyncLink.Factory links;
    private final long reconnectInitialMillis;
    private final long reconnectMaxMillis;
    private @Nullable SyncClient sync;
    private volatile boolean closed;

    private ConvexClient(Builder b) {
        this.reconnectInitialMillis = b.reconnectInitialBackoff.toMillis();
        this.reconnectMaxMillis = b.reconnectMaxBackoff.toMillis();
        this.mapper = new ValueMapper(b.objectMapper);
        this.timeout = b.timeout;
        int n = CLIENT_COUNT.incrementAndGet();
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, daemon("jconvex-client-" + n + "-sync"));
        s.setRemoveOnCancelPolicy(true);
        this.serial = s;
        this.callbacks = Executors.newSingleThreadExecutor(daemon("jconvex-client-" + n + "-callbacks"));
        if (b.adminKey != null) {
            credentials.set(new Credentials.Auth.Admin(b.adminKey));
        } else if (b.tokenFetcher != null) {
            credentials.set(new Credentials.Auth.User(b.tokenFetcher));
        }
        if (b.url == null) {
            this.http = null;
            this.ownsRuntime = b.runtime == null;
            try {
                // build() loads the provider when there is neither a URL nor a runtime
                this.runtime = b.runtime != null
                        ? b.runtime
                        : Objects.requireNonNull(b.provider).start(b.embeddedOptions);
            } catch (RuntimeException e) {
                serial.shutdownNow();
                callbacks.shutdownNow();
                throw e;
            }
            this.calls = new EmbeddedCallTransport(runtime);
            this.links = EmbeddedCallTransport.links(runtime);
        } else {
            this.runtime = null;
            this.ownsRuntime = false;
            this.http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(b.connectTimeout)
                    .build();
            this.links = WebSocketLink.factory(http, b.url, b.connectTimeout);
            this.calls = b.route == CallRoute.HTTP
                    ? new HttpCallTransport(
                            http,
                            b.url,
                            credentials,
                            b.requestTimeout != null ? b.requestTimeout : timeout,
                            b.queryRetries,
                            b.retryBackoff,
                            serial)
                    : new SyncCallTransport();
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    // ------------------------------------------------------------------ construction

    /** A client for the deployment at {@code deploymentUrl} with default settings. */
    public static ConvexClient connect(String deploymentUrl) {
        return builder(deploymentUrl).build();
    }

    /** A builder for a client of the deployment at {@code deploymentUrl} ({@code http(s)://host[:port]}). */
    public static Builder builder(String deploymentUrl) {
        Objects.requireNonNull(deploymentUrl, "deploymentUrl");
        URI uri = URI.create(
                deploymentUrl.endsWith("/") ? deploymentUrl.substring(0, deploymentUrl.length() - 1) : deploymentUrl);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException(
                    "The deployment URL must start with http:// or https://, got " + deploymentUrl);
        }
        Builder b = new Builder();
        b.url = uri;
        return b;
    }

    /**
     * Starts an in-process runtime (in-memory H2, every Convex module on the class path, no HTTP) and
     * returns a client for it; closing the client stops the runtime. Needs the jconvex runtime on the
     * class path at run time, found through {@link EmbeddedProvider}.
     */
    public static ConvexClient embedded() {
        return embeddedBuilder().build();
    }

    /**
     * A builder for an embedded client (see {@link #embedded()}). Embedded calls run as an anonymous
     * caller: there is no HTTP request to carry an admin key or a token.
     */
    public static Builder embeddedBuilder() {
        return new Builder();
    }

    /** A builder for a client of an already running in-process runtime, which the client will not close. */
    static Builder embeddedBuilder(EmbeddedRuntime runtime) {
        Builder b = new Builder();
        b.runtime = Objects.requireNonNull(runtime, "runtime");
        return b;
    }

    // ------------------------------------------------------------------ calls

    /** Runs a query and waits for its result. */
    public ConvexValue query(String path, Map<String, ?> args) {
        return join(queryAsync(path, args));
    }

    /** Runs a query and waits for its result. */
    public ConvexValue query(String path, ConvexValue.Obj args) {
        return join(callAsync(FunctionKind.QUERY, path, args));
    }

    /** Runs a query and binds its result to {@code type}. */
    public <T> T query(String path, Map<String, ?> args, Class<T> type) {
        return mapper.fromValue(query(path, args), type);
    }

    /** Runs a query without waiting. */
    public CompletableFuture<ConvexValue> queryAsync(String path, Map<String, ?> args) {
        return callAsync(FunctionKind.QUERY, path, mapper.toArgs(args));
    }

    /** Runs a mutation and waits until it committed. */
    public ConvexValue mutation(String path, Map<String, ?> args) {
        return join(mutationAsync(path, args));
    }

    /** Runs a mutation and waits until it committed. */
    public ConvexValue mutation(String path, ConvexValue.Obj args) {
        return join(callAsync(FunctionKind.MUTATION, path, args));
    }

    /** Runs a mutation and binds its result to {@code type}. */
    public <T> T mutation(String path, Map<String, ?> args, Class<T> type) {
        return mapper.fromValue(mutation(path, args), type);
    }

    /** Runs a mutation without waiting. */
    public CompletableFuture<ConvexValue> mutationAsync(String path, Map<String, ?> args) {
        return callAsync(FunctionKind.MUTATION, path, mapper.toArgs(args));
    }

    /** Runs an action and waits for its result. */
    public ConvexValue action(String path, Map<String, ?> args) {
        return join(actionAsync(path, args));
    }

    /** Runs an action and waits for its result. */
    public ConvexValue action(String path, ConvexValue.Obj args) {
        return join(callAsync(FunctionKind.ACTION, path, args));
    }

    /** Runs an action and binds its result to {@code type}. */
    public <T> T action(String path, Map<String, ?> args, Class<T> type) {
        return mapper.fromValue(action(path, args), type);
    }

    /** Runs an action without waiting. */
    public CompletableFuture<ConvexValue> actionAsync(String path, Map<String, ?> args) {
        return callAsync(FunctionKind.ACTION, path, mapper.toArgs(args));
    }

    /**
     * Runs a function of kind {@code kind}. The future completes with its value, or fails with a {@link
     * ConvexCallException} (a {@link ConvexTransportException} with {@code isTimeout()} after the
     * client's timeout). A timeout only stops waiting: over WebSocket, a mutation that timed out stays
     * in the session and is still sent (again after a reconnect) until the deployment answers it, as
     * the sync protocol requires (wire-protocol §2.7); over HTTP the request may already have run.
     */
    public CompletableFuture<ConvexValue> callAsync(FunctionKind kind, String path, ConvexValue.Obj args) {
        requireOpen();
        Objects.requireNonNull(kind, "kind");
        requirePath(path);
        Objects.requireNonNull(args, "args");
        CompletableFuture<ConvexValue> result = calls.call(kind, path, args);
        return result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof TimeoutException) {
                return CompletableFuture.failedFuture(new ConvexTransportException(
                        kind.endpoint() + " " + path + " did not complete within " + timeout, cause, true));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    private static void requirePath(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("A function path like \"mutable:set\" is required");
        }
    }

    /** Waits for {@code future}, rethrowing its failure as the exception it completed with. */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                re.addSuppressed(new Exception("awaited here"));
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new ConvexTransportException("The call failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConvexTransportException("Interrupted while waiting for a call", e);
        }
    }

    // ------------------------------------------------------------------ subscriptions

    /**
     * Subscribes to a query: {@code listener} gets its current value, then every change, until the
     * returned subscription is closed. Opens the sync session on first use; after a connection loss the
     * subscription resumes by itself.
     */
    public Subscription subscribe(String path, Map<String, ?> args, SubscriptionListener<ConvexValue> listener) {
        return subscribe(path, mapper.toArgs(args), listener);
    }

    /** Subscribes with arguments given as a Convex object. */
    public Subscription subscribe(String path, ConvexValue.Obj args, SubscriptionListener<ConvexValue> listener) {
        requireOpen();
        requirePath(path);
        return sync().subscribe(path, args, listener);
    }

    /** Subscribes and binds each result to {@code type}. */
    public <T> Subscription subscribe(
            String path, Map<String, ?> args, Class<T> type, SubscriptionListener<T> listener) {
        return subscribe(path, args, new SubscriptionListener<ConvexValue>() {
            @Override
            public void onUpdate(ConvexValue value) {
                T mapped;
                try {
                    mapped = mapper.fromValue(value, type);
                } catch (IllegalArgumentException unmappable) {
                    listener.onError(new ConvexFunctionException(
                            "The result of " + path + " does not map to " + type.getName() + ": "
                                    + unmappable.getMessage(),
                            unmappable));
                    return;
                }
                listener.onUpdate(mapped);
            }

            @Override
            public void onError(ConvexCallException error) {
                listener.onError(error);
            }
        });
    }

    /**
     * The state of the sync session; {@link ConnectionState#CONNECTING} before the first subscription
     * opened it.
     */
    public ConnectionState connectionState() {
        SyncClient s;
        synchronized (this) {
            s = sync;
        }
        return closed ? ConnectionState.CLOSED : s == null ? ConnectionState.CONNECTING : s.state();
    }

    /** Registers a listener for every later change of {@link #connectionState()}; opens the sync session. */
    public void addConnectionStateListener(ConnectionStateListener listener) {
        requireOpen();
        sync().addStateListener(Objects.requireNonNull(listener, "listener"));
    }

    private synchronized SyncClient sync() {
        if (sync == null) {
            sync = new SyncClient(links, credentials, serial, callbacks, reconnectInitialMillis, reconnectMaxMillis);
        }
        return sync;
    }

    // ------------------------------------------------------------------ auth

    /** Authenticates as an end user with tokens from {@code fetcher} (replaces any other credentials). */
    public void setAuth(AuthTokenFetcher fetcher) {
        requireRemote();
        credentials.set(new Credentials.Auth.User(Objects.requireNonNull(fetcher, "fetcher")));
        reauthenticate();
    }

    /** Authenticates as an end user with a fixed token. */
    public void setAuth(String token) {
        Objects.requireNonNull(token, "token");
        setAuth(forceRefresh -> token);
    }

    /** Authenticates with the deployment's admin key ({@code Authorization: Convex <key>}). */
    public void setAdminAuth(String adminKey) {
        requireRemote();
        credentials.set(new Credentials.Auth.Admin(Objects.requireNonNull(adminKey, "adminKey")));
        reauthenticate();
    }

    /** Calls anonymously from now on. */
    public void clearAuth() {
        credentials.set(new Credentials.Auth.None());
        reauthenticate();
    }

    private void reauthenticate() {
        SyncClient s;
        synchronized (this) {
            s = sync;
        }
        if (s != null) {
            s.reauthenticate();
        }
    }

    // ------------------------------------------------------------------ misc

    /** The mapper used for arguments and results. */
    public ValueMapper valueMapper() {
        return mapper;
    }

    /**
     * The in-process runtime when this client is embedded; empty for a remote deployment. Not public:
     * the SDK's other packages reach it through {@link EmbeddedAccess}.
     */
    Optional<EmbeddedRuntime> embeddedRuntime() {
        return Optional.ofNullable(runtime);
    }

    private void requireRemote() {
        if (runtime != null) {
            throw new IllegalStateException("An embedded client calls as an anonymous caller; it takes no credentials");
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("This ConvexClient is closed");
        }
    }

    /** Closes the sync session, the HTTP client and the client's threads; stops an owned embedded runtime. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        SyncClient s;
        synchronized (this) {
            s = sync;
        }
        if (s != null) {
            s.close();
        }
        calls.close();
        serial.shutdownNow();
        callbacks.shutdown();
        try {
            callbacks.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (http != null) {
            http.shutdownNow();
            http.close();
        }
        if (ownsRuntime && runtime != null) {
            runtime.close();
        }
    }

    /** Sends calls over the sync session ({@link CallRoute#WEBSOCKET}). */
    private final class SyncCallTransport implements CallTransport {
        @Override
        public CompletableFuture<ConvexValue> call(FunctionKind kind, String path, ConvexValue.Obj args) {
            return sync().call(kind, path, args);
        }

        @Override
        public void close() {}
    }

    /**
     * Settings of a {@link ConvexClient}. Defaults: HTTP calls, timeout 30 s, 3 query retries starting at
     * 100 ms, reconnect backoff 100 ms doubling up to 16 s, connect timeout 10 s, anonymous.
     */
    public static final class Builder {
        private @Nullable URI url;
        private @Nullable EmbeddedRuntime runtime;
        private @Nullable EmbeddedProvider provider;
        private EmbeddedOptions embeddedOptions = EmbeddedOptions.defaults();
        private @Nullable String adminKey;
        private @Nullable AuthTokenFetcher tokenFetcher;
        private Duration timeout = Duration.ofSeconds(30);
        private @Nullable Duration requestTimeout;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int queryRetries = 3;
        private Duration retryBackoff = Duration.ofMillis(100);
        private Duration reconnectInitialBackoff = Duration.ofMillis(100);
        private Duration reconnectMaxBackoff = Duration.ofSeconds(16);
        private CallRoute route = CallRoute.HTTP;
        private ObjectMapper objectMapper = new ObjectMapper().findAndRegisterModules();

        private Builder() {}

        /** Authenticates with the deployment's admin key (replaces a token fetcher). */
        public Builder adminKey(String key) {
            this.adminKey = Objects.requireNonNull(key, "key");
            this.tokenFetcher = null;
            return this;
        }

        /** Authenticates as an end user with a fixed token. */
        public Builder authToken(String token) {
            Objects.requireNonNull(token, "token");
            return authTokenFetcher(forceRefresh -> token);
        }

        /** Authenticates as an end user with tokens from {@code fetcher}, refreshed when rejected. */
        public Builder authTokenFetcher(AuthTokenFetcher fetcher) {
            this.tokenFetcher = Objects.requireNonNull(fetcher, "fetcher");
            this.adminKey = null;
            return this;
        }

        /** How long a call may take before it fails with a timeout {@link ConvexTransportException}. */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /**
         * How long one HTTP request may take before it counts as a transport failure (a query is then
         * retried); defaults to {@link #timeout}, which still bounds the whole call with its retries.
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /** How long opening a TCP connection or WebSocket may take. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** How many times an HTTP query is re-sent after a transport failure (0 disables retries). */
        public Builder queryRetries(int retries) {
            if (retries < 0 || retries > 20) {
                throw new IllegalArgumentException("queryRetries must be in 0..20, got " + retries);
            }
            this.queryRetries = retries;
            return this;
        }

        /** The first query retry delay; it doubles for each later retry (with ±50 % jitter). */
        public Builder retryBackoff(Duration backoff) {
            this.retryBackoff = positive(backoff, "retryBackoff");
            return this;
        }

        /** The first and the largest delay between reconnect attempts of the sync session. */
        public Builder reconnectBackoff(Duration initial, Duration max) {
            positive(initial, "initial");
            positive(max, "max");
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("max backoff " + max + " is below the initial " + initial);
            }
            this.reconnectInitialBackoff = initial;
            this.reconnectMaxBackoff = max;
            return this;
        }

        /** Which connection carries calls (ignored by embedded clients, which need neither). */
        public Builder callRoute(CallRoute route) {
            this.route = Objects.requireNonNull(route, "route");
            return this;
        }

        /** The Jackson mapper used to convert your records and classes. */
        public Builder objectMapper(ObjectMapper mapper) {
            this.objectMapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /**
         * The environment variables ({@code process.env}) of the in-process runtime an embedded builder
         * starts; default {@code NODE_ENV=test}, which the mutable module's {@code purgeAll} requires.
         */
        public Builder embeddedEnv(Map<String, String> env) {
            this.embeddedOptions = embeddedOptions.withEnv(env);
            return this;
        }

        /**
         * A Convex project's {@code convex/} folder whose TypeScript queries, mutations and actions the
         * in-process runtime an embedded builder starts also serves, in place of any Java module with
         * the same path (as {@code serve --functions DIR}). Needs {@code jconvex-typescript} (brought
         * by {@code jconvex-embedded}) and Node.js to bundle the folder.
         */
        public Builder embeddedFunctions(Path convexDirectory) {
            this.embeddedOptions =
                    embeddedOptions.withFunctionsDirectory(Objects.requireNonNull(convexDirectory, "convexDirectory"));
            return this;
        }

        /** Builds the client; an embedded builder starts its runtime now. */
        public ConvexClient build() {
            if (url == null && (adminKey != null || tokenFetcher != null)) {
                throw new IllegalStateException(
                        "An embedded client calls as an anonymous caller; it takes no admin key or token");
            }
            if (url == null && runtime == null) {
                provider = EmbeddedProvider.load();
            }
            return new ConvexClient(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }

    /** Binds a value to a generic type (e.g. {@code new TypeReference<List<Item>>() {}.getType()}). */
    @SuppressWarnings("TypeParameterUnusedInFormals") // T is the caller's target type, named by the Type argument
    public <T> T convert(ConvexValue value, Type type) {
        return mapper.fromValue(value, type);
    }
}
