package dev.jconvex.http.internal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionSpec;
import dev.jconvex.execution.ModuleBuilder;
import dev.jconvex.execution.MutationHandler;
import dev.jconvex.schema.TableDefinition;
import dev.jconvex.server.JconvexServer;
import dev.jconvex.server.ServerConfig;
import dev.jconvex.server.internal.RuntimeAccess;
import dev.jconvex.values.ConvexError;
import dev.jconvex.values.ConvexValue;
import io.restassured.http.ContentType;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} and {@code GET /health} of a real server on port 0: the function counter
 * with its tags, OCC conflicts under a forced conflict, the sync and JVM meters, the admin key, and
 * the health states.
 */
class MetricsAndHealthIT {

    /**
     * {@code counter:bump} reads the whole {@code counters} table, then inserts a row; its first
     * run can be held between the read and the write ({@link #holdFirst}), so that a second bump
     * commits in between and the first one's commit conflicts. {@code counter:refuse} throws a
     * ConvexError.
     */
    static final class CounterModule implements ConvexModule {
        final AtomicBoolean holdFirst = new AtomicBoolean();
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String path() {
            return "counter";
        }

        @Override
        public void define(ModuleBuilder module) {
            module.table(TableDefinition.defineAny("counters"));
            module.mutation("bump", any((MutationHandler) (ctx, args) -> {
                int seen = ctx.db().query("counters").collect().size();
                if (holdFirst.compareAndSet(true, false)) {
                    holding.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                ctx.db().insert("counters", ConvexValue.obj(Map.of("n", ConvexValue.float64(seen + 1))));
                return ConvexValue.NULL;
            }));
            module.mutation("refuse", any((MutationHandler) (ctx, args) -> {
                throw new ConvexError("no");
            }));
        }

        private static <H> FunctionSpec<H> any(H handler) {
            return new FunctionSpec<>(Optional.empty(), Optional.empty(), handler);
        }
    }

    final CounterModule counter = new CounterModule();
    final ProbeModule probe = new ProbeModule();
    final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    JconvexServer server;

    @AfterEach
    void stop() {
        threads.shutdownNow();
        counter.release.countDown();
        probe.release.countDown();
        if (server != null) {
            server.close();
        }
    }

    JconvexServer start(boolean publicMetrics) {
        server = JconvexServer.start(
                ServerConfig.builder()
                        .port(0)
                        .inMemory()
                        .publicMetrics(publicMetrics)
                        .build(),
                JconvexServer.Extensions.standard().withModules(counter, probe));
        return server;
    }

    void mutation(String path) {
        given().baseUri(server.url())
                .contentType(ContentType.JSON)
                .body("{\"path\":\"" + path + "\",\"args\":{},\"format\":\"json\"}")
                .post("/api/mutation")
                .then()
                .statusCode(200);
    }

    String metrics() {
        return given().baseUri(server.url())
                .header("Authorization", "Convex " + server.adminKey().value())
                .get("/metrics")
                .then()
                .statusCode(200)
                .contentType(OpsEndpoints.PROMETHEUS_TEXT)
                .extract()
                .asString();
    }

    /** The value of the sample {@code name{labels}}, labels in the order Prometheus writes them (sorted). */
    static double sample(String text, String name, String labels) {
        Matcher m = Pattern.compile(
                        "(?m)^" + Pattern.quote(name + (labels.isEmpty() ? "" : "{" + labels + "}")) + " (\\S+)$")
                .matcher(text);
        assertThat(m.find()).as("%s{%s} in%n%s", name, labels, text).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void metrics_countEachCall_byPathKindAndOutcome_withLatencyHistogram() {
        start(false);
        mutation("counter:bump");
        mutation("counter:bump");
        mutation("counter:refuse");

        String text = metrics();
        assertThat(sample(
                        text,
                        "jconvex_function_calls_total",
                        "kind=\"mutation\",outcome=\"success\",path=\"counter:bump\""))
                .isEqualTo(2.0);
        assertThat(sample(
                        text,
                        "jconvex_function_calls_total",
                        "kind=\"mutation\",outcome=\"user_error\",path=\"counter:refuse\""))
                .isEqualTo(1.0);
        assertThat(sample(
                        text,
                        "jconvex_function_calls_total",
                        "kind=\"mutation\",outcome=\"system_error\",path=\"counter:bump\""))
                .isZero();
        assertThat(sample(text, "jconvex_function_duration_seconds_count", "kind=\"mutation\",path=\"counter:bump\""))
                .isEqualTo(2.0);
        assertThat(sample(
                        text,
                        "jconvex_function_duration_seconds_bucket",
                        "kind=\"mutation\",path=\"counter:bump\",le=\"+Inf\""))
                .isEqualTo(2.0);
        assertThat(sample(text, "jconvex_commit_batch_size_transactions_count", ""))
                .isGreaterThanOrEqualTo(2.0);
        // the JVM's meters and the sync protocol's are there too
        assertThat(text).containsPattern("(?m)^jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\"\\} \\d");
        assertThat(text).contains("jvm_threads_live_threads ", "jvm_gc_", "process_uptime_seconds ");
        assertThat(sample(text, "jconvex_sync_sessions", "")).isZero();
    }

    @Test
    void metrics_countOccConflictsAndRetries_underAForcedConflict() throws Exception {
        start(false);
        counter.holdFirst.set(true);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> mutation("counter:bump"), threads);
        assertThat(counter.holding.await(10, TimeUnit.SECONDS)).isTrue();
        mutation("counter:bump"); // commits while the first holds its read of the table
        counter.release.countDown();
        first.get(10, TimeUnit.SECONDS);

        String text = metrics();
        assertThat(sample(text, "jconvex_occ_conflicts_total", "table=\"counters\""))
                .isEqualTo(1.0);
        assertThat(sample(text, "jconvex_occ_retries_total", "")).isEqualTo(1.0);
        // the retry succeeded: both calls are successes, none an OCC failure
        assertThat(sample(
                        text,
                        "jconvex_function_calls_total",
                        "kind=\"mutation\",outcome=\"success\",path=\"counter:bump\""))
                .isEqualTo(2.0);
        assertThat(sample(
                        text,
                        "jconvex_function_calls_total",
                        "kind=\"mutation\",outcome=\"occ\",path=\"counter:bump\""))
                .isZero();
    }

