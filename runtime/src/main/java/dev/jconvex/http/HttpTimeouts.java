package dev.jconvex.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the HTTP server waits for a client: an immutable value with documented defaults
 * ({@code docs/http-api.md}, "Limits and timeouts"). A client slower than these is disconnected; one
 * slow client never holds a thread (Undertow's I/O is non-blocking), only a socket and a few buffers.
 *
 * @param requestHeaders from a request's first byte until its request line and headers are in
 *     (Undertow's {@code REQUEST_PARSE_TIMEOUT}); cuts a slowloris client off however slowly it
 *     trickles. Default 10 s.
 * @param requestBody from the end of the headers until the whole body is in; a body shorter than its
 *     {@code Content-Length}, or sent at a byte a second, is cut off. Default 60 s (16 MiB, the
 *     largest body, at 280 KB/s).
 * @param keepAlive how long an open connection may wait for its next request (Undertow's {@code
 *     NO_REQUEST_TIMEOUT}), including a connection that never sends one. Default 60 s.
 * @param idle a last resort: a connection with no read or write for this long is closed (Undertow's
 *     {@code IDLE_TIMEOUT}). It must outlast the longest function, since nothing is written while one
 *     runs: default 15 min, above Convex's 10-minute action limit. WebSocket connections are kept
 *     busy by the 15 s Ping and have their own 120 s silence limit ({@code SyncConfig}).
 */
public record HttpTimeouts(Duration requestHeaders, Duration requestBody, Duration keepAlive, Duration idle) {

    public HttpTimeouts {
        positive(requestHeaders, "requestHeaders");
        positive(requestBody, "requestBody");
        positive(keepAlive, "keepAlive");
        positive(idle, "idle");
    }

    /** The defaults listed above. */
    public static HttpTimeouts defaults() {
        return new HttpTimeouts(
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMinutes(15));
    }

    /** A copy with another request-header timeout. */
    public HttpTimeouts withRequestHeaders(Duration value) {
        return new HttpTimeouts(value, requestBody, keepAlive, idle);
    }

    /** A copy with another request-body timeout. */
    public HttpTimeouts withRequestBody(Duration value) {
        return new HttpTimeouts(requestHeaders, value, keepAlive, idle);
    }

    /** A copy with another keep-alive timeout. */
    public HttpTimeouts withKeepAlive(Duration value) {
        return new HttpTimeouts(requestHeaders, requestBody, value, idle);
    }

    /** A copy with another idle timeout. */
    public HttpTimeouts withIdle(Duration value) {
        return new HttpTimeouts(requestHeaders, requestBody, keepAlive, value);
    }

    /** {@code d} in whole milliseconds, at least 1, capped to what Undertow's int options hold. */
    public static int millis(Duration d) {
        return Math.clamp(d.toMillis(), 1, Integer.MAX_VALUE);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " timeout must be positive, got " + d);
        }
    }
}
