package dev.jconvex.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jconvex.auth.AuthConfig;
import dev.jconvex.server.AdminKey;
import dev.jconvex.server.JconvexServer;
import dev.jconvex.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real jconvex server on port 0 with a probe module: identity from credentials, log lines,
 * internal functions, graceful shutdown, a taken port and the persisted admin key.
 */
class HttpServerTest {

    final HttpClient client = HttpClient.newHttpClient();
    final ProbeModule probe = new ProbeModule();
    JconvexServer server;

    @AfterEach
    void stop() {
        probe.release.countDown();
        if (server != null) {
            server.close();
        }
    }

    JconvexServer start() {
        server = JconvexServer.start(
                ServerConfig.inMemoryOnFreePort(),
                JconvexServer.Extensions.none().withModules(probe));
        return server;
    }

    /** A server that takes tokens' claims unverified: the explicit development opt-in. */
    JconvexServer startAcceptingUnverifiedTokens() {
        server = JconvexServer.start(
                ServerConfig.builder()
                        .port(0)
                        .inMemory()
                        .auth(AuthConfig.none().withUnverifiedTokens(true))
                        .build(),
                JconvexServer.Extensions.none().withModules(probe));
        return server;
    }

    HttpResponse<String> post(String route, String body, String authorization) throws Exception {
        return client.send(request(route, body, authorization), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest request(String route, String body, String authorization) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server.url() + route))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder.build();
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    static String jwt(String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".sig";
    }

    static final String WHOAMI = "{\"path\":\"probe:whoami\",\"args\":{},\"format\":\"json\"}";

    @Test
    void bearerJwt_withUnverifiedTokensAccepted_reachesFunctionsAsTheTokensClaims() throws Exception {
        startAcceptingUnverifiedTokens();
        String token = jwt("{\"iss\":\"https://auth.example\",\"sub\":\"user-1\",\"email\":\"a@b.c\"}");
        JsonNode value = json(post("/api/query", WHOAMI, "Bearer " + token)).get("value");
        assertThat(value.get("tokenIdentifier").asText()).isEqualTo("https://auth.example|user-1");
        assertThat(value.get("subject").asText()).isEqualTo("user-1");
        assertThat(value.get("issuer").asText()).isEqualTo("https://auth.example");
        assertThat(value.get("email").asText()).isEqualTo("a@b.c");
    }

    @Test
    void bearerJwt_withoutAuthProviders_is401NoAuthProvider_evenWhenSigned() throws Exception {
        start();
        for (String token : new String[] {
            jwt("{\"iss\":\"https://auth.example\",\"sub\":\"user-1\",\"aud\":\"convex\"}"),
            dev.jconvex.auth.TestKeys.sign(
                    dev.jconvex.auth.TestKeys.RSA,
                    dev.jconvex.auth.TestKeys.claims("https://auth.example", "convex", "user-1")
                            .build())
        }) {
            HttpResponse<String> response = post("/api/query", WHOAMI, "Bearer " + token);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(json(response).get("code").asText()).isEqualTo("NoAuthProvider");
            assertThat(json(response).get("message").asText())
                    .isEqualTo("No auth provider found matching the given token (no providers configured)."
                            + " Check convex/auth.config.ts.");
        }
    }

    @Test
    void anonymousCaller_hasNoIdentity() throws Exception {
        start();
        assertThat(json(post("/api/query", WHOAMI, null)).get("value").isNull()).isTrue();
    }

