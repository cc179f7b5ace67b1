/**
 * Writing Convex functions in Java: a {@link dev.jconvex.execution.ConvexModule} registers queries,
 * mutations and actions by path with {@link dev.jconvex.execution.ModuleBuilder}, each a handler over
 * its context ({@link dev.jconvex.execution.QueryCtx}, {@link dev.jconvex.execution.MutationCtx},
 * {@link dev.jconvex.execution.ActionCtx}) with argument and return validators; a {@link
 * dev.jconvex.execution.FunctionCall} runs one and gives a {@link dev.jconvex.execution.FunctionOutcome}.
 * The pipeline that runs them (registry, runner, error mapping) is in {@code execution.internal},
 * which the runtime module does not export; its {@code package-info} describes the design.
 */
package dev.jconvex.execution;
