package dev.jconvex.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.jconvex.client.testing.EmulatorMode;
import dev.jconvex.client.testing.JconvexEmulator;
import dev.jconvex.client.testing.JconvexTest;
import dev.jconvex.values.ConvexValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The client's calls, errors, auth and subscriptions against a real server on a free port. */
@JconvexTest(mode = EmulatorMode.SERVER, resetBetweenTests = true)
class ConvexClientOverServerTest {

    record Entry(String namespace, String key, String value) {}

    private static Map<String, Object> key(String namespace, String key) {
        return Map.of("namespace", namespace, "key", key);
    }

    @Test
    void mutationAndQuery_byPath_returnConvexValuesAndRecords(ConvexClient client) {
        ConvexValue written = client.mutation("mutable:set", Map.of("namespace", "ns", "key", "k", "value", "v"));
        assertThat(((ConvexValue.Obj) written).get("value")).isEqualTo(ConvexValue.str("v"));
        assertThat(client.query("mutable:get", key("ns", "k"), Entry.class)).isEqualTo(new Entry("ns", "k", "v"));
        assertThat(client.queryAsync("mutable:exists", key("ns", "k")))
                .succeedsWithin(Duration.ofSeconds(5))
                .isEqualTo(ConvexValue.bool(true));
    }

    @Test
    void int64Arguments_travelAsInt64_andPlainNumbersAsFloat64(ConvexClient client) {
        client.mutation("mutable:set", Map.of("namespace", "ns", "key", "big", "value", ConvexValue.int64(1L << 60)));
        client.mutation("mutable:set", Map.of("namespace", "ns", "key", "small", "value", 3));
        assertThat(((ConvexValue.Obj) client.query("mutable:get", key("ns", "big"))).get("value"))
                .isEqualTo(ConvexValue.int64(1L << 60));
        assertThat(((ConvexValue.Obj) client.query("mutable:get", key("ns", "small"))).get("value"))
                .isEqualTo(ConvexValue.float64(3));
    }

    @Test
    void convexError_carriesItsDataUnchanged(ConvexClient client) {
        assertThatThrownBy(() -> client.mutation(
                        "mutable:update", Map.of("namespace", "ns", "key", "nope", "operation", "increment")))
                .isInstanceOfSatisfying(ConvexErrorException.class, e -> {
                    assertThat(e.data()).isEqualTo(ConvexValue.str("MUTABLE_KEY_NOT_FOUND"));
                    assertThat(e.getMessage()).startsWith("[Request ID: ").contains("Server Error");
                });
    }

    @Test
    void failureWithoutData_isAFunctionException(ConvexClient client) {
        assertThatThrownBy(() -> client.query("mutable:nope", Map.of()))
                .isInstanceOf(ConvexFunctionException.class)
                .hasMessageContaining("Could not find public function for 'mutable:nope'");
        assertThatThrownBy(() -> client.query("mutable:get", Map.of("namespace", 1)))
                .isInstanceOf(ConvexFunctionException.class)
                .hasMessageContaining("ArgumentValidationError");
    }

