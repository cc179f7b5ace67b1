/**
 * The embedded transport: {@link dev.jconvex.inprocess.InProcessRuntime} implements the client SDK's
 * {@code EmbeddedRuntime} over a {@link dev.jconvex.execution.internal.FunctionRuntime} in the same process.
 * Calls go through the same pipeline and the same system-error mapping as HTTP; sync sessions are the
 * WebSocket protocol over in-memory channels; {@code runInMutation} runs caller code inside one
 * mutation whose nested calls are that mutation's {@code ctx.runQuery}/{@code ctx.runMutation}. The
 * provider the SDK finds ({@code server.JconvexEmbeddedProvider}) is start-up code and lives in
 * {@code server}.
 */
package dev.jconvex.inprocess;
