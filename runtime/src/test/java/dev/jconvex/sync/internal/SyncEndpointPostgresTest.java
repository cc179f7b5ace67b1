package dev.jconvex.sync.internal;

import dev.jconvex.testkit.TestEngine;

/** {@link SyncEndpointTest} on the PostgreSQL engine (skipped unless {@value dev.jconvex.database.internal.TestPostgres#VARIABLE} is set). */
class SyncEndpointPostgresTest extends SyncEndpointTest {
    @Override
    TestEngine engine() {
        return TestEngine.POSTGRESQL;
    }
}
