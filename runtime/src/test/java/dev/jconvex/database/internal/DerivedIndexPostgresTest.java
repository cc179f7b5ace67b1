package dev.jconvex.database.internal;

/** {@link DerivedIndexTest} on the PostgreSQL engine (skipped unless {@value TestPostgres#VARIABLE} is set). */
class DerivedIndexPostgresTest extends DerivedIndexTest {
    @Override
    TestEngine engine() {
        return TestEngine.POSTGRESQL;
    }
}
