package dev.jconvex.server;

import dev.jconvex.auth.TokenVerifier;
import dev.jconvex.http.HttpTimeouts;
import dev.jconvex.http.internal.DeploymentStatus;
import dev.jconvex.http.internal.Health;
import dev.jconvex.http.internal.HttpApi;
import dev.jconvex.sync.SyncConfig;
import dev.jconvex.sync.internal.LiveQueries;
import dev.jconvex.sync.internal.SyncEndpoint;
import dev.jconvex.sync.internal.SyncProtocol;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.util.Headers;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A running jconvex deployment: the {@link Jconvex} runtime served over Convex's HTTP API and sync
 * protocol on one Undertow listener. Tests, the client SDK's tests and {@code serve} all start it
 * the same way:
 *
 * <pre>{@code
 * try (JconvexServer server = JconvexServer.start(ServerConfig.inMemoryOnFreePort())) {
 *     String url = server.url();          // http://127.0.0.1:<port>
 *     String key = server.adminKey().value();
 * }
 * }</pre>
 *
 * <p><b>Start-up order.</b> The data directory is claimed first ({@link DataDirectoryLock}: one
 * server per directory; an unusable one fails with {@link DataDirectoryException} before anything
 * listens). Then the listener is bound, so a taken port fails fast with {@link
 * PortInUseException} and port 0 resolves to a real port; then the runtime opens its database with
 * {@code CONVEX_SITE_URL} derived from that port; then the API handler is installed. Requests that
 * arrive in between get 503, except {@code GET /version} and {@code /instance_version}, which answer
 * from the first moment the port listens, and {@code GET /health}, which answers 503 {@code
 * {"status":"starting"}} ({@link Lifecycle}).
 *
 * <p><b>Metrics.</b> Each server has its own Prometheus registry: the runtime's meters (function
 * calls, OCC, commits), the sync protocol's (sessions, subscriptions, re-runs) and the JVM's
 * (memory, GC, threads, class loading, CPU, uptime), scraped at {@code GET /metrics}
 * (docs/http-api.md).
 *
 * <p><b>Shutdown</b> ({@link #close()}, also run by {@code serve}'s SIGTERM hook): new requests get
 * 503 ({@code /health}: {@code {"status":"stopping"}}), in-flight ones are drained (up to {@link #DRAIN_TIMEOUT}), the listener stops, then the
 * runtime closes its database cleanly.
 */
public final class JconvexServer implements AutoCloseable {

    /** How long {@link #close()} waits for in-flight requests. */
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    /** Largest request body Undertow reads: four times the public API's limit (wire-protocol §1.7). */
    private static final long MAX_ENTITY_BYTES = 4 * ((16L << 20) + 2000);

    /**
     * Largest request line plus headers: 64 KiB, room for long JWTs (a few KiB) and admin headers;
     * Undertow answers more with an empty 400 before any handler (docs/http-api.md).
     */
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final Undertow undertow;
    private final GracefulShutdownHandler graceful;
    private final Lifecycle lifecycle;
    private final ServerMeters meters;
    private final Jconvex runtime;
    private final Optional<SyncProtocol> sync;
    private final ExecutorService requestThreads;
    private final AdminKey adminKey;
    private final ServerConfig config;
    private final int port;
    private final Optional<DataDirectoryLock> lock;
    private boolean closed;

    private JconvexServer(
            Undertow undertow,
            GracefulShutdownHandler graceful,
            Lifecycle lifecycle,
            ServerMeters meters,
            Jconvex runtime,
            Optional<SyncProtocol> sync,
            ExecutorService requestThreads,
            AdminKey adminKey,
            ServerConfig config,
            int port,
            Optional<DataDirectoryLock> lock) {
        this.undertow = undertow;
        this.graceful = graceful;
        this.lifecycle = lifecycle;
        this.meters = meters;
        this.runtime = runtime;
        this.sync = sync;
        this.requestThreads = requestThreads;
        this.adminKey = adminKey;
        this.config = config;
        this.port = port;
        this.lock = lock;
    }

    /**
     * Starts a server with the modules found on the class path ({@link java.util.ServiceLoader}) and
     * the WebSocket sync route ({@link Extensions#standard()}).
     */
    public static JconvexServer start(ServerConfig config) {
        return start(config, Extensions.standard());
    }

    /**
     * Starts a server; {@code extensions} adds what lives outside the HTTP API (the sync handler,
     * explicitly registered modules).
     */
    public static JconvexServer start(ServerConfig config, Extensions extensions) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(extensions, "extensions");
        // First of all, so that an unusable or taken data directory is one line and nothing listens.
        Optional<DataDirectoryLock> lock = config.dataDirectory().map(DataDirectoryLock::acquire);
        try {
            return start(config, extensions, lock);
        } catch (RuntimeException | Error e) {
            lock.ifPresent(DataDirectoryLock::close);
            throw e;
        }
    }

    private static JconvexServer start(ServerConfig config, Extensions extensions, Optional<DataDirectoryLock> lock) {
        ServerMeters meters = ServerMeters.create();
        // With a fixed port the runtime (class loading, H2, the schema) is built on a second thread
        // while the listener starts: start-up is mostly class loading, and there are two cores.
        // With port 0 the runtime needs the chosen port for CONVEX_SITE_URL, so it comes after.
        CompletableFuture<Jconvex> early = config.port() == 0
                ? null
                : CompletableFuture.supplyAsync(
                        () -> buildRuntime(config, extensions, config.port(), meters),
                        runnable -> Thread.ofPlatform().name("jconvex-start").start(runnable));
        Deferred deferred = new Deferred();
        GracefulShutdownHandler graceful = new GracefulShutdownHandler(deferred);
        Lifecycle lifecycle = new Lifecycle(graceful, HttpApi.defaultVersion());
        HttpHandler root = lifecycle;
        if (config.accessLog()) {
            root = AccessLog.wrap(root);
        }
        HttpTimeouts timeouts = config.timeouts();
        Undertow undertow = Undertow.builder()
                .addHttpListener(config.port(), config.host())
                // A backstop only: the API counts chunked bodies itself and answers at its 16 MiB
                // limit (RequestBody.receive); fixed-length ones are checked before reading.
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, MAX_ENTITY_BYTES)
                // Slow and idle clients (issue 12): see HttpTimeouts; the body timeout is the API's.
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, HttpTimeouts.millis(timeouts.requestHeaders()))
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, HttpTimeouts.millis(timeouts.keepAlive()))
                .setServerOption(UndertowOptions.IDLE_TIMEOUT, HttpTimeouts.millis(timeouts.idle()))
                // The handlers decode the URL themselves, strictly, so that a bad escape or
                // ill-formed UTF-8 is a JSON 400 rather than Undertow's empty one (PercentDecoding).
                .setServerOption(UndertowOptions.DECODE_URL, false)
                // The request line and headers together; bounds the query parameters too, whose
                // count the API checks itself (RequestGuard, JSON 400 beyond 1000).
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_BYTES)
                .setServerOption(UndertowOptions.MAX_PARAMETERS, Integer.MAX_VALUE)
                .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, config.accessLog())
                .setHandler(root)
                .build();
        try {
            undertow.start();
        } catch (RuntimeException e) {
            meters.close();
            if (early != null) {
                early.thenAccept(Jconvex::close);
            }
            if (hasCause(e, BindException.class)) {
                throw new PortInUseException(config.host(), config.port(), e);
            }
            throw e;
        }
        int port = ((InetSocketAddress) undertow.getListenerInfo().getFirst().getAddress()).getPort();
        Jconvex runtime = null;
        Optional<SyncProtocol> sync = Optional.empty();
        ExecutorService requestThreads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("jconvex-http-", 0).factory());
        try {
            AdminKey adminKey = config.dataDirectory()
                    .map(dir -> AdminKey.loadOrCreate(dir, HttpApiDefaults.INSTANCE_NAME))
                    .orElseGet(() -> AdminKey.generate(HttpApiDefaults.INSTANCE_NAME));
            runtime = early == null ? buildRuntime(config, extensions, port, meters) : joinRuntime(early);
            TokenVerifier tokens = TokenVerifier.create(config.auth(), java.time.Clock.systemUTC());
            HttpApi.Builder api = HttpApi.builder()
                    .functions(runtime.seam())
                    .adminKey(adminKey::matches)
                    .tokens(tokens)
                    .instanceName(HttpApiDefaults.INSTANCE_NAME)
                    .admin(runtime.admin())
                    .timeouts(config.timeouts())
                    .executor(requestThreads);
            Jconvex started = runtime;
            api.health(() -> {
                started.checkAvailable();
                return Health.ready();
            });
            api.metrics(meters::scrape, !config.publicMetrics());
            sync = extensions
                    .sync()
                    .map(mount -> SyncProtocol.of(
                            started.seam(), mount.create(adminKey::matches, tokens), meters.registry()));
            sync.map(SyncEndpoint::handler).ifPresent(api::sync);
            Optional<SyncProtocol> live = sync;
            java.time.Instant startedAt = java.time.Instant.now();
            api.dashboard(() -> status(config, startedAt, live));
            deferred.install(api.build());
            lifecycle.ready();
            return new JconvexServer(
                    undertow, graceful, lifecycle, meters, runtime, sync, requestThreads, adminKey, config, port, lock);
        } catch (RuntimeException | Error e) {
            undertow.stop();
            meters.close();
            requestThreads.shutdownNow();
            sync.ifPresent(SyncProtocol::close);
            if (runtime != null) {
                runtime.close();
            } else if (early != null) {
                early.thenAccept(Jconvex::close);
            }
            throw e;
        }
    }

    /** What the dashboard's deployment page shows now. */
    private static DeploymentStatus status(
            ServerConfig config, java.time.Instant startedAt, Optional<SyncProtocol> sync) {
        LiveQueries live = sync.map(SyncProtocol::liveQueries).orElse(LiveQueries.NONE);
        String engine;
        Optional<String> location;
        if (config.database().isPresent()) {
            engine = "PostgreSQL";
            location = Optional.of(config.database().get().replaceAll(":[^:@/]*@", ":***@"));
        } else if (config.dataDirectory().isPresent()) {
            engine = "embedded (MVStore)";
            location = Optional.of(config.dataDirectory().get().toAbsolutePath().toString());
        } else {
            engine = "in-memory";
            location = Optional.empty();
        }
        return new DeploymentStatus(
                engine, location, startedAt, live.queries(), live.subscriptions(), live.subscriptionsByFunction());
    }

    private static Jconvex buildRuntime(ServerConfig config, Extensions extensions, int port, ServerMeters meters) {
        Jconvex.Builder builder = Jconvex.builder()
                .meterRegistry(meters.registry())
                .systemEnv(systemEnvironment(config, port))
                .env(config.env())
                .stackTracesInErrors(config.devMode());
        if (config.database().isPresent()) {
            builder.postgresql(config.database().get());
        } else {
            config.dataDirectory().ifPresentOrElse(builder::dataDirectory, builder::inMemory);
        }
        extensions.modules().forEach(builder::module);
        builder.replacingModules(extensions.replacingModules());
        extensions.clock().ifPresent(builder::clock);
        return builder.build();
    }

    /** The runtime built on the start-up thread, its failure rethrown as it was thrown. */
    private static Jconvex joinRuntime(CompletableFuture<Jconvex> early) {
        try {
            return early.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /**
     * The functions' {@code process.env}: the configured variables, plus {@code CONVEX_SITE_URL} =
     * {@code http://127.0.0.1:<port + 1>} (Convex's site port, wire-protocol §0) unless configured,
     * so that local-only functions such as {@code mutable:purgeAll} see a local deployment.
     */
    static Map<String, String> environment(ServerConfig config, int port) {
        Map<String, String> env = new LinkedHashMap<>(systemEnvironment(config, port));
        env.putAll(config.env());
        return env;
    }

    /**
     * What the runtime provides itself, not listed by {@code npx convex env list}: {@code
     * CONVEX_SITE_URL} as above and {@code CONVEX_CLOUD_URL}, this deployment's URL (what {@code
     * _system/cli/convexUrl:cloudUrl} answers).
     */
    static Map<String, String> systemEnvironment(ServerConfig config, int port) {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CONVEX_SITE_URL", "http://127.0.0.1:" + (port + 1));
        env.put("CONVEX_CLOUD_URL", "http://" + host + ":" + port);
        return env;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The port the server listens on (the chosen one when configured with 0). */
    public int port() {
        return port;
    }

    /** The deployment URL clients use: {@code http://<host>:<port>}. */
    public String url() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + host + ":" + port;
    }

    /** The admin key that {@code Authorization: Convex <key>} must carry. */
    public AdminKey adminKey() {
        return adminKey;
    }

    /** Where the database and admin key live; empty when in memory. */
    public Optional<String> database() {
        return config.database();
    }

    /** Where the data lives: the data directory, or empty when in memory or in PostgreSQL. */
    public Optional<Path> dataDirectory() {
        return config.dataDirectory();
    }

    /** The runtime behind the API, for tests that check data directly. */
    public Jconvex runtime() {
        return runtime;
    }

    /** Drains in-flight requests, stops listening and closes the database. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        lifecycle.stopping();
        // Wake waiting log polls first, so that draining does not wait for them.
        runtime.admin().log().close();
        graceful.shutdown();
        try {
            graceful.awaitShutdown(DRAIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        undertow.stop();
        requestThreads.shutdown();
        sync.ifPresent(SyncProtocol::close); // the hub this server created stops before the runtime
        runtime.close();
        meters.close();
        lock.ifPresent(DataDirectoryLock::close);
    }

    /**
     * The configuration of a started server's WebSocket sync route, from the test for its admin key
     * and its verifier of user tokens (the configured auth providers). The server owns the sync
     * protocol it builds from it, and closes it before the runtime.
     */
    @FunctionalInterface
    public interface SyncMount {
        SyncConfig create(Predicate<String> isAdminKey, TokenVerifier tokens);
    }

    /**
     * What a server adds beyond the HTTP API.
     *
     * @param modules modules registered explicitly, beside the discovered ones
     * @param replacingModules modules that take the place of any discovered or explicit module with
     *     the same path (a TypeScript {@code convex/} folder served instead of the Java ports)
     * @param clock the time functions see ({@code Date.now()}, creation times); empty for the system
     *     clock. Tests that replay operations at given times set it, as on the embedded runtime
     *     ({@link Jconvex.Builder#clock})
     */
    public record Extensions(
            Optional<SyncMount> sync,
            List<dev.jconvex.execution.ConvexModule> modules,
            List<dev.jconvex.execution.ConvexModule> replacingModules,
            Optional<java.time.InstantSource> clock) {
        public Extensions {
            Objects.requireNonNull(sync, "sync");
            modules = List.copyOf(modules);
            replacingModules = List.copyOf(replacingModules);
            Objects.requireNonNull(clock, "clock");
        }

        /** Nothing: discovered modules only, no sync route, the system clock. */
        public static Extensions none() {
            return new Extensions(Optional.empty(), List.of(), List.of(), Optional.empty());
        }

        /**
         * What {@code serve} runs: discovered modules and the sync route with default settings,
         * accepting this deployment's admin key in {@code Authenticate} (as the CLI's {@code --watch}
         * and the dashboard send it) and verifying user tokens as the HTTP routes do.
         */
        public static Extensions standard() {
            return none().withSync((isAdminKey, tokens) ->
                    SyncConfig.builder().adminKey(isAdminKey).tokens(tokens).build());
        }

        /** A copy that mounts the sync routes, configured by {@code sync}. */
        public Extensions withSync(SyncMount sync) {
            return new Extensions(Optional.of(sync), modules, replacingModules, clock);
        }

        /** A copy that also registers {@code more} modules explicitly. */
        public Extensions withModules(dev.jconvex.execution.ConvexModule... more) {
            List<dev.jconvex.execution.ConvexModule> all = new java.util.ArrayList<>(modules);
            all.addAll(List.of(more));
            return new Extensions(sync, all, replacingModules, clock);
        }

        /** A copy that also registers {@code more}, each replacing any other module with its path. */
        public Extensions withReplacingModules(List<? extends dev.jconvex.execution.ConvexModule> more) {
            List<dev.jconvex.execution.ConvexModule> all = new java.util.ArrayList<>(replacingModules);
            all.addAll(more);
            return new Extensions(sync, modules, all, clock);
        }

        /** A copy whose runtime reads the time from {@code source} instead of the system clock. */
        public Extensions withClock(java.time.InstantSource source) {
            return new Extensions(sync, modules, replacingModules, Optional.of(source));
        }
    }

    /** Thrown by {@link #start} when the port is taken. */
    public static final class PortInUseException extends RuntimeException {
        PortInUseException(String host, int port, Throwable cause) {
            super(
                    "port " + port + " on " + host + " is already in use (another jconvex or Convex backend?);"
                            + " choose another with --port N, or --port 0 for any free port",
                    cause);
        }
    }

    /**
     * Thrown by {@link #start} before anything listens when the data directory cannot be used: it is
     * not a directory, cannot be created or written (the message carries the OS reason), or another
     * server holds it (the message names its pid). The message is one line for the user.
     */
    public static final class DataDirectoryException extends RuntimeException {
        DataDirectoryException(String message) {
            super(message);
        }
    }

    /** Fixed names of this deployment. */
    static final class HttpApiDefaults {
        /** The instance name ({@code GET /instance_name}, the admin key's prefix). */
        static final String INSTANCE_NAME = "jconvex";

        private HttpApiDefaults() {}
    }

    /**
     * The outermost handler: answers {@code GET /health} (503 {@code starting} or {@code stopping})
     * and, while starting, {@code GET /version} and {@code /instance_version} itself, so that a
     * client polling for the server (as {@code npx convex dev} polls {@code /version}) gets its answer
     * as soon as the port listens; everything else goes on to the API, or to the 503 of {@link
     * Deferred} and of the graceful shutdown. Once ready, {@code /health} is the API's, which probes
     * the database.
     */
    private static final class Lifecycle implements HttpHandler {
        private final HttpHandler next;
        private final String version;
        private volatile boolean ready;
        private volatile boolean stopping;

        Lifecycle(HttpHandler next, String version) {
            this.next = next;
            this.version = version;
        }

        void ready() {
            ready = true;
        }

        void stopping() {
            stopping = true;
        }

        @Override
        public void handleRequest(HttpServerExchange exchange) throws Exception {
            if ((!ready || stopping) && exchange.getRequestMethod().toString().equals("GET")) {
                String path = exchange.getRequestPath();
                if (path.equals("/health")) {
                    HttpApi.sendHealth(exchange, stopping ? Health.stopping() : Health.starting());
                    return;
                }
                if (!stopping && (path.equals("/version") || path.equals("/instance_version"))) {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
                    exchange.getResponseSender().send(version, StandardCharsets.UTF_8);
                    return;
                }
            }
            next.handleRequest(exchange);
        }
    }

    /** The root handler until the API is installed: 503 meanwhile. */
    private static final class Deferred implements HttpHandler {
        private volatile @Nullable HttpHandler delegate;

        void install(HttpHandler handler) {
            this.delegate = handler;
        }

        @Override
        public void handleRequest(HttpServerExchange exchange) throws Exception {
            HttpHandler current = delegate;
            if (current == null) {
                exchange.setStatusCode(503);
                exchange.endExchange();
                return;
            }
            current.handleRequest(exchange);
        }
    }
}
