package dev.jconvex.sync.internal;

import java.util.Map;
import java.util.Objects;

/**
 * What the clients of one deployment are subscribed to: the distinct live queries (a function with
 * one set of arguments and one identity, run once however many subscribe to it) and the
 * subscriptions to them (a session subscribing to the same query twice counts twice).
 *
 * @param queries distinct live queries
 * @param subscriptions subscriptions over all sessions
 * @param subscriptionsByFunction subscriptions per function, by its display path ({@code
 *     mutable:get}), sorted by path
 */
public record LiveQueries(int queries, int subscriptions, Map<String, Integer> subscriptionsByFunction) {

    /** Nothing subscribed. */
    public static final LiveQueries NONE = new LiveQueries(0, 0, Map.of());

    public LiveQueries {
        if (queries < 0 || subscriptions < 0) {
            throw new IllegalArgumentException("counts must not be negative: " + queries + ", " + subscriptions);
        }
        subscriptionsByFunction = java.util.Collections.unmodifiableMap(
                new java.util.TreeMap<>(Objects.requireNonNull(subscriptionsByFunction)));
    }
}
