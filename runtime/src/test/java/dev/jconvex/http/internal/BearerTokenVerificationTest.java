package dev.jconvex.http.internal;

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

    static JWTClaimsSet.Builder oidcClaims() {
        return TestKeys.claims(oidc.issuer(), APP, "user-1").claim("email", "a@b.c");
    }

    @Test
    void oidcRs256_validToken_becomesTheIdentity() throws Exception {
        HttpResponse<String> response =
                whoami(TestKeys.sign(TestKeys.RSA, oidcClaims().build()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode value = json(response).get("value");
        assertThat(value.get("tokenIdentifier").asText()).isEqualTo(oidc.issuer() + "|user-1");
        assertThat(value.get("subject").asText()).isEqualTo("user-1");
        assertThat(value.get("email").asText()).isEqualTo("a@b.c");
    }

    @Test
    void oidcRs256_expiredToken_is401Unauthenticated() throws Exception {
        assertRefused(
                whoami(TestKeys.sign(TestKeys.RSA, expired(oidcClaims()).build())),
                "Unauthenticated",
                "Could not verify OIDC token claim. Check that the token signature is valid and the token hasn't expired.");
    }

    @Test
    void oidcRs256_tokenSignedByAnotherKey_is401Unauthenticated() throws Exception {
        assertRefused(
                whoami(TestKeys.sign(TestKeys.RSA_IMPOSTOR, oidcClaims().build())),
                "Unauthenticated",
                "Could not verify OIDC token claim. Check that the token signature is valid and the token hasn't expired.");
    }

    @Test
    void oidcRs256_unsignedToken_is401Unauthenticated() throws Exception {
        assertRefused(
                whoami(TestKeys.unsigned(oidcClaims().build())),
                "Unauthenticated",
                "Could not verify OIDC token claim. Check that the token signature is valid and the token hasn't expired.");
    }

    @Test
    void oidcRs256_wrongIssuer_is401NoAuthProvider() throws Exception {
        assertRefused(
                whoami(TestKeys.sign(
                        TestKeys.RSA,
                        oidcClaims().issuer("https://evil.example").build())),
                "NoAuthProvider",
                providers());
    }

    @Test
    void oidcRs256_wrongAudience_is401NoAuthProvider() throws Exception {
        assertRefused(
                whoami(TestKeys.sign(
                        TestKeys.RSA, oidcClaims().audience("other").build())),
                "NoAuthProvider",
                providers());
    }

    static JWTClaimsSet.Builder customClaims() {
        return TestKeys.claims(CUSTOM_ISSUER, "my-app", "user-2");
    }

    @Test
    void customEs256_validToken_becomesTheIdentity() throws Exception {
        HttpResponse<String> response =
                whoami(TestKeys.sign(TestKeys.EC, customClaims().build()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("value").get("tokenIdentifier").asText()).isEqualTo(CUSTOM_ISSUER + "|user-2");
    }

    @Test
    void customEs256_expiredToken_is401CouldNotValidate() throws Exception {
        assertRefused(
                whoami(TestKeys.sign(TestKeys.EC, expired(customClaims()).build())),
                "InvalidAuthHeader",
                "Could not validate token");
    }

    @Test
    void customEs256_tokenNotYetValid_is401CouldNotValidate() throws Exception {
        assertRefused(
                whoami(TestKeys.sign(
                        TestKeys.EC,
                        customClaims()
                                .notBeforeTime(Date.from(Instant.now().plusSeconds(600)))
                                .build())),
                "InvalidAuthHeader",
                "Could not validate token");
    }

    @Test
    void customEs256_tokenSignedByAnotherKey_is401CouldNotDecode() throws Exception {
        assertRefused(
                whoami(TestKeys.sign(TestKeys.EC_IMPOSTOR, customClaims().build())),
                "InvalidAuthHeader",
                "Could not decode token");
    }

    @Test
    void customEs256_tokenSignedWithAnotherAlgorithm_is401CouldNotDecode() throws Exception {
        assertRefused(
                whoami(TestKeys.sign(TestKeys.RSA, customClaims().build())),
                "InvalidAuthHeader",
                "Could not decode token");
    }

    @Test
    void customEs256_unsignedToken_is401CouldNotDecode() throws Exception {
        assertRefused(whoami(TestKeys.unsigned(customClaims().build())), "InvalidAuthHeader", "Could not decode token");
    }

    @Test
    void customEs256_wrongIssuer_is401NoAuthProvider() throws Exception {
        assertRefused(
                whoami(TestKeys.sign(
                        TestKeys.EC,
                        customClaims().issuer("https://evil.example").build())),
                "NoAuthProvider",
                providers());
    }

    @Test
    void customEs256_wrongAudience_is401NoAuthProvider() throws Exception {
        assertRefused(
                whoami(TestKeys.sign(
                        TestKeys.EC, customClaims().audience("not-my-app").build())),
                "NoAuthProvider",
                providers());
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
