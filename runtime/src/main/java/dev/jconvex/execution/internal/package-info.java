/**
 * Function execution: how Java code becomes Convex queries, mutations and actions.
 *
 * <p>For function authors: implement {@link dev.jconvex.execution.ConvexModule} (one per Convex
 * module file, found with {@link java.util.ServiceLoader}), declare functions on the {@link
 * dev.jconvex.execution.ModuleBuilder} with a {@link dev.jconvex.execution.FunctionSpec}, and write
 * handlers against {@link dev.jconvex.execution.QueryCtx}, {@link dev.jconvex.execution.MutationCtx}
 * and {@link dev.jconvex.execution.ActionCtx}: each context has only its kind's capabilities (a
 * query reads and runs queries; a mutation also writes and runs mutations as sub-transactions; an
 * action runs anything, each call its own transaction), plus frozen time, injected randomness, {@code process.env}, the caller's identity and a console. Throw
 * {@link dev.jconvex.values.ConvexError} to send data to the client, {@link
 * dev.jconvex.execution.JsException} to fail as a given JavaScript error class.
 *
 * <p>For transports: a {@link dev.jconvex.execution.FunctionCall} goes in, a {@link
 * dev.jconvex.execution.FunctionOutcome} comes out, with Convex's exact texts (wire-protocol §1.6);
 * {@link dev.jconvex.execution.internal.ErrorMessages} adds the request-id prefix. {@link
 * dev.jconvex.protocol.FunctionPath} parses and prints paths (§1.4). The engine is {@link
 * dev.jconvex.execution.internal.FunctionRunner}; transports reach it through {@link
 * dev.jconvex.execution.internal.FunctionRuntime}, which {@code server.Jconvex} implements.
 *
 * <p>Differences from Convex, by necessity: error texts carry no JavaScript stack frames ({@code
 * "    at handler (…)"}), since handlers are Java; Java values passed to the console are rendered as
 * their nearest JavaScript counterparts (see {@code JsFormat}).
 */
package dev.jconvex.execution.internal;
