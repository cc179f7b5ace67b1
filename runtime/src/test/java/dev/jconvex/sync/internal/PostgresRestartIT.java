package dev.jconvex.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.execution.QueryHandler;
import dev.jconvex.server.JconvexServer;
import dev.jconvex.server.ServerConfig;
import dev.jconvex.testkit.TestPostgres;
import dev.jconvex.values.ConvexValue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real PostgreSQL server is stopped and started again under two serving jconvex nodes (issue
 * 11, item 4), with writers on both nodes all along and a live query on one of them.
 *
 * <p>During the outage every call is answered, in bounded time, in Convex's form for an error of
 * the server (a function whose read fails midway included: that is not the function's error): HTTP 500 {@code {"code":"InternalServerError","message":"Your request couldn't be
 * completed. Try again later."}} (wire-protocol §1.3), and over WebSocket a failed {@code
 * MutationResponse} with the same text after the request-id prefix (§1.6). Once PostgreSQL is
 * back, the same processes serve again by themselves, the live query resumes (and hears of a write
 * made on the other node), and every write acknowledged before, during or after the outage is
 * there.
 *
 * <p>Skipped unless {@value TestPostgres#VARIABLE} names the server and {@value
 * TestPostgres#CTL_VARIABLE} a command that stops and starts it ({@code .ci/run} exports both).
 */
class PostgresRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Convex's body for an internal error (wire-protocol §1.3). */
    private static final String INTERNAL_ERROR =
            "{\"code\":\"InternalServerError\",\"message\":\"Your request couldn't be completed. Try again later.\"}";

    /** A failed WebSocket mutation's text (§1.6): the request id, then the internal error. */
    private static final String WS_INTERNAL_ERROR = "\\[Request ID: [0-9a-f]{16}\\] Server Error\\n"
            + "InternalServerError: Your request couldn't be completed\\. Try again later\\.\\n";

    /**
     * Every call is answered within this, even while PostgreSQL is down (a connection borrow waits
     * at most 5 s); the HTTP client gives up at twice that, which the test counts as a hang.
     */
    private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(15);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path nodeA;

    @TempDir
    Path nodeB;

    private record Reply(int status, String body, Duration took) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        boolean succeeded() {
            return status == 200 && json().path("status").asText().equals("success");
        }
    }

    private Reply call(JconvexServer node, String kind, String path, Map<String, Object> args) {
        long start = System.nanoTime();
        try {
            String body = JSON.writeValueAsString(Map.of("path", path, "args", args, "format", "json"));
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(node.url() + "/api/" + kind))
                            .timeout(ANSWERED_WITHIN.multipliedBy(2))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            return new Reply(-1, e.toString(), Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code n<node>-<seq>} keys over HTTP until stopped; remembers what was acknowledged. */
    private final class Writer implements Runnable {
        final JconvexServer node;
        final String prefix;
        final Map<String, Long> acked = new ConcurrentHashMap<>();
        final List<Reply> failed = new CopyOnWriteArrayList<>();
        final AtomicLong slowestNanos = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);

        Writer(JconvexServer node, String prefix) {
            this.node = node;
            this.prefix = prefix;
        }

        @Override
        public void run() {
            for (long seq = 0; running.get(); seq++) {
                String key = prefix + seq;
                Reply reply = call(node, "mutation", "kv:set", Map.of("key", key, "value", seq));
                slowestNanos.accumulateAndGet(reply.took().toNanos(), Math::max);
                if (reply.succeeded()) {
                    acked.put(key, seq);
                } else {
                    failed.add(reply);
                }
            }
        }
    }

    /**
     * {@code gate:read}: a query that has opened its snapshot, waits for the test to open {@link
     * #gate}, then reads; so the test can stop PostgreSQL in the middle of a function.
     */
    private final CountDownLatch gate = new CountDownLatch(1);

    private final CountDownLatch atGate = new CountDownLatch(1);

    private final ConvexModule gateModule = new ConvexModule() {
        @Override
        public String path() {
            return "gate";
        }

        @Override
        public void define(ModuleBuilder module) {
            module.query("read", new FunctionSpec<QueryHandler>(Optional.empty(), Optional.empty(), (ctx, args) -> {
                atGate.countDown();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return ConvexValue.float64(ctx.db().query("entries").collect().size());
            }));
        }
    };

    private JconvexServer start(String url, Path directory) {
        return JconvexServer.start(
                ServerConfig.builder()
                        .port(0)
                        .dataDirectory(directory)
                        .database(url)
                        .build(),
                JconvexServer.Extensions.standard().withModules(new KvModule(), gateModule));
    }

    @Test
    void aPostgresRestart_answersConvexInternalErrors_thenTheSameNodesServeAgain_losingNoAcknowledgedWrite()
            throws Exception {
        String ctl = TestPostgres.requireControl();
        String url = TestPostgres.freshDeployment();
        boolean stopped = false;
        try (JconvexServer a = start(url, nodeA);
                JconvexServer b = start(url, nodeB)) {
            TestSocket socket = TestSocket.open(URI.create("ws://127.0.0.1:" + b.port() + "/api/1.48.0/sync"));
            socket.handshake();
            socket.send(TestSocket.modifyQuerySet(1, 2, TestSocket.add(0, "kv:list", "{}")));
            assertThat(socket.nextTransition()
                            .get("modifications")
                            .get(0)
                            .get("type")
                            .asText())
                    .isEqualTo("QueryUpdated");

            Writer onA = new Writer(a, "a-");
            Writer onB = new Writer(b, "b-");
            List<Thread> writers =
                    List.of(Thread.ofPlatform().start(onA), Thread.ofPlatform().start(onB));
            await().atMost(Duration.ofSeconds(60)).until(() -> onA.acked.size() >= 20 && onB.acked.size() >= 20);

            CompletableFuture<Reply> midFunction =
                    CompletableFuture.supplyAsync(() -> call(a, "query", "gate:read", Map.of()));
            assertThat(atGate.await(30, TimeUnit.SECONDS)).isTrue();

            TestPostgres.control(ctl, "stop");
            stopped = true;

            // a function whose database read fails midway is not a function error: Convex's internal error
            gate.countDown();
            Reply interrupted = midFunction.get(ANSWERED_WITHIN.toSeconds(), TimeUnit.SECONDS);
            assertThat(interrupted.status()).as(interrupted.body()).isEqualTo(500);
            assertThat(interrupted.body()).isEqualTo(INTERNAL_ERROR);

            // HTTP: Convex's internal error, in bounded time, for a mutation and for a query
            Reply mutation = call(a, "mutation", "kv:set", Map.of("key", "during", "value", 1));
            assertThat(mutation.status()).as(mutation.body()).isEqualTo(500);
            assertThat(mutation.body()).isEqualTo(INTERNAL_ERROR);
            assertThat(mutation.took()).isLessThan(ANSWERED_WITHIN);
            Reply query = call(b, "query", "kv:get", Map.of("key", "a-0"));
            assertThat(query.status()).as(query.body()).isEqualTo(500);
            assertThat(query.body()).isEqualTo(INTERNAL_ERROR);
            assertThat(query.took()).isLessThan(ANSWERED_WITHIN);

            // WebSocket: a failed MutationResponse, not a hang
            socket.send(TestSocket.mutation(1, "kv:set", "{\"key\":\"ws\",\"value\":1}"));
            JsonNode failure = nextMatching(socket, m -> m.path("type").asText().equals("MutationResponse"));
            assertThat(failure.get("requestId").asInt()).isEqualTo(1);
            assertThat(failure.get("success").asBoolean()).isFalse();
            assertThat(failure.get("result").asText()).matches(WS_INTERNAL_ERROR);
            // both writers were answered with errors meanwhile
            await().atMost(ANSWERED_WITHIN.multipliedBy(2)).until(() -> !onA.failed.isEmpty() && !onB.failed.isEmpty());

            TestPostgres.control(ctl, "start");
            stopped = false;

            // the same processes serve again by themselves
            int ackedA = onA.acked.size();
            int ackedB = onB.acked.size();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> onA.acked.size() >= ackedA + 20 && onB.acked.size() >= ackedB + 20);
            socket.send(TestSocket.mutation(2, "kv:set", "{\"key\":\"ws\",\"value\":2}"));
            JsonNode success = nextMatching(socket, m -> m.path("type").asText().equals("MutationResponse"));
            assertThat(success.get("success").asBoolean())
                    .as(success.toString())
                    .isTrue();
            // the live query on B hears of a write made on A after the restart
            assertThat(call(a, "mutation", "kv:set", Map.of("key", "after", "value", 3))
                            .succeeded())
                    .isTrue();
            nextMatching(
                    socket,
                    m -> keysOfList(m).contains("after") && keysOfList(m).contains("ws"));

            onA.running.set(false);
            onB.running.set(false);
            for (Thread w : writers) {
                w.join(ANSWERED_WITHIN.multipliedBy(3).toMillis());
            }
            assertThat(onA.failed).isNotEmpty().allSatisfy(PostgresRestartIT::isInternalError);
            assertThat(onB.failed).isNotEmpty().allSatisfy(PostgresRestartIT::isInternalError);
            assertThat(Duration.ofNanos(Math.max(onA.slowestNanos.get(), onB.slowestNanos.get())))
                    .isLessThan(ANSWERED_WITHIN);

            // no acknowledged write is lost, read through either node
            Map<String, Long> acked = new HashMap<>(onA.acked);
            acked.putAll(onB.acked);
            for (JconvexServer node : List.of(a, b)) {
                Reply list = call(node, "query", "kv:list", Map.of());
                assertThat(list.succeeded()).as(list.body()).isTrue();
                Map<String, Long> stored = new HashMap<>();
                for (JsonNode entry : list.json().get("value")) {
                    stored.put(entry.get("key").asText(), entry.get("value").asLong());
                }
                assertThat(stored)
                        .containsAllEntriesOf(acked)
                        .containsEntry("ws", 2L)
                        .containsEntry("after", 3L);
            }
        } finally {
            if (stopped) {
                TestPostgres.control(ctl, "start"); // leave the server as we found it
            }
        }
    }

    private static void isInternalError(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(500);
        assertThat(reply.body()).isEqualTo(INTERNAL_ERROR);
    }

    /** The next message that {@code wanted} accepts; Transitions are checked and Pings skipped on the way. */
    private static JsonNode nextMatching(TestSocket socket, Predicate<JsonNode> wanted) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode m = socket.next();
            if (m.path("type").asText().equals("Transition")) {
                socket.checkVersion(m);
            }
            if (wanted.test(m)) {
                return m;
            }
        }
        throw new AssertionError("no matching message within 60 s");
    }

    /** The keys a Transition's last {@code kv:list} result holds (empty for other messages). */
    private static Set<String> keysOfList(JsonNode message) {
        Set<String> keys = new java.util.HashSet<>();
        if (!message.path("type").asText().equals("Transition")) {
            return keys;
        }
        for (JsonNode m : message.get("modifications")) {
            if (m.path("type").asText().equals("QueryUpdated")) {
                keys.clear();
                for (JsonNode entry : m.get("value")) {
                    keys.add(entry.get("key").asText());
                }
            }
        }
        return keys;
    }
}
