package dev.jconvex.sync.internal;

import static dev.jconvex.sync.internal.TestSocket.action;
import static dev.jconvex.sync.internal.TestSocket.add;
import static dev.jconvex.sync.internal.TestSocket.authenticate;
import static dev.jconvex.sync.internal.TestSocket.modifyQuerySet;
import static dev.jconvex.sync.internal.TestSocket.mutation;
import static dev.jconvex.sync.internal.TestSocket.remove;
import static dev.jconvex.sync.internal.TestSocket.ts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jconvex.execution.internal.ErrorMessages;
import dev.jconvex.testkit.TestEngine;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sync protocol over a real WebSocket, message by message (wire-protocol §2). */
class SyncEndpointTest {

    /** The engine this suite runs on; {@code SyncEndpointPostgresTest} runs it on PostgreSQL. */
    TestEngine engine() {
        return TestEngine.EMBEDDED;
    }

    private SyncTestServer server;

    private SyncTestServer server() {
        if (server == null) {
            server = new SyncTestServer(engine(), b -> b);
        }
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ------------------------------------------------------------ connection and query set

    @Test
    void initialModifyQuerySet_isAnsweredByTransitionFromTheInitialVersion() {
        TestSocket c = server().connect();
        c.send(c.connect(0)).send(modifyQuerySet(0, 1));

        JsonNode t = c.nextTransition();

        assertThat(t.get("startVersion").toString())
                .isEqualTo("{\"querySet\":0,\"identity\":0,\"ts\":\"AAAAAAAAAAA=\"}");
        assertThat(t.get("endVersion").get("querySet").asInt()).isEqualTo(1);
        assertThat(t.get("endVersion").get("identity").asInt()).isZero();
        assertThat(t.get("modifications")).isEmpty();
        assertThat(t.get("serverTs").isNumber()).isTrue();
        assertThat(t.get("clientClockSkew").isNumber()).isTrue();
    }

    @Test
    void unversionedPath_speaksTheSameProtocol() {
        TestSocket c = server().connect("/api/sync");
        c.handshake();
        assertThat(c.version().get("querySet").asInt()).isEqualTo(1);
    }

    @Test
    void add_deliversTheQueryResultInTheTransitionReachingItsQuerySetVersion() {
        TestSocket c = server().connect().handshake();

        c.send(modifyQuerySet(1, 2, add(0, "kv:get", "{\"key\":\"a\"}")));
        JsonNode t = c.nextTransition();

        assertThat(t.get("endVersion").get("querySet").asInt()).isEqualTo(2);
        assertThat(t.get("modifications")).hasSize(1);
        JsonNode update = t.get("modifications").get(0);
        assertThat(update.get("type").asText()).isEqualTo("QueryUpdated");
        assertThat(update.get("queryId").asInt()).isZero();
        assertThat(update.get("value").isNull()).isTrue();
        assertThat(update.get("logLines")).isEmpty();
        assertThat(update.has("journal")).isTrue();
    }

    @Test
    void remove_isConfirmedWithQueryRemoved_andStopsUpdates() {
        TestSocket c = server().connect().handshake();
        c.send(modifyQuerySet(1, 2, add(0, "kv:get", "{\"key\":\"a\"}")));
        c.nextTransition();

        c.send(modifyQuerySet(2, 3, remove(0)));
        JsonNode t = c.nextTransition();
        assertThat(t.get("modifications").toString()).isEqualTo("[{\"type\":\"QueryRemoved\",\"queryId\":0}]");

        c.send(mutation(0, "kv:set", "{\"key\":\"a\",\"value\":1}"));
        c.next("MutationResponse");
        assertThat(c.nextTransition().get("modifications")).isEmpty();
    }

    @Test
    void failingQuery_isDeliveredAsQueryFailedWithErrorData() {
        TestSocket c = server().connect().handshake();

        c.send(modifyQuerySet(1, 2, add(3, "kv:broken", "{}")));
        JsonNode failed = c.nextTransition().get("modifications").get(0);

        assertThat(failed.get("type").asText()).isEqualTo("QueryFailed");
        assertThat(failed.get("queryId").asInt()).isEqualTo(3);
        assertThat(failed.get("errorMessage").asText())
                .matches("(?s)\\[Request ID: [0-9a-f]{16}] Server Error\nUncaught ConvexError: QUERY_BROKE\n.*");
        assertThat(failed.get("errorData").asText()).isEqualTo("QUERY_BROKE");
    }

    @Test
    void unknownFunction_isAQueryFailure_notAProtocolError() {
        TestSocket c = server().connect().handshake();

        c.send(modifyQuerySet(1, 2, add(0, "kv:nope", "{}")));
        JsonNode failed = c.nextTransition().get("modifications").get(0);

        assertThat(failed.get("type").asText()).isEqualTo("QueryFailed");
        assertThat(failed.get("errorMessage").asText()).contains("Could not find public function for 'kv:nope'");
    }

    // ------------------------------------------------------------ mutations and actions (§2.7)

    @Test
    void mutation_isAnsweredWithItsCommitTs_thenATransitionReachingIt_withTheUpdatedQuery() {
        TestSocket c = server().connect().handshake();
        c.send(modifyQuerySet(1, 2, add(0, "kv:get", "{\"key\":\"a\"}")));
        c.nextTransition();

        c.send(mutation(0, "kv:set", "{\"key\":\"a\",\"value\":42}"));
        TestSocket.Resolution resolution = c.awaitMutation(0);

        JsonNode response = resolution.response();
        assertThat(response.get("requestId").asInt()).isZero();
        assertThat(response.get("success").asBoolean()).isTrue();
        assertThat(response.get("result").asDouble()).isEqualTo(42.0);
        assertThat(response.get("logLines")).isEmpty();
        assertThat(response.get("ts").asText()).matches("[A-Za-z0-9+/]{11}=");
        // The query shows the write no later than the Transition that resolves the mutation.
        assertThat(resolution.lastValue(0)).isNotNull();
        assertThat(resolution.lastValue(0).asDouble()).isEqualTo(42.0);
        assertThat(resolution.transitions().stream()
                        .flatMap(t -> java.util.stream.StreamSupport.stream(
                                t.get("modifications").spliterator(), false)))
                .extracting(JsonNode::toString)
                .contains("{\"type\":\"QueryUpdated\",\"queryId\":0,\"value\":42.0,\"logLines\":[],\"journal\":null}");
    }

    @Test
    void mutation_withoutSubscriptions_stillGetsATransitionReachingItsTs() {
        TestSocket c = server().connect().handshake();

        c.send(mutation(0, "kv:set", "{\"key\":\"a\",\"value\":1}"));
        long mutationTs = ts(c.next("MutationResponse").get("ts"));
        JsonNode t = c.nextTransition();

        assertThat(ts(t.get("endVersion").get("ts"))).isGreaterThanOrEqualTo(mutationTs);
        assertThat(t.get("modifications")).isEmpty();
    }

    @Test
    void mutationThatWritesNothing_isStillResolvedByATransition() {
        TestSocket c = server().connect().handshake();
        c.send(mutation(0, "kv:set", "{\"key\":\"a\",\"value\":1}"));
        c.next("MutationResponse");
        c.nextTransition();

        c.send(mutation(1, "kv:noop", "{}"));
        long mutationTs = ts(c.next("MutationResponse").get("ts"));
        JsonNode t = c.nextTransition();

        assertThat(ts(t.get("endVersion").get("ts"))).isGreaterThanOrEqualTo(mutationTs);
    }

    @Test
    void failedMutation_carriesTheErrorTextAndDataAndNoTs() {
        TestSocket c = server().connect().handshake();

        c.send(mutation(5, "kv:fail", "{}"));
        JsonNode response = c.next("MutationResponse");

        assertThat(response.get("success").asBoolean()).isFalse();
        assertThat(response.get("ts").isNull()).isTrue();
        assertThat(response.get("errorData").asText()).isEqualTo("BOOM");
        assertThat(response.get("result").asText())
                .startsWith("[Request ID: " + ErrorMessages.syncRequestId(c.sessionId, 5) + "] Server Error\n"
                        + "Uncaught ConvexError: BOOM");
    }

    @Test
    void mutations_runOneAfterAnotherInArrivalOrder() {
        TestSocket c = server().connect().handshake();

        for (int i = 0; i < 20; i++) {
            c.send(mutation(i, "kv:increment", "{\"key\":\"n\"}"));
        }
        List<Integer> order = new ArrayList<>();
        List<Double> results = new ArrayList<>();
        while (order.size() < 20) {
            JsonNode m = c.next();
            if (m.get("type").asText().equals("MutationResponse")) {
                order.add(m.get("requestId").asInt());
                results.add(m.get("result").asDouble());
            } else {
                c.checkVersion(m);
            }
        }
        assertThat(order).isSorted();
        assertThat(results)
                .containsExactly(
                        1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0,
                        18.0, 19.0, 20.0);
    }

    @Test
    void action_isAnsweredWithActionResponse_successAndFailure() {
        TestSocket c = server().connect().handshake();

        c.send(action(0, "kv:echo", "{\"x\":{\"$integer\":\"AQAAAAAAAAA=\"}}"));
        JsonNode ok = c.next("ActionResponse");
        assertThat(ok.get("success").asBoolean()).isTrue();
        assertThat(ok.get("result").toString()).isEqualTo("{\"$integer\":\"AQAAAAAAAAA=\"}");
        assertThat(ok.has("ts")).isFalse();

        c.send(action(1, "kv:failAction", "{}"));
        JsonNode failed = c.next("ActionResponse");
        assertThat(failed.get("success").asBoolean()).isFalse();
        assertThat(failed.get("errorData").toString()).isEqualTo("{\"code\":7.0}");
        assertThat(failed.get("result").asText()).contains("Server Error\nUncaught ConvexError: {\"code\":7}");
    }

    @Test
    void eventMessages_areAcceptedAndIgnored() {
        TestSocket c = server().connect().handshake();

        c.send("{\"type\":\"Event\",\"eventType\":\"ClientConnect\",\"event\":{\"anything\":1}}");
        c.send(modifyQuerySet(1, 2, add(0, "kv:get", "{\"key\":\"a\"}")));

        assertThat(c.nextTransition().get("endVersion").get("querySet").asInt()).isEqualTo(2);
    }

    // ------------------------------------------------------------ live queries

    @Test
    void commitFromAnotherClient_updatesOnlyTheQueriesItTouched() {
        TestSocket watcher = server().connect().handshake();
        watcher.send(modifyQuerySet(1, 2, add(0, "kv:get", "{\"key\":\"a\"}"), add(1, "kv:get", "{\"key\":\"b\"}")));
        watcher.nextTransition();
        TestSocket writer = server().connect().handshake();

        writer.send(mutation(0, "kv:set", "{\"key\":\"b\",\"value\":\"B\"}"));
        writer.next("MutationResponse");
        JsonNode t = watcher.nextTransition();

        assertThat(t.get("modifications")).hasSize(1);
        assertThat(t.get("modifications").get(0).get("queryId").asInt()).isEqualTo(1);
        assertThat(t.get("modifications").get(0).get("value").asText()).isEqualTo("B");
    }

    @Test
    void commitOutsideAQuerysReadSet_doesNotReRunIt() {
        TestSocket c = server().connect().handshake();
        c.send(modifyQuerySet(1, 2, add(0, "kv:get", "{\"key\":\"a\"}")));
        c.nextTransition();
        int before = server.module.getExecutions.get();

        c.send(mutation(0, "kv:set", "{\"key\":\"b\",\"value\":1}"));
        c.awaitMutation(0);
        assertThat(server.module.getExecutions.get()).isEqualTo(before);

        c.send(mutation(1, "kv:set", "{\"key\":\"a\",\"value\":1}"));
        assertThat(c.awaitMutation(1).lastValue(0).asDouble()).isEqualTo(1.0);
        assertThat(server.module.getExecutions.get()).isEqualTo(before + 1);
    }

    @Test
    void listQuery_seesInsertsAndUpdates() {
        TestSocket watcher = server().connect().handshake();
        watcher.send(modifyQuerySet(1, 2, add(0, "kv:list", "{}")));
        assertThat(watcher.nextTransition().get("modifications").get(0).get("value"))
                .isEmpty();
        TestSocket writer = server().connect().handshake();

        writer.send(mutation(0, "kv:set", "{\"key\":\"a\",\"value\":1}"));
        assertThat(watcher.nextTransition().get("modifications").get(0).get("value"))
                .hasSize(1);
        writer.send(mutation(1, "kv:set", "{\"key\":\"b\",\"value\":2}"));
        JsonNode list = watcher.nextTransition().get("modifications").get(0).get("value");
        assertThat(list).hasSize(2);
        assertThat(list.get(1).get("key").asText()).isEqualTo("b");
    }

    @Test
    void identicalSubscriptions_shareOneExecutionPerCommit() {
        List<TestSocket> clients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TestSocket c = server().connect().handshake();
            c.send(modifyQuerySet(1, 2, add(0, "kv:get", "{\"key\":\"shared\"}")));
            c.nextTransition();
            clients.add(c);
        }
        int before = server.module.getExecutions.get();

        server.runtime.call(dev.jconvex.execution.FunctionCall.mutation(
                "kv:set",
                dev.jconvex.values.ConvexValue.obj(java.util.Map.of(
                        "key", dev.jconvex.values.ConvexValue.str("shared"),
                        "value", dev.jconvex.values.ConvexValue.float64(9)))));
        for (TestSocket c : clients) {
            assertThat(c.nextTransition()
                            .get("modifications")
                            .get(0)
                            .get("value")
                            .asDouble())
                    .isEqualTo(9.0);
        }

        assertThat(server.module.getExecutions.get() - before).isEqualTo(1);
    }

