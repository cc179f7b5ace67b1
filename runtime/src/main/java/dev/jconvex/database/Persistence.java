package dev.jconvex.database;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

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
        Iterator<Row> scan(TableInfo table, IndexInfo index, byte[] lo, byte[] hi, boolean desc);

        @Override
        void close();
    }
}
