package dev.jconvex.execution;

import dev.jconvex.database.DatabaseReader;

/** A query's context: it reads a consistent snapshot and nothing else. */
public interface QueryCtx extends FunctionEnvironment {
    DatabaseReader db();
}
