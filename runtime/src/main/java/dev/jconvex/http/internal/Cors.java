package dev.jconvex.http.internal;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;

/**
 * Convex's CORS policy for the API and health routes (spec wire-protocol §1.9, BE {@code router.rs}
 * {@code cors()}, a tower-http {@code CorsLayer}): any origin may call, with credentials.
 *
 * <ul>
 *   <li>every answer: {@code Access-Control-Allow-Credentials: true}, the request's {@code Origin}
 *       mirrored in {@code Access-Control-Allow-Origin}, and {@code Vary} on the three request
 *       headers the answer depends on;
 *   <li>a preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}): 200, empty body,
 *       the allowed methods, the requested headers mirrored, {@code Access-Control-Max-Age: 86400}.
 * </ul>
 */
final class Cors implements HttpHandler {

    static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    static final HttpString ALLOW_CREDENTIALS = new HttpString("Access-Control-Allow-Credentials");
    static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
    static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
    static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");
    static final HttpString REQUEST_METHOD = new HttpString("Access-Control-Request-Method");
    static final HttpString REQUEST_HEADERS = new HttpString("Access-Control-Request-Headers");
    static final HttpString ORIGIN = new HttpString("Origin");
    static final HttpString VARY = new HttpString("Vary");

    static final String METHODS = "GET,POST,OPTIONS,PATCH,DELETE,PUT";
    static final String MAX_AGE_SECONDS = "86400";
    static final String VARY_VALUE = "origin, access-control-request-method, access-control-request-headers";

    private final HttpHandler next;

    Cors(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HeaderMap request = exchange.getRequestHeaders();
        HeaderMap response = exchange.getResponseHeaders();
        response.put(ALLOW_CREDENTIALS, "true");
        response.add(VARY, VARY_VALUE);
        String origin = request.getFirst(ORIGIN);
        if (origin != null) {
            response.put(ALLOW_ORIGIN, origin);
        }
        // Exact text: HttpString.equals ignores case, and methods are case-sensitive (RFC 9110 §9.1).
        if (exchange.getRequestMethod().toString().equals("OPTIONS") && request.contains(REQUEST_METHOD)) {
            response.put(ALLOW_METHODS, METHODS);
            response.put(MAX_AGE, MAX_AGE_SECONDS);
            String requested = request.getFirst(REQUEST_HEADERS);
            if (requested != null) {
                response.put(ALLOW_HEADERS, requested);
            }
            HttpErrors.sendEmpty(exchange, 200);
            return;
        }
        next.handleRequest(exchange);
    }
}
