package dev.jconvex.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jconvex.database.DatabaseUnavailable;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import io.undertow.server.HttpServerExchange;

/**
 * The one place that turns a transport-level {@link ConvexException} into an HTTP answer: the status
 * for its {@link ErrorCode} and Convex's body {@code {"code": "<ShortCode>", "message": "<text>"}}
 * (spec wire-protocol §1.3, BE {@code errors/src/lib.rs} {@code http_status_code}).
 *
 * <p>Function failures never come here: they are 200 envelopes ({@link Envelopes}).
 */
final class HttpErrors {

    /** Convex's text for an error it does not explain to clients (BE {@code InternalServerError}). */
    static final String INTERNAL_MESSAGE = "Your request couldn't be completed. Try again later.";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpErrors.class);

    private HttpErrors() {}

    /** The HTTP status Convex answers for an error of kind {@code code}. */
    static int status(ErrorCode code) {
        return switch (code) {
            // BadRequest: the request is wrong as sent (§1.3).
            case BadJsonBody,
                    BadConvexFunctionIdentifier,
                    BadFormat,
                    MissingIdentifier,
                    BadQueryArgs,
                    InvalidHeaderFailure,
                    InvalidAdminKey,
                    // bad input to an admin route (environment variables, imports)
                    InvalidArgument,
                    HeaderParseFailure,
                    AuthProviderDiscoveryFailed -> 400;
            // Unauthenticated (§1.3, §4.1).
            case BadAdminKey, InvalidAuthHeader, NoAuthProvider, Unauthenticated -> 401;
            // Forbidden: an admin is required (§1.7 /api/function).
            case BadDeployKey -> 403;
            // Convex answers OCC exhaustion and overload with 503: the client may retry (§1.3).
            case OptimisticConcurrencyControlFailure -> 503;
            // Any other code escaping the runtime as an exception (instead of a function failure)
            // is a failure of the server, not of the request.
            default -> 500;
        };
    }

    /** Answers {@code error} as Convex's {@code {code, message}} with its status. */
    static void send(HttpServerExchange exchange, ConvexException error) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("code", error.code().shortCode());
        body.put("message", error.getMessage() == null ? "" : error.getMessage());
        Json.send(exchange, status(error.code()), body);
    }

    /** Answers an unexpected failure: 500 {@code InternalServerError}, nothing about the cause. */
    static void sendInternal(HttpServerExchange exchange) {
        send(exchange, new ConvexException(ErrorCode.InternalServerError, INTERNAL_MESSAGE));
    }

    /** Answers any failure: a {@link ConvexException} as itself, anything else as a 500. */
    static void send(HttpServerExchange exchange, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ConvexException convex) {
            send(exchange, convex);
        } else if (cause instanceof DatabaseUnavailable down) {
            // expected while the database restarts: one line per request, no stack trace
            LOG.warn(
                    "request failed: {} {}: {}",
                    exchange.getRequestMethod(),
                    exchange.getRequestPath(),
                    down.getMessage());
            sendInternal(exchange);
        } else {
            // A server fault: the only HTTP case that logs a stack trace (client mistakes are
            // ConvexExceptions and are answered, not logged).
            LOG.error("request failed: {} {}", exchange.getRequestMethod(), exchange.getRequestPath(), cause);
            sendInternal(exchange);
        }
    }

    /** The cause of a {@link java.util.concurrent.CompletionException} or similar wrapper. */
    static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof java.util.concurrent.CompletionException
                        || current instanceof java.util.concurrent.ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** An empty-bodied answer: 404 for an unknown route (axum's fallback, §1.3). */
    static void sendEmpty(HttpServerExchange exchange, int status) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(io.undertow.util.Headers.CONTENT_LENGTH, 0);
        exchange.endExchange();
    }
}
