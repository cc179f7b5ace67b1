package dev.jconvex.database.internal;

import dev.jconvex.testkit.TestEngine;
import dev.jconvex.testkit.TestPostgres;

/** {@link ConcurrencyTest} on the PostgreSQL engine (skipped unless {@value TestPostgres#VARIABLE} is set). */
class ConcurrencyPostgresTest extends ConcurrencyTest {
    @Override
    TestEngine engine() {
        return TestEngine.POSTGRESQL;
    }
}
