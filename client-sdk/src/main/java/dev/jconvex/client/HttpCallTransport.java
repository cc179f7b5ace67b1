package dev.jconvex.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.values.ConvexValue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Calls functions over the HTTP API the way the npm {@code ConvexHttpClient} does (wire-protocol
 * §1.1): {@code POST /api/<kind>} with {@code {"path", "format":"convex_encoded_json", "args":[obj]}},
 * reading the {@code {"status": ...}} envelope (§1.2) whether it comes with 200 or 560.
 *
 * <p>Retries: a query that fails in transport (I/O error, HTTP 5xx, timeout) is sent again up to
 * {@code queryRetries} times with exponential backoff and jitter, because reading twice is harmless.
 * A mutation or action is never re-sent after a transport failure, since it may have run. Any call
 * rejected with HTTP 401 while using a user token is sent once more after the token fetcher gave a
 * fresh token: a 401 is decided before the function runs (§1.7), so nothing ran.
 */
final class HttpCallTransport implements CallTransport {

    private final HttpClient http;
    private final URI base;
    private final Credentials credentials;
    private final Duration timeout;
    private final int queryRetries;
    private final Duration retryBackoff;
    private final ScheduledExecutorService scheduler;

    HttpCallTransport(
            HttpClient http,
            URI base,
            Credentials credentials,
            Duration timeout,
            int queryRetries,
            Duration retryBackoff,
            ScheduledExecutorService scheduler) {
        this.http = http;
        this.base = base;
        this.credentials = credentials;
        this.timeout = timeout;
        this.queryRetries = queryRetries;
        this.retryBackoff = retryBackoff;
        this.scheduler = scheduler;
    }

    @Override
    public CompletableFuture<ConvexValue> call(FunctionKind kind, String path, ConvexValue.Obj args) {
        ObjectNode body = Wire.object();
        body.put("path", path);
        body.put("format", "convex_encoded_json");
        body.putArray("args").add(Wire.encode(args));
        String json = Wire.write(body);
        CompletableFuture<ConvexValue> result = new CompletableFuture<>();
        attempt(kind, json, 0, false, result);
        return result;
    }

    private void attempt(
            FunctionKind kind, String body, int retry, boolean refreshedAuth, CompletableFuture<ConvexValue> result) {
        Optional<String> authorization;
        try {
            authorization = credentials.authorizationHeader();
        } catch (RuntimeException e) {
            result.completeExceptionally(new ConvexTransportException("The auth token fetcher failed", e));
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/" + kind.endpoint()))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Convex-Client", ConvexClient.CLIENT_ID)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        authorization.ifPresent(a -> request.header("Authorization", a));
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            if (error != null) {
                Throwable cause =
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                boolean isTimeout = cause instanceof HttpTimeoutException;
                retryOrFail(
                        kind,
                        body,
                        retry,
                        refreshedAuth,
                        result,
                        new ConvexTransportException(
                                (isTimeout ? "Timed out calling " : "Could not reach ") + base + ": " + cause,
                                cause,
                                isTimeout));
                return;
            }
            int status = response.statusCode();
            if (status == 401 && !refreshedAuth && credentials.auth() instanceof Credentials.Auth.User) {
                String rejected =
                        authorization.map(a -> a.substring("Bearer ".length())).orElse(null);
                CompletableFuture.runAsync(() -> {
                    boolean fresh;
                    try {
                        fresh = credentials.refreshAfterRejection(rejected);
                    } catch (RuntimeException e) {
                        result.completeExceptionally(new ConvexTransportException("The auth token fetcher failed", e));
                        return;
                    }
                    if (fresh) {
                        attempt(kind, body, retry, true, result);
                    } else {
                        result.completeExceptionally(rejection(response));
                    }
                });
                return;
            }
            if ((status >= 200 && status < 300) || status == 560) {
                complete(response, result);
            } else if (status >= 500) {
                retryOrFail(
                        kind,
                        body,
                        retry,
                        refreshedAuth,
                        result,
                        new ConvexTransportException("HTTP " + status + ": " + response.body(), null));
            } else {
                result.completeExceptionally(rejection(response));
            }
        });
    }

    private void retryOrFail(
            FunctionKind kind,
            String body,
            int retry,
            boolean refreshedAuth,
            CompletableFuture<ConvexValue> result,
            ConvexTransportException failure) {
        if (kind != FunctionKind.QUERY || retry >= queryRetries || scheduler.isShutdown()) {
            result.completeExceptionally(failure);
            return;
        }
        long baseMillis = retryBackoff.toMillis() << Math.min(retry, 10);
        long delay = baseMillis / 2 + ThreadLocalRandom.current().nextLong(baseMillis / 2 + 1);
        try {
            scheduler.schedule(
                    () -> attempt(kind, body, retry + 1, refreshedAuth, result), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            result.completeExceptionally(failure);
        }
    }

    private static ConvexRequestException rejection(HttpResponse<String> response) {
        String code = "";
        String message = response.body();
        try {
            JsonNode node = Wire.read(response.body());
            if (node.isObject()) {
                code = node.path("code").asText("");
                message = node.path("message").asText(message);
            }
        } catch (IOException notJson) {
            // the raw body is the message, as the npm client does (§1.1 step 1)
        }
        return new ConvexRequestException(response.statusCode(), code, message);
    }

    private static void complete(HttpResponse<String> response, CompletableFuture<ConvexValue> result) {
        JsonNode envelope;
        try {
            envelope = Wire.read(response.body());
        } catch (IOException e) {
            result.completeExceptionally(
                    new ConvexTransportException("Invalid response (not JSON): " + response.body(), e));
            return;
        }
        List<String> logLines = Wire.logLines(envelope);
        String status = envelope.path("status").asText("");
        try {
            switch (status) {
                case "success" -> result.complete(Wire.decode(envelope.get("value")));
                case "error" ->
                    result.completeExceptionally(Wire.failure(
                            envelope.path("errorMessage").asText(""),
                            Optional.ofNullable(envelope.get("errorData")),
                            logLines));
                default ->
                    result.completeExceptionally(
                            new ConvexTransportException("Invalid response: " + response.body(), null));
            }
        } catch (RuntimeException undecodable) {
            result.completeExceptionally(new ConvexTransportException(
                    "Invalid value in response: " + undecodable.getMessage(), undecodable));
        }
    }

    @Override
    public void close() {
        // the HttpClient and scheduler belong to ConvexClient, which closes them
    }
}
