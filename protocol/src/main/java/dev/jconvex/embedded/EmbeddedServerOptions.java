package dev.jconvex.embedded;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start a real server in-process.
 *
 * @param port the TCP port on 127.0.0.1; 0 picks a free one
 * @param dataDirectory where the H2 database lives; empty for in-memory storage
 * @param env the deployment's environment variables ({@code process.env})
 * @param acceptUnverifiedTokens whether user tokens become identities from their claims, unverified
 *     (a test double's shortcut, like convex-test's {@code withIdentity}); otherwise the server has
 *     no auth providers and refuses every token, as {@code serve} does by default
 * @param functionsDirectory a Convex project's {@code convex/} folder whose TypeScript functions the
 *     server serves beside the Java modules, replacing a Java module of the same path ({@code serve
 *     --functions DIR}); needs {@code jconvex-typescript} at run time. Empty: Java modules only
 */
public record EmbeddedServerOptions(
        int port,
        Optional<Path> dataDirectory,
        Map<String, String> env,
        boolean acceptUnverifiedTokens,
        Optional<Path> functionsDirectory) {

    /** Options that refuse every user token (no auth providers), Java modules only. */
    public EmbeddedServerOptions(int port, Optional<Path> dataDirectory, Map<String, String> env) {
        this(port, dataDirectory, env, false);
    }

    /** Options with Java modules only. */
    public EmbeddedServerOptions(
            int port, Optional<Path> dataDirectory, Map<String, String> env, boolean acceptUnverifiedTokens) {
        this(port, dataDirectory, env, acceptUnverifiedTokens, Optional.empty());
    }

    public EmbeddedServerOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        env = Map.copyOf(Objects.requireNonNull(env, "env"));
        Objects.requireNonNull(functionsDirectory, "functionsDirectory");
    }

    /** A copy that also serves the TypeScript functions of {@code directory} (a {@code convex/} folder). */
    public EmbeddedServerOptions withFunctionsDirectory(Path directory) {
        return new EmbeddedServerOptions(port, dataDirectory, env, acceptUnverifiedTokens, Optional.of(directory));
    }

    /**
     * The test emulator's server: in-memory storage on a free port with {@code NODE_ENV=test}, user
     * tokens taken unverified so tests can sign in as anyone without keys.
     */
    public static EmbeddedServerOptions ephemeral() {
        return new EmbeddedServerOptions(0, Optional.empty(), Map.of("NODE_ENV", "test"), true);
    }
}
