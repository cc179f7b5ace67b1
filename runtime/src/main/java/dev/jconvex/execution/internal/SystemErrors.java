package dev.jconvex.execution.internal;

import dev.jconvex.database.DatabaseUnavailable;
import dev.jconvex.errors.ConvexException;
import dev.jconvex.errors.ErrorCode;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one mapping from a failure that is not a function's own to what each transport answers: HTTP
 * (status and {@code {"code","message"}} body), the WebSocket session (a failed response, a {@code
 * FatalError}, or a close frame) and the embedded runtime (the HTTP answer, handed to the SDK).
 *
 * <p>A function's own failure (a validation error, a {@code ConvexError}, an uncaught exception in
 * its handler) is a {@link FunctionOutcome.Failure} and never comes here: every transport sends it
 * as Convex's failed envelope. What comes here is what Convex calls a system error: a {@link
 * ConvexException} raised around the function (an unparsable path, a bad admin key, OCC after the
 * last retry), an unreachable database ({@link DatabaseUnavailable}), or a bug in the runtime.
 *
 * <h2>Design note</h2>
 *
 * <p>Convex sorts every error into a few classes ({@code errors/src/lib.rs} {@code ErrorCode}) and
 * derives each transport's answer from the class: {@code http_status_code} and {@code close_frame}.
 * This class does the same in two exhaustive switches with no {@code default}: {@link #kind} sorts
 * each {@link ErrorCode} into a {@link Kind}, and each {@link Kind} decides its HTTP status and its
 * WebSocket answer. A new code or a new kind does not compile until it is given an answer.
 *
 * <p>One deliberate difference from Convex: an internal error during a WebSocket call answers that
 * call with a failed response ({@code InternalServerError: Your request couldn't be completed. Try
 * again later.}) instead of closing the socket with 1011. The client would resend its mutation on
 * every reconnect while the database is down, and the caller would wait without an answer; a failed
 * response tells it at once (the PostgreSQL restart tests rely on it).
 */
public final class SystemErrors {

    /** Convex's text for an error it does not explain to clients (BE {@code INTERNAL_SERVER_ERROR_MSG}). */
    public static final String INTERNAL_MESSAGE = "Your request couldn't be completed. Try again later.";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SystemErrors.class);

    /** The longest WebSocket close reason: 123 bytes (RFC 6455 §5.5, BE {@code close_frame}). */
    static final int MAX_CLOSE_REASON_BYTES = 123;

    private SystemErrors() {}

    /** Convex's classes of error (BE {@code errors/src/lib.rs} {@code ErrorCode}); each decides the answers. */
    public enum Kind {
        /** The request is wrong as sent: sending it again gives the same answer. */
        BAD_REQUEST,
        /** The caller could not be identified. */
        UNAUTHENTICATED,
        /** The caller is known but not allowed. */
        FORBIDDEN,
        /** A mutation conflicted on every retry: the client may send it again. */
        OCC,
        /** A failure of the deployment, not of the request. */
        INTERNAL;

        /** The HTTP status (BE {@code http_status_code}, wire-protocol §1.3). */
        public int httpStatus() {
            return switch (this) {
                case BAD_REQUEST -> 400;
                case UNAUTHENTICATED -> 401;
                case FORBIDDEN -> 403;
                case OCC -> 503;
                case INTERNAL -> 500;
            };
        }
    }

    /** The kind of every code, decided once (wire-protocol §1.3). */
    public static Kind kind(ErrorCode code) {
        return switch (code) {
            // BadRequest: the request is wrong as sent (§1.3).
            case BadJsonBody,
                    BadConvexFunctionIdentifier,
                    BadFormat,
                    MissingIdentifier,
                    BadQueryArgs,
                    InvalidHeaderFailure,
                    InvalidAdminKey,
                    // bad input to an admin route (environment variables, imports)
                    InvalidArgument,
                    HeaderParseFailure,
                    AuthProviderDiscoveryFailed -> Kind.BAD_REQUEST;
            // Unauthenticated (§1.3, §4.1).
            case BadAdminKey, InvalidAuthHeader, NoAuthProvider, Unauthenticated -> Kind.UNAUTHENTICATED;
            // Forbidden: an admin is required (§1.7 /api/function).
            case BadDeployKey -> Kind.FORBIDDEN;
            // Convex answers OCC exhaustion with 503 and closes a socket with 1013: retry (§1.3, §2.9).
            case OptimisticConcurrencyControlFailure -> Kind.OCC;
            case InternalServerError -> Kind.INTERNAL;
            // The codes of values, validators, documents, ctx.db and limits reach clients inside a
            // function's failure ("Uncaught Error: …"). One escaping the runtime as an exception is a
            // failure of the server, not of the request.
            case InvalidConvexValue,
                    InvalidIdError,
                    ValueTooLargeError,
                    ArrayTooLong,
                    TooManyFieldsError,
                    TooNestedError,
                    InvalidDocumentError,
                    ArgumentValidationError,
                    ReturnsValidationError,
                    SchemaEnforcementError,
                    InvalidIdentifier,
                    InvalidRecordType,
                    UnsupportedFloatLiteral,
                    IndexFieldsContainCreationTime,
                    IndexFieldsContainId,
                    InvalidIndexField,
                    InvalidTableName,
                    TableNameReserved,
                    TooManyIndexes,
                    IndexTooManyFields,
                    FieldsNotUniqueWithinIndex,
                    EmptyIndex,
                    IndexNotUnique,
                    IndexNameReserved,
                    IndexNamesNotUnique,
                    IndexFieldNameReserved,
                    NonexistentDocument,
                    InvalidCreationTimeError,
                    SystemTableError,
                    IndexNotFoundError,
                    InvalidIndexRange,
                    FieldNotInIndex,
                    AlreadyDefinedBound,
                    BoundsOnMultipleFields,
                    EvalError,
                    InvalidQuery,
                    InvalidCursor,
                    NoDocumentsForPagination,
                    TooManyDocumentsRead,
                    TooManyBytesRead,
                    TooManyReads,
                    TooManyWrites,
                    TooManyBytesWritten -> Kind.INTERNAL;
        };
    }

    /** How a WebSocket session answers a call that failed with a system error (wire-protocol §2.9, §2.10). */
    public sealed interface SyncAnswer {
        /** Answer the call with a failed response carrying {@code errorMessage} (no request-id prefix). */
        record FailedResponse(String errorMessage) implements SyncAnswer {}

        /** Send {@code {"type":"FatalError","error":…}} and close without a status code. */
        record Fatal(String error) implements SyncAnswer {}

        /** Close the socket with {@code code} and {@code reason}; the client reconnects and resends. */
        record Close(int code, String reason) implements SyncAnswer {}
    }

    /**
     * What to answer for one failure.
     *
     * @param code Convex's short code sent to the client
     * @param message the text sent to the client
     * @param kind the class that decides the answers
     * @param bug the exception behind an unexpected failure: its stack trace goes to the log
     */
    public record Answer(ErrorCode code, String message, Kind kind, Optional<Throwable> bug) {
        public Answer {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(bug, "bug");
        }

        /** The HTTP status. */
        public int httpStatus() {
            return kind.httpStatus();
        }

        /** The WebSocket answer (BE {@code close_frame}, wire-protocol §2.9; INTERNAL: see the design note). */
        public SyncAnswer syncAnswer() {
            return switch (kind) {
                case BAD_REQUEST, UNAUTHENTICATED -> new SyncAnswer.Fatal(message);
                case FORBIDDEN -> new SyncAnswer.Close(1000, closeReason(code.shortCode()));
                case OCC -> new SyncAnswer.Close(1013, closeReason(code.shortCode()));
                case INTERNAL -> new SyncAnswer.FailedResponse(code.shortCode() + ": " + message + "\n");
            };
        }

        /**
         * Logs the failure as Convex grades it: a bug at ERROR with its stack trace; an unreachable
         * database or an OCC failure (expected under load or during a restart) at WARN in one line;
         * a client's mistake not at all.
         */
        public void log(String what, Throwable failure) {
            if (bug.isPresent()) {
                LOG.error("{} failed", what, bug.get());
            } else if (failure instanceof DatabaseUnavailable || kind == Kind.OCC) {
                LOG.warn("{} failed: {}", what, failure.getMessage());
            }
        }
    }

    /** The answer for {@code failure}, unwrapping {@link CompletionException} and {@link ExecutionException}. */
    public static Answer answer(Throwable failure) {
        Throwable cause = unwrap(failure);
        return switch (cause) {
            case ConvexException e ->
                new Answer(e.code(), e.getMessage() == null ? "" : e.getMessage(), kind(e.code()), Optional.empty());
            case DatabaseUnavailable e -> internal(Optional.empty());
            default -> internal(Optional.of(cause));
        };
    }

    /** The answer for a failure Convex does not explain: {@code InternalServerError}. */
    public static Answer internal(Optional<Throwable> bug) {
        return new Answer(ErrorCode.InternalServerError, INTERNAL_MESSAGE, Kind.INTERNAL, bug);
    }

    /** The cause of a {@link CompletionException} or {@link ExecutionException}. */
    public static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static String closeReason(String reason) {
        byte[] bytes = reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return bytes.length <= MAX_CLOSE_REASON_BYTES
                ? reason
                : new String(bytes, 0, MAX_CLOSE_REASON_BYTES, java.nio.charset.StandardCharsets.UTF_8);
    }
}
