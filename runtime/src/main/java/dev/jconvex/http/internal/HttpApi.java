package dev.jconvex.http.internal;

import dev.jconvex.auth.AuthConfig;
import dev.jconvex.auth.TokenVerifier;
import dev.jconvex.execution.internal.FunctionRuntime;
import dev.jconvex.http.HttpTimeouts;
import dev.jconvex.protocol.FunctionKind;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Convex's HTTP API as one Undertow {@link HttpHandler} (spec wire-protocol §0, §1): the function
 * routes under {@code /api/}, the health routes, the WebSocket sync route (mounted from outside) and
 * Convex's CORS on all of them.
 *
 * <pre>{@code
 * HttpHandler api = HttpApi.builder()
 *         .functions(runtime)
 *         .adminKey(key::matches)
 *         .sync(SyncEndpoint.handler(...))
 *         .build();
 * }</pre>
 *
 * <p>Routes: {@code POST /api/query|mutation|action|function|query_ts|query_at_ts|query_batch|debug_event},
 * {@code POST /api/run/{module…}/{function}}, {@code GET /api/query}, {@code GET /api/sync} and
 * {@code GET /api/{clientVersion}/sync}, {@code GET /}, {@code /instance_name}, {@code
 * /instance_version}, {@code /version}, {@code /health}, {@code /metrics} (when configured), {@code
 * POST /echo}; with {@link Builder#dashboard}, {@code GET /dashboard/…} and {@code GET
 * /api/jconvex/deployment}. A known route with another method is 405
 * with {@code Allow}; anything else is 404 with an empty body, as axum answers.
 */
public final class HttpApi {

    /** What {@code GET /} answers (BE {@code router.rs}). */
    public static final String RUNNING_TEXT = "This Convex deployment is running. See https://docs.convex.dev/.";

    private HttpApi() {}

    /** What {@code /version} answers by default: {@code jconvex-<jar version>}, or {@code jconvex-dev}. */
    public static String defaultVersion() {
        return "jconvex-"
                + Optional.ofNullable(HttpApi.class.getPackage().getImplementationVersion())
                        .orElse("dev");
    }

    /**
     * Answers a request with {@code health} as {@code GET /health} does (JSON, 200 or 503): for a
     * server that answers health itself while the API is not installed yet, or draining.
     */
    public static void sendHealth(HttpServerExchange exchange, Health health) {
        OpsEndpoints.send(exchange, Objects.requireNonNull(health, "health"));
    }

    /** A builder; {@link Builder#functions} and {@link Builder#adminKey} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the parts of the API handler. */
    public static final class Builder {
        private @Nullable FunctionRuntime functions;
        private @Nullable Predicate<String> adminKey;
        private String instanceName = "jconvex";
        private String version = defaultVersion();
        private Supplier<Health> health = Health::ready;
        private Optional<Supplier<String>> metrics = Optional.empty();
        private boolean metricsNeedAdminKey = true;
        private Optional<HttpHandler> sync = Optional.empty();
        private Optional<dev.jconvex.admin.Admin> admin = Optional.empty();
        private Optional<java.util.function.Supplier<DeploymentStatus>> dashboard = Optional.empty();
        private @Nullable Executor executor;
        private Clock clock = Clock.systemUTC();
        private HttpTimeouts timeouts = HttpTimeouts.defaults();
        private @Nullable TokenVerifier tokens;
        // Shared by every I/O and worker thread: each draw uses the calling thread's own generator.
        private RandomGenerator random =
                () -> java.util.concurrent.ThreadLocalRandom.current().nextLong();

        private Builder() {}

        /** The runtime the function routes call. */
        public Builder functions(FunctionRuntime functions) {
            this.functions = Objects.requireNonNull(functions, "functions");
            return this;
        }

        /** Whether a presented admin key is this deployment's (constant-time, §4.1). */
        public Builder adminKey(Predicate<String> matches) {
            this.adminKey = Objects.requireNonNull(matches, "matches");
            return this;
        }

        /** The name {@code GET /instance_name} answers; default {@code jconvex}. */
        public Builder instanceName(String instanceName) {
            this.instanceName = Objects.requireNonNull(instanceName, "instanceName");
            return this;
        }

        /** The text {@code GET /version} and {@code /instance_version} answer. */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /**
         * What {@code GET /health} answers while the API is installed (default: always ready). Called
         * on a worker thread per request; it may block briefly (a database probe). A probe that
         * throws answers {@code unavailable} with the exception's message.
         */
        public Builder health(Supplier<Health> probe) {
            this.health = Objects.requireNonNull(probe, "probe");
            return this;
        }

        /**
         * Serves {@code GET /metrics}: {@code scrape} gives the Prometheus text (format 0.0.4). With
         * {@code requireAdminKey} the request needs this deployment's admin key ({@code Authorization:
         * Convex <key>} or {@code ?adminKey=}); otherwise anyone may read it. Without this call
         * {@code /metrics} is 404.
         */
        public Builder metrics(Supplier<String> scrape, boolean requireAdminKey) {
            this.metrics = Optional.of(Objects.requireNonNull(scrape, "scrape"));
            this.metricsNeedAdminKey = requireAdminKey;
            return this;
        }

