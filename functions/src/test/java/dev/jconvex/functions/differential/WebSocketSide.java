package dev.jconvex.functions.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jconvex.it.Vitest;
import dev.jconvex.server.JconvexServer;
import dev.jconvex.server.ServerConfig;
import dev.jconvex.typescript.TypeScriptFunctions;
import dev.jconvex.values.ConvexJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seed's TypeScript on jconvex reached over the wire: a batch of sequences is replayed by the
 * official npm {@code ConvexClient} over the WebSocket sync protocol
 * (conformance/websocket-differential/runner.test.ts, one node process per batch) against real
 * servers on port 0 that serve the seed's folder as TypeScript, one fresh in-memory server per
 * sequence with the sequence's environment.
 *
 * <p>The suite drives the servers through a control endpoint served here: {@code POST
 * /sequence?index=i} starts sequence i's server and answers its URL, {@code POST /now?index=i&ms=t}
 * sets that server's clock to the op's time before each op (as {@link JavaSide} and the oracle set
 * theirs), {@code POST /done?index=i} closes it.
 */
final class WebSocketSide {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One sequence's server and the clock it reads. */
    private record Slot(JconvexServer server, AtomicLong now) {}

    private final TypeScriptFunctions functions;
    private final Path workDir;
    private final int concurrency;
    private final Duration timeout;
    private final Map<Integer, Slot> slots = new ConcurrentHashMap<>();

    WebSocketSide(TypeScriptFunctions functions, Path workDir, int concurrency, Duration timeout) {
        this.functions = functions;
        this.workDir = workDir;
        this.concurrency = concurrency;
        this.timeout = timeout;
    }

    /** Runs {@code batch} and returns, per sequence, the outcome of each op (no placeholders yet). */
    List<List<Outcome>> run(List<OpGenerator.Sequence> batch) {
        try {
            return replay(batch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("the WebSocket replay failed: " + e.getMessage(), e);
        }
    }

    private List<List<Outcome>> replay(List<OpGenerator.Sequence> batch) throws Exception {
        Files.createDirectories(workDir);
        Path input = Files.createTempFile(workDir, "websocket-in-", ".json");
        Path output = Files.createTempFile(workDir, "websocket-out-", ".json");
        JSON.writeValue(input.toFile(), Oracle.encode(batch));
        HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        control.createContext("/sequence", exchange -> handle(exchange, index -> start(index, batch.get(index))));
        control.createContext(
                "/now",
                exchange -> handle(exchange, index -> {
                    slots.get(index).now().set(Long.parseLong(parameter(exchange, "ms")));
                    return "ok";
                }));
        control.createContext(
                "/done",
                exchange -> handle(exchange, index -> {
                    slots.remove(index).server().close();
                    return "closed";
                }));
        control.start();
        try {
            Vitest.forSuite("websocket-differential")
                    .runAndAssertPassed(
                            "websocket-differential/vitest.config.mjs",
                            Map.of(
                                    "JCONVEX_CONTROL_URL",
                                    "http://127.0.0.1:" + control.getAddress().getPort(),
                                    "DIFFERENTIAL_INPUT",
                                    input.toString(),
                                    "DIFFERENTIAL_OUTPUT",
                                    output.toString(),
                                    "DIFFERENTIAL_CONCURRENCY",
                                    Integer.toString(concurrency)),
                            timeout);
            List<List<Outcome>> out = new ArrayList<>();
            for (JsonNode sequence : JSON.readTree(output.toFile()).get("sequences")) {
                List<Outcome> outcomes = new ArrayList<>();
                for (JsonNode result : sequence.get("results")) {
                    outcomes.add(decode(result));
                }
                out.add(outcomes);
            }
            return out;
        } finally {
            control.stop(0);
            slots.values().forEach(slot -> slot.server().close());
            slots.clear();
            Files.deleteIfExists(input);
            Files.deleteIfExists(output);
        }
    }

    /**
     * A fresh in-memory server for {@code sequence}: its environment, and a clock the suite sets.
     * A variable the sequence leaves unset is unset for the functions, except {@code
     * CONVEX_SITE_URL}, which a server always provides (its own site URL) unless configured: it is
     * configured empty instead, which the seed reads alike ({@code process.env.CONVEX_SITE_URL ||
     * ""}).
     */
    private String start(int index, OpGenerator.Sequence sequence) {
        Map<String, String> env = new LinkedHashMap<>();
        sequence.env().forEach((name, value) -> {
            if (value != null) {
                env.put(name, value);
            } else if (name.equals("CONVEX_SITE_URL")) {
                env.put(name, "");
            }
        });
        AtomicLong now = new AtomicLong(sequence.ops().getFirst().now());
        JconvexServer server = JconvexServer.start(
                ServerConfig.builder().port(0).inMemory().env(env).build(),
                JconvexServer.Extensions.standard()
                        .withReplacingModules(functions.modules())
                        .withClock(() -> Instant.ofEpochMilli(now.get())));
        slots.put(index, new Slot(server, now));
        return server.url();
    }

    private interface Action {
        String apply(int index) throws IOException;
    }

    private static void handle(HttpExchange exchange, Action action) throws IOException {
        int status = 200;
        String body;
        try {
            body = action.apply(Integer.parseInt(parameter(exchange, "index")));
        } catch (RuntimeException e) {
            status = 500;
            body = e.toString();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String parameter(HttpExchange exchange, String name) {
        for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new IllegalArgumentException("no " + name + " in " + exchange.getRequestURI());
    }

    private static Outcome decode(JsonNode result) {
        if (result.has("value")) {
            return new Outcome.Value(ConvexJson.fromJson(result.get("value")));
        }
        if (result.has("convexError")) {
            return new Outcome.ConvexErr(ConvexJson.fromJson(result.get("convexError")));
        }
        return JavaSide.failure(result.get("serverError").asText());
    }
}
