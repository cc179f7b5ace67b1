package dev.jconvex.database.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The meters of the database, created once per {@link Database} so the commit path only increments
 * (no lookup or tag building per commit). Names as Micrometer writes them; Prometheus adds
 * {@code _total}, {@code _seconds} and {@code _bucket} (docs/http-api.md, {@code GET /metrics}):
 *
 * <ul>
 *   <li>{@code jconvex.occ.conflicts} {@code {table}}: commits refused at validation because a
 *       document they read was written since their snapshot ({@code table=unknown} when the conflict
 *       had no document behind it, e.g. a duplicate of the same mutation committed first);
 *   <li>{@code jconvex.occ.retries}: mutation re-runs after a conflict (at most {@link
 *       DatabaseConfig#occMaxRetries()} per mutation);
 *   <li>{@code jconvex.commit.batch.size}: transactions stored by one write of the embedded engine
 *       (group commit; 1 to 256);
 *   <li>{@code jconvex.commit.write}: time to store a batch in the embedded engine (its log append and
 *       new snapshot), or one commit in PostgreSQL;
 *   <li>{@code jconvex.commit.durability.wait}: how long a committed mutation waited before it was
 *       as durable as configured (the log's fsync under {@link Durability#POWER_LOSS}; near zero
 *       otherwise).
 * </ul>
 */
final class DatabaseMetrics {

    private static final Duration[] TIME_BUCKETS = {
        Duration.ofNanos(50_000),
        Duration.ofNanos(100_000),
        Duration.ofNanos(250_000),
        Duration.ofNanos(500_000),
        Duration.ofMillis(1),
        Duration.ofNanos(2_500_000),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(1000)
    };

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> conflictsByTable = new ConcurrentHashMap<>();
    private final Counter retries;
    private final DistributionSummary batchSize;
    private final Timer write;
    private final Timer durabilityWait;

    DatabaseMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.retries = Counter.builder("jconvex.occ.retries")
                .description("Mutation re-runs after an OCC conflict")
                .register(registry);
        this.batchSize = DistributionSummary.builder("jconvex.commit.batch.size")
                .description("Transactions stored together by one write of the embedded engine")
                .baseUnit("transactions")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256)
                .register(registry);
        this.write = Timer.builder("jconvex.commit.write")
                .description("Time to store a commit batch (embedded engine) or one commit (PostgreSQL)")
                .serviceLevelObjectives(TIME_BUCKETS)
                .register(registry);
        this.durabilityWait = Timer.builder("jconvex.commit.durability.wait")
                .description("Time a committed mutation waited until it was as durable as configured")
                .serviceLevelObjectives(TIME_BUCKETS)
                .register(registry);
    }

    /** A commit refused at validation, blamed on {@code table} when a document write caused it. */
    void conflict(Optional<String> table) {
        String name = table.orElse("unknown");
        Counter counter = conflictsByTable.get(name);
        if (counter == null) {
            counter = conflictsByTable.computeIfAbsent(
                    name,
                    t -> Counter.builder("jconvex.occ.conflicts")
                            .description("Commits refused by OCC validation, by the table of the conflicting write")
                            .tag("table", t)
                            .register(registry));
        }
        counter.increment();
    }

    void retry() {
        retries.increment();
    }

    void batch(int transactions, long writeNanos) {
        batchSize.record(transactions);
        write.record(writeNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void write(long nanos) {
        write.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void durabilityWait(long nanos) {
        durabilityWait.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
