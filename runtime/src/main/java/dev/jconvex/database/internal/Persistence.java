package dev.jconvex.database.internal;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The persistence seam: what the committer, transactions and read sets need from a storage engine,
 * and nothing else. It plays the part of the {@code Persistence} / {@code PersistenceReader} pair
 * in Convex's backend: the database layer above it (snapshots' read sets, OCC validation, commit
 * timestamps, limits, the Convex query model) is engine-independent, and an engine only stores
 * documents and index entries and answers index range scans on a consistent state.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li><b>One writer.</b> {@link #write}, {@link #createTable} and {@link #reconcileIndexes} are
 *       called by the committer only, one at a time, in increasing timestamp order.
 *   <li><b>Visibility.</b> Once {@link #write} returns, every later {@link #snapshot} sees the
 *       commit, and the commit survives a crash of the process.
 *   <li><b>Durability beyond that</b> (power loss) is {@link #awaitDurable}: it returns once every
 *       commit up to the given timestamp is forced to stable storage, waking each waiter alone.
 *   <li><b>Snapshots</b> are immutable views of the state after one commit. Opening one never waits
 *       for the writer (no lock shared with a commit in progress); a snapshot stays valid however
 *       many commits follow, until it is closed.
 * </ul>
 *
 * <p>Index keys are the order-preserving byte strings of {@link IndexInfo#key}; an engine compares
 * them as unsigned bytes and never computes one itself: each {@link Commit} carries the before and
 * after key of every index entry it changes (its {@link WriteSet}), so an engine can log a commit
 * and replay it without the schema.
 *
 * <p><b>Shared engines.</b> An engine that several processes write at once ({@link #shared()}: the
 * PostgreSQL engine) cannot be given a timestamp by one process's committer, nor validated against
 * one process's memory. It answers the four methods after {@link #shared()} instead of {@link
 * #write}: {@link #commit} validates a transaction's read set against every commit after its begin
 * timestamp, whichever process made it, picks the timestamp and stores the commit, all inside the
 * engine's own serialization point; {@link #tail} hands every commit, this process's own included,
 * to the committer in timestamp order; {@link #beginExclusive} holds that serialization point for a
 * mutation's last attempt. For a shared engine "one writer" above means one writer per process, and
 * snapshots see commits of every process. The embedded engine keeps the defaults and never sees
 * these calls.
 */
interface Persistence extends AutoCloseable {

    /** The tables stored: name → table number. */
    Map<String, Integer> tables();

    /** The timestamp of the last commit stored (0 for a new database). */
    long lastTimestamp();

    /** Creates the storage of a new, empty table; survives a process crash once it returns. */
    void createTable(TableInfo table);

    /**
     * Brings a stored table's indexes in line with {@code table.indexes()}: builds the ones it lacks
     * from the table's documents and drops those it no longer has. Called while the database opens.
     */
    void reconcileIndexes(TableInfo table);

    /** A consistent, immutable view of the state after the last commit; close it when done. */
    Snapshot snapshot();

    /** Stores one validated commit (see the class contract). */
    void write(Commit commit);

    /**
     * Stores validated commits in order, as {@link #write} each would; an engine may make them
     * visible together and log them with one write (group commit).
     */
    default void writeAll(java.util.List<Commit> commits) {
        for (Commit c : commits) {
            write(c);
        }
    }

    /** Blocks until every commit up to {@code ts} is forced to stable storage (power-loss safe). */
    void awaitDurable(long ts);

    /** The idempotency record stored under {@code key}, in the latest state. */
    Optional<Database.MutationRecord> mutation(String key);

    @Override
    void close();

    /**
     * Checks that the engine can take commits now, for the health endpoint: returns, or throws
     * {@link DatabaseUnavailable} naming what is wrong. Blocks at most a few seconds.
     */
    void checkAvailable();

    /** Whether other processes write the same store; see "Shared engines" in the class note. */
    default boolean shared() {
        return false;
    }

    /**
     * Shared engines only: inside the engine's serialization point, checks {@code reads} against the
     * write set of every commit after {@code beginTs} and the idempotency keys of {@code records}
     * against those stored, picks the timestamp {@code max(last + 1, clockNanos)} and stores the
     * commit. Returns the timestamp; once it returns the commit is durable and visible to every
     * process's later snapshots.
     *
     * @throws Committer.Conflict when a commit after {@code beginTs} wrote what {@code reads} read,
     *     or one of the idempotency keys is already stored
     */
    default long commit(
            long beginTs,
            ReadSet reads,
            java.util.List<DocumentWrite> writes,
            WriteSet writeSet,
            Map<String, byte[]> records,
            long clockNanos)
            throws Committer.Conflict {
        throw new UnsupportedOperationException("not a shared engine");
    }

    /**
     * Shared engines only: from now on, hands {@code sink} every commit with a timestamp above
     * {@code afterTs}, from any process, once each, in timestamp order, on one thread of the engine.
     */
    default void tail(long afterTs, CommitListener sink) {
        throw new UnsupportedOperationException("not a shared engine");
    }

    /**
     * Shared engines only: holds the engine's serialization point for the calling thread until
     * {@link #endExclusive}, so that no process commits meanwhile; {@link #snapshot} and {@link
     * #commit} on this thread go through it.
     */
    default void beginExclusive() {}

    /** Ends {@link #beginExclusive}. */
    default void endExclusive() {}

    /**
     * Thrown by a shared engine's {@link #createTable} when another process took the table's name or
     * number first; the catalog looks at the engine's tables again and retries.
     */
    final class TableClaimed extends RuntimeException {
        TableClaimed(String message) {
            super(message);
        }
    }

    /** One validated commit: its timestamp, its document writes with their index keys, its records. */
    record Commit(long ts, java.util.List<DocumentWrite> writes, WriteSet writeSet, Map<String, byte[]> records) {}

    /** One stored row of an index scan: its key in the scanned index and the document. */
    record Row(byte[] key, StoredDocument doc) {}

    /** An immutable view of the database after one commit. Used by one thread at a time. */
    interface Snapshot extends AutoCloseable {

        /** The timestamp of the last commit this view sees. */
        long ts();

        /** The document {@code id} of {@code table}, if it exists in this view. */
        Optional<StoredDocument> get(TableInfo table, String id);

        /**
         * The rows of {@code index} with keys in [lo, hi) ({@code hi == null}: unbounded), in key
         * order (reversed when {@code desc}), read lazily.
         */
        Iterator<Row> scan(TableInfo table, IndexInfo index, byte[] lo, byte @Nullable [] hi, boolean desc);

        @Override
        void close();
    }
}
