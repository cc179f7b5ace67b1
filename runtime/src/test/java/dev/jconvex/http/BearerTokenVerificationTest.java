package dev.jconvex.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.jconvex.auth.AuthConfig;
import dev.jconvex.auth.AuthProvider;
import dev.jconvex.auth.OidcTestProvider;
import dev.jconvex.auth.TestKeys;
import dev.jconvex.server.JconvexServer;
import dev.jconvex.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 7, over HTTP: bearer tokens become identities only when they verify against the
 * deployment's auth providers, with Convex's status, code and text otherwise. Real RS256 (an OIDC
 * provider found by discovery) and ES256 (a custom JWT provider with a JWKS file) tokens.
 */
class BearerTokenVerificationTest {

    static final String APP = "convex";
    static final String CUSTOM_ISSUER = "https://api.example.com";
    static final String WHOAMI = "{\"path\":\"probe:whoami\",\"args\":{},\"format\":\"json\"}";
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    static OidcTestProvider oidc;
    static JconvexServer server;

    @TempDir
    static Path keys;

    @BeforeAll
    static void start() {
        oidc = new OidcTestProvider();
        AuthConfig auth = AuthConfig.none()
                .plus(List.of(
                        new AuthProvider.Oidc(oidc.issuer(), APP, Optional.empty()),
                        new AuthProvider.CustomJwt(
                                CUSTOM_ISSUER,
                                Optional.of("my-app"),
                                TestKeys.writeJwks(keys).toString(),
                                "ES256")));
        server = JconvexServer.start(
                ServerConfig.builder().port(0).inMemory().auth(auth).build(),
                JconvexServer.Extensions.none().withModules(new ProbeModule()));
    }

    @AfterAll
    static void stop() {
        server.close();
        oidc.close();
    }

