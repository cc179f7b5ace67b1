package dev.jconvex.execution;

import dev.jconvex.values.ConvexValue;

/** The body of a mutation; it runs in one serializable transaction. */
@FunctionalInterface
public interface MutationHandler {
    ConvexValue handle(MutationCtx ctx, ConvexValue.Obj args);
}
