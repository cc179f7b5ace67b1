package dev.jconvex.database.internal;

import dev.jconvex.testkit.TestEngine;
import dev.jconvex.testkit.TestPostgres;

/** {@link CtxDbTest} on the PostgreSQL engine (skipped unless {@value TestPostgres#VARIABLE} is set). */
class CtxDbPostgresTest extends CtxDbTest {
    @Override
    TestEngine engine() {
        return TestEngine.POSTGRESQL;
    }
}
