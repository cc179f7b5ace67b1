package dev.jconvex.sync.internal;

import dev.jconvex.database.internal.ReadSet;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.execution.internal.ErrorMessages;
import dev.jconvex.protocol.EncodedValue;
import dev.jconvex.protocol.ServerMessage;
import dev.jconvex.protocol.Timestamp;
import dev.jconvex.values.ConvexJson;
import java.util.List;
import java.util.Optional;

/**
 * One execution of a subscribed query, shared by all its subscribers: the result already encoded
 * for the wire (so it is serialized once however many clients receive it), what the execution read
 * (to know which commits invalidate it) and the snapshot it read.
 */
sealed interface QueryResult {

    /** Everything the query read; a commit whose writes overlap it makes this result stale. */
    ReadSet readSet();

    /** The snapshot the query ran at. */
    Timestamp ts();

    /** The query's {@code logLines}. */
    List<String> logLines();

    /** The wire modification that delivers this result as query {@code queryId} (§2.4). */
    ServerMessage.StateModification modification(long queryId);

    /** Whether {@code other} would look identical to the client (Convex omits such re-runs, §2.5). */
    boolean sameAs(QueryResult other);

    /** The query returned {@code valueJson}. */
    record Value(String valueJson, List<String> logLines, ReadSet readSet, Timestamp ts) implements QueryResult {
        @Override
        public ServerMessage.StateModification modification(long queryId) {
            return new ServerMessage.QueryUpdated(queryId, new EncodedValue(valueJson), logLines, Optional.empty());
        }

        @Override
        public boolean sameAs(QueryResult other) {
            return other instanceof Value v && v.valueJson.equals(valueJson) && v.logLines.equals(logLines);
        }
    }

    /** The query threw; {@code errorMessage} carries the request-id prefix (§1.6). */
    @SuppressWarnings("JavaLangClash") // Convex's name for the variant; always written QueryResult.Error
    record Error(
            String errorMessage, Optional<String> errorDataJson, List<String> logLines, ReadSet readSet, Timestamp ts)
            implements QueryResult {
        @Override
        public ServerMessage.StateModification modification(long queryId) {
            return new ServerMessage.QueryFailed(
                    queryId, errorMessage, errorDataJson.map(EncodedValue::new), logLines, Optional.empty());
        }

        /** Request ids differ between runs, so only the error body and data are compared. */
        @Override
        public boolean sameAs(QueryResult other) {
            return other instanceof Error e
                    && body(e.errorMessage).equals(body(errorMessage))
                    && e.errorDataJson.equals(errorDataJson)
                    && e.logLines.equals(logLines);
        }

        private static String body(String message) {
            int newline = message.indexOf('\n');
            return newline < 0 ? message : message.substring(newline + 1);
        }
    }

    /** Encodes a query outcome computed at snapshot {@code ts}; a failure's message names {@code requestId}. */
    static QueryResult of(FunctionOutcome outcome, ReadSet readSet, Timestamp ts, String requestId) {
        return switch (outcome) {
            case FunctionOutcome.Success s -> new Value(ConvexJson.write(s.value()), s.logLines(), readSet, ts);
            case FunctionOutcome.Failure f ->
                new Error(
                        ErrorMessages.serverError(requestId, f.errorMessage()),
                        f.errorData().map(ConvexJson::write),
                        f.logLines(),
                        readSet,
                        ts);
        };
    }
}
