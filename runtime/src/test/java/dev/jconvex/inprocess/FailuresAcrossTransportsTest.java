package dev.jconvex.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jconvex.embedded.EmbeddedOutcome;
import dev.jconvex.execution.ConvexModule;
import dev.jconvex.execution.FunctionCall;
import dev.jconvex.http.internal.HttpApi;
import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.server.Jconvex;
import dev.jconvex.server.internal.RuntimeAccess;
import dev.jconvex.sync.SyncConfig;
import dev.jconvex.sync.internal.SyncEndpoint;
import dev.jconvex.sync.internal.SyncProtocol;
import dev.jconvex.values.ConvexJson;
import dev.jconvex.values.ConvexValue;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The same failure reaches the three transports (HTTP, WebSocket, embedded) in Convex's form, since
 * all three answer through {@link dev.jconvex.execution.internal.SystemErrors}: a function's own failure as
 * Convex's failed envelope, a system error as the status, close frame or rejection Convex gives it.
 */
class FailuresAcrossTransportsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OCC_MESSAGE = "Documents read from or written to the \"counters\" table changed while"
            + " this mutation was being run and on every subsequent retry. See https://docs.convex.dev/error#1";
    private static final String INTERNAL_MESSAGE = "Your request couldn't be completed. Try again later.";
    private static final String REQUEST_ID = "\\[Request ID: [^]]+] Server Error\n";

    private final FailuresModule module = new FailuresModule();
    private final HttpClient http = HttpClient.newHttpClient();
    private InProcessRuntime embedded;
    private Jconvex runtime;
    private Undertow undertow;
    private SyncProtocol sync;
    private int port;

    @BeforeEach
    void start() {
        // two attempts without the exclusive last one, so that a conflict on every attempt is an OCC failure
        embedded = InProcessRuntime.start(
                List.of(module),
                modules -> RuntimeAccess.seam(
                        runtime = Jconvex.builder()
                                .inMemory()
                                .discoverModules(false)
                                .module(modules.toArray(ConvexModule[]::new))
                                .databaseConfig(c -> c.occMaxRetries(1)
                                        .exclusiveLastAttempt(false)
                                        .occBackoff(Duration.ofMillis(1), Duration.ofMillis(1)))
                                .build()));
        sync = SyncProtocol.of(RuntimeAccess.seam(runtime), SyncConfig.defaults());
        HttpHandler api = HttpApi.builder()
                .functions(RuntimeAccess.seam(runtime))
                .adminKey(key -> false)
                .sync(SyncEndpoint.handler(sync))
                .build();
        undertow = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setHandler(api)
                .build();
        undertow.start();
        port = ((InetSocketAddress) undertow.getListenerInfo().getFirst().getAddress()).getPort();
    }

    @AfterEach
    void stop() {
        undertow.stop();
        sync.close();
        embedded.close();
    }

    // ---------------------------------------------------------------- a function's own failures

    @Test
    void argumentValidation_isAFailedEnvelope_onEveryTransport() throws Exception {
        String expected = REQUEST_ID + "ArgumentValidationError: Value does not match validator.\n"
                + "Path: .n\nValue: \"x\"\nValidator: v.float64\\(\\)\n";

        JsonNode httpBody =
                JSON.readTree(post("failures:typed", "{\"n\":\"x\"}").body());
        assertThat(httpBody.path("status").asText()).isEqualTo("error");
        assertThat(httpBody.path("errorMessage").asText()).matches(expected);

        Ws ws = mutateOverWebSocket("failures:typed", "[{\"n\":\"x\"}]");
        assertThat(ws.response().path("success").asBoolean(true)).isFalse();
        assertThat(ws.response().path("result").asText()).matches(expected);

        EmbeddedOutcome.Failure failure = (EmbeddedOutcome.Failure) callEmbedded("failures:typed", "{\"n\":\"x\"}");
        assertThat(failure.errorMessage()).matches(expected);
        assertThat(failure.errorData()).isEmpty();
    }

    @Test
    void convexErrorWithData_keepsItsData_onEveryTransport() throws Exception {
        String expected = REQUEST_ID + "Uncaught ConvexError: \\{\"code\":\"NOPE\",\"n\":1}\n";
        JsonNode data = JSON.readTree("{\"code\":\"NOPE\",\"n\":1.0}");

        JsonNode httpBody = JSON.readTree(post("failures:userError", "{}").body());
        assertThat(httpBody.path("errorMessage").asText()).matches(expected);
        assertThat(httpBody.path("errorData")).isEqualTo(data);

        Ws ws = mutateOverWebSocket("failures:userError", "[{}]");
        assertThat(ws.response().path("result").asText()).matches(expected);
        assertThat(ws.response().path("errorData")).isEqualTo(data);

        EmbeddedOutcome.Failure failure = (EmbeddedOutcome.Failure) callEmbedded("failures:userError", "{}");
        assertThat(failure.errorMessage()).matches(expected);
        assertThat(failure.errorData()).contains(ConvexJson.fromJson(data));
    }

    // ------------------------------------------- nested calls inside an embedded mutation

    @Test
    void idOfAnotherTable_failsTheSameWay_overHttp_andNestedInAnEmbeddedMutation() throws Exception {
        String otherId =
                ((ConvexValue.Str) ((EmbeddedOutcome.Success) callEmbedded("failures:addOther", "{}")).value()).value();
        String argsJson = "{\"id\":\"" + otherId + "\"}";
        String expected = "ArgumentValidationError: Found ID \"" + otherId + "\" from table `others`, which does not"
                + " match the table name in validator `v.id(\"counters\")`.Path: .id\n";

        JsonNode httpBody = JSON.readTree(post("failures:counterById", argsJson).body());
        assertThat(stripRequestId(httpBody.path("errorMessage").asText())).isEqualTo(expected);

        ConvexValue.Obj args = (ConvexValue.Obj) ConvexJson.fromJson(JSON.readTree(argsJson));
        EmbeddedOutcome nested = embedded.runInMutation(scope -> scope.mutation("failures:counterById", args))
                .get(10, TimeUnit.SECONDS);
        // thrown into the body as ctx.runMutation throws, and uncaught there
        assertThat(stripRequestId(((EmbeddedOutcome.Failure) nested).errorMessage()))
                .isEqualTo("Uncaught Error: " + expected);
    }

    @Test
    void returnValidatorFailure_isTheSame_overHttp_andNestedInAnEmbeddedMutation() throws Exception {
        String expected =
                "ReturnsValidationError: Value does not match validator.\n\nValue: 5.0\nValidator: v.string()\n";

        JsonNode httpBody = JSON.readTree(post("failures:badReturn", "{}").body());
        assertThat(stripRequestId(httpBody.path("errorMessage").asText())).isEqualTo(expected);

        EmbeddedOutcome nested = embedded.runInMutation(
                        scope -> scope.mutation("failures:badReturn", ConvexValue.emptyObj()))
                .get(10, TimeUnit.SECONDS);
        assertThat(stripRequestId(((EmbeddedOutcome.Failure) nested).errorMessage()))
                .isEqualTo("Uncaught Error: " + expected);
    }

    @Test
    void failedNestedMutation_inAnEmbeddedMutation_commitsNoneOfItsWrites() throws Exception {
        EmbeddedOutcome outcome = embedded.runInMutation(scope -> {
                    scope.mutation("failures:bump", ConvexValue.emptyObj());
                    return scope.mutation("failures:userError", ConvexValue.emptyObj());
                })
                .get(10, TimeUnit.SECONDS);
        assertThat(((EmbeddedOutcome.Failure) outcome).errorData())
                .contains(ConvexValue.obj(Map.of("code", ConvexValue.str("NOPE"), "n", ConvexValue.float64(1))));
        // the body failed, so the bump it made first is rolled back with the whole transaction
        EmbeddedOutcome counters = embedded.call(FunctionKind.QUERY, "failures:counters", ConvexValue.emptyObj())
                .get(10, TimeUnit.SECONDS);
        assertThat(((EmbeddedOutcome.Success) counters).value()).isEqualTo(ConvexValue.float64(0));
    }

    private static String stripRequestId(String message) {
        assertThat(message).containsPattern("^" + REQUEST_ID);
        return message.replaceFirst("^" + REQUEST_ID, "");
    }

    // ---------------------------------------------------------------- system errors

    @Test
    void occAfterTheLastRetry_isConvexsOccError_onEveryTransport() throws Exception {
        module.interference = () -> CompletableFuture.runAsync(
                        () -> runtime.call(FunctionCall.mutation("failures:bump", ConvexValue.obj(Map.of()))))
                .join();

        // HTTP: 503 with the code and the text naming the table (wire-protocol §1.3, values §8)
        HttpResponse<String> response = post("failures:conflict", "{}");
        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("code").asText()).isEqualTo("OptimisticConcurrencyControlFailure");
        assertThat(body.path("message").asText()).isEqualTo(OCC_MESSAGE);

        // WebSocket: no response; the socket closes with 1013 and the short code, and the client
        // sends the mutation again after reconnecting (wire-protocol §2.9, BE close_frame)
        Ws ws = mutateOverWebSocket("failures:conflict", "[{}]");
        assertThat(ws.closeCode()).isEqualTo(1013);
        assertThat(ws.closeReason()).isEqualTo("OptimisticConcurrencyControlFailure");

        // embedded: HTTP's answer, rejected with 503
        assertThat(callEmbedded("failures:conflict", "{}"))
                .isEqualTo(new EmbeddedOutcome.Rejected(503, "OptimisticConcurrencyControlFailure", OCC_MESSAGE));
    }

    @Test
    void internalError_isConvexsInternalServerError_onEveryTransport() throws Exception {
        HttpResponse<String> response = post("failures:internal", "{}");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(response.body()))
                .isEqualTo(JSON.createObjectNode()
                        .put("code", "InternalServerError")
                        .put("message", INTERNAL_MESSAGE));

        // WebSocket: the call is answered (see SystemErrors' design note), the socket stays open
        Ws ws = mutateOverWebSocket("failures:internal", "[{}]");
        assertThat(ws.response().path("success").asBoolean(true)).isFalse();
        assertThat(ws.response().path("result").asText())
                .matches(
                        REQUEST_ID + "InternalServerError: Your request couldn't be completed\\. Try again later\\.\n");
        assertThat(ws.response().has("errorData")).isFalse();

        assertThat(callEmbedded("failures:internal", "{}"))
                .isEqualTo(new EmbeddedOutcome.Rejected(500, "InternalServerError", INTERNAL_MESSAGE));
    }

    // ---------------------------------------------------------------- the three transports

    private HttpResponse<String> post(String path, String argsJson) throws Exception {
        String body = "{\"path\":\"" + path + "\",\"args\":" + argsJson + ",\"format\":\"json\"}";
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/mutation"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private EmbeddedOutcome callEmbedded(String path, String argsJson) throws Exception {
        ConvexValue.Obj args = (ConvexValue.Obj) ConvexJson.fromJson(JSON.readTree(argsJson));
        return embedded.call(FunctionKind.MUTATION, path, args).get(10, TimeUnit.SECONDS);
    }

    /** What a WebSocket mutation ended with: its {@code MutationResponse}, or the socket's close. */
    private record Ws(JsonNode response, int closeCode, String closeReason) {}

    private Ws mutateOverWebSocket(String path, String argsJson) throws Exception {
        CompletableFuture<Ws> ended = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    try {
                        JsonNode message = JSON.readTree(text.toString());
                        if (message.path("type").asText().equals("MutationResponse")) {
                            ended.complete(new Ws(message, -1, ""));
                        }
                    } catch (Exception e) {
                        ended.completeExceptionally(e);
                    }
                    text.setLength(0);
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                ended.complete(new Ws(JSON.nullNode(), code, reason));
                return null;
            }
        };
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/1.48.0/sync"), listener)
                .get(10, TimeUnit.SECONDS);
        ObjectNode connect = JSON.createObjectNode()
                .put("type", "Connect")
                .put("sessionId", UUID.randomUUID().toString())
                .put("connectionCount", 0)
                .put("lastCloseReason", "InitialConnect");
        ObjectNode mutation = JSON.createObjectNode()
                .put("type", "Mutation")
                .put("requestId", 0)
                .put("udfPath", path);
        mutation.set("args", JSON.readTree(argsJson));
        socket.sendText(connect.toString(), true).get(10, TimeUnit.SECONDS);
        socket.sendText(mutation.toString(), true).get(10, TimeUnit.SECONDS);
        try {
            return ended.get(10, TimeUnit.SECONDS);
        } finally {
            socket.abort();
        }
    }
}
