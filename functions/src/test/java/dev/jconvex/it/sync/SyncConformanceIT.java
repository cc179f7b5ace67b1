package dev.jconvex.it.sync;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.it.Vitest;
import dev.jconvex.server.JconvexServer;
import dev.jconvex.server.ServerConfig;
import dev.jconvex.values.ConvexValue;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
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

    /** Where the server keeps its data: the data directory; {@code SyncConformancePostgresIT} puts it in PostgreSQL. */
    ServerConfig.Builder storage(ServerConfig.Builder config) {
        return config.dataDirectory(dataDirectory);
    }

    @TempDir
    Path dataDirectory;

    private volatile JconvexServer server;
    private int port;

    @Test
    void officialConvexClient_passesTheSyncConformanceSuite() throws Exception {
        Vitest suite = Vitest.forSuite("sync");
        server = JconvexServer.start(storage(ServerConfig.builder().port(0)).build());
        port = server.port();
        HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        control.createContext("/stop", this::stop);
        control.createContext("/start", this::start);
        control.start();
        try {
            suite.runAndAssertPassed(
                    "sync/vitest.config.mjs",
                    Map.of(
                            "JCONVEX_URL", "http://127.0.0.1:" + port,
                            "JCONVEX_CONTROL_URL",
                                    "http://127.0.0.1:" + control.getAddress().getPort()));
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
        JconvexServer started =
                JconvexServer.start(storage(ServerConfig.builder().port(port)).build());
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
}
