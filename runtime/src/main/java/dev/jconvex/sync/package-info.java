/**
 * The configuration of Convex's WebSocket sync protocol ({@link dev.jconvex.sync.SyncConfig}) and the
 * clock it runs on ({@link dev.jconvex.sync.SyncClock}, injectable so that tests run on virtual time).
 * The protocol's sessions and live queries are in {@code sync.internal}, which the runtime module
 * does not export; its {@code package-info} describes the design.
 */
package dev.jconvex.sync;
