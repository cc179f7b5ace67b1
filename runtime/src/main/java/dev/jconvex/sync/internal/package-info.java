/**
 * Convex's WebSocket sync protocol and live queries (spec wire-protocol.md §2): what the official
 * {@code ConvexClient} and {@code ConvexReactClient} speak.
 *
 * <p><b>Public surface.</b> {@link dev.jconvex.sync.internal.SyncEndpoint#handler} is the Undertow handler to
 * mount at {@code /api/{version}/sync} and {@code /api/sync}; {@link dev.jconvex.sync.internal.SyncProtocol}
 * opens transport-independent {@link dev.jconvex.sync.internal.SyncSession}s (the embedded client uses them
 * without a socket); {@link dev.jconvex.sync.SyncConfig} holds the settings.
 *
 * <p><b>Design.</b> Three kinds of actors, each strictly serial, connected by queues:
 *
 * <ul>
 *   <li><em>Transport</em> (Undertow I/O threads): hands each text frame to its session's queue and
 *       writes what the session sends, counting the bytes not yet written; past {@link
 *       dev.jconvex.sync.SyncConfig#outboundQueueBytes()} the client is disconnected with 1013, so
 *       a slow client's memory is bounded and nobody waits for it.
 *   <li><em>Session</em> ({@code SessionStateMachine}, one virtual thread per connection): owns the connection's
 *       protocol state (versions, identity, query set, mutation queue) and handles one event at a
 *       time — client messages, hub results, mutation and action completions — so messages leave in
 *       protocol order. Mutations run one after another; actions concurrently. A Ping goes out when
 *       nothing was sent for the ping interval.
 *   <li><em>Hub</em> ({@code SubscriptionHub}, one per runtime): the live-query engine. It consumes
 *       commits (from the runtime's commit listener), subscribes and unsubscribes in one queue; on
 *       each batch it marks stale the results whose read set the commits' write sets overlap,
 *       re-runs the stale queries that have subscribers once, all on one snapshot, and posts each
 *       session the results that changed. Identical queries (function, arguments, identity) share
 *       one execution and one result; unsubscribed results stay in a Caffeine cache until a commit
 *       touches them or they are evicted.
 * </ul>
 *
 * <p>The hub labels what it hands out with its <em>processed timestamp</em> (every commit up to it is
 * reflected). Sessions only advance their Transition timestamp through these labels, in queue order,
 * so a Transition at {@code ts} reflects every commit up to {@code ts}; after a successful mutation a
 * session waits for the hub to process the mutation's commit and then sends a Transition that
 * reaches it (§2.7): the client sees its write in its queries before its promise resolves.
 */
package dev.jconvex.sync.internal;
