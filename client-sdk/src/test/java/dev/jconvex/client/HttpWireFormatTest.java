package dev.jconvex.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.jconvex.values.ConvexValue;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exact HTTP requests the client sends and how it reads answers it cannot get from jconvex on
 * demand (status 560, a 5xx), against a scripted HTTP server (wire-protocol §1.1, §1.2, §1.3).
 */
class HttpWireFormatTest {

    record Captured(String method, String path, Map<String, List<String>> headers, JsonNode body) {}

    private HttpServer server;
    private final List<Captured> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> answer = new AtomicReference<>("{\"status\":\"success\",\"value\":null}");

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(new Captured(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    Wire.read(new String(body, StandardCharsets.UTF_8))));
            byte[] out = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ConvexClient.Builder client() {
        return ConvexClient.builder("http://127.0.0.1:" + server.getAddress().getPort())
                .queryRetries(0);
    }

    @Test
    void request_isWhatTheNpmHttpClientSends() {
        try (ConvexClient client = client().build()) {
            client.mutation("mutable:set", Map.of("namespace", "ns", "n", 1, "big", ConvexValue.int64(1)));
        }
        Captured r = requests.getFirst();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/api/mutation");
        assertThat(r.headers().get("Content-type")).containsExactly("application/json");
        assertThat(r.headers().get("Convex-client")).containsExactly("java-" + ConvexClient.VERSION);
        assertThat(r.headers()).doesNotContainKey("Authorization");
        assertThat(r.body().path("path").asText()).isEqualTo("mutable:set");
        assertThat(r.body().path("format").asText()).isEqualTo("convex_encoded_json");
        JsonNode args = r.body().path("args");
        assertThat(args.isArray()).isTrue();
        assertThat(args).hasSize(1);
        assertThat(args.get(0).path("n").isNumber()).isTrue();
        assertThat(args.get(0).path("big").path("$integer").asText()).isEqualTo("AQAAAAAAAAA=");
    }

    @Test
    void authorization_isConvexForAnAdminKey_andBearerForATokens() {
        try (ConvexClient admin = client().adminKey("key123").build();
                ConvexClient user = client().authToken("jwt.token.here").build()) {
            admin.query("m:q", Map.of());
            user.query("m:q", Map.of());
        }
        assertThat(requests.get(0).headers().get("Authorization")).containsExactly("Convex key123");
        assertThat(requests.get(1).headers().get("Authorization")).containsExactly("Bearer jwt.token.here");
    }

    @Test
    void status560_isReadAsTheEnvelope_withErrorData() {
        status.set(560);
        answer.set("{\"status\":\"error\",\"errorMessage\":\"Uncaught ConvexError: {\\\"code\\\":1}\","
                + "\"errorData\":{\"code\":{\"$integer\":\"AQAAAAAAAAA=\"}},\"logLines\":[\"[LOG] 'x'\"]}");
        try (ConvexClient client = client().build()) {
            assertThatThrownBy(() -> client.action("m:a", Map.of()))
                    .isInstanceOfSatisfying(ConvexErrorException.class, e -> {
                        assertThat(e.data()).isEqualTo(ConvexValue.obj(Map.of("code", ConvexValue.int64(1))));
                        assertThat(e.logLines()).containsExactly("[LOG] 'x'");
                    });
        }
    }

    @Test
    void serverError_isATransportFailure_andA400IsARequestRejection() {
        status.set(503);
        answer.set("{\"code\":\"Overloaded\",\"message\":\"try later\"}");
        try (ConvexClient client = client().build()) {
            assertThatThrownBy(() -> client.mutation("m:x", Map.of())).isInstanceOf(ConvexTransportException.class);
            status.set(400);
            answer.set("{\"code\":\"BadJsonBody\",\"message\":\"nope\"}");
            assertThatThrownBy(() -> client.mutation("m:x", Map.of()))
                    .isInstanceOfSatisfying(ConvexRequestException.class, e -> {
                        assertThat(e.code()).isEqualTo("BadJsonBody");
                        assertThat(e.getMessage()).isEqualTo("HTTP 400 BadJsonBody: nope");
                    });
        }
    }

    @Test
    void query_retriesAfterA5xx_untilItSucceeds() {
        status.set(500);
        answer.set("{\"code\":\"InternalServerError\",\"message\":\"boom\"}");
        server.removeContext("/");
        AtomicInteger calls = new AtomicInteger();
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean fail = calls.incrementAndGet() < 3;
            byte[] out =
                    (fail ? answer.get() : "{\"status\":\"success\",\"value\":42}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(fail ? 500 : 200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        try (ConvexClient client = client().queryRetries(3)
                .retryBackoff(java.time.Duration.ofMillis(5))
                .build()) {
            assertThat(client.query("m:q", Map.of())).isEqualTo(ConvexValue.float64(42));
        }
        assertThat(calls.get()).isEqualTo(3);
    }
}
