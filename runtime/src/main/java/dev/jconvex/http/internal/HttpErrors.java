package dev.jconvex.http.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import dev.jconvex.execution.internal.SystemErrors;
import io.undertow.server.HttpServerExchange;

/**
 * Writes a transport-level failure as an HTTP answer: the status and Convex's body {@code {"code":
 * "<ShortCode>", "message": "<text>"}} (spec wire-protocol §1.3, BE {@code errors/src/lib.rs}
 * {@code http_status_code}), both decided by {@link SystemErrors}, the one mapping shared with the
 * WebSocket session and the embedded runtime.
 *
 * <p>Function failures never come here: they are 200 envelopes ({@link Envelopes}).
 */
final class HttpErrors {

    /** Convex's text for an error it does not explain to clients (BE {@code InternalServerError}). */
    static final String INTERNAL_MESSAGE = SystemErrors.INTERNAL_MESSAGE;

    private HttpErrors() {}

    /** The HTTP status Convex answers for an error of kind {@code code}. */
    static int status(ErrorCode code) {
        return SystemErrors.kind(code).httpStatus();
    }

    /** Answers {@code error} as Convex's {@code {code, message}} with its status. */
    static void send(HttpServerExchange exchange, ConvexException error) {
        send(exchange, SystemErrors.answer(error));
    }

    /** Answers any failure: a {@link ConvexException} as itself, anything else as a 500; logs it as its kind asks. */
    static void send(HttpServerExchange exchange, Throwable failure) {
        SystemErrors.Answer answer = SystemErrors.answer(failure);
        answer.log(
                "request " + exchange.getRequestMethod() + " " + exchange.getRequestPath(),
                SystemErrors.unwrap(failure));
        send(exchange, answer);
    }

    private static void send(HttpServerExchange exchange, SystemErrors.Answer answer) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("code", answer.code().shortCode());
        body.put("message", answer.message());
        Json.send(exchange, answer.httpStatus(), body);
    }

    /** An empty-bodied answer: 404 for an unknown route (axum's fallback, §1.3). */
    static void sendEmpty(HttpServerExchange exchange, int status) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(io.undertow.util.Headers.CONTENT_LENGTH, 0);
        exchange.endExchange();
    }
}