    @Test
    void malformedPath_isARequestRejection(ConvexClient client) {
        assertThatThrownBy(() -> client.query("mutable.ts:get", Map.of()))
                .isInstanceOfSatisfying(ConvexRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("BadConvexFunctionIdentifier");
                });
    }

    @Test
    void adminKey_isAcceptedWhenRight_andRejectedWhenWrong(JconvexEmulator emulator) {
        ConvexClient admin =
                emulator.newClient(b -> b.adminKey(emulator.adminKey().orElseThrow()));
        assertThat(admin.query("mutable:count", Map.of("namespace", "ns"))).isEqualTo(ConvexValue.float64(0));
        ConvexClient wrong = emulator.newClient(b -> b.adminKey("not-the-key"));
        assertThatThrownBy(() -> wrong.query("mutable:count", Map.of("namespace", "ns")))
                .isInstanceOfSatisfying(
                        ConvexRequestException.class,
                        e -> assertThat(e.status()).isEqualTo(401));
    }

    private static String jwt(long expSeconds) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String payload = "{\"iss\":\"https://issuer.test\",\"sub\":\"user-1\",\"exp\":" + expSeconds + "}";
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".sig";
    }

    @Test
    void rejectedToken_isRefreshedOnce_andTheCallSucceeds(JconvexEmulator emulator) {
        List<Boolean> fetches = new CopyOnWriteArrayList<>();
        long now = System.currentTimeMillis() / 1000;
        ConvexClient client = emulator.newClient(b -> b.authTokenFetcher(force -> {
            fetches.add(force);
            return force ? jwt(now + 3600) : jwt(now - 3600);
        }));
        assertThat(client.query("mutable:count", Map.of("namespace", "ns"))).isEqualTo(ConvexValue.float64(0));
        assertThat(fetches).containsExactly(false, true);
    }

    @Test
    void rejectedTokenOverWebSocket_isRefreshed_andTheSessionContinues(JconvexEmulator emulator) {
        List<Boolean> fetches = new CopyOnWriteArrayList<>();
        long now = System.currentTimeMillis() / 1000;
        ConvexClient client =
                emulator.newClient(b -> b.callRoute(CallRoute.WEBSOCKET).authTokenFetcher(force -> {
                    fetches.add(force);
                    return force ? jwt(now + 3600) : jwt(now - 3600);
                }));
        assertThat(client.mutation("mutable:set", Map.of("namespace", "auth", "key", "k", "value", 1)))
                .isInstanceOf(ConvexValue.Obj.class);
        assertThat(fetches).containsExactly(false, true);
    }

    @Test
    void subscription_deliversTheCurrentValueThenEveryChange(JconvexEmulator emulator, ConvexClient client) {
        client.mutation("mutable:set", Map.of("namespace", "cfg", "key", "mode", "value", "a"));
        List<ConvexValue> values = new CopyOnWriteArrayList<>();
        ConvexClient subscriber = emulator.newClient(b -> {});
        try (Subscription s = subscriber.subscribe(
                "mutable:get",
                key("cfg", "mode"),
                v -> values.add(v instanceof ConvexValue.Obj o ? o.get("value") : v))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> values.equals(List.of(ConvexValue.str("a"))));
            client.mutation("mutable:set", Map.of("namespace", "cfg", "key", "mode", "value", "b"));
            client.mutation("mutable:set", Map.of("namespace", "cfg", "key", "mode", "value", "c"));
            await().atMost(Duration.ofSeconds(5)).until(() -> values.getLast().equals(ConvexValue.str("c")));
            assertThat(values).startsWith(ConvexValue.str("a")).doesNotHaveDuplicates();
            assertThat(subscriber.connectionState()).isEqualTo(ConnectionState.CONNECTED);
        }
    }

    @Test
    void mutationOverWebSocket_isVisibleToTheSameClientsSubscriptionWhenItReturns(JconvexEmulator emulator) {
        ConvexClient client = emulator.newClient(b -> b.callRoute(CallRoute.WEBSOCKET));
        client.mutation("mutable:set", Map.of("namespace", "n", "key", "k", "value", 0));
        List<ConvexValue> seen = new CopyOnWriteArrayList<>();
        client.subscribe("mutable:get", key("n", "k"), v -> seen.add(((ConvexValue.Obj) v).get("value")));
        await().until(() -> !seen.isEmpty());
        for (int i = 1; i <= 5; i++) {
            client.mutation("mutable:set", Map.of("namespace", "n", "key", "k", "value", i));
            // §2.7: the mutation resolves only once a Transition reached its commit, after the update
            assertThat(seen.getLast()).isEqualTo(ConvexValue.float64(i));
        }
    }

    @Test
    void concurrentAsyncMutations_allComplete(ConvexClient client) {
        List<CompletableFuture<ConvexValue>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(client.mutationAsync("mutable:set", Map.of("namespace", "bulk", "key", "k" + i, "value", i)));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        assertThat(client.query("mutable:count", Map.of("namespace", "bulk"))).isEqualTo(ConvexValue.float64(50));
    }

    @Test
    void close_stopsTheClientsThreads(JconvexEmulator emulator) {
        ConvexClient client = emulator.newClient(b -> {});
        client.subscribe("mutable:count", Map.of("namespace", "x"), v -> {});
        await().until(() -> client.connectionState() == ConnectionState.CONNECTED);
        String prefix = threadPrefix();
        client.close();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.isAlive() && t.getName().startsWith(prefix)));
        assertThat(client.connectionState()).isEqualTo(ConnectionState.CLOSED);
        assertThatThrownBy(() -> client.query("mutable:count", Map.of("namespace", "x")))
                .isInstanceOf(IllegalStateException.class);
    }

    /** The thread-name prefix of the most recently created client. */
    private static String threadPrefix() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(n -> n.startsWith("jconvex-client-") && n.endsWith("-sync"))
                .max(java.util.Comparator.comparingInt(
                        n -> Integer.parseInt(n.substring("jconvex-client-".length(), n.length() - "-sync".length()))))
                .map(n -> n.substring(0, n.length() - "sync".length()))
                .orElseThrow();
    }
}
