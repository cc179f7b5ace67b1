package dev.jconvex.execution.internal;

import dev.jconvex.execution.FunctionEnvironment;
import dev.jconvex.execution.Identity;
import dev.jconvex.execution.UserIdentity;
import java.util.Optional;

/**
 * The parts common to every function context: time frozen at the start of the execution, injected
 * randomness, {@code process.env}, the caller's identity and the console (STYLE §6).
 */
abstract class FunctionEnvironmentImpl implements FunctionEnvironment {

    private final RuntimeEnvironment environment;
    private final Identity identity;
    private final long now;
    private final LogBuffer console = new LogBuffer();

    FunctionEnvironmentImpl(RuntimeEnvironment environment, Identity identity) {
        this.environment = environment;
        this.identity = identity;
        this.now = environment.clock().millis();
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public double random() {
        return environment.nextRandom();
    }

    @Override
    public Optional<String> env(String name) {
        return environment.variable(name);
    }

    @Override
    public Optional<UserIdentity> identity() {
        return identity.userIdentity();
    }

    @Override
    public LogBuffer console() {
        return console;
    }

    Identity caller() {
        return identity;
    }
}
