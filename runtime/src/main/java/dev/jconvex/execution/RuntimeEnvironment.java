package dev.jconvex.execution;

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
 * @param variables {@code process.env}
 */
public record RuntimeEnvironment(InstantSource clock, RandomGenerator random, Map<String, String> variables) {

    public RuntimeEnvironment {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        variables = Map.copyOf(variables);
    }

    /** The value of {@code process.env[name]}. */
    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    double nextRandom() {
        synchronized (random) {
            return random.nextDouble();
        }
    }
}
