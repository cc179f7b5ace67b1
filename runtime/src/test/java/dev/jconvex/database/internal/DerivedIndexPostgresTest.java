package dev.jconvex.database.internal;

import dev.jconvex.testkit.TestEngine;
import dev.jconvex.testkit.TestPostgres;

/** {@link DerivedIndexTest} on the PostgreSQL engine (skipped unless {@value TestPostgres#VARIABLE} is set). */
class DerivedIndexPostgresTest extends DerivedIndexTest {
    @Override
    TestEngine engine() {
        return TestEngine.POSTGRESQL;
    }
}
