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

    @TempDir
    Path dataDirectory;

    @Test
    void officialHttpClient_passesTheConformanceSuite() throws Exception {
        Vitest suite = Vitest.forSuite("http");
        try (JconvexServer server = JconvexServer.start(
                ServerConfig.builder().port(0).dataDirectory(dataDirectory).build())) {
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
