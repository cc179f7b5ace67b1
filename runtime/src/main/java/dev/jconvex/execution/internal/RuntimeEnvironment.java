package dev.jconvex.execution.internal;

import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What functions see of the world besides data: the clock that fixes {@code Date.now()} for each
 * execution, the source of {@code Math.random()}, and the deployment's environment variables.
 *
 * @param clock read once at the start of each execution (and of each mutation attempt)
 * @param random shared by all executions; access is serialized, since generators need not be
 *     thread-safe
 * @param env {@code process.env}: the deployment's variables, which {@code npx convex env} changes
 */
record RuntimeEnvironment(InstantSource clock, RandomGenerator random, EnvironmentVariables env) {

    RuntimeEnvironment {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(env, "env");
    }

    /** An environment whose variables are fixed, held in memory. */
    RuntimeEnvironment(InstantSource clock, RandomGenerator random, Map<String, String> variables) {
        this(clock, random, EnvironmentVariables.inMemory(Map.of(), variables));
    }

    /** {@code process.env} now. */
    Map<String, String> variables() {
        return env.effective();
    }

    /** The value of {@code process.env[name]}. */
    Optional<String> variable(String name) {
        return env.get(name);
    }

    double nextRandom() {
        synchronized (random) {
            return random.nextDouble();
        }
    }
}
