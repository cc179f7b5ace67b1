package dev.jconvex.protocol;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A message from the deployment to a client (wire-protocol §2.4): the deployment writes one text frame
 * with {@link #toJson()}, the Java client reads one with {@link #parse(String)}. Values travel as
 * {@link EncodedValue}s, encoded once however many subscribers receive them.
 *
 * <p>A function's failure is its message ({@code errorMessage}, or {@code result} in a response, in
 * the form of §1.6) and, only when the function threw a {@code ConvexError}, the error's data ({@code
 * errorData}); log lines travel with results and failures alike (§1.8).
 */
public sealed interface ServerMessage {

    /** The text frame of this message, with the fields in the order Convex writes them. */
    default String toJson() {
        return ServerMessageCodec.write(this);
    }

    /**
     * Reads one server text frame.
     *
     * @throws Malformed when the frame is not JSON, is of no known type or lacks a required field
     */
    static ServerMessage parse(String text) {
        return ServerMessageCodec.read(text);
    }

    /** A server message the client cannot read; {@link #getMessage()} says why. */
    final class Malformed extends RuntimeException {
        private final @Nullable String unknownType;

        Malformed(String detail) {
            this(detail, null);
        }

        Malformed(String detail, @Nullable String unknownType) {
            super(detail, null, false, false);
            this.unknownType = unknownType;
        }

        /**
         * The {@code type} of a well-formed message of a kind this model does not know. Convex's JS
         * client ignores such messages, and so may a reader.
         */
        public Optional<String> unknownType() {
            return Optional.ofNullable(unknownType);
        }
    }

    /**
     * Moves the client's view from {@code startVersion} to {@code endVersion} (§2.5) with the query
     * results that changed.
     *
     * @param clientClockSkew the {@code clientTs} of {@code Connect} minus the server's clock at receipt,
     *     in milliseconds; empty writes {@code null}
     * @param serverTs the server's clock when sending, in nanoseconds; empty writes {@code null}
     */
    record Transition(
            StateVersion startVersion,
            StateVersion endVersion,
            List<StateModification> modifications,
            Optional<Long> clientClockSkew,
            Optional<Long> serverTs)
            implements ServerMessage {
        public Transition {
            Objects.requireNonNull(startVersion, "startVersion");
            Objects.requireNonNull(endVersion, "endVersion");
            modifications = List.copyOf(modifications);
            Objects.requireNonNull(clientClockSkew, "clientClockSkew");
            Objects.requireNonNull(serverTs, "serverTs");
        }
    }

    /**
     * One entry of a {@link Transition}'s {@code modifications}. The reader skips an entry of a type it
     * does not know, as Convex's JS client does.
     */
    sealed interface StateModification {
        long queryId();
    }

    /**
     * {@code QueryUpdated}: the query's new value.
     *
     * @param journal opaque to the client, sent back in {@code Add} on reconnect (§2.6); empty writes
     *     {@code null}
     */
    record QueryUpdated(long queryId, EncodedValue value, List<String> logLines, Optional<String> journal)
            implements StateModification {
        public QueryUpdated {
            Objects.requireNonNull(value, "value");
            logLines = List.copyOf(logLines);
            Objects.requireNonNull(journal, "journal");
        }
    }

    /** {@code QueryFailed}: the query threw; {@code errorData} only for a {@code ConvexError}. */
    record QueryFailed(
            long queryId,
            String errorMessage,
            Optional<EncodedValue> errorData,
            List<String> logLines,
            Optional<String> journal)
            implements StateModification {
        public QueryFailed {
            Objects.requireNonNull(errorMessage, "errorMessage");
            Objects.requireNonNull(errorData, "errorData");
            logLines = List.copyOf(logLines);
            Objects.requireNonNull(journal, "journal");
        }
    }

    /** {@code QueryRemoved}: the client's {@code Remove} took effect. */
    record QueryRemoved(long queryId) implements StateModification {}

    /**
     * One part of a Transition too large for one message (§2.12): the client joins {@code totalParts}
     * consecutive chunks, in order, and reads the result as one Transition.
     *
     * @param partNumber 0-based
     * @param transitionId the same for every part of one Transition
     */
    record TransitionChunk(String chunk, int partNumber, int totalParts, String transitionId) implements ServerMessage {
        public TransitionChunk {
            Objects.requireNonNull(chunk, "chunk");
            Objects.requireNonNull(transitionId, "transitionId");
        }
    }

    /** {@code MutationResponse}: the answer to the client's {@code Mutation} with the same {@code requestId}. */
    sealed interface MutationResponse extends ServerMessage {
        long requestId();

        List<String> logLines();
    }

    /**
     * A successful {@code MutationResponse}: the client resolves it once a Transition reaches {@code ts},
     * the commit timestamp (§2.7).
     */
    record MutationSucceeded(long requestId, EncodedValue result, Timestamp ts, List<String> logLines)
            implements MutationResponse {
        public MutationSucceeded {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(ts, "ts");
            logLines = List.copyOf(logLines);
        }
    }

    /** A failed {@code MutationResponse} ({@code success: false, ts: null}): resolved at once. */
    record MutationFailed(long requestId, String errorMessage, Optional<EncodedValue> errorData, List<String> logLines)
            implements MutationResponse {
        public MutationFailed {
            Objects.requireNonNull(errorMessage, "errorMessage");
            Objects.requireNonNull(errorData, "errorData");
            logLines = List.copyOf(logLines);
        }
    }

    /** {@code ActionResponse}: the answer to the client's {@code Action} with the same {@code requestId}. */
    sealed interface ActionResponse extends ServerMessage {
        long requestId();

        List<String> logLines();
    }

    /** A successful {@code ActionResponse} (no {@code ts}: an action commits nothing itself). */
    record ActionSucceeded(long requestId, EncodedValue result, List<String> logLines) implements ActionResponse {
        public ActionSucceeded {
            Objects.requireNonNull(result, "result");
            logLines = List.copyOf(logLines);
        }
    }

    /** A failed {@code ActionResponse}. */
    record ActionFailed(long requestId, String errorMessage, Optional<EncodedValue> errorData, List<String> logLines)
            implements ActionResponse {
        public ActionFailed {
            Objects.requireNonNull(errorMessage, "errorMessage");
            Objects.requireNonNull(errorData, "errorData");
            logLines = List.copyOf(logLines);
        }
    }

    /**
     * {@code AuthError}: the credentials were refused or expired (§2.8).
     *
     * @param baseVersion the server's identity version; empty writes {@code null}
     * @param authUpdateAttempted whether a new {@code Authenticate} caused it; empty omits the field
     */
    record AuthError(String error, Optional<Long> baseVersion, Optional<Boolean> authUpdateAttempted)
            implements ServerMessage {
        public AuthError {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(baseVersion, "baseVersion");
            Objects.requireNonNull(authUpdateAttempted, "authUpdateAttempted");
        }
    }

    /** {@code FatalError}: the session is over; the client must not reconnect it (§2.10). */
    record FatalError(String error) implements ServerMessage {
        public FatalError {
            Objects.requireNonNull(error, "error");
        }
    }

    /** {@code Ping}: sent when nothing else was for a while, so the client knows the server lives (§2.9). */
    record Ping() implements ServerMessage {}
}
