package dev.jconvex.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.execution.Identity;
import dev.jconvex.execution.internal.ErrorMessages;
import dev.jconvex.execution.internal.FunctionRuntime;
import dev.jconvex.execution.internal.SnapshotResult;
import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.protocol.FunctionPath;
import dev.jconvex.protocol.Timestamp;
import dev.jconvex.values.ConvexJson;
import dev.jconvex.values.ConvexValue;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * The function-running routes of Convex's HTTP API (spec wire-protocol §1.7). Each handler parses,
 * authenticates, hands a {@link FunctionCall} to the {@link FunctionRuntime} and writes the
 * {@linkplain Envelopes envelope}; no business logic lives here.
 *
 * <p><b>Threads.</b> A handler starts on an Undertow I/O thread and reads the body there without
 * blocking. A small body (up to {@link #INLINE_BYTES}) is then parsed on that thread, a matter of
 * microseconds, and handed to {@link FunctionRuntime#callAsync}, which only submits the call: the
 * runtime runs the function on its own threads and the answer is written by whichever thread
 * completes the future. Larger bodies, and routes that wait ({@code /api/query_batch}), are
 * {@linkplain HttpServerExchange#dispatch(Executor, Runnable) dispatched} to {@code executor}
 * (virtual threads in the server) first. An I/O thread never waits for a function. (Parsing small
 * bodies in place saves a thread hand-off per request, which costs milliseconds on a busy machine.)
 *
 * <p><b>Order of checks</b> (as Convex's extractors run): the {@code Authorization} header's shape,
 * the body (size, content type, JSON, fields), the function path, the credentials themselves, the
 * admin requirement of {@code /api/function}, the format; only then does the function run. Unlike
 * Convex, which parses {@code format} after running the function, a bad format is rejected before
 * anything runs, so a rejected request never commits (documented in {@code docs/http-api.md}).
 */
final class FunctionEndpoints {

    /** Convex's text when an admin is required (BE {@code keybroker} {@code bad_admin_key_error}). */
    static final String DEPLOY_KEY_REQUIRED =
            "The provided deploy key was invalid for this deployment. Double check that the environment this key was generated for matches the desired deployment.";

    static final String MISSING_IDENTIFIER = "Path or function name not provided in path, e.g. /api/run/messages/list";

    /** Bodies up to this size are parsed on the I/O thread; larger ones on {@code executor}. */
    static final int INLINE_BYTES = 64 * 1024;

    private final FunctionRuntime runtime;
    private final Authenticator authenticator;
    private final Executor executor;
    private final RandomGenerator random;

    private final java.time.Duration bodyTimeout;

    FunctionEndpoints(
            FunctionRuntime runtime,
            Authenticator authenticator,
            Executor executor,
            RandomGenerator random,
            java.time.Duration bodyTimeout) {
        this.bodyTimeout = bodyTimeout;
        this.runtime = runtime;
        this.authenticator = authenticator;
        this.executor = executor;
        this.random = random;
    }

    /** {@code POST /api/query}, {@code /api/mutation}, {@code /api/action}: args {@code [obj]} or obj. */
    HttpHandler publicCall(FunctionKind kind) {
        return withBody(Blocking.NO, (exchange, request) -> {
            Target target = Target.of(request.body.requiredString("path"), request.body.required("args"));
            Identity identity = authenticator.resolve(request.credentials);
            ValueFormat format = format(exchange, request.body);
            call(exchange, target, Optional.of(kind), identity, format);
        });
    }

    /** {@code POST /api/function}: admins only, any kind, internal functions too (§1.7). */
    HttpHandler anyFunction() {
        return withBody(Blocking.NO, (exchange, request) -> {
            Target target = Target.of(request.body.requiredString("path"), request.body.required("args"));
            Identity identity = authenticator.resolve(request.credentials);
            if (!identity.isAdmin()) {
                throw new ConvexException(ErrorCode.BadDeployKey, DEPLOY_KEY_REQUIRED);
            }
            Optional<String> componentPath = request.body.optionalString("componentPath");
            if (componentPath.isPresent() && !componentPath.get().isEmpty()) {
                // jconvex has only the root component; Convex answers an unknown component with a 500.
                throw new ConvexException(ErrorCode.InternalServerError, HttpErrors.INTERNAL_MESSAGE);
            }
            ValueFormat format = format(exchange, request.body);
            call(exchange, target, Optional.empty(), identity, format);
        });
    }

    /**
     * {@code POST /api/run/{module…}/{function}}: the URL names the function ({@code /api/run/dir/file/fn}
     * is {@code dir/file:fn}); any kind; clean JSON unless the body names a format (§1.7).
     */
    HttpHandler run(String pathAfterRun) {
        return withBody(Blocking.NO, (exchange, request) -> {
            String path = runPath(pathAfterRun);
            Target target = Target.of(path, request.body.required("args"));
            Identity identity = authenticator.resolve(request.credentials);
            ValueFormat format = request.body
                    .optionalString("format")
                    .map(ValueFormat::parse)
                    .orElse(ValueFormat.CLEAN);
            call(exchange, target, Optional.empty(), identity, format);
        });
    }

    /** {@code POST /api/query_ts}: the latest timestamp, {@code {"ts": "<base64 u64>"}}; no body needed. */
    HttpHandler queryTs() {
        return exchange -> {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("ts", runtime.latestTimestamp().toWire());
            Json.send(exchange, 200, body);
        };
    }

    /**
     * {@code POST /api/query_at_ts}: a query at a snapshot. jconvex keeps no history, so it runs at
     * the latest state, which is what the snapshot holds unless a commit landed after it (documented
     * in {@code docs/http-api.md}). A malformed {@code ts}, or one later than the latest commit, is a
     * 500 as in Convex.
     */
    HttpHandler queryAtTs() {
        return withBody(Blocking.NO, (exchange, request) -> {
            Target target = Target.of(request.body.requiredString("path"), request.body.required("args"));
            String ts = request.body.requiredString("ts");
            Identity identity = authenticator.resolve(request.credentials);
            ValueFormat format = format(exchange, request.body);
            checkTimestamp(ts);
            call(exchange, target, Optional.of(FunctionKind.QUERY), identity, format);
        });
    }

    /**
     * {@code POST /api/query_batch}: {@code {"queries": [{path, args, format?}, …]}} answered with
     * {@code {"results": [<envelope>, …]}} in order. A malformed element fails the whole request.
     */
    HttpHandler queryBatch() {
        return withBody(Blocking.YES, (exchange, request) -> {
            JsonNode queries = request.body.required("queries");
            if (!queries.isArray()) {
                throw RequestBody.bad(
                        "Failed to deserialize the JSON body into the target type: queries: invalid type, expected a sequence");
            }
            List<Target> targets = new ArrayList<>();
            List<ValueFormat> formats = new ArrayList<>();
            int index = 0;
            for (JsonNode element : queries) {
                RequestBody query = RequestBody.of(element, "queries[" + index++ + "]");
                targets.add(Target.of(query.requiredString("path"), query.required("args")));
                formats.add(format(exchange, query));
            }
            Identity identity = authenticator.resolve(request.credentials);
            // Arguments that do not decode answer in place; the rest run together on one snapshot.
            List<String> requestIds = new ArrayList<>();
            List<ObjectNode> envelopes = new ArrayList<>();
            List<FunctionCall> calls = new ArrayList<>();
            for (Target target : targets) {
                String requestId = ErrorMessages.httpRequestId(random);
                requestIds.add(requestId);
                try {
                    calls.add(new FunctionCall(
                            target.rawPath(),
                            Optional.of(FunctionKind.QUERY),
                            decodeArgs(target.args()),
                            identity,
                            Optional.empty(),
                            Optional.of(requestId)));
                    envelopes.add(null);
                } catch (ConvexException e) {
                    envelopes.add(invalidArguments(target, e, requestId));
                }
            }
            List<FunctionOutcome> outcomes = calls.isEmpty()
                    ? List.of()
                    : runtime.runQueries(calls).runs().stream()
                            .map(SnapshotResult.QueryRun::outcome)
                            .toList();
            ObjectNode body = Json.MAPPER.createObjectNode();
            ArrayNode array = body.putArray("results");
            int next = 0;
            for (int i = 0; i < targets.size(); i++) {
                ObjectNode envelope = envelopes.get(i);
                array.add(
                        envelope != null
                                ? envelope
                                : Envelopes.of(outcomes.get(next++), formats.get(i), requestIds.get(i)));
            }
            Json.send(exchange, 200, body);
        });
    }

    /**
     * {@code GET /api/query?path=…&args=…&format=…}: {@code args} is the JSON text of the arguments
     * ({@code {}} when absent). Convex declares this route but its extractor cannot read {@code args}
     * from a query string, so it never succeeds there; jconvex makes it work (documented divergence).
     */
    HttpHandler getQuery() {
        return exchange -> {
            Authenticator.Credentials credentials;
            try {
                credentials = Authenticator.parse(header(exchange, "Authorization"), parameter(exchange, "adminKey"));
            } catch (ConvexException e) {
                HttpErrors.send(exchange, e);
                return;
            }
            exchange.dispatch(
                    credentials instanceof Authenticator.Credentials.Bearer ? executor : SameThreadExecutor.INSTANCE,
                    () -> guarded(exchange, () -> {
                        String path = parameter(exchange, "path")
                                .orElseThrow(() -> new ConvexException(
                                        ErrorCode.BadQueryArgs,
                                        "Failed to deserialize query string: missing field `path`"));
                        JsonNode args;
                        try {
                            args = RequestBody.STRICT.readTree(
                                    parameter(exchange, "args").orElse("{}"));
                        } catch (IOException e) {
                            throw new ConvexException(
                                    ErrorCode.BadQueryArgs,
                                    "Failed to deserialize query string: args: " + e.getMessage());
                        }
                        Target target = Target.of(path, args);
                        Identity identity = authenticator.resolve(credentials);
                        ValueFormat format = parameter(exchange, "format")
                                .map(ValueFormat::parse)
                                .orElseGet(() -> ValueFormat.defaultFor(header(exchange, "Convex-Client")));
                        call(exchange, target, Optional.of(FunctionKind.QUERY), identity, format);
                    }));
        };
    }

    // ---------------------------------------------------------------------------------------------

    /** A parsed request: the credentials it presented and its JSON body. */
    private record Request(Authenticator.Credentials credentials, RequestBody body) {}

    /** What a handler does once the body is in, on an executor thread; may throw {@link ConvexException}. */
    @FunctionalInterface
    private interface BodyHandler {
        void handle(HttpServerExchange exchange, Request request);
    }

    /** Whether a handler may wait (and so must never run on an I/O thread). */
    private enum Blocking {
        YES,
        NO
    }

    /**
     * Checks the header's shape and the declared size on the I/O thread, reads the body without
     * blocking, then runs {@code handler}: in place for a small body of a non-blocking handler, else
     * on the executor. Either way the exchange is dispatched, so Undertow does not end it when the
     * handler returns; the answer ends it.
     */
    private HttpHandler withBody(Blocking blocking, BodyHandler handler) {
        return exchange -> {
            Authenticator.Credentials credentials;
            try {
                credentials = Authenticator.parse(header(exchange, "Authorization"), parameter(exchange, "adminKey"));
            } catch (ConvexException e) {
                HttpErrors.send(exchange, e);
                return;
            }
            if (exchange.getRequestContentLength() > RequestBody.MAX_BYTES) {
                RequestBody.rejectTooLarge(exchange, bodyTimeout);
                return;
            }
            Optional<String> contentType = header(exchange, "Content-Type");
            BodyDeadline deadline = new BodyDeadline();
            RequestBody.receive(
                    exchange,
                    deadline,
                    (ex, bytes) -> {
                        deadline.run();
                        // A bearer token may need its provider's keys fetched: never
                        // on an I/O thread.
                        ex.dispatch(
                                blocking == Blocking.NO
                                                && bytes.length <= INLINE_BYTES
                                                && !(credentials instanceof Authenticator.Credentials.Bearer)
                                        ? SameThreadExecutor.INSTANCE
                                        : executor,
                                () -> guarded(ex, () -> {
                                    RequestBody body = RequestBody.parse(contentType, bytes);
                                    handler.handle(ex, new Request(credentials, body));
                                }));
                    },
                    (ex, error) -> {
                        deadline.run();
                        // Undertow wraps it in an IOException for chunked bodies.
                        if (error instanceof RequestTooBigException
                                || error.getCause() instanceof RequestTooBigException) {
                            HttpErrors.send(ex, RequestBody.bad(RequestBody.TOO_LARGE));
                        } else {
                            ex.endExchange();
                        }
                    });
            deadline.arm(exchange, bodyTimeout);
        };
    }

    /** Runs {@code work}, answering any failure it throws with {@link HttpErrors}. */
    private static void guarded(HttpServerExchange exchange, Runnable work) {
        try {
            work.run();
        } catch (Throwable failure) {
            HttpErrors.send(exchange, failure);
        }
    }

    /** The body's {@code format}, else the default for the request's {@code Convex-Client} (§1.5). */
    private static ValueFormat format(HttpServerExchange exchange, RequestBody body) {
        return body.optionalString("format")
                .map(ValueFormat::parse)
                .orElseGet(() -> ValueFormat.defaultFor(header(exchange, "Convex-Client")));
    }

    /** Runs one call and writes its envelope. */
    private void call(
            HttpServerExchange exchange,
            Target target,
            Optional<FunctionKind> kind,
            Identity identity,
            ValueFormat format) {
        envelope(target, kind, identity, format).whenComplete((envelope, failure) -> {
            if (failure != null) {
                HttpErrors.send(exchange, failure);
            } else {
                Json.send(exchange, 200, envelope);
            }
        });
    }

    /**
     * The envelope for one call. Arguments that are not valid convex_encoded_json are a function
     * error, not a transport error, as in Convex ({@code "Invalid arguments for mutable.js:set: …"},
     * BE {@code udf/src/helpers.rs}); the function does not run.
     */
    private CompletableFuture<ObjectNode> envelope(
            Target target, Optional<FunctionKind> kind, Identity identity, ValueFormat format) {
        String requestId = ErrorMessages.httpRequestId(random);
        ConvexValue.Array args;
        try {
            args = decodeArgs(target.args());
        } catch (ConvexException e) {
            return CompletableFuture.completedFuture(invalidArguments(target, e, requestId));
        }
        FunctionCall call =
                new FunctionCall(target.rawPath(), kind, args, identity, Optional.empty(), Optional.of(requestId));
        CompletableFuture<FunctionOutcome> outcome;
        try {
            outcome = runtime.callAsync(call);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return outcome.thenApply(result -> Envelopes.of(result, format, requestId));
    }

    private static ObjectNode invalidArguments(Target target, ConvexException e, String requestId) {
        return Envelopes.failure(
                "Invalid arguments for " + target.path().canonical() + ": " + e.getMessage() + "\n", requestId);
    }

    /** {@code args} as positional arguments: an array as-is, anything else as the one argument (§1.5). */
    private static ConvexValue.Array decodeArgs(JsonNode args) {
        List<ConvexValue> values = new ArrayList<>();
        if (args.isArray()) {
            args.forEach(element -> values.add(ConvexJson.fromJson(element)));
        } else {
            values.add(ConvexJson.fromJson(args));
        }
        return ConvexValue.array(values);
    }

    /** A function path checked up front, so a bad one is a 400 and never reaches the runtime (§1.3). */
    private record Target(String rawPath, FunctionPath path, JsonNode args) {
        static Target of(String rawPath, JsonNode args) {
            return new Target(rawPath, FunctionPath.parse(rawPath), args);
        }
    }

    private void checkTimestamp(String wire) {
        Timestamp ts;
        try {
            ts = Timestamp.fromWire(wire);
        } catch (IllegalArgumentException e) {
            throw new ConvexException(ErrorCode.InternalServerError, HttpErrors.INTERNAL_MESSAGE);
        }
        if (ts.compareTo(runtime.latestTimestamp()) > 0) {
            throw new ConvexException(ErrorCode.InternalServerError, HttpErrors.INTERNAL_MESSAGE);
        }
    }

    /**
     * {@code dir/file/fn} → {@code dir/file:fn}: segments URL-decoded, the last one the export name;
     * fewer than two segments is 400 {@code MissingIdentifier} (BE {@code public_function_post_with_path}).
     */
    static String runPath(String pathAfterRun) {
        List<String> segments = new ArrayList<>();
        for (String segment : pathAfterRun.split("/", -1)) {
            if (!segment.isEmpty()) {
                segments.add(PercentDecoding.decode(segment, false)
                        .orElseThrow(() -> new ConvexException(
                                ErrorCode.BadConvexFunctionIdentifier,
                                "Invalid URL: a path segment is not valid percent-encoded UTF-8")));
            }
        }
        if (segments.size() < 2) {
            throw new ConvexException(ErrorCode.MissingIdentifier, MISSING_IDENTIFIER);
        }
        return String.join("/", segments.subList(0, segments.size() - 1)) + ":" + segments.getLast();
    }

    static Optional<String> header(HttpServerExchange exchange, String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
    }

    /**
     * The first value of query parameter {@code name}, percent-decoded strictly ({@link
     * PercentDecoding}; Undertow leaves the query undecoded); a malformed value is 400 {@code
     * BadQueryArgs}. Names are matched as sent, undecoded: the names jconvex reads are plain ASCII.
     */
    static Optional<String> parameter(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(PercentDecoding.decode(values.getFirst(), true)
                .orElseThrow(() -> new ConvexException(
                        ErrorCode.BadQueryArgs,
                        "Failed to deserialize query string: " + name + " is not valid percent-encoded UTF-8")));
    }
}
