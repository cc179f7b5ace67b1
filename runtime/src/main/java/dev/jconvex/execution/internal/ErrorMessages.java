package dev.jconvex.execution.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * The texts transports wrap around a {@link FunctionOutcome.Failure}: the request-id prefix of
 * Convex's development mode (wire-protocol §1.6).
 */
public final class ErrorMessages {

    private ErrorMessages() {}

    /** {@code "[Request ID: <rid>] Server Error\n" + body}, as Convex formats a function error. */
    public static String serverError(String requestId, String body) {
        return "[Request ID: " + requestId + "] Server Error\n" + body;
    }

    /** A request id for an HTTP call: 8 random bytes as 16 lowercase hex characters. */
    public static String httpRequestId(RandomGenerator random) {
        return HexFormat.of().toHexDigits(random.nextLong());
    }

    /**
     * A request id for a sync-protocol mutation or action: the first 16 hex characters of
     * {@code sha256("<sessionId>|<requestId>")}.
     */
    public static String syncRequestId(String sessionId, long requestId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((sessionId + "|" + requestId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
