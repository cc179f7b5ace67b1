package dev.jconvex.database.internal;

import dev.jconvex.database.DatabaseConfig;
import dev.jconvex.protocol.Timestamp;
import dev.jconvex.schema.TableDefinition;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The storage and transaction engine: Convex tables in an embedded H2 database, queries on
 * consistent snapshots and serializable mutations (spec values-and-validation §3, §6, §7, §8).
 *
 * <pre>{@code
 * try (Database db = Database.open(DatabaseConfig.dataDirectory(dir).build(), tables, clock, random)) {
 *     String id = db.mutate(tx -> tx.insert("messages", doc)).value();
 *     try (ReadTransaction q = db.beginRead()) { q.get(id); }
 * }
 * }</pre>
 *
 * <p>Thread-safe. How mutations become serializable and durable is described in {@link Committer}.
 *
 * <p>Known differences from Convex: a table created implicitly by an insert (§3.3) is created at
 * once and stays (empty) if that mutation then fails; the OCC error omits the "A call to ..."
 * sentence, as the engine does not know which function wrote. A {@code mutate} body must not wait
 * for another thread's mutation: its last attempt may hold the committer exclusively.
 */
public final class Database implements AutoCloseable {

    private final DatabaseConfig config;
    private final Persistence storage;
    private final Catalog catalog;
    private final Committer committer;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final DatabaseMetrics metrics;

    private Database(
            DatabaseConfig config,
            Persistence storage,
            Catalog catalog,
            Committer committer,
            InstantSource clock,
            RandomGenerator random,
            DatabaseMetrics metrics) {
        this.config = config;
        this.storage = storage;
        this.catalog = catalog;
        this.committer = committer;
        this.clock = clock;
        this.random = random;
        this.metrics = metrics;
    }

    /**
     * Opens (or creates) a database. Tables of the schema are created with their indexes; on an
     * existing database, indexes added to the schema are built and removed ones dropped.
     *
     * @param clock the source of commit timestamps and of {@code _creationTime}
     * @param random the source of document ids; shared by all transactions under a lock
     */
    public static Database open(
            DatabaseConfig config, List<TableDefinition> tables, InstantSource clock, RandomGenerator random) {
        return open(config, tables, clock, random, new CompositeMeterRegistry());
    }

