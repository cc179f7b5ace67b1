package dev.jconvex.execution;

import dev.jconvex.values.ConvexValue;

/** The body of a query. Returning Java {@code null} returns Convex {@code null}, as {@code undefined} does. */
@FunctionalInterface
public interface QueryHandler {
    ConvexValue handle(QueryCtx ctx, ConvexValue.Obj args);
}
