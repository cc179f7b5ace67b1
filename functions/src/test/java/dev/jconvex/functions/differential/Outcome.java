package dev.jconvex.functions.differential;

import dev.jconvex.values.ConvexValue;

/**
 * The comparable result of one operation, on either side, after placeholders replaced ids and
 * creation times ({@link Placeholders}).
 */
sealed interface Outcome {

    /** The function returned {@code value}. */
    record Value(ConvexValue value) implements Outcome {}

    /** It threw {@code ConvexError(data)}. */
    record ConvexErr(ConvexValue data) implements Outcome {}

    /** It threw a plain JavaScript error of class {@code name} with {@code message}. */
    record PlainError(String name, String message) implements Outcome {}

    /**
     * The arguments or the written document failed validation. Only the kind is compared: convex-test
     * words these messages its own way ({@code "Validator error: ..."}), unlike Convex, whose texts
     * the runtime reproduces and tests elsewhere.
     */
    record ValidationError() implements Outcome {}
}
