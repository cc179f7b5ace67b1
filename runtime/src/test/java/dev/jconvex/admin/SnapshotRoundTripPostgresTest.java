package dev.jconvex.admin;

import dev.jconvex.testkit.TestEngine;

/** {@link SnapshotRoundTripTest} on the PostgreSQL engine (skipped unless {@value dev.jconvex.database.internal.TestPostgres#VARIABLE} is set). */
class SnapshotRoundTripPostgresTest extends SnapshotRoundTripTest {
    @Override
    TestEngine engine() {
        return TestEngine.POSTGRESQL;
    }
}
