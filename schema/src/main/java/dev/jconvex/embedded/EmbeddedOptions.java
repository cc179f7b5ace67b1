package dev.jconvex.embedded;

import java.util.Map;
import java.util.Objects;

/**
 * How to start an in-process runtime.
 *
 * @param env the deployment's environment variables ({@code process.env}); the default sets {@code
 *     NODE_ENV=test}, which the mutable module's {@code purgeAll} requires
 */
public record EmbeddedOptions(Map<String, String> env) {

    public EmbeddedOptions {
        env = Map.copyOf(Objects.requireNonNull(env, "env"));
    }

    /** In-memory storage and {@code NODE_ENV=test}. */
    public static EmbeddedOptions defaults() {
        return new EmbeddedOptions(Map.of("NODE_ENV", "test"));
    }
}
