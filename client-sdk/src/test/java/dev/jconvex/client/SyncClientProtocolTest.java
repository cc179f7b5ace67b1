package dev.jconvex.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.protocol.Timestamp;
import dev.jconvex.values.ConvexValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client half of the sync protocol against a scripted server: exact messages and the version and
 * resolution rules of wire-protocol §2 that a real server cannot be made to break on purpose.
 */
class SyncClientProtocolTest {

    private final ScheduledExecutorService serial = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService callbacks = Executors.newSingleThreadExecutor();
    private final List<ScriptedLink> links = new CopyOnWriteArrayList<>();
    /** The client's clock: moved by the tests, never waited for. */
    private final java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
            new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2025-01-01T00:00:00Z"));

    private final SyncClient client = new SyncClient(
            events -> {
                ScriptedLink link = new ScriptedLink(events);
                links.add(link);
                return CompletableFuture.completedFuture(link);
            },
            new Credentials(),
            serial,
            callbacks,
            10,
            50,
            now::get);

    /** A link whose server side is the test. */
    static final class ScriptedLink implements SyncLink {
        final SyncLink.Events events;
        final List<JsonNode> sent = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        ScriptedLink(SyncLink.Events events) {
            this.events = events;
        }

        @Override
        public void send(String message) {
            try {
                sent.add(Wire.read(message));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public void close() {
            closed = true;
        }

        void serverSends(String json) {
            events.onMessage(json);
        }

        List<String> types() {
            return sent.stream().map(m -> m.path("type").asText()).toList();
        }
    }

    @AfterEach
    void tearDown() {
        client.close();
        serial.shutdownNow();
        callbacks.shutdownNow();
    }

    private ScriptedLink awaitLink(int index) {
        await().atMost(Duration.ofSeconds(5)).until(() -> links.size() > index);
        return links.get(index);
    }

    private static String transition(int qsFrom, String tsFrom, int qsTo, String tsTo, String modifications) {
        return """
                {"type":"Transition","startVersion":{"querySet":%d,"identity":0,"ts":"%s"},
                 "endVersion":{"querySet":%d,"identity":0,"ts":"%s"},"modifications":[%s]}""".formatted(qsFrom, tsFrom, qsTo, tsTo, modifications);
    }

    @Test
    void connect_sendsConnectThenTheWholeQuerySet_evenWhenEmpty() {
        ScriptedLink link = awaitLink(0);
        await().until(() -> link.sent.size() >= 2);
        assertThat(link.types()).containsExactly("Connect", "ModifyQuerySet");
        JsonNode connect = link.sent.get(0);
        assertThat(connect.path("connectionCount").asInt()).isZero();
        assertThat(connect.path("lastCloseReason").asText()).isEqualTo("InitialConnect");
        assertThat(connect.has("maxObservedTimestamp")).isFalse();
        JsonNode mqs = link.sent.get(1);
        assertThat(mqs.path("baseVersion").asInt()).isZero();
        assertThat(mqs.path("newVersion").asInt()).isEqualTo(1);
        assertThat(mqs.path("modifications")).isEmpty();
    }

    @Test
    void mutation_resolvesOnlyWhenATransitionReachesItsTimestamp() {
        ScriptedLink link = awaitLink(0);
        await().until(() -> link.sent.size() >= 2);
        String t0 = new Timestamp(0).toWire();
        String t1 = new Timestamp(100).toWire();
        String t2 = new Timestamp(200).toWire();
        link.serverSends(transition(0, t0, 1, t1, ""));

        CompletableFuture<ConvexValue> result =
                client.call(FunctionKind.MUTATION, "mutable:set", ConvexValue.obj(Map.of()));
        await().until(() -> link.types().contains("Mutation"));
        link.serverSends("{\"type\":\"MutationResponse\",\"requestId\":0,\"success\":true,\"result\":7,\"ts\":\"" + t2
                + "\",\"logLines\":[]}");
        // a Transition that does not reach ts 200 must not resolve it (§2.7)
        link.serverSends(transition(1, t1, 1, new Timestamp(150).toWire(), ""));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !result.isDone());
        link.serverSends(transition(1, new Timestamp(150).toWire(), 1, t2, ""));
        assertThat(result).succeedsWithin(Duration.ofSeconds(2)).isEqualTo(ConvexValue.float64(7));
    }

