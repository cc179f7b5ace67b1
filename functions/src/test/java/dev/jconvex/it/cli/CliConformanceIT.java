package dev.jconvex.it.cli;

import dev.jconvex.it.Vitest;
import dev.jconvex.server.JconvexServer;
import dev.jconvex.server.ServerConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code npx convex} CLI (the pinned npm {@code convex} package, conformance/cli) against
 * two real jconvex servers on port 0: {@code run} with its flags, {@code data}, {@code env}, {@code
 * function-spec}, {@code logs}, and {@code export} from the first then {@code import} into the second.
 * Every CLI command runs under a timeout that fails its test.
 */
class CliConformanceIT {

    @TempDir
    Path first;

    @TempDir
    Path second;

    @Test
    void officialCli_passesTheConformanceSuite() throws Exception {
        Vitest suite = Vitest.forSuite("cli");
        JconvexServer.Extensions extensions =
                JconvexServer.Extensions.standard().withModules(new CliTestModule());
        try (JconvexServer a = JconvexServer.start(
                        ServerConfig.builder().port(0).dataDirectory(first).build(), extensions);
                JconvexServer b = JconvexServer.start(
                        ServerConfig.builder().port(0).dataDirectory(second).build(), extensions)) {
            suite.runAndAssertPassed(
                    "cli/vitest.config.mjs",
                    Map.of(
                            "JCONVEX_URL", a.url(),
                            "JCONVEX_ADMIN_KEY", a.adminKey().value(),
                            "JCONVEX_URL_B", b.url(),
                            "JCONVEX_ADMIN_KEY_B", b.adminKey().value()));
        }
    }
}
