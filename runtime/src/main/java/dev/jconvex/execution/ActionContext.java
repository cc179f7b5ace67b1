package dev.jconvex.execution;

import dev.jconvex.values.ConvexError;
import dev.jconvex.values.ConvexValue;
import java.util.List;
import java.util.Optional;

/**
 * {@link ActionCtx}: the environment plus calls of other functions. Each call runs as its own
 * query, mutation or action (its own transaction), with the action's identity, and may reach
 * internal functions. The called function's log lines are appended to the action's.
 *
 * <p>A failed call throws into the action as Convex does: a {@link ConvexError} with the same data
 * if the callee threw one, else an {@code Error} whose message is the callee's error text.
 */
final class ActionContext extends ExecutionContext implements ActionCtx {

    private final FunctionRunner runner;

    ActionContext(RuntimeEnvironment environment, Identity identity, FunctionRunner runner) {
        super(environment, identity);
        this.runner = runner;
    }

    @Override
    public ConvexValue runQuery(String path, ConvexValue.Obj args) {
        return call(FunctionKind.QUERY, path, args);
    }

    @Override
    public ConvexValue runMutation(String path, ConvexValue.Obj args) {
        return call(FunctionKind.MUTATION, path, args);
    }

    @Override
    public ConvexValue runAction(String path, ConvexValue.Obj args) {
        return call(FunctionKind.ACTION, path, args);
    }

    private ConvexValue call(FunctionKind kind, String path, ConvexValue.Obj args) {
        FunctionCall call = new FunctionCall(
                path, Optional.of(kind), new ConvexValue.Array(List.of(args)), caller(), Optional.empty());
        FunctionOutcome outcome = runner.run(call, true);
        console().addAll(outcome.logLines());
        return switch (outcome) {
            case FunctionOutcome.Success s -> s.value();
            case FunctionOutcome.Failure f -> {
                if (f.errorData().isPresent()) {
                    throw new ConvexError(f.errorData().get());
                }
                String message = f.errorMessage();
                JsException error = new JsException(
                        "Error", message.endsWith("\n") ? message.substring(0, message.length() - 1) : message);
                // the called function's bug stays visible in the action's log entry
                f.cause().ifPresent(error::initCause);
                throw error;
            }
        };
    }
}
