package dev.jconvex.database;

/**
 * A query's view of the database: one consistent snapshot whose {@link #ts()} is exactly the last
 * commit it sees. Queries never conflict. Close it to return its connection; {@link #readSet()}
 * stays valid after closing, for live queries. Not thread-safe.
 */
public final class ReadTransaction extends TransactionBase implements AutoCloseable {

    ReadTransaction(Database db, Committer.Snapshot snapshot) {
        super(db, snapshot);
    }

    /**
     * Lets several queries share this snapshot, each with its own read set and read limits (a sync
     * query set, {@code /api/query_batch}): returns what was read since the previous call (or the
     * start), then starts a fresh read set and fresh §7 read counters.
     */
    public ReadSet takeReadSet() {
        ReadSet read = readSet();
        resetReads();
        return read;
    }

    @Override
    public void close() {
        closeSnapshot();
    }
}
