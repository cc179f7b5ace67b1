package dev.jconvex.execution.internal;

import dev.jconvex.database.internal.CommitListener;
import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.protocol.Timestamp;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The runtime as a transport sees it: run a call, run queries on one snapshot, name the latest commit,
 * hear about commits, clear the data, close. The HTTP routes, the WebSocket sync layer and the
 * in-process (embedded) runtime depend on this seam, not on the concrete {@code server.Jconvex} that
 * implements it, so no transport reaches up to {@code server} (docs/decisions/runtime-seam.md).
 */
public interface FunctionRuntime extends AutoCloseable {

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

    /**
     * Deletes every document of every table of every module (tables and indexes stay), as convex-test
     * gives each test a fresh database; returns how many documents were deleted.
     */
    long clearAll();

    /** Stops running calls and closes the storage; the runtime is unusable afterwards. */
    @Override
    void close();
}
