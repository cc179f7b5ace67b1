package dev.jconvex.execution;

import dev.jconvex.database.DatabaseWriter;

/** A mutation's context: it reads and writes within one serializable transaction, seeing its own writes. */
public interface MutationCtx extends FunctionEnvironment {
    DatabaseWriter db();
}
