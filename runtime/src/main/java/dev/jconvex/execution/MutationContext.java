package dev.jconvex.execution;

import dev.jconvex.database.DatabaseWriter;

/**
 * {@link MutationCtx}: the environment plus the writer of one transaction attempt. A new context
 * (fresh console, time read again) is made for each OCC retry, since the handler runs again.
 */
final class MutationContext extends ExecutionContext implements MutationCtx {

    private final DatabaseWriter db;

    MutationContext(RuntimeEnvironment environment, Identity identity, DatabaseWriter db) {
        super(environment, identity);
        this.db = db;
    }

    @Override
    public DatabaseWriter db() {
        return db;
    }
}
