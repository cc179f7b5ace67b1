package dev.jconvex.execution.internal;

import dev.jconvex.database.DatabaseWriter;
import dev.jconvex.database.internal.WriteTransaction;
import dev.jconvex.execution.Identity;
import dev.jconvex.execution.MutationCtx;
import dev.jconvex.protocol.FunctionKind;
import dev.jconvex.values.ConvexValue;

/**
 * {@link MutationCtx}: the environment plus the writer of one transaction attempt, shared with the
 * queries and mutations it calls. A new context (fresh console, time read again) is made for each OCC
 * retry, since the handler runs again.
 */
final class MutationCtxImpl extends FunctionEnvironmentImpl implements MutationCtx {

    private final WriteTransaction tx;
    private final FunctionRunner runner;

    MutationCtxImpl(RuntimeEnvironment environment, Identity identity, WriteTransaction tx, FunctionRunner runner) {
        super(environment, identity);
        this.tx = tx;
        this.runner = runner;
    }

    @Override
    public DatabaseWriter db() {
        return tx;
    }

    @Override
    public ConvexValue runQuery(String path, ConvexValue.Obj args) {
        return NestedCalls.valueOrThrow(
                runner.runNestedQuery(NestedCalls.call(FunctionKind.QUERY, path, args, caller()), tx, tx.ts()),
                console());
    }

    @Override
    public ConvexValue runMutation(String path, ConvexValue.Obj args) {
        return NestedCalls.valueOrThrow(
                runner.runNestedMutation(NestedCalls.call(FunctionKind.MUTATION, path, args, caller()), tx), console());
    }
}
