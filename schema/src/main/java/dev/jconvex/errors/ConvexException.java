package dev.jconvex.errors;

import java.util.Objects;

/**
 * The one user-facing error of jconvex: a Convex {@link ErrorCode} plus Convex's exact message text.
 *
 * <p>{@link #getMessage()} is the text alone, without the code; whoever renders the error for a
 * client (HTTP or sync) decides whether to prefix the code.
 */
public class ConvexException extends RuntimeException {

    private final ErrorCode code;

    /** An error of kind {@code code} with Convex's message text {@code message}. */
    public ConvexException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** An error of kind {@code code} with Convex's message text, caused by {@code cause}. */
    public ConvexException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The kind of error. */
    public ErrorCode code() {
        return code;
    }
}
