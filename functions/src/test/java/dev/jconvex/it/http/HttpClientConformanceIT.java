package dev.jconvex.it.http;

import dev.jconvex.it.Vitest;
import dev.jconvex.server.JconvexServer;
import dev.jconvex.server.ServerConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official npm {@code ConvexHttpClient} (conformance/http/http-client.test.ts, run with vitest)
 * against a real jconvex server on port 0 with the mutable module: every mutable function called as
 * an app calls it.
 */
class HttpClientConformanceIT {

    /** Where the server keeps its data: the data directory; {@code HttpClientConformancePostgresIT} puts it in PostgreSQL. */
    ServerConfig.Builder storage(ServerConfig.Builder config) {
        return config.dataDirectory(dataDirectory);
    }

    @TempDir
    Path dataDirectory;

    @Test
    void officialHttpClient_passesTheConformanceSuite() throws Exception {
        Vitest suite = Vitest.forSuite("http");
        try (JconvexServer server =
                JconvexServer.start(storage(ServerConfig.builder().port(0)).build())) {
            suite.runAndAssertPassed(
                    "http/vitest.config.mjs",
                    Map.of(
                            "JCONVEX_URL",
                            server.url(),
                            "JCONVEX_ADMIN_KEY",
                            server.adminKey().value()));
        }
    }
}
