package dev.jconvex.embedded;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start an in-process runtime.
 *
 * @param env the deployment's environment variables ({@code process.env}); the default sets {@code
 *     NODE_ENV=test}, which the mutable module's {@code purgeAll} requires
 * @param functionsDirectory a Convex project's {@code convex/} folder whose TypeScript functions the
 *     runtime serves beside the Java modules, replacing a Java module of the same path (as {@code
 *     serve --functions DIR}); needs {@code jconvex-typescript} at run time. Empty: Java modules only
 */
public record EmbeddedOptions(Map<String, String> env, Optional<Path> functionsDirectory) {

    /** Options with Java modules only. */
    public EmbeddedOptions(Map<String, String> env) {
        this(env, Optional.empty());
    }

    public EmbeddedOptions {
        env = Map.copyOf(Objects.requireNonNull(env, "env"));
        Objects.requireNonNull(functionsDirectory, "functionsDirectory");
    }

    /** In-memory storage, {@code NODE_ENV=test}, Java modules only. */
    public static EmbeddedOptions defaults() {
        return new EmbeddedOptions(Map.of("NODE_ENV", "test"));
    }

    /** A copy with other environment variables. */
    public EmbeddedOptions withEnv(Map<String, String> env) {
        return new EmbeddedOptions(env, functionsDirectory);
    }

    /** A copy that also serves the TypeScript functions of {@code directory} (a {@code convex/} folder). */
    public EmbeddedOptions withFunctionsDirectory(Path directory) {
        return new EmbeddedOptions(env, Optional.of(directory));
    }
}
