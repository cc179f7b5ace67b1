/**
 * Convex's wire protocol as a deployment and its clients both speak it, used by both the jconvex
 * runtime and the Java client: {@link dev.jconvex.protocol.FunctionKind}, {@link
 * dev.jconvex.protocol.FunctionPath} (parsing, canonical forms; wire-protocol §1.4), {@link
 * dev.jconvex.protocol.Timestamp} (commit timestamps and their wire codec, §2.2), {@link
 * dev.jconvex.protocol.StateVersion} (§2.2), {@link dev.jconvex.protocol.ClientMessage} (the sync
 * messages a client sends, §2.3: parsed by the deployment, written by the Java client) and {@link
 * dev.jconvex.protocol.ServerMessage} (the messages a deployment sends, §2.4: written by the
 * deployment, read by the Java client), whose values travel as {@link
 * dev.jconvex.protocol.EncodedValue}s encoded once.
 */
package dev.jconvex.protocol;
