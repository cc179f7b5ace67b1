package dev.jconvex.embedded;

/**
 * A function called through {@link EmbeddedRuntime.TransactionScope} failed without {@code ConvexError}
 * data; the message is the function's error text.
 */
public final class EmbeddedCallFailure extends RuntimeException {
    public EmbeddedCallFailure(String message) {
        super(message);
    }
}
