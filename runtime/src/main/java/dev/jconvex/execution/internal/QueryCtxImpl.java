package dev.jconvex.execution.internal;

import dev.jconvex.database.DatabaseReader;
import dev.jconvex.execution.Identity;
import dev.jconvex.execution.QueryCtx;
import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.protocol.Timestamp;
import dev.jconvex.values.ConvexValue;

/** {@link QueryCtx}: the environment plus a reader of one snapshot, shared with the queries it calls. */
final class QueryCtxImpl extends FunctionEnvironmentImpl implements QueryCtx {

    private final DatabaseReader db;
    private final Timestamp ts;
    private final FunctionRunner runner;

    /**
     * A context reading {@code db} at snapshot {@code ts}: a query's own read transaction, or the write
     * transaction of the mutation that called it.
     */
    QueryCtxImpl(
            RuntimeEnvironment environment, Identity identity, DatabaseReader db, Timestamp ts, FunctionRunner runner) {
        super(environment, identity);
        this.db = db;
        this.ts = ts;
        this.runner = runner;
    }

    @Override
    public DatabaseReader db() {
        return db;
    }

    @Override
    public ConvexValue runQuery(String path, ConvexValue.Obj args) {
        return NestedCalls.valueOrThrow(
                runner.runNestedQuery(NestedCalls.call(FunctionKind.QUERY, path, args, caller()), db, ts), console());
    }
}
