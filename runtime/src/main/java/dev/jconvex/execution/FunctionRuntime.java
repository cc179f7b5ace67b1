package dev.jconvex.execution;

import dev.jconvex.database.CommitListener;
import dev.jconvex.database.Timestamp;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The runtime as a transport sees it: run a call, run queries on one snapshot, name the latest commit,
 * and hear about commits. The WebSocket sync layer and the embedded runtime depend on this seam, not
 * on the concrete {@code server.Jconvex} that implements it, so {@code sync} never reaches up to
 * {@code server}.
 */
public interface FunctionRuntime {

    /**
     * Runs {@code call} off the caller's thread. A function's own failure completes normally with a
     * {@link FunctionOutcome.Failure}; the future completes exceptionally only for a system error,
     * which transports answer through {@link SystemErrors}.
     */
    CompletableFuture<FunctionOutcome> callAsync(FunctionCall call);

    /** Runs queries on one snapshot, each with its read set (what live queries subscribe to). */
    SnapshotResult runQueries(List<FunctionCall> queries);

    /** The timestamp of the latest commit. */
    Timestamp latestTimestamp();

    /** Calls {@code listener} after each durable commit, in commit order. */
    void addCommitListener(CommitListener listener);
}
