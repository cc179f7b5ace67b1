package dev.jconvex.execution.internal;

import dev.jconvex.database.internal.ReadSet;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.protocol.Timestamp;
import java.util.List;
import java.util.Objects;

/**
 * Queries run together on one snapshot (the sync protocol's query set, {@code /api/query_batch}).
 *
 * @param ts the snapshot every query read
 * @param runs one entry per query, in request order
 */
public record SnapshotResult(Timestamp ts, List<QueryRun> runs) {

    public SnapshotResult {
        Objects.requireNonNull(ts, "ts");
        runs = List.copyOf(runs);
    }

    /**
     * One query of the set.
     *
     * @param outcome its result; a success carries the set's {@link SnapshotResult#ts()}
     * @param readSet what it read, to decide whether a later commit invalidates it; empty for a query
     *     that failed before it read anything
     */
    public record QueryRun(FunctionOutcome outcome, ReadSet readSet) {
        public QueryRun {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(readSet, "readSet");
        }
    }
}
