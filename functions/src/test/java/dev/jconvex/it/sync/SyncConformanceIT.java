package dev.jconvex.it.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.server.JconvexServer;
import dev.jconvex.server.ServerConfig;
import dev.jconvex.values.ConvexValue;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official npm {@code ConvexClient} (conformance/sync/sync-client.test.ts, run with vitest)
 * against a real jconvex server with the mutable module, over the WebSocket sync protocol: live
 * queries, mutations from a second client, ConvexError data, and reconnection after a restart.
 *
 * <p>The suite restarts the server through a control endpoint this test serves ({@code POST /stop},
 * {@code POST /start?namespace=…}): the server comes back on the same port and data directory, and
 * {@code /start} writes one value directly so the suite can see that resubscribed queries return
 * current data.
 */
class SyncConformanceIT {

    @TempDir
    Path dataDirectory;

    private volatile JconvexServer server;
    private int port;

    @Test
    void officialConvexClient_passesTheSyncConformanceSuite() throws Exception {
        Path conformance = conformanceDirectory();
        Path vitest = conformance.resolve("node_modules/vitest/vitest.mjs");
        assertThat(vitest)
                .withFailMessage("the npm clients are not installed: run npm ci in conformance/ (missing %s)", vitest)
                .exists();
        assertThat(conformance.resolve("node_modules/convex/package.json"))
                .withFailMessage("the npm convex package is not installed: run npm ci in conformance/")
                .exists();
        server = JconvexServer.start(
                ServerConfig.builder().port(0).dataDirectory(dataDirectory).build());
        port = server.port();
        HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        control.createContext("/stop", this::stop);
        control.createContext("/start", this::start);
        control.start();
        try {
            Path log = Files.createTempFile("vitest-sync", ".log");
            ProcessBuilder builder = new ProcessBuilder(
                            List.of("node", vitest.toString(), "run", "--config", "sync/vitest.config.mjs"))
                    .directory(conformance.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("JCONVEX_URL", "http://127.0.0.1:" + port);
            builder.environment()
                    .put(
                            "JCONVEX_CONTROL_URL",
                            "http://127.0.0.1:" + control.getAddress().getPort());
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
                    .withFailMessage("the sync conformance suite failed (exit %d):%n%s", process.exitValue(), output)
                    .isZero();
        } finally {
            control.stop(0);
            JconvexServer running = server;
            if (running != null) {
                running.close();
            }
        }
    }

    private void stop(HttpExchange exchange) throws IOException {
        JconvexServer running = server;
        server = null;
        if (running != null) {
            running.close();
        }
        respond(exchange, 200, "stopped");
    }

    /** Starts the server again on the same port and data directory, then writes one value. */
    private void start(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String namespace = URLDecoder.decode(query.substring(query.indexOf('=') + 1), StandardCharsets.UTF_8);
        JconvexServer started = JconvexServer.start(
                ServerConfig.builder().port(port).dataDirectory(dataDirectory).build());
        FunctionOutcome written = started.runtime()
                .call(FunctionCall.mutation(
                        "mutable:set",
                        ConvexValue.obj(Map.of(
                                "namespace", ConvexValue.str(namespace),
                                "key", ConvexValue.str("restart"),
                                "value", ConvexValue.str("during")))));
        server = started;
        respond(exchange, written instanceof FunctionOutcome.Success ? 200 : 500, written.toString());
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** {@code conformance/} at the repository root, from the functions module's directory. */
    private static Path conformanceDirectory() throws IOException {
        Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        for (Path dir = base; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("conformance");
            if (Files.isDirectory(candidate.resolve("sync"))) {
                return candidate;
            }
        }
        throw new IOException("no conformance/sync directory above " + base);
    }
}
