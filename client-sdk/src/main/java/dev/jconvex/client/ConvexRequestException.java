package dev.jconvex.client;

import java.util.List;

/**
 * The deployment refused the request before running a function: an HTTP 4xx answer whose body is
 * {@code {"code": "...", "message": "..."}} (wire-protocol §1.3), such as {@code BadJsonBody},
 * {@code BadConvexFunctionIdentifier}, {@code InvalidAuthHeader} or {@code BadAdminKey}. Sending
 * the same request again gives the same answer, so it is never retried.
 */
public final class ConvexRequestException extends ConvexCallException {

    private final int status;
    private final String code;

    public ConvexRequestException(int status, String code, String message) {
        super("HTTP " + status + (code.isEmpty() ? "" : " " + code) + ": " + message, null, List.of());
        this.status = status;
        this.code = code;
    }

    /** The HTTP status (400, 401, 403, 404, 429, ...). */
    public int status() {
        return status;
    }

    /** Convex's short error code ({@code "BadAdminKey"}), or empty when the body had none. */
    public String code() {
        return code;
    }
}