    @Test
    void failedMutation_rejectsAtOnce_withTheConvexErrorData() {
        ScriptedLink link = awaitLink(0);
        CompletableFuture<ConvexValue> result =
                client.call(FunctionKind.MUTATION, "mutable:update", ConvexValue.obj(Map.of()));
        await().until(() -> link.types().contains("Mutation"));
        link.serverSends("{\"type\":\"MutationResponse\",\"requestId\":0,\"success\":false,"
                + "\"result\":\"[Request ID: 0123456789abcdef] Server Error\\nUncaught ConvexError: MUTABLE_KEY_NOT_FOUND\\n\","
                + "\"ts\":null,\"logLines\":[],\"errorData\":\"MUTABLE_KEY_NOT_FOUND\"}");
        assertThat(result)
                .failsWithin(Duration.ofSeconds(2))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause()
                .isInstanceOfSatisfying(
                        ConvexErrorException.class,
                        e -> assertThat(e.data()).isEqualTo(ConvexValue.str("MUTABLE_KEY_NOT_FOUND")));
    }

    @Test
    void subscription_hearsEachChangeOnce_andAValueAgainAfterAFailure() {
        ScriptedLink link = awaitLink(0);
        List<String> heard = new CopyOnWriteArrayList<>();
        client.subscribe("mutable:get", ConvexValue.obj(Map.of()), new SubscriptionListener<>() {
            @Override
            public void onUpdate(ConvexValue value) {
                heard.add("value " + value);
            }

            @Override
            public void onError(ConvexCallException error) {
                heard.add("error " + error.getMessage());
            }
        });
        await().until(() -> link.sent.size() >= 3);
        String updated = "{\"type\":\"QueryUpdated\",\"queryId\":0,\"value\":1,\"logLines\":[],\"journal\":null}";
        String failed =
                "{\"type\":\"QueryFailed\",\"queryId\":0,\"errorMessage\":\"boom\",\"logLines\":[],\"journal\":null}";
        String[] ts = new String[6];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = new Timestamp(10L * i).toWire();
        }
        link.serverSends(transition(0, ts[0], 2, ts[1], updated));
        link.serverSends(transition(2, ts[1], 2, ts[2], updated)); // unchanged: not heard again
        link.serverSends(transition(2, ts[2], 2, ts[3], failed));
        link.serverSends(transition(2, ts[3], 2, ts[4], failed)); // the same failure: not heard again
        link.serverSends(transition(2, ts[4], 2, ts[5], updated)); // the value after a failure is news

        await().until(() -> heard.size() >= 3);
        assertThat(heard).containsExactly("value 1.0", "error boom", "value 1.0");
    }

    @Test
    void afterReconnect_theSameSessionResendsQueriesAndUnresolvedMutations() {
        ScriptedLink first = awaitLink(0);
        List<ConvexValue> seen = new CopyOnWriteArrayList<>();
        client.subscribe("mutable:get", ConvexValue.obj(Map.of("key", ConvexValue.str("k"))), seen::add);
        await().until(() -> first.sent.size() >= 3);
        first.serverSends(transition(
                0,
                new Timestamp(0).toWire(),
                2,
                new Timestamp(10).toWire(),
                "{\"type\":\"QueryUpdated\",\"queryId\":0,\"value\":1,\"logLines\":[],\"journal\":null}"));
        await().until(() -> seen.equals(List.of(ConvexValue.float64(1))));
        CompletableFuture<ConvexValue> pending =
                client.call(FunctionKind.MUTATION, "mutable:set", ConvexValue.obj(Map.of()));
        await().until(() -> first.types().contains("Mutation"));

        first.events.onClosed("closed with code 1006");
        ScriptedLink second = awaitLink(1);
        await().until(() -> second.sent.size() >= 3);
        assertThat(second.types()).containsExactly("Connect", "ModifyQuerySet", "Mutation");
        JsonNode connect = second.sent.get(0);
        assertThat(connect.path("sessionId").asText())
                .isEqualTo(first.sent.get(0).path("sessionId").asText());
        assertThat(connect.path("connectionCount").asInt()).isEqualTo(1);
        assertThat(connect.path("lastCloseReason").asText()).isEqualTo("closed with code 1006");
        assertThat(Timestamp.fromWire(connect.path("maxObservedTimestamp").asText())
                        .nanos())
                .isEqualTo(10);
        JsonNode add = second.sent.get(1).path("modifications").get(0);
        assertThat(add.path("udfPath").asText()).isEqualTo("mutable:get");
        assertThat(second.sent.get(2).path("requestId").asInt()).isZero();
        assertThat(pending).isNotDone();
    }

