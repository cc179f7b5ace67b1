package dev.jconvex.execution;

import dev.jconvex.values.ConvexValue;

/** The body of an action: it has no database of its own and calls queries and mutations. */
@FunctionalInterface
public interface ActionHandler {
    ConvexValue handle(ActionCtx ctx, ConvexValue.Obj args);
}
