package dev.jconvex.functions.js;

/**
 * A plain JavaScript {@code Error} (or {@code TypeError}) thrown by the seed's JavaScript semantics:
 * a function that lets it escape fails with this message and no error data, as Convex reports any
 * error that is not a {@code ConvexError}.
 */
public final class JsError extends RuntimeException {

    /** An error whose {@code message} is {@code message}. */
    public JsError(String message) {
        super(message);
    }
}
