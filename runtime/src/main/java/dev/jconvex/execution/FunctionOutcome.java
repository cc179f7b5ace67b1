package dev.jconvex.execution;

import dev.jconvex.protocol.Timestamp;
import dev.jconvex.values.ConvexValue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of running a function: what Convex's envelope carries ({@code status}, {@code value} or
 * {@code errorMessage}/{@code errorData}, and {@code logLines}, wire-protocol §1.2).
 */
public sealed interface FunctionOutcome {

    /** The console lines the function wrote, {@code "[LOG] 'hello' 3"} (wire-protocol §1.8). */
    List<String> logLines();

    /**
     * The function returned.
     *
     * @param value the return value ({@code null} when the handler returned nothing)
     * @param ts for a query, the snapshot it read; for a mutation, the timestamp of its commit (the
     *     latest timestamp if it wrote nothing); for an action, the latest timestamp when it finished
     */
    record Success(ConvexValue value, List<String> logLines, Timestamp ts) implements FunctionOutcome {
        public Success {
            Objects.requireNonNull(value, "value");
            logLines = List.copyOf(logLines);
            Objects.requireNonNull(ts, "ts");
        }
    }

    /**
     * The function failed.
     *
     * @param errorMessage the error text, ending with a newline, WITHOUT the {@code [Request ID: …]
     *     Server Error} prefix: transports add it with {@link ErrorMessages#serverError}. Examples:
     *     {@code "Uncaught ConvexError: MUTABLE_KEY_NOT_FOUND\n"}, {@code "Uncaught Error: X\n"}.
     *     No JavaScript stack frames follow the message: Java handlers have no JS source positions.
     *     With {@code stackTracesInErrors} (serve {@code --dev}) the message of a {@code cause}
     *     goes on with its Java stack frames, as Convex's development deployments show JS frames.
     * @param errorData present only when the handler threw a {@link ConvexError}: its data
     * @param cause the Java exception behind the failure when it is a bug rather than a Convex error
     *     (a {@code NullPointerException}, not a {@link ConvexError}, {@link JsException} or a
     *     database refusal): the server log prints its stack trace. Compared by identity in {@code
     *     equals}
     */
    record Failure(
            String errorMessage, Optional<ConvexValue> errorData, List<String> logLines, Optional<Throwable> cause)
            implements FunctionOutcome {
        public Failure {
            Objects.requireNonNull(errorMessage, "errorMessage");
            Objects.requireNonNull(errorData, "errorData");
            logLines = List.copyOf(logLines);
            Objects.requireNonNull(cause, "cause");
        }

        /** A failure that no Java exception caused. */
        public Failure(String errorMessage, Optional<ConvexValue> errorData, List<String> logLines) {
            this(errorMessage, errorData, logLines, Optional.empty());
        }

        /** A failure with a message only. */
        public static Failure of(String errorMessage, List<String> logLines) {
            return new Failure(errorMessage, Optional.empty(), logLines);
        }
    }
}