    @Test
    void unsubscribedResult_isServedFromTheCacheUntilACommitTouchesIt() {
        TestSocket first = server().connect().handshake();
        first.send(modifyQuerySet(1, 2, add(0, "kv:get", "{\"key\":\"c\"}")));
        first.nextTransition();
        first.send(modifyQuerySet(2, 3, remove(0)));
        first.nextTransition();
        int before = server.module.getExecutions.get();

        TestSocket second = server().connect().handshake();
        second.send(modifyQuerySet(1, 2, add(0, "kv:get", "{\"key\":\"c\"}")));
        assertThat(second.nextTransition()
                        .get("modifications")
                        .get(0)
                        .get("value")
                        .isNull())
                .isTrue();
        assertThat(server.module.getExecutions.get()).isEqualTo(before);
    }

    // ------------------------------------------------------------ authentication (§2.8)

    @Test
    void authenticateUser_bumpsIdentity_andReRunsQueriesAsThatUser() {
        server = new SyncTestServer(engine(), SyncTestServer.UNVERIFIED_TOKENS);
        TestSocket c = server.connect().handshake();
        c.send(modifyQuerySet(1, 2, add(0, "kv:whoami", "{}")));
        assertThat(c.nextTransition().get("modifications").get(0).get("value").isNull())
                .isTrue();

        c.send(authenticate(0, "User", jwt("{\"iss\":\"https://issuer.example\",\"sub\":\"user-1\"}")));
        JsonNode t = c.nextTransition();

        assertThat(t.get("endVersion").get("identity").asInt()).isEqualTo(1);
        assertThat(t.get("modifications").get(0).get("value").asText()).isEqualTo("https://issuer.example|user-1");

        c.send(authenticate(1, "None", null));
        JsonNode loggedOut = c.nextTransition();
        assertThat(loggedOut.get("endVersion").get("identity").asInt()).isEqualTo(2);
        assertThat(loggedOut.get("modifications").get(0).get("value").isNull()).isTrue();
    }

