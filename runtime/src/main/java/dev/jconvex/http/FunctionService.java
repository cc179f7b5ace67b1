package dev.jconvex.http;

import dev.jconvex.database.Timestamp;
import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the HTTP API needs from the runtime: run a function, and name the latest commit. The {@code
 * Jconvex} facade provides both; tests may pass anything else.
 */
public interface FunctionService {

    /**
     * Runs {@code call}. A function's own failure (thrown error, bad arguments, unknown function)
     * completes normally with a {@link FunctionOutcome.Failure}; the future completes exceptionally
     * only for failures of the system itself.
     */
    CompletableFuture<FunctionOutcome> callAsync(FunctionCall call);

    /** The timestamp of the latest commit: what {@code /api/query_ts} answers. */
    Timestamp latestTimestamp();

    /**
     * Runs queries together, one outcome per call in order, blocking the caller (never an I/O
     * thread). Implementations should run them on one snapshot, as {@code /api/query_batch} promises;
     * this default runs them one by one.
     */
    default List<FunctionOutcome> runQueries(List<FunctionCall> queries) {
        return queries.stream().map(this::callAsync).toList().stream()
                .map(CompletableFuture::join)
                .toList();
    }
}
