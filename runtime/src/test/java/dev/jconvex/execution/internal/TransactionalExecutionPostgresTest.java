package dev.jconvex.execution.internal;

import dev.jconvex.testkit.TestEngine;

/** {@link TransactionalExecutionTest} on the PostgreSQL engine (skipped unless {@value dev.jconvex.database.internal.TestPostgres#VARIABLE} is set). */
class TransactionalExecutionPostgresTest extends TransactionalExecutionTest {
    @Override
    TestEngine engine() {
        return TestEngine.POSTGRESQL;
    }
}
