package dev.jconvex.execution;

import dev.jconvex.validators.Validator;
import java.util.Objects;
import java.util.Optional;

/**
 * A function's argument validator, optional return validator and handler, as passed to Convex's
 * {@code query({args, returns, handler})}. An empty {@code args} means unvalidated arguments, like
 * an omitted {@code args} or {@code v.any()} in Convex.
 *
 * @param <H> the handler type, which fixes the function kind
 */
public record FunctionSpec<H>(Optional<Validator> args, Optional<Validator> returns, H handler) {

    public FunctionSpec {
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(returns, "returns");
        Objects.requireNonNull(handler, "handler");
    }

    /** A function with an args validator and no returns validator. */
    public static <H> FunctionSpec<H> of(Validator args, H handler) {
        return new FunctionSpec<>(Optional.of(args), Optional.empty(), handler);
    }

    /** A function with both validators. */
    public static <H> FunctionSpec<H> of(Validator args, Validator returns, H handler) {
        return new FunctionSpec<>(Optional.of(args), Optional.of(returns), handler);
    }
}
