package dev.jconvex.it.sync;

import dev.jconvex.server.ServerConfig;
import dev.jconvex.testkit.TestEngine;

/**
 * {@link SyncConformanceIT} on the PostgreSQL engine: the same suite of the official npm client against a server
 * that stores its data in PostgreSQL (skipped unless {@code JCONVEX_TEST_POSTGRES} is set).
 */
class SyncConformancePostgresIT extends SyncConformanceIT {
    @Override
    ServerConfig.Builder storage(ServerConfig.Builder config) {
        return config.dataDirectory(dataDirectory).database(TestEngine.url(dataDirectory));
    }
}
