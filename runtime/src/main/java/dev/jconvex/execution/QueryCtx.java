package dev.jconvex.execution;

import dev.jconvex.database.DatabaseReader;
import dev.jconvex.values.ConvexValue;

/** A query's context: it reads a consistent snapshot and nothing else. */
public interface QueryCtx extends FunctionEnvironment {
    DatabaseReader db();

    /**
     * Runs the query at {@code path} on this query's snapshot, as Convex's {@code ctx.runQuery}: the
     * same resolution, visibility (internal functions are reachable), argument and return checks as a
     * call from a client, with this query's identity. Its log lines join this query's. A failure
     * throws: a {@link dev.jconvex.values.ConvexError} with the same data if the callee threw one,
     * else a {@link JsException} whose message is the callee's error text.
     */
    ConvexValue runQuery(String path, ConvexValue.Obj args);
}
