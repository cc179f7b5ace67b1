package dev.jconvex.typescript;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How TypeScript modules are bundled and run. Defaults ({@link #defaults()}): the toolchain folder
 * from the system property {@code jconvex.typescript.toolchain}, else the environment variable
 * {@code JCONVEX_TS_TOOLCHAIN}, else {@code ./typescript/toolchain} (the repository's, after {@code
 * npm ci}); bundles cached under {@code <java.io.tmpdir>/jconvex-ts-bundles}; {@code node} from the
 * {@code PATH}; a time limit of 1 s per query or mutation run, Convex's (values-and-validation §7),
 * plus a warm-up allowance of 10 s for a context's first run.
 *
 * @param toolchain a folder whose {@code node_modules} hold {@code esbuild} and the pinned {@code
 *     convex} package
 * @param cacheDirectory where bundles are kept, one folder per distinct source tree
 * @param node the Node.js executable that runs esbuild
 * @param timeLimit how long one function run's JavaScript may execute (syscalls excluded) before it
 *     fails with Convex's "Function execution timed out" error
 * @param warmUpAllowance extra time for the first run in each new GraalJS context, which also parses
 *     and warms up the module's code (default 10 s: the interpreter's cold start on a small machine)
 */
public record TypeScriptConfig(
        Path toolchain, Path cacheDirectory, String node, Duration timeLimit, Duration warmUpAllowance) {

    /** Convex's limit for a query's or a mutation's JavaScript execution. */
    public static final Duration CONVEX_TIME_LIMIT = Duration.ofSeconds(1);

    /** The default extra time of a context's first run. */
    public static final Duration DEFAULT_WARM_UP_ALLOWANCE = Duration.ofSeconds(10);

    public TypeScriptConfig {
        Objects.requireNonNull(toolchain, "toolchain");
        Objects.requireNonNull(cacheDirectory, "cacheDirectory");
        Objects.requireNonNull(node, "node");
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("the time limit must be positive: " + timeLimit);
        }
        if (warmUpAllowance.isNegative()) {
            throw new IllegalArgumentException("the warm-up allowance must not be negative: " + warmUpAllowance);
        }
    }

    /** The defaults described above. */
    public static TypeScriptConfig defaults() {
        Path toolchain = Optional.ofNullable(System.getProperty("jconvex.typescript.toolchain"))
                .or(() -> Optional.ofNullable(System.getenv("JCONVEX_TS_TOOLCHAIN")))
                .map(Path::of)
                .orElse(Path.of("typescript", "toolchain"));
        return new TypeScriptConfig(
                toolchain,
                Path.of(System.getProperty("java.io.tmpdir"), "jconvex-ts-bundles"),
                "node",
                CONVEX_TIME_LIMIT,
                DEFAULT_WARM_UP_ALLOWANCE);
    }

    /** A copy with another time limit. */
    public TypeScriptConfig withTimeLimit(Duration limit) {
        return new TypeScriptConfig(toolchain, cacheDirectory, node, limit, warmUpAllowance);
    }

    /** A copy with another warm-up allowance. */
    public TypeScriptConfig withWarmUpAllowance(Duration allowance) {
        return new TypeScriptConfig(toolchain, cacheDirectory, node, timeLimit, allowance);
    }
}
