package dev.jconvex.embedded;

import dev.jconvex.values.ConvexValue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What a function call in an {@link EmbeddedRuntime} produced: the HTTP envelope's content (wire-protocol §1.2). */
public sealed interface EmbeddedOutcome {

    /** The function's log lines, {@code "[LEVEL] text"}. */
    List<String> logLines();

    /** The function returned {@code value}. */
    record Success(ConvexValue value, List<String> logLines) implements EmbeddedOutcome {
        public Success {
            Objects.requireNonNull(value, "value");
            logLines = List.copyOf(logLines);
        }
    }

    /**
     * The call failed outside any function, as HTTP answers {@code status} with {@code
     * {"code","message"}} (wire-protocol §1.3): 4xx when the request was refused before a function
     * ran (e.g. {@code BadConvexFunctionIdentifier} for an unparsable path), 5xx for a system error
     * (503 {@code OptimisticConcurrencyControlFailure} after the last retry, 500 {@code
     * InternalServerError}).
     */
    record Rejected(int status, String code, String message) implements EmbeddedOutcome {
        public Rejected {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("not an HTTP error status: " + status);
            }
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }

        /** A request refused with 400 Bad Request. */
        public Rejected(String code, String message) {
            this(400, code, message);
        }

        @Override
        public List<String> logLines() {
            return List.of();
        }
    }

    /**
     * The function failed.
     *
     * @param errorMessage the text an HTTP client would get as {@code errorMessage}
     * @param errorData present only when the function threw a {@code ConvexError}
     */
    record Failure(String errorMessage, Optional<ConvexValue> errorData, List<String> logLines)
            implements EmbeddedOutcome {
        public Failure {
            Objects.requireNonNull(errorMessage, "errorMessage");
            Objects.requireNonNull(errorData, "errorData");
            logLines = List.copyOf(logLines);
        }
    }
}
