package dev.jconvex.http.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The operator's routes: {@code GET /health} (no credentials, for load balancers and orchestrators)
 * and {@code GET /metrics} (Prometheus text, admin key unless configured public). Both run on a
 * worker thread: the health probe may wait for a database connection, and a scrape formats every
 * meter.
 */
final class OpsEndpoints {

    /** The content type of Prometheus' text exposition format 0.0.4. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Authenticator authenticator;
    private final Executor executor;

    OpsEndpoints(Authenticator authenticator, Executor executor) {
        this.authenticator = authenticator;
        this.executor = executor;
    }

    /** {@code GET /health}: {@code probe} runs on a worker thread for each request. */
    HttpHandler health(Supplier<Health> probe) {
        return exchange -> exchange.dispatch(executor, () -> {
            Health health;
            try {
                health = probe.get();
            } catch (RuntimeException e) {
                health = Health.unavailable(String.valueOf(e.getMessage()));
            }
            send(exchange, health);
        });
    }

    /** {@code GET /metrics}: {@code scrape} is the registry's text; the admin key first unless public. */
    HttpHandler metrics(Supplier<String> scrape, boolean requireAdminKey) {
        return exchange -> {
            Authenticator.Credentials credentials;
            try {
                credentials = Authenticator.parse(
                        FunctionEndpoints.header(exchange, "Authorization"),
                        FunctionEndpoints.parameter(exchange, "adminKey"));
            } catch (ConvexException e) {
                HttpErrors.send(exchange, e);
                return;
            }
            exchange.dispatch(executor, () -> {
                String text;
                try {
                    if (requireAdminKey && !authenticator.resolve(credentials).isAdmin()) {
                        throw new ConvexException(ErrorCode.BadDeployKey, FunctionEndpoints.DEPLOY_KEY_REQUIRED);
                    }
                    text = scrape.get();
                } catch (RuntimeException e) {
                    HttpErrors.send(exchange, e);
                    return;
                }
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                exchange.getIoThread().execute(() -> {
                    exchange.setStatusCode(200);
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, PROMETHEUS_TEXT);
                    exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(bytes));
                });
            });
        };
    }

    /** Writes {@code health} as its JSON with its status code; from any thread. */
    static void send(HttpServerExchange exchange, Health health) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("status", health.status().name().toLowerCase(Locale.ROOT));
        health.reason().ifPresent(reason -> body.put("reason", reason));
        Json.send(exchange, health.httpStatus(), body);
    }
}
