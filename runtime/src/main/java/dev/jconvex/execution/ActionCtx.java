package dev.jconvex.execution;

import dev.jconvex.values.ConvexValue;

/** An action's context: it calls queries and mutations (each its own transaction) and other actions. */
public interface ActionCtx extends FunctionEnvironment {
    ConvexValue runQuery(String path, ConvexValue.Obj args);

    ConvexValue runMutation(String path, ConvexValue.Obj args);

    ConvexValue runAction(String path, ConvexValue.Obj args);
}
