package dev.jconvex.execution.internal;

import dev.jconvex.execution.ActionCtx;
import dev.jconvex.execution.Identity;
import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.values.ConvexError;
import dev.jconvex.values.ConvexValue;

/**
 * {@link ActionCtx}: the environment plus calls of other functions. Each call runs as its own
 * query, mutation or action (its own transaction), with the action's identity, and may reach
 * internal functions. The called function's log lines are appended to the action's.
 *
 * <p>A failed call throws into the action as Convex does ({@link NestedCalls}): a {@link ConvexError}
 * with the same data if the callee threw one, else an {@code Error} whose message is the callee's error
 * text.
 */
final class ActionCtxImpl extends FunctionEnvironmentImpl implements ActionCtx {

    private final FunctionRunner runner;

    ActionCtxImpl(RuntimeEnvironment environment, Identity identity, FunctionRunner runner) {
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
        return NestedCalls.valueOrThrow(runner.run(NestedCalls.call(kind, path, args, caller()), true), console());
    }
}
