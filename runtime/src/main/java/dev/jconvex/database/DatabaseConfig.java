package dev.jconvex.database;

import dev.jconvex.database.internal.PgUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link Database} stores data and runs transactions. Build with {@link #inMemory()},
 * {@link #dataDirectory(Path)} or {@link #postgresql(String)}, adjust with the {@link Builder}; every knob has a documented default.
 *
 * @param dataDirectory where the store file {@code jconvex-store.mv} and its write-ahead log live;
 *     empty means in-memory
 * @param durability what an acknowledged mutation survives (file mode only)
 * @param limits transaction limits (spec §7)
 * @param occMaxRetries re-executions after an OCC conflict (spec §8: 4, so 5 attempts)
 * @param occBackoffBase first backoff before a retry, doubled each retry, with full jitter. Convex
 *     uses 100 ms; the default here is 2 ms because conflicts are detected in-process within
 *     microseconds, so a long pause only lowers throughput.
 * @param occBackoffMax the backoff cap (Convex: 2 s; default here 100 ms)
 * @param exclusiveLastAttempt when true (the default) the last attempt runs while holding the
 *     committer, so it cannot conflict and every mutation eventually commits; when false the last
 *     conflict fails with Convex's OCC error, as Convex does
 * @param schemaValidation whether writes are checked against the table's document validator
 * @param checkpointInterval how often the embedded engine stores its maps and trims its write-ahead
 *     log (default 60 s); with {@code checkpointBytes}, it bounds what a restart replays
 * @param checkpointBytes a checkpoint also starts when the current log segment reaches this size or
 *     the store's live size, whichever is larger, up to 512 MiB (default 32 MiB: a small database
 *     keeps a small log, a large one checkpoints less often)
 * @param postgresql the PostgreSQL engine's database, instead of the embedded engine: a URL
 *     {@code postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?currentSchema=S]} or a JDBC URL
 *     {@code jdbc:postgresql://...}. Several processes may open the same one and act as one
 *     deployment (docs/postgres.md). Empty (the default): the embedded engine
 * @param versionRetention the PostgreSQL engine only: how long versions superseded by later commits,
 *     and the commit log, are kept (default 5 min). A transaction may read for half of it (a longer
 *     one fails); a mutation whose snapshot is older than what is kept of the log retries. Every
 *     node of a deployment should use the same value
 */
public record DatabaseConfig(
        Optional<Path> dataDirectory,
        Durability durability,
        TransactionLimits limits,
        int occMaxRetries,
        Duration occBackoffBase,
        Duration occBackoffMax,
        boolean exclusiveLastAttempt,
        boolean schemaValidation,
        Duration checkpointInterval,
        long checkpointBytes,
        Optional<String> postgresql,
        Duration versionRetention) {

    public DatabaseConfig {
        Objects.requireNonNull(postgresql, "postgresql");
        Objects.requireNonNull(versionRetention, "versionRetention");
        if (versionRetention.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("versionRetention must be at least 100 ms");
        }
        if (postgresql.isPresent()) {
            if (dataDirectory.isPresent()) {
                throw new IllegalArgumentException("a data directory and a PostgreSQL database exclude each other");
            }
            PgUrl.parse(postgresql.get()); // a bad URL fails here, with what is wrong
        }
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        if (checkpointInterval.isNegative() || checkpointInterval.isZero() || checkpointBytes <= 0) {
            throw new IllegalArgumentException("checkpointInterval and checkpointBytes must be positive");
        }
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(occBackoffBase, "occBackoffBase");
        Objects.requireNonNull(occBackoffMax, "occBackoffMax");
        if (occMaxRetries < 0) {
            throw new IllegalArgumentException("occMaxRetries must be >= 0");
        }
        if (occBackoffBase.isNegative() || occBackoffMax.compareTo(occBackoffBase) < 0) {
            throw new IllegalArgumentException("need 0 <= occBackoffBase <= occBackoffMax");
        }
    }

    /**
     * The embedded engine checkpoints at least this often (the log bounds what a restart replays).
     * Rare on purpose: a checkpoint writes every page changed since the last one, so the rarer they
     * are, the more writes each page absorbs (docs/storage.md).
     */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(60);

    /**
     * The embedded engine checkpoints once its log has grown by this many bytes, or by the store's
     * live size when that is larger (up to 512 MiB). 32 MiB: with checkpoints a minute apart, a
     * small busy database's log would otherwise grow past what its directory may take (store file
     * and log within three times the live data plus 64 MB).
     */
    public static final long DEFAULT_CHECKPOINT_BYTES = 32L << 20;

    /** A builder for a database that lives in memory only (lost on close). */
    public static Builder inMemory() {
        return new Builder(Optional.empty());
    }

    /** A builder for a database stored under {@code directory} (created if missing). */
    public static Builder dataDirectory(Path directory) {
        return new Builder(Optional.of(directory));
    }

    /**
     * A builder for a database stored in PostgreSQL at {@code url} (see the {@code postgresql}
     * component); its tables are created on first use.
     */
    public static Builder postgresql(String url) {
        Builder b = new Builder(Optional.empty());
        b.postgresql = Optional.of(Objects.requireNonNull(url, "url"));
        return b;
    }

    /** A copy as a builder. */
    public Builder toBuilder() {
        Builder b = new Builder(dataDirectory);
        b.postgresql = postgresql;
        b.versionRetention = versionRetention;
        b.durability = durability;
        b.limits = limits;
        b.occMaxRetries = occMaxRetries;
        b.occBackoffBase = occBackoffBase;
        b.occBackoffMax = occBackoffMax;
        b.exclusiveLastAttempt = exclusiveLastAttempt;
        b.schemaValidation = schemaValidation;
        b.checkpointInterval = checkpointInterval;
        b.checkpointBytes = checkpointBytes;
        return b;
    }

    /** Builds a {@link DatabaseConfig}; see the record's components for the defaults. */
    public static final class Builder {
        private final Optional<Path> dataDirectory;
        private Durability durability = Durability.PROCESS_CRASH;
        private TransactionLimits limits = TransactionLimits.DEFAULTS;
        private int occMaxRetries = 4;
        private Duration occBackoffBase = Duration.ofMillis(2);
        private Duration occBackoffMax = Duration.ofMillis(100);
        private boolean exclusiveLastAttempt = true;
        private boolean schemaValidation = true;
        private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
        private long checkpointBytes = DEFAULT_CHECKPOINT_BYTES;
        private Optional<String> postgresql = Optional.empty();
        private Duration versionRetention = Duration.ofMinutes(5);

        private Builder(Optional<Path> dataDirectory) {
            this.dataDirectory = dataDirectory;
        }

        public Builder durability(Durability durability) {
            this.durability = durability;
            return this;
        }

        public Builder limits(TransactionLimits limits) {
            this.limits = limits;
            return this;
        }

        public Builder occMaxRetries(int retries) {
            this.occMaxRetries = retries;
            return this;
        }

        public Builder occBackoff(Duration base, Duration max) {
            this.occBackoffBase = base;
            this.occBackoffMax = max;
            return this;
        }

        public Builder exclusiveLastAttempt(boolean enabled) {
            this.exclusiveLastAttempt = enabled;
            return this;
        }

        public Builder schemaValidation(boolean enabled) {
            this.schemaValidation = enabled;
            return this;
        }

        public Builder checkpoint(Duration interval, long bytes) {
            this.checkpointInterval = interval;
            this.checkpointBytes = bytes;
            return this;
        }

        public Builder versionRetention(Duration retention) {
            this.versionRetention = retention;
            return this;
        }

        public DatabaseConfig build() {
            return new DatabaseConfig(
                    dataDirectory,
                    durability,
                    limits,
                    occMaxRetries,
                    occBackoffBase,
                    occBackoffMax,
                    exclusiveLastAttempt,
                    schemaValidation,
                    checkpointInterval,
                    checkpointBytes,
                    postgresql,
                    versionRetention);
        }
    }
}