    @Test
    void authenticateWithUnparsableToken_sendsAuthErrorAndCloses() throws Exception {
        server = new SyncTestServer(engine(), SyncTestServer.UNVERIFIED_TOKENS);
        TestSocket c = server.connect().handshake();

        c.send(authenticate(0, "User", "not-a-jwt"));
        JsonNode error = c.next("AuthError");

        assertThat(error.get("error").asText()).startsWith("Could not parse JWT payload");
        assertThat(error.get("baseVersion").asInt()).isZero();
        assertThat(error.get("authUpdateAttempted").asBoolean()).isTrue();
        assertThat(c.closed().get(10, TimeUnit.SECONDS)).as("no status code").isEqualTo(1005);
    }

    @Test
    void userTokenThatExpiresMidSession_endsItWithAuthErrorNotAttempted() throws Exception {
        ManualSyncClock clock = new ManualSyncClock();
        server = new SyncTestServer(
                engine(), b -> SyncTestServer.UNVERIFIED_TOKENS.apply(b).clock(clock));
        TestSocket c = server.connect().handshake();
        long exp = clock.millis() / 1000 + 2;

        c.send(authenticate(0, "User", jwt("{\"iss\":\"i\",\"sub\":\"u\",\"exp\":" + exp + "}")));
        assertThat(c.nextTransition().get("endVersion").get("identity").asInt()).isEqualTo(1);
        clock.advance(Duration.ofMillis(exp * 1000 - clock.millis() - 1));
        // still valid a millisecond before exp: the session answers the next request normally
        c.send(modifyQuerySet(1, 2));
        assertThat(c.nextTransition().get("endVersion").get("querySet").asInt()).isEqualTo(2);
        clock.advance(Duration.ofMillis(1));
        JsonNode expired = c.next("AuthError");

        assertThat(expired.get("error").asText()).isEqualTo("Convex token identity expired");
        assertThat(expired.get("authUpdateAttempted").asBoolean()).isFalse();
        assertThat(c.closed().get(10, TimeUnit.SECONDS)).as("no status code").isEqualTo(1005);
    }

