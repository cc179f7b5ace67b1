package dev.jconvex.execution;

import dev.jconvex.schema.TableDefinition;

/**
 * Collects what one {@link ConvexModule} declares. The name of each function is its export name
 * ({@code "set"} in {@code mutable:set}); {@code "default"} is the module's default export.
 */
public interface ModuleBuilder {

    /** Adds a table (with its document validator and indexes) to the deployment's schema. */
    ModuleBuilder table(TableDefinition table);

    /** Registers a public query. */
    ModuleBuilder query(String name, FunctionSpec<QueryHandler> spec);

    /** Registers a public mutation. */
    ModuleBuilder mutation(String name, FunctionSpec<MutationHandler> spec);

    /** Registers a public action. */
    ModuleBuilder action(String name, FunctionSpec<ActionHandler> spec);

    /** Registers an internal query, callable only by admins and by other functions. */
    ModuleBuilder internalQuery(String name, FunctionSpec<QueryHandler> spec);

    /** Registers an internal mutation, callable only by admins and by other functions. */
    ModuleBuilder internalMutation(String name, FunctionSpec<MutationHandler> spec);

    /** Registers an internal action, callable only by admins and by other functions. */
    ModuleBuilder internalAction(String name, FunctionSpec<ActionHandler> spec);
}
