package dev.jconvex.database.internal;

/** {@link ReadSetTest} on the PostgreSQL engine (skipped unless {@value TestPostgres#VARIABLE} is set). */
class ReadSetPostgresTest extends ReadSetTest {
    @Override
    TestEngine engine() {
        return TestEngine.POSTGRESQL;
    }
}
