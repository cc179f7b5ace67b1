package dev.jconvex.database.internal;

/** {@link ConcurrencyTest} on the PostgreSQL engine (skipped unless {@value TestPostgres#VARIABLE} is set). */
class ConcurrencyPostgresTest extends ConcurrencyTest {
    @Override
    TestEngine engine() {
        return TestEngine.POSTGRESQL;
    }
}