    static HttpResponse<String> whoami(String token) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/api/query"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(WHOAMI))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    static void assertRefused(HttpResponse<String> response, String code, String message) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(json(response).get("code").asText()).isEqualTo(code);
        assertThat(json(response).get("message").asText()).isEqualTo(message);
    }

    static JWTClaimsSet.Builder expired(JWTClaimsSet.Builder claims) {
        return claims.expirationTime(Date.from(Instant.now().minusSeconds(60)));
    }

    static String providers() {
        return "No auth provider found matching the given token. Check that your JWT's issuer and audience match"
                + " one of your configured providers: [OIDC(domain=" + oidc.issuer() + ", app_id=convex),"
                + " CustomJWT(issuer=https://api.example.com, app_id=my-app)]";
    }

    @Nested
    class OidcProviderWithRs256 {

        JWTClaimsSet.Builder claims() {
            return TestKeys.claims(oidc.issuer(), APP, "user-1").claim("email", "a@b.c");
        }

        @Test
        void validToken_becomesTheIdentity() throws Exception {
            HttpResponse<String> response = whoami(TestKeys.sign(TestKeys.RSA, claims().build()));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode value = json(response).get("value");
            assertThat(value.get("tokenIdentifier").asText()).isEqualTo(oidc.issuer() + "|user-1");
            assertThat(value.get("subject").asText()).isEqualTo("user-1");
            assertThat(value.get("email").asText()).isEqualTo("a@b.c");
        }

        @Test
        void expiredToken_is401Unauthenticated() throws Exception {
            assertRefused(
                    whoami(TestKeys.sign(TestKeys.RSA, expired(claims()).build())),
                    "Unauthenticated",
                    "Could not verify OIDC token claim. Check that the token signature is valid and the token hasn't expired.");
        }

        @Test
        void tokenSignedByAnotherKey_is401Unauthenticated() throws Exception {
            assertRefused(
                    whoami(TestKeys.sign(TestKeys.RSA_IMPOSTOR, claims().build())),
                    "Unauthenticated",
                    "Could not verify OIDC token claim. Check that the token signature is valid and the token hasn't expired.");
        }

        @Test
        void unsignedToken_is401Unauthenticated() throws Exception {
            assertRefused(
                    whoami(TestKeys.unsigned(claims().build())),
                    "Unauthenticated",
                    "Could not verify OIDC token claim. Check that the token signature is valid and the token hasn't expired.");
        }

        @Test
        void wrongIssuer_is401NoAuthProvider() throws Exception {
            assertRefused(
                    whoami(TestKeys.sign(
                            TestKeys.RSA,
                            claims().issuer("https://evil.example").build())),
                    "NoAuthProvider",
                    providers());
        }

        @Test
        void wrongAudience_is401NoAuthProvider() throws Exception {
            assertRefused(
                    whoami(TestKeys.sign(
                            TestKeys.RSA, claims().audience("other").build())),
                    "NoAuthProvider",
                    providers());
        }
    }

    @Nested
    class CustomJwtProviderWithEs256 {

        JWTClaimsSet.Builder claims() {
            return TestKeys.claims(CUSTOM_ISSUER, "my-app", "user-2");
        }

        @Test
        void validToken_becomesTheIdentity() throws Exception {
            HttpResponse<String> response = whoami(TestKeys.sign(TestKeys.EC, claims().build()));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(json(response).get("value").get("tokenIdentifier").asText())
                    .isEqualTo(CUSTOM_ISSUER + "|user-2");
        }

        @Test
        void expiredToken_is401CouldNotValidate() throws Exception {
            assertRefused(
                    whoami(TestKeys.sign(TestKeys.EC, expired(claims()).build())),
                    "InvalidAuthHeader",
                    "Could not validate token");
        }

        @Test
        void tokenNotYetValid_is401CouldNotValidate() throws Exception {
            assertRefused(
                    whoami(TestKeys.sign(
                            TestKeys.EC,
                            claims().notBeforeTime(Date.from(Instant.now().plusSeconds(600)))
                                    .build())),
                    "InvalidAuthHeader",
                    "Could not validate token");
        }

        @Test
        void tokenSignedByAnotherKey_is401CouldNotDecode() throws Exception {
            assertRefused(
                    whoami(TestKeys.sign(TestKeys.EC_IMPOSTOR, claims().build())),
                    "InvalidAuthHeader",
                    "Could not decode token");
        }

        @Test
        void tokenSignedWithAnotherAlgorithm_is401CouldNotDecode() throws Exception {
            assertRefused(
                    whoami(TestKeys.sign(TestKeys.RSA, claims().build())),
                    "InvalidAuthHeader",
                    "Could not decode token");
        }

        @Test
        void unsignedToken_is401CouldNotDecode() throws Exception {
            assertRefused(whoami(TestKeys.unsigned(claims().build())), "InvalidAuthHeader", "Could not decode token");
        }

        @Test
        void wrongIssuer_is401NoAuthProvider() throws Exception {
            assertRefused(
                    whoami(TestKeys.sign(
                            TestKeys.EC, claims().issuer("https://evil.example").build())),
                    "NoAuthProvider",
                    providers());
        }

        @Test
        void wrongAudience_is401NoAuthProvider() throws Exception {
            assertRefused(
                    whoami(TestKeys.sign(
                            TestKeys.EC, claims().audience("not-my-app").build())),
                    "NoAuthProvider",
                    providers());
        }
    }

    @Test
    void tokenWithoutAudience_is401MissingAudience() throws Exception {
        assertRefused(
                whoami(TestKeys.sign(
                        TestKeys.EC, TestKeys.claims(CUSTOM_ISSUER, null, "u").build())),
                "InvalidAuthHeader",
                "Missing audience in JWT payload");
    }

    @Test
    void notAJwt_is401CouldNotParse() throws Exception {
        assertRefused(
                whoami("not-a-jwt"),
                "InvalidAuthHeader",
                "Could not parse JWT payload. Check that the token is a valid JWT format with three base64-encoded parts separated by dots.");
    }
}
