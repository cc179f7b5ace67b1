package dev.jconvex.http.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the dashboard's deployment page shows, as {@code GET /api/jconvex/deployment} answers it
 * (admin only, with the server's version beside it): its storage engine and where the data lives, when it started,
 * and what its clients are subscribed to right now.
 *
 * @param engine the storage engine, as a user names it ({@code "embedded (MVStore)"}, {@code
 *     "in-memory"}, {@code "PostgreSQL"})
 * @param location the data directory or the database URL without its password; empty in memory
 * @param startedAt when the server started
 * @param liveQueries distinct live queries over all WebSocket sessions
 * @param subscriptions subscriptions to them (a query subscribed twice counts twice)
 * @param subscriptionsByFunction subscriptions per function ({@code mutable:get}), sorted by path
 */
public record DeploymentStatus(
        String engine,
        Optional<String> location,
        Instant startedAt,
        int liveQueries,
        int subscriptions,
        Map<String, Integer> subscriptionsByFunction) {

    public DeploymentStatus {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(startedAt, "startedAt");
        subscriptionsByFunction =
                java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(subscriptionsByFunction));
    }
}
