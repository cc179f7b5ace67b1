package dev.jconvex.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jconvex.protocol.Timestamp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A sync-protocol client over the JDK's WebSocket: sends JSON messages and takes the server's
 * messages in order. It checks the client's side of the version rule (wire-protocol §2.5) on every
 * Transition it takes: {@code startVersion} must equal the last {@code endVersion}, in all three
 * fields, exactly as the npm client checks it.
 */
final class TestSocket implements WebSocket.Listener {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    final String sessionId = UUID.randomUUID().toString();
    private final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;
    private volatile boolean reading = true;
    private JsonNode version =
            JSON.createObjectNode().put("querySet", 0).put("identity", 0).put("ts", Timestamp.ZERO.toWire());

    static TestSocket open(URI uri) {
        TestSocket listener = new TestSocket();
        listener.socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(uri, listener)
                .join();
        return listener;
    }

    /** Sends a message given as JSON text. */
    TestSocket send(String json) {
        socket.sendText(json, true).join();
        return this;
    }

    TestSocket send(JsonNode json) {
        return send(json.toString());
    }

    /**
     * Sends without waiting for the write: for a message the server may close the socket over while
     * it is still being written (the send then fails with "Output closed", which is the point).
     */
    void sendWithoutWaiting(JsonNode json) {
        socket.sendText(json.toString(), true);
    }

    /** {@code Connect} then the initial empty {@code ModifyQuerySet{0→1}}, as the npm client opens. */
    TestSocket handshake() {
        send(connect(0));
        send(modifyQuerySet(0, 1));
        JsonNode t = nextTransition();
        assertThat(t.get("endVersion").get("querySet").asInt()).isEqualTo(1);
        return this;
    }

    ObjectNode connect(int connectionCount) {
        ObjectNode c = JSON.createObjectNode()
                .put("type", "Connect")
                .put("sessionId", sessionId)
                .put("connectionCount", connectionCount)
                .put("clientTs", System.currentTimeMillis());
        c.put("lastCloseReason", connectionCount == 0 ? "InitialConnect" : "closed with code 1006");
        return c;
    }

    static ObjectNode modifyQuerySet(int base, int next, JsonNode... modifications) {
        ObjectNode m = JSON.createObjectNode()
                .put("type", "ModifyQuerySet")
                .put("baseVersion", base)
                .put("newVersion", next);
        var array = m.putArray("modifications");
        for (JsonNode mod : modifications) {
            array.add(mod);
        }
        return m;
    }

    static ObjectNode add(int queryId, String udfPath, String argsJson) {
        ObjectNode a = JSON.createObjectNode()
                .put("type", "Add")
                .put("queryId", queryId)
                .put("udfPath", udfPath);
        a.putArray("args").add(parse(argsJson));
        return a;
    }

    static ObjectNode remove(int queryId) {
        return JSON.createObjectNode().put("type", "Remove").put("queryId", queryId);
    }

    static ObjectNode mutation(int requestId, String udfPath, String argsJson) {
        ObjectNode m = JSON.createObjectNode()
                .put("type", "Mutation")
                .put("requestId", requestId)
                .put("udfPath", udfPath);
        m.putArray("args").add(parse(argsJson));
        return m;
    }

    static ObjectNode action(int requestId, String udfPath, String argsJson) {
        ObjectNode m = mutation(requestId, udfPath, argsJson);
        m.put("type", "Action");
        return m;
    }

    static ObjectNode authenticate(int baseVersion, String tokenType, String value) {
        ObjectNode a = JSON.createObjectNode()
                .put("type", "Authenticate")
                .put("baseVersion", baseVersion)
                .put("tokenType", tokenType);
        if (value != null) {
            a.put("value", value);
        }
        return a;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    /** The next server message, whatever it is; fails after the timeout. */
    JsonNode next() {
        try {
            JsonNode m = messages.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(m).as("a server message within %s", TIMEOUT).isNotNull();
            return m;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next message, which must be of {@code type}. */
    JsonNode next(String type) {
        JsonNode m = next();
        assertThat(m.get("type").asText()).as("type of %s", m).isEqualTo(type);
        if (type.equals("Transition")) {
            checkVersion(m);
        }
        return m;
    }

    JsonNode nextTransition() {
        return next("Transition");
    }

    /**
     * What the npm client sees until mutation {@code requestId} resolves (§2.7): its response, then
     * the first Transition after it whose {@code endVersion.ts} reaches the response's {@code ts}.
     *
     * @param response the MutationResponse
     * @param transitions every Transition taken meanwhile, the resolving one last
     */
    record Resolution(JsonNode response, List<JsonNode> transitions) {
        /** The last value any of the transitions delivered for {@code queryId}, if any. */
        JsonNode lastValue(int queryId) {
            JsonNode value = null;
            for (JsonNode t : transitions) {
                for (JsonNode m : t.get("modifications")) {
                    if (m.get("queryId").asInt() == queryId
                            && m.get("type").asText().equals("QueryUpdated")) {
                        value = m.get("value");
                    }
                }
            }
            return value;
        }
    }

    Resolution awaitMutation(int requestId) {
        JsonNode response = null;
        List<JsonNode> transitions = new ArrayList<>();
        while (true) {
            JsonNode m = next();
            switch (m.get("type").asText()) {
                case "Transition" -> {
                    checkVersion(m);
                    transitions.add(m);
                    if (response != null && ts(m.get("endVersion").get("ts")) >= ts(response.get("ts"))) {
                        return new Resolution(response, transitions);
                    }
                }
                case "MutationResponse" -> {
                    if (m.get("requestId").asInt() == requestId) {
                        response = m;
                        if (!m.get("success").asBoolean()) {
                            return new Resolution(response, transitions);
                        }
                    }
                }
                default -> throw new AssertionError("unexpected message while awaiting a mutation: " + m);
            }
        }
    }

    /** Applies the npm client's start-version check and adopts the end version. */
    void checkVersion(JsonNode transition) {
        assertThat(transition.get("startVersion"))
                .as("startVersion of %s", transition)
                .isEqualTo(version);
        version = transition.get("endVersion");
    }

    /** The last adopted {@code endVersion}. */
    JsonNode version() {
        return version;
    }

    /** Messages already received and not taken. */
    int pending() {
        return messages.size();
    }

    /** Completes with the close code the server sent (1005 when the close frame had none). */
    CompletableFuture<Integer> closed() {
        return closeCode;
    }

    void closeNormally() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    void abort() {
        socket.abort();
    }

    static long ts(JsonNode wire) {
        return Timestamp.fromWire(wire.asText()).nanos();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    /** Stops asking for messages, like a client whose event loop is stuck: the server's writes back up. */
    void stopReading() {
        reading = false;
    }

    /** Reads again, discarding what arrives, until the socket closes. */
    void resumeReading() {
        messages.clear();
        socket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            if (reading) {
                messages.add(parse(partial.toString()));
            }
            partial.setLength(0);
        }
        if (reading) {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
    }
}