    @Test
    void authenticateAdmin_acceptsOnlyTheDeploymentsKey() throws Exception {
        TestSocket admin = server().connect().handshake();
        admin.send(authenticate(0, "Admin", SyncTestServer.ADMIN_KEY));
        assertThat(admin.nextTransition().get("endVersion").get("identity").asInt())
                .isEqualTo(1);

        TestSocket impostor = server().connect().handshake();
        impostor.send(authenticate(0, "Admin", "jconvex|wrong"));
        assertThat(impostor.next("AuthError").get("error").asText())
                .isEqualTo("The provided admin key was invalid for this instance");
        assertThat(impostor.closed().get(10, TimeUnit.SECONDS))
                .as("no status code")
                .isEqualTo(1005);
    }

    // ------------------------------------------------------------ protocol errors (§2.5, §2.10)

    @Test
    void modifyQuerySetWithWrongBaseVersion_isAFatalErrorAndCloses() throws Exception {
        TestSocket c = server().connect().handshake();

        c.send(modifyQuerySet(5, 6));
        JsonNode fatal = c.next("FatalError");

        assertThat(fatal.get("error").asText())
                .isEqualTo("Base version 5 passed up doesn't match the current version 1");
        assertThat(c.closed().get(10, TimeUnit.SECONDS)).as("no status code").isEqualTo(1005);
    }

