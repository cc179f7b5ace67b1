package dev.jconvex.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jconvex.embedded.EmbeddedProvider;
import dev.jconvex.embedded.EmbeddedServer;
import dev.jconvex.embedded.EmbeddedServerOptions;
import dev.jconvex.values.ConvexValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server (H2 file) is stopped and started again on the same port and data directory: clients
 * reconnect with backoff, resume their subscriptions and send the mutations queued meanwhile.
 */
class ReconnectTest {

    private static final Map<String, String> ENV = Map.of("NODE_ENV", "test");

    private static EmbeddedServer start(int port, Path dir) {
        return EmbeddedProvider.load().startServer(new EmbeddedServerOptions(port, Optional.of(dir), ENV));
    }

    private static ConvexValue valueOf(ConvexValue doc) {
        return doc instanceof ConvexValue.Obj o ? o.get("value") : doc;
    }

    @Test
    void afterAServerRestart_subscriptionsResumeAndQueuedMutationsAreSent(@TempDir Path dir) {
        EmbeddedServer server = start(0, dir);
        int port = server.port();
        ConvexClient.Builder settings = ConvexClient.builder(server.url())
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(400))
                .timeout(Duration.ofSeconds(20));
        try (ConvexClient http = settings.build();
                ConvexClient ws = ConvexClient.builder(server.url())
                        .callRoute(CallRoute.WEBSOCKET)
                        .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(400))
                        .timeout(Duration.ofSeconds(20))
                        .build()) {
            List<ConnectionState> states = new CopyOnWriteArrayList<>();
            List<ConvexValue> values = new CopyOnWriteArrayList<>();
            ws.addConnectionStateListener(states::add);
            ws.subscribe("mutable:get", Map.of("namespace", "cfg", "key", "mode"), v -> values.add(valueOf(v)));
            http.mutation("mutable:set", Map.of("namespace", "cfg", "key", "mode", "value", "before"));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !values.isEmpty() && values.getLast().equals(ConvexValue.str("before")));

            server.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> states.contains(ConnectionState.DISCONNECTED));
            CompletableFuture<ConvexValue> queued = ws.mutationAsync(
                    "mutable:set", Map.of("namespace", "cfg", "key", "queued", "value", "sent after restart"));

            server = start(port, dir);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> states.getLast() == ConnectionState.CONNECTED
                            && states.lastIndexOf(ConnectionState.CONNECTED)
                                    > states.indexOf(ConnectionState.DISCONNECTED));
            assertThat(queued).succeedsWithin(Duration.ofSeconds(10));

            http.mutation("mutable:set", Map.of("namespace", "cfg", "key", "mode", "value", "after"));
            await().atMost(Duration.ofSeconds(10)).until(() -> values.getLast().equals(ConvexValue.str("after")));
            assertThat(valueOf(http.query("mutable:get", Map.of("namespace", "cfg", "key", "queued"))))
                    .isEqualTo(ConvexValue.str("sent after restart"));
        } finally {
            server.close();
        }
    }
}
