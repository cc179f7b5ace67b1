package dev.jconvex.execution;

import java.util.Optional;

/**
 * What every function context offers besides data access: frozen time, seeded randomness, the
 * deployment's environment variables ({@code process.env}), the caller's identity and a console
 * whose lines are returned to the client as Convex {@code logLines}.
 */
public interface FunctionEnvironment {

    /**
     * Milliseconds since the epoch, fixed for the whole execution, as Convex freezes {@code Date.now()}.
     * Comes from the runtime's injected clock.
     */
    long now();

    /** A number in [0, 1), from the runtime's injected randomness ({@code Math.random()}). */
    double random();

    /** An environment variable the deployment was started with ({@code process.env.NAME}). */
    Optional<String> env(String name);

    /** The identity of the caller ({@code ctx.auth.getUserIdentity()}); empty when anonymous. */
    Optional<UserIdentity> identity();

    /** The function's console; each call adds one log line. */
    Console console();
}
