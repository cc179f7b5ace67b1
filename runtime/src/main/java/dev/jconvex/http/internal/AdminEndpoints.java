package dev.jconvex.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jconvex.admin.Admin;
import dev.jconvex.admin.FunctionLog;
import dev.jconvex.admin.ImportRequest;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.execution.internal.EnvironmentVariables;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The admin-only routes the {@code npx convex} CLI calls besides functions (BE {@code
 * local_backend/src/router.rs}); every one requires this deployment's admin key ({@code
 * Authorization: Convex <key>}): without one, 403 {@code BadDeployKey}; with a wrong one, 401 {@code
 * BadAdminKey}. Each handler parses, authenticates, calls {@link Admin} on a worker thread, and
 * answers JSON.
 *
 * <pre>
 * POST /api/update_environment_variables   {"changes":[{"name","value"|null}]}      → {}
 * GET  /api/stream_function_logs?cursor=N                                          → {"entries":[…],"newCursor":M}
 * POST /api/export/request/zip?includeStorage=B                                    → {}
 * GET  /api/export/zip/{ts}                                                        → the ZIP
 * POST /api/import/start_upload                                                    → {"uploadToken"}
 * POST /api/import/upload_part?uploadToken=T&amp;partNumber=N  (bytes)                 → "N"
 * POST /api/import/finish_upload   {"import":{tableName?,mode,format},"uploadToken","partTokens"} → {"importId"}
 * POST /api/perform_import         {"importId"}                                     → {}
 * POST /api/run_test_function  {"bundle":{"source"},"format"}                  → a function envelope
 * POST /api/jconvex/reset          (jconvex's own: empties every table)            → {"deleted":N}
 * GET  /api/jconvex/deployment     (jconvex's own, for the dashboard)              → {@link DeploymentStatus}
 * </pre>
 */
final class AdminEndpoints {

    /** How long a log poll waits for a new entry before it answers with none. */
    static final Duration LOG_POLL = Duration.ofSeconds(10);

    private final Admin admin;
    private final Authenticator authenticator;
    private final Executor executor;
    private final java.time.Duration bodyTimeout;

    AdminEndpoints(Admin admin, Authenticator authenticator, Executor executor, java.time.Duration bodyTimeout) {
        this.admin = admin;
        this.authenticator = authenticator;
        this.executor = executor;
        this.bodyTimeout = bodyTimeout;
    }

    HttpHandler updateEnvironmentVariables() {
        return json((exchange, body) -> {
            JsonNode changes = body.required("changes");
            if (!changes.isArray()) {
                throw RequestBody.bad(
                        "Failed to deserialize the JSON body into the target type: changes: invalid type, expected a sequence");
            }
            List<EnvironmentVariables.Change> list = new ArrayList<>();
            int index = 0;
            for (JsonNode change : changes) {
                RequestBody element = RequestBody.of(change, "changes[" + index++ + "]");
                list.add(new EnvironmentVariables.Change(
                        element.requiredString("name"), element.optionalString("value")));
            }
            admin.environment().apply(list);
            return Json.MAPPER.createObjectNode();
        });
    }

    HttpHandler streamFunctionLogs() {
        return noBody(exchange -> {
            long cursor = FunctionEndpoints.parameter(exchange, "cursor")
                    .map(AdminEndpoints::parseCursor)
                    .orElse(0L);
            FunctionLog.Page page;
            try {
                page = admin.log().after(cursor, LOG_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConvexException(ErrorCode.InternalServerError, HttpErrors.INTERNAL_MESSAGE);
            }
            ObjectNode body = Json.MAPPER.createObjectNode();
            ArrayNode entries = body.putArray("entries");
            page.entries().forEach(entry -> entries.add(LogEntries.toJson(entry)));
            body.put("newCursor", page.newCursor());
            Json.send(exchange, 200, body);
        });
    }

    HttpHandler requestExport() {
        return noBody(exchange -> {
            boolean includeStorage = FunctionEndpoints.parameter(exchange, "includeStorage")
                    .map(Boolean::parseBoolean)
                    .orElse(false);
            admin.exports().request(includeStorage);
            Json.send(exchange, 200, Json.MAPPER.createObjectNode());
        });
    }

    /** {@code GET /api/export/zip/<ts>}: streams the export's ZIP. */
    HttpHandler downloadExport(String ts) {
        return noBody(exchange -> {
            long startTs;
            try {
                startTs = Long.parseLong(ts);
            } catch (NumberFormatException e) {
                throw new ConvexException(ErrorCode.InvalidArgument, "Invalid snapshot timestamp: " + ts);
            }
            Path file = admin.exports()
                    .file(startTs)
                    .orElseThrow(() -> new ConvexException(
                            ErrorCode.InvalidArgument, "No snapshot export at timestamp " + startTs));
            exchange.setStatusCode(200);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/zip");
            exchange.getResponseHeaders()
                    .put(Headers.CONTENT_DISPOSITION, "attachment; filename=snapshot_" + startTs + ".zip");
            exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, Files.size(file));
            exchange.startBlocking();
            try (OutputStream out = exchange.getOutputStream()) {
                Files.copy(file, out);
            }
        });
    }

    HttpHandler startUpload() {
        return noBody(exchange -> {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("uploadToken", admin.imports().startUpload());
            Json.send(exchange, 200, body);
        });
    }

    HttpHandler uploadPart() {
        return bytes((exchange, data) -> {
            String token = FunctionEndpoints.parameter(exchange, "uploadToken")
                    .orElseThrow(() -> new ConvexException(ErrorCode.BadQueryArgs, "missing field `uploadToken`"));
            int part;
            try {
                part = Integer.parseInt(FunctionEndpoints.parameter(exchange, "partNumber")
                        .orElseThrow(() -> new ConvexException(ErrorCode.BadQueryArgs, "missing field `partNumber`")));
            } catch (NumberFormatException e) {
                throw new ConvexException(ErrorCode.BadQueryArgs, "partNumber: invalid digit found in string");
            }
            Json.send(
                    exchange,
                    200,
                    Json.MAPPER.getNodeFactory().textNode(admin.imports().uploadPart(token, part, data)));
        });
    }

    HttpHandler finishUpload() {
        return json((exchange, body) -> {
            RequestBody request = RequestBody.of(body.required("import"), "import");
            ImportRequest.Format format = ImportRequest.Format.parse(request.requiredString("format"));
            ImportRequest.Mode mode = request.optionalString("mode")
                    .map(ImportRequest.Mode::parse)
                    .orElse(ImportRequest.Mode.REQUIRE_EMPTY);
            request.optionalString("componentPath").filter(p -> !p.isEmpty()).ifPresent(p -> {
                throw new ConvexException(ErrorCode.InvalidArgument, "jconvex has no components: " + p);
            });
            ImportRequest parsed = new ImportRequest(format, mode, request.optionalString("tableName"));
            String token = body.requiredString("uploadToken");
            JsonNode parts = body.required("partTokens");
            List<String> partTokens = new ArrayList<>();
            parts.forEach(p -> partTokens.add(p.isTextual() ? p.textValue() : p.toString()));
            ObjectNode answer = Json.MAPPER.createObjectNode();
            answer.put("importId", admin.imports().finishUpload(token, partTokens, parsed));
            return answer;
        });
    }

    HttpHandler performImport() {
        return json((exchange, body) -> {
            admin.imports().perform(body.requiredString("importId"));
            return Json.MAPPER.createObjectNode();
        });
    }

    /**
     * {@code POST /api/run_test_function} {@code {bundle: {path, source}, args, format}}: the
     * inline query of {@code npx convex run --inline-query}, answered as a function envelope.
     */
    HttpHandler runTestFunction() {
        return json((exchange, body) -> {
            RequestBody bundle = RequestBody.of(body.required("bundle"), "bundle");
            String source = bundle.requiredString("source");
            ValueFormat format =
                    body.optionalString("format").map(ValueFormat::parse).orElse(ValueFormat.ENCODED);
            return Envelopes.of(admin.runInlineQuery(source), format, requestId());
        });
    }

    /**
     * {@code GET /api/jconvex/deployment}: {@code {version, engine, location, startedAt (ms),
     * liveQueries, subscriptions, subscriptionsByFunction: {path: n}}}, {@code location} null in
     * memory.
     */
    HttpHandler deployment(String version, java.util.function.Supplier<DeploymentStatus> status) {
        return noBody(exchange -> {
            DeploymentStatus now = status.get();
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("version", version);
            body.put("engine", now.engine());
            body.put("location", now.location().orElse(null));
            body.put("startedAt", now.startedAt().toEpochMilli());
            body.put("liveQueries", now.liveQueries());
            body.put("subscriptions", now.subscriptions());
            ObjectNode byFunction = body.putObject("subscriptionsByFunction");
            now.subscriptionsByFunction().forEach(byFunction::put);
            Json.send(exchange, 200, body);
        });
    }

    HttpHandler reset() {
        return noBody(exchange -> {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("deleted", admin.reset());
            Json.send(exchange, 200, body);
        });
    }

    // ---------------------------------------------------------------------------------------------

    private static String requestId() {
        return dev.jconvex.execution.internal.ErrorMessages.httpRequestId(
                () -> java.util.concurrent.ThreadLocalRandom.current().nextLong());
    }

    private static long parseCursor(String text) {
        try {
            // The CLI starts at 0 and passes back newCursor; a fractional cursor reads as its floor.
            return (long) Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new ConvexException(ErrorCode.BadQueryArgs, "Failed to deserialize query string: cursor: " + text);
        }
    }

    @FunctionalInterface
    private interface Work {
        void run(HttpServerExchange exchange) throws IOException;
    }

    @FunctionalInterface
    private interface JsonWork {
        JsonNode run(HttpServerExchange exchange, RequestBody body) throws IOException;
    }

    @FunctionalInterface
    private interface BytesWork {
        void run(HttpServerExchange exchange, byte[] body) throws IOException;
    }

    /** The request's credentials, or empty once a malformed one has been answered. */
    private static Optional<Authenticator.Credentials> credentials(HttpServerExchange exchange) {
        try {
            return Optional.of(Authenticator.parse(
                    FunctionEndpoints.header(exchange, "Authorization"),
                    FunctionEndpoints.parameter(exchange, "adminKey")));
        } catch (ConvexException e) {
            HttpErrors.send(exchange, e);
            return Optional.empty();
        }
    }

    /** Authenticates as admin on the I/O thread, then runs {@code work} on a worker thread. */
    private HttpHandler noBody(Work work) {
        return exchange -> {
            Optional<Authenticator.Credentials> parsed = credentials(exchange);
            if (parsed.isEmpty()) {
                return;
            }
            Authenticator.Credentials credentials = parsed.get();
            exchange.dispatch(
                    executor,
                    () -> guarded(exchange, () -> {
                        requireAdmin(credentials);
                        work.run(exchange);
                    }));
        };
    }

    private HttpHandler json(JsonWork work) {
        return bytes((exchange, bytes) -> {
            RequestBody body = RequestBody.parse(FunctionEndpoints.header(exchange, "Content-Type"), bytes);
            Json.send(exchange, 200, work.run(exchange, body));
        });
    }

    /** Reads the whole body (bounded like every API body), then authenticates and runs {@code work}. */
    private HttpHandler bytes(BytesWork work) {
        return exchange -> {
            Optional<Authenticator.Credentials> parsed = credentials(exchange);
            if (parsed.isEmpty()) {
                return;
            }
            Authenticator.Credentials credentials = parsed.get();
            if (exchange.getRequestContentLength() > RequestBody.MAX_BYTES) {
                RequestBody.rejectTooLarge(exchange, bodyTimeout);
                return;
            }
            exchange.getRequestReceiver()
                    .receiveFullBytes(
                            (ex, bytes) -> ex.dispatch(
                                    executor,
                                    () -> guarded(ex, () -> {
                                        requireAdmin(credentials);
                                        work.run(ex, bytes);
                                    })),
                            (ex, error) -> {
                                if (error instanceof RequestTooBigException) {
                                    HttpErrors.send(ex, RequestBody.bad(RequestBody.TOO_LARGE));
                                } else {
                                    ex.endExchange();
                                }
                            });
        };
    }

    private void requireAdmin(Authenticator.Credentials credentials) {
        if (!authenticator.resolve(credentials).isAdmin()) {
            throw new ConvexException(ErrorCode.BadDeployKey, FunctionEndpoints.DEPLOY_KEY_REQUIRED);
        }
    }

    @FunctionalInterface
    private interface IoRunnable {
        void run() throws IOException;
    }

    private static void guarded(HttpServerExchange exchange, IoRunnable work) {
        try {
            work.run();
        } catch (Throwable failure) {
            if (exchange.isResponseStarted()) {
                exchange.endExchange();
            } else {
                HttpErrors.send(exchange, failure);
            }
        }
    }
}