    @Test
    void serverSilentFor60Seconds_isDroppedAndReconnectedAsInactiveServer() {
        ScriptedLink first = awaitLink(0);
        // the 60 s start when the link opens: move time only once it has
        await().atMost(Duration.ofSeconds(5)).until(() -> client.state() == ConnectionState.CONNECTED);
        now.updateAndGet(t -> t.plusSeconds(59));
        first.serverSends("{\"type\":\"Ping\"}"); // any message restarts the 60 s
        // messages are handled on the client's serial thread: let the Ping be handled at this
        // time before moving on (a check queued behind it runs after it)
        client.checkInactivityNow().join();
        now.updateAndGet(t -> t.plusSeconds(59));
        client.checkInactivityNow().join();
        assertThat(first.closed).as("silent for 59 s only").isFalse();

        now.updateAndGet(t -> t.plusSeconds(2));
        client.checkInactivityNow().join();

        ScriptedLink second = awaitLink(1);
        assertThat(first.closed).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> !second.sent.isEmpty());
        assertThat(second.sent.get(0).path("lastCloseReason").asText()).isEqualTo("InactiveServer");
    }

    @Test
    void transitionFromAnUnexpectedVersion_dropsTheLinkAndReconnects() {
        ScriptedLink first = awaitLink(0);
        first.serverSends(transition(5, new Timestamp(0).toWire(), 6, new Timestamp(1).toWire(), ""));
        awaitLink(1);
        assertThat(first.closed).isTrue();
    }

    @Test
    void messageMissingARequiredField_dropsTheLinkAsInvalidServerMessage() {
        ScriptedLink first = awaitLink(0);
        await().until(() -> first.sent.size() >= 2);
        // a Transition without its endVersion cannot be applied (§2.4)
        first.serverSends("{\"type\":\"Transition\",\"startVersion\":{\"querySet\":0,\"identity\":0,\"ts\":\""
                + new Timestamp(0).toWire() + "\"},\"modifications\":[]}");

        ScriptedLink second = awaitLink(1);
        assertThat(first.closed).isTrue();
        await().until(() -> !second.sent.isEmpty());
        assertThat(second.sent.get(0).path("lastCloseReason").asText()).isEqualTo("InvalidServerMessage");
    }

    @Test
    void messageOfAnUnknownType_isIgnored_andTheLinkStays() {
        ScriptedLink link = awaitLink(0);
        await().until(() -> link.sent.size() >= 2);
        List<ConvexValue> seen = new CopyOnWriteArrayList<>();
        client.subscribe("mutable:get", ConvexValue.obj(Map.of()), seen::add);
        await().until(() -> link.sent.size() >= 3);

        link.serverSends("{\"type\":\"SomethingNew\",\"detail\":1}"); // as the JS client, ignored
        link.serverSends(transition(
                0,
                new Timestamp(0).toWire(),
                2,
                new Timestamp(1).toWire(),
                "{\"type\":\"QueryUpdated\",\"queryId\":0,\"value\":1,\"logLines\":[],\"journal\":null}"));

        await().until(() -> seen.equals(List.of(ConvexValue.float64(1))));
        assertThat(link.closed).isFalse();
        assertThat(links).hasSize(1);
    }

    @Test
    void actionInFlight_failsWhenTheConnectionIsLost() {
        ScriptedLink first = awaitLink(0);
        CompletableFuture<ConvexValue> action = client.call(FunctionKind.ACTION, "mod:act", ConvexValue.obj(Map.of()));
        await().until(() -> first.types().contains("Action"));
        first.events.onClosed("closed with code 1006");
        assertThat(action)
                .failsWithin(Duration.ofSeconds(2))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause()
                .isInstanceOf(ConvexTransportException.class)
                .withMessageContaining("Connection lost while action was in flight");
        ScriptedLink second = awaitLink(1);
        await().pollDelay(100, TimeUnit.MILLISECONDS).until(() -> second.sent.size() >= 2);
        assertThat(second.types()).doesNotContain("Action");
    }
}
