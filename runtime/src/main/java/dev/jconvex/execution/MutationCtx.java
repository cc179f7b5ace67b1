package dev.jconvex.execution;

import dev.jconvex.database.DatabaseWriter;
import dev.jconvex.values.ConvexValue;

/** A mutation's context: it reads and writes within one serializable transaction, seeing its own writes. */
public interface MutationCtx extends FunctionEnvironment {
    DatabaseWriter db();

    /**
     * Runs the query at {@code path} inside this mutation's transaction (it sees this mutation's writes),
     * as Convex's {@code ctx.runQuery}; checks, identity, log lines and failures as for {@link
     * QueryCtx#runQuery}.
     */
    ConvexValue runQuery(String path, ConvexValue.Obj args);

    /**
     * Runs the mutation at {@code path} as a sub-transaction of this one, as Convex's {@code
     * ctx.runMutation} from a mutation: its writes become this mutation's and commit with it; if it
     * fails, its writes are undone, this mutation's earlier writes stay, and the failure is thrown as
     * for {@link QueryCtx#runQuery} (uncaught, it fails this mutation and nothing commits).
     */
    ConvexValue runMutation(String path, ConvexValue.Obj args);
}
