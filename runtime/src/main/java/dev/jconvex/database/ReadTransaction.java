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

    @Override
    public void close() {
        closeSnapshot();
    }
}