        /** The WebSocket sync handler mounted at {@code /api/sync} and {@code /api/{version}/sync}. */
        public Builder sync(HttpHandler handler) {
            this.sync = Optional.of(handler);
            return this;
        }

        /**
         * The deployment's administration: adds the admin-only routes of the {@code npx convex} CLI
         * (environment variables, logs, export, import, reset; see {@code AdminEndpoints}).
         */
        public Builder admin(dev.jconvex.admin.Admin admin) {
            this.admin = Optional.of(admin);
            return this;
        }

        /**
         * Serves the dashboard: its web app at {@code /dashboard/} ({@code DashboardAssets}) and
         * {@code GET /api/jconvex/deployment}, which answers {@code status} as JSON to an admin.
         * Needs {@link #admin}: the app reads and changes data through the admin routes and the
         * {@code _system/dashboard/} functions.
         */
        public Builder dashboard(java.util.function.Supplier<DeploymentStatus> status) {
            this.dashboard = Optional.of(Objects.requireNonNull(status, "status"));
            return this;
        }

        /**
         * Where requests are parsed and calls started, off the I/O threads; default one virtual
         * thread per request.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** The clock JWT expiry is checked against when no {@link #tokens} verifier is given. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How bearer tokens become identities; default: the deployment has no auth providers, so
         * every token is refused (401 {@code NoAuthProvider}), as in Convex.
         */
        public Builder tokens(TokenVerifier tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
            return this;
        }

        /** The source of request ids; called from many threads at once, so it must be thread-safe. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** How long a client may take to send a request body ({@link HttpTimeouts#requestBody()}). */
        public Builder timeouts(HttpTimeouts timeouts) {
            this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
            return this;
        }

        /** The handler. */
        public HttpHandler build() {
            Objects.requireNonNull(functions, "functions is required");
            Objects.requireNonNull(adminKey, "adminKey is required");
            Executor work = executor != null ? executor : Executors.newVirtualThreadPerTaskExecutor();
            Authenticator authenticator = new Authenticator(
                    adminKey, tokens != null ? tokens : TokenVerifier.create(AuthConfig.none(), clock));
            FunctionEndpoints endpoints =
                    new FunctionEndpoints(functions, authenticator, work, random, timeouts.requestBody());
            if (dashboard.isPresent() && admin.isEmpty()) {
                throw new IllegalStateException("the dashboard needs the admin routes: call admin(...)");
            }
            Optional<AdminEndpoints> adminEndpoints =
                    admin.map(a -> new AdminEndpoints(a, authenticator, work, timeouts.requestBody()));
            OpsEndpoints ops = new OpsEndpoints(authenticator, work);
            Router router = new Router(endpoints, adminEndpoints, instanceName, version, sync, timeouts.requestBody());
            router.route(Methods.GET, "/health", ops.health(health));
            metrics.ifPresent(
                    scrape -> router.route(Methods.GET, "/metrics", ops.metrics(scrape, metricsNeedAdminKey)));
            dashboard.ifPresent(status -> router.mountDashboard(adminEndpoints.orElseThrow(), status));
            return new Cors(new RequestGuard(router));
        }
    }

    /** Dispatches on the path, then on the method. */
    private static final class Router implements HttpHandler {
        private final FunctionEndpoints endpoints;
        private final Optional<AdminEndpoints> admin;
        private final Optional<HttpHandler> sync;
        private Optional<HttpHandler> dashboard = Optional.empty();
        private final String version;
        // Keyed by the method's exact text: methods are case-sensitive (RFC 9110 §9.1), while
        // HttpString's equals ignores case, so `post /api/mutation` would otherwise run the mutation.
        private final Map<String, Map<String, HttpHandler>> exact = new LinkedHashMap<>();

        private final java.time.Duration bodyTimeout;

