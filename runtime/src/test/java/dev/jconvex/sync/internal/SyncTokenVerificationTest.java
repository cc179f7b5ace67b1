package dev.jconvex.sync.internal;

import static dev.jconvex.sync.internal.TestSocket.add;
import static dev.jconvex.sync.internal.TestSocket.authenticate;
import static dev.jconvex.sync.internal.TestSocket.modifyQuerySet;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.jconvex.auth.AuthConfig;
import dev.jconvex.auth.AuthProvider;
import dev.jconvex.auth.OidcTestProvider;
import dev.jconvex.auth.TestKeys;
import dev.jconvex.auth.TokenVerifier;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 7, over WebSocket: {@code Authenticate{tokenType:"User"}} with real RS256 (OIDC
 * provider, keys by discovery) and ES256 (custom JWT provider, JWKS file) tokens; a refused token is
 * an {@code AuthError} with Convex's text and the socket closes (wire-protocol §2.8).
 */
class SyncTokenVerificationTest {

    static final String CUSTOM_ISSUER = "https://api.example.com";
    static final String OIDC_FAILED =
            "Could not verify OIDC token claim. Check that the token signature is valid and the token hasn't expired.";

    static OidcTestProvider oidc;
    static TokenVerifier tokens;

    @TempDir
    static Path keys;

    SyncTestServer server;

    @BeforeAll
    static void provider() {
        oidc = new OidcTestProvider();
        tokens = TokenVerifier.create(
                AuthConfig.none()
                        .plus(List.of(
                                new AuthProvider.Oidc(oidc.issuer(), "convex", Optional.empty()),
                                new AuthProvider.CustomJwt(
                                        CUSTOM_ISSUER,
                                        Optional.of("my-app"),
                                        TestKeys.writeJwks(keys).toString(),
                                        "ES256"))),
                Clock.systemUTC());
    }

    @AfterAll
    static void stopProvider() {
        oidc.close();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    TestSocket connect() {
        if (server == null) {
            server = new SyncTestServer(b -> b.tokens(tokens));
        }
        return server.connect().handshake();
    }

    /** Subscribes to {@code kv:whoami}, authenticates with {@code token}, returns the next message. */
    JsonNode authenticateWith(TestSocket c, String token) {
        c.send(modifyQuerySet(1, 2, add(0, "kv:whoami", "{}")));
        assertThat(c.nextTransition().get("modifications").get(0).get("value").isNull())
                .isTrue();
        c.send(authenticate(0, "User", token));
        return c.next();
    }

    void assertAuthError(String token, String error) throws Exception {
        TestSocket c = connect();
        JsonNode message = authenticateWith(c, token);
        assertThat(message.get("type").asText()).isEqualTo("AuthError");
        assertThat(message.get("error").asText()).isEqualTo(error);
        assertThat(message.get("authUpdateAttempted").asBoolean()).isTrue();
        assertThat(c.closed().get(10, TimeUnit.SECONDS)).isEqualTo(1005);
    }

    static JWTClaimsSet.Builder oidcClaims() {
        return TestKeys.claims(oidc.issuer(), "convex", "user-1");
    }

    static JWTClaimsSet.Builder customClaims() {
        return TestKeys.claims(CUSTOM_ISSUER, "my-app", "user-2");
    }

    static JWTClaimsSet expired(JWTClaimsSet.Builder claims) {
        return claims.expirationTime(Date.from(Instant.now().minusSeconds(60))).build();
    }

    @Test
    void validRs256Token_becomesTheIdentity() {
        JsonNode t = authenticateWith(
                connect(), TestKeys.sign(TestKeys.RSA, oidcClaims().build()));
        assertThat(t.get("type").asText()).isEqualTo("Transition");
        assertThat(t.get("endVersion").get("identity").asInt()).isEqualTo(1);
        assertThat(t.get("modifications").get(0).get("value").asText()).isEqualTo(oidc.issuer() + "|user-1");
    }

    @Test
    void validEs256Token_becomesTheIdentity() {
        JsonNode t = authenticateWith(
                connect(), TestKeys.sign(TestKeys.EC, customClaims().build()));
        assertThat(t.get("modifications").get(0).get("value").asText()).isEqualTo(CUSTOM_ISSUER + "|user-2");
    }

    @Test
    void expiredTokens_areAuthErrors() throws Exception {
        assertAuthError(TestKeys.sign(TestKeys.RSA, expired(oidcClaims())), OIDC_FAILED);
        assertAuthError(TestKeys.sign(TestKeys.EC, expired(customClaims())), "Could not validate token");
    }

    @Test
    void tokensSignedByAnotherKey_areAuthErrors() throws Exception {
        assertAuthError(TestKeys.sign(TestKeys.RSA_IMPOSTOR, oidcClaims().build()), OIDC_FAILED);
        assertAuthError(TestKeys.sign(TestKeys.EC_IMPOSTOR, customClaims().build()), "Could not decode token");
    }

    @Test
    void unsignedTokens_areAuthErrors() throws Exception {
        assertAuthError(TestKeys.unsigned(oidcClaims().build()), OIDC_FAILED);
        assertAuthError(TestKeys.unsigned(customClaims().build()), "Could not decode token");
    }

    @Test
    void wrongIssuerOrAudience_isNoAuthProvider() throws Exception {
        String noProvider = "No auth provider found matching the given token. Check that your JWT's issuer and"
                + " audience match one of your configured providers: [OIDC(domain=" + oidc.issuer()
                + ", app_id=convex), CustomJWT(issuer=https://api.example.com, app_id=my-app)]";
        assertAuthError(
                TestKeys.sign(
                        TestKeys.RSA,
                        oidcClaims().issuer("https://evil.example").build()),
                noProvider);
        assertAuthError(
                TestKeys.sign(TestKeys.EC, customClaims().audience("other").build()), noProvider);
    }
}
