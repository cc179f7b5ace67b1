package dev.jconvex.execution.internal;

import dev.jconvex.execution.FunctionCall;
import dev.jconvex.execution.FunctionOutcome;
import dev.jconvex.execution.Identity;
import dev.jconvex.execution.JsException;
import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.values.ConvexError;
import dev.jconvex.values.ConvexValue;
import java.util.List;
import java.util.Optional;

/**
 * What {@code ctx.runQuery}, {@code ctx.runMutation} and {@code ctx.runAction} share: the call they
 * make (the kind required, the caller's identity, no idempotency key) and how the callee's outcome
 * reaches the caller. The callee's log lines join the caller's; a failure throws into the caller as
 * Convex does, a {@link ConvexError} with the same data if the callee threw one, else an {@code Error}
 * ({@link JsException}) whose message is the callee's error text, carrying the callee's bug as its
 * cause so that the caller's log entry still shows it.
 */
final class NestedCalls {

    private NestedCalls() {}

    static FunctionCall call(FunctionKind kind, String path, ConvexValue.Obj args, Identity caller) {
        return new FunctionCall(
                path, Optional.of(kind), new ConvexValue.Array(List.of(args)), caller, Optional.empty());
    }

    static ConvexValue valueOrThrow(FunctionOutcome outcome, LogBuffer console) {
        console.addAll(outcome.logLines());
        return switch (outcome) {
            case FunctionOutcome.Success s -> s.value();
            case FunctionOutcome.Failure f -> {
                if (f.errorData().isPresent()) {
                    throw new ConvexError(f.errorData().get());
                }
                String message = f.errorMessage();
                JsException error = new JsException(
                        "Error", message.endsWith("\n") ? message.substring(0, message.length() - 1) : message);
                f.cause().ifPresent(error::initCause);
                throw error;
            }
        };
    }
}
