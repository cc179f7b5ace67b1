package dev.jconvex.functions.js;

import dev.jconvex.execution.JsException;

/**
 * A JavaScript error raised by the seed's JavaScript semantics, not a {@code ConvexError}: a function
 * that lets it escape fails with {@code "Uncaught <name>: <message>"} and no error data, as Convex
 * reports a plain {@code Error} or a V8 {@code TypeError}.
 */
public final class JsError extends JsException {

    /** A plain {@code Error} whose {@code message} is {@code message}. */
    public JsError(String message) {
        this("Error", message);
    }

    private JsError(String name, String message) {
        super(name, message);
    }

    /** A {@code TypeError}, as V8 throws for {@code 1n + 1}. */
    public static JsError typeError(String message) {
        return new JsError("TypeError", message);
    }
}
