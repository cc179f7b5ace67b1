package dev.jconvex.execution;

import java.util.Objects;

/**
 * An exception that a Java handler throws to fail the way a JavaScript error of a given class would:
 * {@code new JsException("TypeError", "x is not a function")} reaches the client as {@code "Uncaught
 * TypeError: x is not a function"}. Any other {@link RuntimeException} is reported as a plain
 * {@code Error}.
 */
public final class JsException extends RuntimeException {

    private final String name;

    /** An error of the JavaScript class {@code name} ({@code "TypeError"}, {@code "RangeError"}, …). */
    public JsException(String name, String message) {
        super(message);
        this.name = Objects.requireNonNull(name, "name");
    }

    /** A plain JavaScript {@code Error} whose {@code message} is {@code message}. */
    public JsException(String message) {
        this("Error", message);
    }

    /** A JavaScript {@code TypeError}, as V8 throws for {@code 1n + 1}. */
    public static JsException typeError(String message) {
        return new JsException("TypeError", message);
    }

    /** A JavaScript {@code RangeError}. */
    public static JsException rangeError(String message) {
        return new JsException("RangeError", message);
    }

    /** The JavaScript error class name, as printed before the message. */
    public String name() {
        return name;
    }
}