    /**
     * Opens (or creates) a database as {@link #open(DatabaseConfig, List, InstantSource,
     * RandomGenerator)} does, with its meters (OCC conflicts and retries, commit batches, write and
     * durability times: see {@link DatabaseMetrics}) in {@code meters}.
     */
    public static Database open(
            DatabaseConfig config,
            List<TableDefinition> tables,
            InstantSource clock,
            RandomGenerator random,
            MeterRegistry meters) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(meters, "meters");
        DatabaseMetrics metrics = new DatabaseMetrics(meters);
        Persistence storage = openEngine(config);
        try {
            Catalog catalog = new Catalog(storage, tables);
            Committer committer = new Committer(storage, clock, metrics);
            return new Database(config, storage, catalog, committer, clock, random, metrics);
        } catch (RuntimeException e) {
            storage.close();
            throw new IllegalStateException("cannot open the database: " + e.getMessage(), e);
        }
    }

    /**
     * The embedded engine on the configured directory (or in memory). A data directory written by
     * the first engine (H2's SQL layer, {@code jconvex.mv.db}) is migrated first: see {@link LegacyH2Import}.
     */
    private static Persistence openEngine(DatabaseConfig config) {
        if (config.postgresql().isPresent()) {
            return PgPersistence.open(
                    PgUrl.parse(config.postgresql().get()), config.durability(), config.versionRetention());
        }
        if (config.dataDirectory().isPresent()) {
            LegacyH2Import.migrateIfPresent(
                    config.dataDirectory().get(), config.durability(), MvPersistence.Tuning.of(config));
        }
        return MvPersistence.open(config.dataDirectory(), config.durability(), MvPersistence.Tuning.of(config));
    }

    /** Opens a consistent snapshot for a query; close it when done. */
    public ReadTransaction beginRead() {
        return new ReadTransaction(this, committer.beginRead(catalog::version));
    }

    /**
     * Runs {@code body} as one serializable transaction and commits it; returns once the commit is
     * durable. On an OCC conflict the body runs again on a fresh snapshot (spec §8: up to
     * {@link DatabaseConfig#occMaxRetries()} retries with exponential backoff and jitter), so it must
     * have no side effects outside the transaction. If {@code body} throws, nothing is written and
     * the exception propagates unchanged.
     *
     * @throws dev.jconvex.errors.ConvexException {@code OptimisticConcurrencyControlFailure} when
     *     every attempt conflicted (only with {@link DatabaseConfig#exclusiveLastAttempt()} off)
     */
    public <T> Committed<T> mutate(Function<WriteTransaction, T> body) {
        Objects.requireNonNull(body, "body");
        int retries = config.occMaxRetries();
        for (int attempt = 0; ; attempt++) {
            boolean last = attempt == retries;
            boolean exclusive = last && config.exclusiveLastAttempt();
            if (exclusive) {
                committer.lockExclusive();
            }
            Committed<T> committed = null;
            try {
                committed = attempt(body);
            } catch (Committer.Conflict conflict) {
                metrics.conflict(conflict.table);
                if (last) {
                    throw Errors.occ(conflict.table);
                }
                metrics.retry();
                backoff(attempt);
            } finally {
                if (exclusive) {
                    committer.unlockExclusive();
                }
            }
            if (committed != null) {
                // outside the exclusive lock; a commit that wrote nothing may have read (or replayed)
                // the latest commits, so it waits for those
                long waitStart = System.nanoTime();
                committer.awaitDurable(Math.max(committed.ts().nanos(), committer.lastTs()));
                metrics.durabilityWait(System.nanoTime() - waitStart);
                return committed;
            }
        }
    }

    /** One attempt: run the body on a fresh snapshot and commit; durability is awaited by the caller. */
    private <T> Committed<T> attempt(Function<WriteTransaction, T> body) throws Committer.Conflict {
        Committer.Snapshot snapshot = committer.beginWrite(catalog::version);
        WriteTransaction tx;
        synchronized (random) {
            tx = new WriteTransaction(this, snapshot, Committer.nanos(clock), new LockedRandom(random));
        }
        long ts;
        T value;
        try {
            value = body.apply(tx);
            ts = committer.commit(snapshot.ts(), tx.readSet(), tx.writes(), tx.mutationRecords());
        } catch (RuntimeException e) {
            // what the body saw must be as durable as an acknowledged commit before its error is shown
            committer.awaitDurable(snapshot.ts());
            throw e;
        } finally {
            tx.closeSnapshot();
        }
        return new Committed<>(value, new Timestamp(ts));
    }

    private void backoff(int attempt) {
        long base = config.occBackoffBase().toNanos();
        long max = config.occBackoffMax().toNanos();
        long cap = Math.min(max, base << Math.min(attempt, 30));
        if (cap > 0) {
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(cap + 1));
        }
    }

    /**
     * Checks that the storage engine can take commits now (the health endpoint's probe): returns, or
     * throws {@link DatabaseUnavailable} naming the engine and what is wrong (PostgreSQL unreachable,
     * the database closed). With PostgreSQL it borrows a connection, so it may block a few seconds.
     */
    public void checkAvailable() {
        storage.checkAvailable();
    }

    /** The timestamp of the last commit. */
    public Timestamp latestTimestamp() {
        return new Timestamp(committer.lastTs());
    }

    /** Calls {@code listener} after each durable commit, in commit order, on the flusher thread. */
    public void addCommitListener(CommitListener listener) {
        committer.addListener(Objects.requireNonNull(listener, "listener"));
    }

    /** The name of the table with this number, if it exists (for {@code v.id} validation). */
    public Optional<String> tableName(int tableNumber) {
        return catalog.byNumber(tableNumber).map(TableInfo::name);
    }

    /** The names of the user tables (system tables, named {@code _…}, left out), sorted. */
    public List<String> tableNames() {
        return catalog.names().stream()
                .filter(name -> !name.startsWith("_"))
                .sorted()
                .toList();
    }

    /**
     * Creates an empty table, with table number {@code preferredNumber} if that number is free (so
     * that imported ids, which encode it, stay valid), else the next free one. An existing table is
     * left as it is. Returns the table's number.
     */
    public int createTable(String name, java.util.OptionalInt preferredNumber) {
        committer.commitLock.lock();
        try {
            return catalog.create(name, preferredNumber).number();
        } finally {
            committer.commitLock.unlock();
        }
    }

    /** The table number of a table, if it exists. */
    public Optional<Integer> tableNumber(String tableName) {
        return catalog.byName(tableName).map(TableInfo::number);
    }

    /**
     * An idempotency record: the bytes given to {@link WriteTransaction#recordMutation} and the
     * timestamp of the commit that stored them (what a replayed mutation reports).
     */
    public record MutationRecord(byte[] outcome, Timestamp ts) {}

    /** The record stored under {@code key} with its commit timestamp, if committed. */
    public Optional<MutationRecord> findMutation(String key) {
        return storage.mutation(key);
    }

    /** The configuration this database was opened with. */
    public DatabaseConfig config() {
        return config;
    }

    @Override
    public void close() {
        committer.close();
        storage.close();
    }

    // ---- engine access

    Catalog catalog() {
        return catalog;
    }

    Committer committer() {
        return committer;
    }

    Persistence storage() {
        return storage;
    }

    /** The table to insert into, created (and committed) at once if it does not exist (§3.3). */
    TableInfo tableForInsert(String name) {
        Optional<TableInfo> existing = catalog.byName(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        committer.commitLock.lock();
        try {
            return catalog.create(name);
        } finally {
            committer.commitLock.unlock();
        }
    }

    /** A view of the shared generator that draws under its lock. */
    private record LockedRandom(RandomGenerator delegate) implements RandomGenerator {
        @Override
        public long nextLong() {
            synchronized (delegate) {
                return delegate.nextLong();
            }
        }

        @Override
        public void nextBytes(byte[] bytes) {
            synchronized (delegate) {
                delegate.nextBytes(bytes);
            }
        }
    }
}
