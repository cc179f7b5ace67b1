package dev.jconvex.it.sampleapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jconvex.auth.AuthConfig;
import dev.jconvex.auth.AuthProvider;
import dev.jconvex.it.Vitest;
import dev.jconvex.server.JconvexServer;
import dev.jconvex.server.ServerConfig;
import dev.jconvex.typescript.TypeScriptConfig;
import dev.jconvex.typescript.TypeScriptFunctions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample Convex app ({@code examples/sample-app/convex}, unchanged TypeScript: channels,
 * messages and users, a schema with a compound index, pagination, internal functions, an action
 * calling a mutation, ConvexError data, {@code ctx.auth}) served on GraalJS by a real server on port
 * 0, driven by the official npm clients (conformance/sample-app/sample-app.test.ts, run with vitest):
 * {@code ConvexHttpClient} over HTTP and {@code ConvexClient} over the WebSocket sync protocol.
 *
 * <p>The server verifies user tokens with a {@code customJwt} provider (RS256, issuer {@code
 * https://sample-app.test}) whose key pair this test makes: the public key as a JWKS file, the
 * private key handed to the suite ({@code JCONVEX_TOKEN_KEY}) to sign its tokens.
 */
class SampleAppConformanceIT {

    @TempDir
    Path dataDirectory;

    @Test
    void officialNpmClients_passTheSampleAppSuite_againstItsTypeScript() throws Exception {
        Vitest suite = Vitest.forSuite("sample-app");
        Path moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path app = moduleDir.resolve("../examples/sample-app/convex").normalize();
        TypeScriptConfig defaults = TypeScriptConfig.defaults();
        TypeScriptConfig config = new TypeScriptConfig(
                moduleDir.resolve("../typescript/toolchain").normalize(),
                defaults.cacheDirectory(),
                defaults.node(),
                defaults.timeLimit(),
                defaults.warmUpAllowance());

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Path jwks = Files.writeString(dataDirectory.resolve("jwks.json"), jwks((RSAPublicKey) keys.getPublic()));
        AuthConfig auth = new AuthConfig(
                List.of(new AuthProvider.CustomJwt(
                        "https://sample-app.test", Optional.of("sample-app"), jwks.toString(), "RS256")),
                false);

        try (TypeScriptFunctions functions = TypeScriptFunctions.load(app, config)) {
            assertThat(functions.modulePaths()).contains("channels", "messages", "users");
            try (JconvexServer server = JconvexServer.start(
                    ServerConfig.builder()
                            .port(0)
                            .dataDirectory(dataDirectory.resolve("data"))
                            .auth(auth)
                            .build(),
                    JconvexServer.Extensions.standard().withReplacingModules(functions.modules()))) {
                suite.runAndAssertPassed(
                        "sample-app/vitest.config.mjs",
                        Map.of("JCONVEX_URL", server.url(), "JCONVEX_TOKEN_KEY", pem(keys)));
            }
        }
    }

    private static String jwks(RSAPublicKey key) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return "{\"keys\":[{\"kty\":\"RSA\",\"alg\":\"RS256\",\"use\":\"sig\",\"n\":\""
                + url.encodeToString(unsigned(key.getModulus().toByteArray())) + "\",\"e\":\""
                + url.encodeToString(unsigned(key.getPublicExponent().toByteArray())) + "\"}]}";
    }

    /** A JWK's big integers are unsigned big-endian: no leading sign byte. */
    private static byte[] unsigned(byte[] twosComplement) {
        return twosComplement.length > 1 && twosComplement[0] == 0
                ? java.util.Arrays.copyOfRange(twosComplement, 1, twosComplement.length)
                : twosComplement;
    }

    private static String pem(KeyPair keys) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        .encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
