package dev.jconvex.database.internal;

import dev.jconvex.testkit.TestEngine;
import dev.jconvex.testkit.TestPostgres;

/** {@link ReadSetTest} on the PostgreSQL engine (skipped unless {@value TestPostgres#VARIABLE} is set). */
class ReadSetPostgresTest extends ReadSetTest {
    @Override
    TestEngine engine() {
        return TestEngine.POSTGRESQL;
    }
}