    @Test
    void malformedJson_isAFatalError() {
        TestSocket c = server().connect();

        c.send("{not json");

        assertThat(c.next("FatalError").get("error").asText()).startsWith("Received Invalid JSON on websocket: ");
    }

    @Test
    void unparsableFunctionPath_isAFatalError() {
        TestSocket c = server().connect().handshake();

        c.send(mutation(0, "/abs:x", "{}"));

        assertThat(c.next("FatalError").get("error").asText()).startsWith("Received Invalid JSON on websocket: ");
    }

    @Test
    void addingAQueryIdTwice_closesWithInternalError() throws Exception {
        TestSocket c = server().connect().handshake();

        c.send(modifyQuerySet(1, 2, add(0, "kv:get", "{\"key\":\"a\"}"), add(0, "kv:get", "{\"key\":\"b\"}")));

        assertThat(c.closed().get(10, TimeUnit.SECONDS)).isEqualTo(1011);
    }

    // ------------------------------------------------------------ heartbeat (§2.9)

    @Test
    void idleConnection_receivesAPingOncePingIntervalPassesWithNothingSent() {
        ManualSyncClock clock = new ManualSyncClock();
        server = new SyncTestServer(
                engine(), b -> b.pingInterval(Duration.ofSeconds(15)).clock(clock));
        TestSocket c = server.connect().handshake();

        clock.advance(Duration.ofSeconds(15).minusMillis(1));
        // no Ping yet: the next message is the answer to this request, not a Ping before it
        c.send(modifyQuerySet(1, 2));
        assertThat(c.nextTransition().get("endVersion").get("querySet").asInt()).isEqualTo(2);
        // that Transition restarted the interval
        clock.advance(Duration.ofSeconds(15));
        assertThat(c.next("Ping").toString()).isEqualTo("{\"type\":\"Ping\"}");
        clock.advance(Duration.ofSeconds(15));
        assertThat(c.next("Ping").toString()).isEqualTo("{\"type\":\"Ping\"}");
    }

