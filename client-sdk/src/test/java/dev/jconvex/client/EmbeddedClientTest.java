package dev.jconvex.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jconvex.client.testing.EmulatorMode;
import dev.jconvex.client.testing.JconvexEmulator;
import dev.jconvex.client.testing.JconvexTest;
import dev.jconvex.values.ConvexValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The same client API with no HTTP hop: calls, errors and subscriptions in embedded mode. */
@JconvexTest(mode = EmulatorMode.EMBEDDED, resetBetweenTests = true)
class EmbeddedClientTest {

    @Test
    void embeddedClient_hasNoServerButTheSameResults(JconvexEmulator emulator, ConvexClient client) {
        assertThat(emulator.url()).isEmpty();
        assertThat(client.embeddedRuntime()).isPresent();
        client.mutation("mutable:set", Map.of("namespace", "ns", "key", "k", "value", 1));
        assertThat(client.query("mutable:count", Map.of("namespace", "ns"))).isEqualTo(ConvexValue.float64(1));
    }

    @Test
    void convexErrorData_andFunctionFailures_matchTheServersExceptions(ConvexClient client) {
        assertThatThrownBy(() -> client.mutation("mutable:deleteKey", Map.of("namespace", "ns", "key", "none")))
                .isInstanceOfSatisfying(
                        ConvexErrorException.class,
                        e -> assertThat(e.data()).isEqualTo(ConvexValue.str("MUTABLE_KEY_NOT_FOUND")));
        assertThatThrownBy(() -> client.query("mutable:nope", Map.of()))
                .isInstanceOf(ConvexFunctionException.class)
                .hasMessageContaining("Could not find public function for 'mutable:nope'");
    }

    @Test
    void malformedPath_isARequestRejection_asOverHttp(ConvexClient client) {
        assertThatThrownBy(() -> client.query("mutable.ts:get", Map.of()))
                .isInstanceOfSatisfying(ConvexRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("BadConvexFunctionIdentifier");
                });
    }

    @Test
    void credentials_areRefusedByAnEmbeddedClient(ConvexClient client) {
        assertThatThrownBy(() -> ConvexClient.embeddedBuilder().adminKey("key").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("anonymous");
        assertThatThrownBy(() -> client.setAuth("token")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void internalMutationOfEmbeddedMode_isHiddenFromCallers(ConvexClient client) {
        assertThatThrownBy(() -> client.mutation("jconvexEmbedded:run", Map.of("token", "x")))
                .isInstanceOf(ConvexFunctionException.class)
                .hasMessageContaining("Could not find public function");
    }

    record Setting(String key, String value) {}

    @Test
    void typedSubscription_bindsEachResultToARecord(ConvexClient client) {
        List<Setting> seen = new CopyOnWriteArrayList<>();
        client.mutation("mutable:set", Map.of("namespace", "cfg", "key", "theme", "value", "dark"));
        try (Subscription s =
                client.subscribe("mutable:get", Map.of("namespace", "cfg", "key", "theme"), Setting.class, seen::add)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.equals(List.of(new Setting("theme", "dark"))));
            client.mutation("mutable:set", Map.of("namespace", "cfg", "key", "theme", "value", "light"));
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.getLast().equals(new Setting("theme", "light")));
        }
    }

    @Test
    void subscription_seesEveryChange(ConvexClient client) {
        List<ConvexValue> counts = new CopyOnWriteArrayList<>();
        try (Subscription s = client.subscribe("mutable:count", Map.of("namespace", "live"), counts::add)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> counts.equals(List.of(ConvexValue.float64(0))));
            for (int i = 1; i <= 3; i++) {
                client.mutation("mutable:set", Map.of("namespace", "live", "key", "k" + i, "value", i));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> counts.getLast().equals(ConvexValue.float64(3)));
            assertThat(counts.stream()
                            .map(v -> ((ConvexValue.Float64) v).value())
                            .toList())
                    .isSorted()
                    .doesNotHaveDuplicates();
            assertThat(client.connectionState()).isEqualTo(ConnectionState.CONNECTED);
        }
    }
}