    @Test
    void expiredJwt_is401InvalidAuthHeader() throws Exception {
        startAcceptingUnverifiedTokens();
        long past = Instant.now().minusSeconds(60).getEpochSecond();
        HttpResponse<String> response =
                post("/api/query", WHOAMI, "Bearer " + jwt("{\"iss\":\"i\",\"sub\":\"s\",\"exp\":" + past + "}"));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).get("code").asText()).isEqualTo("InvalidAuthHeader");
    }

    @Test
    void jwtWithoutSubject_is401InvalidAuthHeader() throws Exception {
        startAcceptingUnverifiedTokens();
        HttpResponse<String> response = post("/api/query", WHOAMI, "Bearer " + jwt("{\"iss\":\"i\"}"));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).get("code").asText()).isEqualTo("InvalidAuthHeader");
    }

    @Test
    void adminActingAsUser_reachesFunctionsAsThatUser() throws Exception {
        start();
        String identity = Base64.getEncoder()
                .encodeToString("{\"issuer\":\"https://i\",\"subject\":\"u2\",\"name\":\"Ann\"}"
                        .getBytes(StandardCharsets.UTF_8));
        JsonNode value = json(post(
                        "/api/query", WHOAMI, "Convex " + server.adminKey().value() + ":" + identity))
                .get("value");
        assertThat(value.get("tokenIdentifier").asText()).isEqualTo("https://i|u2");
        assertThat(value.get("name").asText()).isEqualTo("Ann");
    }

    @Test
    void internalFunction_isHiddenFromThepublic_butRunsForTheAdmin() throws Exception {
        start();
        String body = "{\"path\":\"probe:secret\",\"args\":{}}";
        assertThat(json(post("/api/query", body, null)).get("errorMessage").asText())
                .endsWith("Server Error\nCould not find public function for 'probe:secret'.\n");
        assertThat(json(post(
                                "/api/function",
                                body,
                                "Convex " + server.adminKey().value()))
                        .get("value")
                        .asText())
                .isEqualTo("s");
    }

    @Test
    void floats_leaveTheServerInSerdeJsonText_inEveryFormat() throws Exception {
        start();
        String args = "{\"t\":1.7963932715943892E12,\"whole\":10,\"big\":1e21,\"tiny\":0.0000001}";
        String expected = "{\"big\":1e21,\"t\":1796393271594.3892,\"tiny\":1e-7,\"whole\":10.0}";
        for (String format : new String[] {"json", "convex_encoded_json", "export_json"}) {
            HttpResponse<String> response = post(
                    "/api/query",
                    "{\"path\":\"probe:echo\",\"args\":" + args + ",\"format\":\"" + format + "\"}",
                    null);
            assertThat(response.body()).contains("\"value\":" + expected);
        }
    }

    @Test
    void logLines_areReturnedInConvexFormat() throws Exception {
        start();
        JsonNode envelope = json(post("/api/query", "{\"path\":\"probe:logs\",\"args\":{}}", null));
        assertThat(envelope.get("status").asText()).isEqualTo("success");
        assertThat(envelope.get("logLines").toString()).isEqualTo("[\"[LOG] 'hello' 3\",\"[WARN] 'careful'\"]");
    }

    @Test
    void close_drainsInFlightRequests_beforeStopping() throws Exception {
        start();
        CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                request("/api/action", "{\"path\":\"probe:wait\",\"args\":{}}", null),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).untilTrue(probe.waiting);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        probe.release.countDown();
        HttpResponse<String> response = inFlight.get();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("value").asText()).isEqualTo("done");
        closing.get();
    }

    @Test
    void takenPort_failsWithAClearMessage() {
        start();
        assertThatThrownBy(() -> JconvexServer.start(
                        ServerConfig.builder().port(server.port()).inMemory().build()))
                .isInstanceOf(JconvexServer.PortInUseException.class)
                .hasMessageContaining("port " + server.port())
                .hasMessageContaining("already in use");
    }

    @Test
    void adminKey_isGeneratedOnce_andKeptInTheDataDirectory(@TempDir Path dataDirectory) throws Exception {
        String first;
        try (JconvexServer one = JconvexServer.start(
                ServerConfig.builder().port(0).dataDirectory(dataDirectory).build())) {
            first = one.adminKey().value();
        }
        assertThat(Files.readString(dataDirectory.resolve(AdminKey.FILE_NAME)).strip())
                .isEqualTo(first);
        try (JconvexServer two = JconvexServer.start(
                ServerConfig.builder().port(0).dataDirectory(dataDirectory).build())) {
            assertThat(two.adminKey().value()).isEqualTo(first);
            assertThat(first).startsWith("jconvex|").hasSize("jconvex|".length() + 64);
        }
    }

    @Test
    void siteUrl_defaultsToTheNextPort_soLocalOnlyFunctionsRun() {
        start();
        assertThat(server.runtime().environment())
                .containsEntry("CONVEX_SITE_URL", "http://127.0.0.1:" + (server.port() + 1));
    }
}
