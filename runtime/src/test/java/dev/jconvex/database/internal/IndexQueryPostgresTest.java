package dev.jconvex.database.internal;

import dev.jconvex.testkit.TestEngine;
import dev.jconvex.testkit.TestPostgres;

/** {@link IndexQueryTest} on the PostgreSQL engine (skipped unless {@value TestPostgres#VARIABLE} is set). */
class IndexQueryPostgresTest extends IndexQueryTest {
    @Override
    TestEngine engine() {
        return TestEngine.POSTGRESQL;
    }
}
