package dev.jconvex.sync.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of one {@link SyncProtocol}:
 *
 * <ul>
 *   <li>{@code jconvex.sync.sessions}: open sync sessions (WebSocket connections and in-process
 *       clients);
 *   <li>{@code jconvex.sync.subscriptions}: query subscriptions of all sessions (a query subscribed
 *       by three sockets counts three);
 *   <li>{@code jconvex.sync.queries}: distinct live queries, each run once per invalidating batch
 *       whatever its number of subscribers;
 *   <li>{@code jconvex.sync.query.reruns} (Prometheus {@code _total}): live queries run again because
 *       a commit wrote what they had read.
 * </ul>
 *
 * The counts are kept by the hub and the sessions as they change (plain atomics); the registry reads
 * them when scraped.
 */
final class SyncMetrics {

    final AtomicInteger sessions = new AtomicInteger();
    final AtomicLong subscriptions = new AtomicLong();
    final AtomicInteger liveQueries = new AtomicInteger();
    final Counter reruns;

    SyncMetrics(MeterRegistry registry) {
        Gauge.builder("jconvex.sync.sessions", sessions, AtomicInteger::get)
                .description("Open sync sessions (WebSocket connections and in-process clients)")
                .register(registry);
        Gauge.builder("jconvex.sync.subscriptions", subscriptions, AtomicLong::get)
                .description("Query subscriptions of all open sessions")
                .register(registry);
        Gauge.builder("jconvex.sync.queries", liveQueries, AtomicInteger::get)
                .description("Distinct queries with at least one subscriber")
                .register(registry);
        this.reruns = Counter.builder("jconvex.sync.query.reruns")
                .description("Live queries run again because a commit wrote what they had read")
                .register(registry);
    }
}
