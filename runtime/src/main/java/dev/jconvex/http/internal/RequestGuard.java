package dev.jconvex.http.internal;

import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.util.Deque;

/**
 * Checks what Undertow lets through but a handler cannot use safely, before routing, and answers in
 * Convex's JSON error form ({@link HttpErrors}) instead of an empty or 500 answer:
 *
 * <ul>
 *   <li>{@code Content-Length} must be decimal digits that fit a signed 64-bit number (RFC 9110
 *       §8.6); anything else ({@code 18446744073709551616}) is 400 {@code HeaderParseFailure} and the
 *       connection is closed, since the body's end is unknown;
 *   <li>at most {@link #MAX_QUERY_PARAMETERS} query parameters: 400 {@code BadQueryArgs}.
 * </ul>
 *
 * <p>Methods are matched case-sensitively by the router (RFC 9110 §9.1: {@code post} is not {@code
 * POST}); Undertow's {@code HttpString} equality ignores case, so the router compares the strings.
 */
final class RequestGuard implements HttpHandler {

    /** Query parameters a request may carry (Undertow's own default limit, now answered in JSON). */
    static final int MAX_QUERY_PARAMETERS = 1000;

    static final String BAD_CONTENT_LENGTH = "Invalid `Content-Length` header: expected a non-negative integer";
    static final String TOO_MANY_PARAMETERS =
            "Failed to deserialize query string: more than " + MAX_QUERY_PARAMETERS + " parameters";

    private final HttpHandler next;

    RequestGuard(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HeaderValues lengths = exchange.getRequestHeaders().get(Headers.CONTENT_LENGTH);
        if (lengths != null) {
            for (String length : lengths) {
                if (!isContentLength(length)) {
                    exchange.setPersistent(false);
                    HttpErrors.send(exchange, new ConvexException(ErrorCode.HeaderParseFailure, BAD_CONTENT_LENGTH));
                    return;
                }
            }
        }
        if (!exchange.getQueryString().isEmpty() && parameterCount(exchange) > MAX_QUERY_PARAMETERS) {
            HttpErrors.send(exchange, new ConvexException(ErrorCode.BadQueryArgs, TOO_MANY_PARAMETERS));
            return;
        }
        next.handleRequest(exchange);
    }

    /** 1 to 18 digits always fit a long; 19 digits may. */
    static boolean isContentLength(String value) {
        int n = value.length();
        if (n == 0 || n > 19) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return n < 19 || value.compareTo(Long.toString(Long.MAX_VALUE)) <= 0;
    }

    private static int parameterCount(HttpServerExchange exchange) {
        int count = 0;
        for (Deque<String> values : exchange.getQueryParameters().values()) {
            count += values.size();
        }
        return count;
    }
}
