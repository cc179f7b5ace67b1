package dev.jconvex.execution.internal;

import dev.jconvex.testkit.TestEngine;

/** {@link FunctionExecutionTest} on the PostgreSQL engine (skipped unless {@value dev.jconvex.database.internal.TestPostgres#VARIABLE} is set). */
class FunctionExecutionPostgresTest extends FunctionExecutionTest {
    @Override
    TestEngine engine() {
        return TestEngine.POSTGRESQL;
    }
}
