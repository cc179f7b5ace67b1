package dev.jconvex.database.internal;

/** {@link CtxDbTest} on the PostgreSQL engine (skipped unless {@value TestPostgres#VARIABLE} is set). */
class CtxDbPostgresTest extends CtxDbTest {
    @Override
    TestEngine engine() {
        return TestEngine.POSTGRESQL;
    }
}
