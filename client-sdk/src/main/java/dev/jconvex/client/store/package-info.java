/**
 * A typed API over the {@code mutable} Convex module (the Cortex SDK's mutable store, Layer 1c):
 * {@link dev.jconvex.client.store.MutableStore} with records for entries, filters and results.
 */
package dev.jconvex.client.store;
