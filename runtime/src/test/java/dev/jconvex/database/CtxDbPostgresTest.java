package dev.jconvex.database;

/** {@link CtxDbTest} on the PostgreSQL engine (skipped unless {@value TestPostgres#VARIABLE} is set). */
class CtxDbPostgresTest extends CtxDbTest {
    @Override
    TestEngine engine() {
        return TestEngine.POSTGRESQL;
    }
}
