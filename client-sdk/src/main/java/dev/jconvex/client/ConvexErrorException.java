package dev.jconvex.client;

import dev.jconvex.values.ConvexValue;
import java.util.List;
import java.util.Objects;

/**
 * The function threw a {@code ConvexError}: an application-level error whose {@link #data()} is the
 * value it was thrown with, delivered unchanged ({@code "MUTABLE_KEY_NOT_FOUND"}, or an object).
 * The message is the deployment's {@code errorMessage} text (wire-protocol §1.2, §1.6).
 */
public final class ConvexErrorException extends ConvexCallException {

    private final transient ConvexValue data;

    public ConvexErrorException(String message, ConvexValue data, List<String> logLines) {
        super(message, null, logLines);
        this.data = Objects.requireNonNull(data, "data");
    }

    /** The value the function passed to {@code new ConvexError(data)}. */
    public ConvexValue data() {
        return data;
    }

    /** The data as a string when it is one ({@code "MUTABLE_KEY_NOT_FOUND"}), otherwise its display form. */
    public String dataAsString() {
        return data instanceof ConvexValue.Str s ? s.value() : data.toString();
    }
}
