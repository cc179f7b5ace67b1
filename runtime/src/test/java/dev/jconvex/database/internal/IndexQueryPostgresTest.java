package dev.jconvex.database.internal;

/** {@link IndexQueryTest} on the PostgreSQL engine (skipped unless {@value TestPostgres#VARIABLE} is set). */
class IndexQueryPostgresTest extends IndexQueryTest {
    @Override
    TestEngine engine() {
        return TestEngine.POSTGRESQL;
    }
}