    @Test
    void metrics_needTheAdminKey_unlessConfiguredPublic() {
        start(false);
        given().baseUri(server.url()).get("/metrics").then().statusCode(403).body("code", equalTo("BadDeployKey"));
        given().baseUri(server.url())
                .header("Authorization", "Convex jconvex|wrong")
                .get("/metrics")
                .then()
                .statusCode(401)
                .body("code", equalTo("BadAdminKey"));
        server.close();

        start(true);
        given().baseUri(server.url()).get("/metrics").then().statusCode(200).contentType(OpsEndpoints.PROMETHEUS_TEXT);
    }

    @Test
    void health_isReady_whileServing_andStopping_whileDraining() throws Exception {
        start(false);
        String url = server.url();
        given().baseUri(url)
                .get("/health")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body(equalTo("{\"status\":\"ready\"}"));
        given().baseUri(url).get("/version").then().statusCode(200).body(equalTo(HttpApi.defaultVersion()));

        // an action in flight keeps the server draining once close() starts (own threads: the common
        // pool may have a single thread on a small machine)
        CompletableFuture<Void> action = CompletableFuture.runAsync(
                () -> given().baseUri(url)
                        .contentType(ContentType.JSON)
                        .body("{\"path\":\"probe:wait\",\"args\":{},\"format\":\"json\"}")
                        .post("/api/action"),
                threads);
        await().atMost(Duration.ofSeconds(10)).until(probe.waiting::get);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close, threads);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> given().baseUri(url)
                        .get("/health")
                        .then()
                        .statusCode(503)
                        .body(equalTo("{\"status\":\"stopping\"}")));
        probe.release.countDown();
        closing.get(20, TimeUnit.SECONDS);
        action.get(20, TimeUnit.SECONDS);
    }

    @Test
    void versionAndHealth_answerFromTheFirstMomentThePortListens_whileTheRuntimeOpens() throws Exception {
        CountDownLatch defining = new CountDownLatch(1);
        CountDownLatch opened = new CountDownLatch(1);
        ConvexModule slowToLoad = new ConvexModule() {
            @Override
            public String path() {
                return "slow";
            }

            @Override
            public void define(ModuleBuilder module) {
                defining.countDown();
                try {
                    opened.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        int port;
        try (ServerSocket free = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        // a fixed port: the listener starts while the runtime is built on another thread
        CompletableFuture<JconvexServer> starting = CompletableFuture.supplyAsync(
                () -> JconvexServer.start(
                        ServerConfig.builder().port(port).inMemory().build(),
                        JconvexServer.Extensions.none().withModules(slowToLoad)),
                threads);
        try {
            assertThat(defining.await(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10))
                    .ignoreExceptions()
                    .untilAsserted(() -> given().baseUri(url)
                            .get("/version")
                            .then()
                            .statusCode(200)
                            .body(equalTo(HttpApi.defaultVersion())));
            given().baseUri(url).get("/health").then().statusCode(503).body(equalTo("{\"status\":\"starting\"}"));
            given().baseUri(url)
                    .contentType(ContentType.JSON)
                    .body("{\"path\":\"probe:whoami\",\"args\":{}}")
                    .post("/api/query")
                    .then()
                    .statusCode(503);
        } finally {
            opened.countDown();
            server = starting.get(30, TimeUnit.SECONDS);
        }
        given().baseUri(url).get("/health").then().statusCode(200).body(equalTo("{\"status\":\"ready\"}"));
    }

    @Test
    void health_isUnavailable_whenTheDatabaseIsClosed() {
        start(false);
        RuntimeAccess.admin(server.runtime()).database().close();
        given().baseUri(server.url())
                .get("/health")
                .then()
                .statusCode(503)
                .body("status", equalTo("unavailable"))
                .body("reason", equalTo("the embedded database is closed"));
    }
}