        Router(
                FunctionEndpoints endpoints,
                Optional<AdminEndpoints> admin,
                String instanceName,
                String version,
                Optional<HttpHandler> sync,
                java.time.Duration bodyTimeout) {
            this.bodyTimeout = bodyTimeout;
            this.version = version;
            this.endpoints = endpoints;
            this.admin = admin;
            this.sync = sync;
            admin.ifPresent(a -> {
                route(Methods.POST, "/api/update_environment_variables", a.updateEnvironmentVariables());
                route(Methods.GET, "/api/stream_function_logs", a.streamFunctionLogs());
                route(Methods.POST, "/api/export/request/zip", a.requestExport());
                route(Methods.POST, "/api/import/start_upload", a.startUpload());
                route(Methods.POST, "/api/import/upload_part", a.uploadPart());
                route(Methods.POST, "/api/import/finish_upload", a.finishUpload());
                route(Methods.POST, "/api/perform_import", a.performImport());
                route(Methods.POST, "/api/run_test_function", a.runTestFunction());
                route(Methods.POST, "/api/jconvex/reset", a.reset());
            });
            route(Methods.POST, "/api/query", endpoints.publicCall(FunctionKind.QUERY));
            route(Methods.GET, "/api/query", endpoints.getQuery());
            route(Methods.POST, "/api/mutation", endpoints.publicCall(FunctionKind.MUTATION));
            route(Methods.POST, "/api/action", endpoints.publicCall(FunctionKind.ACTION));
            route(Methods.POST, "/api/function", endpoints.anyFunction());
            route(Methods.POST, "/api/query_ts", endpoints.queryTs());
            route(Methods.POST, "/api/query_at_ts", endpoints.queryAtTs());
            route(Methods.POST, "/api/query_batch", endpoints.queryBatch());
            // Not served by Convex's open-source backend; the client only warns on failure (§1.7).
            route(
                    Methods.POST,
                    "/api/debug_event",
                    exchange -> Json.send(exchange, 200, Json.MAPPER.createObjectNode()));
            route(Methods.GET, "/", text(RUNNING_TEXT));
            route(Methods.GET, "/instance_name", text(instanceName));
            route(Methods.GET, "/instance_version", text(version));
            route(Methods.GET, "/version", text(version));
            route(Methods.POST, "/echo", this::echo);
        }

        void mountDashboard(AdminEndpoints admin, java.util.function.Supplier<DeploymentStatus> status) {
            route(Methods.GET, "/api/jconvex/deployment", admin.deployment(version, status));
            dashboard = Optional.of(new DashboardAssets());
        }

        private void route(HttpString method, String path, HttpHandler handler) {
            exact.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method.toString(), handler);
        }

        @Override
        public void handleRequest(HttpServerExchange exchange) throws Exception {
            String path = exchange.getRequestPath();
            Map<String, HttpHandler> byMethod = exact.get(path);
            if (byMethod != null) {
                HttpHandler handler = byMethod.get(exchange.getRequestMethod().toString());
                if (handler == null) {
                    methodNotAllowed(exchange, byMethod.keySet());
                } else {
                    handler.handleRequest(exchange);
                }
                return;
            }
            if (path.startsWith("/api/run/")) {
                if (!exchange.getRequestMethod().toString().equals("POST")) {
                    methodNotAllowed(exchange, Set.of("POST"));
                    return;
                }
                String raw = exchange.getRequestURI();
                String afterRun = raw.substring(raw.indexOf("/api/run/") + "/api/run/".length());
                try {
                    endpoints.run(afterRun).handleRequest(exchange);
                } catch (dev.jconvex.errors.ConvexException e) {
                    HttpErrors.send(exchange, e);
                }
                return;
            }
            if (admin.isPresent() && path.startsWith("/api/export/zip/")) {
                if (!exchange.getRequestMethod().toString().equals("GET")) {
                    methodNotAllowed(exchange, Set.of("GET"));
                    return;
                }
                admin.get()
                        .downloadExport(path.substring("/api/export/zip/".length()))
                        .handleRequest(exchange);
                return;
            }
            if (dashboard.isPresent() && DashboardAssets.owns(path)) {
                dashboard.get().handleRequest(exchange);
                return;
            }
            if (sync.isPresent() && isSyncPath(path)) {
                sync.get().handleRequest(exchange);
                return;
            }
            HttpErrors.sendEmpty(exchange, 404);
        }

        /** {@code /api/sync} or {@code /api/<one segment>/sync} (§2.1). */
        private static boolean isSyncPath(String path) {
            if (path.equals("/api/sync")) {
                return true;
            }
            if (!path.startsWith("/api/") || !path.endsWith("/sync")) {
                return false;
            }
            String version = path.substring("/api/".length(), path.length() - "/sync".length());
            return !version.isEmpty() && version.indexOf('/') < 0;
        }

        private static void methodNotAllowed(HttpServerExchange exchange, Set<String> allowed) {
            exchange.getResponseHeaders().put(Headers.ALLOW, String.join(",", allowed));
            HttpErrors.sendEmpty(exchange, 405);
        }

        private static HttpHandler text(String body) {
            return exchange -> {
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
                exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
            };
        }

        /** {@code POST /echo}: the body back, as read (bounded like every public API body). */
        private void echo(HttpServerExchange exchange) {
            if (exchange.getRequestContentLength() > RequestBody.MAX_BYTES) {
                RequestBody.rejectTooLarge(exchange, bodyTimeout);
                return;
            }
            BodyDeadline deadline = new BodyDeadline();
            RequestBody.receive(
                    exchange,
                    deadline,
                    (ex, bytes) -> {
                        deadline.run();
                        String type = ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
                        if (type != null) {
                            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
                        }
                        ex.getResponseSender().send(java.nio.ByteBuffer.wrap(bytes));
                    },
                    (ex, error) -> {
                        deadline.run();
                        ex.endExchange();
                    });
            deadline.arm(exchange, bodyTimeout);
        }
    }
}
