package dev.jconvex.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.server.JconvexServer;
import dev.jconvex.server.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        Path conformance = conformanceDirectory();
        Path vitest = conformance.resolve("node_modules/vitest/vitest.mjs");
        assertThat(vitest)
                .withFailMessage("the npm clients are not installed: run npm ci in conformance/ (missing %s)", vitest)
                .exists();
        try (JconvexServer server = JconvexServer.start(
                ServerConfig.builder().port(0).dataDirectory(dataDirectory).build())) {
            Path log = Files.createTempFile("vitest-http", ".log");
            ProcessBuilder builder = new ProcessBuilder(
                            List.of("node", vitest.toString(), "run", "--config", "http/vitest.config.mjs"))
                    .directory(conformance.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("JCONVEX_URL", server.url());
            builder.environment().put("JCONVEX_ADMIN_KEY", server.adminKey().value());
            builder.environment().put("CI", "true");
            builder.environment().put("NO_COLOR", "1");
            Process process = builder.start();
            boolean finished = process.waitFor(5, TimeUnit.MINUTES);
            if (!finished) {
                process.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            System.out.println(output);
            assertThat(finished)
                    .withFailMessage("vitest did not finish in 5 minutes:%n%s", output)
                    .isTrue();
            assertThat(process.exitValue())
                    .withFailMessage("the HTTP conformance suite failed (exit %d):%n%s", process.exitValue(), output)
                    .isZero();
        }
    }

    /** {@code conformance/} at the repository root, from the functions module's directory. */
    private static Path conformanceDirectory() throws IOException {
        Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        for (Path dir = base; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("conformance");
            if (Files.isDirectory(candidate.resolve("http"))) {
                return candidate;
            }
        }
        throw new IOException("no conformance/http directory above " + base);
    }
}
