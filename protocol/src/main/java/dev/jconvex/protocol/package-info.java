/**
 * The vocabulary Convex's wire protocol shares between a deployment and its clients, used by both the
 * jconvex runtime and the Java client: {@link dev.jconvex.protocol.FunctionKind}, {@link
 * dev.jconvex.protocol.FunctionPath} (parsing, canonical forms; wire-protocol §1.4), {@link
 * dev.jconvex.protocol.Timestamp} (commit timestamps and their wire codec, §2.2) and {@link
 * dev.jconvex.protocol.ClientMessage} (the sync messages a client sends, §2.3: parsed by the
 * deployment, written by the Java client).
 */
package dev.jconvex.protocol;