    @Test
    void silentClient_staysConnectedPastTheIdleTimeout_becauseThePingsKeepTheSocketBusy() {
        server = new SyncTestServer(
                engine(), b -> b.pingInterval(Duration.ofMillis(200)).idleTimeout(Duration.ofMillis(800)));
        TestSocket c = server.connect().handshake();

        for (int i = 0; i < 12; i++) { // about 2.4 s of pings, three idle timeouts, nothing sent by the client
            assertThat(c.next("Ping")).isNotNull();
        }
        assertThat(c.closed()).isNotDone();
        c.send(modifyQuerySet(1, 2, add(0, "kv:get", "{\"key\":\"a\"}")));
        JsonNode next = c.next();
        while (next.get("type").asText().equals("Ping")) {
            next = c.next();
        }
        c.checkVersion(next);
        assertThat(next.get("endVersion").get("querySet").asInt()).isEqualTo(2);
    }

    // ------------------------------------------------------------ chunks (§2.12)

    @Test
    void largeTransition_isSentInChunksThatReassembleIntoIt() {
        server = new SyncTestServer(engine(), b -> b.transitionChunkBytes(4096));
        TestSocket c = server.connect().handshake();

        c.send(modifyQuerySet(1, 2, add(0, "kv:big", "{\"size\":5000}")));
        StringBuilder whole = new StringBuilder();
        JsonNode chunk;
        int part = 0;
        do {
            chunk = c.next("TransitionChunk");
            assertThat(chunk.get("partNumber").asInt()).isEqualTo(part++);
            assertThat(chunk.get("chunk").asText().getBytes(StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(4096);
            whole.append(chunk.get("chunk").asText());
        } while (chunk.get("partNumber").asInt() + 1 < chunk.get("totalParts").asInt());

        assertThat(part).isGreaterThan(1);
        assertThat(chunk.get("transitionId").asText())
                .isEqualTo(Integer.toString(whole.toString().getBytes(StandardCharsets.UTF_8).length));
        JsonNode transition = TestSocket.parse(whole.toString());
        c.checkVersion(transition);
        assertThat(transition.get("modifications").get(0).get("value").asText()).hasSize(5000);
    }

    @Test
    void largeTransition_toAClientOlderThan1_28_isSentWhole() {
        server = new SyncTestServer(engine(), b -> b.transitionChunkBytes(4096));
        TestSocket c = server.connect("/api/1.27.0/sync").handshake();

        c.send(modifyQuerySet(1, 2, add(0, "kv:big", "{\"size\":5000}")));

        assertThat(c.nextTransition().get("modifications").get(0).get("value").asText())
                .hasSize(5000);
    }

    // ------------------------------------------------------------ message size (§2.12)

    @Test
    void largeArguments_upToTheMessageLimit_areAccepted() {
        TestSocket c = server().connect().handshake();
        String big = "y".repeat(2 * 1024 * 1024);

        c.send(action(0, "kv:echo", "{\"x\":\"" + big + "\"}"));

        JsonNode echoed = c.next("ActionResponse");
        assertThat(echoed.get("success").asBoolean())
                .as("%s", echoed.get("result").asText().substring(0, 80))
                .isTrue();
        assertThat(echoed.get("result").asText()).hasSize(big.length());
    }

    @Test
    void messageOverTheLimit_closesTheSocket() {
        server = new SyncTestServer(engine(), b -> b.maxMessageBytes(64 * 1024));
        TestSocket c = server.connect().handshake();

        c.sendWithoutWaiting(mutation(0, "kv:set", "{\"key\":\"k\",\"value\":\"" + "z".repeat(100 * 1024) + "\"}"));

        await().atMost(Duration.ofSeconds(10)).until(() -> c.closed().isDone());
    }

    // ------------------------------------------------------------ slow clients

    @Test
    void clientThatStopsReading_isDisconnectedWith1013_whileOthersKeepReceivingEveryUpdate() throws Exception {
        server = new SyncTestServer(engine(), b -> b.outboundQueueBytes(1024 * 1024));
        TestSocket healthy = server.connect().handshake();
        healthy.send(modifyQuerySet(1, 2, add(0, "kv:get", "{\"key\":\"big\"}")));
        healthy.nextTransition();
        TestSocket stalled = server.connect().handshake();
        stalled.send(modifyQuerySet(1, 2, add(0, "kv:get", "{\"key\":\"big\"}")));
        stalled.nextTransition();
        stalled.stopReading();

        String padding = "x".repeat(50_000);
        int updates = 60; // 3 MB in all: more than the socket buffers and the 1 MiB queue hold
        for (int i = 0; i < updates; i++) {
            String value = i + padding;
            server.runtime.call(dev.jconvex.execution.FunctionCall.mutation(
                    "kv:set",
                    dev.jconvex.values.ConvexValue.obj(java.util.Map.of(
                            "key", dev.jconvex.values.ConvexValue.str("big"),
                            "value", dev.jconvex.values.ConvexValue.str(value)))));
            // The healthy client reads each update before the next commit, so only the stalled
            // client falls behind (a healthy client that lagged 1 MiB would be cut off too).
            String seen = null;
            while (!value.equals(seen)) {
                JsonNode t = healthy.nextTransition();
                for (JsonNode m : t.get("modifications")) {
                    seen = m.get("value").asText();
                }
            }
        }
        stalled.resumeReading();
        assertThat(stalled.closed().get(20, TimeUnit.SECONDS)).isEqualTo(1013);
    }

    // ------------------------------------------------------------ reconnect (§2.11)

    @Test
    void mutationReplayedOnANewSocket_isAnsweredFromItsFirstResultWithoutRunningAgain() {
        TestSocket first = server().connect().handshake();
        first.send(mutation(0, "kv:increment", "{\"key\":\"r\"}"));
        JsonNode original = first.next("MutationResponse");
        first.abort();

        TestSocket second = TestSocket.open(server.uri("/api/1.48.0/sync"));
        second.send(connectAs(second, first.sessionId, 1));
        second.send(modifyQuerySet(0, 1, add(0, "kv:get", "{\"key\":\"r\"}")));
        assertThat(second.nextTransition()
                        .get("modifications")
                        .get(0)
                        .get("value")
                        .asDouble())
                .isEqualTo(1.0);
        second.send(mutation(0, "kv:increment", "{\"key\":\"r\"}"));

        JsonNode replayed = second.next("MutationResponse");
        assertThat(replayed.get("result").asDouble()).isEqualTo(1.0);
        assertThat(replayed.get("ts")).isEqualTo(original.get("ts"));
        JsonNode t = second.nextTransition();
        assertThat(ts(t.get("endVersion").get("ts"))).isGreaterThanOrEqualTo(ts(original.get("ts")));
        second.abort();
    }

    @Test
    void newSocket_startsFromTheInitialVersion() {
        TestSocket first = server().connect().handshake();
        first.send(modifyQuerySet(1, 2, add(0, "kv:get", "{\"key\":\"a\"}")));
        first.nextTransition();
        first.abort();

        TestSocket second = server.connect();
        second.send(connectAs(second, first.sessionId, 1));
        second.send(modifyQuerySet(0, 1, add(0, "kv:get", "{\"key\":\"a\"}")));
        JsonNode t = second.nextTransition();

        assertThat(t.get("startVersion").get("querySet").asInt()).isZero();
        assertThat(t.get("endVersion").get("querySet").asInt()).isEqualTo(1);
        assertThat(t.get("modifications")).hasSize(1);
    }

    @Test
    void closedSocket_releasesItsSubscriptions() {
        TestSocket c = server().connect().handshake();
        c.send(modifyQuerySet(1, 2, add(0, "kv:get", "{\"key\":\"gone\"}")));
        c.nextTransition();
        c.closeNormally();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            int before = server.module.getExecutions.get();
            server.runtime.call(dev.jconvex.execution.FunctionCall.mutation(
                    "kv:set",
                    dev.jconvex.values.ConvexValue.obj(java.util.Map.of(
                            "key", dev.jconvex.values.ConvexValue.str("gone"),
                            "value", dev.jconvex.values.ConvexValue.float64(1)))));
            TestSocket probe = server.connect().handshake();
            probe.send(mutation(0, "kv:noop", "{}"));
            probe.next("MutationResponse");
            probe.nextTransition();
            probe.abort();
            assertThat(server.module.getExecutions.get()).isEqualTo(before);
        });
    }

    private static String connectAs(TestSocket socket, String sessionId, int connectionCount) {
        return socket.connect(connectionCount).put("sessionId", sessionId).toString();
    }

    private static String jwt(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".sig";
    }
}
