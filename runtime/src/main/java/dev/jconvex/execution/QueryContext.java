package dev.jconvex.execution;

import dev.jconvex.database.DatabaseReader;

/** {@link QueryCtx}: the environment plus a reader of one snapshot. */
final class QueryContext extends ExecutionContext implements QueryCtx {

    private final DatabaseReader db;

    QueryContext(RuntimeEnvironment environment, Identity identity, DatabaseReader db) {
        super(environment, identity);
        this.db = db;
    }

    @Override
    public DatabaseReader db() {
        return db;
    }
}
